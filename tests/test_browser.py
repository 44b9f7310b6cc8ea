"""The built guide, as a reader gets it in a real browser (Chromium, headless).

The site is built once per session (``site`` fixture) and served on 127.0.0.1.
Debian's Chromium is driven by Playwright; where either is missing, every test
here is skipped, saying which. Full-page screenshots of every page, at desktop
and phone widths, go to ``NUBODOC_SCREENSHOTS`` (default: a temporary folder).
``NUBODOC_BROWSER_SITE`` points at an already built site to skip the build.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from nubodoc.catalogue import LANGUAGES, load_task

from .browser_support import DESKTOP, PHONE, TIMEOUT_MS
from .conftest import SNIPPETS

STORAGE_KEY = "sphinx-design-tab-id-lang"


def pages_of(root: Path) -> list[str]:
    """Every HTML page of the site, relative to its root."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*.html")
                  if not path.relative_to(root).parts[0].startswith("_"))


def pages_with_tabs(root: Path, minimum: int = 1) -> list[str]:
    """Pages with at least *minimum* language tab-sets."""
    return [page for page in pages_of(root)
            if (root / page).read_text(encoding="utf-8").count('class="sd-tab-set') >= minimum
            and 'data-sync-group="lang"' in (root / page).read_text(encoding="utf-8")]


SELECTED = """() => [...document.querySelectorAll('.sd-tab-set > input:checked + label')]
    .filter(label => label.dataset.syncGroup === 'lang').map(label => label.dataset.syncId)"""


def selected(page) -> set[str]:
    """The languages selected in the page's language tab-sets."""
    return set(page.evaluate(SELECTED))


def label(page, key: str, index: int = 0):
    """The *index*-th tab label of language *key* on the page."""
    return page.locator(f'label.sd-tab-label[data-sync-group="lang"][data-sync-id="{key}"]'
                        ).nth(index)


def lang_in_url(page) -> str | None:
    values = parse_qs(urlsplit(page.url).query).get("lang")
    return values[0] if values else None


def test_the_chosen_language_follows_the_reader(context, served):
    root, base = served
    first, second = pages_with_tabs(root)[:2]
    page = context.new_page()
    page.goto(base + first)
    assert selected(page) == {"r"}
    label(page, "python").click()
    assert selected(page) == {"python"}
    page.goto(base + second)
    assert selected(page) == {"python"}
    page.reload()
    assert selected(page) == {"python"}
    visit = context.new_page()
    visit.goto(base + first)
    assert selected(visit) == {"python"}


def test_lang_in_the_query_opens_the_page_on_that_language(context, served):
    root, base = served
    page_name = pages_with_tabs(root)[0]
    page = context.new_page()
    page.goto(base + page_name + "?lang=mc")
    assert selected(page) == {"mc"}
    page.goto(base + page_name + "?lang=r")
    assert selected(page) == {"r"}
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") == "r"


def test_an_unknown_lang_is_ignored_and_keeps_the_stored_choice(context, served):
    root, base = served
    page_name = pages_with_tabs(root)[0]
    page = context.new_page()
    page.goto(base + page_name + "?lang=python")
    page.goto(base + page_name + "?lang=cobol")
    assert selected(page) == {"python"}
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") == "python"
    assert lang_in_url(page) == "python"


def test_switching_writes_the_language_into_the_address_bar(context, served):
    root, base = served
    page_name = pages_with_tabs(root)[0]
    page = context.new_page()
    page.goto(base + page_name + "#top")
    label(page, "mc").click()
    assert lang_in_url(page) == "mc"
    assert urlsplit(page.url).fragment == "top"
    shared = context.browser.new_context(viewport=DESKTOP)
    try:
        colleague = shared.new_page()
        colleague.goto(page.url)
        assert selected(colleague) == {"mc"}
    finally:
        shared.close()


ABOVE = """label => [...document.querySelectorAll('.sd-tab-set')]
    .filter(set => set.compareDocumentPosition(label) & Node.DOCUMENT_POSITION_FOLLOWING)
    .filter(set => !set.contains(label))
    .reduce((total, set) => total + set.getBoundingClientRect().height, 0)"""


NEXT_FRAMES = """() => new Promise(done =>
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 100))))"""


def test_the_clicked_tab_stays_in_place(context, served):
    root, base = served
    page = context.new_page()
    checked = []
    for page_name in pages_with_tabs(root, minimum=3):
        page.goto(base + page_name + "?lang=r")
        target = label(page, "mc", -1)
        target.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -window.innerHeight / 3)")
        above = target.evaluate(ABOVE)
        before = target.bounding_box()["y"]
        target.click()
        assert selected(page) == {"mc"}
        page.evaluate(NEXT_FRAMES)  # let any later scroll adjustment happen first
        if abs(target.evaluate(ABOVE) - above) < 50:
            continue  # the tab-sets above barely changed height: nothing to correct
        if page.evaluate("window.scrollY") == 0 and target.bounding_box()["y"] < before:
            continue  # what shrank above is more than the page was scrolled: cannot hold
        assert abs(target.bounding_box()["y"] - before) <= 2, page_name
        checked.append(page_name)
    assert checked, "no page has tab-sets that change height above a clicked tab"


def shown_snippets(root: Path) -> list[tuple[str, int, str]]:
    """(page, index of its snippet tab-set, task) for every snippet shown on the site."""
    from bs4 import BeautifulSoup

    found = []
    for page_name in pages_of(root):
        soup = BeautifulSoup((root / page_name).read_text(encoding="utf-8"), "html.parser")
        for index, tab_set in enumerate(soup.select("div.sd-tab-set")):
            if "nubodoc-snippet" in tab_set.get("class", []):
                link = tab_set.select_one("a.nubodoc-download")
                if link is not None:
                    found.append((page_name, index, link["href"].split("/")[-2]))
    return found


def test_the_copy_button_copies_each_snippet_byte_for_byte(context, served):
    root, base = served
    snippets = shown_snippets(root)
    assert snippets
    page = context.new_page()
    copied = 0
    for page_name, index, task_name in snippets:
        if not page.url.startswith(base + page_name):
            page.goto(base + page_name)
        task = load_task(SNIPPETS / task_name)
        tab_set = page.locator("div.sd-tab-set").nth(index)
        for language in LANGUAGES:
            path = task.snippet_path(language.key)
            if not path.is_file():
                continue
            tab_set.locator(f'label[data-sync-group="lang"][data-sync-id="{language.key}"]'
                            ).click()
            panel = tab_set.locator("div.sd-tab-content:visible")
            panel.locator("div.highlight").first.hover()
            panel.locator("button.copybtn").first.click()
            text = page.evaluate("navigator.clipboard.readText()")
            assert text == path.read_text(encoding="utf-8"), (page_name, path)
            copied += 1
    assert copied >= len(snippets)


def test_every_code_block_has_a_copy_button(context, served):
    root, base = served
    page = context.new_page()
    for page_name in pages_of(root):
        page.goto(base + page_name)
        missing = page.evaluate("""() => [...document.querySelectorAll('div.highlight pre')]
            .filter(pre => !pre.closest('.nubodoc-output'))
            .filter(pre => !pre.parentElement.querySelector('button.copybtn')).length""")
        assert missing == 0, page_name


def test_each_tab_links_to_its_file(context, served):
    root, base = served
    snippets = shown_snippets(root)
    page = context.new_page()
    checked = 0
    for page_name, index, task_name in snippets:
        if not page.url.startswith(base + page_name):
            page.goto(base + page_name)
        tab_set = page.locator("div.sd-tab-set").nth(index)
        links = tab_set.locator("a.nubodoc-download")
        for position in range(links.count()):
            link = links.nth(position)
            name = link.get_attribute("href").rsplit("/", 1)[-1]
            assert link.inner_text() == f"Télécharger {name}"
            answer = page.request.get(urljoin(page.url, link.get_attribute("href")))
            assert answer.ok, name
            assert answer.body() == (SNIPPETS / task_name / name).read_bytes()
            checked += 1
    assert checked >= len(snippets)


def test_keyboard_alone_switches_the_language(context, served):
    root, base = served
    page = context.new_page()
    page.goto(base + pages_with_tabs(root, minimum=2)[0])
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.sd-tab-set > input')"):
            break
    else:
        pytest.fail("Tab never reaches a language tab")
    page.keyboard.press("ArrowRight")
    assert selected(page) == {"python"}
    assert lang_in_url(page) == "python"


def screenshots_dir(tmp_path_factory) -> Path:
    folder = os.environ.get("NUBODOC_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_page_loads_cleanly(browser, served, viewport, tmp_path_factory):
    root, base = served
    shots = screenshots_dir(tmp_path_factory)
    ctx = browser.new_context(viewport=viewport)
    ctx.set_default_timeout(TIMEOUT_MS)
    problems: list[str] = []

    def refuse_off_site(route):
        problems.append(f"off-site request {route.request.url}")
        route.abort()

    # Chromium asks for no favicon while requests are routed: checked below instead.
    ctx.route(lambda url: not url.startswith(base), refuse_off_site)
    try:
        page = ctx.new_page()
        page.on("console", lambda message: message.type == "error"
                and problems.append(f"console error: {message.text}"))
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on("requestfailed", lambda req: req.url.startswith(base)
                and problems.append(f"failed: {req.url} {req.failure}"))
        page.on("response", lambda answer: answer.status >= 400
                and problems.append(f"{answer.status}: {answer.url}"))
        for page_name in pages_of(root):
            page.goto(base + page_name, wait_until="networkidle")
            icons = page.eval_on_selector_all("link[rel~=icon]", "links => links.map(l => l.href)")
            assert icons, f"{page_name}: no favicon"
            for icon in icons:
                answer = page.request.get(icon)
                assert icon.startswith(base) and answer.ok, (page_name, icon, answer.status)
            name = page_name.replace("/", "--").removesuffix(".html")
            page.screenshot(path=shots / f"{name}-{viewport['width']}.png", full_page=True)
            assert not problems, (page_name, problems)
    finally:
        ctx.close()


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => {
    const results = await axe.run(document, {resultTypes: ['violations']});
    return results.violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target).join(' ')}`);
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_serious_accessibility_violation(context, served, viewport):
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed ({AXE} missing): run npm ci")
    root, base = served
    page = context.new_page()
    page.set_viewport_size(viewport)
    found = {}
    for page_name in pages_of(root):
        page.goto(base + page_name)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(AXE_RUN)
        if violations:
            found[page_name] = violations
    assert not found, "\n".join(f"{p}: {v}" for p, vs in found.items() for v in vs)


TOOLS = """group => [...document.querySelectorAll('.sd-tab-set > input:checked + label')]
    .filter(label => label.dataset.syncGroup === group).map(label => label.dataset.syncId)"""


def tools_selected(page, language: str) -> set[str]:
    """The tools selected in the page's tool rows of *language*."""
    return set(page.evaluate(TOOLS, f"outil-{language}"))


def tool_label(page, language: str, tool: str):
    """The label of *tool* in the first row of *language*, opened by « Autres outils »."""
    found = page.locator(f'label.sd-tab-label[data-sync-group="outil-{language}"]'
                         f'[data-sync-id="{tool}"]').first
    if found.is_hidden():
        found.locator("xpath=..").locator("button.nubodoc-other-tools").click()
    return found


def test_the_chosen_tool_follows_the_reader_and_falls_back_to_the_default(context, served):
    root, base = served
    page = context.new_page()
    page.goto(base + "guides/configurer-client.html?lang=python")
    assert tools_selected(page, "python") == {"s3fs"}
    tool_label(page, "python", "polars").click()
    assert tools_selected(page, "python") == {"polars"}
    assert selected(page) == {"python"}
    page.goto(base + "guides/lire-csv.html")
    assert tools_selected(page, "python") == {"polars"}
    page.reload()
    assert tools_selected(page, "python") == {"polars"}
    page.goto(base + "guides/lister-fichiers.html")
    assert tools_selected(page, "python") == {"s3fs"}, "no polars here: the default shows"
    visit = context.new_page()
    visit.goto(base + "guides/parquet.html")
    assert tools_selected(visit, "python") == {"polars"}
    assert selected(visit) == {"python"}


def test_a_language_with_one_tool_has_no_tool_row(context, served):
    root, base = served
    page = context.new_page()
    page.goto(base + "guides/ecrire-csv.html")
    assert page.locator("div.nubodoc-tools").count() == 0
    page.goto(base + "guides/synchroniser-dossier.html?lang=mc")
    assert tools_selected(page, "mc") == {"mc"}
    tool_label(page, "mc", "rclone").click()
    code = page.locator("div.nubodoc-tools div.sd-tab-content:visible pre").first
    assert "rclone sync" in code.inner_text()
