"""The visual sheet of a signed package, one A4 page per signature, modelled on the DDC
("Карточка электронного документа") spec: margins 30/20/10/20 mm, fonts 8–14 pt, the header and watermark
«Визуализация электронного документа», page x/y in the footer.

Drawn with reportlab (an embedded Unicode TrueType font for Kazakh and Russian, exact A4 geometry, and
``invariant`` output so that the same input gives the same bytes)."""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass
from pathlib import Path

from service.signing import texts
from service.signing.verify import SignerResult, answer_text
from validators.errors import ServiceUnavailable
from validators.settings import current

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
LEFT, TOP, RIGHT, BOTTOM = 30 * MM, 20 * MM, 10 * MM, 20 * MM
HEADER = texts.both("sheet", "header")
NOTE = texts.both("sheet", "note")
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"
VERIFY_PAGE = "/static/verify.html"
_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
)
def utc_offset() -> dt.timezone:
    """Display time zone: QUJAT_SHEET_UTC_OFFSET hours (default 5, Kazakhstan's single zone since 2024-03-01;
    the DDC spec, written before that, says UTC+6)."""
    hours = current().sheet_utc_offset
    return dt.timezone(dt.timedelta(hours=hours))


def _font_path() -> str:
    configured = current().sheet_font
    for candidate in ([configured] if configured else []) + list(_FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return candidate
    raise ServiceUnavailable("no Unicode TrueType font for the signature sheet: install fonts-dejavu "
                             "(scripts/install-system.sh) or set QUJAT_SHEET_FONT to a .ttf file")


def _local(iso: str | None) -> str:
    if not iso:
        return "—"
    zone = utc_offset()
    stamp = dt.datetime.fromisoformat(iso).astimezone(zone)
    hours = zone.utcoffset(None).total_seconds() / 3600
    return f"{stamp:%d.%m.%Y %H:%M:%S} (UTC{hours:+g})"


@dataclass(frozen=True)
class SheetContext:
    document_name: str
    document_sha256: str
    first_page: int  # number of the first sheet within the whole package
    total_pages: int
    public_url: str | None = None  # this service's address (QUJAT_PUBLIC_URL) for the verification link

    @property
    def verify_url(self) -> str:
        """The verification page of this service, naming the document by its SHA-256."""
        base = (self.public_url or current().public_url or DEFAULT_PUBLIC_URL).rstrip("/")
        return f"{base}{VERIFY_PAGE}?sha256={self.document_sha256}"


def _pair(text: dict[str, str]) -> str:
    return text["ru"] if text["ru"] == text["kk"] else f"{text['ru']} / {text['kk']}"


def _revocation_line(answer) -> str:
    return f"{answer.certificate}: {_pair(answer_text(answer, _local))}"


def rows(signer: SignerResult) -> list[tuple[str, str]]:
    """The DDC info block of one signature: label → value, both in Russian and Kazakh (texts.json)."""
    cert = signer.certificate
    chain = signer.chain
    stamp = signer.timestamp
    usage = [_pair(texts.tri("key_usage", u)) if texts.has("key_usage", u) else u for u in cert.key_usage] \
        if cert else []
    if signer.time_source == "timestamp" and stamp is not None:
        when = _pair(texts.tri("time", "timestamp", time=f"{_local(stamp.time)}, {stamp.authority or 'TSA'}"))
    elif signer.signing_time:
        when = _pair(texts.tri("time", "claim", time=_local(signer.signing_time)))
    else:
        when = _pair(texts.tri("time", "none"))
    chain_text = "—"
    if chain is not None:
        word = chain.status if chain.status not in ("trusted", "untrusted", "unverifiable") else \
            texts.both("sheet", chain.status)
        chain_text = f"{word}: {' → '.join(chain.path)}"
    revocation = "; ".join(_revocation_line(a) for a in signer.revocation) or texts.both("revocation",
                                                                                        "not-checked")
    problems = [_pair(m.text) for m in signer.messages if m.kind != "warning"]
    warnings = [_pair(m.text) for m in signer.messages if m.kind == "warning"]
    label = functools.partial(texts.both, "sheet")
    return [
        (label("full_name"), (cert.full_name if cert else None) or "—"),
        (label("iin"), (cert.iin if cert else None) or "—"),
        (label("organisation"), (cert.organisation if cert else None) or "—"),
        (label("bin"), (cert.bin if cert else None) or "—"),
        (label("role"), ", ".join(_pair(r) for r in cert.roles) if cert and cert.roles else "—"),
        (label("template"), _pair(cert.template) if cert and cert.template else "—"),
        (label("serial"), cert.serial_number if cert else "—"),
        (label("validity"), f"{_local(cert.not_before)} — {_local(cert.not_after)}" if cert else "—"),
        (label("issuer"), cert.issuer if cert else "—"),
        (label("key_usage"), ", ".join(usage) or "—"),
        (label("algorithm"), f"{signer.signature_algorithm}; {signer.digest_algorithm}"),
        (label("time"), when),
        (label("chain"), chain_text),
        (label("revocation"), revocation),
        (label("result"), texts.both("status", signer.status)),
        (label("reasons"), "; ".join(problems) or "—"),
        (label("warnings"), "; ".join(warnings) or "—"),
    ]


def render(signers: list[SignerResult], context: SheetContext) -> bytes:
    """One A4 page per signer; deterministic bytes for the same input."""
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "QujatSheet"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font, _font_path()))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1, initialFontName=font)
    pdf.setTitle(f"Визуализация: {context.document_name}")
    pdf.setAuthor("Qujat")
    width = PAGE_W - LEFT - RIGHT
    for index, signer in enumerate(signers):
        _watermark(pdf, font)
        y = PAGE_H - TOP
        pdf.setFillGray(0)
        pdf.setFont(font, 10)
        pdf.drawString(LEFT, y, HEADER)
        y -= 6
        pdf.line(LEFT, y, PAGE_W - RIGHT, y)
        y -= 22
        pdf.setFont(font, 14)
        pdf.drawString(LEFT, y, texts.both("sheet", "signature", n=signer.index))
        y -= 18
        pdf.setFont(font, 9)
        for line in simpleSplit(f"{texts.both('sheet', 'document')}: {context.document_name}", font, 9, width) + \
                simpleSplit(f"SHA-256: {context.document_sha256}", font, 9, width):
            pdf.drawString(LEFT, y, line)
            y -= 12
        y -= 6
        label_w = 62 * MM
        for label, value in rows(signer):
            label_lines = simpleSplit(label, font, 8, label_w - 4)
            value_lines = simpleSplit(value, font, 10, width - label_w)
            height = max(len(label_lines) * 10, len(value_lines) * 12) + 4
            floor = BOTTOM + 50 + QR_SIZE  # the QR code and the note stay below the info block
            if y - height < floor:
                value_lines = value_lines[: max(1, int((y - floor - 4) // 12))]
                height = max(len(label_lines) * 10, len(value_lines) * 12) + 4
            pdf.setFont(font, 8)
            pdf.setFillGray(0.35)
            for i, line in enumerate(label_lines):
                pdf.drawString(LEFT, y - 8 - i * 10, line)
            pdf.setFont(font, 10)
            pdf.setFillGray(0)
            if label == texts.both("sheet", "result"):
                pdf.setFillColorRGB(*((0, 0.45, 0) if signer.status == "valid" else (0.7, 0, 0)))
            for i, line in enumerate(value_lines):
                pdf.drawString(LEFT + label_w, y - 9 - i * 12, line)
            pdf.setFillGray(0)
            y -= height
            pdf.setStrokeGray(0.8)
            pdf.line(LEFT, y, PAGE_W - RIGHT, y)
            pdf.setStrokeGray(0)
        _qr(pdf, font, context.verify_url, y)
        pdf.setFont(font, 8)
        note_y = BOTTOM + 20
        for line in simpleSplit(NOTE, font, 8, width):
            pdf.drawString(LEFT, note_y, line)
            note_y -= 10
        page = context.first_page + index
        pdf.drawRightString(PAGE_W - RIGHT, BOTTOM - 10, f"{page}/{context.total_pages}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


QR_SIZE = 30 * MM


def _qr(pdf, font: str, url: str, y: float) -> None:
    """The QR code of the verification link (drawn module by module: no other font enters the page), with
    the link written beside it and clickable, below the info block."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)  # None: the smallest version that fits
    code.addData(url)
    code.make()
    count = code.getModuleCount()
    quiet = 4  # the white border a reader needs
    cell = QR_SIZE / (count + 2 * quiet)
    top = min(y - 6, BOTTOM + 44 + QR_SIZE)
    pdf.setFillGray(0)
    for row in range(count):
        for col in range(count):
            if code.isDark(row, col):
                pdf.rect(LEFT + (quiet + col) * cell, top - (quiet + row + 1) * cell, cell, cell, stroke=0, fill=1)
    pdf.setFont(font, 8)
    text_x = LEFT + QR_SIZE + 4 * MM
    lines = [f"{texts.both('sheet', 'verify_link')}:"] + _chunks(url, font, 8, PAGE_W - RIGHT - text_x)
    for i, line in enumerate(lines):
        pdf.drawString(text_x, top - 10 - i * 10, line)
    pdf.linkURL(url, (LEFT, top - QR_SIZE, PAGE_W - RIGHT, top), relative=0)


def _chunks(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` cut into lines no wider than ``width`` anywhere (a URL has no spaces to break at)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for char in text:
        if line and stringWidth(line + char, font, size) > width:
            lines.append(line)
            line = ""
        line += char
    return lines + ([line] if line else [])


def _watermark(pdf, font: str) -> None:
    pdf.saveState()
    pdf.setFillGray(0.92)
    pdf.setFont(font, 30)
    pdf.translate(PAGE_W / 2, PAGE_H / 2)
    pdf.rotate(55)
    pdf.drawCentredString(0, 0, texts.say("sheet", "header", "ru"))
    pdf.restoreState()
