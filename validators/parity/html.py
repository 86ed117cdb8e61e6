"""Side-by-side HTML report of a kk/ru pair: one row per aligned unit, the two texts next to each other,
missing/moved units and mismatched tokens highlighted, the findings under the row. Self-contained (inline CSS,
no scripts, no external resources)."""

from __future__ import annotations

import html
from collections import defaultdict

from validators.parity.align import Pair
from validators.parity.compare import ParityResult
from validators.report import Report
from validators.texts import text

CSS = """
body{font-family:Arial,Helvetica,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em} .sum{margin:.5em 0 1em} .rej{color:#b00020;font-weight:bold} .acc{color:#1b5e20;font-weight:bold}
table{border-collapse:collapse;width:100%;table-layout:fixed}
td,th{border:1px solid #ccc;padding:.35em .5em;vertical-align:top;font-size:.92em;white-space:pre-wrap}
th{background:#f3f3f3} td.lab{width:9em;color:#555;font-size:.85em}
tr.missing td.txt{background:#fde7e9} tr.moved td.txt{background:#fff4d6} tr.bad td.txt{background:#fffbe6}
mark{background:#ffb3b3;padding:0 .1em} .f{color:#b00020;font-size:.85em;margin-top:.3em}
.w{color:#8a5a00}
"""


def _highlight(text: str, values: set[str], tokens) -> str:
    """``text`` escaped, with the tokens whose value is in ``values`` wrapped in <mark>."""
    out, pos = [], 0
    for t in tokens:
        if t.value in values and t.start >= pos:
            out.append(html.escape(text[pos:t.start]))
            out.append(f"<mark>{html.escape(text[t.start:t.end])}</mark>")
            pos = t.end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def render(result: ParityResult, report: Report | None = None, lang: str = "ru") -> str:
    """The HTML page (a string) for ``result`` (its ``differences`` marked, by rule id); ``report`` adds verdict and
    rule citations."""
    bad: dict[int, set[str]] = defaultdict(set)
    notes: dict[tuple[int, int], list[str]] = defaultdict(list)
    said = {(f.rule, f.location.unit): f.text(lang) for f in (report.findings if report else [])}
    for label, diff in ((label, d) for label, diffs in result.differences.items() for d in diffs):
        for unit, shown in ((diff.a, diff.kk), (diff.b, diff.ru)):
            if unit is not None:
                bad[id(unit)].update(v for t in unit.tokens if t.show() in shown.split("; ") for v in [t.value])
        unit_names = f"{diff.a.label if diff.a else '—'} / {diff.b.label if diff.b else '—'}"
        message = said.get((label, unit_names))  # the finding's own words, in the reader's language
        if message is None:
            rule = label if lang == "en" else "—"
            message = text("parity.detail", lang, rule=rule, kk=diff.kk, ru=diff.ru)
        notes[(id(diff.a), id(diff.b))].append(message)
    rows = []
    for pair in result.root.walk():
        if pair.kind in ("root", "row", "cell", "table"):
            if pair.kind == "row":
                rows.append(_row(pair, bad, notes, " | "))
            continue
        rows.append(_row(pair, bad, notes, ""))
    verdict = ""
    if report is not None:
        c = report.counts()
        cls = "rej" if report.verdict == "rejected" else "acc"
        summary = text("label.summary", lang, kind="—", lang="kk / ru", profile=_profile_title(report.profile, lang),
                       errors=c["error"], warnings=c["warning"], infos=c["info"])
        verdict = (f'<div class="sum"><span class="{cls}">{html.escape(text(f"label.verdict-{report.verdict}", lang))}'
                   f'</span> — {html.escape(summary)}</div>')
        extra = [f for f in report.findings if not f.rule.startswith("parity.")]
        if extra:
            verdict += "<ul>" + "".join(
                f'<li class="{"f" if f.severity == "error" else "w"}">'
                f'{html.escape(text(f"label.severity-{f.severity}", lang))} '
                f'{html.escape(f.location.describe(lang))}: {html.escape(f.text(lang))}</li>' for f in extra) + "</ul>"
    title = f"{text('parity.title', lang)}: {html.escape(result.kk.name)} (kk) ↔ {html.escape(result.ru.name)} (ru)"
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{CSS}</style></head><body><h1>{title}</h1>{verdict}"
            f"<table><tr><th style='width:9em'></th><th>{html.escape(text('parity.kk', lang))}</th>"
            f"<th style='width:9em'></th><th>{html.escape(text('parity.ru', lang))}</th></tr>"
            + "".join(rows) + "</table></body></html>")


def _profile_title(profile: str, lang: str) -> str:
    from validators import profiles

    try:
        return profiles.load(profile).title.get(lang) or profile
    except Exception:  # noqa: BLE001 - the page is still written for an unknown profile
        return profile


def _row(pair: Pair, bad, notes, sep: str) -> str:
    a, b = pair.a, pair.b
    cls = "missing" if a is None or b is None else "moved" if pair.moved else ""

    def cell(unit) -> str:
        if unit is None:
            return "<td class='lab'>—</td><td class='txt'></td>"
        if unit.kind == "row":
            text = sep.join(_highlight(c.text, bad.get(id(c), set()), c.tokens) for c in unit.children)
        else:
            text = _highlight(unit.text, bad.get(id(unit), set()), unit.tokens)
        return f"<td class='lab'>{html.escape(unit.label)}</td><td class='txt'>{text}</td>"

    found = list(notes.get((id(a), id(b)), []))
    if pair.kind == "row" and a is not None and b is not None:
        for ca, cb in zip(a.children, b.children, strict=False):
            found.extend(notes.get((id(ca), id(cb)), []))
    if found and not cls:
        cls = "bad"
    body = cell(a) + cell(b)
    if found:
        body += "</tr><tr class='{}'><td colspan='4' class='f'>{}</td>".format(
            cls, "<br>".join(html.escape(n) for n in found))
    return f"<tr class='{cls}'>{body}</tr>"
