"""Batch output: results.jsonl written line by line and fsync'ed as each document finishes (so a killed run
loses nothing reported), ``--resume`` by content hash, then summary.json, report.csv and report.html."""

from __future__ import annotations

import csv
import html
import io
import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from validators.texts import catalog, text

RESULTS, SUMMARY, CSV, HTML = "results.jsonl", "summary.json", "report.csv", "report.html"


def key(rec: dict) -> str:
    """Records are identified by content hash; a file with no content (a refused link) by its path."""
    return rec["sha256"] or f"path:{rec['path']}"


def read_results(out_dir: Path) -> list[dict]:
    """Every complete line of results.jsonl (a line cut short by a crash is dropped)."""
    path = Path(out_dir) / RESULTS
    if not path.exists():
        return []
    records = []
    with path.open("rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break
            try:
                records.append(json.loads(raw))
            except ValueError:
                continue
    return records


class ResultsWriter:
    """Appends one JSON line per document and fsyncs it; a key already written is never written again."""

    def __init__(self, out_dir: Path, resume: bool):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.path = self.out_dir / RESULTS
        self.records: list[dict] = read_results(self.out_dir) if resume else []
        self.done = {key(r) for r in self.records}
        self._rewrite_clean() if resume else self.path.write_bytes(b"")
        self._fh = self.path.open("ab")

    def _rewrite_clean(self) -> None:
        """Drop a torn last line (the run was killed mid-write) so appends start on a fresh line."""
        if not self.path.exists():
            return
        data = self.path.read_bytes()
        cut = data.rfind(b"\n") + 1
        if cut != len(data):
            with self.path.open("r+b") as fh:
                fh.truncate(cut)
                fh.flush()
                os.fsync(fh.fileno())

    def write(self, rec: dict) -> bool:
        k = key(rec)
        if k in self.done:
            return False
        line = json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        self._fh.write(line)
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self.done.add(k)
        self.records.append(rec)
        return True

    def close(self) -> None:
        self._fh.close()


def summarize(records: Iterable[dict], meta: dict | None = None) -> dict:
    records = list(records)
    by_status = Counter(r["status"] for r in records)
    by_verdict = Counter(r["verdict"] for r in records if r["verdict"])
    # documents that were read but not understood (verdict not-checked) are neither accepted nor rejected
    not_checked = Counter(_not_checked_reason(r) for r in records if r["verdict"] == "not-checked")
    by_rule: Counter[str] = Counter()
    docs_by_rule: Counter[str] = Counter()
    severity: Counter[str] = Counter()
    for r in records:
        by_rule.update(r.get("rules") or {})
        docs_by_rule.update((r.get("rules") or {}).keys())
        severity.update({k: v for k, v in (r.get("counts") or {}).items() if v})
    return {
        **(meta or {}),
        "files": len(records) + sum(len(r.get("duplicates") or []) for r in records),
        "documents": len(records),
        "by_status": dict(sorted(by_status.items())),
        "by_verdict": dict(sorted(by_verdict.items())),
        "not_checked": sum(not_checked.values()),
        "not_checked_by_reason": dict(sorted(not_checked.items())),
        "by_severity": dict(sorted(severity.items())),
        "findings_by_rule": dict(by_rule.most_common()),
        "documents_by_rule": dict(docs_by_rule.most_common()),
    }


def _not_checked_reason(rec: dict) -> str:
    report = rec.get("report") or {}
    return ((report.get("not_checked") or {}).get("reason")) or "unknown"


def verdict_of(rec: dict) -> str:
    return rec["verdict"] or rec["status"]


def write_reports(out_dir: Path, records: list[dict], meta: dict | None = None) -> dict:
    """summary.json, report.csv and report.html from the records; returns the summary."""
    out_dir = Path(out_dir)
    records = sorted(records, key=lambda r: r["path"])
    summary = summarize(records, meta)
    _atomic(out_dir / SUMMARY, json.dumps(summary, ensure_ascii=False, indent=2).encode())
    lang = report_lang(summary.get("profile"))
    _atomic(out_dir / CSV, _csv(records, lang).encode("utf-8-sig"))
    _atomic(out_dir / HTML, render_html(records, summary, lang).encode())
    return summary


def report_lang(profile: str | None) -> str:
    """The language of report.csv and report.html: the profile's regulation's (kk or ru), else Russian."""
    from validators import profiles
    from validators.errors import QujatError

    try:
        lang = str(profiles.load(profile).regulation.get("language") or "")
    except QujatError:
        lang = ""
    return lang if lang in ("kk", "ru") else "ru"


def _word(key: str, lang: str) -> str:
    return text(f"batch.{key}", lang) if f"batch.{key}" in catalog() else key


def shown(value: str, lang: str) -> str:
    """A verdict or status as people read it (its code when no text is known)."""
    for key in (value, f"status-{value}"):
        if f"batch.{key}" in catalog():
            return text(f"batch.{key}", lang)
    return value


def _atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


CSV_FIELDS = ("path", "status", "verdict", "kind", "lang", "format", "errors", "warnings", "info", "rules",
              "sender", "outgoing_number", "outgoing_date", "signer", "eds", "executor", "phone", "urgency",
              "deadline", "problem", "sha256")


def _row(r: dict) -> dict:
    counts = r.get("counts") or {}
    card = r.get("card") or {}
    return {
        "path": r["path"], "status": r["status"], "verdict": r["verdict"] or "", "kind": r["kind"] or "",
        "lang": r["lang"] or "", "format": r["format"] or "", "errors": counts.get("error", ""),
        "warnings": counts.get("warning", ""), "info": counts.get("info", ""),
        "rules": " ".join(f"{k}×{v}" for k, v in sorted((r.get("rules") or {}).items())),
        **{k: card.get(k) or "" for k in ("sender", "outgoing_number", "outgoing_date", "signer", "executor",
                                          "phone", "urgency", "deadline")},
        "eds": card.get("eds") or "",
        "problem": (r.get("error") or {}).get("message", "") or _why_not_checked(r), "sha256": r["sha256"],
    }


def eds_text(r: dict, lang: str) -> str:
    """What the card says of the document's EDS, in ``lang`` (a card of an older run may hold a plain string)."""
    eds = (r.get("card") or {}).get("eds")
    if isinstance(eds, dict):
        return str(eds.get(lang) or eds.get("ru") or "")
    return str(eds or "")


def _why_not_checked(r: dict, lang: str = "ru") -> str:
    nc = (r.get("report") or {}).get("not_checked") or {}
    return (nc.get("why") or {}).get(lang, "") if nc else ""


def _problem(r: dict, lang: str) -> str:
    """Why a document was not checked, said to people: its error's own text, else the text of its code."""
    err = r.get("error") or {}
    if err:
        said = (err.get("messages") or {}).get(lang)
        if said:
            return str(said)
        return text(f"error.{err['code']}", lang) if f"error.{err.get('code')}" in catalog() else err.get("message", "")
    return _why_not_checked(r, lang)


def _csv(records: list[dict], lang: str = "ru") -> str:
    """One row per document; the header and the verdicts in ``lang`` (columns in CSV_FIELDS order)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([_word(f, lang) for f in CSV_FIELDS])
    for r in records:
        row = _row(r)
        row["status"] = shown(row["status"], lang)
        row["verdict"] = shown(row["verdict"], lang) if row["verdict"] else ""
        row["problem"] = _problem(r, lang)
        row["eds"] = eds_text(r, lang)
        w.writerow([row[f] for f in CSV_FIELDS])
    return buf.getvalue()


_STYLE = """body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f0f0f0;cursor:pointer;user-select:none}th:after{content:" ⇅";color:#999}
.accepted{color:#176c2f}.rejected{color:#b3261e}.unusable,.unsupported,.refused{color:#8a5a00}
.not-checked{color:#555;background:#f1f1f1}
.cards{display:flex;gap:24px;flex-wrap:wrap}.cards table{width:auto}small{color:#666}"""

_SORT_JS = """document.querySelectorAll('table.sortable th').forEach(function(th,i){th.addEventListener('click',function(){
var t=th.closest('table'),b=t.tBodies[0],rows=Array.from(b.rows),asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';
rows.sort(function(a,c){var x=a.cells[i].innerText,y=c.cells[i].innerText,nx=parseFloat(x),ny=parseFloat(y);
var r=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);return asc?r:-r;});rows.forEach(function(r){b.appendChild(r)});});});"""


def rule_name(rule_id: str, lang: str) -> str:
    """A rule's short name in ``lang`` from the rule catalog (its id when the catalog has none)."""
    from validators import profiles

    entry = profiles.catalog().get(rule_id) or {}
    return str((entry.get("names") or {}).get(lang) or rule_id)


def _chart(by_rule: dict[str, int], none: str = "—", label: str = "", lang: str = "ru") -> str:
    """Horizontal bars of findings by rule, as inline SVG: the rules' short names, their ids as tooltips."""
    items = list(by_rule.items())[:30]
    if not items:
        return f"<p><small>{html.escape(none)}</small></p>"
    top = max(v for _, v in items)
    bar_h, label_w, width = 18, 300, 420
    rows = []
    for i, (rule, n) in enumerate(items):
        y = i * (bar_h + 4)
        w = max(1, round(width * n / top))
        tip = f"<title>{html.escape(rule)}: {n}</title>"
        rows.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="12">{tip}'
                    f'{html.escape(rule_name(rule, lang))}</text>'
                    f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="#3b6ea8">{tip}</rect>'
                    f'<text x="{label_w + w + 4}" y="{y + 13}" font-size="12">{n}</text>')
    height = len(items) * (bar_h + 4)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{html.escape(label)}" '
            f'width="{label_w + width + 60}" height="{height}">{"".join(rows)}</svg>')


def _counts_table(title: str, counts: dict, count_word: str, lang: str | None = None) -> str:
    """Counts by verdict, or by rule (``lang`` given: the rule's short name, its id as a tooltip)."""
    def cell(k: object) -> str:
        if lang is None:
            return html.escape(str(k))
        return f"<span title='{html.escape(str(k))}'>{html.escape(rule_name(str(k), lang))}</span>"

    body = "".join(f"<tr><td>{cell(k)}</td><td>{v}</td></tr>" for k, v in counts.items())
    return (f"<table class='sortable'><thead><tr><th>{html.escape(title)}</th><th>{html.escape(count_word)}</th></tr>"
            f"</thead><tbody>{body}</tbody></table>")


def _kind(kind: str, lang: str) -> str:
    from validators import kinds

    try:
        return kinds.get(kind).names.get(lang) or kind if kind else ""
    except Exception:  # noqa: BLE001 - an unknown kind is shown by its id
        return kind


def _rules_cell(r: dict, lang: str) -> str:
    """A document's findings by rule: short names with counts, the ids as tooltips."""
    return "; ".join(f"<span title='{html.escape(k)}'>{html.escape(rule_name(k, lang))} ×{v}</span>"
                     for k, v in sorted((r.get("rules") or {}).items()))


def render_html(records: list[dict], summary: dict, lang: str = "ru") -> str:
    """A self-contained page in ``lang``: counts by verdict and by rule, a chart, and a sortable table of
    documents; rules by their short names from the catalog, ids as tooltips."""
    esc = html.escape
    verdicts = Counter(shown(verdict_of(r), lang) for r in records)
    cols = ("document", "verdict", "kind", "lang", "errors", "warnings", "infos", "rules", "eds", "deadline",
            "problem")
    head = "<tr>" + "".join(f"<th>{esc(_word(c, lang))}</th>" for c in cols) + "</tr>"
    rows = []
    for r in records:
        row = _row(r)
        v = verdict_of(r)
        rows.append(
            f"<tr><td>{esc(r['path'])}</td><td class='{esc(v)}'>{esc(shown(v, lang))}</td>"
            f"<td>{esc(_kind(row['kind'], lang))}</td>"
            f"<td>{esc(text('term.lang-' + row['lang'], lang) if row['lang'] in ('kk', 'ru') else row['lang'])}</td>"
            f"<td>{row['errors']}</td><td>{row['warnings']}</td><td>{row['info']}</td>"
            f"<td>{_rules_cell(r, lang)}</td><td>{esc(eds_text(r, lang))}</td><td>{esc(str(row['deadline']))}</td>"
            f"<td>{esc(_problem(r, lang))}</td></tr>")
    meta = " · ".join(esc(str(summary[k])) for k in ("profile", "finished") if summary.get(k))
    title = _word("title", lang)
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{esc(title)}</title>
<style>{_STYLE}</style></head><body>
<h1>{esc(title)}</h1><p><small>{meta}</small></p>
<p>{esc(text("batch.count", lang, documents=summary['documents'], files=summary['files']))}</p>
<div class="cards">{_counts_table(_word("verdict", lang), dict(sorted(verdicts.items())), _word("total", lang))}
{_counts_table(_word("rule", lang), summary['findings_by_rule'], _word("total", lang), lang)}</div>
<h2>{esc(_word("by-rule", lang))}</h2>{_chart(summary['findings_by_rule'], _word("no-findings", lang), _word("by-rule", lang), lang)}
<h2>{esc(_word("documents", lang))}</h2><table class="sortable" id="documents"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>
<script>{_SORT_JS}</script></body></html>"""
