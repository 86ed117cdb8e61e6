"""OCR of PDF pages that have no text layer (scans): pdftoppm rasterises one page, Tesseract reads it.

The check in ``validators`` never imports this module. A face (CLI, HTTP, batch) builds a
:class:`TesseractOcr` with :func:`engine` and passes it in ``CheckOptions.ocr``; the PDF reader calls it for
each page whose text layer is empty (``validators.document.pdf.PageOcr``).

Why Tesseract is called directly (not pytesseract, not ocrmypdf): we need only the words, their boxes and
their confidences (``tesseract … tsv``) for one page at a time. pytesseract is a thin wrapper around the same
command that adds a dependency; ocrmypdf rewrites the whole PDF (ghostscript, pikepdf, an output file) which
the check does not need. Calling the two binaries keeps the limits (timeout, pages, pixels) in our hands.

Limits: ``QUJAT_OCR_MAX_PAGES`` pages per document (default 20), ``QUJAT_OCR_TIMEOUT`` seconds per page
(default 60), ``QUJAT_OCR_DPI`` (default 300; pages larger than A3 are rasterised at a lower resolution so that
an image never exceeds ~40 megapixels). Images live in a private temporary folder (mode 0700) that is deleted
when the page is read. Tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``) so that a batch of workers does
not oversubscribe the cores.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from validators.document.pdf import OcrLine, OcrPage, OcrUnavailable
from validators.settings import current

LANGS = "kaz+rus"
MAX_PIXELS = 40_000_000
# Tesseract's usual misreadings of «№» before a number in kaz/rus print («Хо 315», «Ne 5», «No 12»), and the
# Latin «N» older acts print for it, which it also reads as «М»
_NUMERO = re.compile(r"(?<![\w№])(?:Хо|Хе|Ne|No|Nо|N°|N9|Мо|М°|N|М)(?=\s*\d)")
_INITIAL_THREE = re.compile(r"(?<=\t)3\.(?=\s?[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі])")
_DARK = bytes(1 if b < 128 else 0 for b in range(256))  # bytes.translate table: dark pixel -> 1


@dataclass
class TesseractOcr:
    """The OCR engine the faces pass to the check: ``ocr(pdf_bytes, page_number) -> OcrPage``."""

    tesseract: str
    pdftoppm: str
    langs: str = LANGS
    dpi: int = 300
    timeout: float = 60.0
    max_pages: int = 20

    @property
    def name(self) -> str:
        return f"tesseract ({self.langs})"

    def __call__(self, pdf: bytes, page: int, *, width_pt: float = 595.0, height_pt: float = 842.0) -> OcrPage:
        dpi = self.dpi
        pixels = (width_pt / 72 * dpi) * (height_pt / 72 * dpi)
        if pixels > MAX_PIXELS:  # a poster-sized page: lower the resolution rather than eat the memory
            dpi = max(72, int(dpi * (MAX_PIXELS / pixels) ** 0.5))
        with tempfile.TemporaryDirectory(prefix="qujat-ocr-") as tmp:  # 0700, removed with its files
            src = Path(tmp, "in.pdf")
            src.write_bytes(pdf)
            os.chmod(src, 0o600)
            stem = Path(tmp, "page")
            self._run([self.pdftoppm, "-r", str(dpi), "-f", str(page), "-l", str(page), "-gray",
                       "-singlefile", str(src), str(stem)], "pdftoppm")
            image = stem.with_suffix(".pgm")
            if not image.exists():
                raise OcrUnavailable(f"page {page} could not be rasterised")
            raw = image.read_bytes()
            ink = ink_share(raw)
            clean = without_rules(raw, dpi)
            if clean is not None:  # a table's ruling confuses Tesseract's layout analysis: OCR the page without it
                image.write_bytes(clean)
            tsv = self._run([self.tesseract, str(image), "stdout", "-l", self.langs, "--psm", "3",
                             "-c", "preserve_interword_spaces=1", "tsv"], "tesseract")
        result = parse_tsv(tsv, engine=self.name)
        result.ink = ink
        return result

    def _run(self, cmd: list[str], what: str) -> str:
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=self.timeout, env=env, check=False)
        except subprocess.TimeoutExpired:
            raise OcrUnavailable(f"{what} took longer than {self.timeout:g} s on one page") from None
        except OSError as exc:
            raise OcrUnavailable(f"{what} could not be started: {exc.strerror}") from None
        if done.returncode != 0:
            err = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise OcrUnavailable(f"{what} failed: {err[-1] if err else f'exit {done.returncode}'}")
        return done.stdout.decode("utf-8", "replace")


def ink_share(pgm: bytes) -> float | None:
    """The share of dark pixels of a binary PGM (P5, 8 bits): a blank page is nearly 0."""
    parts = pgm.split(maxsplit=4)
    if len(parts) < 5 or parts[0] != b"P5":
        return None
    try:
        width, height = int(parts[1]), int(parts[2])
    except ValueError:
        return None
    pixels = parts[4][: width * height]
    return pixels.translate(_DARK).count(1) / max(1, len(pixels))


def _pgm(pgm: bytes) -> tuple[int, int, int] | None:
    """(width, height, offset of the pixels) of a binary 8-bit PGM."""
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
    if not m or int(m.group(3)) != 255:
        return None
    return int(m.group(1)), int(m.group(2)), m.end()


def without_rules(pgm: bytes, dpi: int) -> bytes | None:
    """The page with the ruling of its tables whitened, or None when it has none.

    A vertical rule is a run of dark pixels in one column longer than ~1.3 cm (taller than two lines of text);
    when there is one, horizontal runs longer than ~2.5 cm are the table's horizontal rules. Underlines of text
    on pages without a table (signature lines, «№ ____» blanks) are left alone."""
    head = _pgm(pgm)
    if head is None:
        return None
    width, height, offset = head
    pixels = bytearray(pgm[offset:offset + width * height])
    if len(pixels) != width * height:
        return None
    dark = bytes(pixels).translate(_DARK)
    v_run, h_run = b"\x01" * max(8, int(dpi * 0.5)), b"\x01" * max(16, int(dpi * 1.0))
    found = False
    white = 255
    for col in range(width):
        column = dark[col::width]
        start = column.find(v_run)
        while start != -1:
            end = start
            while end < height and column[end] == 1:
                end += 1
            for x in (col - 1, col, col + 1):  # rules are a few pixels wide; take the neighbours too
                if 0 <= x < width:
                    pixels[start * width + x:end * width + x:width] = bytes([white]) * (end - start)
            found = True
            start = column.find(v_run, end)
    if not found:
        return None
    for row in range(height):
        line = dark[row * width:(row + 1) * width]
        start = line.find(h_run)
        while start != -1:
            end = line.find(b"\x00", start)
            end = width if end == -1 else end
            for y in (row - 1, row, row + 1):
                if 0 <= y < height:
                    pixels[y * width + start:y * width + end] = bytes([white]) * (end - start)
            start = line.find(h_run, end)
    return pgm[:offset] + bytes(pixels)


def parse_tsv(tsv: str, engine: str = "tesseract") -> OcrPage:
    """Tesseract's TSV (level 5 = word) → lines in reading order with their horizontal extent and the mean
    word confidence; positions are fractions of the page width.

    Tesseract puts text that sits apart on the same baseline into separate blocks (a signature's position on
    the left and the name at the right tab stop, the cells of a table row), often far apart in its reading
    order. Pieces whose vertical extents overlap by more than half are joined into one line, left to right,
    with a tab between pieces — the way the text layer of a PDF or a Word table row reads."""
    rows = [r.split("\t") for r in tsv.splitlines()[1:]]
    page_w = 0.0
    pieces: dict[tuple[int, int, int], list[tuple[int, int, int, int, str]]] = {}
    confs: list[float] = []
    for r in rows:
        if len(r) < 12:
            continue
        try:
            level, block, par, line = int(r[0]), int(r[2]), int(r[3]), int(r[4])
            left, top, width, height, conf = int(r[6]), int(r[7]), int(r[8]), int(r[9]), float(r[10])
        except ValueError:
            continue
        if level == 1:
            page_w = float(width) or page_w
        if level != 5 or not r[11].strip():
            continue
        pieces.setdefault((block, par, line), []).append((left, left + width, top, top + height, r[11].strip()))
        if conf >= 0:
            confs.append(conf)
    spans = []  # (top, bottom, left, right, text) of each Tesseract line
    for words in pieces.values():
        words = sorted(w for w in words if w[4] != "|")
        if not words:
            continue
        height = max(1, sorted(w[3] - w[2] for w in words)[len(words) // 2])
        text = words[0][4]
        for prev, word in itertools.pairwise(words):  # a wide gap inside a line is a tab stop (position⇥name)
            text += ("\t" if word[0] - prev[1] > 3 * height else " ") + word[4]
        text = "\t".join(" ".join(part.replace("|", " ").split()) for part in text.split("\t")).strip()
        if text:
            spans.append((min(w[2] for w in words), max(w[3] for w in words), words[0][0], words[-1][1], text))
    spans.sort()
    merged: list[list[tuple[int, int, int, int, str]]] = []
    for sp in spans:
        for group in merged:
            top, bottom = min(g[0] for g in group), max(g[1] for g in group)
            overlap = min(bottom, sp[1]) - max(top, sp[0])
            disjoint = all(sp[3] <= g[2] or sp[2] >= g[3] for g in group)
            if disjoint and overlap > 0.5 * min(bottom - top, sp[1] - sp[0]):
                group.append(sp)
                break
        else:
            merged.append([sp])
    out: list[OcrLine] = []
    w = page_w or max((sp[3] for sp in spans), default=1) or 1.0
    for group in merged:
        group.sort(key=lambda g: g[2])
        text = _NUMERO.sub("№", "\t".join(g[4] for g in group))
        text = _INITIAL_THREE.sub("З.", text)  # «3. Нуркадилов» after a position: the initial З read as a digit
        out.append(OcrLine(text=text, left=group[0][2] / w, right=group[-1][3] / w))
    confidence = sum(confs) / len(confs) if confs else 0.0
    return OcrPage(lines=out, confidence=confidence, words=len(confs), engine=engine)


def engine(enabled: bool = True) -> TesseractOcr | None:
    """The OCR engine for ``CheckOptions.ocr``, or None when turned off. When Tesseract, its kaz/rus data or
    pdftoppm are missing the engine still exists and raises :class:`OcrUnavailable` with the reason, so that the
    report says why the scanned pages were not read."""
    if not enabled:
        return None
    return TesseractOcr(
        tesseract=shutil.which("tesseract") or "tesseract",
        pdftoppm=shutil.which("pdftoppm") or "pdftoppm",
        dpi=current().ocr_dpi,
        timeout=float(current().ocr_timeout),
        max_pages=current().ocr_max_pages,
    )


def available() -> tuple[bool, str]:
    """Whether OCR can run here, and what is missing (for /healthz and the docs)."""
    missing = [b for b in ("tesseract", "pdftoppm") if shutil.which(b) is None]
    if missing:
        return False, f"not installed: {', '.join(missing)}"
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, f"tesseract does not start: {exc}"
    langs = set(out.stdout.decode("utf-8", "replace").split())
    lacking = [x for x in LANGS.split("+") if x not in langs]
    if lacking:
        return False, f"tesseract language data missing: {', '.join(lacking)} (tesseract-ocr-kaz, tesseract-ocr-rus)"
    return True, "tesseract " + LANGS


__all__ = ["TesseractOcr", "available", "engine", "parse_tsv"]
