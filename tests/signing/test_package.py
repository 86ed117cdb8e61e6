"""The signed package: the document's pages, one sheet per signature, the document and every CMS attached
(listed as a reader lists attachments), and the CMS taken back out still verifies."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from signing_pki import sign_detached

from service.signing.certificates import TrustStore, load_certificates
from service.signing.package import build, extract_attachments
from service.signing.verify import verify
from validators.errors import UnusableDocument


def test_package_carries_document_signatures_and_sheets(pki, pdf_document, good):
    trust = TrustStore(load_certificates(pki.trust_pem()))
    first = sign_detached(pdf_document, [pki.employee], chain=[pki.nca], tsa=pki.tsa)
    second = sign_detached(pdf_document, [pki.person, pki.expired])
    package, results = build(pdf_document, [first, second], "kauly-12.pdf", trust, good)

    reader = PdfReader(io.BytesIO(package))
    assert len(reader.pages) == 2 + 3  # the act's pages, then one sheet per signer
    sheet = reader.pages[2].extract_text()
    assert "Визуализация электронного документа" in sheet
    assert "900101400123" in sheet and "123456789021" in sheet and "ӘБІЛОВА" in sheet
    assert "ДЕЙСТВИТЕЛЬНА" in sheet
    second_sheets = reader.pages[3].extract_text() + reader.pages[4].extract_text()
    assert "НЕДЕЙСТВИТЕЛЬНА" in second_sheets and "не действовал" in second_sheets.replace("\n", " ")
    mediabox = reader.pages[3].mediabox
    assert (round(float(mediabox.width)), round(float(mediabox.height))) == (595, 842)  # A4

    assert sorted(reader.attachments) == ["kauly-12.pdf", "kauly-12.pdf.1.cms", "kauly-12.pdf.2.cms"]
    root = reader.trailer["/Root"]
    assert len(root["/AF"]) == 3 and root["/PageMode"] == "/UseAttachments"
    assert [r.status for r in results] == ["valid", "invalid"]

    files = extract_attachments(package)
    assert files["kauly-12.pdf"] == pdf_document
    again = verify(files["kauly-12.pdf"], files["kauly-12.pdf.1.cms"], trust, revocation=good)
    assert again.valid and again.signers[0].certificate.iin == "900101400123"


def test_package_of_a_non_pdf_document_still_lists_it(pki, document):
    package, _ = build(document, [sign_detached(document, [pki.person])], "act.txt")
    reader = PdfReader(io.BytesIO(package))
    assert len(reader.pages) == 1
    assert extract_attachments(package)["act.txt"] == document


def test_package_names_the_unreadable_signature(pki, document):
    with pytest.raises(UnusableDocument, match="signature 2"):
        build(document, [sign_detached(document, [pki.person]), b"garbage"], "act.txt")


def test_package_is_pdfa_3b_and_its_qr_code_decodes_to_the_verification_link(pki, pdf_document, good, tmp_path):
    import shutil
    import subprocess

    from service.signing import pdfa

    trust = TrustStore(load_certificates(pki.trust_pem()))
    package, _ = build(pdf_document, [sign_detached(pdf_document, [pki.employee], chain=[pki.nca])], "act.pdf",
                       trust, good, public_url="https://qujat.akimat.example.kz/")
    assert pdfa.problems(package) == []
    reader = PdfReader(io.BytesIO(package))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<pdfaid:part>3</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert reader.trailer["/Root"]["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"

    path = tmp_path / "package.pdf"
    path.write_bytes(package)
    missing = [tool for tool in ("qpdf", "pdftoppm", "zbarimg") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (scripts/install-system.sh installs them)")
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout, check.stdout
    subprocess.run(["pdftoppm", "-r", "100", "-f", "3", "-l", "3", "-png", str(path), str(tmp_path / "sheet")],
                   check=True)
    image = next(tmp_path.glob("sheet*.png"))
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True)
    digest = __import__("hashlib").sha256(pdf_document).hexdigest()
    assert decoded.stdout.strip() == f"https://qujat.akimat.example.kz/static/verify.html?sha256={digest}"


def test_a_document_with_a_font_not_embedded_gets_no_pdfa_claim(pki, good):
    from reportlab.pdfgen import canvas

    from service.signing import pdfa

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("Helvetica", 12)  # one of the 14 standard fonts: reportlab does not embed it
    page.drawString(72, 720, "Act No. 12")
    page.save()
    document = out.getvalue()
    package, _ = build(document, [sign_detached(document, [pki.person])], "act.pdf",
                       TrustStore(load_certificates(pki.trust_pem())), good)
    found = pdfa.problems(package)
    assert any("Helvetica is not embedded" in p for p in found)
    assert "the XMP metadata does not declare PDF/A-3B" in found  # nothing is claimed that does not hold
