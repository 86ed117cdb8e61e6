"""Slide rules for .pptx presentations: file size, 16:9 aspect ratio, effective font size and typeface of
every run (validators.slides_style resolves inheritance), colour (not grayscale-only)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from validators.errors import UnusableDocument
from validators.report import Finding, Location
from validators.rules.base import RuleContext, check_function
from validators.slides_style import DeckStyle, RunStyle, aspect_ratio, is_gray
from validators.texts import Texts, term

EMU_PER_CM = 360000


def deck(ctx: RuleContext) -> DeckStyle:
    """The style resolver of the parsed presentation (python-pptx object from the parser, else the bytes)."""

    def build() -> DeckStyle:
        prs = ctx.doc.native
        if prs is None or not hasattr(prs, "slides"):
            from pptx import Presentation

            try:
                prs = Presentation(io.BytesIO(ctx.doc.data))
            except Exception as exc:  # noqa: BLE001 - python-pptx raises many types on broken packages
                raise UnusableDocument(f"the presentation cannot be read ({type(exc).__name__}: {exc})") from None
        return DeckStyle(prs)

    return ctx.memo("slides.deck", build)


def runs(ctx: RuleContext) -> list[RunStyle]:
    return ctx.memo("slides.runs", lambda: list(deck(ctx).runs()))


def _by_shape(items: list[RunStyle]) -> dict[tuple[int, str], list[RunStyle]]:
    groups: dict[tuple[int, str], list[RunStyle]] = {}
    for r in items:
        groups.setdefault((r.slide, r.shape), []).append(r)
    return groups


@check_function("slides.file-size")
def check_file_size(ctx: RuleContext) -> Iterator[Finding]:
    size = ctx.doc.size or len(ctx.doc.data)
    limit = int(ctx.params.get("max_bytes", 10_000_000))
    if size > limit:
        yield ctx.finding(Location(), size_mb=f"{size / 1_000_000:.1f}", max_mb=f"{limit / 1_000_000:g}", size=size)


@check_function("slides.aspect-ratio")
def check_aspect_ratio(ctx: RuleContext) -> Iterator[Finding]:
    width, height, ratio = aspect_ratio(deck(ctx).prs)
    want = 16 / 9
    tolerance = float(ctx.params.get("tolerance", 0.01))
    if not height or abs(ratio - want) / want > tolerance:
        yield ctx.finding(
            Location(slide=1 if deck(ctx).prs.slides else None),
            width_cm=f"{width / EMU_PER_CM:.2f}", height_cm=f"{height / EMU_PER_CM:.2f}", ratio=f"{ratio:.3f}",
        )


_SOURCES = (("run", "from-run"), ("paragraph", "from-paragraph"), ("layout", "from-layout"),
            ("master", "from-master"), ("theme", "from-theme"), ("presentation", "from-default"),
            ("default", "from-default"), ("shape", "from-shape"), ("lstStyle", "from-shape"))


def _source(where: str) -> Texts:
    """Where a run's size or typeface came from («from the slide master»), in every language."""
    low = where.casefold()
    key = next((k for word, k in _SOURCES if word.casefold() in low), "from-default")
    out = term(key)
    out["en"] = f"from {where}"  # English keeps the exact part of the file, for whoever edits the deck's XML
    return out


def _describe_size(r: RunStyle) -> Texts:
    size = f"{r.size_pt:g}"
    if r.font_scale < 1:
        shown = term("pt-scaled", size=size, base=f"{r.size_pt / r.font_scale:g}", scale=f"{r.font_scale:.0%}")
    else:
        shown = term("pt", size=size)
    src = _source(r.size_source)
    return Texts({lang: f"{shown[lang]} ({src[lang]})" if lang == "en" else f"{shown[lang]}, {src[lang]}"
                  for lang in shown})


@check_function("slides.font-size")
def check_font_size(ctx: RuleContext) -> Iterator[Finding]:
    minimum = float(ctx.params.get("min_pt", 18))
    for (slide, shape), items in _by_shape(runs(ctx)).items():
        small = [r for r in items if r.size_pt < minimum - 1e-6]
        if not small:
            continue
        worst = min(small, key=lambda r: r.size_pt)
        yield ctx.finding(
            Location(slide=slide, shape=shape, excerpt=worst.text[:160]),
            size=_describe_size(worst), count=len(small), min_pt=f"{minimum:g}",
        )


@check_function("slides.font-family")
def check_font_family(ctx: RuleContext) -> Iterator[Finding]:
    wanted = str(ctx.params.get("font", "Arial"))
    for (slide, shape), items in _by_shape(runs(ctx)).items():
        other = [r for r in items if r.typeface.casefold() != wanted.casefold()]
        if not other:
            continue
        named = {(r.typeface or "?", r.typeface_source) for r in other}
        faces = Texts({lang: ", ".join(dict.fromkeys(f"{face} ({_source(src)[lang]})" for face, src in sorted(named)))
                       for lang in ("kk", "ru", "en")})
        yield ctx.finding(Location(slide=slide, shape=shape, excerpt=other[0].text[:160]), fonts=faces,
                          count=len(other))


@check_function("slides.colour")
def check_colour(ctx: RuleContext) -> Iterator[Finding]:
    style = deck(ctx)
    if not len(style.prs.slides):
        return
    colourful: list[tuple[str, Any]] = [(where, rgb) for where, rgb in style.colours() if not is_gray(rgb)]
    if not colourful:
        yield ctx.finding(Location())
