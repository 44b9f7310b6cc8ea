"""One runner per variant (a language and a tool), behind one interface (:mod:`.base`)."""

from nubodoc.runners.base import Runner, RunResult, SnippetTimeout
from nubodoc.runners.mc import McRunner
from nubodoc.runners.python import DuckDbRunner, PythonRunner
from nubodoc.runners.r import RRunner
from nubodoc.runners.shell_tool import ShellToolRunner
from nubodoc.runners.spark import SparkRunner

#: Keyed like :data:`nubodoc.catalogue.task.VARIANT_BY_KEY`: ``python``, ``python-polars``,
#: ``mc-aws``…
RUNNERS: dict[str, Runner] = {
    "r": RRunner(),
    "r-arrow": RRunner("r-arrow", "arrow"),
    "r-paws": RRunner("r-paws", "paws"),
    "python": PythonRunner(),
    "python-polars": PythonRunner("python-polars", ("polars",), ("polars",)),
    "python-pyarrow": PythonRunner("python-pyarrow", ("pyarrow",), ("pyarrow",)),
    "python-duckdb": DuckDbRunner(),
    "python-boto3": PythonRunner("python-boto3", ("boto3",), ("boto3",)),
    "python-spark": SparkRunner(),
    "mc": McRunner(),
    "mc-rclone": ShellToolRunner("mc-rclone", "rclone", "pip install 'nubodoc[clients]'",
                                 "version"),
    "mc-aws": ShellToolRunner("mc-aws", "aws", "awscli, in its own virtual environment: "
                              "see noxfile.py"),
}

__all__ = ["RUNNERS", "RunResult", "Runner", "SnippetTimeout"]
