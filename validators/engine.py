"""Running a profile's rules over a parsed document and assembling the report."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from validators import profiles as profiles_mod
from validators.errors import QujatError, UnknownName
from validators.model import Document
from validators.report import DocumentInfo, Finding, Note, Report, note_text
from validators.rules import CHECKS, RuleContext, load_all
from validators.texts import error_texts, join, said, texts

if TYPE_CHECKING:
    from validators.document.pdf import PageOcr


@dataclass
class CheckOptions:
    """What a run may do beyond structure. Faces set these from flags/config."""

    pages: bool = True  # render DOCX through the office pool to count pages when a page rule applies
    spelling: bool = True  # hunspell + lexicon
    grammar: bool = True  # LanguageTool, only when configured (QUJAT_LANGUAGETOOL_URL / _DIR)
    lang_out: str = "en"
    # incoming letters: names of the files that came with the document (e.g. "letter.docx.cms", a copy of
    # the delegation order) and the day it was received (None = today in Kazakhstan)
    attachments: tuple[str, ...] = ()
    received: Any = None  # datetime.date | None
    # verification of attached signatures, done by the caller (service.signing): dicts with "path",
    # "status" (valid | untrusted | revocation-unknown | unverifiable | invalid), "status_text" ({kk, ru, en}
    # of the status, the signing module's words), "signer", "organisation", "reasons" (English detail) and
    # "reason_texts" ([{kk, ru, en}] of the same reasons)
    signatures: tuple[dict, ...] = ()
    # the documents arrived from outside (an inbox): a letter detected as our own cover letter is an incoming one
    inbox: bool = False
    # OCR for PDF pages without a text layer (scans), given by the face (service.ocr.engine()); None = off
    ocr: PageOcr | None = None
    # renders a DOCX to count its pages (the faces pass service.office.render_info); None: pages of a DOCX
    # are not counted and the report says so
    page_counter: PageCounter | None = None


class Rendering(Protocol):
    """What a page counter reports about a rendered document (``service.office.RenderInfo`` is one)."""

    @property
    def pages(self) -> int: ...

    @property
    def layout_faithful(self) -> bool: ...

    def to_dict(self) -> dict[str, Any]: ...


# (document bytes, format) → its rendering; raises a QujatError when it cannot render
PageCounter = Callable[[bytes, str], Rendering]


@dataclass
class CheckEnv:
    options: CheckOptions = field(default_factory=CheckOptions)
    notes: list[Note] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)  # report extensions (e.g. "card", "rendering")
    _memo: dict[tuple[int, str], Any] = field(default_factory=dict)

    def memo(self, doc: Document, key: str, compute: Callable[[], Any]) -> Any:
        k = (id(doc), key)
        if k not in self._memo:
            self._memo[k] = compute()
        return self._memo[k]

    def note(self, code: str, key: str, /, **args: Any) -> None:
        """A note ``code`` (once per run) with the text ``note.<key>`` of schemas/texts.yaml."""
        if all(n.code != code for n in self.notes):
            self.notes.append(Note(code, note_text(key, **args)))


def _given(value: Any) -> Any:
    return value


@dataclass
class _CardRun:
    doc: Document
    profile: Any
    env: CheckEnv


def run_rules(doc: Document, profile_id: str | None, pair: Document | None = None,
              options: CheckOptions | None = None, only: Callable[[Any], bool] | None = None,
              computed: dict[str, Any] | None = None, related: Document | None = None) -> Report:
    """Apply every rule of the profile that fits the document's kind and format (``only``: a rule filter;
    ``computed``: results the caller already has, by memo key — e.g. the pair's parity comparison;
    ``related``: a document of another kind the pair rules compare it with — its appendix in a file of its own,
    the letter a reply answers, the справка of a draft)."""
    from validators.understanding import assess

    load_all()
    profile = profiles_mod.load(profile_id)
    env = CheckEnv(options=options or CheckOptions())
    for key, value in (computed or {}).items():
        env.memo(doc, key, functools.partial(_given, value))
    findings: list[Finding] = []
    checked: list[str] = []
    unknown = assess(doc)
    for rule in profile.rules:
        if not rule.applies_to(doc.kind, doc.format, pair is not None, related is not None) or (
                only is not None and not only(rule)):
            continue
        if unknown is not None and "*" not in rule.kinds:  # not understood: only the checks of any document
            continue
        checked.append(rule.id)
        fn = CHECKS.get(rule.check)
        if fn is None:
            raise RuntimeError(f"rule {rule.id}: no check function {rule.check!r} is registered")
        ctx = RuleContext(doc=doc, rule=rule, profile=profile, env=env, pair=pair, related=related)
        try:
            findings.extend(fn(ctx))
        except QujatError:
            raise
        except Exception as exc:  # a rule's bug must not lose the rest of the report
            env.note(f"rule-failed:{rule.id}", "rule-failed", rule=rule.id, detail=f"{type(exc).__name__}: {exc}")
    rendered = env.extras.get("rendering") or {}
    pages = rendered.get("pages") if rendered.get("source") == "libreoffice" else doc.pages
    if unknown is None and doc.kind in ("incoming-letter", "appeal"):  # the registration card: parser output
        from validators.rules.incoming import registration_card

        env.extras["card"] = registration_card(_CardRun(doc, profile, env))
    report = Report(
        document=DocumentInfo(
            name=doc.name, sha256=doc.sha256, kind=doc.kind, lang=doc.lang, format=doc.format, pages=pages
        ),
        profile=profile.id,
        findings=findings,
        notes=env.notes,
        extras=env.extras,
        not_checked=unknown,
        detection=doc.detection.to_dict() if doc.detection is not None else None,
        checked=checked,
        profile_title=dict(profile.title),
    )
    _text_layer(doc, report)
    report.sort()
    return report


def _text_layer(doc: Document, report: Report) -> None:
    """Say which pages were read by OCR (findings there may come from recognition errors) or not read."""
    layer = doc.text_layer
    if layer is None or not (layer.ocr_pages or layer.unread or layer.blank_pages):
        return
    report.extras["text_layer"] = layer.to_dict()
    for f in report.findings:  # mark every finding that stands on recognised text
        loc = f.location
        para = doc.paragraphs[loc.paragraph - 1] if loc.paragraph and loc.paragraph <= len(doc.paragraphs) else None
        if (para is not None and para.ocr) or (loc.page is not None and loc.page in layer.ocr_pages):
            loc.ocr = True
    if layer.ocr_pages:
        pages = ", ".join(map(str, layer.ocr_pages))
        report.notes.append(Note("ocr", note_text("ocr", pages=pages, engine=layer.engine,
                                                  confidence=f"{layer.confidence:g}")))
    if layer.unread:
        pages = ", ".join(map(str, sorted(layer.unread)))
        why = [texts(f"note.why-{v}", reason=layer.reason or "—") for v in dict.fromkeys(layer.unread.values())]
        report.notes.append(Note("text-not-read", note_text("text-not-read", pages=pages, reasons=join(why, "; "))))


def check(source: str | Path | bytes, kind: str | None = None, lang: str | None = None,
          profile: str | None = None, pair: str | Path | bytes | None = None,
          name: str | None = None, options: CheckOptions | None = None,
          related: str | Path | bytes | None = None) -> Report:
    """Validate one document (path or bytes) against a profile; ``pair`` is the other-language version,
    ``related`` a document of another kind for the pair rules (the act's appendix, the letter a reply answers)."""
    from validators import kinds, resources
    from validators.document import parse  # parsing pulls in python-docx/pptx/pypdf

    if kind is not None and kind not in kinds.KINDS:
        kinds.get(kind)  # UnknownName, said to people
    if lang is not None and lang not in resources.LANGS:
        raise UnknownName(f"unknown language {lang!r}; use kk or ru", messages=said("unknown-lang", lang=lang))
    ocr = options.ocr if options is not None else None
    words = profiles_mod.load(profile).protocol_words  # the parser reads no profile: it is given the words
    doc = parse(source, name=name, kind=kind, lang=lang, ocr=ocr, inbox=options is not None and options.inbox,
                protocol_words=words)
    try:
        other = parse(pair, ocr=ocr, protocol_words=words) if pair is not None else None
    except QujatError as exc:  # say which of the two files is unusable
        raise type(exc)(f"pair: {exc.message}", code=exc.code, details=exc.details,
                        messages=said("pair", detail=error_texts(exc))) from None
    try:
        rel = parse(related, ocr=ocr) if related is not None else None
    except QujatError as exc:
        raise type(exc)(f"related: {exc.message}", code=exc.code, details=exc.details,
                        messages=said("related", detail=error_texts(exc))) from None
    return run_rules(doc, profile, pair=other, options=options, related=rel)
