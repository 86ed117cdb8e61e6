"""CMS SignedData (RFC 5652) as NCALayer writes it: reading DER, PEM or base64, finding each signer's
certificate, and checking one SignerInfo (messageDigest over the content, signature over signedAttrs)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from asn1crypto import cms, core, pem, x509

from service.signing import primitives
from service.signing.certificates import spki_der
from validators.errors import UnusableDocument
from validators.texts import said

MAX_SIGNATURE_BYTES = 4 * 1024 * 1024
_BASE64 = re.compile(rb"^[A-Za-z0-9+/=\s]+$")


def decode(blob: bytes) -> bytes:
    """DER bytes of a CMS given as DER, PEM (any label) or base64 text."""
    if len(blob) > MAX_SIGNATURE_BYTES:
        raise UnusableDocument(f"the signature file is larger than {MAX_SIGNATURE_BYTES} bytes", messages=said("signature-unreadable"))
    if blob[:1] == b"\x30":
        return der_prefix(blob)  # DER is binary: its last bytes may look like whitespace, never strip it
    data = blob.strip()
    if not data:
        raise UnusableDocument("the signature file is empty", messages=said("signature-unreadable"))
    if pem.detect(data):
        try:
            return pem.unarmor(data)[2]
        except ValueError as exc:
            raise UnusableDocument(f"the signature PEM is malformed: {exc}", messages=said("signature-unreadable")) from exc
    if data[:1] == b"\x30":
        return data
    if _BASE64.match(data):
        try:
            return base64.b64decode(b"".join(data.split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise UnusableDocument(f"the signature is neither DER, PEM nor valid base64: {exc}", messages=said("signature-unreadable")) from exc
    raise UnusableDocument("the signature is neither DER, PEM nor base64 CMS", messages=said("signature-unreadable"))


def decode_all(blob: bytes) -> list[bytes]:
    """Every CMS in ``blob``: one CMS (DER, PEM, base64), NCALayer's JSON answer
    (``{"status": true, "body": {"result": ["MII…"]}}``, the older ``{"code": "200", "responseObject": "MII…"}``)
    or a JSON array of base64 CMS."""
    if len(blob) > MAX_SIGNATURE_BYTES:
        raise UnusableDocument(f"the signature file is larger than {MAX_SIGNATURE_BYTES} bytes", messages=said("signature-unreadable"))
    text = blob.strip()
    if text[:1] in (b"{", b"["):
        items = _json_signatures(text)
        if len(items) > MAX_CMS:
            raise UnusableDocument(f"at most {MAX_CMS} CMS in one answer", messages=said("signature-unreadable"))
        return [decode(item.encode("ascii", "replace")) for item in items]
    return [decode(blob)]


MAX_CMS = 20


def _json_signatures(text: bytes) -> list[str]:
    import json

    try:
        data = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise UnusableDocument(f"the signature looks like JSON but is not valid JSON: {exc}", messages=said("signature-unreadable")) from exc
    if isinstance(data, dict):
        if data.get("status") is False or (data.get("code") not in (None, "200", 200)):
            detail = data.get("message") or data.get("details") or data.get("code") or "no details"
            raise UnusableDocument(f"NCALayer's answer reports a failure, not a signature: {detail}", messages=said("signature-unreadable"))
        body: dict[str, Any] = data["body"] if isinstance(data.get("body"), dict) else {}
        found = body.get("result", data.get("responseObject", data.get("result")))
    else:
        found = data
    items: list[Any] = found if isinstance(found, list) else [found]
    if not items or not all(isinstance(item, str) and item.strip() for item in items):
        raise UnusableDocument("the JSON holds no signature: expected NCALayer's answer "
                               '({"status": true, "body": {"result": ["MII…"]}}) or an array of base64 CMS', messages=said("signature-unreadable"))
    return items


def der_prefix(data: bytes) -> bytes:
    """The DER object at the start of ``data``, without what follows it (zero padding, a newline)."""
    if len(data) < 2:
        return data
    if data[1] < 0x80:
        return data[: 2 + data[1]]
    count = data[1] & 0x7F
    end = 2 + count + int.from_bytes(data[2:2 + count], "big")
    return data[:end] if count and end <= len(data) else data


def load_signed_data(blob: bytes) -> cms.SignedData:
    """Parse a CMS ContentInfo holding SignedData; raise UnusableDocument naming the problem."""
    der = decode(blob)
    try:
        info = cms.ContentInfo.load(der, strict=True)
        if info["content_type"].native != "signed_data":
            raise UnusableDocument(f"the CMS holds {info['content_type'].native}, not signed data", messages=said("signature-unreadable"))
        signed = info["content"]
        signed["signer_infos"].native  # noqa: B018 - parse now so that a corrupt structure is reported here
        signed["encap_content_info"].native  # noqa: B018
        if not len(signed["signer_infos"]):
            raise UnusableDocument("the CMS has no signer", messages=said("signature-unreadable"))
    except UnusableDocument:
        raise
    except (ValueError, TypeError, KeyError) as exc:
        reason = str(exc).splitlines()[0]  # asn1crypto appends "while parsing …" lines
        raise UnusableDocument(f"the signature is not a readable CMS SignedData: {reason}", messages=said("signature-unreadable")) from exc
    return signed


def certificates(signed: cms.SignedData) -> list[x509.Certificate]:
    field_value = signed["certificates"]
    if isinstance(field_value, core.Void):
        return []
    return [c.chosen for c in field_value if c.name == "certificate"]


def signer_certificate(signed: cms.SignedData, signer: cms.SignerInfo,
                       extra: Sequence[x509.Certificate] = ()) -> x509.Certificate | None:
    """The certificate named by the signer's sid (issuer and serial, or subject key identifier)."""
    sid = signer["sid"]
    for cert in [*certificates(signed), *extra]:
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if cert.issuer == wanted["issuer"] and cert.serial_number == wanted["serial_number"].native:
                return cert
        elif cert.key_identifier == sid.chosen.native:
            return cert
    return None


def encapsulated_content(signed: cms.SignedData) -> bytes | None:
    """The eContent of an attached CMS, or None when detached."""
    content = signed["encap_content_info"]["content"]
    if isinstance(content, core.Void):
        return None
    return content.native if isinstance(content.native, bytes) else content.contents


def _attribute(signer: cms.SignerInfo, attr_name: str, field_name: str):
    attrs = signer[field_name]
    if isinstance(attrs, core.Void):
        return None
    for attr in attrs:
        if attr["type"].native == attr_name:
            return attr["values"][0]
    return None


def signed_attribute(signer: cms.SignerInfo, attr_name: str):
    """The first value of a signed attribute, or None."""
    return _attribute(signer, attr_name, "signed_attrs")


def unsigned_attribute(signer: cms.SignerInfo, attr_name: str):
    """The first value of an unsigned attribute (e.g. the time-stamp token), or None."""
    return _attribute(signer, attr_name, "unsigned_attrs")


def signing_certificate_mismatch(signer: cms.SignerInfo, cert: x509.Certificate) -> bool:
    """True when signingCertificateV2 (or signingCertificate) is present and names another certificate."""
    import hashlib

    v2 = signed_attribute(signer, "signing_certificate_v2")
    v1 = signed_attribute(signer, "signing_certificate")
    ids = []
    if v2 is not None:
        ids = [(c["hash_algorithm"]["algorithm"].native, c) for c in v2["certs"]]
    elif v1 is not None:
        ids = [("sha1", c) for c in v1["certs"]]
    if not ids:
        return False
    algorithm, first = ids[0]  # the first ESSCertID is the signer's (RFC 5035)
    if algorithm not in hashlib.algorithms_available:
        return False
    if first["cert_hash"].native != hashlib.new(algorithm, cert.dump()).digest():
        return True
    serial = first["issuer_serial"]
    if serial.native is not None:
        if serial["serial_number"].native != cert.serial_number:
            return True
        names = [n.chosen for n in serial["issuer"] if n.name == "directory_name"]
        if names and all(n != cert.issuer for n in names):
            return True
    return False


def signing_time(signer: cms.SignerInfo) -> dt.datetime | None:
    value = signed_attribute(signer, "signing_time")
    return value.native if value is not None else None


@dataclass
class SignatureCheck:
    """``status``: valid | invalid | unverifiable; ``reasons`` say why it is not valid."""

    status: str
    digest_algorithm: str
    signature_algorithm: str
    reasons: list[str] = field(default_factory=list)


def check_signer(signer: cms.SignerInfo, cert: x509.Certificate, content: bytes,
                 content_type: str = "data") -> SignatureCheck:
    """messageDigest equals the digest of ``content``, and the signature over signedAttrs verifies."""
    from service.signing.certificates import algorithm_label

    digest_algo = signer["digest_algorithm"]
    sig_algo = signer["signature_algorithm"]
    sig_oid = sig_algo["algorithm"]
    digest_label = algorithm_label(digest_algo["algorithm"].dotted, primitives.digest_name(digest_algo))
    check = SignatureCheck("valid", digest_label, algorithm_label(sig_oid.dotted, sig_oid.native))
    try:
        digest = primitives.hash_bytes(content, digest_algo["algorithm"].dotted,
                                       primitives.digest_name(digest_algo), sig_oid.dotted)
        attrs = signer["signed_attrs"]
        if isinstance(attrs, core.Void):
            signed_bytes = content  # no signed attributes: the signature is over the content itself
        else:
            message_digest = signed_attribute(signer, "message_digest")
            if message_digest is None:
                check.reasons.append("the signed attributes lack messageDigest")
            elif message_digest.native != digest:
                check.reasons.append("messageDigest does not match the document: the document differs from "
                                     "the one that was signed")
            attr_type = signed_attribute(signer, "content_type")
            if attr_type is not None and attr_type.native != content_type:
                check.reasons.append(f"signed contentType is {attr_type.native}, expected {content_type}")
            signed_bytes = _set_of(attrs.dump())
        if not primitives.verify_signature(spki_der(cert), sig_algo, signer["signature"].native, signed_bytes,
                                           digest_algo):
            check.reasons.append("the signature value does not verify with the signer's public key")
    except primitives.InvalidAlgorithm as exc:
        check.reasons.append(str(exc))
    except primitives.Unverifiable as exc:
        check.status = "unverifiable"
        check.reasons.append(f"not verifiable here: {exc}")
        return check
    if check.reasons:
        check.status = "invalid"
    return check


def _set_of(implicit_der: bytes) -> bytes:
    """signedAttrs are signed with the universal SET tag, not the [0] IMPLICIT tag they are stored with."""
    return b"\x31" + implicit_der[1:]
