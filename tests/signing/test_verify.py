"""CMS verification against a test PKI built here: integrity, trust anchors (untrusted is never valid), key
usage, signingCertificateV2, time rules (trusted time-stamp vs the signer's claim), offline revocation, and
the inputs NCALayer delivers (base64, PEM, its JSON answer, arrays, attached CMS)."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from signing_pki import NOW, YEAR, issue, make_crl, make_ocsp, nca_name, rsa_key, sign_detached

from service.signing.certificates import TrustStore, load_certificates
from service.signing.revocation import RevocationConfig
from service.signing.verify import verify
from validators.errors import UnusableDocument


@pytest.fixture(scope="module")
def trust(pki) -> TrustStore:
    return TrustStore(load_certificates(pki.trust_pem()), "test")


def test_valid_signature_reads_the_signer_the_nca_way(pki, trust, good, document):
    result = verify(document, sign_detached(document, [pki.employee], chain=[pki.nca]), trust, revocation=good)
    assert result.valid and result.exit_code == 0, result.to_dict()
    signer = result.signers[0]
    cert = signer.certificate
    assert cert.full_name == "ӘБІЛОВА ҚАРЛЫҒАШ СЕРІКҚЫЗЫ"
    assert (cert.iin, cert.bin) == ("900101400123", "123456789021")
    assert cert.organisation == "ГУ «Аппарат акима города Туркестан»"
    assert {"digital_signature", "non_repudiation"} <= set(cert.key_usage)
    assert [r["ru"] for r in cert.roles] == ["сотрудник юридического лица", "первый руководитель"]
    assert [r["kk"] for r in cert.roles] == ["заңды тұлғаның қызметкері", "бірінші басшы"]
    assert cert.template["ru"] == "ключ подписи НУЦ РК (RSA)"
    assert signer.chain.status == "trusted"
    assert signer.chain.path[-1].startswith("ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ")
    assert signer.checks == {"integrity": "valid", "key_usage": "valid", "time": "claim", "chain": "trusted",
                             "revocation": "good"}
    assert [r.status for r in signer.revocation] == ["good"]


def test_self_signed_nca_lookalike_is_untrusted_by_default(document):
    """No trust given: the shipped production anchors apply, and a self-made «NCA» certificate is untrusted."""
    fake_nca = issue(nca_name("ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)"), rsa_key(), None, ca=True)
    forger = issue(nca_name("ТОҚАЕВ ҚАСЫМ-ЖОМАРТ", "ТОҚАЕВ", iin="530517300001", bin_="000000000001",
                            organisation="Акимат"), rsa_key(), fake_nca, ca=False)
    self_signed = issue(nca_name("ӘБІЛОВА ҚАРЛЫҒАШ", "ӘБІЛОВА", iin="900101400123", bin_="123456789021",
                                 organisation="ГУ «Аппарат акима города Туркестан»"), rsa_key(), None, ca=False)
    for signers, chain in (([forger], [fake_nca]), ([self_signed], [])):
        result = verify(document, sign_detached(document, signers, chain=chain))
        assert result.status == "untrusted" and result.exit_code == 1 and not result.valid
        signer = result.signers[0]
        assert signer.checks["integrity"] == "valid" and signer.checks["chain"] == "untrusted"
        assert "production" in result.trust_store
        assert any(m.code == "untrusted" and "доверенному корню" in m.text["ru"] for m in signer.messages)


def test_one_changed_byte_makes_it_invalid(pki, trust, good, document):
    signature = sign_detached(document, [pki.person])
    changed = bytearray(document)
    changed[10] ^= 0x01
    result = verify(bytes(changed), signature, trust, revocation=good)
    assert not result.valid and result.exit_code == 1 and result.status == "invalid"
    assert result.signers[0].checks["integrity"] == "invalid"
    assert any(m.code == "digest-mismatch" for m in result.signers[0].messages)


def test_certificate_outside_the_trust_store_is_untrusted(pki, trust, good, document):
    result = verify(document, sign_detached(document, [pki.stranger]), trust, revocation=good)
    signer = result.signers[0]
    assert signer.status == "untrusted" and signer.chain.status == "untrusted"
    assert any("«Unknown CA»" in r and "not among the trusted anchors" in r for r in signer.reasons)
    assert any("not in the trust store" in r for r in signer.chain.reasons)


def test_expired_certificate_is_invalid(pki, trust, good, document):
    result = verify(document, sign_detached(document, [pki.expired]), trust, revocation=good)
    assert any(m.code == "expired" for m in result.signers[0].messages)
    assert result.status == "invalid"


def test_back_dated_signature_by_an_expired_key_is_not_valid(pki, trust, good, document):
    """The key expired a year ago; its owner writes a signingTime from when it was valid: a claim, not a fact."""
    back_dated = NOW - 2 * YEAR - dt.timedelta(days=30)
    result = verify(document, sign_detached(document, [pki.expired], signing_time=back_dated), trust,
                    revocation=good)
    signer = result.signers[0]
    assert result.status == "invalid" and signer.time_source == "claim"
    assert any(m.code == "expired" and NOW.isoformat()[:4] in m.text["en"] for m in signer.messages)
    assert any(m.code == "time-claim" for m in signer.messages)


def test_a_trusted_time_stamp_fixes_the_time(pki, trust, good, document):
    """Signed and time-stamped while valid, checked five years later: judged at the time-stamp, valid."""
    stamped_at = NOW - dt.timedelta(days=30)
    signature = sign_detached(document, [pki.person], signing_time=stamped_at, tsa=pki.tsa, tsa_time=stamped_at)
    later = NOW + 5 * YEAR
    result = verify(document, signature, trust, now=later, revocation=good)
    signer = result.signers[0]
    assert result.valid, signer.reasons
    assert signer.time_source == "timestamp" and signer.checked_at == stamped_at.isoformat()
    assert signer.timestamp.trusted and signer.timestamp.authority == "TSA QUJAT TEST"
    unstamped = verify(document, sign_detached(document, [pki.person], signing_time=stamped_at), trust, now=later,
                       revocation=good)
    assert unstamped.status == "invalid" and unstamped.signers[0].time_source == "claim"


def test_a_time_stamp_from_an_untrusted_tsa_is_only_a_claim(pki, trust, good, document):
    rogue_tsa = issue(nca_name("TSA ROGUE"), rsa_key(), pki.stranger, ca=False,
                      eku=(__import__("cryptography").x509.oid.ExtendedKeyUsageOID.TIME_STAMPING,))
    stamped_at = NOW - dt.timedelta(days=30)
    result = verify(document, sign_detached(document, [pki.person], tsa=rogue_tsa, tsa_time=stamped_at), trust,
                    revocation=good)
    signer = result.signers[0]
    assert signer.time_source == "claim" and not signer.timestamp.trusted
    assert any(m.code == "timestamp-untrusted" for m in signer.messages)


def test_time_stamp_imprint_must_match(pki, trust, good, document):
    bad = verify(document, sign_detached(document, [pki.person], tsa=pki.tsa, tamper_tsa=True), trust,
                 revocation=good)
    assert bad.status == "invalid"
    assert any(m.code == "timestamp-invalid" and "messageImprint" in m.text["en"] for m in bad.signers[0].messages)


def test_authentication_key_is_invalid(pki, trust, good, document):
    auth = issue(nca_name("АУТЕНТ АДАМ", "АУТЕНТ", iin="990101300999"), rsa_key(), pki.nca, ca=False,
                 non_repudiation=False, policies=("1.2.398.3.3.2.4",))
    result = verify(document, sign_detached(document, [auth]), trust, revocation=good)
    signer = result.signers[0]
    assert result.status == "invalid" and signer.checks["key_usage"] == "invalid"
    assert any(m.code == "no-non-repudiation" and "аутентификации" in m.text["ru"] for m in signer.messages)
    assert signer.certificate.template["kk"] == "ҰКО RSA аутентификация кілті"


def test_signing_certificate_v2_must_name_the_signer(pki, trust, good, document):
    assert verify(document, sign_detached(document, [pki.person], ess=True), trust, revocation=good).valid
    wrong = verify(document, sign_detached(document, [pki.person], ess=pki.employee), trust, revocation=good)
    assert wrong.status == "invalid"
    assert any(m.code == "signing-cert-mismatch" for m in wrong.signers[0].messages)


def test_ecdsa_and_rsa_pss_signatures_verify(pki, trust, good, document):
    assert verify(document, sign_detached(document, [pki.ec_signer]), trust, revocation=good).valid
    assert verify(document, sign_detached(document, [pki.employee], pss=True, digest="sha512"), trust,
                  revocation=good).valid


def test_several_signers_are_judged_one_by_one(pki, trust, good, document):
    result = verify(document, sign_detached(document, [pki.person, pki.expired, pki.employee]), trust,
                    revocation=good)
    by_iin = {s.certificate.iin: s.status for s in result.signers}  # SET OF: DER order, not signing order
    assert by_iin == {"123456789011": "valid", "700101300111": "invalid", "900101400123": "valid"}
    assert result.status == "invalid"


@pytest.mark.parametrize("encode", [
    lambda der: der,
    lambda der: der + b"\r\n",
    lambda der: base64.encodebytes(der),
    lambda der: b"-----BEGIN CMS-----\n" + base64.encodebytes(der) + b"-----END CMS-----\n",
    lambda der: json.dumps({"status": True, "body": {"result": [base64.b64encode(der).decode()]}}).encode(),
    lambda der: json.dumps({"status": True, "body": {"result": base64.b64encode(der).decode()}}).encode(),
    lambda der: json.dumps({"code": "200", "responseObject": base64.b64encode(der).decode()}).encode(),
    lambda der: json.dumps([base64.b64encode(der).decode()]).encode(),
], ids=["der", "der-with-newline", "base64", "pem", "ncalayer-json", "ncalayer-json-string", "ncalayer-legacy",
        "json-array"])
def test_every_way_ncalayer_delivers_a_cms_is_read(pki, trust, good, document, encode):
    assert verify(document, encode(sign_detached(document, [pki.person])), trust, revocation=good).valid


def test_a_json_array_of_several_cms_gives_every_signer(pki, trust, good, document):
    first, second = sign_detached(document, [pki.person]), sign_detached(document, [pki.expired])
    array = json.dumps([base64.b64encode(first).decode(), base64.b64encode(second).decode()]).encode()
    result = verify(document, array, trust, revocation=good)
    assert result.signatures == 2 and [s.index for s in result.signers] == [1, 2]
    assert [s.status for s in result.signers] == ["valid", "invalid"]


def test_ncalayer_failure_answer_is_named(document):
    with pytest.raises(UnusableDocument, match="reports a failure"):
        verify(document, json.dumps({"status": False, "code": "500", "message": "action.canceled"}).encode())


def test_attached_cms_checks_its_own_content(pki, trust, good, document):
    signature = sign_detached(document, [pki.person], attached=True)
    assert verify(None, signature, trust, revocation=good).valid
    other = verify(b"not the same", signature, trust, revocation=good)
    assert any("differs from the document" in r for r in other.reasons)


def test_revoked_in_an_offline_crl_is_invalid(pki, trust, document):
    revoked_at = NOW - dt.timedelta(days=3)
    crls = (make_crl(pki.root), make_crl(pki.nca, [(pki.person, revoked_at)]))
    result = verify(document, sign_detached(document, [pki.person]), trust,
                    revocation=RevocationConfig(online=False, crls=crls))
    signer = result.signers[0]
    assert result.status == "invalid" and signer.checks["revocation"] == "revoked"
    answer = signer.revocation[0]
    assert (answer.status, answer.reason, answer.source) == ("revoked", "key_compromise", "CRL file 2")
    assert dt.datetime.fromisoformat(answer.revoked_at) == revoked_at


def test_offline_ocsp_answers_good_and_revoked(pki, trust, document):
    signature = sign_detached(document, [pki.person], chain=[pki.nca])
    root_crl = (make_crl(pki.root),)
    good = verify(document, signature, trust, revocation=RevocationConfig(
        online=False, crls=root_crl, ocsp_responses=(make_ocsp(pki.person, pki.nca),)))
    assert good.valid and good.signers[0].revocation[0].source == "OCSP file 1"
    revoked = verify(document, signature, trust, revocation=RevocationConfig(
        online=False, crls=root_crl, ocsp_responses=(make_ocsp(pki.person, pki.nca, revoked_at=NOW - YEAR / 12),)))
    assert revoked.status == "invalid" and revoked.signers[0].revocation[0].status == "revoked"


def test_an_ocsp_answer_signed_by_someone_else_is_not_believed(pki, trust, document):
    forged = make_ocsp(pki.person, pki.stranger)  # «good», but signed by a key that is not the issuer's
    result = verify(document, sign_detached(document, [pki.person]), trust, revocation=RevocationConfig(
        online=False, crls=(make_crl(pki.root),), ocsp_responses=(forged,)))
    assert result.status == "revocation-unknown"


def test_revocation_unknown_is_not_valid_unless_the_operator_allows_it(pki, trust, document):
    signature = sign_detached(document, [pki.person])
    unknown = verify(document, signature, trust, revocation=RevocationConfig(online=False))
    signer = unknown.signers[0]
    assert unknown.status == "revocation-unknown" and unknown.exit_code == 1
    assert signer.checks["revocation"] == "unknown"
    assert "no OCSP responder or CRL distribution point" in signer.revocation[0].why[0]
    allowed = verify(document, signature, trust, revocation=RevocationConfig(online=False, allow_unknown=True))
    assert allowed.valid
    assert any(m.code == "revocation-unknown-allowed" and "оператора" in m.text["ru"]
               for m in allowed.signers[0].messages)


def test_revoked_after_a_trusted_time_stamp_still_counts_before_never(pki, trust, document):
    stamped_at = NOW - dt.timedelta(days=30)
    signature = sign_detached(document, [pki.person], signing_time=stamped_at, tsa=pki.tsa, tsa_time=stamped_at)

    def revoked(at):
        return RevocationConfig(online=False, crls=(make_crl(pki.root), make_crl(pki.nca, [(pki.person, at)])))

    after = verify(document, signature, trust, revocation=revoked(NOW - dt.timedelta(days=2)))
    assert after.valid and any("after the time-stamp" in w for w in after.signers[0].warnings)
    before = verify(document, signature, trust, revocation=revoked(stamped_at - dt.timedelta(days=1)))
    assert before.status == "invalid"


@pytest.mark.parametrize("blob, words", [
    (b"", "empty"),
    (b"\x30\x03\x02\x01\x01", "not a readable CMS"),
    (b"%PDF-1.7 not a signature", "neither DER, PEM nor base64"),
    (b'{"status": true, "body": {}}', "holds no signature"),
])
def test_unreadable_signatures_are_unusable(document, blob, words):
    with pytest.raises(UnusableDocument, match=words):
        verify(document, blob)


def test_signature_made_by_another_key_is_invalid(pki, trust, good, document):
    """The CMS names the person's certificate but the bytes were signed by someone else's key."""
    forged = sign_detached(document, [pki.person])
    genuine_other = sign_detached(document, [pki.employee])
    from asn1crypto import cms

    info = cms.ContentInfo.load(forged)
    other = cms.ContentInfo.load(genuine_other)
    info["content"]["signer_infos"][0]["signature"] = other["content"]["signer_infos"][0]["signature"].native
    result = verify(document, info.dump(force=True), trust, revocation=good)
    assert any(m.code == "signature-invalid" for m in result.signers[0].messages)


def test_damaged_signatures_never_escape_as_tracebacks(pki, trust, good, document):
    """Random byte damage gives a result or an UnusableDocument naming the problem, nothing else."""
    import random

    base = sign_detached(document, [pki.person, pki.ec_signer], chain=[pki.nca], tsa=pki.tsa)
    rng = random.Random(7)
    outcomes = set()
    for _ in range(200):
        damaged = bytearray(base)
        for _ in range(rng.randint(1, 3)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            outcomes.add(verify(document, bytes(damaged), trust, revocation=good).status)
        except UnusableDocument as exc:
            assert exc.message
            outcomes.add("unusable")
    assert {"unusable", "invalid"} <= outcomes


def test_a_time_stamp_by_a_revoked_tsa_fixes_nothing(pki, trust, document):
    stamped_at = NOW - dt.timedelta(days=30)
    signature = sign_detached(document, [pki.person], signing_time=stamped_at, tsa=pki.tsa, tsa_time=stamped_at)
    crls = (make_crl(pki.root), make_crl(pki.nca, [(pki.tsa, stamped_at - dt.timedelta(days=10))]))
    result = verify(document, signature, trust, revocation=RevocationConfig(online=False, crls=crls))
    signer = result.signers[0]
    assert signer.time_source == "claim" and not signer.timestamp.trusted
    assert any("TSA" in r and "revoked" in r for r in signer.timestamp.reasons)
