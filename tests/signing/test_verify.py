"""Detached CMS verification against a test PKI built here: valid, tampered, untrusted, expired, wrong
document, several signers, encodings, time-stamps, and unreadable input."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from signing_pki import NOW, YEAR, issue, nca_name, rsa_key, sign_detached

from service.signing.certificates import TrustStore, load_certificates
from service.signing.verify import verify
from validators.errors import UnusableDocument


@pytest.fixture(scope="module")
def trust(pki) -> TrustStore:
    return TrustStore(load_certificates(pki.trust_pem()), "test")


def test_valid_signature_reads_the_signer_the_nca_way(pki, trust, document):
    result = verify(document, sign_detached(document, [pki.employee], chain=[pki.nca]), trust)
    assert result.valid and result.exit_code == 0
    signer = result.signers[0]
    cert = signer.certificate
    assert cert.full_name == "ӘБІЛОВА ҚАРЛЫҒАШ СЕРІКҚЫЗЫ"
    assert (cert.iin, cert.bin) == ("900101400123", "123456789021")
    assert cert.organisation == "ГУ «Аппарат акима города Туркестан»"
    assert {"digital_signature", "non_repudiation"} <= set(cert.key_usage)
    assert signer.chain.status == "trusted"
    assert signer.chain.path[-1].startswith("ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ")
    assert signer.signing_time is not None and signer.reasons == []


def test_one_changed_byte_makes_it_invalid(pki, trust, document):
    signature = sign_detached(document, [pki.person])
    changed = bytearray(document)
    changed[10] ^= 0x01
    result = verify(bytes(changed), signature, trust)
    assert not result.valid and result.exit_code == 1
    assert any("messageDigest does not match" in r for r in result.signers[0].reasons)


def test_wrong_document_is_invalid(pki, trust, document):
    result = verify(b"another act entirely", sign_detached(document, [pki.person]), trust)
    assert result.status == "invalid"
    assert "document differs" in " ".join(result.signers[0].reasons)


def test_certificate_outside_the_trust_store_is_invalid(pki, trust, document):
    result = verify(document, sign_detached(document, [pki.stranger]), trust)
    signer = result.signers[0]
    assert signer.status == "invalid" and signer.chain.status == "untrusted"
    assert any("«Unknown CA»" in r and "not in the trust store" in r for r in signer.reasons)


def test_expired_certificate_is_invalid(pki, trust, document):
    result = verify(document, sign_detached(document, [pki.expired]), trust)
    assert any("had expired" in r for r in result.signers[0].reasons)
    assert not result.valid


def test_certificate_is_judged_at_signing_time(pki, trust, document):
    """Signed while the certificate was valid, checked years later: still valid (the signing time counts)."""
    result = verify(document, sign_detached(document, [pki.person], signing_time=NOW - dt.timedelta(days=30)),
                    trust, now=NOW + 5 * YEAR)
    assert result.valid
    early = verify(document, sign_detached(document, [pki.person], signing_time=NOW - 2 * YEAR), trust)
    assert any("not yet valid" in r for r in early.signers[0].reasons)


def test_ecdsa_and_rsa_pss_signatures_verify(pki, trust, document):
    assert verify(document, sign_detached(document, [pki.ec_signer]), trust).valid
    assert verify(document, sign_detached(document, [pki.employee], pss=True, digest="sha512"), trust).valid


def test_several_signers_are_judged_one_by_one(pki, trust, document):
    result = verify(document, sign_detached(document, [pki.person, pki.expired, pki.employee]), trust)
    by_iin = {s.certificate.iin: s.status for s in result.signers}  # SET OF: DER order, not signing order
    assert by_iin == {"123456789011": "valid", "700101300111": "invalid", "900101400123": "valid"}
    assert result.status == "invalid"


@pytest.mark.parametrize("encode", [
    lambda der: der,
    lambda der: der + b"\r\n",
    lambda der: base64.encodebytes(der),
    lambda der: b"-----BEGIN CMS-----\n" + base64.encodebytes(der) + b"-----END CMS-----\n",
], ids=["der", "der-with-newline", "base64", "pem"])
def test_der_pem_and_base64_are_read(pki, trust, document, encode):
    assert verify(document, encode(sign_detached(document, [pki.person])), trust).valid


def test_time_stamp_time_and_imprint(pki, trust, document):
    stamped_at = NOW - dt.timedelta(minutes=1)
    good = verify(document, sign_detached(document, [pki.person], tsa=pki.tsa, tsa_time=stamped_at), trust)
    stamp = good.signers[0].timestamp
    assert good.valid and stamp.status == "valid" and stamp.authority == "TSA QUJAT TEST"
    assert dt.datetime.fromisoformat(stamp.time) == stamped_at
    assert good.signers[0].checked_at == stamped_at.isoformat()
    bad = verify(document, sign_detached(document, [pki.person], tsa=pki.tsa, tamper_tsa=True), trust)
    assert any("messageImprint does not match" in r for r in bad.signers[0].reasons)


def test_without_trust_store_the_chain_is_reported_unchecked(pki, document):
    result = verify(document, sign_detached(document, [pki.stranger]))
    signer = result.signers[0]
    assert signer.chain.status == "not-checked" and result.valid
    assert any("--trust" in w for w in signer.warnings)


def test_authentication_key_gets_a_warning(pki, trust, document):
    auth = issue(nca_name("АУТЕНТ АДАМ", "АУТЕНТ", iin="990101300999"), rsa_key(), pki.nca, ca=False,
                 non_repudiation=False)
    result = verify(document, sign_detached(document, [auth]), trust)
    assert result.valid
    assert any("nonRepudiation" in w for w in result.signers[0].warnings)


def test_attached_cms_checks_its_own_content(pki, trust, document):
    signature = sign_detached(document, [pki.person], attached=True)
    assert verify(None, signature, trust).valid
    other = verify(b"not the same", signature, trust)
    assert any("differs from the document" in r for r in other.reasons)


@pytest.mark.parametrize("blob, words", [
    (b"", "empty"),
    (b"\x30\x03\x02\x01\x01", "not a readable CMS"),
    (b"%PDF-1.7 not a signature", "neither DER, PEM nor base64"),
])
def test_unreadable_signatures_are_unusable(document, blob, words):
    with pytest.raises(UnusableDocument, match=words):
        verify(document, blob)


def test_signature_made_by_another_key_is_invalid(pki, trust, document):
    """The CMS names the person's certificate but the bytes were signed by someone else's key."""
    forged = sign_detached(document, [pki.person])
    genuine_other = sign_detached(document, [pki.employee])
    from asn1crypto import cms

    info = cms.ContentInfo.load(forged)
    other = cms.ContentInfo.load(genuine_other)
    info["content"]["signer_infos"][0]["signature"] = other["content"]["signer_infos"][0]["signature"].native
    result = verify(document, info.dump(force=True), trust)
    assert any("does not verify" in r for r in result.signers[0].reasons)


def test_damaged_signatures_never_escape_as_tracebacks(pki, trust, document):
    """Random byte damage gives a result or an UnusableDocument naming the problem, nothing else."""
    import random

    base = sign_detached(document, [pki.person, pki.ec_signer], chain=[pki.nca], tsa=pki.tsa)
    rng = random.Random(7)
    outcomes = set()
    for _ in range(300):
        damaged = bytearray(base)
        for _ in range(rng.randint(1, 3)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            outcomes.add(verify(document, bytes(damaged), trust).status)
        except UnusableDocument as exc:
            assert exc.message
            outcomes.add("unusable")
    assert {"unusable", "invalid"} <= outcomes
