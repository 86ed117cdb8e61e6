"""Reading documents into the model: ``parse(source, name=None, kind=None, lang=None) -> Document``.

The type is sniffed from the bytes (never from the name); broken, encrypted, legacy or hostile files raise
:class:`~validators.errors.UnusableDocument` / :class:`~validators.errors.UnsupportedType` with a clear message.
"""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from validators import kinds as kind_registry  # not `kinds`: validators.document.kinds is a submodule
from validators.document.container import sniff
from validators.document.lang import assign_languages, detect_lang, dominant_lang, evidence
from validators.errors import TooLarge, UnusableDocument
from validators.model import Cell, Document, Paragraph
from validators.settings import at_import
from validators.texts import said

if TYPE_CHECKING:
    from validators.document.pdf import PageOcr
    from validators.document.protocol import ProtocolWords

MAX_INPUT_BYTES = at_import("max_input_bytes")  # QUJAT_MAX_INPUT_BYTES


def read_source(source: str | Path | bytes, name: str | None = None) -> tuple[bytes, str]:
    """The bytes and display name of a path or bytes; size-limited."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        return data, name or "document"
    path = Path(source)
    if path.is_dir():
        raise UnusableDocument(f"{path} is a directory, not a document", messages=said("path-directory", path=path))
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):  # /dev/zero never ends, a FIFO blocks: only regular files are read
        raise UnusableDocument(f"{path} is not a regular file (a device, pipe or socket)",
                               messages=said("path-not-regular", path=path))
    if info.st_size > MAX_INPUT_BYTES:
        raise TooLarge(f"{path.name} is {info.st_size} bytes; the limit is {MAX_INPUT_BYTES}",
                       messages=said("file-too-large", name=path.name, size=info.st_size, limit=MAX_INPUT_BYTES))
    with path.open("rb") as fh:
        data = fh.read(MAX_INPUT_BYTES + 1)  # the file may grow after stat()
    return data, name or path.name


def parse(source: str | Path | bytes, name: str | None = None, kind: str | None = None,
          lang: str | None = None, ocr: PageOcr | None = None, inbox: bool = False,
          protocol_words: ProtocolWords | None = None) -> Document:
    """Parse a .docx, .pdf or .pptx (path or bytes) into the model with its structure found; ``ocr`` reads the
    PDF pages that have no text layer (None: they stay unread and ``doc.text_layer`` says so); ``inbox``: the
    document came from outside, so a letter that reads as a cover letter is an incoming letter;
    ``protocol_words``: the profile's section words of a protocol (``settings.protocol_words``), besides the
    usual ones — the caller passes them, the parser reads no profile."""
    data, display = read_source(source, name)
    if len(data) > MAX_INPUT_BYTES:
        raise TooLarge(f"{display} is {len(data)} bytes; the limit is {MAX_INPUT_BYTES}",
                       messages=said("file-too-large", name=display, size=len(data), limit=MAX_INPUT_BYTES))
    fmt = sniff(data)
    doc = Document(name=display, sha256=hashlib.sha256(data).hexdigest(), format=fmt, data=data, size=len(data))
    if fmt == "docx":
        from validators.document.docx import read_docx

        read_docx(doc)
    elif fmt == "pdf":
        from validators.document.pdf import read_pdf

        read_pdf(doc, ocr=ocr)
    else:
        from validators.document.pptx import read_pptx

        read_pptx(doc)
    analyse(doc, kind=kind, lang=lang, inbox=inbox, protocol_words=protocol_words)
    return doc


def analyse(doc: Document, kind: str | None = None, lang: str | None = None, inbox: bool = False,
            protocol_words: ProtocolWords | None = None) -> Document:
    """Languages, structure, protocol/letter parts and the kind, on a document whose text is read."""
    from validators.document.kinds import detect
    from validators.document.letter import read_appeal, read_letter
    from validators.document.protocol import read_protocol, section_words
    from validators.document.structure import analyse as analyse_structure

    assign_block_languages(doc, lang)
    if doc.format == "pptx":
        doc.detection = detect(doc, kind)
        doc.kind = doc.detection.kind
        return doc
    lines = analyse_structure(doc)
    main_end = len(lines)
    if doc.appendices:
        first = doc.appendices[0].header
        main_end = next((i for i, ln in enumerate(lines)
                         if (first.paragraph and ln.paragraph == first.paragraph)
                         or (first.table and ln.table == first.table)), len(lines))
    word = doc.kind_name.value if doc.kind_name else ""
    protocols = kind_registry.GROUPS["protocol"]
    if (kind in protocols) or any(k in protocols for k in kind_registry.WORDS.get(word, ())):
        doc.protocol = read_protocol(doc, lines, main_end, section_words(protocol_words))
    doc.letter = read_letter(doc, lines)
    doc.detection = detect(doc, kind)
    if inbox and kind is None and doc.detection.kind == "cover-letter":  # our own kind, arrived from outside
        doc.detection.kind = "incoming-letter"
    doc.kind = doc.detection.kind
    if doc.kind == "appeal":
        doc.appeal = read_appeal(doc)
    if doc.kind in protocols and doc.protocol is None:
        doc.protocol = read_protocol(doc, lines, main_end, section_words(protocol_words))
    return doc


def assign_block_languages(doc: Document, lang: str | None = None) -> None:
    """The language of every paragraph and table cell, by section (see :func:`assign_languages`), and the
    document's: ``lang`` when given, else the language of most text."""
    blocks: list[Paragraph | Cell] = []
    groups: list[int | None] = []
    tables = sorted(doc.tables, key=lambda t: t.after_paragraph)
    k = 0
    for p in [None, *doc.paragraphs]:
        if p is not None:
            blocks.append(p)
            groups.append(None)
        at = p.index if p is not None else 0
        while k < len(tables) and tables[k].after_paragraph <= at:
            for row in tables[k].rows:
                for c in row:
                    blocks.append(c)
                    groups.append(tables[k].index)
            k += 1
    for t in tables[k:]:
        blocks += [c for row in t.rows for c in row]
        groups += [t.index] * sum(len(row) for row in t.rows)
    evidences = [evidence(b.text) for b in blocks]
    # each text's own language is its evidence's: not judged a second time
    strong = [ev for ev in evidences if ev.strong]
    default = (lang or dominant_lang([ev.text for ev in strong], [ev.lang for ev in strong])
               or dominant_lang([ev.text for ev in evidences], [ev.lang for ev in evidences]))
    for b, found in zip(blocks, assign_languages(evidences, groups, default), strict=True):
        b.lang = found
    texts = [b.text for b in blocks] + [sh.text for s in doc.slides for sh in s.shapes]
    doc.lang = lang or dominant_lang(texts, [b.lang for b in blocks])


__all__ = ["analyse", "assign_block_languages", "detect_lang", "parse", "read_source"]
