"""Structural check of a PDF with a text layer (what incoming correspondence mostly is) against baselines measured in
the same run: (a) pypdf ``extract_text`` of every page (what the PDF reader did before it read the layout),
(b) pdfplumber's bare character extraction of every page (``page.chars``: the library the reader uses, no words,
lines, tables or rules), (b0) pdfminer's parse of every page alone (``page.layout``, what ``page.chars`` is built
on: the floor), (c) the same check of the .docx the PDF was saved from.

    .venv/bin/python bench/bench_pdf.py [FILE.pdf] [--rounds N]

Without FILE the resolution of bench/bench_validate.py (3 pages in python-docx terms, 8 as LibreOffice lays it
out; two-column blank, 45 points with sub-points, an appendix with a ruled table) is built with python-docx and
saved as PDF by the project's LibreOffice service (``service.office.convert``), as a clerk's Word file saved as
PDF is. The check is the library call ``qujat check``
makes, without page rendering or spelling (``CheckOptions(pages=False, spelling=False, grammar=False)``).
Prints the median of N runs of each (interleaved round by round), seconds per page, and the ratios.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_validate import build_three_pages  # noqa: E402

from validators import CheckOptions, check  # noqa: E402

OPTIONS = CheckOptions(pages=False, spelling=False, grammar=False)


def pypdf_text(data: bytes) -> None:
    """(a) pypdf's plain text of every page."""
    import pypdf

    for page in pypdf.PdfReader(io.BytesIO(data), strict=False).pages:
        page.extract_text()


def plumber_chars(data: bytes) -> None:
    """(b) pdfplumber's characters of every page, nothing more."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.chars  # noqa: B018 - the property parses the page
            page.close()


def pdfminer_parse(data: bytes) -> None:
    """(b0) pdfminer's parse of every page (pdfplumber's ``page.layout``, without laparams), nothing more."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.layout  # noqa: B018 - the property parses the page
            page.close()


def check_pdf(data: bytes) -> None:
    check(data, name="bench.pdf", options=OPTIONS)


def check_docx(data: bytes) -> None:
    check(data, name="bench.docx", options=OPTIONS)


def measure(jobs: list[tuple[Callable[[bytes], None], bytes]], rounds: int) -> list[float]:
    """Median time of each job, interleaved round by round so machine load hits them alike."""
    times: list[list[float]] = [[] for _ in jobs]
    for _ in range(rounds):
        for k, (fn, data) in enumerate(jobs):
            t0 = time.perf_counter()
            fn(data)
            times[k].append(time.perf_counter() - t0)
    return [statistics.median(t) for t in times]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", type=Path, help="a PDF with a text layer (then no .docx baseline)")
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()
    docx: bytes | None = None
    if args.file:
        pdf = args.file.read_bytes()
    else:
        from service import office

        docx = build_three_pages()
        pdf = office.convert(docx)
    import pypdf

    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    report = check(pdf, name="bench.pdf", options=OPTIONS)  # warm-up: imports, profile and rule loading
    jobs: list[tuple[Callable[[bytes], None], bytes]] = [(pypdf_text, pdf), (plumber_chars, pdf), (pdfminer_parse, pdf),
                                                       (check_pdf, pdf)]
    if docx is not None:
        check_docx(docx)
        jobs.append((check_docx, docx))
    for fn, data in jobs:
        fn(data)
    load_before = os.getloadavg()[0]
    times = measure(jobs, args.rounds)
    load = os.getloadavg()[0]
    a, b, b0, ours = times[:4]
    errors = sum(f.severity == "error" for f in report.findings)
    print(f"document: {args.file or 'bench_validate.py resolution saved as PDF by LibreOffice'} ({len(pdf)} bytes, "
          f"{pages} pages, kind found: {report.document.kind}, {errors} errors); {args.rounds} rounds, load average "
          f"(1 min) {load_before:.2f} before, {load:.2f} after — the machine is shared: compare ratios of quiet runs")
    print(f"(a) pypdf extract_text, all pages:      {a * 1000:8.1f} ms  {a / pages:6.3f} s/page")
    print(f"(b) pdfplumber chars, all pages:        {b * 1000:8.1f} ms  {b / pages:6.3f} s/page")
    print(f"(b0) pdfminer parse alone, all pages:   {b0 * 1000:8.1f} ms  {b0 / pages:6.3f} s/page  (the floor)")
    print(f"qujat structural check of the PDF:      {ours * 1000:8.1f} ms  {ours / pages:6.3f} s/page")
    line = (f"ratio: {ours / a:5.2f}x (a) pypdf text   {ours / b:5.2f}x (b) pdfplumber chars   "
            f"{ours / b0:5.2f}x (b0) pdfminer parse")
    if docx is not None:
        d = times[4]
        print(f"(c) the same check of the .docx:        {d * 1000:8.1f} ms  {d / pages:6.3f} s/page")
        line += f"   {ours / d:5.2f}x (c) the .docx"
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
