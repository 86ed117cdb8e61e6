"""Benchmark generation: naive docxtpl (load template + render + save, per document) vs ours (templates compiled
once per process), and a 2,000-row comparison table to DOCX.

    .venv/bin/python bench/bench_render.py [--docs 20] [--rows 2000]

Both ways render the same records (every example × language); the naive way gets the same resolved context.
Targets: ours ≥ 2× faster per document; the 2,000-row table ≤ 3 s.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docxtpl import DocxTemplate  # noqa: E402

import service.generation as render  # noqa: E402
from service import records  # noqa: E402
from validators import kinds, resources  # noqa: E402


def cases() -> list[tuple[str, str, dict]]:
    out = []
    for kind in kinds.KINDS_GENERATED:
        data = json.loads((resources.EXAMPLES / f"{kind}.json").read_text(encoding="utf-8"))
        for lang in resources.LANGS:
            out.append((kind, lang, data))
    return out


def naive(kind: str, lang: str, data: dict) -> bytes:
    """What a docxtpl user writes: open the template, validate, render, save — every document."""
    records.validate(kind, data)
    context = records.resolve(kind, data, lang)
    context.update(render.builtins(kind, data, lang, None))
    tpl = DocxTemplate(str(render.template_path(kind, lang)))
    buf = io.BytesIO()
    tpl.render(context, jinja_env=copy.copy(render.environment(lang)), autoescape=True)
    tpl.save(buf)
    return buf.getvalue()


def ours(kind: str, lang: str, data: dict) -> bytes:
    return render.render(kind, data, lang=lang)


def timed(fn, items, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for kind, lang, data in items:
            fn(kind, lang, data)
    return time.perf_counter() - start


def big_table(rows: int) -> dict:
    row = {"unit": {"kk": "тармақ", "ru": "пункт"},
           "current": [{"text": {"kk": "Аумақтарды жинау ", "ru": "Уборка территорий "}},
                       {"text": {"kk": "аптасына екі рет ", "ru": "два раза в неделю "}, "mark": "removed"},
                       {"text": {"kk": "жүргізіледі.", "ru": "производится."}}],
           "proposed": [{"text": {"kk": "Аумақтарды жинау ", "ru": "Уборка территорий "}},
                        {"text": {"kk": "күн сайын ", "ru": "ежедневно "}, "mark": "added"},
                        {"text": {"kk": "жүргізіледі.", "ru": "производится."}}],
           "justification": {"kk": "Жинау кезеңділігін нақтылау.", "ru": "Уточнение периодичности уборки."}}
    return {"title": {"kk": "Салыстыру", "ru": "к проекту постановления"},
            "rows": [{**row, "unit": {"kk": f"{i}-тармақ", "ru": f"пункт {i}"}} for i in range(1, rows + 1)]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=3, help="rounds over the 14 example documents")
    ap.add_argument("--rows", type=int, default=2000, help="rows of the big comparison table")
    args = ap.parse_args()
    items = cases()
    render.warm()  # compile every template once, as a server does at start
    n = len(items) * args.docs
    t_naive = timed(naive, items, args.docs)
    t_ours = timed(ours, items, args.docs)
    print(f"documents rendered per way: {n} ({len(items)} kinds×languages × {args.docs} rounds)")
    print(f"naive docxtpl (load+render+save): {t_naive / n * 1000:8.1f} ms/document")
    print(f"ours (compiled once, reused)    : {t_ours / n * 1000:8.1f} ms/document")
    print(f"ratio naive/ours                : {t_naive / t_ours:8.2f}x   (target >= 2x)")
    data = big_table(args.rows)
    start = time.perf_counter()
    blob = render.render("comparison-table", data, lang="ru")
    t_big = time.perf_counter() - start
    start = time.perf_counter()
    naive("comparison-table", "ru", data)
    t_big_naive = time.perf_counter() - start
    print(f"{args.rows}-row comparison table, ours : {t_big:8.2f} s ({len(blob) // 1024} KiB)   (target <= 3 s)")
    print(f"{args.rows}-row comparison table, naive: {t_big_naive:8.2f} s")


if __name__ == "__main__":
    main()
