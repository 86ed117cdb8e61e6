"""Fixtures: one test PKI per session (keys are slow to generate), a trust store file, a document."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("signing_pki", Path(__file__).with_name("pki.py"))
pki_module = importlib.util.module_from_spec(_spec)
sys.modules["signing_pki"] = pki_module
_spec.loader.exec_module(pki_module)
_spec = importlib.util.spec_from_file_location("ncalayer_standin", Path(__file__).with_name("ncalayer_standin.py"))
standin_module = importlib.util.module_from_spec(_spec)
sys.modules["ncalayer_standin"] = standin_module
_spec.loader.exec_module(standin_module)


@pytest.fixture(scope="session")
def pki():
    return pki_module.build_pki()


@pytest.fixture()
def trust_file(pki, tmp_path: Path) -> Path:
    path = tmp_path / "trust.pem"
    path.write_bytes(pki.trust_pem())
    return path


@pytest.fixture()
def document() -> bytes:
    return "Қаулы № 12 / Постановление № 12: signed bytes\n".encode() * 20


@pytest.fixture()
def pdf_document() -> bytes:
    """A two-page PDF made here (the signed act)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": "Қаулы № 12"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture()
def good(pki):
    """Revocation answered offline by empty CRLs (no network): every certificate of the test PKI is good."""
    from service.signing.revocation import RevocationConfig

    return RevocationConfig(online=False, crls=pki.good_crls())
