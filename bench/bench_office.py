"""DOCX → PDF per document: one cold `soffice --headless --convert-to pdf` each (the naive way) vs the warm pool.

Usage: python bench/bench_office.py [FILE_OR_DIR ...] [--count N] [--pages P] [--pdfa]
Without files it makes N small DOCX files (P pages each) with python-docx. Both ways run in the same process,
one document at a time; the naive way gets its own user profile, initialised by one untimed run; the pool is
warmed by one untimed conversion. Prints per-document times, both means, the ratio (target ≥5×) and checks
that both ways agree on every page count.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from service import office  # noqa: E402


def make_docx(number: int, pages: int) -> bytes:
    document = docx.Document()
    for page in range(pages):
        for line in range(6):
            run = document.add_paragraph().add_run(
                f"Құжат {number}, бет {page + 1}, жол {line + 1}. Документ {number}: об утверждении положения "
                "о порядке рассмотрения обращений физических и юридических лиц.")
            run.font.name = "Times New Roman"
        if page < pages - 1:
            document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def inputs(args: argparse.Namespace) -> list[tuple[str, bytes]]:
    files: list[Path] = []
    for given in args.paths:
        path = Path(given)
        files += sorted(path.rglob("*.docx")) if path.is_dir() else [path]
    if files:
        return [(f.name, f.read_bytes()) for f in files]
    return [(f"generated-{n + 1}.docx", make_docx(n + 1, args.pages)) for n in range(args.count)]


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def naive(soffice: str, profile: Path, source: Path, outdir: Path, pdfa: bool) -> bytes:
    target = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}' if pdfa else "pdf"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", target,
                    "--outdir", str(outdir), str(source)], check=True, capture_output=True, timeout=300)
    return (outdir / (source.stem + ".pdf")).read_bytes()


def pool_throughput(documents: list[tuple[str, bytes]], workers: int, pdfa: bool) -> float:
    """Pages per minute of a warm pool of ``workers`` processes fed by as many threads."""
    pool = office.OfficePool(office.OfficeConfig(workers=workers, timeout=300))
    try:
        with ThreadPoolExecutor(max_workers=workers) as executor:
            list(executor.map(lambda d: pool.convert(d[1], pdfa=pdfa), documents[:workers]))  # warm every process
            start = time.perf_counter()
            results = list(executor.map(lambda d: pool.convert(d[1], pdfa=pdfa), documents))
            elapsed = time.perf_counter() - start
    finally:
        pool.shutdown()
    return sum(pages(pdf) for pdf in results) / elapsed * 60


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="DOCX files or folders of them (default: generated)")
    parser.add_argument("--count", type=int, default=10, help="documents to generate (default 10)")
    parser.add_argument("--pages", type=int, default=2, help="pages per generated document (default 2)")
    parser.add_argument("--pdfa", action="store_true", help="PDF/A-2b both ways")
    parser.add_argument("--workers", type=int, default=2,
                        help="also measure the pool's throughput with this many processes and callers (default 2)")
    args = parser.parse_args()
    if not office.available():
        print("LibreOffice or python3-uno is not installed: nothing to measure (make install)")
        return 1
    soffice = "/usr/bin/soffice" if Path("/usr/bin/soffice").exists() else "soffice"
    documents = inputs(args)

    with tempfile.TemporaryDirectory(prefix="qujat-bench-office-") as tmp:
        work = Path(tmp)
        profile, outdir = work / "naive-profile", work / "out"
        outdir.mkdir()
        sources = []
        for index, (name, data) in enumerate(documents):
            source = work / f"{index:03d}-{Path(name).stem}.docx"
            source.write_bytes(data)
            sources.append(source)
        naive(soffice, profile, sources[0], outdir, args.pdfa)  # untimed: creates the naive user profile

        pool = office.OfficePool(office.OfficeConfig(workers=1, timeout=300))
        try:
            pool.convert(documents[0][1], pdfa=args.pdfa)  # untimed: starts the warm process
            rows = []
            for source, (name, data) in zip(sources, documents, strict=True):
                start = time.perf_counter()
                cold_pdf = naive(soffice, profile, source, outdir, args.pdfa)
                cold = time.perf_counter() - start
                start = time.perf_counter()
                warm_pdf = pool.convert(data, pdfa=args.pdfa)
                warm = time.perf_counter() - start
                rows.append((name, cold, warm, pages(cold_pdf), pages(warm_pdf)))
        finally:
            pool.shutdown()
        throughput = pool_throughput(documents, args.workers, args.pdfa) if args.workers > 1 else None

    print(f"{'document':40} {'naive s':>9} {'pool s':>9} {'pages':>7}")
    for name, cold, warm, cold_pages, warm_pages in rows:
        agree = str(warm_pages) if cold_pages == warm_pages else f"{cold_pages}≠{warm_pages}"
        print(f"{name[:40]:40} {cold:9.3f} {warm:9.3f} {agree:>7}")
    cold_times, warm_times = [r[1] for r in rows], [r[2] for r in rows]
    cold_mean, warm_mean = statistics.mean(cold_times), statistics.mean(warm_times)
    warm_p95 = sorted(warm_times)[max(0, round(0.95 * len(warm_times)) - 1)]
    print(f"\n{len(rows)} documents{' (PDF/A-2b)' if args.pdfa else ''}")
    print(f"naive  cold soffice --convert-to pdf : {cold_mean * 1000:8.1f} ms per document")
    print(f"ours   warm LibreOffice pool         : {warm_mean * 1000:8.1f} ms per document (p95 {warm_p95 * 1000:.1f} ms)")
    print(f"ratio  {cold_mean / warm_mean:.1f}x faster per document (target >= 5x)")
    if throughput is not None:
        print(f"pool   {args.workers} processes, {args.workers} callers    : {throughput:8.0f} pages per minute")
    mismatched = sum(r[3] != r[4] for r in rows)
    if mismatched:
        print(f"page counts differ on {mismatched} documents")
    return 1 if mismatched else 0


if __name__ == "__main__":
    sys.exit(main())
