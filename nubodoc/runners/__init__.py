"""One runner per language, behind one interface (see :mod:`nubodoc.runners.base`)."""

from nubodoc.runners.base import Runner, RunResult, SnippetTimeout
from nubodoc.runners.mc import McRunner
from nubodoc.runners.python import PythonRunner
from nubodoc.runners.r import RRunner

RUNNERS: dict[str, Runner] = {
    "python": PythonRunner(),
    "r": RRunner(),
    "mc": McRunner(),
}

__all__ = ["RUNNERS", "RunResult", "Runner", "SnippetTimeout"]
