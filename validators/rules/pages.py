"""Page limits on the rendered page count: the PDF's own pages, or a DOCX rendered by the page counter the
face passes in ``CheckOptions.page_counter`` (``service.office.render_info``: LibreOffice). When pages cannot be counted the report says so in a note; a limit is never passed silently."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from validators.errors import QujatError
from validators.model import Document
from validators.report import Finding, Location
from validators.rules.base import RuleContext, check_function

CONTEXTS: dict[str, re.Pattern[str]] = {
    "apparatus": re.compile(r"аппаратн\w*\s+совещани|аппарат(?:тық)?\s+(?:кеңес|мәжіліс)|аппараттық", re.I),
    "commission": re.compile(r"заседани\w*\s+комисси|координационн\w*\s+совет|комиссия\w*\s+отырыс|"
                             r"үйлестіру\s+кеңес", re.I),
    "event": re.compile(r"(?:к\s+)?(?:официальн\w*\s+)?мероприяти\w*\s+с\s+участием|іс-шара", re.I),
    "sitting": re.compile(r"заседани\w*\s+акимата|әкімдік\w*\s+отырыс", re.I),
}


def meeting_context(doc: Document) -> str:
    """What the material is for, from its first paragraphs: sitting | apparatus | commission | event | unknown."""
    head = " ".join(p.text for p in doc.paragraphs[:15])
    for name, rx in CONTEXTS.items():
        if rx.search(head):
            return name
    return "unknown"


def rendering(ctx: RuleContext) -> dict[str, Any] | None:
    """Page count (and fonts) of the document, computed once per run; None when it cannot be counted."""
    return ctx.memo("rendering", lambda: _render(ctx))


def _render(ctx: RuleContext) -> dict[str, Any] | None:
    doc = ctx.doc
    if doc.format == "pdf":
        return {"pages": doc.pages, "source": "pdf"}
    if doc.format != "docx":
        return None
    if not ctx.env.options.pages:
        ctx.env.note("pages-not-counted", "pages-off")
        return None
    counter = ctx.env.options.page_counter
    if counter is None:  # the face gave no page counter (service.office.render_info)
        ctx.env.note("pages-not-counted", "pages-no-office", detail="no page counter was given")
        return None
    try:
        info = counter(doc.data, "docx")
    except QujatError as exc:
        ctx.env.note("pages-not-counted", "pages-render-failed", detail=exc.message)
        return None
    result = {"source": "libreoffice", **info.to_dict()}
    ctx.env.extras["rendering"] = result  # the report's page count comes from here (the model is not touched)
    if not info.layout_faithful:
        ctx.env.note("fonts-substituted", "fonts-substituted", fonts=_fonts(result["substituted"]))
    return result


def _fonts(substituted: Any) -> str:
    """«Times New Roman → Liberation Serif, …» from the rendering's substitution facts."""
    if isinstance(substituted, list | tuple):
        return ", ".join(" → ".join(map(str, x)) if isinstance(x, list | tuple) else str(x) for x in substituted) or "—"
    return str(substituted or "—")


@check_function("pages.limit")
def check_page_limit(ctx: RuleContext) -> Iterator[Finding]:
    contexts = ctx.params.get("contexts", ["*"])
    context = meeting_context(ctx.doc)
    if "*" not in contexts and context not in contexts:
        return
    info = rendering(ctx)
    if info is None or info.get("pages") is None:
        return
    limit = int(ctx.params["max_pages"])
    pages = int(info["pages"])
    if pages > limit:
        # A count LibreOffice is not sure of (fonts not metric-compatible, or Word stored another count) is not
        # enough to return a draft: it is reported, one severity lower.
        doubtful = info.get("confident") is False
        severity = {"error": "warning", "warning": "info"}.get(ctx.rule.severity, "info") if doubtful else None
        if doubtful:
            ctx.env.note("pages-doubtful", "pages-doubtful", pages=pages, declared=info.get("declared_pages") or "—",
                         fonts=_fonts(info.get("substituted")))
        yield ctx.finding(Location(page=limit + 1, excerpt=None), severity=severity, pages=pages, context=context)
