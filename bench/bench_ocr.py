"""OCR cost per scanned page: a resolution rendered by LibreOffice and rasterised into an image-only PDF (as a
scanner gives it) is checked through Tesseract OCR; the baseline, measured in the same run, is rasterising the
same page alone with pdftoppm (the first half of what OCR does).

    .venv/bin/python bench/bench_ocr.py [SCAN.pdf] [--rounds N] [--dpi 300]

Without SCAN.pdf the example resolution (examples/resolution.json, kk) is rendered and rasterised at 200 dpi
(tests/validation/scans.py, as test_ocr.py builds its scans).
Prints, per page: pdftoppm alone, OCR of the page (pdftoppm + tesseract kaz+rus, single-threaded), and the whole
`check` of the scanned document divided by its pages, with ratios against the baseline.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# the scans test_ocr.py checks; imported by path: a package named «tests» in site-packages shadows ours
sys.path.insert(0, str(ROOT / "tests" / "validation"))

from scans import scanned_resolution  # noqa: E402

from service.ocr import available, engine  # noqa: E402
from validators import CheckOptions, check  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scan", nargs="?", type=Path, help="an image-only PDF")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--dpi", type=int, default=300, help="OCR rasterisation resolution (the service default)")
    args = ap.parse_args()
    ok, why = available()
    if not ok:
        print(f"OCR is not available here: {why}", file=sys.stderr)
        return 2
    data = args.scan.read_bytes() if args.scan else scanned_resolution("kk")
    import pypdf

    pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    ocr = engine()
    assert ocr is not None
    ocr.dpi = args.dpi
    raster, recog, whole = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "in.pdf")
        src.write_bytes(data)
        for _ in range(args.rounds):
            for page in range(1, pages + 1):
                t = time.perf_counter()
                subprocess.run(["pdftoppm", "-r", str(args.dpi), "-f", str(page), "-l", str(page), "-gray",
                                "-singlefile", str(src), str(Path(tmp, "p"))], check=True)
                raster.append(time.perf_counter() - t)
                t = time.perf_counter()
                ocr(data, page)
                recog.append(time.perf_counter() - t)
            t = time.perf_counter()
            report = check(data, name="scan.pdf", options=CheckOptions(pages=False, spelling=False, grammar=False,
                                                                       ocr=ocr))
            whole.append((time.perf_counter() - t) / pages)
    base = statistics.median(raster)
    r, w = statistics.median(recog), statistics.median(whole)
    layer = report.extras.get("text_layer", {})
    print(f"scanned PDF: {pages} pages, OCR at {args.dpi} dpi, kind found: {report.document.kind}, "
          f"mean word confidence {layer.get('confidence')}%")
    print(f"baseline  pdftoppm alone       {base:7.2f} s/page")
    print(f"ocr       pdftoppm + tesseract {r:7.2f} s/page   ({r / base:5.1f}x baseline)")
    print(f"check     whole check via OCR  {w:7.2f} s/page   ({w / base:5.1f}x baseline)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
