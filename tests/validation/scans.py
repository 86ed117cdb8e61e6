"""Scanned documents as a scanner gives them, built in code: a PDF's pages rasterised by pdftoppm into grey
images in a PDF without any text layer. Used by tests/validation/test_ocr.py and bench/bench_ocr.py."""

from __future__ import annotations

import io
import json
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def image_pdf(pdf: bytes, dpi: int = 200) -> bytes:
    """The pages of ``pdf`` as grey images in a PDF without any text layer, as a scanner would give them."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "in.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "in.pdf", "pg"], cwd=tmp, check=True)
        images = [Image.open(p).convert("L") for p in sorted(Path(tmp).glob("pg*.png"))]
        out = io.BytesIO()
        images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return out.getvalue()


def scanned_resolution(lang: str, dpi: int = 200) -> bytes:
    """The example resolution (examples/resolution.json) in ``lang``, rendered by LibreOffice, then scanned."""
    from service import render

    record = json.loads((ROOT / "examples" / "resolution.json").read_text(encoding="utf-8"))
    return image_pdf(render("resolution", record, lang=lang, format="pdf"), dpi)
