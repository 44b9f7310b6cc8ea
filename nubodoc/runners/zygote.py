"""The preloaded Python interpreter: imports the usual S3 modules once, then forks per run.

Started by :class:`nubodoc.runners.fork_server.ForkServer` as
``python -X utf8 zygote.py <socket fd> <home> <module>...`` (the flags of a fresh
run), with a neutral environment and *home*, an empty folder, as ``HOME``; it
removes that folder when it ends, even if the harness was killed. It never runs a snippet itself:
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
  frame (status 1); ``sys.exit(code)`` gives Python's status and message;
- at the end, as at an interpreter's exit: non-daemon threads are joined,
  ``atexit`` functions run, the script's objects are freed (finalizers run) and
  the output is flushed.

What differs, and cannot be reset: modules already imported do not run their
import-time code again (a warning they print on import is printed once, by the
zygote), their own objects are not torn down at exit, ``atexit`` functions they
registered run even if the script did not import them, and every child shares
the zygote's string-hash seed. ``tests/test_fork_server.py`` compares both modes.

Only the standard library is imported here before the preloaded modules.
"""

import atexit
import gc
import importlib
import json
import os
import runpy
import shutil
import socket
import sys
import tempfile
import threading

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
    """Run *script* as ``__main__`` and exit as ``python script`` would, with its status."""
    namespace = {}
    try:
        namespace = runpy.run_path(script, run_name="__main__")
        status = 0
    except SystemExit as exc:
        status = _system_exit_status(exc.code)
    except BaseException as exc:  # noqa: BLE001 - printed as Python prints it, then status 1
        trace = exc.__traceback__
        while trace is not None and trace.tb_frame.f_code.co_filename != script:
            trace = trace.tb_next
        if trace is not None:
            namespace = trace.tb_frame.f_globals
        sys.excepthook(type(exc), exc.with_traceback(trace), trace)
        del exc, trace
        status = 1
    _shut_down(namespace)
    os._exit(status)


def _system_exit_status(code):
    """The status ``sys.exit(code)`` gives; a message is printed to stderr, as Python does."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _shut_down(namespace):
    """What the interpreter does at exit, for the script: join its threads, run ``atexit``,
    free its objects (their finalizers run), flush the output.

    The preloaded modules are not torn down: with pandas and pyarrow loaded that took
    about 0.12 s per run, and none of their objects belongs to the script.
    """
    current = threading.current_thread()
    while True:
        waiting = [thread for thread in threading.enumerate()
                   if thread is not current and not thread.daemon and thread.is_alive()]
        if not waiting:
            break
        for thread in waiting:
            thread.join()
    atexit._run_exitfuncs()
    namespace.clear()
    gc.collect()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            continue


def _serve(channel):
    """Fork a child per request; answer its pid, then its exit status, until the harness
    hangs up. The child never returns: it runs the script and exits."""
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(channel, MAX_REQUEST, 2)
        except OSError:
            return
        if not message:
            return
        request = json.loads(message)
        pid = os.fork()
        if pid == 0:
            channel.close()
            _run_script(_become_the_run(request, *fds))
        for fd in fds:
            os.close(fd)
        channel.send(json.dumps({"pid": pid}).encode())
        _, status = os.waitpid(pid, 0)
        channel.send(json.dumps({"pid": pid, "status": os.waitstatus_to_exitcode(status)})
                     .encode())


def main():
    """Preload, say ready, serve until the harness hangs up; then remove the home folder."""
    channel = socket.socket(fileno=int(sys.argv[1]))
    try:
        _preload(sys.argv[3:])
        gc.freeze()
        sys.stdout.flush()
        sys.stderr.flush()
        channel.send(json.dumps({"ready": os.getpid()}).encode())
        _serve(channel)
    finally:
        shutil.rmtree(sys.argv[2], ignore_errors=True)


if __name__ == "__main__":
    main()
