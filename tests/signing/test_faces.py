"""The CLI (`qujat sign verify|package`, exit codes 0/1/2) and the HTTP endpoints /v1/sign/*."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from signing_pki import sign_detached
from typer.testing import CliRunner

from service.api.app import create_app
from service.api.settings import Settings
from service.cli import app as cli_app

runner = CliRunner()


@pytest.fixture()
def files(pki, tmp_path: Path, pdf_document: bytes) -> dict[str, Path]:
    paths = {
        "doc": tmp_path / "act.pdf",
        "good": tmp_path / "good.cms",
        "expired": tmp_path / "expired.p7s",
        "garbage": tmp_path / "garbage.cms",
        "trust": tmp_path / "trust.pem",
        "root.crl": tmp_path / "root.crl",
        "nca.crl": tmp_path / "nca.crl",
    }
    paths["doc"].write_bytes(pdf_document)
    paths["good"].write_bytes(base64.b64encode(sign_detached(pdf_document, [pki.employee], chain=[pki.nca])))
    paths["expired"].write_bytes(sign_detached(pdf_document, [pki.expired]))
    paths["garbage"].write_bytes(b"\x30\x82garbage")
    paths["trust"].write_bytes(pki.trust_pem())
    paths["root.crl"].write_bytes(pki.good_crls()[0])
    paths["nca.crl"].write_bytes(pki.good_crls()[1])
    return paths


def offline(files) -> list[str]:
    return ["--offline", "--crl", str(files["root.crl"]), "--crl", str(files["nca.crl"])]


def test_cli_verify_exit_codes(files):
    ok = runner.invoke(cli_app, ["sign", "verify", str(files["doc"]), "--signature", str(files["good"]),
                                 "--trust", str(files["trust"]), "--format", "json", *offline(files)])
    assert ok.exit_code == 0, ok.output
    answer = json.loads(ok.output)
    assert answer["valid"] and answer["signers"][0]["certificate"]["bin"] == "123456789021"

    bad = runner.invoke(cli_app, ["sign", "verify", str(files["doc"]), "--signature", str(files["expired"]),
                                  "--trust", str(files["trust"]), *offline(files)])
    assert bad.exit_code == 1 and "НЕДЕЙСТВИТЕЛЬНА" in bad.output and "не действовал" in bad.output

    untrusted = runner.invoke(cli_app, ["sign", "verify", str(files["doc"]), "--signature", str(files["good"]),
                                        "--format", "json"])  # the default configuration: production anchors
    assert untrusted.exit_code == 1, untrusted.output
    assert json.loads(untrusted.output)["status"] == "untrusted"
    test_set = runner.invoke(cli_app, ["sign", "verify", str(files["doc"]), "--signature", str(files["good"]),
                                       "--trust-set", "test", "--format", "json"])
    assert test_set.exit_code == 1 and "test (NCA RK" in json.loads(test_set.output)["trust_store"]

    unknown = runner.invoke(cli_app, ["sign", "verify", str(files["doc"]), "--signature", str(files["good"]),
                                      "--trust", str(files["trust"]), "--offline", "--messages", "kk"])
    assert unknown.exit_code == 1 and "КЕРІ ҚАЙТАРЫП АЛУ МӘРТЕБЕСІ БЕЛГІСІЗ" in unknown.output

    unusable = runner.invoke(cli_app, ["sign", "verify", str(files["doc"]), "--signature", str(files["garbage"])])
    assert unusable.exit_code == 2 and "это не подпись CMS" in unusable.output
    missing = runner.invoke(cli_app, ["sign", "verify", str(files["doc"]) + ".nope", "--signature",
                                      str(files["good"])])
    assert missing.exit_code == 2 and "Файл не найден" in missing.output
    device = runner.invoke(cli_app, ["sign", "verify", "/dev/zero", "--signature", str(files["good"])])
    assert device.exit_code == 2 and "не обычный файл" in device.output  # never read until out of memory


def test_cli_verifies_an_attached_cms_and_an_ncalayer_answer(pki, files, tmp_path, pdf_document):
    attached = tmp_path / "attached.cms"
    attached.write_bytes(sign_detached(pdf_document, [pki.employee], attached=True))
    ok = runner.invoke(cli_app, ["sign", "verify", str(attached), "--trust", str(files["trust"]), *offline(files)])
    assert ok.exit_code == 0, ok.output
    answer = tmp_path / "ncalayer.json"
    answer.write_text(json.dumps({"status": True, "body": {"result": [files["good"].read_text()]}}))
    ok = runner.invoke(cli_app, ["sign", "verify", str(files["doc"]), "-s", str(answer), "--trust",
                                 str(files["trust"]), *offline(files)])
    assert ok.exit_code == 0, ok.output


def test_cli_package_writes_a_pdf(files, tmp_path):
    out = tmp_path / "pkg" / "signed.pdf"
    result = runner.invoke(cli_app, ["sign", "package", str(files["doc"]), "--signature", str(files["good"]),
                                     "--signature", str(files["expired"]), "-o", str(out), *offline(files)])
    assert result.exit_code == 0, result.output
    assert sorted(PdfReader(out).attachments) == ["act.pdf", "act.pdf.1.cms", "act.pdf.2.cms"]
    again = runner.invoke(cli_app, ["sign", "verify", str(out), "--trust", str(files["trust"]), "--format", "json",
                                    *offline(files)])
    assert again.exit_code == 1, again.output  # the second signature is by an expired key
    assert [s["status"] for s in json.loads(again.output)["signers"]] == ["valid", "invalid"]


def test_cli_prepare_passes_a_pdf_through(files, tmp_path):
    out = tmp_path / "bundle"
    result = runner.invoke(cli_app, ["sign", "prepare", str(files["doc"]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "document.pdf").read_bytes() == files["doc"].read_bytes()
    request = json.loads((out / "ncalayer-request.json").read_text())
    assert base64.b64decode(request["args"]["data"]) == files["doc"].read_bytes()


@pytest.fixture()
def client() -> TestClient:
    with TestClient(create_app(Settings())) as test_client:
        yield test_client


@pytest.fixture()
def configured_server(files, tmp_path, monkeypatch):
    """The server's own configuration: the test PKI's anchors and a revocation folder holding its CRLs."""
    folder = tmp_path / "revocation"
    folder.mkdir()
    for name in ("root.crl", "nca.crl"):
        (folder / name).write_bytes(files[name].read_bytes())
    monkeypatch.setenv("QUJAT_TRUST_STORE", str(files["trust"]))
    monkeypatch.setenv("QUJAT_REVOCATION_DIR", str(folder))
    monkeypatch.setenv("QUJAT_REVOCATION_ONLINE", "0")


def test_an_uploaded_trust_file_never_makes_a_signer_trusted(client, files, pki):
    """The server runs with its default configuration; a request bringing the signer's CA is refused."""
    doc = files["doc"].read_bytes()
    plain = client.post("/v1/sign/verify", files={"file": ("act.pdf", doc),
                                                   "signature": ("good.cms", files["good"].read_bytes())})
    assert plain.status_code == 200 and plain.json()["status"] == "untrusted"
    widened = client.post("/v1/sign/verify", files={
        "file": ("act.pdf", doc), "signature": ("good.cms", files["good"].read_bytes()),
        "trust": ("trust.pem", pki.trust_pem())})
    assert widened.status_code == 422 and "server's configuration" in widened.json()["error"]["message"]


def test_http_verify_and_package(client, files, pki, configured_server):
    doc = files["doc"].read_bytes()
    answer = client.post("/v1/sign/verify", files={
        "file": ("act.pdf", doc), "signature": ("good.cms", files["good"].read_bytes())})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["valid"] is True and body["signers"][0]["chain"]["status"] == "trusted", body
    assert body["signers"][0]["checks"]["revocation"] == "good"

    changed = client.post("/v1/sign/verify", files={
        "file": ("act.pdf", doc + b"\n"), "signature": ("good.cms", files["good"].read_bytes())})
    assert changed.status_code == 200 and changed.json()["valid"] is False

    package = client.post("/v1/sign/package", files=[
        ("file", ("act.pdf", doc)), ("signature", ("a.cms", files["good"].read_bytes())),
        ("signature", ("b.p7s", files["expired"].read_bytes()))])
    assert package.status_code == 200 and package.headers["content-type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(package.content)).attachments) == 3

    # the verification page's upload: the package alone, its document and CMS taken from its attachments
    again = client.post("/v1/sign/verify", files={"file": ("act.signed.pdf", package.content)})
    assert again.status_code == 200, again.text
    body = again.json()
    assert body["document"]["name"] == "act.pdf" and body["signature"]["cms"] == 2
    assert [s["status"] for s in body["signers"]] == ["valid", "invalid"]


def test_http_errors_are_json(client, files):
    garbage = client.post("/v1/sign/verify", files={
        "file": ("act.pdf", files["doc"].read_bytes()), "signature": ("x.cms", b"\x30\x82garbage")})
    assert garbage.status_code == 422 and garbage.json()["error"]["code"] == "unusable-document"
    none = client.post("/v1/sign/package", files={"file": ("act.pdf", files["doc"].read_bytes())})
    assert none.status_code == 422 and "signature" in none.json()["error"]["message"]


def test_http_prepare_pdf(client, files):
    answer = client.post("/v1/sign/prepare", files={"file": ("act.pdf", files["doc"].read_bytes())})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert base64.b64decode(body["pdf_base64"]) == files["doc"].read_bytes()
    assert body["ncalayer_request"]["module"] == "kz.gov.pki.knca.basics"
    assert body["ncalayer_hash_request"]["args"]["signingParams"]["digested"] is True
