"""The package's layout is its architecture: floors, no cycle, short modules, a true map."""

from __future__ import annotations

import ast
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "nubodoc"
MAP = REPO / "docs" / "maintenir" / "index.md"
MAX_LINES = 400

#: Lowest first: a module may import its own floor and those below, never one above.
#: Modules directly under nubodoc/ (the front ends: cli, pytest_plugin, the Sphinx
#: extension) are the top floor; nubodoc/__init__.py (the version) is the lowest.
FLOORS = ("core", "secrets", "catalogue", "platform", "targets", "runners", "results", "harness")
FRONT = len(FLOORS)
#: Imports allowed to break the rules: none. A future exception names its edge here, and
#: test_no_import_cycle says to remove it once the edge is gone.
TOLERATED_EDGES: set[tuple[str, str]] = set()


def _modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package (skeletons aside)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        if "skeletons" in parts:
            continue
        name = ".".join(parts).removesuffix(".__init__")
        found[name] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules *path* imports, anywhere in it (a function's imports too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in modules}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in modules:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
    return found


def floor(module: str) -> int:
    """The floor of *module*: its package's rank in FLOORS, the front ends' above them."""
    parts = module.split(".")
    if len(parts) == 1:
        return -1
    if parts[1] in FLOORS:
        return FLOORS.index(parts[1])
    return FRONT


def test_floor_of_a_module_is_its_package():
    assert floor("nubodoc.core.errors") == 0
    assert floor("nubodoc.targets.proxy.sigv4") == FLOORS.index("targets")
    assert floor("nubodoc.cli") == FRONT


def test_no_module_imports_a_floor_above_its_own():
    modules = _modules()
    upward = [f"{name} imports {imported}"
              for name, path in modules.items() for imported in _imports(path, modules)
              if floor(imported) > floor(name)]
    assert not upward, "imports going up a floor:\n" + "\n".join(sorted(upward))


def test_no_import_cycle():
    modules = _modules()
    graph = {name: {i for i in _imports(path, modules) if i != name}
             for name, path in modules.items()}
    # A package's __init__ may re-export its own submodules: that is not a cycle.
    for name, imported in graph.items():
        imported -= {i for i in imported if name.startswith(i + ".")}
    gone = {edge for edge in TOLERATED_EDGES if edge[1] not in graph.get(edge[0], ())}
    assert not gone, f"tolerated imports that no longer exist, remove them: {gone}"
    for importer, imported in TOLERATED_EDGES:
        graph[importer].discard(imported)
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        pytest.fail(f"import cycle: {' -> '.join(exc.args[1])}")


def test_every_module_is_under_the_line_limit():
    long = {path.relative_to(REPO).as_posix(): count for path in PACKAGE.rglob("*.py")
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def _mapped_packages() -> set[str]:
    """The packages the maintainers' page draws in its « Architecture » diagram."""
    text = MAP.read_text(encoding="utf-8")
    section = text.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    diagram = re.search(r"```text\n(.*?)```", section, re.S)
    assert diagram, f"{MAP}: the « Architecture » section has no ```text diagram"
    return set(re.findall(r"nubodoc/[a-z_/]+/", diagram.group(1)))


def test_the_maintainers_map_lists_exactly_the_packages():
    tree = {path.parent.relative_to(REPO).as_posix() + "/"
            for path in PACKAGE.rglob("__init__.py") if path.parent != PACKAGE}
    assert _mapped_packages() == tree


#: Other libraries' internals the kit must not reach: attributes and names no public API
#: documents (issue 18). Public ways: a ``source-read`` handler for the figures, a copy
#: event for the copy button, ``nested_parse`` for sphinx-design, the spelling filters.
PRIVATE_NAMES = {
    "myst_config": "MyST's parser settings on the environment",
    "copybutton_format_func": "sphinx-copybutton's template context",
    "create_component": "sphinx-design's component builder",
    "_split": "enchant's Filter._split",
}


def test_no_module_reaches_another_librarys_internals():
    found = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            word = (node.attr if isinstance(node, ast.Attribute)
                    else node.value if isinstance(node, ast.Constant) else None)
            if isinstance(word, str) and word in PRIVATE_NAMES:
                found.append(f"{name}:{node.lineno}: {word} ({PRIVATE_NAMES[word]})")
            if (isinstance(node, ast.Attribute) and node.attr == "app"
                    and isinstance(node.value, ast.Attribute) and node.value.attr == "env"):
                found.append(f"{name}:{node.lineno}: env.app (deprecated by Sphinx)")
    assert not found, "private APIs of other libraries:\n" + "\n".join(found)


#: Private names another module may still import: (importer, name), each to be made public.
TOLERATED_PRIVATE_IMPORTS = {("nubodoc.targets.confined", "_QuietRequestHandler")}


def test_no_module_imports_a_private_name_of_another():
    modules = _modules()
    found = []
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in modules
                    and node.module != name):
                found += [f"{name}:{node.lineno}: {alias.name} from {node.module}"
                          for alias in node.names if alias.name.startswith("_")
                          and not alias.name.startswith("__")
                          and (name, alias.name) not in TOLERATED_PRIVATE_IMPORTS]
    assert not found, ("a module's private name used by another (make it public, in the "
                       "module it belongs to):\n" + "\n".join(found))
