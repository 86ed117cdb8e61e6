"""Build incoming letters and appeals as real .docx files with python-docx (test fixtures)."""

from __future__ import annotations

import io

import docx

RU_LETTER = {
    "sender": "ГУ «Отдел образования города Туркестан»",
    "outgoing": "Исх. № 01-12/345 от 12.03.2025",
    "addressee": "Руководителю аппарата акима города Туркестан",
    "urgency": None,
    "body": [
        "На Ваш запрос № 05-17/882 от 03.03.2025 года сообщаем следующее.",
        "Во исполнение поручения акима города информация о подготовке школ к отопительному сезону "
        "прилагается. Просим рассмотреть в течение 5 рабочих дней.",
    ],
    "signer": ["Руководитель отдела", "А. Сейтқали"],
    "eds": "Документ подписан ЭЦП",
    "executor": ["Исп.: Жумабекова Г.", "Тел.: 8 (72533) 5-12-45"],
    "attachment_line": None,
}

KK_LETTER = {
    "sender": "«Түркістан қаласының білім бөлімі» ММ",
    "outgoing": "Шығ. № 02-15/118, 2025 жылғы 14 наурыз",
    "addressee": "Түркістан қаласы әкімінің орынбасарына",
    "urgency": "ШҰҒЫЛ",
    "body": [
        "Сіздің 2025 жылғы 5 наурыздағы № 07-11/54 хатыңызға жауап ретінде мыналарды хабарлаймыз.",
        "Қала әкімінің тапсырмасын орындау үшін ақпарат қоса беріліп отыр.",
    ],
    "signer": ["Бөлім басшысы", "Б. Омаров"],
    "eds": "ЭЦҚ-мен қол қойылған",
    "executor": ["Орынд.: Сәрсенова А.", "Тел.: 8 (72533) 3-45-67"],
    "attachment_line": None,
}


def letter_docx(spec: dict | None = None, **changes) -> bytes:
    """A letter on a simple blank: sender, number and date, addressee, urgency, body, signature, executor."""
    spec = {**(spec or RU_LETTER), **changes}
    d = docx.Document()
    for key in ("sender", "outgoing", "addressee", "urgency"):
        if spec.get(key):
            d.add_paragraph(spec[key])
    for line in spec["body"]:
        d.add_paragraph(line)
    if spec.get("attachment_line"):
        d.add_paragraph(spec["attachment_line"])
    d.add_paragraph("")
    if spec.get("signer"):
        table = d.add_table(rows=1, cols=2)
        table.cell(0, 0).text = spec["signer"][0]
        table.cell(0, 1).text = spec["signer"][1]
    if spec.get("eds"):
        d.add_paragraph(spec["eds"])
    for line in spec.get("executor") or []:
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def appeal_docx(*, applicant: str | None = "от Иванова Ивана Ивановича",
                address: str | None = "проживающего по адресу: г. Туркестан, ул. Тауке хана, 12",
                body: str = "Прошу рассмотреть вопрос ремонта дороги по нашей улице.",
                eds: str | None = None) -> bytes:
    d = docx.Document()
    d.add_paragraph("Акиму Туркестанской области")
    for line in (applicant, address):
        if line:
            d.add_paragraph(line)
    d.add_paragraph("ЗАЯВЛЕНИЕ")
    d.add_paragraph(body)
    if eds:
        d.add_paragraph(eds)
    d.add_paragraph("12.03.2025")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def pdf_bytes(text: str = "Hello") -> bytes:
    """A one-page PDF with a text line (built by hand: header, objects, xref, trailer)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def pptx_bytes() -> bytes:
    import pptx
    from pptx.util import Inches

    prs = pptx.Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Отопительный сезон"
    slide.placeholders[1].text = "Готовность школ: 95 %"
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def mixed_files() -> dict[str, bytes]:
    """Files of other types a real inbox holds, each of which must be reported, none skipped."""
    return {
        "scan.pdf": pdf_bytes("Scanned letter"),
        "slides.pptx": pptx_bytes(),
        "readme.txt": "просто текст".encode(),
        "old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        "broken.docx": b"PK\x03\x04" + b"\x00" * 100,
        "appeal.docx": appeal_docx(),
    }


def detached_cms(data: bytes, common_name: str = "СЕЙТҚАЛИ АСЕТ") -> bytes:
    """A real detached CMS (PKCS#7 SignedData, SHA-256, RSA) over ``data`` by a self-signed certificate."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs7
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ГУ «Отдел образования города Туркестан»")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .sign(key, hashes.SHA256()))
    return (pkcs7.PKCS7SignatureBuilder().set_data(data).add_signer(cert, key, hashes.SHA256())
            .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]))
