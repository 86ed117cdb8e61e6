"""The letter model read with the document: its layout parts at once (kind detection weighs them), its card
(sender, references, signer, executor, phone …) from the text on first use — the same values either way — and a
parsed document that refers to itself nowhere, so it is freed with its report, not at a garbage collection."""

from __future__ import annotations

import gc
import weakref

from tests.validation.docs import build_docx, ru_cover_letter, ru_resolution
from validators.document import parse
from validators.document.letter import Letter, read_letter


def test_layout_parts_now_card_on_first_use():
    doc = parse(build_docx(ru_cover_letter()))
    assert doc.kind == "cover-letter"
    letter = doc.letter
    assert letter is not None
    assert letter.own_number is not None and letter.own_number.number == "01-12/345"
    assert letter.request is not None and "12-3/456" in letter.request.text
    assert letter.attachment is not None and letter.attachment.sheets == 5
    assert "executor" not in vars(letter)  # the card is not read yet
    assert letter.executor == "Сапарова А."
    assert letter.phone == "8 (72533) 5-12-34"
    assert [r.number for r in letter.references] == ["12-3/456"]
    assert letter.signer_position == "Руководитель аппарата" and letter.signer_name == "Б.Оразбеков"
    assert letter.source is None  # read once; the view of the document is let go


def test_card_is_the_same_read_late_or_early():
    data = build_docx(ru_cover_letter())
    late = parse(data).letter
    early = read_letter(parse(data))
    assert early.card() == late.card() and early.reply == late.reply and early.term == late.term
    assert Letter().sender is None and Letter().references == []  # no document: an empty card


def test_a_parsed_document_is_freed_without_garbage_collection():
    gc.collect()
    gc.disable()
    try:
        for blocks, read_card in ((ru_cover_letter(), False), (ru_cover_letter(), True), (ru_resolution(), False)):
            doc = parse(build_docx(blocks))
            if read_card and doc.letter is not None:
                assert doc.letter.sender is not None
            ref = weakref.ref(doc)
            del doc
            assert ref() is None, "the parsed document is kept alive by a reference cycle"
    finally:
        gc.enable()
