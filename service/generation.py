"""Record + template → document: ``render(kind, data, lang, profile, format)``.

Each template (kind × language) is compiled once per process: the body XML is patched the docxtpl way
(``DocxTemplate.patch_xml``) and compiled to a Jinja template; the other zip parts are kept as bytes. A render
is then one Jinja pass plus a zip write with fixed timestamps and core properties taken from the record, so
the same record always gives the same bytes. PDF goes through ``service.office.convert``.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import jinja2
from docxtpl import DocxTemplate
from markupsafe import Markup

from service import records
from validators import kinds, resources
from validators.errors import DataInvalid, ServiceUnavailable, UnknownName
from validators.settings import current
from validators.texts import said

FORMATS = ("docx", "pdf")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

PROTOCOL_WORDS: dict[str, dict[str, str]] = {
    "ru": {"heard": "СЛУШАЛИ", "spoke": "ВЫСТУПИЛИ", "resolved": "ПОСТАНОВИЛИ", "decided": "РЕШИЛИ"},
    "kk": {"heard": "ТЫҢДАЛДЫ", "spoke": "СӨЙЛЕДІ", "resolved": "ҚАУЛЫ ЕТТІ", "decided": "ШЕШТІ"},
}
ATTENDEES_INLINE_MAX = 10

# Names the templates may use besides the schema's properties (preflight knows them).
BUILTINS = frozenset({"emblem", "words", "attendees_inline_max", "lang", "loop"})


def kinds_info() -> list[dict[str, Any]]:
    return [{"kind": k.id, "names": dict(k.names), "group": k.group, "generated": k.generated}
            for k in kinds.REGISTRY.values()]


# ---------------------------------------------------------------- dates
MONTHS = {
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря"],
    "kk": ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
           "қараша", "желтоқсан"],
}
KK_LOCATIVE = ["қаңтардағы", "ақпандағы", "наурыздағы", "сәуірдегі", "мамырдағы", "маусымдағы", "шілдедегі",
               "тамыздағы", "қыркүйектегі", "қазандағы", "қарашадағы", "желтоқсандағы"]


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def long_date(value: str, lang: str) -> str:
    """ru «16 июня 2025 года», kk «2025 жылғы 16 маусым»."""
    d = _date(value)
    if lang == "kk":
        return f"{d.year} жылғы {d.day} {MONTHS['kk'][d.month - 1]}"
    return f"{d.day} {MONTHS['ru'][d.month - 1]} {d.year} года"


def attr_date(value: str, lang: str) -> str:
    """As an attribute: kk «2025 жылғы 16 маусымдағы» (… № 315 қаулысына); ru as long_date."""
    d = _date(value)
    if lang == "kk":
        return f"{d.year} жылғы {d.day} {KK_LOCATIVE[d.month - 1]}"
    return long_date(value, lang)


def short_date(value: str, lang: str) -> str:
    return _date(value).strftime("%d.%m.%Y")


TEXT_WIDTH_TWIPS = 9638  # A4 portrait less 30 + 10 mm margins


def _cell(text: str, width: int, header: bool) -> str:
    props = '<w:pPr><w:jc w:val="center"/></w:pPr>' if header else ""
    bold = "<w:rPr><w:b/></w:rPr>" if header else ""
    paras = "".join(f'<w:p>{props}<w:r>{bold}<w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
                    for line in str(text).split("\n"))
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{paras}</w:tc>'


def table_xml(table: dict[str, Any]) -> Markup:
    """A Table Grid table from {columns, rows, widths?}: the header row repeats on every page."""
    columns, rows = table["columns"], table.get("rows", [])
    for i, row in enumerate(rows):
        if len(row) != len(columns):
            raise DataInvalid(f"table row {i + 1} has {len(row)} cells; the header has {len(columns)}",
                              details=[{"path": f"table.rows[{i}]", "message": "cell count differs from columns"}])
    weights = table.get("widths") or [1] * len(columns)
    widths = [int(TEXT_WIDTH_TWIPS * w / sum(weights)) for w in weights]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    head = "".join(_cell(c, w, True) for c, w in zip(columns, widths, strict=True))
    body = "".join("<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                   + "".join(_cell(c, w, False) for c, w in zip(row, widths, strict=True)) + "</w:tr>"
                   for row in rows)
    return Markup(
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
        '<w:tblLayout w:type="fixed"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
        f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>{body}</w:tbl>'
    )


@functools.cache
def environment(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True, keep_trailing_newline=True)
    env.filters["longdate"] = lambda v: long_date(v, lang)
    env.filters["attrdate"] = lambda v: attr_date(v, lang)
    env.filters["shortdate"] = lambda v: short_date(v, lang)
    env.filters["table"] = table_xml
    return env


# ---------------------------------------------------------------- compiled templates
_LISTING = re.compile(r"[\n\t\a\f]")


_IN_TAG = re.compile(r"(?<=\{[\{%])(.*?)(?=[\}%]\})", re.S)
_TAG_ENTITIES = {"&apos;": "'", "&quot;": '"', "&#39;": "'", "&#34;": '"', "&amp;": "&"}


def patch_xml(helper: DocxTemplate, xml: str) -> str:
    """docxtpl's own run patching (tags split across runs joined, its ``{%p %}``/``{%tr %}`` tags), then the
    entities a word processor writes inside a tag («'» saved as ``&apos;`` by LibreOffice, ``&quot;``) made
    characters again, so a template re-saved in Word or LibreOffice renders as before."""
    src = helper.patch_xml(xml)

    def unescape(m: re.Match[str]) -> str:
        text = m.group(0)
        for entity, char in _TAG_ENTITIES.items():
            text = text.replace(entity, char)
        return text

    return _IN_TAG.sub(unescape, src)


def body_xml(document_xml: str) -> str:
    """What a template's body is compiled from: the stored ``word/document.xml`` between ``<w:body>`` and
    ``</w:body>``, as written (preflight judges the same text). ValueError when there is no body."""
    return document_xml[document_xml.index("<w:body>") + len("<w:body>"):document_xml.rindex("</w:body>")]


@dataclass
class CompiledTemplate:
    """A template read and compiled once: zip entries, and the body split into prefix / Jinja / suffix."""

    path: Path
    entries: list[tuple[str, bytes]]
    prefix: str
    body: jinja2.Template
    suffix: str
    _helper: DocxTemplate

    @classmethod
    def load(cls, path: Path, lang: str) -> CompiledTemplate:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            entries = [(info.filename, zf.read(info.filename)) for info in zf.infolist()]
        xml = dict(entries)["word/document.xml"].decode("utf-8")
        start = xml.index("<w:body>") + len("<w:body>")
        end = xml.rindex("</w:body>")
        helper = DocxTemplate(io.BytesIO(data))
        src = patch_xml(helper, body_xml(xml))
        src = re.sub(r"<w:p([ >])", r"\n<w:p\1", src)
        body = environment(lang).from_string(src)
        return cls(path, entries, xml[:start], body, xml[end:], helper)

    def render_document_xml(self, context: dict[str, Any], listing: bool) -> bytes:
        out = self.body.render(context)
        out = re.sub(r"\n<w:p([ >])", r"<w:p\1", out)
        out = out.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if listing:  # values with \n, \t: line breaks and tabs the docxtpl way
            out = self._helper.resolve_listing(out)
        return (self.prefix + out + self.suffix).encode("utf-8")


def template_path(kind: str, lang: str) -> Path:
    return kinds.generated(kind).template_path(lang)


@functools.lru_cache(maxsize=64)
def compiled(kind: str, lang: str) -> CompiledTemplate:
    path = template_path(kind, lang)
    if not path.is_file():
        raise UnknownName(f"no {lang} template for kind {kind!r} ({path})")
    return CompiledTemplate.load(path, lang)


def warm() -> None:
    """Compile every shipped template now (a server calls this at start so no request pays for it)."""
    for kind in kinds.KINDS_GENERATED:
        for lang in resources.LANGS:
            compiled(kind, lang)


# ---------------------------------------------------------------- the emblem on the blank
EMBLEM_PART = "word/media/qujat-emblem.png"
EMBLEM_RID = "rIdQujatEmblem"
EMBLEM_WIDTH_EMU = 900000  # 25 mm
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


@dataclass(frozen=True)
class Emblem:
    png: bytes
    run_xml: str


@functools.cache
def emblem(path: str) -> Emblem:
    """The PNG put in the blank's emblem slot (``QUJAT_EMBLEM`` or the profile setting ``emblem``)."""
    try:
        png = Path(path).read_bytes()
    except OSError as exc:
        raise ServiceUnavailable(f"emblem image {path}: {exc.strerror}") from exc
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ServiceUnavailable(f"emblem image {path}: not a PNG file")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    cx, cy = EMBLEM_WIDTH_EMU, EMBLEM_WIDTH_EMU * height // max(width, 1)
    run = (
        '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="4001" name="Emblem"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:nvPicPr><pic:cNvPr id="0" name="emblem.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{EMBLEM_RID}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r>"
    )
    return Emblem(png, run)


def _emblem_path(profile: str | None, settings: dict[str, Any]) -> str | None:
    if current().emblem:
        return current().emblem
    if settings.get("emblem"):
        return str(resources.PROFILES / (profile or resources.DEFAULT_PROFILE) / settings["emblem"])
    return None


def _with_emblem(name: str, blob: bytes) -> bytes:
    """Declare the emblem part in the content types and the document's relationships."""
    if name == "[Content_Types].xml" and b'Extension="png"' not in blob:
        return blob.replace(b"</Types>", b'<Default Extension="png" ContentType="image/png"/></Types>')
    if name == "word/_rels/document.xml.rels":
        rel = f'<Relationship Id="{EMBLEM_RID}" Type="{_IMAGE_REL}" Target="media/qujat-emblem.png"/>'
        return blob.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
    return blob


# ---------------------------------------------------------------- output
def core_xml(title: str, creator: str, subject: str, lang: str, date: str | None) -> bytes:
    # \a and \f are paragraph and page breaks in the body (docxtpl listing); in a property, XML forbids them
    title, creator = (" ".join(re.split(r"[\a\f]", text)) for text in (title, creator))
    stamp = f"{date}T00:00:00Z" if date else "2000-01-01T00:00:00Z"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:subject>{escape(subject)}</dc:subject>"
        f"<dc:creator>{escape(creator)}</dc:creator><cp:lastModifiedBy>Qujat</cp:lastModifiedBy>"
        f"<dc:language>{'kk-KZ' if lang == 'kk' else 'ru-RU'}</dc:language><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def write_zip(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip with fixed timestamps and permissions, in the given order: byte-deterministic."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            zf.writestr(info, blob)
    return buf.getvalue()


def _has_listing(value: Any) -> bool:
    if isinstance(value, str):
        return bool(_LISTING.search(value))
    if isinstance(value, dict):
        return any(_has_listing(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_listing(v) for v in value)
    return False


@functools.cache
def _settings(profile: str | None) -> dict[str, Any]:
    """The profile's ``settings`` (profile.yaml only: rendering must not depend on the rule files)."""
    import yaml

    from validators import profiles

    profile = profile or resources.DEFAULT_PROFILE
    path = resources.PROFILES / profile / "profile.yaml"
    if "/" in profile or "\\" in profile or not path.is_file():
        known = ", ".join(profiles.available())
        raise UnknownName(f"unknown profile {profile!r}; known: {known}",
                          messages=said("unknown-profile", profile=profile, known=known))
    with path.open(encoding="utf-8") as fh:
        return dict((yaml.safe_load(fh) or {}).get("settings") or {})


def builtins(kind: str, data: dict[str, Any], lang: str, profile: str | None) -> dict[str, Any]:
    """Context names that do not come from the record (see BUILTINS)."""
    settings = _settings(profile)
    path = _emblem_path(profile, settings)
    words = {**PROTOCOL_WORDS[lang], **(settings.get("protocol_words") or {}).get(lang, {})}
    words["outcome"] = words[data.get("outcome") or "resolved"]
    return {
        "emblem": Markup(emblem(path).run_xml if path else ""),
        "words": words,
        "attendees_inline_max": int(settings.get("protocol_attendees_inline_max", ATTENDEES_INLINE_MAX)),
        "lang": lang,
    }


def render_docx(kind: str, data: dict[str, Any], lang: str, profile: str | None = None) -> bytes:
    records.validate(kind, data)
    context = records.resolve(kind, data, lang)
    context.update(builtins(kind, data, lang, profile))
    tpl = compiled(kind, lang)
    try:
        document = tpl.render_document_xml(context, _has_listing(context))
    except jinja2.TemplateError as exc:  # a template defect, reported as such (not a traceback)
        raise DataInvalid(f"{kind}/{lang} template failed to render: {exc}") from exc
    title = context.get("title")
    title = title if isinstance(title, str) else kinds.get(kind).names[lang]
    body = data.get("body")
    creator = body.get(lang, "Qujat") if isinstance(body, dict) else "Qujat"
    core = core_xml(title, creator, kinds.get(kind).names[lang], lang, data.get("date"))
    with_emblem = EMBLEM_RID in context["emblem"]
    entries = []
    for name, blob in tpl.entries:
        if name == "word/document.xml":
            blob = document
        elif name == "docProps/core.xml":
            blob = core
        elif with_emblem:
            blob = _with_emblem(name, blob)
        entries.append((name, blob))
    if with_emblem:
        entries.append((EMBLEM_PART, emblem(_emblem_path(profile, _settings(profile))).png))
    return write_zip(entries)


def render(kind: str, data: dict[str, Any], lang: str = "ru", profile: str | None = None,
           format: str = "docx", pdfa: bool = False) -> bytes:  # noqa: A002 - the contract's name
    """Render one document of ``kind`` from the record ``data`` in ``lang`` as DOCX or PDF bytes."""
    if kind not in kinds.KINDS_GENERATED:
        known = ", ".join(kinds.KINDS_GENERATED)
        said_as = "kind-not-generated" if kind in kinds.KINDS else "unknown-kind"
        raise UnknownName(f"unknown kind {kind!r} for generation; known: {known}",
                          messages=said(said_as, kind=kind, known=known))
    if lang not in resources.LANGS:
        raise UnknownName(f"unknown language {lang!r}; use kk or ru", messages=said("unknown-lang", lang=lang))
    if format not in FORMATS:
        raise UnknownName(f"unknown format {format!r}; use docx or pdf",
                          messages=said("usage-format", value=format, allowed="docx, pdf"))
    _settings(profile)  # an unknown profile is reported before the record is examined
    docx = render_docx(kind, data, lang, profile)
    if format == "docx":
        return docx
    try:
        from service.office import convert
    except ImportError as exc:
        raise ServiceUnavailable("PDF output needs the office pool (service.office), not installed") from exc
    return convert(docx, target="pdf", pdfa=pdfa, deterministic=True)

