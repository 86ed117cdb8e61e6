"""The shipped trust anchors: every set loads, every file matches its recorded SHA-256 and description, and
every certificate whose issuer is shipped in the same set verifies under it (GOST 34.310-2004 signatures of
the 2015 generation can't be computed here: those, and only those, are said to be unverifiable)."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil

import pytest
from asn1crypto import pem

from service.signing import anchors, primitives
from service.signing.certificates import load_certificates, name_text, spki_der
from validators.errors import ServiceUnavailable

GOST_2004 = "1.2.398.3.10.1.1.1.2"


def _entries(trust_set: str) -> list[dict]:
    return [entry for entry in anchors.manifest() if entry["set"] == trust_set]


@pytest.mark.parametrize("trust_set", anchors.TRUST_SETS)
def test_each_set_loads_and_matches_its_manifest(trust_set):
    store = anchors.load_set(trust_set)
    entries = _entries(trust_set)
    assert len(store.certificates) == len(entries) > 0
    for entry in entries:
        data = (anchors.FOLDER / entry["file"]).read_bytes()
        der = pem.unarmor(data)[2] if pem.detect(data) else data
        assert hashlib.sha256(der).hexdigest() == entry["sha256"], entry["file"]
        cert = load_certificates(data)[0]
        assert cert.subject.human_friendly == entry["subject"], entry["file"]
        assert cert.issuer.human_friendly == entry["issuer"], entry["file"]
        assert format(cert.serial_number, "x") == entry["serial"], entry["file"]
        assert cert.not_valid_before == dt.datetime.fromisoformat(entry["not_before"]), entry["file"]
        assert cert.not_valid_after == dt.datetime.fromisoformat(entry["not_after"]), entry["file"]
        assert entry["sources"] and entry["confirmation"], entry["file"]


@pytest.mark.parametrize("trust_set", anchors.TRUST_SETS)
def test_each_certificate_verifies_under_its_shipped_issuer(trust_set):
    certs = [load_certificates((anchors.FOLDER / e["file"]).read_bytes())[0] for e in _entries(trust_set)]
    checked, unverifiable = [], []
    for cert in certs:
        issuers = [c for c in certs if c.subject == cert.issuer]
        if not issuers:
            continue  # an intermediate shipped as an anchor without its root
        signature_oid = cert["signature_algorithm"]["algorithm"].dotted
        try:
            ok = primitives.verify_signature(spki_der(issuers[0]), cert["signature_algorithm"],
                                             cert["signature_value"].native, cert["tbs_certificate"].dump())
        except primitives.Unverifiable:
            assert signature_oid == GOST_2004, name_text(cert.subject)
            unverifiable.append(name_text(cert.subject))
            continue
        assert ok, f"{name_text(cert.subject)} does not verify under {name_text(issuers[0].subject)}"
        checked.append(name_text(cert.subject))
    expected = {"production": ({"ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)", "НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)"},
                               {"ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST)", "НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST)"}),
                "test": ({"ҰКО 3.0 (RSA TEST)", "НЕГІЗГІ КО TEST (RSA)", "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022",
                          "НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022"},
                         {"ҰКО 3.0 (GOST TEST)", "НЕГІЗГІ КО TEST (GOST)"})}[trust_set]
    assert (set(checked), set(unverifiable)) == expected


def test_a_changed_anchor_file_is_refused(tmp_path, monkeypatch):
    folder = tmp_path / "anchors"
    shutil.copytree(anchors.FOLDER, folder)
    entry = _entries("test")[0]
    original = (folder / entry["file"]).read_bytes()
    other = next(e for e in _entries("test") if e["file"] != entry["file"])
    (folder / entry["file"]).write_bytes((folder / other["file"]).read_bytes())
    assert original != (folder / entry["file"]).read_bytes()
    monkeypatch.setattr(anchors, "FOLDER", folder)
    anchors.load_set.cache_clear()
    try:
        with pytest.raises(ServiceUnavailable, match="does not match its recorded SHA-256"):
            anchors.load_set("test")
    finally:
        monkeypatch.undo()
        anchors.load_set.cache_clear()
