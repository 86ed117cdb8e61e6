"""Kazakh GOST: GOST R 34.10-2015 (512) signatures and certificates made here with gostcrypto, encoded as
NCA RK's Kalkan writes them, are verified offline; GOST 34.310-2004 is recognised and reported as not
verifiable here."""

from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID
from signing_pki import gost_party, nca_name, sign_detached_gost

from service.signing.certificates import TrustStore
from service.signing.revocation import RevocationConfig
from service.signing.verify import verify


@pytest.fixture(scope="module")
def gost_ca():
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST")])
    return gost_party(name, None, ca=True)


@pytest.fixture(scope="module")
def gost_signer(gost_ca):
    return gost_party(nca_name("ТЕСТТОВ ТЕСТТ", "ТЕСТТОВ", "ТЕСТТОВИЧ", iin="123456789012"), gost_ca, ca=False)


def test_gost_2015_signature_and_chain_verify(gost_ca, gost_signer):
    result = verify(b"test123", sign_detached_gost(b"test123", gost_signer), TrustStore([gost_ca.cert]),
                    revocation=RevocationConfig(online=False, allow_unknown=True))
    signer = result.signers[0]
    assert result.valid, signer.reasons + signer.unverified
    assert signer.signature_algorithm == "GOST R 34.10-2015 with GOST 34.11-2015 (512)"
    assert signer.certificate.iin == "123456789012"
    assert signer.chain.status == "trusted"


def test_gost_2015_changed_document_and_forged_value_are_invalid(gost_ca, gost_signer):
    signature = sign_detached_gost(b"test123", gost_signer)
    changed = verify(b"test124", signature)
    assert any(m.code == "digest-mismatch" for m in changed.signers[0].messages)
    forged = verify(b"test123", sign_detached_gost(b"test123", gost_signer, flip_signature_byte=5),
                    TrustStore([gost_ca.cert]))
    assert any(m.code == "signature-invalid" for m in forged.signers[0].messages)


def test_gost_2004_is_recognised_and_reported_not_verifiable(gost_signer):
    result = verify(b"test123", sign_detached_gost(b"test123", gost_signer, digest_oid="1.2.398.3.10.1.3.1",
                                                   signature_oid="1.2.398.3.10.1.1.1.2"))
    assert result.signers[0].checks["integrity"] == "unverifiable" and result.exit_code == 1
    one = result.signers[0]
    assert one.signature_algorithm == "GOST 34.310-2004 with GOST 34.311-95"
    assert any("not verifiable here" in r and "34.311-95" in r for r in one.unverified)
    assert one.certificate.full_name == "ТЕСТТОВ ТЕСТТ ТЕСТТОВИЧ"
