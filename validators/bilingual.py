"""The parity report of a kk/ru pair of documents.

``compare_pair(kk, ru, profile=None) -> Report`` — the parity report the CLI (``qujat parity``) and HTTP
(``POST /v1/parity``) give: every ``parity.*`` rule of the profile over the aligned pair, plus the
``arithmetic.*`` rules over each language. The comparison itself is the library :mod:`validators.parity`;
this module sits above it and the engine.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from validators.engine import run_rules
from validators.model import Document
from validators.parity.compare import ParityResult, align_pair, language_of
from validators.profiles import load as load_profile
from validators.report import Note, Report, note_text
from validators.rules.parity import DIFFERS, PARITY_RESULT

Source = Document | str | Path | bytes


def load(source: Source, lang: str | None = None, name: str | None = None, profile: str | None = None) -> Document:
    """A parsed document from a Document, a path or bytes (.docx/.pdf, or Markdown .md). ``lang`` is only a
    fallback: the language detected in the text wins, so swapped files are noticed. ``profile``: whose protocol
    section words the parser is given."""
    if isinstance(source, Document):
        doc = source
    elif isinstance(source, (str, Path)) and Path(source).suffix.lower() in (".md", ".markdown"):
        from validators.parity.markdown import parse_markdown

        path = Path(source)
        doc = parse_markdown(path.read_text(encoding="utf-8"), name=name or path.name)
    else:
        from validators.document import parse

        doc = parse(source, name=name, protocol_words=load_profile(profile).protocol_words)
    if doc.lang not in ("kk", "ru"):  # a copy with the language found: the caller's model is not changed
        doc = replace(doc, lang=language_of(doc) or lang)
    return doc


def _is_parity(rule: Any) -> bool:
    return rule.id.startswith("parity.")


def _is_arithmetic(rule: Any) -> bool:
    return rule.id.startswith("arithmetic.")


def parity_result(kk: Document, ru: Document, profile: str | None = None) -> ParityResult:
    """The alignment of the pair and, by rule id, the differences each ``parity.*`` rule of the profile finds in
    it with its params (what the side-by-side page marks)."""
    result = align_pair(kk, ru)
    for rule in load_profile(profile).rules:
        if rule.id in DIFFERS:
            result.differences[rule.id] = DIFFERS[rule.id](result, rule.params)
    return result


def compare_pair(kk: Source, ru: Source, profile: str | None = None, arithmetic: bool = True,
                 kk_name: str | None = None, ru_name: str | None = None) -> Report:
    """Parity report of a kk/ru pair: ``document`` is the kk text, ``pair`` (extension) the ru text,
    ``alignment`` (extension) the aligned units. Arithmetic findings name their side: ``unit`` "kk: …" / "ru: …"."""
    kk_doc, ru_doc = load(kk, "kk", kk_name, profile), load(ru, "ru", ru_name, profile)
    swapped = kk_doc.lang == "ru" and ru_doc.lang == "kk"
    if swapped:  # the files were given the other way round
        kk_doc, ru_doc = ru_doc, kk_doc
    result = align_pair(kk_doc, ru_doc)
    only = (lambda r: _is_parity(r) or _is_arithmetic(r)) if arithmetic else _is_parity
    report = run_rules(kk_doc, profile, pair=ru_doc, only=only, computed={PARITY_RESULT: result})
    if arithmetic:
        for f in report.findings:
            if f.rule.startswith("arithmetic."):
                f.location.unit = f"kk: {f.location.unit}" if f.location.unit else "kk"
        ru_report = run_rules(ru_doc, profile, only=_is_arithmetic)
        for f in ru_report.findings:
            f.location.unit = f"ru: {f.location.unit}" if f.location.unit else "ru"
        report.findings.extend(ru_report.findings)
        report.notes.extend(n for n in ru_report.notes if n.code not in {m.code for m in report.notes})
    if swapped:
        report.notes.append(Note("parity-swapped", note_text("parity-swapped", kk_name=kk_doc.name, ru_name=ru_doc.name)))
    report.extras["pair"] = {"name": ru_doc.name, "sha256": ru_doc.sha256, "lang": ru_doc.lang,
                             "format": ru_doc.format, "kind": ru_doc.kind}
    report.extras["alignment"] = alignment_summary(result.root)
    return report


def alignment_summary(root) -> list[dict]:
    """The aligned units (no rows/cells), for faces that show the pair side by side."""
    out = []
    for pair in root.walk():
        if pair.kind in ("root", "row", "cell"):
            continue
        out.append({"kind": pair.kind, "kk": pair.a.label if pair.a else None, "ru": pair.b.label if pair.b else None,
                    "moved": pair.moved, "score": round(pair.score, 3)})
    return out


__all__ = ["compare_pair", "load", "parity_result"]
