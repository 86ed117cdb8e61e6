"""Scanned PDFs: a resolution rendered by LibreOffice, rasterised to an image-only PDF (pdftoppm + Pillow), is
read by real Tesseract OCR and checked as a resolution; with OCR off, unavailable, or unreadable, the pages stay
unread and the report says so. Fixtures are built here, in code."""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from service.ocr import TesseractOcr, available, engine, parse_tsv
from tests.validation.scans import scanned_resolution
from validators import CheckOptions, check

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not available()[0], reason=f"OCR: {available()[1]} (scripts/install-system.sh)")


def text_page(lines: list[str], blank_after: bool = False) -> bytes:
    """An A4 scan (200 dpi) with a few lines of large print, optionally followed by an empty page."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 44)
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    for i, line in enumerate(lines):
        draw.text((200, 300 + i * 90), line, font=font, fill=0)
    out = io.BytesIO()
    rest = [Image.new("L", (1654, 2339), 255)] if blank_after else []
    page.save(out, format="PDF", save_all=True, append_images=rest, resolution=200.0)
    return out.getvalue()


def noise_pdf() -> bytes:
    """One A4 page of speckles: an image, but no text anyone could read."""
    from PIL import Image

    rnd = random.Random(7)
    img = Image.new("L", (1654, 2339), 255)
    px = img.load()
    assert px is not None
    for _ in range(60000):
        px[rnd.randrange(1654), rnd.randrange(2339)] = 0
    out = io.BytesIO()
    img.save(out, format="PDF", resolution=200.0)
    return out.getvalue()


@pytest.fixture(scope="module")
def scans() -> dict[str, bytes]:
    return {lang: scanned_resolution(lang) for lang in ("kk", "ru")}


def fast_engine(**kw) -> TesseractOcr:
    ocr = engine()
    assert ocr is not None
    ocr.dpi = 200  # the scans are 200 dpi: rasterising at 300 would only upscale
    for k, v in kw.items():
        setattr(ocr, k, v)
    return ocr


def opts(ocr) -> CheckOptions:
    return CheckOptions(pages=False, spelling=False, grammar=False, ocr=ocr)


def test_fixture_has_no_text_layer(scans):
    import pypdf

    for data in scans.values():
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert len(reader.pages) >= 2
        assert all(not any(c.isalpha() for c in (p.extract_text() or "")) for p in reader.pages)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_scanned_resolution_is_read_by_ocr_with_the_right_kind(scans, lang, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # OCR's temporary files must all be gone afterwards
    report = check(scans[lang], name=f"scan.{lang}.pdf", options=opts(fast_engine()))
    body = report.to_dict()
    assert body["document"]["kind"] == "resolution"
    assert body["document"]["lang"] == lang
    layer = body["text_layer"]
    assert layer["ocr_pages"] == list(range(1, body["document"]["pages"] + 1))
    assert layer["unread_pages"] == [] and layer["confidence"] >= 80
    assert any(n["code"] == "ocr" for n in body["notes"])
    # every finding on recognised text says so
    assert all(f["location"].get("ocr") for f in body["findings"] if f["location"]["paragraph"])
    assert list(tmp_path.iterdir()) == []


def test_recognised_text_reads_the_requisites(scans):
    from validators.document import parse

    doc = parse(scans["ru"], ocr=fast_engine())
    assert doc.kind_name is not None and doc.kind_name.value.upper() == "ПОСТАНОВЛЕНИЕ"
    assert doc.number is not None and "315" in doc.number.value
    assert doc.formula is not None
    assert all(p.ocr for p in doc.paragraphs)


def test_ocr_off_leaves_the_pages_unread(scans):
    report = check(scans["ru"], name="scan.pdf", options=opts(None))
    body = report.to_dict()
    assert body["text_layer"]["unread_why"] == {str(n): "ocr-off" for n in range(1, body["document"]["pages"] + 1)}
    assert any(n["code"] == "text-not-read" and "OCR is turned off" in n["message"]["en"] for n in body["notes"])
    assert body["findings"] == [] or all(not f["location"].get("ocr") for f in body["findings"])
    assert report.verdict == "not-checked" and body["not_checked"]["reason"] == "no-text"


def test_ocr_that_cannot_start_says_why(scans):
    broken = fast_engine(tesseract=str(Path(tempfile.gettempdir(), "no-such-dir", "tesseract")), max_pages=1)
    body = check(scans["kk"], name="scan.pdf", options=opts(broken)).to_dict()
    why = body["text_layer"]["unread_why"]
    assert why["1"] == "ocr-unavailable" and all(v == "ocr-page-limit" for k, v in why.items() if k != "1")
    assert "could not be started" in body["text_layer"]["reason"]
    assert any(n["code"] == "text-not-read" for n in body["notes"])
    assert body["verdict"] == "not-checked"  # pages nobody read are not accepted


def test_unreadable_scan_is_too_poor():
    body = check(noise_pdf(), name="noise.pdf", options=opts(fast_engine())).to_dict()
    assert body["text_layer"]["unread_why"] == {"1": "ocr-poor"}
    assert body["text_layer"]["ocr_pages"] == []
    assert body["verdict"] == "not-checked" and body["not_checked"]["reason"] == "ocr-poor"


def test_short_page_read_with_confidence_is_used_and_blank_page_is_blank():
    """The last page of an appendix may hold two words; the back of a sheet may be empty: neither is «too poor»."""
    from validators.document import parse

    doc = parse(text_page(["Қатынас", "Талдықорған-Жетісу-Талдықорған"], blank_after=True), ocr=fast_engine())
    layer = doc.text_layer
    assert layer is not None and layer.ocr_pages == [1] and layer.blank_pages == [2] and layer.unread == {}
    assert any("Жетісу" in p.text for p in doc.paragraphs)


def test_numero_misreadings_are_mended():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [header, "1\t1\t0\t0\t0\t0\t0\t0\t1000\t1400\t-1\t",
            "5\t1\t1\t1\t1\t1\t600\t10\t40\t20\t91\tот", "5\t1\t1\t1\t1\t2\t650\t10\t40\t20\t90\tХо",
            "5\t1\t1\t1\t1\t3\t700\t10\t60\t20\t95\t315"]
    page = parse_tsv("\n".join(rows))
    assert [ln.text for ln in page.lines] == ["от № 315"]
    for word in ("М", "N", "Ne"):  # the Latin «N» of older acts is read as «М»
        one = parse_tsv("\n".join([header, rows[1], f"5\t1\t1\t1\t1\t1\t100\t10\t40\t20\t90\t{word}",
                                    "5\t1\t1\t1\t1\t2\t150\t10\t60\t20\t90\t2-10", "5\t1\t1\t1\t1\t3\t220\t10\t9\t20\t90\t|"]))
        assert [ln.text for ln in one.lines] == ["№ 2-10"]  # and table rules («|») are not text
    assert page.lines[0].left == 0.6 and page.words == 3 and round(page.confidence) == 92


def qujat(path: Path, *flags: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QUJAT_OCR_DPI="200")
    return subprocess.run([str(Path(sys.executable).with_name("qujat")), "check", str(path), "--no-pages",
                           "--no-spelling", "--format", "json", *flags],
                          capture_output=True, text=True, env=env, timeout=300)


def test_cli_reads_a_scan(scans, tmp_path):
    path = tmp_path / "scan.ru.pdf"
    path.write_bytes(scans["ru"])
    on = qujat(path)
    assert on.returncode in (0, 1), on.stdout + on.stderr
    assert json.loads(on.stdout)["document"]["kind"] == "resolution"


def test_cli_no_ocr_is_not_checked(scans, tmp_path):
    path = tmp_path / "scan.ru.pdf"
    path.write_bytes(scans["ru"])
    off = qujat(path, "--no-ocr")
    assert off.returncode == 3, off.stdout + off.stderr
    assert json.loads(off.stdout)["verdict"] == "not-checked"


def test_batch_reads_scanned_correspondence(scans, tmp_path):
    """Incoming correspondence in a batch is mostly scanned PDF: OCR is on by default there."""
    # through `qujat batch` as users run it (a batch forked from this many-threaded test process can hang)
    qujat = str(Path(sys.executable).with_name("qujat"))
    env = {**os.environ, "QUJAT_OCR_DPI": "200"}
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "scan.pdf").write_bytes(scans["kk"])
    for name, extra in (("on", []), ("off", ["--no-ocr"])):
        done = subprocess.run([qujat, "batch", str(inbox), "-o", str(tmp_path / name), "--workers", "1", *extra],
                              env=env, capture_output=True, text=True, timeout=280)
        assert done.returncode == 0, done.stderr[-2000:]
    on = json.loads((tmp_path / "on" / "results.jsonl").read_text(encoding="utf-8").splitlines()[0])
    off = json.loads((tmp_path / "off" / "results.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert on["kind"] == "resolution" and on["verdict"] in ("accepted", "rejected")
    assert on["report"]["text_layer"]["ocr_pages"] == [1, 2, 3]
    assert off["verdict"] == "not-checked"


def test_table_rules_are_removed_before_recognition():
    """A ruled table's grid is whitened before Tesseract reads the page; pages without a table are left alone."""
    from PIL import Image, ImageDraw, ImageFont

    from service.ocr import ink_share, without_rules

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 40)
    img = Image.new("L", (1654, 1000), 255)
    draw = ImageDraw.Draw(img)
    for x in (100, 500, 900, 1300):
        draw.line([(x, 100), (x, 700)], fill=0, width=3)
    for y in (100, 300, 500, 700):
        draw.line([(100, y), (1300, y)], fill=0, width=3)
    draw.text((130, 180), "Талгарский", font=font, fill=0)
    pgm = b"P5\n1654 1000\n255\n" + img.tobytes()
    clean = without_rules(pgm, 200)
    assert clean is not None
    share_before, share_after = ink_share(pgm), ink_share(clean)
    assert share_before is not None and share_after is not None and 0 < share_after < share_before / 2
    text_only = Image.new("L", (1654, 1000), 255)
    ImageDraw.Draw(text_only).text((130, 180), "Талгарский ________", font=font, fill=0)
    assert without_rules(b"P5\n1654 1000\n255\n" + text_only.tobytes(), 200) is None


def test_pieces_on_one_baseline_are_one_line_with_a_tab():
    """A signature's position and the name at the right tab stop come from Tesseract as separate blocks (or one line
    with a wide gap); they become one line «position⇥name», and the initial «З» read as «3» is mended there."""
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    words = [(1, 100, "Аким"), (1, 230, "области"), (2, 1200, "3."), (2, 1260, "Нуркадилов")]
    rows = [header, "1\t1\t0\t0\t0\t0\t0\t0\t1654\t2339\t-1\t"]
    rows += [f"5\t1\t{b}\t1\t1\t{i}\t{x}\t500\t{len(t) * 20}\t40\t93\t{t}" for i, (b, x, t) in enumerate(words, 1)]
    rows.append("5\t1\t3\t1\t1\t1\t100\t900\t300\t40\t93\tПриложение")
    page = parse_tsv("\n".join(rows))
    assert [ln.text for ln in page.lines] == ["Аким области\tЗ. Нуркадилов", "Приложение"]
    one_line = [header, rows[1]] + [f"5\t1\t1\t1\t1\t{i}\t{x}\t500\t{len(t) * 20}\t40\t93\t{t}"
                                    for i, (_b, x, t) in enumerate(words, 1)]
    assert [ln.text for ln in parse_tsv("\n".join(one_line)).lines] == ["Аким области\tЗ. Нуркадилов"]
