"""RStudio's side of rstudioapi's job protocol: what the reader types, given to an R file.

A reader's R snippet reads fresh credentials with ``rstudioapi::askForPassword()``, a
dialog of RStudio. ``Rscript`` has no dialog, but rstudioapi has a path of its own for
code that RStudio runs as a background job (``isJob()``, then ``callRemote()``; read
them with ``Rscript -e 'rstudioapi:::callRemote'``): the call is saved, with a shared
secret, as an RDS file named by ``RSTUDIOAPI_IPC_REQUESTS_FILE``, and the answer is read
from ``RSTUDIOAPI_IPC_RESPONSE_FILE`` (an R error object is raised as an error).

:class:`DialogAnswerer` plays RStudio's side, in a folder of the run: it watches for a
request, checks its secret, answers each ``askForPassword`` with the next typed value
and refuses any other call with an R error. The value travels on a short ``Rscript``'s
standard input, never on a command line, and the answer is written next to the request
(then renamed into place, so that R never reads half a file).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import threading
from pathlib import Path

#: Seconds rstudioapi waits for an answer (``callRemote()``): an answer must come sooner.
ANSWER_TIMEOUT = 8
_POLL_SECONDS = 0.05

#: Reads the request (argument 1), the shared secret and the typed value (standard input,
#: a line each; no value line when none is left), writes the answer (argument 2) and
#: prints ``answered`` or ``refused: <reason>``.
_ANSWER_SCRIPT = r"""
paths <- commandArgs(TRUE)
given <- readLines(file("stdin"), warn = FALSE)
request <- tryCatch(readRDS(paths[1]), error = identity)
call <- if (is.list(request)) request$call else NULL
asks_password <- is.call(call) && length(call) >= 2 &&
  identical(call[[1]], quote(rstudioapi::callFun)) && identical(call[[2]], "askForPassword")
refusal <- if (inherits(request, "error") || !is.list(request)) {
  "unreadable request"
} else if (!identical(request$secret, given[1])) {
  "wrong shared secret"
} else if (!asks_password) {
  paste("only askForPassword is answered here, not", paste(deparse(call), collapse = " "))
} else if (length(given) < 2) {
  "no typed value left"
} else NULL
answer <- if (is.null(refusal)) given[2] else
  simpleError(paste("rstudioapi request refused by the test harness:", refusal))
written <- paste0(paths[2], ".part")
saveRDS(answer, written)
invisible(file.rename(written, paths[2]))
cat(if (is.null(refusal)) "answered" else paste("refused:", refusal), "\n")
"""


class DialogAnswerer:
    """Answers an R process's ``rstudioapi::askForPassword()`` calls with *typed* values,
    in order, from *folder* (created; the caller removes the run's folder)."""

    def __init__(self, folder: Path, typed: list[str]):
        self.folder = folder
        self.secret = secrets.token_hex(16)
        self._typed = list(typed)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True,
                                        name="nubodoc-rstudioapi-answerer")
        #: What each request got: ``answered`` or ``refused: <reason>``.
        self.answers: list[str] = []

    @property
    def request_file(self) -> Path:
        """Where rstudioapi writes its request."""
        return self.folder / "request.rds"

    @property
    def response_file(self) -> Path:
        """Where rstudioapi reads the answer."""
        return self.folder / "response.rds"

    def variables(self) -> dict[str, str]:
        """The variables that make rstudioapi's ``isJob()`` true and name the files."""
        return {"RSTUDIOAPI_IPC_REQUESTS_FILE": str(self.request_file),
                "RSTUDIOAPI_IPC_RESPONSE_FILE": str(self.response_file),
                "RSTUDIOAPI_IPC_SHARED_SECRET": self.secret}

    def __enter__(self) -> DialogAnswerer:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        """Answer each request as it appears, until stopped."""
        claimed = self.folder / "request-being-answered.rds"
        while not self._stop.is_set():
            try:
                os.replace(self.request_file, claimed)
            except FileNotFoundError:
                self._stop.wait(_POLL_SECONDS)
                continue
            self.answers.append(self._answer(claimed))
            claimed.unlink(missing_ok=True)

    def _answer(self, request: Path) -> str:
        """Write the answer to *request*; say what it was."""
        given = self.secret + "\n" + (self._typed[0] + "\n" if self._typed else "")
        try:
            answered = subprocess.run(
                ["Rscript", "--vanilla", "-e", _ANSWER_SCRIPT, str(request),
                 str(self.response_file)],
                input=given, capture_output=True, text=True, timeout=ANSWER_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            return f"refused: no answer written within {ANSWER_TIMEOUT} s"
        printed = answered.stdout.strip().splitlines()
        verdict = printed[-1].strip() if printed else f"refused: {answered.stderr.strip()}"
        if verdict == "answered":
            self._typed.pop(0)
        return verdict
