"""RFC 3161 time-stamp tokens carried as the unsigned attribute signature-time-stamp
(1.2.840.113549.1.9.16.2.14): genTime, the TSA, the messageImprint over the signature value, the TSA's own
signature."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from asn1crypto import cms, tsp

from service.signing import primitives
from service.signing.certificates import name_text
from service.signing.cms import check_signer, signer_certificate, unsigned_attribute


@dataclass
class TimestampResult:
    """``status``: valid | invalid | unverifiable."""

    status: str
    time: str | None = None
    authority: str | None = None
    serial_number: str | None = None
    reasons: list[str] = field(default_factory=list)
    #: set by the verifier: the TSA chains to the trust store (only then does genTime fix the signing time)
    trusted: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


def tsa_certificate(signer: cms.SignerInfo):
    """The TSA's certificate from the signer's time-stamp token, or None."""
    token = unsigned_attribute(signer, "signature_time_stamp_token")
    if token is None:
        return None
    try:
        signed = token["content"]
        return signer_certificate(signed, signed["signer_infos"][0])
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        return None


def check_timestamp(signer: cms.SignerInfo) -> TimestampResult | None:
    """The signer's time-stamp token checked against its signature value, or None when it has none."""
    token = unsigned_attribute(signer, "signature_time_stamp_token")
    if token is None:
        return None
    try:
        signed = token["content"]
        info = signed["encap_content_info"]["content"].parsed
        if not isinstance(info, tsp.TSTInfo):
            return TimestampResult("invalid", reasons=["the time-stamp token does not hold TSTInfo"])
        result = TimestampResult("valid", time=info["gen_time"].native.isoformat(),
                                 serial_number=format(info["serial_number"].native, "x"))
        imprint = info["message_imprint"]
        algo = imprint["hash_algorithm"]
        expected = primitives.hash_bytes(signer["signature"].native, algo["algorithm"].dotted,
                                         primitives.digest_name(algo))
        if imprint["hashed_message"].native != expected:
            result.reasons.append("the time-stamp's messageImprint does not match the signature value")
        tsa_signer = signed["signer_infos"][0]
        tsa_cert = signer_certificate(signed, tsa_signer)
        if tsa_cert is None:
            result.reasons.append("the time-stamp token does not carry the TSA certificate")
        else:
            result.authority = name_text(tsa_cert.subject)
            tsa_check = check_signer(tsa_signer, tsa_cert, bytes(signed["encap_content_info"]["content"]),
                                     content_type="tst_info")
            if tsa_check.status == "unverifiable":
                result.status = "unverifiable"
                result.reasons.extend(tsa_check.reasons)
            else:
                result.reasons.extend(f"TSA: {r}" for r in tsa_check.reasons)
    except primitives.Unverifiable as exc:
        return TimestampResult("unverifiable", reasons=[f"time-stamp not verifiable here: {exc}"])
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return TimestampResult("invalid", reasons=[f"the time-stamp token is not readable: {first_line}"])
    if result.reasons and result.status == "valid":
        result.status = "invalid"
    return result
