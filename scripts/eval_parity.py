"""Evaluate bilingual parity and arithmetic on real kk/ru act pairs (Markdown, one folder per act with
``kaz.md`` and ``rus.md``), and print the kk/ru length-ratio calibration.

    .venv/bin/python scripts/eval_parity.py ../shared/corpus/kk_ru_pairs/almaty_oblast \
        [--sentences ../shared/corpus/kk_ru_sentences/ntrex128] [--profile turkestan-city-2025] [--html OUT_DIR]

For every pair it prints each finding (rule, severity, unit in both languages, message). When the folder
holds act 175680 it also says whether its two known mismatches (ru 3 002 217 / 278 482 009 vs kk 3 012 217 /
278 482 099) were found by parity and by arithmetic.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from validators.bilingual import compare_pair, parity_result  # noqa: E402
from validators.parity import html  # noqa: E402
from validators.parity.compare import align_pair  # noqa: E402
from validators.parity.markdown import parse_markdown  # noqa: E402

KNOWN_175680 = (("3 012 217", "3 002 217", "1-тармақ"), ("278 482 099", "278 482 009", "2-тармақ"))


def _ratios(pairs) -> list[float]:
    out = []
    for kk, ru in pairs:
        for p in align_pair(kk, ru).root.walk():
            if p.a and p.b and p.kind in ("point", "paragraph", "title", "preamble") and min(p.a.length, p.b.length) >= 80:
                out.append(p.a.length / p.b.length)
    return out


def _describe(name: str, ratios: list[float]) -> str:
    if not ratios:
        return f"{name}: no units"
    logs = [math.log(r) for r in ratios]
    r = sorted(ratios)

    def q(p: float) -> float:
        return r[min(len(r) - 1, int(p * len(r)))]

    return (f"{name}: n={len(r)} median={q(0.5):.3f} mean ln={statistics.mean(logs):+.3f} sd ln={statistics.pstdev(logs):.3f} "
            f"p0.5={q(0.005):.3f} p1={q(0.01):.3f} p99={q(0.99):.3f} p99.5={q(0.995):.3f} min={r[0]:.3f} max={r[-1]:.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pairs", type=Path, help="folder of act folders with kaz.md and rus.md")
    ap.add_argument("--sentences", type=Path, help="NTREX folder with newstest2019-ref.kaz.txt/.rus.txt")
    ap.add_argument("--profile", default=None)
    ap.add_argument("--html", type=Path, help="write a side-by-side report per pair into this folder")
    args = ap.parse_args()
    folders = sorted(p for p in args.pairs.iterdir() if (p / "kaz.md").is_file() and (p / "rus.md").is_file())
    if not folders:
        print(f"no kaz.md/rus.md pairs under {args.pairs}", file=sys.stderr)
        return 2
    loaded = []
    totals = {"error": 0, "warning": 0}
    found_175680 = None
    for folder in folders:
        kk = parse_markdown((folder / "kaz.md").read_text(encoding="utf-8"), f"{folder.name}/kaz.md", "kk")
        ru = parse_markdown((folder / "rus.md").read_text(encoding="utf-8"), f"{folder.name}/rus.md", "ru")
        loaded.append((kk, ru))
        report = compare_pair(kk, ru, profile=args.profile)
        c = report.counts()
        totals["error"] += c["error"]
        totals["warning"] += c["warning"]
        print(f"== {folder.name}: {report.verdict}, {c['error']} errors, {c['warning']} warnings "
              f"({len(kk.points)}/{len(ru.points)} points, {len(kk.appendices)}/{len(ru.appendices)} appendices, "
              f"{len(kk.tables)}/{len(ru.tables)} tables)")
        for f in report.findings:
            print(f"   {f.severity:7} {f.rule:24} {f.location.unit}: {f.text('ru')}")
        if args.html:
            args.html.mkdir(parents=True, exist_ok=True)
            (args.html / f"{folder.name}.html").write_text(html.render(parity_result(kk, ru, args.profile), report), encoding="utf-8")
        if folder.name == "175680":
            found_175680 = []
            for kk_value, ru_value, unit in KNOWN_175680:
                by_parity = any(f.rule == "parity.numbers" and kk_value in f.message["ru"] and ru_value in f.message["ru"]
                                for f in report.findings)
                by_arith = any(f.rule == "arithmetic.sum-parts" and f.location.unit == f"kk: {unit}" for f in report.findings)
                found_175680.append((f"{unit}: kk {kk_value} vs ru {ru_value}", by_parity, by_arith))
    print(f"\n{len(folders)} pairs: {totals['error']} errors, {totals['warning']} warnings in total")
    if found_175680 is not None:
        for what, by_parity, by_arith in found_175680:
            print(f"175680 {what}: parity {'FOUND' if by_parity else 'MISSED'}, "
                  f"arithmetic {'FOUND' if by_arith else 'MISSED'}")
    print("\nkk/ru length ratio per unit (units of 80+ characters in both languages):")
    print("  " + _describe("aligned act units", _ratios(loaded)))
    if args.sentences:
        kaz = (args.sentences / "newstest2019-ref.kaz.txt").read_text(encoding="utf-8").splitlines()
        rus = (args.sentences / "newstest2019-ref.rus.txt").read_text(encoding="utf-8").splitlines()
        print("  " + _describe("NTREX sentences", [len(a) / len(b) for a, b in zip(kaz, rus, strict=False)
                                                   if min(len(a), len(b)) >= 80]))
    ok = found_175680 is None or all(p and a for _, p, a in found_175680)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
