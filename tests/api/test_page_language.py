"""The web page as a clerk reads it, in Debian's headless Chromium: no English in the visible text of either
interface language (check tab with a report, the form of every kind, an error state); the form at 390 px
without horizontal scroll; an empty required field shows its error at the field, scrolled into view, and in
the summary; findings grouped by rule; the interface language is the default output language."""

from __future__ import annotations

import re

import pytest

from tests.api import chromium
from validators import kinds

pytestmark = chromium.MARKS

# Latin words a clerk reads as they are: formats, products, the product's own name
ALLOWED = {"docx", "pdf", "pptx", "zip", "json", "api", "qujat", "libreoffice", "languagetool", "hunspell", "arial",
           "times", "new", "roman"}
GENERATED = [k.id for k in kinds.REGISTRY.values() if k.generated]

# what the page shows of the user's own document (its name, the quoted excerpts) is not the page's language
VISIBLE_TEXT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('blockquote, #file-name, #pair-name, #doc-info dd:first-of-type, script, style').forEach(n => n.remove());
  document.body.append(body); body.style.position = 'absolute'; body.style.left = '-10000px';
  const said = body.innerText; body.remove(); return said;
}"""


def english(text: str) -> list[str]:
    text = re.sub(r"«[^»]*»", " ", text)  # quotations of the document
    return [w for w in re.findall(r"(?<![\w.])[A-Za-z][A-Za-z]+", text) if w.lower() not in ALLOWED]


def _visible(page) -> str:
    return page.evaluate(VISIBLE_TEXT)


def _report(page, tmp_path, kk_docx, ru_docx):
    (tmp_path / "kk.docx").write_bytes(kk_docx)
    (tmp_path / "ru.docx").write_bytes(ru_docx)
    chromium.check(page, tmp_path / "ru.docx", tmp_path / "kk.docx")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_check_tab_with_a_report_has_no_english(open_page, tmp_path, kk_docx, ru_docx, lang):
    page = open_page(lang)
    _report(page, tmp_path, kk_docx, ru_docx)
    assert page.query_selector(".rule-group")
    said = _visible(page)
    assert not english(said), (english(said), said[:2000])
    # every finding names its place and the regulation for people, never a line number or a rule id
    for meta in page.query_selector_all(".finding .clause"):
        assert not re.search(r"\bL\d", meta.inner_text()), meta.inner_text()
    assert not page.errors


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_form_of_every_kind_has_no_english(open_page, lang):
    page = open_page(lang)
    page.click("#tab-generate")
    for kind in GENERATED:
        chromium.show_form(page, kind)
        said = _visible(page)
        assert not english(said), (kind, english(said))
    assert not page.errors


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_an_empty_required_field_shows_its_error_at_the_field(open_page, lang):
    page = open_page(lang)
    page.click("#tab-generate")
    chromium.show_form(page, "resolution")
    page.fill("#gen-form [data-path='number']", "")
    page.click("#gen-download")
    page.wait_for_selector("#gen-form .sf-error")
    field = page.query_selector("#gen-form .sf-invalid:has([data-path='number'])")
    assert field is not None, "the error is not at the «number» field"
    message = field.query_selector(".sf-error").inner_text()
    assert message == {"kk": "Толтыру міндетті.", "ru": "Обязательное поле."}[lang]
    # the field was scrolled into view, and the summary in the bar that stays on screen names it
    box = page.query_selector("#gen-form [data-path='number']").bounding_box()
    height = page.evaluate("window.innerHeight")
    assert box and 0 <= box["y"] <= height - box["height"], box
    summary = page.query_selector("#gen-error")
    assert summary.is_visible()
    sbox = summary.bounding_box()
    assert sbox and sbox["y"] >= 0 and sbox["y"] + 10 <= height
    assert message in summary.inner_text()
    said = _visible(page)
    assert not english(said), english(said)
    # the error goes away once the field is filled and the document is made
    page.fill("#gen-form [data-path='number']", "315")
    with page.expect_download():
        page.click("#gen-download")
    assert not page.query_selector("#gen-form .sf-error")
    assert not page.errors


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_390_px_wide_without_horizontal_scroll(open_page, tmp_path, kk_docx, ru_docx, lang):
    page = open_page(lang, width=390)
    _report(page, tmp_path, kk_docx, ru_docx)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("#tab-generate")
    for kind in GENERATED:
        chromium.show_form(page, kind)
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate("""() => [...document.querySelectorAll('#gen-form *')]
            .filter(n => n.getBoundingClientRect().right > 391).length""")
        assert width <= 390 and wide == 0, (kind, width, wide)
    assert not page.errors


def test_interface_language_is_the_default_output_language(open_page):
    page = open_page("kk")
    page.click("#tab-generate")
    assert page.eval_on_selector("#gen-lang", "s => s.value") == "kk"
    page.click("[data-ui-lang=ru]")
    assert page.eval_on_selector("#gen-lang", "s => s.value") == "ru"
    page.select_option("#gen-lang", "both")  # a choice of the user stays
    page.click("[data-ui-lang=kk]")
    assert page.eval_on_selector("#gen-lang", "s => s.value") == "both"


def test_many_findings_of_one_rule_are_one_group_collapsed_beyond_a_few(open_page, tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("ПОСТАНОВЛЕНИЕ")
    for k in range(1, 9):
        d.add_paragraph(f"{k}. Пункт  с  двойными  пробелами номер {k}.")
    path = tmp_path / "spaces.docx"
    d.save(path)
    page = open_page("ru")
    chromium.check(page, path)
    group = page.query_selector(".rule-group[data-rule='language.double-space']")
    assert group is not None and group.get_attribute("data-count") == "8"  # one per paragraph, not per space
    assert len(group.query_selector_all(":scope > .finding-list > .finding")) == 3
    more = group.query_selector(":scope > details.more")
    assert more is not None and not more.evaluate("d => d.open")
    # most severe first
    order = [s.get_attribute("data-severity") for s in page.query_selector_all(".severity-group")]
    assert order == sorted(order, key=["error", "warning", "info"].index)
