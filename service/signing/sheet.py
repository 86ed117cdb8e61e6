"""The visual sheet of a signed package, one A4 page per signature, modelled on the DDC
("Карточка электронного документа") spec: margins 30/20/10/20 mm, fonts 8–14 pt, the header and watermark
«Визуализация электронного документа», page x/y in the footer.

Drawn with reportlab (an embedded Unicode TrueType font for Kazakh and Russian, exact A4 geometry, and
``invariant`` output so that the same input gives the same bytes)."""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path

from service.signing.verify import SignerResult
from validators.errors import ServiceUnavailable

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
LEFT, TOP, RIGHT, BOTTOM = 30 * MM, 20 * MM, 10 * MM, 20 * MM
HEADER = "Визуализация электронного документа / Электрондық құжатты визуализациялау"
NOTE = ("Визуальное представление не имеет юридической силы: юридически значимы вложения — документ и его "
        "подписи CMS. / Көрнекі бейне заңды күші жоқ: құжат пен оның CMS қолтаңбалары (тіркемелер) заңды маңызды.")
_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
)
_STATUS = {"valid": "ДЕЙСТВИТЕЛЬНА / ЖАРАМДЫ", "invalid": "НЕДЕЙСТВИТЕЛЬНА / ЖАРАМСЫЗ",
           "unverifiable": "НЕ ПРОВЕРЕНА ЗДЕСЬ / МҰНДА ТЕКСЕРІЛМЕДІ"}


def utc_offset() -> dt.timezone:
    """Display time zone: QUJAT_SHEET_UTC_OFFSET hours (default 5, Kazakhstan's single zone since 2024-03-01;
    the DDC spec, written before that, says UTC+6)."""
    hours = float(os.environ.get("QUJAT_SHEET_UTC_OFFSET", "5"))
    return dt.timezone(dt.timedelta(hours=hours))


def _font_path() -> str:
    configured = os.environ.get("QUJAT_SHEET_FONT")
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


def rows(signer: SignerResult) -> list[tuple[str, str]]:
    """The DDC info block of one signature: label → value."""
    cert = signer.certificate
    stamp = signer.timestamp
    chain = signer.chain
    verdict = _STATUS[signer.status]
    problems = signer.reasons + signer.unverified
    return [
        ("ФИО / Аты-жөні", (cert.full_name if cert else None) or "—"),
        ("ИИН / ЖСН", (cert.iin if cert else None) or "—"),
        ("Организация / Ұйым", (cert.organisation if cert else None) or "—"),
        ("БИН / БСН", (cert.bin if cert else None) or "—"),
        ("Серийный номер сертификата / Сертификаттың сериялық нөмірі", cert.serial_number if cert else "—"),
        ("Срок действия / Жарамдылық мерзімі",
         f"{_local(cert.not_before)} — {_local(cert.not_after)}" if cert else "—"),
        ("Издатель / Берген орталық", cert.issuer if cert else "—"),
        ("Шаблон (политики) / Үлгі", ", ".join(cert.policies) if cert and cert.policies else "—"),
        ("Использование ключа / Кілтті пайдалану",
         ", ".join((cert.key_usage + cert.extended_key_usage) if cert else []) or "—"),
        ("Алгоритм / Алгоритм", f"{signer.signature_algorithm}; {signer.digest_algorithm}"),
        ("Время подписи / Қол қойылған уақыт", _local(signer.signing_time)),
        ("Метка времени (TSP) / Уақыт белгісі",
         f"{_local(stamp.time)}; {stamp.authority or '—'}; {stamp.status}" if stamp else "нет / жоқ"),
        ("Цепочка сертификатов / Сертификаттар тізбегі",
         f"{chain.status}: {' → '.join(chain.path)}" if chain else "—"),
        ("Статус отзыва (OCSP/CRL) / Кері қайтарып алу мәртебесі",
         "не проверялся: сервис работает без сети / тексерілмеді"),
        ("Результат проверки / Тексеру нәтижесі", verdict),
        ("Причины / Себептері", "; ".join(problems) if problems else "—"),
        ("Предупреждения / Ескертулер", "; ".join(signer.warnings) if signer.warnings else "—"),
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
    pdf = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
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
        pdf.drawString(LEFT, y, f"Подпись № {signer.index} / Қолтаңба № {signer.index}")
        y -= 18
        pdf.setFont(font, 9)
        for line in simpleSplit(f"Документ / Құжат: {context.document_name}", font, 9, width) + \
                simpleSplit(f"SHA-256: {context.document_sha256}", font, 9, width):
            pdf.drawString(LEFT, y, line)
            y -= 12
        y -= 6
        label_w = 62 * MM
        for label, value in rows(signer):
            label_lines = simpleSplit(label, font, 8, label_w - 4)
            value_lines = simpleSplit(value, font, 10, width - label_w)
            height = max(len(label_lines) * 10, len(value_lines) * 12) + 4
            if y - height < BOTTOM + 40:
                value_lines = value_lines[: max(1, int((y - BOTTOM - 44) // 12))]
                height = max(len(label_lines) * 10, len(value_lines) * 12) + 4
            pdf.setFont(font, 8)
            pdf.setFillGray(0.35)
            for i, line in enumerate(label_lines):
                pdf.drawString(LEFT, y - 8 - i * 10, line)
            pdf.setFont(font, 10)
            pdf.setFillGray(0)
            if label.startswith("Результат"):
                pdf.setFillColorRGB(*((0, 0.45, 0) if signer.status == "valid" else (0.7, 0, 0)))
            for i, line in enumerate(value_lines):
                pdf.drawString(LEFT + label_w, y - 9 - i * 12, line)
            pdf.setFillGray(0)
            y -= height
            pdf.setStrokeGray(0.8)
            pdf.line(LEFT, y, PAGE_W - RIGHT, y)
            pdf.setStrokeGray(0)
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


def _watermark(pdf, font: str) -> None:
    pdf.saveState()
    pdf.setFillGray(0.92)
    pdf.setFont(font, 30)
    pdf.translate(PAGE_W / 2, PAGE_H / 2)
    pdf.rotate(55)
    pdf.drawCentredString(0, 0, "Визуализация электронного документа")
    pdf.restoreState()
