"""Page limits on the rendered page count: the PDF's own pages, or a DOCX rendered by the office pool
(LibreOffice). When pages cannot be counted the report says so in a note; a limit is never passed silently."""

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
        ctx.env.note("pages-not-counted", "page limits were not checked: page rendering is off (--no-pages)")
        return None
    try:
        from service.office import render_info
    except ImportError as exc:
        ctx.env.note("pages-not-counted", f"page limits were not checked: the office pool is not installed ({exc})")
        return None
    try:
        info = render_info(doc.data, "docx")
    except QujatError as exc:
        ctx.env.note("pages-not-counted", f"page limits were not checked: LibreOffice could not render the "
                                          f"document ({exc.message})")
        return None
    result = {
        "pages": info.pages, "source": "libreoffice",
        "fonts_requested": sorted(getattr(info, "fonts_requested", []) or []),
        "fonts_embedded": sorted(getattr(info, "fonts_embedded", []) or []),
        "substituted": _jsonable(getattr(info, "substituted", None)),
        "metric_compatible": _jsonable(getattr(info, "metric_compatible", None)),
    }
    doc.pages = info.pages
    ctx.env.extras["rendering"] = result
    if result["substituted"]:
        ctx.env.note("fonts-substituted", f"fonts substituted while rendering: {result['substituted']}; "
                                          "the page count may differ in Word")
    return result


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return sorted(str(v) for v in value) if isinstance(value, (set, frozenset)) else [_jsonable(v) for v in value]
    return value


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
        yield ctx.finding(Location(page=limit + 1, excerpt=None), pages=pages, context=context)
