"""Revocation on real NCA RK test-PKI material (data/nca_gost_2022_test/, sources in its README): the CA's
base CRL and a delta CRL, GOST R 34.10-2015 (512) signed, checked with the shipped test anchors, offline.
Both certificates name the delta CRL (freshestCRL), as NCA RK's certificates do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from service.signing import anchors, revocation
from service.signing.certificates import load_certificates
from service.signing.revocation import RevocationConfig

DATA = Path(__file__).with_name("data") / "nca_gost_2022_test"
DELTA_URL = "http://test.pki.gov.kz/crl/nca_gost2022_d_test.crl"


def _check(name: str, *crls: str):
    cert = load_certificates((DATA / f"{name}.pem").read_bytes())[0]
    issuer = next(c for c in anchors.load_set("test").certificates if c.subject == cert.issuer)
    config = RevocationConfig(online=False, crls=tuple((DATA / crl).read_bytes() for crl in crls))
    return revocation.check(cert, issuer, config, dt.datetime.now(dt.UTC))


def test_the_certificates_name_the_delta_crl():
    for name in ("individual_valid", "individual_revoked"):
        cert = load_certificates((DATA / f"{name}.pem").read_bytes())[0]
        assert revocation._urls(revocation._delta_points(cert)) == [DELTA_URL]


def test_a_hold_in_the_base_is_not_final_without_its_delta():
    """The revoked test key is on hold (certificateHold) in the base CRL; a later delta could lift the hold
    (removeFromCRL), so without one its state is unknown, not good and not revoked."""
    answer = _check("individual_revoked", "nca_gost2022_test.crl")
    assert answer.status == "unknown"
    assert any("names a delta CRL" in why and DELTA_URL in why for why in answer.why), answer.why


def test_not_listed_in_the_base_is_not_good_without_its_delta():
    answer = _check("individual_valid", "nca_gost2022_test.crl")
    assert answer.status == "unknown"
    assert any("names a delta CRL" in why and DELTA_URL in why for why in answer.why), answer.why
    assert not any("signature" in why for why in answer.why)  # the real GOST 512 signature verified


def test_a_delta_older_than_the_base_is_not_combined_with_it():
    """The delta (CRLNumber 10, for base 14, April 2025) is the CA's and verifies, but is older than this
    base (CRLNumber 166, August 2026): it says nothing about the time since."""
    answer = _check("individual_valid", "nca_gost2022_test.crl", "nca_gost2022_d_test.crl")
    assert answer.status == "unknown"
    assert any("file 2: it is older than the base CRL" in why for why in answer.why), answer.why
    assert not any("signature" in why for why in answer.why)
