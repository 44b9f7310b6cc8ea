"""« Vos valeurs » in a real browser: typed once, shown and copied everywhere, sent nowhere.

Same browser, site and server as :mod:`tests.test_browser` (:mod:`tests.browser_support`).
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from nubodoc.catalogue import load_task
from nubodoc.catalogue.reader_values import rules, substitute
from nubodoc.sphinx.reader_values import bucket_name_prefix, page_rules

from .conftest import REPO, SNIPPETS
from .test_browser import AXE, AXE_RUN

BUCKET = "jdupont.valeur-42"
FIELD = "#nubodoc-valeur-mon_bucket"
ALL_CODE = ("() => [...document.querySelectorAll('article div.highlight pre')]"
            ".map(p => p.textContent)")


def open_form(page):
    """Open « Vos valeurs » and return the page."""
    page.locator("#vos-valeurs > summary").click()
    return page


def listing_page_with_form(context, base: str):
    """« Lister les fichiers » in a new tab of *context*, its form open."""
    page = context.new_page()
    page.goto(base + "guides/lister-fichiers.html")
    return open_form(page)


def code_texts(page) -> list[str]:
    """The text of every code block of the page, hidden tabs included."""
    return page.evaluate(ALL_CODE)


def test_typed_values_fill_every_block_copy_and_reload_and_clear(context, served):
    root, base = served
    requests: list[str] = []
    context.on("request", lambda request: requests.append(
        request.url + " " + (request.post_data or "") + " " + json.dumps(request.headers)))
    page = context.new_page()
    page.goto(base + "guides/lire-csv.html")
    open_form(page)
    page.fill(FIELD, BUCKET)
    assert any(BUCKET in text for text in code_texts(page))

    page.goto(base + "guides/lister-fichiers.html")
    texts = code_texts(page)
    assert not any("<mon_bucket>" in text for text in texts), texts
    assert sum(BUCKET in text for text in texts) >= 3
    task = load_task(SNIPPETS / "lister-fichiers")
    tab_set = page.locator("div.sd-tab-set.nubodoc-snippet").first
    for language in ("r", "python", "mc"):
        tab_set.locator(f'label[data-sync-group="lang"][data-sync-id="{language}"]').click()
        panel = tab_set.locator("div.sd-tab-content:visible")
        panel.locator("div.highlight").first.hover()
        panel.locator("button.copybtn").first.click()
        expected = substitute(task.snippet_path(language).read_text(encoding="utf-8"),
                              language, {"<mon_bucket>": BUCKET})
        assert page.evaluate("navigator.clipboard.readText()") == expected, language

    with page.expect_download() as download:
        tab_set.locator("a.nubodoc-download:visible").first.click()
    assert download.value.suggested_filename == "snippet.sh"
    assert download.value.path().read_text(encoding="utf-8") == expected

    page.reload()
    assert sum(BUCKET in text for text in code_texts(page)) >= 3
    assert page.locator(FIELD).input_value() == BUCKET

    open_form(page)
    page.get_by_role("button", name="Effacer").click()
    texts = code_texts(page)
    assert not any(BUCKET in text for text in texts)
    assert any("<mon_bucket>" in text for text in texts)
    page.reload()
    assert not any(BUCKET in text for text in code_texts(page))
    assert not [request for request in requests if BUCKET in request or
                quote(BUCKET) in request]


def test_an_invalid_bucket_is_refused_with_its_reason(context, served):
    root, base = served
    page = listing_page_with_form(context, base)
    page.fill(FIELD, "Mon_Bucket")
    message = rules()["kinds"]["bucket"]["rules"][1]["message"]
    assert page.locator("#nubodoc-valeur-mon_bucket-erreur").inner_text() == message
    assert page.locator(FIELD).get_attribute("aria-invalid") == "true"
    assert not any("Mon_Bucket" in text for text in code_texts(page))
    page.reload()
    assert page.locator(FIELD).input_value() == ""


def test_a_dotted_bucket_is_used_with_a_caution_and_a_plain_one_clears_it(context, served):
    root, base = served
    page = listing_page_with_form(context, base)
    caution = page.locator("#nubodoc-valeur-mon_bucket-attention")
    page.fill(FIELD, BUCKET)
    assert caution.inner_text() == rules()["kinds"]["bucket"]["cautions"][0]["message"]
    assert page.locator(FIELD).get_attribute("aria-invalid") == "false"
    assert any(BUCKET in text for text in code_texts(page))
    page.fill(FIELD, "jdupont")
    assert caution.inner_text() == ""


def test_a_user_name_gives_the_bucket_the_profile_names(context, served):
    root, base = served
    page = listing_page_with_form(context, base)
    prefix = page.evaluate("window.nubodocValuesRules.bucket_name_prefix")
    assert prefix == bucket_name_prefix(REPO / "platforms" / "nubonyxia.toml")
    page.fill("#nubodoc-valeur-utilisateur", " jdupont ")
    assert page.locator(FIELD).input_value() == prefix + "jdupont"
    assert any(f'"{prefix}jdupont"' in text for text in code_texts(page))
    page.fill("#nubodoc-valeur-utilisateur", "JDupont")
    message = rules()["kinds"]["bucket"]["rules"][1]["message"]
    assert page.locator("#nubodoc-valeur-mon_bucket-erreur").inner_text() == message
    assert not any("JDupont" in text for text in code_texts(page))


def test_the_page_rules_carry_the_profiles_bucket_name_prefix(tmp_path):
    profile = (REPO / "platforms" / "nubonyxia.toml").read_text(encoding="utf-8")
    facts_file = tmp_path / "essai.toml"
    facts_file.write_text(profile.replace('bucketNamePrefix = ""', 'bucketNamePrefix = "u-"'),
                          encoding="utf-8")
    assert bucket_name_prefix(facts_file) == "u-"
    assert '"bucket_name_prefix":"u-"' in page_rules("u-")


def test_a_link_carries_values_in_its_fragment_and_loses_it(context, served):
    root, base = served
    page = context.new_page()
    fragment = quote(json.dumps({"<mon_bucket>": BUCKET}))
    page.goto(base + f"guides/lire-csv.html#valeurs={fragment}")
    assert any(BUCKET in text for text in code_texts(page))
    assert "valeurs" not in page.url


def test_the_tutorial_first_step_opens_the_form(context, served):
    root, base = served
    page = context.new_page()
    page.goto(base + "tutoriel/premiers-pas.html")
    page.locator("article a[href$='#vos-valeurs']").first.click()
    assert page.locator("#vos-valeurs").get_attribute("open") is not None
    assert page.locator(FIELD).is_visible()


def test_other_tools_wait_behind_one_button(context, served):
    root, base = served
    page = context.new_page()
    page.goto(base + "guides/lire-csv.html?lang=python")
    row = page.locator("div.sd-tab-set.nubodoc-tools:visible").first
    button = row.locator("button.nubodoc-other-tools")
    visible = "set => [...set.querySelectorAll(':scope > label')].filter(l => !l.hidden).length"
    assert row.evaluate(visible) == 1
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert row.evaluate(visible) > 1
    row.locator('label[data-sync-id="polars"]').click()
    page.goto(base + "guides/parquet.html?lang=python")
    row = page.locator("div.sd-tab-set.nubodoc-tools:visible").first
    assert row.locator('label[data-sync-id="polars"]').is_visible()
    assert row.locator("button.nubodoc-other-tools").is_hidden()


def test_the_open_form_has_no_serious_accessibility_violation(context, served):
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed ({AXE} missing): run npm ci")
    root, base = served
    page = context.new_page()
    page.goto(base + "guides/lire-csv.html?lang=python")
    open_form(page)
    page.fill(FIELD, "Mon_Bucket")
    page.locator("button.nubodoc-other-tools:visible").first.click()
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(AXE_RUN) == []


def test_a_badge_shows_versions_on_focus_and_links_to_its_row(context, served):
    root, base = served
    page = context.new_page()
    page.goto(base + "guides/lire-csv.html?lang=python")
    link = page.locator("p.nubodoc-badge-passed:visible a.nubodoc-badge-link").first
    versions = page.locator("#" + link.get_attribute("aria-describedby"))
    assert versions.is_hidden()
    link.focus()
    assert versions.is_visible() and "pandas" in versions.inner_text()
    link.click()
    assert page.url.endswith("comment-ce-guide-est-teste.html#tache-lire-csv")
    assert page.locator("tr#tache-lire-csv").is_visible()


def test_the_matrix_filters_by_language_and_outcome(context, served):
    root, base = served
    page = context.new_page()
    page.goto(base + "comprendre/comment-ce-guide-est-teste.html")
    rows = page.locator("table.nubodoc-matrix tbody tr")
    total = rows.count()
    page.get_by_label("Langage").select_option("python")
    assert page.locator("table.nubodoc-matrix td[data-language=r]:visible").count() == 0
    assert page.locator("table.nubodoc-matrix td[data-language=python]:visible").count() > 0
    page.get_by_label("Résultat").select_option("passed")
    shown = page.locator("table.nubodoc-matrix tbody tr:visible")
    assert 0 < shown.count() <= total
    for index in range(shown.count()):
        assert shown.nth(index).locator("td[data-outcome=passed]:visible").count() > 0
    page.get_by_label("Résultat").select_option("")
    page.get_by_label("Langage").select_option("")
    assert page.locator("table.nubodoc-matrix tbody tr:visible").count() == total
