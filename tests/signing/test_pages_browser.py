"""The EDS pages end to end in Debian's headless Chromium: sign.html prepares a PDF, signs it through the
vendored ncalayer-js-client talking to an NCALayer STAND-IN (a protocol-level WebSocket server on loopback,
tests/signing/ncalayer_standin.py — not NCALayer itself), downloads the signed package; verify.html, opened
from the package's QR link, checks it and shows each signer in kk and ru."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
VENDORED = ROOT / "service/api/static/vendor/ncalayer-client.js"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium absent"),
    pytest.mark.skipif(not VENDORED.exists(), reason="ncalayer-js-client not vendored: run `make vendor`"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(pki, tmp_path_factory):
    """`qujat serve` configured as an operator would: the test PKI as extra anchors, its CRLs in the
    revocation folder, no network, its own address for the QR link."""
    folder = tmp_path_factory.mktemp("eds-server")
    (folder / "trust.pem").write_bytes(pki.trust_pem())
    crls = folder / "crl"
    crls.mkdir()
    for i, crl in enumerate(pki.good_crls()):
        (crls / f"{i}.crl").write_bytes(crl)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "QUJAT_LOG_LEVEL": "WARNING", "QUJAT_TRUST_STORE": str(folder / "trust.pem"),
           "QUJAT_REVOCATION_DIR": str(crls), "QUJAT_REVOCATION_ONLINE": "0", "QUJAT_PUBLIC_URL": base,
           "PYTHONPATH": str(ROOT)}
    env.pop("QUJAT_API_KEYS", None)
    proc = subprocess.Popen([sys.executable, "-c", "from service.cli import main; main()", "serve", "--host",
                             "127.0.0.1", "--port", str(port), "--workers", "1"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read().decode(errors="replace")[-2000:])
        try:
            if httpx.get(f"{base}/v1/kinds", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def test_sign_with_the_ncalayer_stand_in_then_verify_from_the_qr_link(server, browser, pki, pdf_document,
                                                                      tmp_path):
    from ncalayer_standin import NCALayerStandIn

    (tmp_path / "act.pdf").write_bytes(pdf_document)
    context = browser.new_context(accept_downloads=True, locale="ru-RU")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    with NCALayerStandIn(pki.employee, [pki.nca], pki.tsa) as ncalayer:
        page.goto(f"{server}/static/sign.html?ncalayer={ncalayer.url}")  # leads to verify.html's sign mode
        page.wait_for_url("**/static/verify.html?*mode=sign*")
        page.wait_for_selector("body[data-ready=true]")
        assert "ncalayer=" in page.url and page.is_hidden("#verify-form")
        page.set_input_files("#sign-file", str(tmp_path / "act.pdf"))
        page.click("#prepare-btn")
        page.wait_for_selector("#prepared:not([hidden])")
        page.click("#sign-btn")
        page.wait_for_selector("#package:not([hidden])", timeout=30000)
        with page.expect_download() as info:
            page.click("#download-package")
        package = Path(info.value.path()).read_bytes()
        page.wait_for_selector("#overall-status")
        assert page.inner_text("#overall-status") == "ДЕЙСТВИТЕЛЬНА"

    sign_request = next(r for r in ncalayer.requests if r.get("module") == "kz.gov.pki.knca.basics")
    assert sign_request["method"] == "sign" and sign_request["args"]["format"] == "cms"
    assert sign_request["args"]["signingParams"]["encapsulate"] is False
    assert info.value.suggested_filename == "act.signed.pdf"
    assert sorted(PdfReader(io.BytesIO(package)).attachments) == ["act.pdf", "act.pdf.1.cms"]

    # the QR code of the package's sheet leads to the verification page
    if shutil.which("zbarimg") and shutil.which("pdftoppm"):
        (tmp_path / "package.pdf").write_bytes(package)
        subprocess.run(["pdftoppm", "-r", "100", "-f", "3", "-l", "3", "-png", str(tmp_path / "package.pdf"),
                        str(tmp_path / "sheet")], check=True)
        link = subprocess.run(["zbarimg", "-q", "--raw", str(next(tmp_path.glob("sheet*.png")))],
                              capture_output=True, text=True).stdout.strip()
    else:
        import hashlib

        link = f"{server}/static/verify.html?sha256={hashlib.sha256(pdf_document).hexdigest()}"
    assert link.startswith(f"{server}/static/verify.html?sha256=")
    (tmp_path / "act.signed.pdf").write_bytes(package)
    page.goto(link)
    page.wait_for_selector("body[data-ready=true]")
    assert not page.is_hidden("#expected") and page.is_hidden("#sign-form")
    page.set_input_files("#verify-file", str(tmp_path / "act.signed.pdf"))
    page.click("#verify-btn")
    page.wait_for_selector("#overall-status")
    assert page.inner_text("#overall-status") == "ДЕЙСТВИТЕЛЬНА"
    assert "совпадает" in page.inner_text("#sha-check")
    card = page.inner_text(".signer")
    assert "ӘБІЛОВА ҚАРЛЫҒАШ" in card and "первый руководитель" in card and "900101400123" in card
    assert "целостность — подтверждена" in card and "не отозван" in card and "integrity" not in card
    page.click("[data-ui-lang=kk]")
    assert page.inner_text("#overall-status") == "ЖАРАМДЫ"
    assert "бірінші басшы" in page.inner_text(".signer") and "тұтастық — расталды" in page.inner_text(".signer")

    # a changed document does not pass as the one in the QR code
    (tmp_path / "other.pdf").write_bytes(pdf_document + b"\n% changed")
    (tmp_path / "act.cms").write_bytes(next(iter(
        v for k, v in PdfReader(io.BytesIO(package)).attachments.items() if k.endswith(".cms")))[0])
    page.set_input_files("#verify-file", str(tmp_path / "other.pdf"))
    page.set_input_files("#verify-cms", str(tmp_path / "act.cms"))
    page.click("#verify-btn")
    page.wait_for_function("document.querySelector('#overall-status').textContent === 'ЖАРАМСЫЗ'")
    assert "СӘЙКЕС КЕЛМЕЙДІ" in page.inner_text("#sha-check")
    context.close()
    assert not errors, errors
