"""The CLI (`qujat sign verify|package`, exit codes 0/1/2) and the HTTP endpoints /v1/sign/*."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from signing_pki import sign_detached
from typer.testing import CliRunner

from service.api.app import create_app
from service.api.settings import Settings
from service.cli import app as cli_app
from service.signing import pades
from tests.texts.english import english

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


# ------------------------------------------------------------------ every line of `sign verify` in kk and in ru

#: names from the standards that NCA RK's own kk/ru instructions write as they are
EDS_TERMS = {"signingTime", "messageDigest", "messageImprint", "TSA", "TSTInfo", "CertID", "genTime", "thisUpdate",
             "OCSPSigning", "contentType", "ByteRange", "RFC", "adbe", "pkcs", "detached", "sha", "sha1", "sha256"}
VALID_WORD = {"kk": re.compile(r"\bЖАРАМДЫ\b"), "ru": re.compile(r"(?<!НЕ)ДЕЙСТВИТЕЛЬНА"),
              "en": re.compile(r"\bVALID\b")}
LOCALE = {"kk": "kk_KZ.UTF-8", "ru": "ru_RU.UTF-8"}


def _clerk_english(output: str, pki) -> list[str]:
    """Latin words a clerk reads in ``output``, less what comes from the certificates, file names, paths,
    hashes, times, algorithm names and the standards' field names."""
    names = [p.asn1.subject.native.get("common_name", "") for p in (pki.root, pki.nca, pki.tsa, pki.stranger)]
    names += [pki.stranger.asn1.issuer.native["common_name"], "Signature1"]  # and the PDF's signature field
    bad = []
    for line in output.splitlines():
        for name in sorted(names, key=len, reverse=True):
            line = line.replace(name, " ")
        line = re.sub(r"«[^»]*»|\S*/\S+|\b[0-9a-f]{16,}\b|\d{4}-\d\d-\d\dT\S+|\b\w+_\w+\b|\S+\.(?:pdf|cms|p7s)\b",
                      " ", line)
        words = english(line)
        bad += [f"{w} in: {line}" for w in words if w not in EDS_TERMS]
    return bad


@pytest.fixture()
def cases(pki, files, tmp_path, pdf_document) -> dict[str, tuple[list[str], int, dict[str, str]]]:
    """Each case: the command's arguments, its exit code and a word it must say in kk and ru."""
    from signing_pki import NOW, make_crl

    def write(name: str, data: bytes) -> str:
        (tmp_path / name).write_bytes(data)
        return str(tmp_path / name)

    trust = ["--trust", str(files["trust"])]
    crls = offline(files)
    revoked_crl = write("revoked.crl", make_crl(pki.nca, [(pki.employee, NOW - dt.timedelta(days=1))]))
    stamped = write("stamped.cms", sign_detached(pdf_document, [pki.employee], tsa=pki.tsa))
    tampered = write("tampered.cms", sign_detached(pdf_document, [pki.employee], tsa=pki.tsa, tamper_tsa=True))
    stranger = write("stranger.cms", sign_detached(pdf_document, [pki.stranger]))
    other = write("other.cms", sign_detached(b"another text", [pki.employee], attached=True))
    prepared = pades.prepare(pdf_document)
    start, end = pades._reserved_region(prepared.pdf)
    signed = pades.finish(prepared.pdf, sign_detached(prepared.pdf[:start] + prepared.pdf[end:], [pki.employee]))
    pades_pdf = write("pades.pdf", signed)
    changed_pdf = write("changed.pdf", signed + b"\n% a change made after signing\n")
    good = str(files["good"])
    return {
        "valid": (["-s", good, *trust, *crls], 0, {"kk": "кері қайтарылмаған", "ru": "не отозван"}),
        "expired": (["-s", str(files["expired"]), *trust, *crls], 1, {"kk": "жарамсыз еді", "ru": "не действовал"}),
        "untrusted": (["-s", stranger, *trust, *crls], 1, {"kk": "СЕНІМДІ ЕМЕС", "ru": "НЕ ДОВЕРЕНА"}),
        "untrusted-default": (["-s", good], 1, {"kk": "ҰКО жұмыс тамырлары", "ru": "рабочие корни НУЦ РК"}),
        "revocation-unknown": (["-s", good, *trust, "--offline"], 1,
                               {"kk": "OCSP қызметі де, CRL тарату нүктесі де", "ru": "ни OCSP-сервис, ни точка"}),
        "revoked": (["-s", good, *trust, "--offline", "--crl", str(files["root.crl"]), "--crl", revoked_crl], 1,
                    {"kk": "кілттің құпиялылығы бұзылған", "ru": "компрометация ключа"}),
        "time-stamped": (["-s", stamped, *trust, *crls], 0, {"kk": "қызмет сенімді", "ru": "служба доверенная"}),
        "time-stamp-tampered": (["-s", tampered, *trust, *crls], 1,
                                {"kk": "«messageImprint» мәні қолтаңба мәніне", "ru": "не совпадает со значением"}),
        "other-content": (["-s", other, *trust, *crls], 1, {"kk": "берілген құжаттан өзгеше",
                                                             "ru": "отличается от переданного документа"}),
        "pades": ([*trust, *crls], 0, {"kk": "Қолтаңба өрісі", "ru": "Поле подписи"}),
        "pades-changed": ([*trust, *crls], 1, {"kk": "ертерек нұсқасы", "ru": "более ранней редакции"}),
        "_docs": ([pades_pdf, changed_pdf], 0, {}),
    }


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_line_of_sign_verify_is_kazakh_or_russian(pki, files, cases, lang):
    pades_pdf, changed_pdf = cases.pop("_docs")[0]
    for name, (args, code, words) in cases.items():
        document = {"pades": pades_pdf, "pades-changed": changed_pdf}.get(name, str(files["doc"]))
        how = ["--messages", lang] if name != "valid" else []  # one case by the locale alone
        env = {"LANG": LOCALE[lang], "LC_ALL": "", "LC_MESSAGES": ""} if not how else None
        result = runner.invoke(cli_app, ["sign", "verify", document, *args, *how], env=env)
        assert result.exit_code == code, (name, result.output)
        assert words[lang] in result.output, (name, result.output)
        assert not _clerk_english(result.output, pki), (name, _clerk_english(result.output, pki)[:5])
        if code:  # nothing that was not verified is called valid
            head = result.output.splitlines()[0]
            assert not VALID_WORD[lang].search(head), (name, head)


def test_only_a_verified_signature_is_called_valid_in_every_language():
    from service.signing import texts

    for status in ("invalid", "untrusted", "revocation-unknown", "unverifiable"):
        for lang, word in VALID_WORD.items():
            assert not word.search(texts.say("status", status, lang)), (status, lang)
    for lang, word in VALID_WORD.items():
        assert word.search(texts.say("status", "valid", lang))
    # a time-stamp whose TSA is not trusted is not called valid either
    assert "не подтверждено" in texts.say("face", "ts.valid", "ru") and "расталмады" in texts.say("face", "ts.valid", "kk")


def test_english_when_asked_for_keeps_the_checks_words(files):
    result = runner.invoke(cli_app, ["sign", "verify", str(files["doc"]), "-s", str(files["good"]), "--trust",
                                     str(files["trust"]), *offline(files), "--messages", "en"])
    assert result.exit_code == 0, result.output
    assert "VALID" in result.output and "integrity=valid" in result.output and "trust: production" in result.output


def test_every_detail_the_checks_write_in_english_is_said_in_kk_and_ru():
    """The English details of revocation, chain and time-stamp checks, as service/signing writes them."""
    from service.signing import texts

    details = [
        "online checks are turned off (QUJAT_REVOCATION_ONLINE=0 or --offline) and no CRL or OCSP file answered "
        "for this certificate",
        "OCSP http://127.0.0.1:8080/ocsp: the responder answered «tryLater» (sha256 CertID); "
        "OCSP http://127.0.0.1:8080/ocsp: the responder does not know this certificate (sha1 CertID)",
        "CRL http://127.0.0.1:9/nca.crl: [Errno 111] Connection refused",
        "CRL file 1: it is stale for 2026-01-02T00:00:00+00:00 (valid until 2026-01-01T00:00:00+00:00)",
        "CRL file 1 + delta file 2: it claims to be issued in the future (2030-01-01T00:00:00+00:00)",
        "CRL file 1: it names a delta CRL, and no usable delta CRL was found: none at http://127.0.0.1/d.crl",
        "OCSP file 1: not a readable OCSP response (Unexpected end of data)",
        "the signature of «ROOT» on «NCA» cannot be checked here: unsupported signature algorithm 1.2.3",
        "the time-stamp token does not carry the TSA certificate",
        "unusual /ByteRange with 3 range(s)",
    ]
    for detail in details:
        said = texts.explain(detail)
        assert said["en"] == detail
        for lang in ("kk", "ru"):
            assert not [w for w in english(re.sub(r"«[^»]*»|\S*://\S+|\S+T\S+", " ", said[lang]))
                        if w not in EDS_TERMS], (lang, said[lang])
            assert texts.say("face", "untranslated", lang, detail="") not in said[lang], (detail, said[lang])
    unknown = texts.explain("something nobody foresaw")
    assert unknown["ru"].startswith("техническая причина") and unknown["kk"].startswith("техникалық себеп")


def test_the_http_answer_says_every_check_in_kk_and_ru(client, files, pki, configured_server):
    answer = client.post("/v1/sign/verify", files={
        "file": ("act.pdf", files["doc"].read_bytes()), "signature": ("good.cms", files["good"].read_bytes())})
    body = answer.json()
    signer = body["signers"][0]
    assert body["status"] == "valid" and signer["checks"]["integrity"] == "valid"  # the codes are unchanged
    assert signer["checks_text"]["integrity"]["ru"] == "целостность — подтверждена"
    assert signer["chain_text"]["kk"] == "сенімді" and signer["revocation"][0]["status"] == "good"
    said = [body["trust_store_text"], signer["chain_text"], *signer["checks_text"].values(),
            *(r["text"] for r in signer["revocation"])]
    for lang in ("kk", "ru"):
        assert not _clerk_english("\n".join(s[lang] for s in said), pki), [s[lang] for s in said]


def test_a_refused_eds_request_says_why_in_kk_and_ru(client, files, pki, pdf_document, tmp_path):
    """The refusals of /v1/sign/* and `qujat sign …` name the problem itself, not «the file can't be read»."""
    doc = files["doc"].read_bytes()
    widened = client.post("/v1/sign/verify", files={
        "file": ("act.pdf", doc), "signature": ("good.cms", files["good"].read_bytes()),
        "trust": ("trust.pem", pki.trust_pem())}).json()["error"]
    assert "server's configuration" in widened["message"]  # the English detail is kept for programs
    assert "конфигурация сервера" in widened["messages"]["ru"] and "сервердің баптауы" in widened["messages"]["kk"]
    empty = client.post("/v1/sign/verify", files={"file": ("act.pdf", b""), "signature": ("a.cms", b"x")})
    assert empty.json()["error"]["messages"]["ru"] == "Файл в поле «file» пуст."
    detached = runner.invoke(cli_app, ["sign", "verify", str(files["good"]), "--messages", "kk"])
    assert detached.exit_code == 2 and "қол қойылған құжатты да тіркеңіз" in detached.output, detached.output
    unprepared = runner.invoke(cli_app, ["sign", "pades-finish", str(files["doc"]), "-s", str(files["good"]), "-o",
                                         str(tmp_path / "out.pdf")])
    assert unprepared.exit_code == 2 and "сначала выполните «qujat sign pades-prepare»" in unprepared.output, unprepared.output
    unknown_set = runner.invoke(cli_app, ["sign", "verify", str(files["doc"]), "-s", str(files["good"]),
                                          "--trust-set", "staging", "--messages", "ru"])
    assert unknown_set.exit_code == 2 and "Набор доверенных корней «staging» неизвестен" in unknown_set.output


def test_the_signature_sheet_says_revocation_in_russian_and_kazakh(pki, pdf_document):
    """The package's sheet: where the revocation answer came from and why it was revoked, in ru / kk."""
    from signing_pki import NOW, make_crl

    from service.signing.certificates import TrustStore, load_certificates
    from service.signing.revocation import RevocationConfig
    from service.signing.sheet import rows
    from service.signing.verify import verify

    revoked = RevocationConfig(online=False, crls=(pki.good_crls()[0],
                                                   make_crl(pki.nca, [(pki.employee, NOW - dt.timedelta(days=1))])))
    result = verify(pdf_document, sign_detached(pdf_document, [pki.employee]),
                    TrustStore(load_certificates(pki.trust_pem())), revocation=revoked)
    line = dict(rows(result.signers[0]))["Статус отзыва (OCSP/CRL) / Кері қайтарып алу мәртебесі (OCSP/CRL)"]
    assert "компрометация ключа" in line and "кілттің құпиялылығы бұзылған" in line, line
    assert "CRL файл 2" in line and "CRL 2-файл" in line and "file" not in line, line


def test_the_page_never_calls_a_pdf_changed_after_its_signature_valid(client, pki, pdf_document, configured_server):
    """Uploaded alone, a PAdES-signed PDF with a later revision is not «valid»: the later bytes are not signed."""
    prepared = pades.prepare(pdf_document)
    start, end = pades._reserved_region(prepared.pdf)
    signed = pades.finish(prepared.pdf, sign_detached(prepared.pdf[:start] + prepared.pdf[end:], [pki.employee]))
    whole = client.post("/v1/sign/verify", files={"file": ("act.pdf", signed)}).json()
    assert whole["status"] == "valid", whole
    changed = client.post("/v1/sign/verify", files={"file": ("act.pdf", signed + b"\n% a later change\n")}).json()
    assert changed["status"] == "invalid" and changed["signers"][0]["status"] == "valid"
    assert changed["reason_texts"][0]["ru"] == "PDF изменен после этой подписи: последующие изменения ею не охвачены"
    assert "кейінгі өзгерістерді қолтаңба қамтымайды" in changed["reason_texts"][0]["kk"]
