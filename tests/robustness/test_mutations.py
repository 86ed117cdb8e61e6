"""Damaged, hostile and mistyped documents never crash the checker: ``validators.check`` returns a report or
raises a QujatError with a one-line message naming the problem (the faces turn it into exit 2 / HTTP 4xx).

The mutations (tests/robustness/mutations.py) are deterministic: seeded byte flips, truncations, ZIP
entries removed / duplicated / renamed, malformed and mistyped OOXML parts, huge values, deep nesting,
lying content types, a deck with a missing slide, PDFs with broken xref/trailer, encrypted or without pages,
lines with impossible dates and 20-digit numbers, and every kind forced on documents of another kind.
"""

from __future__ import annotations

import pytest

from tests.robustness import fixtures, mutations
from validators import CheckOptions, QujatError, Report, check
from validators.document import parse
from validators.errors import TooLarge, UnsupportedType, UnusableDocument

CATALOGUE = mutations.catalogue()
OPTIONS = CheckOptions(pages=False, grammar=False)  # no LibreOffice, no LanguageTool: structure and spelling


def run(m: mutations.Mutation) -> Report | QujatError:
    data = m.apply(fixtures.BASES[m.base]())
    if m.kind is None:
        assert data != fixtures.BASES[m.base](), f"{m.id} changed nothing"
    try:
        return check(data, kind=m.kind, name=f"{m.id}.bin", options=OPTIONS)
    except QujatError as exc:
        return exc


def rule_failures(report: Report) -> list[str]:
    return [n.message for n in report.notes if n.code.startswith("rule-failed")]


def test_catalogue_is_bounded_and_unique():
    ids = [m.id for m in CATALOGUE]
    assert len(ids) == len(set(ids))
    assert 250 <= len(ids) <= 360  # grows with the kinds (report, control-list, participants-list…): bounded for CI time
    assert {m.base for m in CATALOGUE} == set(fixtures.BASES)


@pytest.mark.parametrize("base", sorted(fixtures.BASES))
def test_undamaged_bases_are_checked_without_rule_failures(base):
    report = check(fixtures.BASES[base](), options=OPTIONS)
    assert report.document.format == ("pptx" if base == "deck" else "pdf" if base == "pdf" else "docx")
    assert rule_failures(report) == []


@pytest.mark.parametrize("m", CATALOGUE, ids=[m.id for m in CATALOGUE])
def test_mutation_gives_a_report_or_a_clear_error(m):
    try:
        outcome = run(m)
    except Exception as exc:  # noqa: BLE001 - the point of the test: name what escaped
        pytest.fail(f"{m.id}: {type(exc).__name__} escaped check(): {exc}")
    if isinstance(outcome, QujatError):
        assert isinstance(outcome, (UnusableDocument, UnsupportedType, TooLarge)), type(outcome)
        assert outcome.message.strip() and "\n" not in outcome.message, repr(outcome.message)
        assert "Traceback" not in outcome.message
        assert len(outcome.message) < 600
        return
    assert isinstance(outcome, Report)
    assert outcome.verdict in ("accepted", "rejected", "not-checked")
    if outcome.verdict == "not-checked":  # damage that leaves nothing to understand says so, in kk/ru/en
        assert outcome.not_checked is not None and outcome.not_checked.why["ru"]
    if not m.hostile:
        assert rule_failures(outcome) == [], f"{m.id}: a rule crashed on a merely damaged document"


# ---------------------------------------------------------------- what specific damage gives
def by_id(name: str) -> mutations.Mutation:
    return next(m for m in CATALOGUE if m.id == name)


@pytest.mark.parametrize(("name", "words"), [
    ("pdf-encrypted", "encrypted with a password"),
    ("pdf-zero-pages-writer", "no pages"),
    ("pdf-zero-pages-removed", "no pages"),
    ("pdf-page-tree-loop", "cyclic"),
    ("pdf-startxref-huge", "damaged"),
    ("deck-remove-slide-part", "presentation.xml is damaged"),
    ("deck-remove-layout", "slide 2 of the presentation is damaged"),
    ("deck-shape-id-not-a-number", "slide 2 of the presentation is damaged"),
    ("deck-slide-wrong-root", "slide 2"),
    ("deck-slide-size-not-a-number", "presentation.xml is damaged"),
    ("resolution-document-nul-bytes", "word/document.xml is not well-formed XML"),
    ("resolution-document-doctype", "declares a DTD"),
    ("resolution-remove-word/document.xml", "not a Word or PowerPoint document"),
    ("resolution-body-deep-sdt-400", "Excessive depth"),
    ("resolution-trunc-last22", "damaged ZIP"),
])
def test_damage_is_named(name, words):
    outcome = run(by_id(name))
    assert isinstance(outcome, QujatError), outcome
    assert words in outcome.message


def test_damaged_deflate_stream_names_the_part():
    """A flipped bit inside a compressed part: zlib's error, reported with the part's name."""
    messages = [o.message for m in CATALOGUE if "-flip" in m.id and m.base != "pdf"
                for o in [run(m)] if isinstance(o, QujatError) and "decompressing" in o.message]
    assert messages, "no flip hit a deflate stream; change the seeds"
    assert all(msg.startswith("part ") and " of the package is damaged" in msg for msg in messages)


def test_empty_user_password_pdf_opens():
    report = run(by_id("pdf-encrypted-empty-user-password"))
    assert isinstance(report, Report) and report.document.pages == 2


@pytest.mark.parametrize(("name", "labels"), [
    ("resolution-numbering-start-not-a-number", ["1.", "2.", "3."]),  # like an absent w:start
    ("resolution-numbering-start-float", ["1.", "2.", "3."]),
    ("resolution-numbering-start-negative", ["0.", "1.", "2."]),  # clamped to 0
    ("resolution-numbering-start-huge", ["32767.", "32768.", "32769."]),  # Word's largest start
    ("resolution-numbering-override-not-a-number", ["1.", "2.", "3."]),
    ("resolution-numbering-para-ilvl-not-a-number", ["1.", "2.", "3."]),
])
def test_mistyped_numbering_reads_like_word_defaults(name, labels):
    doc = parse(by_id(name).apply(fixtures.resolution_docx()))
    assert [p.label for p in doc.paragraphs if p.text.startswith("пункт")] == labels


@pytest.mark.parametrize("name", ["resolution-numbering-start-huge-roman", "resolution-numbering-start-huge-russian"])
def test_huge_start_cannot_make_a_huge_label(name):
    """w:start=10^12 in lowerRoman / russianLower once meant a billion-step loop / a 35 MB label."""
    doc = parse(by_id(name).apply(fixtures.resolution_docx()))
    labels = [p.label for p in doc.paragraphs if p.text.startswith("пункт")]
    assert len(labels) == 3 and all(label and len(label) < 1300 for label in labels)


def test_mistyped_table_span_and_sizes_are_read():
    doc = parse(by_id("resolution-body-gridspan-not-a-number").apply(fixtures.resolution_docx()))
    assert doc.tables[0].rows[0][0].col == 1
    doc = parse(by_id("resolution-styles-size-not-a-number").apply(fixtures.resolution_docx()))
    formula = next(p for p in doc.paragraphs if p.style == "S")
    assert formula.text == "ПОСТАНОВЛЯЕТ:" and 0 not in formula.sizes


def test_deck_with_damaged_values_is_still_checked():
    """A font size or colour that is not a number is skipped like an unset one: the slide rules still run
    on the rest of the deck."""
    for name in ("deck-font-size-not-a-number", "deck-colour-garbage"):
        report = run(by_id(name))
        assert isinstance(report, Report) and rule_failures(report) == []
        assert report.document.kind == "presentation"


def test_annotating_damaged_but_checkable_documents():
    """--annotate on a .docx that was checked: a package whose every XML part parses, or a QujatError
    naming the missing or broken part (never a traceback after the report was printed)."""
    import io
    import zipfile

    from lxml import etree

    from validators.annotate import annotate

    annotated = refused = 0
    for m in CATALOGUE:
        if m.base != "resolution" or m.kind or m.hostile:
            continue
        outcome = run(m)
        if not isinstance(outcome, Report):
            continue
        data = m.apply(fixtures.resolution_docx())
        try:
            out = annotate(data, outcome, "ru")
        except QujatError as exc:
            assert "\n" not in exc.message and ("part" in exc.message), exc.message
            refused += 1
            continue
        with zipfile.ZipFile(io.BytesIO(out)) as zf:
            for name in ("word/comments.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"):
                etree.fromstring(zf.read(name))
        annotated += 1
    assert annotated > 40 and refused >= 2
    missing = by_id("resolution-remove-[Content_Types].xml")
    with pytest.raises(UnusableDocument, match=r"has no \[Content_Types\]\.xml part"):
        annotate(missing.apply(fixtures.resolution_docx()), run(missing), "ru")


def test_shape_without_geometry_is_read():
    """python-pptx's shape_type raises on a shape with no geometry; the parser does not ask it."""
    report = run(by_id("deck-shape-without-geometry"))
    assert isinstance(report, Report) and rule_failures(report) == []
    doc = parse(by_id("deck-shape-without-geometry").apply(fixtures.deck_pptx()))
    assert "Ескерту" in [shape.text for shape in doc.slides[1].shapes]


def test_appendix_cites_next_to_a_long_digit_run():
    """The appendix-cite pattern bounds the number before «қосымша» (a 60 000-digit run made it quadratic)."""
    from tests.robustness.mutations import in_body, paragraphs

    data = in_body(paragraphs(["1" * 60_000, "2-қосымша", "Приложение № 3", "12345-қосымша"]))(fixtures.resolution_docx())
    cites = parse(data).extra["appendix_cites"]
    assert [c["number"] for c in cites[:3]] == ["2", "3", None]
