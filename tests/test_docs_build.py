"""The built guide shows each snippet file byte for byte, in synced R / Python / terminal tabs,
with a synced row of tools inside a language's tab where a task has several."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from nubodoc.catalogue import LANGUAGES, VARIANT_BY_KEY, VARIANTS, load_task
from nubodoc.sphinx.typography import french

from .conftest import DOCS, REPO, SNIPPETS, sphinx_build, sphinx_deprecations_as_errors
from .test_catalogue import SHOWN

CREDENTIAL_PATTERN = re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")


def snippet_tab_sets(html: Path):
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    return soup.select("div.nubodoc-snippet")


def tabs(tab_set) -> list[tuple[object, object]]:
    """The (label, content) pairs of one tab-set, without those of tab-sets nested in it."""
    labels = tab_set.find_all("label", class_="sd-tab-label", recursive=False)
    contents = tab_set.find_all("div", class_="sd-tab-content", recursive=False)
    return list(zip(labels, contents, strict=True))


def test_every_tab_is_its_file_byte_for_byte(site):
    checked, rows = 0, 0
    for page in DOCS.rglob("*.md"):
        names = SHOWN.findall(page.read_text(encoding="utf-8"))
        if not names:
            continue
        html = site / page.relative_to(DOCS).with_suffix(".html")
        tab_sets = snippet_tab_sets(html)
        assert len(tab_sets) == len(names), html
        for name, tab_set in zip(names, tab_sets, strict=True):
            task = load_task(SNIPPETS / name)
            pairs = tabs(tab_set)
            assert [label["data-sync-id"] for label, _ in pairs] == [lang.key for lang in LANGUAGES]
            assert {label["data-sync-group"] for label, _ in pairs} == {"lang"}
            for language, (_, content) in zip(LANGUAGES, pairs, strict=True):
                variants = task.variants_of(language.key)
                tools = content.select("div.nubodoc-tools")
                if not variants:
                    assert french(task.missing[language.key]) in content.get_text()
                    continue
                if len(variants) == 1:
                    assert not tools, f"{name}: a single tool needs no tool row"
                    shown = [content.select_one("pre").get_text()]
                else:
                    rows += 1
                    inner = tabs(tools[0])
                    assert [label["data-sync-id"] for label, _ in inner] == [
                        VARIANT_BY_KEY[key].tool for key in variants]
                    assert {label["data-sync-group"] for label, _ in inner} == {
                        f"outil-{language.key}"}
                    shown = [tool.select_one("pre").get_text() for _, tool in inner]
                for key, text in zip(variants, shown, strict=True):
                    path = task.snippet_path(key)
                    assert text == path.read_text(encoding="utf-8"), path
                    checked += 1
    assert checked >= 3
    assert rows >= 1


def test_no_credential_in_the_built_site(site):
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".txt", ".ipynb", ".json"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not CREDENTIAL_PATTERN.search(text), path


def small_site(tmp_path: Path, page: str) -> tuple[Path, Path]:
    """A one-page site using the extension, with a copy of one task."""
    snippets = tmp_path / "snippets"
    shutil.copytree(SNIPPETS / "lister-fichiers", snippets / "lister-fichiers")
    (tmp_path / "conf.py").write_text(
        'extensions = ["myst_nb", "nubodoc.sphinx"]\n'
        'nubodoc_snippets_dir = "snippets"\nnubodoc_notebook_target = False\n'
        'nb_execution_mode = "off"\nexclude_patterns = ["snippets", "_build"]\n',
        encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(page, encoding="utf-8")
    return docs, snippets


def test_unknown_task_fails_the_build_naming_page_and_line(tmp_path):
    docs, _ = small_site(tmp_path, "# Titre\n\n```{snippet} tache-inconnue\n```\n")
    answer = sphinx_build(docs, tmp_path, tmp_path / "out")
    assert answer.returncode != 0
    assert re.search(r"index\.md:3: unknown task 'tache-inconnue'", answer.stderr), answer.stderr


def test_the_extension_uses_no_api_sphinx_deprecates(tmp_path):
    """Every directive and event handler of the extension, with Sphinx's deprecations raising."""
    docs, _ = small_site(tmp_path, "# Titre\n\n```{snippet} lister-fichiers\n```\n\n"
                                   "```{nubodoc-results}\n```\n\n```{nubodoc-bench} formats\n```\n")
    answer = sphinx_build(docs, tmp_path, tmp_path / "out", "-D", "nubodoc_run_snippets=0",
                          "-D", "nubodoc_spelling=0")
    assert answer.returncode == 0, answer.stderr
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert len(snippet_tab_sets(tmp_path / "out" / "index.html")) == 1
    assert "nubodoc-results" in html


def test_the_extensions_scripts_are_served_with_each_page(tmp_path):
    docs, _ = small_site(tmp_path, "# Titre\n\n```{snippet} lister-fichiers\n```\n")
    answer = sphinx_build(docs, tmp_path, tmp_path / "out", "-D", "nubodoc_run_snippets=0")
    assert answer.returncode == 0, answer.stderr
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    scripts = sorted((REPO / "nubodoc" / "sphinx" / "static").glob("*.js"))
    assert [script.name for script in scripts] == [
        "nubodoc-a11y.js", "nubodoc-copy.js", "nubodoc-matrix.js", "nubodoc-other-tools.js",
        "nubodoc-tabs.js", "nubodoc-values-core.js", "nubodoc-values.js"]
    for script in scripts:
        assert f'src="_static/{script.name}' in html
        served = tmp_path / "out" / "_static" / script.name
        assert served.is_file() and served.read_bytes() == script.read_bytes(), script.name


def test_editing_a_snippet_rebuilds_the_page(tmp_path):
    docs, snippets = small_site(tmp_path, "# Titre\n\n```{snippet} lister-fichiers\n```\n")
    out = tmp_path / "out"
    assert sphinx_build(docs, tmp_path, out).returncode == 0
    snippet = snippets / "lister-fichiers" / "snippet.py"
    snippet.write_text(snippet.read_text(encoding="utf-8") + "# ligne ajoutée\n",
                       encoding="utf-8")
    assert sphinx_build(docs, tmp_path, out).returncode == 0
    assert "# ligne ajoutée" in (out / "index.html").read_text(encoding="utf-8")


SHOW_TASK = {
    "task.toml": (
        'title = "Afficher une note"\n\n[[seed]]\nobject = "utilisateur/note.txt"\n'
        'text = "première version\\n"\n\n[missing]\nr = "Pas d\'extrait R ici."\n'
        'mc = "Pas d\'extrait mc ici."\n\n[expect]\nstdout = ["version"]\n'),
    "snippet.py": (
        "import os\n\nimport boto3\n\n"
        's3 = boto3.client("s3", endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])\n'
        'print(s3.get_object(Bucket="utilisateur", Key="note.txt")["Body"].read().decode())\n'
        'print("serveur", os.environ["AWS_S3_ENDPOINT"])\n'
        'print("clé", os.environ["AWS_ACCESS_KEY_ID"])\n'
        'print("secret", os.environ["AWS_SECRET_ACCESS_KEY"])\n'
        'print("jeton", os.environ["AWS_SESSION_TOKEN"])\n'
        'print("dossier", os.getcwd())\n'),
}


class BuildSpy:
    """Counts snippet runs and targets opened by in-process builds; keeps their secrets."""

    def __init__(self, monkeypatch):
        from nubodoc.harness import recording
        from nubodoc.sphinx import results as sphinx_results

        self.runs, self.targets, self.secrets = 0, 0, []
        real_open, real_run = sphinx_results.open_target, recording.run_task

        def open_target(*args, **kwargs):
            target = real_open(*args, **kwargs)
            self.targets += 1
            self.secrets.append(target.endpoint_url.rsplit(":", 1)[1].strip("/"))
            prepare = target.prepare

            def spying_prepare(*a, **k):
                credentials = prepare(*a, **k)
                self.secrets.extend(credentials.secrets())
                return credentials

            target.prepare = spying_prepare
            return target

        def run_task(*args, **kwargs):
            self.runs += 1
            return real_run(*args, **kwargs)

        monkeypatch.setattr(sphinx_results, "open_target", open_target)
        monkeypatch.setattr(recording, "run_task", run_task)


def output_site(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """A one-page site showing the task above, built in-process against the sandbox."""
    monkeypatch.delenv("NUBODOC_RESULTS_DIR", raising=False)
    monkeypatch.delenv("NUBODOC_TARGET", raising=False)
    monkeypatch.delenv("NUBODOC_ENDPOINT_URL", raising=False)
    folder = tmp_path / "snippets" / "afficher-note"
    folder.mkdir(parents=True)
    for name, text in SHOW_TASK.items():
        (folder / name).write_text(text, encoding="utf-8")
    (tmp_path / "conf.py").write_text(
        'extensions = ["nubodoc.sphinx"]\nnubodoc_snippets_dir = "snippets"\n'
        'nubodoc_notebook_target = False\nexclude_patterns = ["_build"]\n'
        'nubodoc_platform = {"s3_endpoint": "minio.exemple.fr"}\n', encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.rst").write_text("Titre\n=====\n\n.. snippet:: afficher-note\n\n"
                                    ".. nubodoc-results::\n", encoding="utf-8")
    return docs, folder


def build_here(docs: Path, confdir: Path, out: Path) -> str:
    from sphinx.cmd.build import build_main

    with sphinx_deprecations_as_errors():
        assert build_main(["-b", "html", "-W", "-n", "-q", "-c", str(confdir), str(docs),
                           str(out)]) == 0
    return (out / "index.html").read_text(encoding="utf-8")


def shown_output(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    return soup.select_one("div.nubodoc-output pre").get_text()


def test_the_page_shows_the_cleaned_output_and_a_status(tmp_path, monkeypatch):
    docs, _ = output_site(tmp_path, monkeypatch)
    spy = BuildSpy(monkeypatch)
    html = build_here(docs, tmp_path, tmp_path / "out")
    output = shown_output(html)
    assert "première version" in output
    assert "serveur minio.exemple.fr" in output
    assert "clé $AWS_ACCESS_KEY_ID" in output and "jeton $AWS_SESSION_TOKEN" in output
    assert "dossier .\n" in output + "\n"
    soup = BeautifulSoup(html, "html.parser")
    badge = soup.select_one("div.nubodoc-snippet p.nubodoc-status.nubodoc-badge-passed")
    link = badge.select_one("a.nubodoc-badge-link")
    assert link.get_text().startswith("✓ Exécuté le ") and "bac à sable S3" in link.get_text()
    page, anchor = link["href"].split("#")
    assert page.endswith("comprendre/comment-ce-guide-est-teste.html")
    assert anchor.startswith("tache-")
    versions = badge.select_one(f"#{link['aria-describedby']}").get_text()
    assert "Python 3." in versions and "—" not in badge.get_text()
    assert spy.runs == 1 and spy.targets == 1 and len(spy.secrets) >= 3
    # Nor in the pickled environment and doctrees (.doctrees/): the state is kept on the
    # environment, the secrets it holds are not pickled.
    written = [path for path in (tmp_path / "out").rglob("*") if path.is_file()]
    assert any(path.name == "environment.pickle" for path in written)
    for path in written:
        data = path.read_bytes()
        for secret in spy.secrets:
            assert secret.encode() not in data, (path, secret[:4])


def test_an_unchanged_page_rebuilds_without_running_anything(tmp_path, monkeypatch):
    docs, _ = output_site(tmp_path, monkeypatch)
    build_here(docs, tmp_path, tmp_path / "out")
    spy = BuildSpy(monkeypatch)
    build_here(docs, tmp_path, tmp_path / "out")
    assert (spy.runs, spy.targets) == (0, 0)


def test_new_seed_data_changes_the_output_at_the_next_build(tmp_path, monkeypatch):
    docs, folder = output_site(tmp_path, monkeypatch)
    assert "première version" in shown_output(build_here(docs, tmp_path, tmp_path / "out"))
    declaration = folder / "task.toml"
    declaration.write_text(declaration.read_text(encoding="utf-8").replace(
        "première version", "seconde version"), encoding="utf-8")
    output = shown_output(build_here(docs, tmp_path, tmp_path / "out"))
    assert "seconde version" in output and "première version" not in output


def test_an_edited_snippet_loses_its_old_output(tmp_path, monkeypatch):
    docs, folder = output_site(tmp_path, monkeypatch)
    build_here(docs, tmp_path, tmp_path / "out")
    (folder / "snippet.py").write_text('print("une autre version")\n', encoding="utf-8")
    html = build_here(docs, tmp_path, tmp_path / "out")
    assert shown_output(html).strip() == "une autre version"
    assert "première version" not in html


def test_output_blocks_have_no_copy_button_selector_match():
    conf = (REPO / "conf.py").read_text(encoding="utf-8")
    assert 'copybutton_selector = "div:not(.nubodoc-output) > div.highlight pre"' in conf


def test_the_results_matrix_has_one_row_per_task_and_a_cell_per_variant(site):
    html = site / "comprendre" / "comment-ce-guide-est-teste.html"
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    tasks = list(map(load_task, sorted(p.parent for p in SNIPPETS.glob("*/task.toml"))))
    rows = {tr["id"]: tr for tr in soup.select("table.nubodoc-matrix tbody tr")}
    assert sorted(rows) == sorted(f"tache-{task.name}" for task in tasks)
    titles = [th.get_text() for th in soup.select("table.nubodoc-matrix thead tr")[0]
              .select("th[colspan]")]
    for task in tasks:
        row = rows[f"tache-{task.name}"]
        for variant in VARIANT_BY_KEY.values():
            if variant.title not in titles:
                continue
            column = titles.index(variant.title)
            width = int(soup.select("table.nubodoc-matrix thead th[colspan]")[0]["colspan"])
            cells = row.select("td")[column * width:(column + 1) * width]
            absent = {cell["data-outcome"] == "absent" for cell in cells}
            assert absent == {variant.key not in task.variants()}, (task.name, variant.key)


def test_the_results_matrix_has_a_column_per_server_and_text_for_each_icon(site):
    html = site / "comprendre" / "comment-ce-guide-est-teste.html"
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    headers = [th.get_text() for th in soup.select("table.nubodoc-matrix thead tr")[1]
               .select("th")]
    assert any("bac à sable" in header for header in headers), headers
    assert any("SeaweedFS" in header for header in headers), headers
    passed = soup.select("table.nubodoc-matrix td[data-outcome=passed]")
    assert passed and all(cell.select_one("[aria-hidden=true]").get_text() == "✓"
                          for cell in passed)
    assert all(cell.select_one(".nubodoc-sr").get_text().startswith("exécuté, réussi")
               for cell in passed)


UNSPACED = re.compile(r"(?: [:;!?»]|\w[:;!?](?=\s|$)|« |«\w|\w»| [,.](?=\s|$))")
ENGLISH_INTERFACE = ("On this page", "Toggle", "<title>Contents</title>", "Skip to content",
                     "Back to top", "Light mode", "Dark mode", "Expand")


def built_pages(site: Path) -> list[Path]:
    return [page for page in sorted(site.rglob("*.html"))
            if not page.relative_to(site).parts[0].startswith("_")]


def test_prose_follows_french_typography(site):
    found = []
    for page in built_pages(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for text in (soup.select_one("article") or soup).find_all(string=True):
            if text.find_parent(["pre", "code", "script", "style"]):
                continue
            found += [(page.name, text[max(0, m.start() - 20):m.end() + 20])
                      for m in UNSPACED.finditer(str(text))]
    assert not found, found[:20]


def test_the_interface_is_in_french(site):
    for page in built_pages(site):
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<html[^>]* lang="fr"', html), page
        assert [text for text in ENGLISH_INTERFACE if text in html] == [], page


def test_snippet_files_are_served_with_the_site(site):
    served = sorted(path.relative_to(site / "_snippets") for path in
                    (site / "_snippets").rglob("*") if path.is_file())
    expected = sorted(path.relative_to(SNIPPETS) for variant in VARIANTS
                      for path in SNIPPETS.glob(f"*/{variant.filename}"))
    assert served == expected
    for relative in served:
        assert (site / "_snippets" / relative).read_bytes() == (SNIPPETS / relative).read_bytes()
