"""Structural validation of a 3-page DOCX (no page rendering, no spelling) against the naive baseline of
unzipping the same file and parsing its XML with lxml, measured in the same run.

    .venv/bin/python bench/bench_validate.py [FILE.docx] [--rounds N]

Without FILE a 3-page resolution (two-column blank, 45 points with sub-points, an appendix) is built with
python-docx. Prints the median per-document time of each, and the ratio (target ≤ 8×).
"""

from __future__ import annotations

import argparse
import io
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
    ours(data)  # warm: imports, profile and rule loading, regex compilation happen once per process
    baseline(data)
    b_all, b_doc, t, t_parse = measure([baseline, baseline_document_only, ours, parse_only], data, args.rounds)
    print(f"document: {args.file or 'built 3-page resolution'} ({len(data)} bytes)")
    print(f"baseline unzip + lxml (all XML parts):      {b_all * 1000:8.2f} ms")
    print(f"baseline unzip + lxml (word/document.xml):  {b_doc * 1000:8.2f} ms")
    print(f"qujat structural validation:               {t * 1000:8.2f} ms")
    print(f"  of which parsing into the model:          {t_parse * 1000:8.2f} ms "
          f"(the rest: every rule of the profile)")
    print(f"ratio vs all XML parts: {t / b_all:5.2f}x   vs document.xml only: {t / b_doc:5.2f}x   (target <= 8x)")


if __name__ == "__main__":
    main()
