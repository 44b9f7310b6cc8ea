"""The pytest plugin leaves alone the sessions that do not use it (issue 18, part 4)."""

from __future__ import annotations

PROBE = '''
import gc
import signal


def test_session_state():
    handler = signal.getsignal(signal.SIGTERM)
    print("SIGTERM default:", handler is signal.SIG_DFL)
    print("gc frozen objects:", gc.get_freeze_count())
'''


def test_a_session_without_snippets_keeps_the_default_sigterm_and_gc(pytester):
    pytester.makepyfile(test_unrelated=PROBE)
    result = pytester.runpytest_subprocess("-s", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*SIGTERM default: True*", "*gc frozen objects: 0*"])


def test_a_session_naming_a_target_turns_sigterm_into_an_interruption(pytester):
    pytester.makepyfile(test_unrelated=PROBE)
    result = pytester.runpytest_subprocess("-s", "-p", "no:cacheprovider",
                                           "--s3-target", "sandbox")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*SIGTERM default: False*"])



def test_loading_the_plugin_imports_no_server(pytester):
    # every pytest session of the environment loads the plugin: no target's server with it
    pytester.makepyfile(test_unrelated='''
import sys


def test_modules():
    print("loaded servers:", sorted(name for name in sys.modules
                                    if name.split(".")[0] in {"moto", "werkzeug"}))
''')
    result = pytester.runpytest_subprocess("-s", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*loaded servers: []*"])
