"""The letter model of a parsed document: its layout parts (own number, request line, addressee block, attachment
mark) and its card (sender, references, signer, executor, phone …) are each read when first asked for — kind
detection asks for the layout parts of a document that is not an act — with the same values as read at once; and
a parsed document refers to itself nowhere, so it is freed with its report, not at a garbage collection."""

from __future__ import annotations

import gc
import weakref

from tests.validation.docs import build_docx, ru_cover_letter, ru_resolution
from validators.document import parse
from validators.document.letter import Letter, read_letter
from validators.document.structure import build_lines


def test_layout_parts_and_card_on_first_use():
    act = parse(build_docx(ru_resolution()))
    assert act.kind == "resolution" and act.letter is not None
    assert "own_number" not in vars(act.letter) and "sender" not in vars(act.letter)  # an act's: nothing read
    doc = parse(build_docx(ru_cover_letter()))
    assert doc.kind == "cover-letter"
    letter = doc.letter
    assert letter is not None
    assert "own_number" in vars(letter)  # detection weighed the layout parts of a document that is not an act
    assert letter.own_number is not None and letter.own_number.number == "01-12/345"
    assert letter.request is not None and "12-3/456" in letter.request.text
    assert letter.attachment is not None and letter.attachment.sheets == 5
    assert "executor" not in vars(letter)  # the card is not read yet
    assert letter.executor == "Сапарова А."
    assert letter.phone == "8 (72533) 5-12-34"
    assert [r.number for r in letter.references] == ["12-3/456"]
    assert letter.signer_position == "Руководитель аппарата" and letter.signer_name == "Б.Оразбеков"
    assert letter.source is None and letter.lines is None  # read once; the view and the lines are let go


def test_card_is_the_same_read_late_or_early():
    data = build_docx(ru_cover_letter())
    late = parse(data).letter
    doc = parse(data)
    early = read_letter(doc, build_lines(doc))
    assert early.card() == late.card() and early.reply == late.reply and early.term == late.term
    assert (early.own_number, early.request, early.addressee_block, early.attachment) == \
        (late.own_number, late.request, late.addressee_block, late.attachment)
    empty = Letter()  # no document: no layout parts, an empty card
    assert empty.own_number is None and empty.sender is None and empty.references == []


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
