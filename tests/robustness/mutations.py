"""Deterministic mutations of valid documents: seeded byte flips, truncations, ZIP entries removed /
duplicated / renamed, OOXML parts replaced by malformed or mistyped XML, huge values, deep nesting, lying
content types, a deck without a slide part, PDFs with broken xref/trailer, encryption or no pages.

A mutation is ``Mutation(id, base, apply, hostile)``: ``apply(bytes) -> bytes`` is pure and seeded, so a
failing id reproduces exactly. ``hostile`` marks inputs built to attack the reader (bombs, huge values, deep
nesting, loops): for those a rule may give up with a note; for the others every rule must run.
"""

from __future__ import annotations

import io
import random
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from validators import kinds

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f'xmlns:w="{W_NS}"'


@dataclass(frozen=True)
class Mutation:
    id: str
    base: str  # a key of fixtures.BASES
    apply: Callable[[bytes], bytes]
    hostile: bool = False
    kind: str | None = None  # passed to check(): a kind forced on a document that is not of it


# ---------------------------------------------------------------- bytes
def flip(seed: int, count: int) -> Callable[[bytes], bytes]:
    def apply(data: bytes) -> bytes:
        rng = random.Random(seed)
        out = bytearray(data)
        for _ in range(count):
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
        return bytes(out)
    return apply


def truncate(fraction: float) -> Callable[[bytes], bytes]:
    return lambda data: data[: int(len(data) * fraction)]


def drop_tail(count: int) -> Callable[[bytes], bytes]:
    """The last ``count`` bytes cut (22: the ZIP end-of-directory record; 23: one more)."""
    return lambda data: data[:-count]


# ---------------------------------------------------------------- zip entries
def entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(i.filename, zf.read(i.filename)) for i in zf.infolist()]


def pack(items: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of some mutations
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, blob in items:
                zf.writestr(name, blob)
    return out.getvalue()


def remove(name: str) -> Callable[[bytes], bytes]:
    return lambda data: pack([(n, b) for n, b in entries(data) if n != name])


def duplicate(name: str, replacement: bytes | None = None) -> Callable[[bytes], bytes]:
    """A second entry of the same name (the later one is what most readers see)."""
    def apply(data: bytes) -> bytes:
        items = entries(data)
        blob = dict(items)[name]
        return pack([*items, (name, replacement if replacement is not None else blob)])
    return apply


def rename(name: str, new: str) -> Callable[[bytes], bytes]:
    return lambda data: pack([(new if n == name else n, b) for n, b in entries(data)])


def replace(name: str, blob: bytes | Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    """Part ``name`` replaced by ``blob`` (or by ``blob(old)``); added when absent."""
    def apply(data: bytes) -> bytes:
        items = entries(data)
        new = [(n, (blob(b) if callable(blob) else blob) if n == name else b) for n, b in items]
        if name not in dict(items):
            new.append((name, blob(b"") if callable(blob) else blob))
        return pack(new)
    return apply


def sub(name: str, pattern: bytes, repl: bytes, count: int = 0) -> Callable[[bytes], bytes]:
    return replace(name, lambda old: re.sub(pattern, repl, old, count=count))


def chain(*steps: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def apply(data: bytes) -> bytes:
        for step in steps:
            data = step(data)
        return data
    return apply


# ---------------------------------------------------------------- WordprocessingML
def document(body: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'.encode()


def numbering(lvl: str, num: str = '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>') -> bytes:
    return (f'<w:numbering {W}><w:abstractNum w:abstractNumId="1">{lvl}</w:abstractNum>{num}'
            "</w:numbering>").encode()


def numbered(n: int = 3, ilvl: str = "0", num_id: str = "1") -> str:
    """``n`` paragraphs of list ``num_id`` at level ``ilvl``."""
    return "".join(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
                   f"<w:r><w:t>пункт {i}</w:t></w:r></w:p>" for i in range(n))


def with_numbering(lvl: str, num: str | None = None, body: str | None = None) -> Callable[[bytes], bytes]:
    """The document's numbering.xml replaced and numbered paragraphs added to its body."""
    numbering_xml = numbering(lvl, num) if num is not None else numbering(lvl)
    paragraphs = (body if body is not None else numbered()).encode()
    return chain(replace("word/numbering.xml", numbering_xml),
                 sub("word/document.xml", rb"<w:sectPr", paragraphs + b"<w:sectPr", count=1))


def level(start: str = "1", fmt: str = "decimal", text: str = "%1.", ilvl: str = "0") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


def styles(body: str) -> bytes:
    return f'<w:styles {W}>{body}</w:styles>'.encode()


def style(sid: str, inner: str, based: str | None = None, kind: str = "paragraph") -> str:
    basedon = f'<w:basedOn w:val="{based}"/>' if based else ""
    return f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{sid}"/>{basedon}{inner}</w:style>'


def styled_paragraph(sid: str, text: str = "ПОСТАНОВЛЯЕТ:") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{sid}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'


def with_styles(body: str, paragraphs: str) -> Callable[[bytes], bytes]:
    return chain(replace("word/styles.xml", styles(body)),
                 sub("word/document.xml", rb"<w:sectPr", paragraphs.encode() + b"<w:sectPr", count=1))


def in_body(xml: str) -> Callable[[bytes], bytes]:
    """``xml`` inserted at the start of the document body."""
    return sub("word/document.xml", rb"<w:body>", b"<w:body>" + xml.encode(), count=1)


def nested(depth: int, open_: str, close: str, core: str) -> str:
    return open_ * depth + core + close * depth


# ---------------------------------------------------------------- PDF
def pdf_sub(pattern: bytes, repl: bytes, count: int = 0) -> Callable[[bytes], bytes]:
    return lambda data: re.sub(pattern, repl, data, count=count)


def pdf_written(edit: Callable) -> Callable[[bytes], bytes]:
    """The PDF read by pypdf, changed by ``edit(writer)`` and written again."""
    def apply(data: bytes) -> bytes:
        import pypdf

        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
        edit(writer)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    return apply


def empty_pdf(_: bytes) -> bytes:
    import pypdf

    out = io.BytesIO()
    pypdf.PdfWriter().write(out)
    return out.getvalue()


def encrypt(user: str) -> Callable:
    return lambda writer: writer.encrypt(user_password=user, owner_password="owner", algorithm="AES-256")


def drop_pages(writer) -> None:  # noqa: ANN001 - pypdf writer
    for i in range(len(writer.pages) - 1, -1, -1):
        writer.remove_page(i)


def page_loop(writer) -> None:  # noqa: ANN001
    """/Kids of the page tree pointing at the tree itself."""
    from pypdf.generic import ArrayObject

    pages = writer._root_object["/Pages"]
    pages[__import__("pypdf").generic.NameObject("/Kids")] = ArrayObject([pages.indirect_reference])


def huge_count(writer) -> None:  # noqa: ANN001
    from pypdf.generic import NameObject, NumberObject

    writer._root_object["/Pages"][NameObject("/Count")] = NumberObject(10**12)


# ---------------------------------------------------------------- the catalogue
def _bytes_family(base: str, seeds: int, truncations: int) -> list[Mutation]:
    out = [Mutation(f"{base}-flip{count}-s{seed}", base, flip(seed, count))
           for seed in range(seeds) for count in (1, 8, 64)]
    out += [Mutation(f"{base}-trunc{k}", base, truncate(k / (truncations + 1)))
            for k in range(1, truncations + 1)]
    out += [Mutation(f"{base}-trunc-last{n}", base, drop_tail(n)) for n in (1, 22, 23, 100)]
    return out


DOCX_PARTS = ("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
              "word/numbering.xml", "word/_rels/document.xml.rels", "docProps/core.xml", "word/theme/theme1.xml",
              "word/settings.xml", "word/fontTable.xml")

MALFORMED_DOCUMENTS = {
    "empty": b"",
    "truncated": document("<w:p><w:r><w:t>АКИМАТ</w:t></w:r></w:p>")[:-40],
    "unclosed": f"<w:document {W}><w:body><w:p><w:r><w:t>x</w:r></w:body></w:document>".encode(),
    "not-xml": b"this is not XML at all",
    "latin1-bytes": document("<w:p><w:r><w:t>ПОСТАНОВЛЕНИЕ</w:t></w:r></w:p>").replace(
        "ПОСТАНОВЛЕНИЕ".encode(), "ПОСТАНОВЛЕНИЕ".encode("cp1251")),
    "utf16-declared": document("<w:p><w:r><w:t>ҚАУЛЫ</w:t></w:r></w:p>").replace(b"UTF-8", b"UTF-16"),
    "nul-bytes": document("<w:p><w:r><w:t>a\x00b</w:t></w:r></w:p>"),
    "control-char-ref": document("<w:p><w:r><w:t>a&#1;b</w:t></w:r></w:p>"),
    "no-body": f"<w:document {W}/>".encode(),
    "wrong-namespace": "<document><body><p><r><t>ПОСТАНОВЛЕНИЕ</t></r></p></body></document>".encode(),
    "wrong-root": f"<w:styles {W}><w:body/></w:styles>".encode(),
    "body-is-text": f"<w:document {W}><w:body>just text</w:body></w:document>".encode(),
    "empty-body": document(""),
    "two-bodies": f"<w:document {W}><w:body/><w:body><w:p/></w:body></w:document>".encode(),
    "undeclared-prefix": b"<w:document><w:body/></w:document>",
    "processing-instructions": document("<?pi x?><!-- c --><w:p><?pi y?><w:r><!-- c --><w:t>x</w:t></w:r></w:p>"),
    "comments-in-table": document("<w:tbl><!-- c --><w:tr><!-- c --><w:tc><!-- c --><w:p/></w:tc></w:tr></w:tbl>"),
    "table-without-rows": document("<w:tbl/><w:tbl><w:tr/></w:tbl><w:p><w:r><w:t>ПОСТАНОВЛЕНИЕ</w:t></w:r></w:p>"),
    "run-without-text": document("<w:p><w:r/><w:r><w:t/></w:r><w:r><w:rPr/></w:r></w:p>"),
    "cdata": document("<w:p><w:r><w:t><![CDATA[ПОСТАНОВЛЕНИЕ <x>]]></w:t></w:r></w:p>"),
    "bom": b"\xef\xbb\xbf" + document("<w:p><w:r><w:t>ҚАУЛЫ</w:t></w:r></w:p>"),
    "doctype": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]>' + document("<w:p/>")[38:],
}

NUMBERING = {
    "start-not-a-number": level(start="abc"),
    "start-negative": level(start="-5"),
    "start-zero-roman": level(start="0", fmt="upperRoman"),
    "start-float": level(start="1.5"),
    "start-huge": level(start="99999999999999999999"),
    "start-huge-roman": level(start="1000000000000", fmt="lowerRoman"),
    "start-huge-letter": level(start="1000000000000", fmt="lowerLetter"),
    "start-huge-russian": level(start="1000000000000", fmt="russianLower"),
    "start-huge-zero": level(start="1000000000000", fmt="decimalZero"),
    "start-empty": level(start=""),
    "fmt-unknown": level(fmt="klingon"),
    "text-missing-level": level(text="%9.%8)"),
    "text-many-placeholders": level(text="%1." * 2000),
    "text-huge": level(text="Ж" * 200_000),
    "ilvl-not-a-number": level(ilvl="x"),
    "ilvl-negative": level(ilvl="-1"),
    "ilvl-huge": level(ilvl="99999999999999999999"),
}
NUMBERING_NUMS = {
    "override-not-a-number": '<w:num w:numId="1"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0">'
                             '<w:startOverride w:val="x"/></w:lvlOverride></w:num>',
    "override-ilvl-bad": '<w:num w:numId="1"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="zero">'
                         '<w:startOverride w:val="2"/></w:lvlOverride></w:num>',
    "num-without-abstract": '<w:num w:numId="1"/>',
    "abstract-missing": '<w:num w:numId="1"><w:abstractNumId w:val="77"/></w:num>',
    "num-no-id": '<w:num><w:abstractNumId w:val="1"/></w:num>',
}
NUMBERED_BODIES = {
    "para-ilvl-not-a-number": numbered(ilvl="one"),
    "para-ilvl-negative": numbered(ilvl="-3"),
    "para-ilvl-huge": numbered(ilvl="99999999999999999999"),
    "para-numid-unknown": numbered(num_id="999"),
    "para-numid-empty": numbered(num_id=""),
    "para-numid-huge": numbered(num_id="x" * 100_000),
}
STYLES = {
    "size-not-a-number": (style("S", '<w:rPr><w:sz w:val="big"/></w:rPr>'), "S"),
    "size-float": (style("S", '<w:rPr><w:sz w:val="28.5"/></w:rPr>'), "S"),
    "size-huge": (style("S", '<w:rPr><w:sz w:val="' + "9" * 5000 + '"/></w:rPr>'), "S"),
    "size-negative": (style("S", '<w:rPr><w:sz w:val="-28"/></w:rPr>'), "S"),
    "based-on-cycle": (style("A", "", based="B") + style("B", "", based="A"), "A"),
    "based-on-self": (style("A", "", based="A"), "A"),
    "based-on-missing": (style("A", "", based="Nowhere"), "A"),
    "style-numpr-bad": (style("S", '<w:pPr><w:numPr><w:ilvl w:val="z"/><w:numId w:val="1"/></w:numPr></w:pPr>'),
                        "S"),
    "jc-unknown": (style("S", '<w:pPr><w:jc w:val="sideways"/></w:pPr>'), "S"),
    "toggle-garbage": (style("S", '<w:rPr><w:b w:val="maybe"/><w:caps w:val=""/><w:u/></w:rPr>'), "S"),
    "theme-font-garbage": (style("S", '<w:rPr><w:rFonts w:asciiTheme="" w:hAnsiTheme="bogus"/></w:rPr>'), "S"),
    "no-style-id": ('<w:style w:type="paragraph" w:default="1"><w:name w:val="x"/></w:style>', "Missing"),
    "many-defaults": (style("A", "") .replace('w:type', 'w:default="1" w:type') * 3, "A"),
    "character-style-as-paragraph": (style("C", '<w:rPr><w:b/></w:rPr>', kind="character"), "C"),
    "doc-defaults-garbage": ('<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="x"/><w:rFonts/></w:rPr>'
                             "</w:rPrDefault></w:docDefaults>", "Normal"),
    "deep-based-on-chain": ("".join(style(f"S{i}", "", based=f"S{i + 1}") for i in range(500)), "S0"),
}
BODY_INSERTS = {
    "gridspan-not-a-number": '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="two"/></w:tcPr><w:p/></w:tc>'
                             "</w:tr></w:tbl>",
    "gridspan-huge": '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="99999999999999999999"/></w:tcPr><w:p/>'
                     "</w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>",
    "gridspan-negative": '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="-5"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>',
    "run-size-bad": '<w:p><w:r><w:rPr><w:sz w:val="NaN"/><w:rFonts w:ascii=""/></w:rPr><w:t>x</w:t></w:r></w:p>',
    "run-style-missing": '<w:p><w:r><w:rPr><w:rStyle w:val="Nowhere"/></w:rPr><w:t>x</w:t></w:r></w:p>',
    "sdt-without-content": "<w:sdt><w:sdtPr/></w:sdt>",
    "textbox-outside-paragraph": '<w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent>',
    "bidi-and-controls": "<w:p><w:r><w:t>\u202eПОСТАНОВЛЕНИЕ\u200b\ufeff\u2028\u2029</w:t></w:r></w:p>",
    "lone-surrogate-ref": "<w:p><w:r><w:t>&#xD800;</w:t></w:r></w:p>",
    "huge-text": "<w:p><w:r><w:t>" + "ПОСТАНОВЛЯЕТ " * 400_000 + "</w:t></w:r></w:p>",
    "huge-attribute": '<w:p><w:pPr><w:pStyle w:val="' + "S" * 2_000_000 + '"/></w:pPr></w:p>',
    "many-paragraphs": "<w:p><w:r><w:t>1.</w:t></w:r></w:p>" * 20_000,
    "many-runs": "<w:p>" + "<w:r><w:t>а</w:t></w:r>" * 50_000 + "</w:p>",
    "deep-sdt-200": nested(120, "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>",
                           "<w:p><w:r><w:t>deep</w:t></w:r></w:p>"),
    "deep-sdt-400": nested(200, "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", "<w:p/>"),
    "deep-tables": nested(60, "<w:tbl><w:tr><w:tc>", "<w:p/></w:tc></w:tr></w:tbl>", "<w:p/>"),
    "deep-hyperlinks": "<w:p>" + nested(240, "<w:hyperlink>", "</w:hyperlink>", "<w:r><w:t>x</w:t></w:r>")
                       + "</w:p>",
    "deep-elements-5000": nested(5000, "<w:x>", "</w:x>", ""),
    "many-labels": "".join(f"<w:p><w:r><w:t>{i}.{i}.{i}. {i})</w:t></w:r></w:p>" for i in range(1, 999)),
}
HOSTILE_BODIES = {"huge-text", "huge-attribute", "many-paragraphs", "many-runs", "deep-sdt-200", "deep-sdt-400",
                  "deep-tables", "deep-hyperlinks", "deep-elements-5000", "many-labels"}
HOSTILE_NUMBERING = {"start-huge", "start-huge-roman", "start-huge-letter", "start-huge-russian",
                     "start-huge-zero", "text-many-placeholders", "text-huge", "ilvl-huge"}

CONTENT_TYPES_PPT = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                     b'content-types"><Override PartName="/word/document.xml" ContentType="application/'
                     b'vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>')


def docx_mutations(base: str, full: bool) -> list[Mutation]:
    out = _bytes_family(base, seeds=10 if full else 3, truncations=12 if full else 5)
    if not (full or base == "resolution"):  # the second document gets the random damage only
        return out
    out += [Mutation(f"{base}-remove-{name}", base, remove(name)) for name in DOCX_PARTS]
    out += [
        Mutation(f"{base}-duplicate-document", base, duplicate("word/document.xml")),
        Mutation(f"{base}-duplicate-document-broken", base, duplicate("word/document.xml", b"<broken")),
        Mutation(f"{base}-duplicate-styles", base, duplicate("word/styles.xml", b"<w:styles/>")),
        Mutation(f"{base}-rename-document", base, rename("word/document.xml", "word/Document.xml")),
        Mutation(f"{base}-rename-document-backslash", base, rename("word/document.xml", "word\\document.xml")),
        Mutation(f"{base}-rename-styles-traversal", base, rename("word/styles.xml", "../../styles.xml")),
        Mutation(f"{base}-content-types-lie-pptx", base, replace("[Content_Types].xml", CONTENT_TYPES_PPT)),
        Mutation(f"{base}-content-types-garbage", base, replace("[Content_Types].xml", b"\x00\xff garbage")),
        Mutation(f"{base}-also-presentation", base, replace("ppt/presentation.xml", b"<p:presentation/>")),
        Mutation(f"{base}-also-workbook", base, replace("xl/workbook.xml", b"<workbook/>")),
        Mutation(f"{base}-core-properties-malformed", base, replace("docProps/core.xml", b"<cp:core")),
        Mutation(f"{base}-theme-malformed", base, replace("word/theme/theme1.xml", b"<a:theme><")),
        Mutation(f"{base}-header-malformed", base, replace("word/header1.xml", b"<w:hdr")),
        Mutation(f"{base}-header-empty", base, replace("word/header1.xml", b"")),
        Mutation(f"{base}-styles-malformed", base, replace("word/styles.xml", b"<w:styles><w:style>")),
        Mutation(f"{base}-styles-wrong-root", base, replace("word/styles.xml", document("<w:p/>"))),
        Mutation(f"{base}-numbering-wrong-root", base, replace("word/numbering.xml", styles(""))),
        Mutation(f"{base}-numbering-dtd", base, replace("word/numbering.xml",
                                                         b'<!DOCTYPE n [<!ENTITY a "b">]><n>&a;</n>'), True),
        Mutation(f"{base}-stored-not-deflated", base,
                 lambda d: _repack(d, zipfile.ZIP_STORED)),
    ]
    out += [Mutation(f"{base}-document-{k}", base, replace("word/document.xml", v), k == "doctype")
            for k, v in MALFORMED_DOCUMENTS.items()]
    out += [Mutation(f"{base}-numbering-{k}", base, with_numbering(v), k in HOSTILE_NUMBERING)
            for k, v in NUMBERING.items()]
    out += [Mutation(f"{base}-numbering-{k}", base, with_numbering(level(), num=v))
            for k, v in NUMBERING_NUMS.items()]
    out += [Mutation(f"{base}-numbering-{k}", base, with_numbering(level(), body=v),
                     k == "para-numid-huge") for k, v in NUMBERED_BODIES.items()]
    out += [Mutation(f"{base}-styles-{k}", base, with_styles(s, styled_paragraph(sid)),
                     k in ("size-huge", "deep-based-on-chain")) for k, (s, sid) in STYLES.items()]
    out += [Mutation(f"{base}-body-{k}", base, in_body(v), k in HOSTILE_BODIES) for k, v in BODY_INSERTS.items()]
    return out


def _repack(data: bytes, method: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, blob in entries(data):
            zf.writestr(name, blob)
    return out.getvalue()


SLIDE = "ppt/slides/slide2.xml"
# A text shape with neither preset nor custom geometry and no txBox flag: valid, seen in generated decks;
# python-pptx's shape_type raises NotImplementedError on it.
NO_GEOMETRY = ('<p:sp><p:nvSpPr><p:cNvPr id="77" name="Note"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/>'
               '<p:txBody><a:bodyPr/><a:p><a:r><a:rPr lang="kk-KZ" sz="2400"><a:latin typeface="Arial"/></a:rPr>'
               "<a:t>Ескерту</a:t></a:r></a:p></p:txBody></p:sp>").encode()


def pptx_mutations(full: bool) -> list[Mutation]:
    out = _bytes_family("deck", seeds=10 if full else 3, truncations=12 if full else 5)
    out += [
        Mutation("deck-remove-slide-part", "deck", remove(SLIDE)),
        Mutation("deck-remove-slide-rels", "deck", remove("ppt/slides/_rels/slide2.xml.rels")),
        Mutation("deck-remove-layout", "deck", remove("ppt/slideLayouts/slideLayout2.xml")),
        Mutation("deck-remove-master", "deck", remove("ppt/slideMasters/slideMaster1.xml")),
        Mutation("deck-remove-presentation-rels", "deck", remove("ppt/_rels/presentation.xml.rels")),
        Mutation("deck-remove-content-types", "deck", remove("[Content_Types].xml")),
        Mutation("deck-remove-root-rels", "deck", remove("_rels/.rels")),
        Mutation("deck-remove-theme", "deck", remove("ppt/theme/theme1.xml")),
        Mutation("deck-slide-malformed", "deck", replace(SLIDE, b"<p:sld><p:cSld>")),
        Mutation("deck-slide-empty", "deck", replace(SLIDE, b"")),
        Mutation("deck-slide-wrong-root", "deck", replace(SLIDE, document("<w:p/>"))),
        Mutation("deck-slide-dtd", "deck", replace(SLIDE, b'<!DOCTYPE s [<!ENTITY a "b">]><s>&a;</s>'), True),
        Mutation("deck-presentation-malformed", "deck", replace("ppt/presentation.xml", b"<p:presentation")),
        Mutation("deck-shape-id-not-a-number", "deck", sub(SLIDE, rb'<p:cNvPr id="\d+"', b'<p:cNvPr id="x"')),
        Mutation("deck-shape-id-missing", "deck", sub(SLIDE, rb'<p:cNvPr id="\d+" ', b"<p:cNvPr ")),
        Mutation("deck-font-size-not-a-number", "deck", sub(SLIDE, rb'sz="\d+"', b'sz="big"')),
        Mutation("deck-font-size-huge", "deck", sub(SLIDE, rb'sz="\d+"', b'sz="99999999999999999999"')),
        Mutation("deck-shape-without-geometry", "deck", sub(SLIDE, rb"</p:spTree>", NO_GEOMETRY + b"</p:spTree>")),
        Mutation("deck-slide-size-not-a-number", "deck",
                 sub("ppt/presentation.xml", rb'<p:sldSz cx="\d+"', b'<p:sldSz cx="wide"')),
        Mutation("deck-slide-size-zero", "deck",
                 sub("ppt/presentation.xml", rb'<p:sldSz cx="\d+" cy="\d+"', b'<p:sldSz cx="0" cy="0"')),
        Mutation("deck-slide-size-missing", "deck", sub("ppt/presentation.xml", rb"<p:sldSz[^>]*/>", b"")),
        Mutation("deck-colour-garbage", "deck",
                 sub(SLIDE, rb"<a:rPr ", b'<a:rPr><a:solidFill><a:srgbClr val="zzzzzz"/></a:solidFill></a:rPr><a:rPr ',
                     count=1)),
        Mutation("deck-offset-not-a-number", "deck", sub(SLIDE, rb'<a:off x="\d+"', b'<a:off x="left"')),
        Mutation("deck-slide-rel-to-missing-target", "deck",
                 sub("ppt/_rels/presentation.xml.rels", rb'Target="slides/slide2.xml"', b'Target="slides/nope.xml"')),
        Mutation("deck-slide-rel-external", "deck",
                 sub("ppt/_rels/presentation.xml.rels", rb'Target="slides/slide2.xml"',
                     b'Target="file:///etc/passwd" TargetMode="External"')),
        Mutation("deck-rel-traversal", "deck",
                 sub("ppt/_rels/presentation.xml.rels", rb'Target="slides/slide2.xml"',
                     b'Target="../../../../etc/passwd"')),
        Mutation("deck-content-types-lie-docx", "deck",
                 sub("[Content_Types].xml", rb"presentationml\.presentation\.main\+xml",
                     b"wordprocessingml.document.main+xml")),
        Mutation("deck-also-document", "deck", replace("word/document.xml", document("<w:p/>"))),
        Mutation("deck-huge-text", "deck", sub(SLIDE, rb"<a:t>[^<]*</a:t>", ("<a:t>" + "Ж" * 3_000_000 + "</a:t>")
                                               .encode(), count=1), True),
        Mutation("deck-deep-groups", "deck", sub(SLIDE, rb"</p:spTree>", nested(
            150, '<p:grpSp><p:nvGrpSpPr><p:cNvPr id="900" name="g"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
                 "<p:grpSpPr/>", "</p:grpSp>", "").encode() + b"</p:spTree>"), True),
    ]
    return out


def pdf_mutations(full: bool) -> list[Mutation]:
    out = _bytes_family("pdf", seeds=10 if full else 3, truncations=12 if full else 5)
    out += [
        Mutation("pdf-xref-keyword-broken", "pdf", pdf_sub(rb"\nxref\n", b"\nxrfe\n")),
        Mutation("pdf-xref-offsets-zeroed", "pdf", pdf_sub(rb"\d{10} 00000 n", b"0000000000 00000 n")),
        Mutation("pdf-xref-offsets-shifted", "pdf", pdf_sub(rb"(\d{10}) 00000 n",
                                                            lambda m: b"%010d 00000 n" % (int(m[1]) + 7))),
        Mutation("pdf-startxref-garbage", "pdf", pdf_sub(rb"startxref\s+\d+", b"startxref\nabc")),
        Mutation("pdf-startxref-huge", "pdf", pdf_sub(rb"startxref\s+\d+", b"startxref\n99999999999999999999")),
        Mutation("pdf-trailer-removed", "pdf", pdf_sub(rb"(?s)trailer\s*<<.*?>>", b"", count=1)),
        Mutation("pdf-root-removed", "pdf", pdf_sub(rb"/Root \d+ 0 R", b"")),
        Mutation("pdf-root-dangling", "pdf", pdf_sub(rb"/Root \d+ 0 R", b"/Root 999 0 R")),
        Mutation("pdf-eof-removed", "pdf", pdf_sub(rb"%%EOF\s*$", b"")),
        Mutation("pdf-pages-type-wrong", "pdf", pdf_sub(rb"/Type /Pages", b"/Type /Page")),
        Mutation("pdf-kids-garbage", "pdf", pdf_sub(rb"/Kids \[[^\]]*\]", b"/Kids 12")),
        Mutation("pdf-kids-dangling", "pdf", pdf_sub(rb"/Kids \[[^\]]*\]", b"/Kids [ 998 0 R 999 0 R ]")),
        Mutation("pdf-stream-length-wrong", "pdf", pdf_sub(rb"/Length \d+", b"/Length 3")),
        Mutation("pdf-flate-garbage", "pdf", pdf_sub(rb"stream\r?\n(.{20})", b"stream\n" + b"\x00" * 20, count=3)),
        Mutation("pdf-filter-unknown", "pdf", pdf_sub(rb"/FlateDecode", b"/JBIG9Decode")),
        Mutation("pdf-mediabox-garbage", "pdf", pdf_sub(rb"/MediaBox \[[^\]]*\]", b"/MediaBox [ a b c ]")),
        Mutation("pdf-header-only", "pdf", lambda d: d[:16]),
        Mutation("pdf-header-late", "pdf", lambda d: b"\x00" * 900 + d),
        Mutation("pdf-encrypted", "pdf", pdf_written(encrypt("secret"))),
        Mutation("pdf-encrypted-empty-user-password", "pdf", pdf_written(encrypt(""))),
        Mutation("pdf-zero-pages-writer", "pdf", empty_pdf),
        Mutation("pdf-zero-pages-removed", "pdf", pdf_written(drop_pages)),
        Mutation("pdf-page-tree-loop", "pdf", pdf_written(page_loop), True),
        Mutation("pdf-page-count-huge", "pdf", pdf_written(huge_count), True),
        Mutation("pdf-metadata-garbage", "pdf",
                 pdf_written(lambda w: w.add_metadata({"/Title": "\x00\x01" * 5000, "/Author": "Ж" * 10000}))),
    ]
    return out


def paragraphs(lines: list[str]) -> str:
    return "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in lines)


# Lines a structure reader or a rule parses into numbers and dates: impossible dates, numbers of 20 digits,
# far-future terms, empty requisites.
ODD_LINES = {
    "impossible-dates": ["31 февраля 2025 года", "29.02.2023", "00.00.0000", "99.99.9999", "2025 жылғы 31 ақпан"],
    "edge-dates": ["1 января 0001 года", "31.12.9999", "9999 жылғы 31 желтоқсан", "«31» декабря 9999 г."],
    "huge-numbers": ["№ " + "9" * 5000, "Приложение 99999999999999999999 к постановлению",
                     "Присутствовали: 99999999999999999999 человек", "Приложение: на 99999999999999999999 л.",
                     "Итого: 99999999999999999999999999999999999999,99 тенге", "1e308 + 1e308 = inf",
                     "1" * 60_000 + " 2-қосымша"],  # a digit run: «(\d+)-қосымша» once backtracked quadratically
    "empty-requisites": ["№", "от", "ПОСТАНОВЛЯЕТ:", "1.", "1)", "а)", "Приложение", "СЛУШАЛИ:", "ПОСТАНОВИЛИ:"],
    "labels-only": ["1.", "1.1.", "1.1.1.", "2-1)", "999)", "ж)", "1)", "1)", "1)"],
    "signature-junk": ["Аким города", "И.", "Аким города ", ".", "Исп.:", "Тел.:"],
}
LETTER = ["ГУ «Отдел образования города Туркестан»", "Исх. № 01-12/345 от 12.03.2025",
          "Руководителю аппарата акима города Туркестан", "На Ваш запрос № 05-17/882 от 03.03.2025 года сообщаем.",
          "Руководитель отдела А. Сейтқали", "Исп.: Жумабекова Г.", "Тел.: 8 (72533) 5-12-45"]
LETTER_TERMS = {
    "term-far-future": "Просим исполнить в срок до 31.12.9999 года.",
    "term-last-day": "Просим исполнить до 9999 жылғы 31 желтоқсан.",
    "term-999-working-days": "Просим рассмотреть в течение 999 рабочих дней.",
    "term-999-days": "Просим рассмотреть в течение 999 календарных дней.",
    "term-impossible-date": "Просим исполнить в срок до 30.02.2025.",
}


def text_mutations() -> list[Mutation]:
    out = [Mutation(f"resolution-lines-{k}", "resolution", in_body(paragraphs(v))) for k, v in ODD_LINES.items()]
    out += [Mutation(f"protocol-lines-{k}", "protocol", in_body(paragraphs(v))) for k, v in ODD_LINES.items()]
    out += [Mutation(f"letter-{k}", "resolution", replace("word/document.xml", document(paragraphs([*LETTER, v]))),
                     kind="incoming-letter") for k, v in LETTER_TERMS.items()]
    return out


def kind_mutations() -> list[Mutation]:
    """Every kind forced on every base document (a wrong ``--kind``)."""

    return [Mutation(f"{base}-as-{kind}", base, lambda d: d, kind=kind)
            for base in ("resolution", "deck", "pdf") for kind in kinds.KINDS]


def catalogue(full: bool = False) -> list[Mutation]:
    """Every mutation; ``full`` adds more seeds and offsets (for exploring, not for the test run)."""
    return (docx_mutations("resolution", full) + docx_mutations("protocol", full) + pptx_mutations(full)
            + pdf_mutations(full) + text_mutations() + kind_mutations())
