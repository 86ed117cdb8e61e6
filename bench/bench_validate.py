"""Structural validation of a 3-page DOCX (no page rendering, no spelling) against an honest floor measured in
the same run: unzipping the same file and parsing with lxml exactly the parts the check reads
(``validators.document.docx.parts_read``: document, styles without the latent-style list, numbering, core
properties, theme, page headers) — not every XML part, which would flatter the ratio.

    .venv/bin/python bench/bench_validate.py [FILE.docx] [--rounds N]

Without FILE a 3-page resolution (two-column blank, 45 points with sub-points, an appendix) is built with
python-docx. Prints the median per-document time of each, and the ratio to the floor (target ≤ 5×).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lxml import etree  # noqa: E402

from validators import CheckOptions, check  # noqa: E402


def build_three_pages() -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH as AL

    d = docx.Document()

    def para(text: str, align=None, bold: bool = False, page_break: bool = False) -> None:
        p = d.add_paragraph()
        p.add_run(text).bold = bold or None
        if align is not None:
            p.alignment = align
        p.paragraph_format.page_break_before = page_break or None

    def table(rows: list[list[str]]) -> None:
        t = d.add_table(rows=len(rows), cols=len(rows[0]))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                t.cell(i, j).text = text

    table([["ТҮРКІСТАН ҚАЛАСЫНЫҢ ӘКІМДІГІ", "АКИМАТ ГОРОДА ТУРКЕСТАН"]])
    para("ПОСТАНОВЛЕНИЕ", AL.CENTER, bold=True)
    table([["16 июня 2025 года", "№ 315"]])
    para("город Туркестан", AL.CENTER)
    para("Об утверждении Плана мероприятий по озеленению города Туркестан", bold=True)
    para("В соответствии со статьей 31 Закона Республики Казахстан «О местном государственном управлении и "
         "самоуправлении в Республике Казахстан» акимат города Туркестан ПОСТАНОВЛЯЕТ:", AL.JUSTIFY)
    para("1. Утвердить План мероприятий согласно приложению к настоящему постановлению.", AL.JUSTIFY)
    for i in range(2, 40):
        para(f"{i}. Государственному учреждению «Отдел {i} города Туркестан» обеспечить исполнение мероприятий, "
             "предусмотренных Планом, и ежеквартально, не позднее 10 числа месяца, следующего за отчетным "
             "кварталом, представлять информацию о ходе исполнения в аппарат акима города.", AL.JUSTIFY)
        if i % 5 == 0:
            para("1) обеспечить своевременное исполнение;", AL.JUSTIFY)
            para("2) представить отчет.", AL.JUSTIFY)
    para("40. Контроль за исполнением настоящего постановления возложить на заместителя акима города.")
    para("41. Настоящее постановление вводится в действие со дня его первого официального опубликования.")
    table([["Аким города", "Ә.Пазылбекұлы"]])
    para("Приложение", AL.RIGHT, page_break=True)
    para("к постановлению акимата города Туркестан", AL.RIGHT)
    para("от 16 июня 2025 года № 315", AL.RIGHT)
    para("План мероприятий", AL.CENTER, bold=True)
    table([[f"{i}", f"Мероприятие {i}: посадка саженцев вдоль улиц города", "2025"] for i in range(1, 15)])
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def baseline(data: bytes) -> None:
    """Unzip and parse every XML part with lxml."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(zf.read(name))


def floor(data: bytes) -> None:
    """Unzip and parse with lxml the parts the check reads, and only those, as much of each as it parses (the
    latent-style list of styles.xml is cut before parsing, as the reader does): the honest floor."""
    from validators.document.docx import _LATENT, parts_read

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in parts_read(zf.namelist()):
            part = zf.read(name)
            etree.fromstring(_LATENT.sub(b"", part, count=1) if name == "word/styles.xml" else part)


def baseline_document_only(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        etree.fromstring(zf.read("word/document.xml"))


def ours(data: bytes) -> None:
    check(data, name="bench.docx", options=CheckOptions(pages=False, spelling=False, grammar=False))


def parse_only(data: bytes) -> None:
    from validators.document import parse

    parse(data)


def measure(fns: list, data: bytes, rounds: int) -> list[float]:
    """Median time of each function, interleaved round by round so machine load hits them alike."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(rounds):
        for k, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn(data)
            times[k].append(time.perf_counter() - t0)
    return [statistics.median(t) for t in times]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", type=Path)
    ap.add_argument("--rounds", type=int, default=60)
    args = ap.parse_args()
    data = args.file.read_bytes() if args.file else build_three_pages()
    load_before = os.getloadavg()[0]
    ours(data)  # warm: imports, profile and rule loading, regex compilation happen once per process
    baseline(data)
    floor(data)
    b_all, b_read, b_doc, t, t_parse = measure([baseline, floor, baseline_document_only, ours, parse_only], data,
                                               args.rounds)
    from validators.document.docx import parts_read

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        read = parts_read(zf.namelist())
    load = os.getloadavg()[0]
    print(f"document: {args.file or 'built 3-page resolution'} ({len(data)} bytes); {args.rounds} rounds, "
          f"load average (1 min) {load_before:.2f} before, {load:.2f} after — the machine is shared: compare ratios "
          "of quiet runs")
    print(f"floor: unzip + lxml of the {len(read)} parts the check reads:  {b_read * 1000:8.2f} ms  ({', '.join(read)})")
    print(f"  for reference, all XML parts:               {b_all * 1000:8.2f} ms")
    print(f"  for reference, word/document.xml alone:     {b_doc * 1000:8.2f} ms")
    print(f"qujat structural validation:                 {t * 1000:8.2f} ms")
    print(f"  of which parsing into the model:            {t_parse * 1000:8.2f} ms "
          f"(the rest: kind detection, understanding, every rule of the profile)")
    print(f"ratio to the floor: {t / b_read:5.2f}x (target <= 5x)   "
          f"[vs all XML parts {t / b_all:5.2f}x, vs document.xml alone {t / b_doc:5.2f}x]")


if __name__ == "__main__":
    main()
