"""Findings and the validation report: the JSON of the contract, plain text and SARIF 2.1.0."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


def _kind_name(kind: str | None, lang: str) -> str | None:
    """The kind's name in kk/ru (schemas/kinds.yaml); its id in English."""
    if kind is None:
        return None
    if lang == "en":
        return kind
    from validators import kinds

    try:
        return kinds.get(kind).names.get(lang) or kind
    except Exception:  # noqa: BLE001 - an unknown kind is shown by its id
        return kind


@dataclass
class Location:
    """Where a finding is: 1-based page/paragraph/slide/table/row/cell, and a short excerpt."""

    page: int | None = None
    paragraph: int | None = None
    slide: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    excerpt: str | None = None
    shape: str | None = None
    unit: str | None = None  # a structural unit, e.g. "п. 3, пп. 2)" or "appendix 1"
    ocr: bool | None = None  # True: the text here was recognised by OCR from a scan (may hold OCR errors)

    def to_dict(self) -> dict:
        d = asdict(self)
        # shape, unit and ocr are extensions: emit them only when set, keep the contract's keys always.
        for extra in ("shape", "unit", "ocr"):
            if d[extra] is None:
                del d[extra]
        if d["excerpt"] is not None and len(d["excerpt"]) > 200:
            d["excerpt"] = d["excerpt"][:197] + "..."
        return d

    def describe(self, lang: str = "en") -> str:
        """The place as a clerk names it: page or slide, then the unit as printed (point, appendix, table of
        the text) when known; else the paragraph or the table cell by count."""
        from validators.texts import text

        parts = [text(f"place.{key}", lang, n=getattr(self, key)) for key in ("page", "slide")
                 if getattr(self, key) is not None]
        if self.shape:
            parts.append(text("place.shape", lang, name=self.shape))
        if self.unit:
            parts.append(self.unit)
        else:
            parts += [text(f"place.{key}", lang, n=getattr(self, key)) for key in ("paragraph", "table", "row", "cell")
                      if getattr(self, key) is not None]
        if self.ocr:
            parts.append(text("place.ocr", lang))
        return ", ".join(parts) or text("place.document", lang)


@dataclass
class Source:
    """The regulation (profile id) and clause that require the rule."""

    regulation: str
    clause: str  # as the profile writes it, with the regulation's line numbers (for machines)
    citation: dict[str, str] | None = None  # the regulation's name and clause for people, kk/ru/en

    def to_dict(self) -> dict:
        d: dict = {"regulation": self.regulation, "clause": self.clause}
        if self.citation:
            d["citation"] = dict(self.citation)
        return d

    def cite(self, lang: str) -> str:
        if self.citation:
            return self.citation.get(lang) or self.citation.get("en") or self.clause
        return f"{self.regulation}: {self.clause}"


@dataclass
class Finding:
    rule: str
    severity: Severity
    message: dict[str, str]
    location: Location = field(default_factory=Location)
    source: Source | None = None
    # every place of a finding that stands for several (one misspelt word, each of its occurrences); the first
    # is ``location``. Empty for a finding about one place.
    occurrences: list[Location] = field(default_factory=list)

    def to_dict(self) -> dict:
        d: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "message": dict(self.message),
            "location": self.location.to_dict(),
            "source": self.source.to_dict() if self.source else None,
        }
        if self.occurrences:
            d["occurrences"] = [loc.to_dict() for loc in self.occurrences]
        return d

    @property
    def places(self) -> list[Location]:
        """Every place the finding marks: its occurrences, or its one location."""
        return self.occurrences or [self.location]

    def text(self, lang: str = "en") -> str:
        return self.message.get(lang) or self.message.get("en") or next(iter(self.message.values()), "")


@dataclass
class Note:
    """Something the reader must know about the run itself, e.g. a check that was skipped and why;
    ``message`` in kk, ru and en (a note made with one string keeps it for every language)."""

    code: str
    message: dict[str, str]

    def __post_init__(self) -> None:
        if isinstance(self.message, str):
            self.message = {lang: self.message for lang in ("kk", "ru", "en")}

    def text(self, lang: str = "en") -> str:
        return self.message.get(lang) or self.message.get("en") or ""

    def to_dict(self) -> dict:
        return {"code": self.code, "message": dict(self.message)}


def note_text(key: str, /, **args: object) -> dict[str, str]:
    """The note ``note.<key>`` of schemas/texts.yaml in kk, ru and en."""
    from validators.texts import texts

    return dict(texts(f"note.{key}", **args))


@dataclass
class NotChecked:
    """Why the document was not checked (verdict ``not-checked``) and what to do, in kk/ru/en."""

    reason: str  # no-text | ocr-poor | nothing-to-check | unfilled-template | unknown-kind | uncertain-kind | language
    why: dict[str, str]
    todo: dict[str, str]

    def to_dict(self) -> dict:
        return {"reason": self.reason, "why": dict(self.why), "todo": dict(self.todo)}


@dataclass
class DocumentInfo:
    name: str
    sha256: str
    kind: str | None
    lang: str | None
    format: str
    pages: int | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    document: DocumentInfo
    profile: str
    findings: list[Finding] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    extras: dict = field(default_factory=dict)  # e.g. "card" of an incoming letter, "rendering" facts
    not_checked: NotChecked | None = None  # set when the document was not understood well enough
    detection: dict | None = None  # the kind detection: kind, given, confidence, best, runner_up
    checked: list[str] = field(default_factory=list)  # ids of the rules that were applied
    profile_title: dict[str, str] = field(default_factory=dict)  # the profile's kk/ru/en title (for text)

    @property
    def verdict(self) -> Literal["accepted", "rejected", "not-checked"]:
        """``not-checked`` when the document was not understood (findings of the checks that could run are
        still listed); else ``rejected`` exactly when a finding is an error."""
        if self.not_checked is not None:
            return "not-checked"
        return "rejected" if any(f.severity == "error" for f in self.findings) else "accepted"

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    def sort(self) -> None:
        """Order findings by position in the document, then by severity."""
        order = {s: i for i, s in enumerate(SEVERITIES)}

        def key(f: Finding):
            loc = f.location
            return (
                loc.slide or 0,
                loc.page or 0,
                loc.paragraph or 0,
                loc.table or 0,
                loc.row or 0,
                loc.cell or 0,
                order[f.severity],
                f.rule,
            )

        self.findings.sort(key=key)

    def to_dict(self) -> dict:
        d = {
            "document": self.document.to_dict(),
            "profile": self.profile,
            "verdict": self.verdict,
            "counts": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
            "notes": [n.to_dict() for n in self.notes],
            "not_checked": self.not_checked.to_dict() if self.not_checked else None,
            "detection": self.detection,
            "checked": list(self.checked),
        }
        d.update(self.extras)
        return d

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_text(self, lang: str = "en") -> str:
        """The report for reading, every word in ``lang``; English also names rule ids and codes (for
        developers), kk and ru name the regulation and clause instead."""
        from validators.texts import text

        doc = self.document
        c = self.counts()
        title = self.profile_title.get(lang) or self.profile
        unknown = text("label.unknown", lang)
        kind = _kind_name(doc.kind, lang) or unknown
        summary = text("label.summary", lang, kind=kind if lang != "en" else (doc.kind or "?"),
                       lang=(doc.lang or "?") if lang == "en" else (text(f"term.lang-{doc.lang}", lang) if doc.lang else unknown),
                       profile=title if lang != "en" else self.profile,
                       errors=c["error"], warnings=c["warning"], infos=c["info"])
        lines = [f"{doc.name}: {text(f'label.verdict-{self.verdict}', lang)}  ({summary})"]
        width = max(len(text(f"label.severity-{s}", lang)) for s in SEVERITIES)
        if self.not_checked is not None:
            nc = self.not_checked
            lines.append(f"  {text('label.why', lang)}: {nc.why.get(lang) or nc.why.get('en', '')}")
            lines.append(f"  {text('label.todo', lang)}: {nc.todo.get(lang) or nc.todo.get('en', '')}")
        det = self.detection or {}
        if det and not det.get("given"):
            best, runner = det.get("best") or {}, det.get("runner_up") or {}
            if lang == "en":
                why = f" ({', '.join(best.get('evidence', []))})" if best else ""
                guess = f"{best.get('kind')}{why}" if best else "—"
                second = f"; runner-up {runner.get('kind')} (score {runner.get('score')})" if runner else ""
                lines.append(f"  KIND    {guess}; confidence {det.get('confidence', 0):.0%}{second}")
            else:
                lines.append("  " + text("label.kind-guess", lang, kind=_kind_name(best.get("kind"), lang) or "—",
                                         confidence=f"{det.get('confidence', 0):.0%}"))
        lines += _card_lines(self.extras.get("card"), lang)
        for f in self.findings:
            severity = text(f"label.severity-{f.severity}", lang).ljust(width)
            rule = f" {f.rule} " if lang == "en" else " "
            lines.append(f"  {severity}{rule} {f.location.describe(lang)}: {f.text(lang)}")
            if f.location.excerpt:
                lines.append(f"  {'':{width}}  «{f.location.excerpt[:120]}»")
            if len(f.occurrences) > 1:
                lines.append(f"  {'':{width}}  ×{len(f.occurrences)}: " + "; ".join(o.describe(lang) for o in f.occurrences))
            if f.source:
                lines.append(f"  {'':{width}}  {text('label.basis', lang)}: {f.source.cite(lang)}")
        for n in self.notes:
            code = f" {n.code}" if lang == "en" else ""
            lines.append(f"  {text('label.note', lang)}{code}: {n.text(lang)}")
        return "\n".join(lines)


_CARD_FIELDS = ("sender", "outgoing_number", "outgoing_date", "signer", "eds", "executor", "phone", "urgency",
                "deadline", "deadline_basis")


def _card_lines(card: dict | None, lang: str) -> list[str]:
    """The registration card of an incoming letter as people read it: the batch report's column names, the EDS
    line in ``lang`` (``card["eds"]`` is {kk, ru, en})."""
    from validators.texts import text

    if not isinstance(card, dict):
        return []
    lines = [f"  {text('label.card', lang)}:"]
    for key in _CARD_FIELDS:
        value = card.get(key)
        if isinstance(value, dict):
            value = value.get(lang) or value.get("ru")
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            value = ".".join(reversed(value.split("-")))  # as a clerk writes a date
        if value:
            lines.append(f"    {text(f'batch.{key}', lang)}: {value}")
    return lines if len(lines) > 1 else []


def to_sarif(reports: list[Report], rule_help: dict[str, str] | None = None) -> dict:
    """SARIF 2.1.0 for code-scanning style viewers: one run, one result per finding."""
    level = {"error": "error", "warning": "warning", "info": "note"}
    rules: dict[str, dict] = {}
    results = []
    for report in reports:
        for f in report.findings:
            if f.rule not in rules:
                rules[f.rule] = {
                    "id": f.rule,
                    "shortDescription": {"text": (rule_help or {}).get(f.rule, f.text("en"))},
                }
                if f.source:
                    rules[f.rule]["properties"] = {"regulation": f.source.regulation, "clause": f.source.clause}
            loc = f.location
            region: dict = {}
            if loc.paragraph:
                region["startLine"] = loc.paragraph
            if loc.excerpt:
                region["snippet"] = {"text": loc.excerpt}
            physical: dict = {"artifactLocation": {"uri": report.document.name}}
            if region:
                physical["region"] = region
            results.append(
                {
                    "ruleId": f.rule,
                    "level": level[f.severity],
                    "message": {"text": f.text("en"), "properties": {"kk": f.message.get("kk"), "ru": f.message.get("ru")}},
                    "locations": [
                        {
                            "physicalLocation": physical,
                            "logicalLocations": [{"name": loc.describe()}],
                        }
                    ],
                }
            )
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "qujat", "rules": list(rules.values())}},
                "results": results,
            }
        ],
    }
