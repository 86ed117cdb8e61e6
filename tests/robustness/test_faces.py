"""The faces on damaged input, end to end: ``qujat check`` exits 2 with one line on stderr and no traceback
(and still prints the reports of the good files given with it), ``POST /v1/validate`` answers 4xx JSON, the
batch task records the file as unusable, ``qujat sign verify`` with a garbage signature exits 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.api.settings import Settings
from service.batch.task import check_document
from tests.robustness import fixtures, mutations

QUJAT = str(Path(sys.executable).with_name("qujat"))
BAD = {  # one mutation of each family that is refused, with the words its English detail must have
    "resolution-trunc-last22": "damaged ZIP",
    "resolution-flip64-s0": "part word/",  # the part the flipped bits damaged (depends on the template bytes)
    "resolution-document-nul-bytes": "not well-formed XML",
    "resolution-numbering-dtd": "declares a DTD",
    "deck-remove-slide-part": "presentation.xml is damaged",
    "pdf-encrypted": "encrypted with a password",
    "pdf-zero-pages-writer": "no pages",
    "pdf-startxref-huge": "the PDF is damaged",
}
SAID = {  # … and the words a clerk reads in Russian (the CLI line, the HTTP messages, the batch report)
    "resolution-trunc-last22": "пакет документа Office (zip) не открывается",
    "resolution-flip64-s0": "часть word/",
    "resolution-document-nul-bytes": "неправильный XML",
    "resolution-numbering-dtd": "объявлены DTD",
    "deck-remove-slide-part": "список слайдов не читается",
    "pdf-encrypted": "PDF защищен паролем",
    "pdf-zero-pages-writer": "нет ни одной страницы",
    "pdf-startxref-huge": "PDF поврежден",
}


def bad_bytes(name: str) -> bytes:
    m = next(m for m in mutations.catalogue() if m.id == name)
    return m.apply(fixtures.BASES[m.base]())


def qujat(*args: str) -> subprocess.CompletedProcess:
    """``qujat`` as a clerk runs it: no locale of its own, so it speaks the profile's language (Russian)."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run([QUJAT, *args], capture_output=True, text=True, timeout=300, env=env)


def test_cli_check_refuses_each_damaged_file_in_one_line(tmp_path: Path):
    good = tmp_path / "good.docx"
    good.write_bytes(fixtures.resolution_docx())
    paths = []
    for name in BAD:
        path = tmp_path / f"{name}.bin"
        path.write_bytes(bad_bytes(name))
        paths.append(path)
    done = qujat("check", str(good), *map(str, paths), "--no-pages", "--no-spelling", "--format", "json")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == len(BAD)
    for line, path, words in zip(lines, paths, SAID.values(), strict=True):
        assert line.startswith(f"qujat: {path}: ") and words in line, line
    english = qujat("check", *map(str, paths), "--no-pages", "--messages", "en").stderr.splitlines()
    for line, path, words in zip(english, paths, BAD.values(), strict=True):  # the detail, when asked for
        assert line.startswith(f"qujat: {path}: ") and words in line, line
    reports = json.loads(done.stdout)  # the good file's report is not lost
    assert [r["document"]["name"] for r in reports] == ["good.docx"]


@pytest.mark.parametrize("name", ["resolution-flip64-s0", "deck-remove-slide-part", "pdf-startxref-huge"])
def test_cli_check_of_one_damaged_file(tmp_path: Path, name):
    path = tmp_path / "upload.docx"
    path.write_bytes(bad_bytes(name))
    done = qujat("check", str(path), "--no-pages")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("qujat: ") and SAID[name] in done.stderr


def test_cli_check_of_hostile_numbering_is_a_report(tmp_path: Path):
    """w:start = 10^12 in lower Roman once hung the parser: now a normal report (exit 0 or 1)."""
    path = tmp_path / "roman.docx"
    path.write_bytes(bad_bytes("resolution-numbering-start-huge-roman"))
    done = qujat("check", str(path), "--no-pages", "--no-spelling", "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout)["document"]["kind"] == "resolution"


def test_http_validate_answers_4xx_json():
    with TestClient(create_app(Settings()), raise_server_exceptions=False) as client:
        for name, words in BAD.items():
            answer = client.post("/v1/validate", params={"pages": "false", "spelling": "false"},
                                 files={"file": (f"{name}.docx", bad_bytes(name))})
            assert 400 <= answer.status_code < 500, (name, answer.status_code, answer.text)
            error = answer.json()["error"]
            assert error["code"] in ("unusable-document", "unsupported-type") and words in error["message"]
            assert SAID[name] in error["messages"]["ru"], error  # said to people, not only the code's text


def test_batch_task_records_damaged_files_as_unusable():
    for name, words in BAD.items():
        result = check_document(f"in/{name}.docx", bad_bytes(name), [], {})
        assert result["status"] == "unusable", result
        assert result["error"]["code"] == "unusable-document" and words in result["error"]["message"]
        assert SAID[name] in result["error"]["messages"]["ru"], result["error"]


@pytest.mark.parametrize("signature", [b"", b"\x00" * 64, b"-----BEGIN CMS-----\n!!\n-----END CMS-----\n",
                                       b"\x30\x84\xff\xff\xff\xff" + b"\x00" * 16, b"\x30\x80" * 4000])
def test_sign_verify_with_a_garbage_signature_exits_2(tmp_path: Path, signature):
    document = tmp_path / "act.pdf"
    document.write_bytes(fixtures.act_pdf())
    sig = tmp_path / "act.pdf.cms"
    sig.write_bytes(signature)
    done = qujat("sign", "verify", str(document), "--signature", str(sig))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("qujat: ")


def self_signed_cms(content: bytes) -> bytes:
    """A detached CMS over ``content`` by a throw-away RSA certificate (cryptography's PKCS#7 builder)."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs7
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ТЕСТ ТЕСТОВ")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(7).not_valid_before(dt.datetime(2025, 1, 1)).not_valid_after(dt.datetime(2035, 1, 1))
            .sign(key, hashes.SHA256()))
    return (pkcs7.PKCS7SignatureBuilder().set_data(content).add_signer(cert, key, hashes.SHA256())
            .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature]))


def test_damaged_signature_messages_are_one_line():
    """asn1crypto's parse errors end in "while parsing …" lines; the message keeps the first."""
    import random

    from service.signing.verify import verify
    from validators.errors import UnusableDocument

    content = fixtures.act_pdf()
    cms = self_signed_cms(content)
    assert verify(content, cms).signers  # the undamaged one reads
    rng = random.Random(11)
    damaged = [cms[:n] for n in range(16, len(cms), max(1, len(cms) // 40))]
    for _ in range(60):
        blob = bytearray(cms)
        blob[rng.randrange(len(blob))] ^= 1 << rng.randrange(8)
        damaged.append(bytes(blob))
    refused = 0
    for blob in damaged:
        try:
            verify(content, blob)
        except UnusableDocument as exc:
            refused += 1
            assert "\n" not in exc.message and exc.message.strip(), repr(exc.message)
    assert refused >= 40


def test_special_files_are_refused_not_read(tmp_path: Path):
    """/dev/zero never ends and a FIFO blocks forever: only regular files are read."""
    import os

    from validators import check
    from validators.errors import UnusableDocument

    fifo = tmp_path / "upload.docx"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(UnusableDocument, match="is not a regular file"):
            check(path)
    done = qujat("check", "/dev/zero", "--no-pages")
    assert done.returncode == 2 and done.stderr == "qujat: /dev/zero — не обычный файл (устройство, канал или сокет).\n"
    done = qujat("check", "/dev/zero", "--no-pages", "--messages", "kk")
    assert done.returncode == 2 and done.stderr == "qujat: /dev/zero — қарапайым файл емес (құрылғы, арна немесе сокет).\n"


def test_unusable_pair_is_named_as_the_pair(tmp_path: Path):
    good = tmp_path / "act.ru.docx"
    good.write_bytes(fixtures.resolution_docx())
    pair = tmp_path / "act.kk.docx"
    pair.write_bytes(bad_bytes("resolution-flip64-s0"))
    done = qujat("check", str(good), "--pair", str(pair), "--no-pages", "--no-spelling")
    assert done.returncode == 2
    # names the pair and the damaged part
    assert done.stderr.startswith("qujat: Версия на другом языке: Файл ") and "часть word/" in done.stderr
