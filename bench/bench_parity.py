"""Parity of two 10-page acts (kk and ru rendered from one generated record), ours vs a naive baseline.

    .venv/bin/python bench/bench_parity.py [--points 48] [--rows 60] [--repeat 5]

Ours: ``validators.bilingual.compare_pair`` (unit trees, DP alignment of siblings with cached token bags, per-unit
comparison, every parity and arithmetic rule of the default profile). Naive baseline, measured in the same run:
the same unit trees, but every kk unit is scored against every ru unit with its tokens extracted afresh each
time and the best match taken greedily (what a quick script comparing "each point with each point" does).
Target: ours ≤ 200 ms for two 10-page acts. Figures exclude .docx parsing (printed separately).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service import render  # noqa: E402
from validators import resources  # noqa: E402
from validators.bilingual import compare_pair  # noqa: E402
from validators.document import parse  # noqa: E402
from validators.parity import tokens as tk  # noqa: E402
from validators.parity import units as un  # noqa: E402
from validators.parity.align import bilingual_score  # noqa: E402
from validators.parity.compare import align_pair  # noqa: E402


def big_record(points: int, rows: int) -> dict:
    """The example resolution grown to ``points`` points (3 sub-points each) and an appendix of ``rows`` rows."""
    base = json.loads((resources.EXAMPLES / "resolution.json").read_text(encoding="utf-8"))
    rec = copy.deepcopy(base)
    src = base["points"]
    rec["points"] = []
    for i in range(points):
        p = copy.deepcopy(src[i % len(src)])
        for lang in ("kk", "ru"):
            amount = f"{(i + 1) * 1237:,}".replace(",", " ")
            extra = (f" 2025 жылғы {i % 27 + 1} маусымға дейін {amount} мың теңге сомасында." if lang == "kk"
                     else f" до {i % 27 + 1} июня 2025 года в сумме {amount} тысяч тенге.")
            if isinstance(p["text"], dict):
                p["text"][lang] = p["text"][lang].rstrip(".;:") + extra
        p["subpoints"] = [{"text": {"kk": f"{j + 1}-кезең бойынша {j * 17 + i} объект;",
                                    "ru": f"по этапу {j + 1} объектов {j * 17 + i};"}} for j in range(3)]
        rec["points"].append(p)
    table = rec["appendices"][0]["table"]
    row = table["rows"][0]
    table["rows"] = [[str(k + 1), *copy.deepcopy(row[1:])] for k in range(rows)]
    return rec


def naive(kk_doc, ru_doc) -> int:
    """Greedy best match of every kk unit among all ru units, tokens re-extracted for every comparison."""
    a = [u for u in un.build(kk_doc, "kk").walk() if u.kind not in ("root",)]
    b = [u for u in un.build(ru_doc, "ru").walk() if u.kind not in ("root",)]
    mismatches = 0
    used: set[int] = set()
    for x in a:
        best, best_s = None, -1.0
        for k, y in enumerate(b):
            if k in used:
                continue
            x.__dict__.pop("tokens", None), x.__dict__.pop("bag", None), x.__dict__.pop("stems", None)
            y.__dict__.pop("tokens", None), y.__dict__.pop("bag", None), y.__dict__.pop("stems", None)
            s = bilingual_score(x, y)
            if s > best_s:
                best, best_s = k, s
        if best is None:
            mismatches += 1
            continue
        used.add(best)
        if tk.bag(x.tokens) != tk.bag(b[best].tokens):
            mismatches += 1
    return mismatches


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--points", type=int, default=48)
    ap.add_argument("--rows", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--naive-repeat", type=int, default=1)
    args = ap.parse_args()
    record = big_record(args.points, args.rows)
    blobs = {lang: render("resolution", record, lang=lang) for lang in ("kk", "ru")}
    t0 = time.perf_counter()
    docs = {lang: parse(blobs[lang], name=f"big.{lang}.docx", lang=lang) for lang in ("kk", "ru")}
    parse_ms = (time.perf_counter() - t0) * 1000
    words = {lang: len(d.body_text.split()) + sum(len(c.split()) for t in d.tables for r in t.texts() for c in r)
             for lang, d in docs.items()}
    pages = "n/a"
    try:
        from service.office import page_count  # type: ignore[attr-defined]

        pages = "/".join(str(page_count(blobs[lang], "docx")) for lang in ("kk", "ru"))
    except Exception as exc:  # the office pool is optional here: words per page estimate instead
        pages = f"~{words['ru'] // 300} (est. 300 words/page; LibreOffice count unavailable: {type(exc).__name__})"
    ours, ours_cpu, base, base_cpu = [], [], [], []
    report = None
    for k in range(args.repeat):
        kk = parse(blobs["kk"], name="big.kk.docx", lang="kk")
        ru = parse(blobs["ru"], name="big.ru.docx", lang="ru")
        t0, c0 = time.perf_counter(), time.process_time()
        report = compare_pair(kk, ru)
        ours.append((time.perf_counter() - t0) * 1000)
        ours_cpu.append((time.process_time() - c0) * 1000)
        if k < args.naive_repeat:  # the baseline is slow: fewer runs
            kk2 = parse(blobs["kk"], name="big.kk.docx", lang="kk")
            ru2 = parse(blobs["ru"], name="big.ru.docx", lang="ru")
            t0, c0 = time.perf_counter(), time.process_time()
            naive(kk2, ru2)
            base.append((time.perf_counter() - t0) * 1000)
            base_cpu.append((time.process_time() - c0) * 1000)
    units = sum(1 for p in align_pair(docs["kk"], docs["ru"]).root.walk())
    o, b = statistics.median(ours), statistics.median(base)
    print(f"two acts: {args.points} points x 3 sub-points, appendix table {args.rows} rows; "
          f"words kk {words['kk']} / ru {words['ru']}; pages {pages}; aligned pairs {units}")
    print(f"parsing both .docx (once, not in the figures): {parse_ms:.0f} ms")
    oc, bc = statistics.median(ours_cpu), statistics.median(base_cpu)
    print(f"ours   compare_pair (parity + arithmetic rules): median {o:.1f} ms wall, {oc:.1f} ms CPU "
          f"(min {min(ours):.1f} ms wall, n={len(ours)})")
    print(f"naive  all-pairs, tokens re-extracted:            median {b:.1f} ms wall, {bc:.1f} ms CPU (n={len(base)})")
    print(f"load average (1/5/15 min) during the run: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on "
          f"{os.cpu_count()} cores")
    print(f"ratio naive/ours: {b / o:.1f}x; target ours <= 200 ms: {'met' if o <= 200 else 'NOT met'}; "
          f"verdict of the clean pair: {report.verdict if report else '?'}")
    return 0 if o <= 200 else 1


if __name__ == "__main__":
    sys.exit(main())
