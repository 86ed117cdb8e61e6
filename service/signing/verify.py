"""Verification of CMS signatures (detached or attached, one CMS or several as NCALayer returns them): every
signer's integrity, chain to the configured trust anchors, revocation (OCSP/CRL), key usage and time, each
reported on its own and in kk/ru/en words.

A signer is ``valid`` only when all of these hold. Otherwise its status says what failed first:
``invalid`` (integrity, key usage, validity, revoked, signingCertificate), ``untrusted`` (no chain to a trusted
anchor), ``revocation-unknown`` (no OCSP/CRL answer, unless the operator allows it) or ``unverifiable`` (an
algorithm this tool can't compute, e.g. GOST 34.310-2004).

Time: a time-stamp whose TSA chains to the trust store fixes the signing time; otherwise signingTime is only
the signer's claim, and the certificate's validity and revocation are judged at verification time too."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from asn1crypto import cms, x509

from service.signing import certificates as certs
from service.signing import cms as cms_mod
from service.signing import revocation as rev
from service.signing import texts
from service.signing.timestamp import TimestampResult, check_timestamp, tsa_certificate
from validators.errors import UnusableDocument
from validators.texts import said

_CLOCK_SKEW = dt.timedelta(minutes=10)
#: what asn1crypto raises on a damaged structure, found lazily while a signer is checked
_DAMAGED = (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError)
#: status precedence, worst first
_ORDER = ("invalid", "untrusted", "revocation-unknown", "unverifiable", "valid")


@dataclass
class Message:
    """One reason or warning: a stable code and its kk/ru/en text."""

    code: str
    text: dict[str, str]
    kind: str  # invalid | untrusted | revocation-unknown | unverifiable | warning

    def to_dict(self) -> dict:
        return {"code": self.code, "kind": self.kind, **self.text}


@dataclass
class SignerResult:
    """One SignerInfo and every check made on it."""

    index: int
    messages: list[Message] = field(default_factory=list)
    certificate: certs.CertificateInfo | None = None
    signing_time: str | None = None
    timestamp: TimestampResult | None = None
    checked_at: str | None = None
    time_source: str = "none"  # timestamp | claim | none
    digest_algorithm: str = ""
    signature_algorithm: str = ""
    chain: certs.ChainResult | None = None
    revocation: list[rev.RevocationResult] = field(default_factory=list)
    checks: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, code: str, **params: object) -> None:
        key = code if texts.has("reasons", code) else "other"
        self.messages.append(Message(code, texts.tri("reasons", key, **params), kind))

    def detail(self, kind: str, detail: str) -> None:
        """A reason the checks wrote in English detail (rare structural problems), said in kk/ru by pattern."""
        self.messages.append(Message("other", texts.tri("reasons", "other", detail=texts.explain(detail)), kind))

    @property
    def status(self) -> str:
        kinds = {m.kind for m in self.messages}
        return next((k for k in _ORDER if k in kinds), "valid")

    @property
    def reasons(self) -> list[str]:
        return [m.text["en"] for m in self.messages if m.kind != "warning"]

    @property
    def unverified(self) -> list[str]:
        return [m.text["en"] for m in self.messages if m.kind == "unverifiable"]

    @property
    def warnings(self) -> list[str]:
        return [m.text["en"] for m in self.messages if m.kind == "warning"]

    def to_dict(self) -> dict:
        return {
            "index": self.index, "status": self.status, "valid": self.status == "valid",
            "status_text": texts.tri("status", self.status),
            "checks": self.checks,
            "checks_text": {name: check_text(name, value) for name, value in self.checks.items()},
            "reasons": self.reasons, "warnings": self.warnings,
            "messages": [m.to_dict() for m in self.messages],
            "certificate": self.certificate.to_dict() if self.certificate else None,
            "signing_time": self.signing_time, "time_source": self.time_source,
            "timestamp": self.timestamp.to_dict() if self.timestamp else None,
            "checked_at": self.checked_at,
            "digest_algorithm": self.digest_algorithm, "signature_algorithm": self.signature_algorithm,
            "chain": self.chain.to_dict() if self.chain else None,
            "chain_text": texts.check_value("chain", self.chain.status) if self.chain else None,
            "revocation": [{**r.to_dict(), "text": answer_text(r)} for r in self.revocation],
            "timestamp_text": timestamp_text(self.timestamp) if self.timestamp else None,
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
    signatures: int = 1

    @property
    def status(self) -> str:
        if self.reasons:
            return "invalid"
        statuses = {s.status for s in self.signers}
        return next((k for k in _ORDER if k in statuses), "valid")

    @property
    def valid(self) -> bool:
        return self.status == "valid"

    @property
    def exit_code(self) -> int:
        return 0 if self.valid else 1

    @property
    def reason_texts(self) -> list[texts.Tri]:
        """``reasons`` (the document's own, in English) in kk/ru/en."""
        return [texts.explain(reason) for reason in self.reasons]

    def to_dict(self) -> dict:
        return {
            "valid": self.valid, "status": self.status, "status_text": texts.tri("status", self.status),
            "reasons": self.reasons, "reason_texts": self.reason_texts,
            "trust_store_text": texts.origin(self.trust_store),
            "document": {"name": self.document_name, "sha256": self.document_sha256, "size": self.document_size},
            "signature": {"detached": not self.encapsulated, "signers": len(self.signers),
                          "cms": self.signatures},
            "trust_store": self.trust_store,
            "signers": [s.to_dict() for s in self.signers],
        }


def verify(document: bytes | None, signature: bytes, trust: certs.TrustStore | None = None,
           document_name: str = "document", now: dt.datetime | None = None,
           revocation: rev.RevocationConfig | None = None) -> VerificationResult:
    """Verify ``signature`` (CMS as DER, PEM, base64, NCALayer's JSON answer or a JSON array of them) over
    ``document``. ``document`` may be None for an attached CMS, whose own content is then checked.

    ``trust`` defaults to the configured trust store (shipped production anchors, env QUJAT_TRUST_SET /
    QUJAT_TRUST_STORE); ``revocation`` to RevocationConfig.from_env().
    """
    if trust is None:
        from service.signing.anchors import configured

        trust = configured()
    revocation = revocation or rev.RevocationConfig.from_env()
    now = now or dt.datetime.now(dt.UTC)
    blobs = cms_mod.decode_all(signature)
    return merge([_verify_one(document, blob, trust, document_name, now, revocation) for blob in blobs])


def merge(results: list[VerificationResult]) -> VerificationResult:
    """Several CMS over one document as one answer: every signer, numbered in order."""
    if len(results) == 1:
        return results[0]
    first = results[0]
    signers: list[SignerResult] = []
    for result in results:
        for signer in result.signers:
            signer.index = len(signers) + 1
            signers.append(signer)
    return VerificationResult(first.document_name, first.document_sha256, first.document_size,
                              any(r.encapsulated for r in results), first.trust_store, signers,
                              [reason for r in results for reason in r.reasons],
                              sum(r.signatures for r in results))


def _verify_one(document: bytes | None, signature: bytes, trust: certs.TrustStore, document_name: str,
                now: dt.datetime, revocation: rev.RevocationConfig) -> VerificationResult:
    signed = cms_mod.load_signed_data(signature)
    embedded = cms_mod.encapsulated_content(signed)
    reasons: list[str] = []
    if document is None:
        if embedded is None:
            raise UnusableDocument("the CMS is detached: give the signed document too", messages=said("sign-detached"))
        document = embedded
    elif embedded is not None and embedded != document:
        reasons.append("the CMS carries its own content, which differs from the document given")
    content_type = signed["encap_content_info"]["content_type"].native
    try:
        intermediates = cms_mod.certificates(signed)
    except _DAMAGED as exc:
        raise UnusableDocument(f"the CMS certificates are damaged: {str(exc).splitlines()[0]}",
                               messages=said("signature-unreadable")) from exc
    try:
        signers = [_check_one(i + 1, signer, signed, document, content_type, intermediates, trust, now, revocation)
                   for i, signer in enumerate(signed["signer_infos"])]
    except _DAMAGED as exc:
        raise UnusableDocument(f"the CMS is damaged: {str(exc).splitlines()[0]}",
                               messages=said("signature-unreadable")) from exc
    return VerificationResult(document_name, hashlib.sha256(document).hexdigest(), len(document),
                              embedded is not None, trust.origin, signers, reasons)


def _check_one(index: int, signer: cms.SignerInfo, signed: cms.SignedData, document: bytes, content_type: str,
               intermediates: list[x509.Certificate], trust: certs.TrustStore, now: dt.datetime,
               revocation: rev.RevocationConfig) -> SignerResult:
    result = SignerResult(index)
    cert = cms_mod.signer_certificate(signed, signer, trust.certificates)
    if cert is None:
        result.add("invalid", "no-certificate")
        result.checks = {"integrity": "not-checked", "chain": "not-checked", "revocation": "not-checked",
                         "key_usage": "not-checked", "time": "not-checked"}
        return result
    result.certificate = certs.describe(cert)

    # integrity
    check = cms_mod.check_signer(signer, cert, document, content_type)
    result.digest_algorithm, result.signature_algorithm = check.digest_algorithm, check.signature_algorithm
    for reason in check.reasons:
        if check.status == "unverifiable":
            result.detail("unverifiable", reason)
        elif "messageDigest does not match" in reason:
            result.add("invalid", "digest-mismatch")
        elif "does not verify" in reason:
            result.add("invalid", "signature-invalid")
        else:
            result.detail("invalid", reason)
    if cms_mod.signing_certificate_mismatch(signer, cert):
        result.add("invalid", "signing-cert-mismatch")
    result.checks["integrity"] = "valid" if check.status == "valid" and not result.messages else \
        ("unverifiable" if check.status == "unverifiable" else "invalid")

    # key usage: a signing key carries non-repudiation (NCA RK's signing templates)
    usage = set(cert.key_usage_value.native) if cert.key_usage_value is not None else set()
    if "non_repudiation" not in usage:
        result.add("invalid", "no-non-repudiation")
        result.checks["key_usage"] = "invalid"
    else:
        result.checks["key_usage"] = "valid"

    # time
    claimed = cms_mod.signing_time(signer)
    result.signing_time = claimed.isoformat() if claimed else None
    result.timestamp = check_timestamp(signer)
    trusted_time = _trusted_time(result, signer, intermediates, trust, now, revocation)
    if claimed is not None and claimed - now > _CLOCK_SKEW:
        result.add("invalid", "future-time", time=claimed.isoformat())
    if trusted_time is not None:
        result.time_source, judged = "timestamp", trusted_time
        moments = [trusted_time]
    else:
        result.time_source = "claim" if claimed else "none"
        judged = now
        moments = [claimed, now] if claimed else [now]
        result.add("warning", "time-claim")
    result.checked_at = judged.isoformat()
    result.checks["time"] = result.time_source
    for moment in moments:
        if certs.valid_at(cert, moment):
            validity = cert["tbs_certificate"]["validity"]
            result.add("invalid", "expired", who=certs.name_text(cert.subject), time=moment.isoformat(),
                       start=validity["not_before"].native.isoformat(), end=validity["not_after"].native.isoformat())
            break

    # chain to a trusted anchor, at the judged time
    result.chain = certs.build_chain(cert, intermediates + trust.certificates, trust, judged)
    chain_status = result.chain.status
    result.checks["chain"] = chain_status
    if chain_status == "untrusted":
        last = result.chain.certificates[-1] if result.chain.certificates else cert
        result.add("untrusted", "untrusted", trust_set=texts.origin(trust.origin), issuer=certs.name_text(last.issuer))
    elif chain_status == "unverifiable":
        for reason in result.chain.reasons:
            result.detail("unverifiable", reason)

    # revocation of every certificate below the anchor
    result.checks["revocation"] = _check_revocation(result, revocation, trusted_time, now)
    return result


def _trusted_time(result: SignerResult, signer: cms.SignerInfo, intermediates: list[x509.Certificate],
                  trust: certs.TrustStore, now: dt.datetime,
                  revocation: rev.RevocationConfig) -> dt.datetime | None:
    """The time-stamp's genTime when the token is valid and its TSA chains to the trust store; else None."""
    stamp = result.timestamp
    if stamp is None:
        return None
    if stamp.status == "invalid":
        result.add("invalid", "timestamp-invalid", detail=texts.explain("; ".join(stamp.reasons)))
        return None
    if stamp.status != "valid" or not stamp.time:
        result.add("warning", "timestamp-untrusted", tsa=stamp.authority or "?")
        return None
    stamped = dt.datetime.fromisoformat(stamp.time)
    tsa = tsa_certificate(signer)
    if tsa is None:
        result.add("warning", "timestamp-untrusted", tsa="—")
        return None
    chain = certs.build_chain(tsa, intermediates + trust.certificates + _token_certificates(signer), trust, stamped)
    usages = tsa.extended_key_usage_value.native if tsa.extended_key_usage_value else []
    problems = list(chain.reasons) if chain.status != "trusted" else []
    if "time_stamping" not in usages:
        problems.append(f"the TSA certificate «{certs.name_text(tsa.subject)}» lacks the timeStamping usage")
    expired = certs.valid_at(tsa, stamped)
    if expired:
        problems.append(expired)
    if not problems:  # the TSA's certificates must not have been revoked by genTime either
        for cert, issuer in zip(chain.certificates, chain.certificates[1:], strict=False):
            answer = rev.check(cert, issuer, revocation, stamped)
            if answer.status == "unknown" and not revocation.allow_unknown:
                problems.append(f"revocation of the TSA certificate «{answer.certificate}» is unknown: "
                                + "; ".join(answer.why))
            elif answer.status == "revoked" and answer.revoked_at and \
                    dt.datetime.fromisoformat(answer.revoked_at) <= stamped:
                problems.append(f"the TSA certificate «{answer.certificate}» was revoked at {answer.revoked_at}")
    stamp.trusted = not problems
    if problems:
        result.add("warning", "timestamp-untrusted", tsa=stamp.authority or "?")
        stamp.reasons.extend(problems)  # the English detail stays in the JSON's timestamp.reasons
        return None
    if stamped - now > _CLOCK_SKEW:
        result.add("invalid", "timestamp-invalid", detail=texts.explain(f"genTime {stamped.isoformat()} is in the future"))
        return None
    claimed = cms_mod.signing_time(signer)
    if claimed and claimed - stamped > _CLOCK_SKEW:
        result.add("warning", "other", detail=texts.explain("signingTime is later than the time-stamp"))
    return stamped


def _token_certificates(signer: cms.SignerInfo) -> list[x509.Certificate]:
    token = cms_mod.unsigned_attribute(signer, "signature_time_stamp_token")
    return cms_mod.certificates(token["content"]) if token is not None else []


def _check_revocation(result: SignerResult, config: rev.RevocationConfig, trusted_time: dt.datetime | None,
                      now: dt.datetime) -> str:
    """Check each certificate of the chain below its anchor; the worst answer is the signer's."""
    chain = result.chain
    if chain is None or chain.status != "trusted" or len(chain.certificates) < 2:
        return "not-checked"
    judged = trusted_time or now
    worst = "good"
    for cert, issuer in zip(chain.certificates, chain.certificates[1:], strict=False):
        answer = rev.check(cert, issuer, config, judged)
        result.revocation.append(answer)
        if answer.status == "revoked":
            revoked_at = dt.datetime.fromisoformat(answer.revoked_at) if answer.revoked_at else None
            detail = texts.tri("revocation", "revoked-detail", cert=answer.certificate, time=answer.revoked_at,
                               reason=reason_text(answer.reason), source=texts.source(answer.source))
            if trusted_time is not None and revoked_at is not None and revoked_at > trusted_time:
                result.add("warning", "other", detail=texts.tri("revocation", "revoked-after-timestamp", detail=detail))
                continue
            result.add("invalid", "revoked", detail=detail)
            worst = "revoked"
        elif answer.status == "unknown" and worst == "good":
            detail = texts.tri("revocation", "unknown-detail", cert=answer.certificate,
                               why=texts.explain("; ".join(answer.why)))
            if config.allow_unknown:
                result.add("warning", "revocation-unknown-allowed", detail=detail)
            else:
                result.add("revocation-unknown", "revocation-unknown", detail=detail)
            worst = "unknown"
    return worst


# ----------------------------------------------------------------------------- the words of the faces (kk/ru/en)

def check_text(name: str, value: str) -> texts.Tri:
    """One check and its outcome («целостность — подтверждена»; English: ``integrity=valid``)."""
    return texts.tri("face", "check", name=texts.tri("check", name) if texts.has("check", name) else texts.same(name),
                     value=texts.check_value(name, value))


def reason_text(reason: str | None) -> texts.Tri:
    key = reason or "unspecified"
    return texts.tri("revocation_reason", key) if texts.has("revocation_reason", key) else texts.same(key)


def answer_text(answer: rev.RevocationResult, moment: Callable[[str], str] = str) -> texts.Tri:
    """One certificate's revocation answer: not revoked (where from), REVOKED (when, why, where from), unknown
    (why). ``moment`` writes the revocation time (the signature sheet writes it in local time)."""
    where = texts.source(answer.source)
    if answer.status == "good":
        return texts.tri("revocation", "good", source=where)
    if answer.status == "revoked":
        return texts.tri("revocation", "revoked", time=moment(answer.revoked_at) if answer.revoked_at else "?",
                         reason=reason_text(answer.reason), source=where)
    return texts.tri("revocation", "unknown", why=texts.explain("; ".join(answer.why)))


def timestamp_text(stamp: TimestampResult) -> texts.Tri:
    """The time-stamp's line: when, which TSA, and whether its time is believed (only a trusted TSA fixes it)."""
    key = "ts.valid-trusted" if stamp.status == "valid" and stamp.trusted else f"ts.{stamp.status}"
    status = texts.tri("face", key) if texts.has("face", key) else texts.same(stamp.status)
    return texts.tri("face", "timestamp", time=stamp.time or "?", tsa=stamp.authority or "?", status=status)
