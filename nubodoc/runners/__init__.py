"""One runner per variant (a language and a tool), behind one interface (:mod:`.base`).

Each module of this package declares the clients it runs with
:func:`~nubodoc.runners.registry.add_client`; importing the package imports every
module, so a new client is one module (plus its skeleton), with no list to edit.
"""

import importlib
import pkgutil

from nubodoc.runners.base import Runner, RunResult, SnippetTimeout
from nubodoc.runners.registry import RUNNERS, add_client

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["RUNNERS", "RunResult", "Runner", "SnippetTimeout", "add_client"]
