"""Verification of a document against a detached CMS: every signer's digest, signature, signing time,
time-stamp, certificate (NCA RK fields) and chain to a trust store, with the reasons spelled out."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import cms, x509

from service.signing import certificates as certs
from service.signing import cms as cms_mod
from service.signing.timestamp import TimestampResult, check_timestamp
from validators.errors import UnusableDocument

_SIGNING_USAGES = {"digital_signature", "non_repudiation"}
_CLOCK_SKEW = dt.timedelta(minutes=10)
#: what asn1crypto raises on a damaged structure, found lazily while a signer is checked
_DAMAGED = (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError)


@dataclass
class SignerResult:
    """One SignerInfo: ``reasons`` it is invalid, ``unverified`` what could not be checked here."""

    index: int
    reasons: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    certificate: certs.CertificateInfo | None = None
    signing_time: str | None = None
    timestamp: TimestampResult | None = None
    checked_at: str | None = None
    digest_algorithm: str = ""
    signature_algorithm: str = ""
    chain: certs.ChainResult | None = None

    @property
    def status(self) -> str:
        """invalid | unverifiable | valid."""
        return "invalid" if self.reasons else "unverifiable" if self.unverified else "valid"

    def to_dict(self) -> dict:
        return {
            "index": self.index, "status": self.status, "valid": self.status == "valid",
            "reasons": self.reasons + self.unverified, "warnings": self.warnings,
            "certificate": self.certificate.to_dict() if self.certificate else None,
            "signing_time": self.signing_time,
            "timestamp": self.timestamp.to_dict() if self.timestamp else None,
            "checked_at": self.checked_at,
            "digest_algorithm": self.digest_algorithm, "signature_algorithm": self.signature_algorithm,
            "chain": self.chain.to_dict() if self.chain else None,
        }


@dataclass
class VerificationResult:
    """The whole answer: ``valid`` only when every signer is valid."""

    document_name: str
    document_sha256: str
    document_size: int
    encapsulated: bool
    trust_store: str | None
    signers: list[SignerResult]
    reasons: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.reasons or any(s.status == "invalid" for s in self.signers):
            return "invalid"
        if any(s.status == "unverifiable" for s in self.signers):
            return "unverifiable"
        return "valid"

    @property
    def valid(self) -> bool:
        return self.status == "valid"

    @property
    def exit_code(self) -> int:
        return 0 if self.valid else 1

    def to_dict(self) -> dict:
        return {
            "valid": self.valid, "status": self.status, "reasons": self.reasons,
            "document": {"name": self.document_name, "sha256": self.document_sha256, "size": self.document_size},
            "signature": {"detached": not self.encapsulated, "signers": len(self.signers)},
            "trust_store": self.trust_store,
            "signers": [s.to_dict() for s in self.signers],
        }


def verify(document: bytes | None, signature: bytes, trust: certs.TrustStore | None = None,
           document_name: str = "document", now: dt.datetime | None = None) -> VerificationResult:
    """Verify ``signature`` (detached CMS: DER, PEM or base64) over ``document``.

    ``document`` may be None for an attached CMS, whose own content is then checked.
    """
    signed = cms_mod.load_signed_data(signature)
    embedded = cms_mod.encapsulated_content(signed)
    reasons: list[str] = []
    if document is None:
        if embedded is None:
            raise UnusableDocument("the CMS is detached: give the signed document too")
        document = embedded
    elif embedded is not None and embedded != document:
        reasons.append("the CMS carries its own content, which differs from the document given")
    content_type = signed["encap_content_info"]["content_type"].native
    try:
        intermediates = cms_mod.certificates(signed) + (trust.certificates if trust else [])
    except _DAMAGED as exc:
        raise UnusableDocument(f"the CMS certificates are damaged: {str(exc).splitlines()[0]}") from exc
    now = now or dt.datetime.now(dt.UTC)
    try:
        signers = [_check_one(i + 1, signer, signed, document, content_type, intermediates, trust, now)
                   for i, signer in enumerate(signed["signer_infos"])]
    except _DAMAGED as exc:
        raise UnusableDocument(f"the CMS is damaged: {str(exc).splitlines()[0]}") from exc
    return VerificationResult(document_name, hashlib.sha256(document).hexdigest(), len(document),
                              embedded is not None, trust.origin if trust else None, signers, reasons)


def _check_one(index: int, signer: cms.SignerInfo, signed: cms.SignedData, document: bytes, content_type: str,
               intermediates: list[x509.Certificate], trust: certs.TrustStore | None,
               now: dt.datetime) -> SignerResult:
    result = SignerResult(index)
    cert = cms_mod.signer_certificate(signed, signer, trust.certificates if trust else [])
    if cert is None:
        result.reasons.append("the signer's certificate is not in the CMS (nor in the trust store)")
        return result
    result.certificate = certs.describe(cert)
    check = cms_mod.check_signer(signer, cert, document, content_type)
    result.digest_algorithm, result.signature_algorithm = check.digest_algorithm, check.signature_algorithm
    (result.unverified if check.status == "unverifiable" else result.reasons).extend(check.reasons)

    signing_time = cms_mod.signing_time(signer)
    result.signing_time = signing_time.isoformat() if signing_time else None
    result.timestamp = check_timestamp(signer)
    when = _checking_time(result, signing_time, now)
    result.checked_at = when.isoformat()

    expired = certs.valid_at(cert, when)
    if expired:
        result.reasons.append(expired)
    _check_key_usage(cert, result)
    result.chain = certs.build_chain(cert, intermediates, trust, when)
    if result.chain.status == "untrusted":
        result.reasons.extend(result.chain.reasons)
    elif result.chain.status == "not-checked":
        result.warnings.extend(result.chain.reasons)

    if result.chain.status == "unverifiable":
        result.unverified.extend(result.chain.reasons)
    return result


def _checking_time(result: SignerResult, signing_time: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """The time the certificate must be valid at: the time-stamp's, else the signed signingTime, else now."""
    stamp = result.timestamp
    if stamp is not None and stamp.status == "invalid":
        result.reasons.extend(f"time-stamp: {r}" for r in stamp.reasons)
    elif stamp is not None and stamp.status == "unverifiable":
        result.warnings.extend(stamp.reasons)  # the signature itself may still be verified
    if stamp is not None and stamp.status == "valid" and stamp.time:
        stamped = dt.datetime.fromisoformat(stamp.time)
        if signing_time and signing_time - stamped > _CLOCK_SKEW:
            result.warnings.append("signingTime is later than the time-stamp")
        return stamped
    if signing_time is not None:
        if signing_time - now > _CLOCK_SKEW:
            result.reasons.append(f"signingTime {signing_time.isoformat()} is in the future")
        return signing_time
    result.warnings.append("no signing time and no time-stamp: the certificate was checked at the current time")
    return now


def _check_key_usage(cert: x509.Certificate, result: SignerResult) -> None:
    usage = cert.key_usage_value
    if usage is None:
        return
    present = set(usage.native)
    if not present & _SIGNING_USAGES:
        result.reasons.append("the certificate's key usage does not allow signing "
                              f"({', '.join(sorted(present)) or 'none'})")
    elif "non_repudiation" not in present:
        result.warnings.append("the certificate lacks nonRepudiation: an authentication (AUTH) key, "
                               "not a signing (RSA/GOST SIGN) key")


def verify_files(document: Path, signature: Path, trust: Path | None = None) -> VerificationResult:
    """Read the files and verify; missing or unreadable files raise, never a traceback for the user."""
    store = certs.TrustStore.load(trust) if trust else None
    return verify(document.read_bytes(), signature.read_bytes(), store, document.name)
