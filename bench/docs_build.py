"""Docs build costs: a cold build, a rebuild after editing one snippet, a no-change rebuild.

Each build runs in a throwaway copy of ``docs/``, ``snippets/``, ``conf.py`` and the
benchmark figures the guide shows, with its own results store, so that the cold build
is really cold.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from overhead import REPO
from timing import ratio, summary

EDITED_TASK = "lire-csv"
_READ = re.compile(r"reading sources\.\.\. \[\s*\d+%\] (\S+)")


def _build(copy: Path, environ: dict[str, str]) -> tuple[float, list[str]]:
    """Seconds of one ``sphinx-build`` in *copy*, and the pages it read again."""
    started = time.perf_counter()
    answer = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-N", "-c", str(copy), str(copy / "docs"),
         str(copy / "_build" / "html")],
        capture_output=True, text=True, timeout=1800, env=environ, check=False)
    seconds = time.perf_counter() - started
    if answer.returncode != 0:
        raise RuntimeError(f"docs build failed:\n{answer.stdout[-2000:]}{answer.stderr[-2000:]}")
    return seconds, _READ.findall(answer.stdout)


def _fresh_copy(root: Path) -> Path:
    copy = root / "site"
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir()
    for name in ("docs", "snippets"):
        shutil.copytree(REPO / name, copy / name)
    shutil.copy2(REPO / "conf.py", copy / "conf.py")
    results = REPO / "bench" / "results.json"
    if results.is_file():
        (copy / "bench").mkdir()
        shutil.copy2(results, copy / "bench" / "results.json")
    return copy


def docs_costs(rounds: int) -> dict:
    """Medians of the three builds, their ratios, and the pages each rebuild read."""
    cold, edited, unchanged = [], [], []
    pages_edited: list[str] = []
    pages_unchanged: list[str] = []
    with tempfile.TemporaryDirectory(prefix="nubodoc-bench-docs-") as folder:
        root = Path(folder)
        environ = {**os.environ, "NUBODOC_RESULTS_DIR": str(root / "results")}
        for _ in range(rounds):
            shutil.rmtree(root / "results", ignore_errors=True)
            copy = _fresh_copy(root)
            cold.append(_build(copy, environ)[0])
            snippet = copy / "snippets" / EDITED_TASK / "snippet.py"
            snippet.write_text(snippet.read_text(encoding="utf-8") + "# modifié\n",
                               encoding="utf-8")
            seconds, pages_edited = _build(copy, environ)
            edited.append(seconds)
            seconds, pages_unchanged = _build(copy, environ)
            unchanged.append(seconds)
        site = copy / "_build" / "html"
        weight = heaviest_page(site)
    cold_s, edited_s, unchanged_s = summary(cold), summary(edited), summary(unchanged)
    return {"cold": cold_s, "edit_one_snippet": edited_s, "no_change": unchanged_s,
            "ratio_edit": ratio(edited_s, cold_s), "ratio_no_change": ratio(unchanged_s, cold_s),
            "pages_rebuilt_after_edit": pages_edited,
            "pages_rebuilt_without_change": pages_unchanged,
            "heaviest_page": weight}


_ASSET = re.compile(r"""(?:href|src)=["']([^"'#?]+)""")


def heaviest_page(site: Path) -> dict:
    """The page whose HTML plus every local asset it loads weighs the most, in kB."""
    heaviest = {"page": "", "kilobytes": 0.0}
    for page in site.rglob("*.html"):
        files = {page}
        for reference in _ASSET.findall(page.read_text(encoding="utf-8", errors="replace")):
            if "://" in reference or reference.startswith(("mailto:", "data:")):
                continue
            asset = (page.parent / reference).resolve()
            if asset.is_file() and asset.suffix != ".html":
                files.add(asset)
        kilobytes = sum(f.stat().st_size for f in files) / 1000
        if kilobytes > heaviest["kilobytes"]:
            heaviest = {"page": str(page.relative_to(site)), "kilobytes": round(kilobytes, 1)}
    return heaviest
