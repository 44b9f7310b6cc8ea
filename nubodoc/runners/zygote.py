"""The preloaded Python interpreter: imports the usual S3 modules once, then forks per run.

Started by :class:`nubodoc.runners.fork_server.ForkServer` as
``python -X utf8 zygote.py <socket fd> <module>...`` (the flags of a fresh run),
with a neutral environment and an empty ``HOME``. It never runs a snippet itself:
each request forks a child that becomes what ``python -X utf8 snippet.py`` would
be, as far as a program can tell:

- a new session (its own process group, killed whole on timeout);
- stdin on ``/dev/null``, stdout and stderr on the files the harness sent;
- the run's environment (``os.environ`` cleared and refilled), working folder,
  ``sys.argv`` and ``sys.path[0]`` (the script's folder);
- the script runs as ``__main__`` in a fresh namespace (:func:`runpy.run_path`):
  it sees only the names it imports itself; a missing import is a NameError and
  a module that is not installed a ModuleNotFoundError, as in a fresh interpreter;
- an uncaught exception is printed by ``sys.excepthook`` from the script's own
  frame, then the child exits with status 1; ``sys.exit`` and the interpreter's
  shutdown (non-daemon threads joined, ``atexit``, buffers flushed) are Python's own.

What differs, and cannot be reset: modules already imported do not run their
import-time code again (a warning they print on import is printed once, by the
zygote), and every child shares the zygote's string-hash seed.

Only the standard library is imported here before the preloaded modules.
"""

import importlib
import json
import os
import runpy
import socket
import sys
import tempfile

#: The largest request (JSON: script, folder, environment) the harness sends.
MAX_REQUEST = 1 << 20


def _preload(modules):
    """Import *modules*; one that fails is left for the snippet to fail on."""
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - any import error: the child will meet it again
            continue


def _reseed():
    """Random generators seeded at import would give every child the same numbers."""
    numpy_random = sys.modules.get("numpy.random")
    if numpy_random is not None:
        numpy_random.seed()


def _become_the_run(request, out_fd, err_fd):
    """In the child: take the run's session, files, environment, folder and arguments."""
    os.setsid()
    null = os.open(os.devnull, os.O_RDONLY)
    for source, target in ((null, 0), (out_fd, 1), (err_fd, 2)):
        os.dup2(source, target)
        os.close(source)
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    script = request["script"]
    sys.argv[:] = [script]
    sys.path[0] = os.path.dirname(os.path.realpath(script))
    tempfile.tempdir = None
    _reseed()
    return script


def _run_script(script):
    """Run *script* as ``__main__``; the exit status an uncaught exception gives."""
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - printed as Python prints it, then status 1
        trace = exc.__traceback__
        while trace is not None and trace.tb_frame.f_code.co_filename != script:
            trace = trace.tb_next
        sys.excepthook(type(exc), exc.with_traceback(trace), trace)
        return 1
    return 0


def _serve(channel):
    """Fork a child per request; answer its pid, then its exit status. Returns in the child."""
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(channel, MAX_REQUEST, 2)
        except (ConnectionError, OSError):
            return None
        if not message:
            return None
        request = json.loads(message)
        pid = os.fork()
        if pid == 0:
            channel.close()
            return _run_script(_become_the_run(request, *fds))
        for fd in fds:
            os.close(fd)
        channel.send(json.dumps({"pid": pid}).encode())
        _, status = os.waitpid(pid, 0)
        channel.send(json.dumps({"pid": pid, "status": os.waitstatus_to_exitcode(status)})
                     .encode())


def main():
    """Preload, say ready, serve; the child's exit status, or 0 when the harness hangs up."""
    channel = socket.socket(fileno=int(sys.argv[1]))
    _preload(sys.argv[2:])
    sys.stdout.flush()
    sys.stderr.flush()
    channel.send(json.dumps({"ready": os.getpid()}).encode())
    status = _serve(channel)
    return 0 if status is None else status


if __name__ == "__main__":
    sys.exit(main())
