"""The Sphinx extension's layout: one package, one setup wiring its components, imports going
down, no private API of Sphinx or of the libraries it builds on, no state on ``app``."""

from __future__ import annotations

import ast
import importlib
import inspect
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from .conftest import REPO

PACKAGE = REPO / "nubodoc"
EXTENSION = PACKAGE / "sphinx"
#: Libraries whose private names (a part starting with ``_``) the extension must not use.
LIBRARIES = ("sphinx", "sphinx_design", "sphinx_copybutton", "enchant", "sphinxcontrib",
             "myst_parser", "myst_nb", "docutils")
#: What Sphinx gives on ``app`` that an extension may set: the build's exit status.
SPHINX_APP_ATTRIBUTES = {"statuscode"}


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def extension_modules() -> dict[str, ast.Module]:
    return {module_name(path): ast.parse(path.read_text(encoding="utf-8"), str(path))
            for path in sorted(EXTENSION.glob("*.py"))}


def imported(tree: ast.Module) -> list[tuple[str, list[str], ast.AST]]:
    """(module, names, node) of every import in *tree*, at any depth."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, [alias.name for alias in node.names], node))
    return found


def test_the_extension_is_one_package_wired_by_one_setup():
    assert sorted(path.name for path in PACKAGE.glob("sphinx_*.py")) == []
    components = [name for name in extension_modules() if name != "nubodoc.sphinx"]
    assert len(components) >= 8, components
    package = importlib.import_module("nubodoc.sphinx")
    wiring = inspect.getsource(package.setup)
    for name in components:
        component = name.rsplit(".", 1)[1]
        module = importlib.import_module(name)
        if component == "typography":
            continue
        assert callable(getattr(module, f"setup_{component}", None)), name
        assert not hasattr(module, "setup"), f"{name}: only the package has a setup()"
        assert f"setup_{component}(app)" in wiring, component


def test_imports_go_down_and_make_no_cycle():
    modules = extension_modules()
    graph: dict[str, set[str]] = {}
    for name, tree in modules.items():
        graph[name] = {module for module, _names, _node in imported(tree) if module in modules}
        lazy = [module for module, _names, node in imported(tree)
                if module.startswith("nubodoc") and node.col_offset > 0]
        assert lazy == [], f"{name} imports {lazy} inside a function"
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise AssertionError(f"import cycle: {exc.args[1]}") from None
    assert order[-1] == "nubodoc.sphinx"
    below = [path for path in PACKAGE.rglob("*.py") if EXTENSION not in path.parents]
    upward = [(module_name(path), module) for path in below
              for module, _names, _node in imported(ast.parse(path.read_text(encoding="utf-8")))
              if module == "nubodoc.sphinx" or module.startswith("nubodoc.sphinx.")]
    assert upward == [], "the rest of the kit does not import the Sphinx extension"


def test_no_private_api_and_no_state_on_app():
    found = []
    for name, tree in extension_modules().items():
        for module, names, node in imported(tree):
            if module.split(".")[0] in LIBRARIES and any(
                    part.startswith("_") for part in [*module.split("."), *names]):
                found.append((name, node.lineno, f"private import {module} {names}"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                if node.attr in ("_split", "_skip", "create_component"):
                    found.append((name, node.lineno, node.attr))
                if node.attr == "app" and isinstance(node.value, (ast.Name, ast.Attribute)):
                    found.append((name, node.lineno, "env.app"))
            if isinstance(node, ast.FunctionDef) and node.name in ("_split", "_skip"):
                found.append((name, node.lineno, f"override of enchant's {node.name}"))
            targets = (node.targets if isinstance(node, ast.Assign)
                       else [node.target] if isinstance(node, ast.AnnAssign) else [])
            for target in targets:
                if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                        and target.value.id == "app"
                        and target.attr not in SPHINX_APP_ATTRIBUTES):
                    found.append((name, node.lineno, f"app.{target.attr} assigned"))
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "setattr" and isinstance(node.args[0], ast.Name)
                    and node.args[0].id == "app"):
                found.append((name, node.lineno, "setattr(app, …)"))
    assert found == []


def test_conf_py_names_the_package():
    namespace: dict = {"__file__": str(REPO / "conf.py")}
    exec(compile((REPO / "conf.py").read_text(encoding="utf-8"), "conf.py", "exec"), namespace)
    ours = [name for name in namespace["extensions"] if name.startswith("nubodoc")]
    assert ours == ["nubodoc.sphinx"]
