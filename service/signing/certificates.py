"""X.509 certificates as NCA RK writes them (full name, IIN, organisation, BIN, key usage, validity, issuer),
trust stores given with ``--trust``, and chain building to them, valid at a given time."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path

from asn1crypto import pem, x509

from service.signing import gost, primitives, texts
from validators.errors import UnusableDocument
from validators.texts import said

_MAX_CHAIN = 8


def _attr(name: x509.Name, key: str) -> str | None:
    values = [str(rdn_value) for rdn_value in _values(name, key)]
    return ", ".join(values) if values else None


def _values(name: x509.Name, key: str) -> list[str]:
    found = []
    for rdn in name.chosen:
        for type_value in rdn:
            if type_value["type"].native == key:
                found.append(type_value["value"].native)
    return found


def _strip_prefix(values: list[str], prefix: str) -> str | None:
    for value in values:
        if value.upper().startswith(prefix):
            return value[len(prefix):]
    return None


def name_text(name: x509.Name) -> str:
    """The common name, or the whole distinguished name when it has none."""
    return _attr(name, "common_name") or name.human_friendly


@dataclass
class CertificateInfo:
    """What a reader needs about a signer's certificate, NCA RK fields decoded."""

    full_name: str | None
    common_name: str | None
    surname: str | None
    given_name: str | None
    iin: str | None
    organisation: str | None
    bin: str | None
    email: str | None
    country: str | None
    serial_number: str
    not_before: str
    not_after: str
    issuer: str
    subject: str
    key_usage: list[str] = field(default_factory=list)
    extended_key_usage: list[str] = field(default_factory=list)
    policies: list[str] = field(default_factory=list)
    public_key_algorithm: str = ""
    signature_algorithm: str = ""
    #: the signer's role(s) from NCA RK's extendedKeyUsage OIDs, in words: [{"oid", "kk", "ru", "en"}]
    roles: list[dict] = field(default_factory=list)
    #: the NCA RK certificate template from certificatePolicies, in words (None when not an NCA template)
    template: dict | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def _oid_label(oid_value) -> str:
    """English name of a role/template/usage OID, «words [oid]» for NCA RK ones, the dotted OID otherwise."""
    dotted = oid_value.dotted
    for group in ("roles", "templates"):
        if texts.has(group, dotted):
            return f"{texts.say(group, dotted, 'en')} [{dotted}]"
    return oid_value.native if oid_value.native != dotted else dotted


def _words(group: str, oid: str) -> dict:
    return {"oid": oid, **texts.tri(group, oid)}


def public_key_oid(cert: x509.Certificate) -> str:
    return gost._SubjectPublicKeyInfo.load(spki_der(cert))["algorithm"]["algorithm"].dotted


def spki_der(cert: x509.Certificate) -> bytes:
    return cert["tbs_certificate"]["subject_public_key_info"].dump()


def algorithm_label(oid: str, asn1_name: str) -> str:
    return gost.name(oid) if gost.is_gost(oid) else asn1_name


def describe(cert: x509.Certificate) -> CertificateInfo:
    """Read the NCA RK way: CN = surname and name, GIVENNAME = patronymic, serialNumber = «IIN…»,
    O = organisation, OU = «BIN…»."""
    tbs = cert["tbs_certificate"]
    subject = tbs["subject"]
    cn, surname, given = _attr(subject, "common_name"), _attr(subject, "surname"), _attr(subject, "given_name")
    full_name = cn
    if cn and given and given not in cn:
        full_name = f"{cn} {given}"
    elif not cn and (surname or given):
        full_name = " ".join(p for p in (surname, given) if p)
    serials = _values(subject, "serial_number")
    key_usage = sorted(cert.key_usage_value.native) if cert.key_usage_value is not None else []
    eku = [_oid_label(o) for o in cert.extended_key_usage_value] if cert.extended_key_usage_value else []
    policies = [_oid_label(p["policy_identifier"]) for p in cert.certificate_policies_value] \
        if cert.certificate_policies_value else []
    eku_oids = [o.dotted for o in cert.extended_key_usage_value] if cert.extended_key_usage_value else []
    policy_oids = [p["policy_identifier"].dotted for p in cert.certificate_policies_value] \
        if cert.certificate_policies_value else []
    roles = [_words("roles", o) for o in eku_oids if o.startswith("1.2.398.") and texts.has("roles", o)]
    template = next((_words("templates", o) for o in policy_oids if texts.has("templates", o)), None)
    key_oid = public_key_oid(cert)
    sig_oid = cert["signature_algorithm"]["algorithm"]
    return CertificateInfo(
        full_name=full_name, common_name=cn, surname=surname, given_name=given,
        iin=_strip_prefix(serials, "IIN"),
        organisation=_attr(subject, "organization_name"),
        bin=_strip_prefix(_values(subject, "organizational_unit_name"), "BIN"),
        email=_attr(subject, "email_address"), country=_attr(subject, "country_name"),
        serial_number=format(tbs["serial_number"].native, "x"),
        not_before=tbs["validity"]["not_before"].native.isoformat(),
        not_after=tbs["validity"]["not_after"].native.isoformat(),
        issuer=name_text(tbs["issuer"]), subject=subject.human_friendly,
        key_usage=key_usage, extended_key_usage=eku, policies=policies,
        public_key_algorithm=algorithm_label(key_oid, _safe_native(key_oid)),
        signature_algorithm=algorithm_label(sig_oid.dotted, sig_oid.native),
        roles=roles, template=template,
    )


def _safe_native(oid: str) -> str:
    from asn1crypto.keys import PublicKeyAlgorithmId

    return PublicKeyAlgorithmId(oid).native


def valid_at(cert: x509.Certificate, when: dt.datetime) -> str | None:
    """None when ``cert`` is within its validity at ``when``; else the reason."""
    validity = cert["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    who = name_text(cert.subject)
    if when < not_before:
        return f"certificate of «{who}» was not yet valid at {when.isoformat()} (valid from {not_before.isoformat()})"
    if when > not_after:
        return f"certificate of «{who}» had expired at {when.isoformat()} (valid until {not_after.isoformat()})"
    return None


def load_certificates(data: bytes, origin: str = "input") -> list[x509.Certificate]:
    """Certificates from a PEM bundle or one DER certificate."""
    certs = []
    try:
        if pem.detect(data):
            for kind, _, der in pem.unarmor(data, multiple=True):
                if kind in ("CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"):
                    certs.append(_parse(der))
        else:
            certs.append(_parse(data))
    except (ValueError, TypeError) as exc:
        raise UnusableDocument(f"{origin}: not a certificate or PEM bundle ({exc})",
                               messages=said("trust-not-certificate", origin=origin)) from exc
    return certs


def _parse(der: bytes) -> x509.Certificate:
    cert = x509.Certificate.load(der)
    cert["tbs_certificate"]["subject"].native  # noqa: B018 - force parsing now, errors surface here
    return cert


class TrustStore:
    """Trust anchors (and extra intermediates) read from a PEM bundle, a DER file or a folder of them."""

    def __init__(self, certificates: list[x509.Certificate], origin: str = ""):
        self.certificates = certificates
        self.origin = origin

    @classmethod
    def load(cls, path: str | Path) -> TrustStore:
        path = Path(path)
        if not path.exists():
            raise UnusableDocument(f"trust store not found: {path}", messages=said("trust-store-missing", path=path))
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        certs: list[x509.Certificate] = []
        for file in files:
            try:
                certs.extend(load_certificates(file.read_bytes(), str(file)))
            except UnusableDocument:
                if not path.is_dir():
                    raise
        if not certs:
            raise UnusableDocument(f"trust store {path} holds no certificate",
                                   messages=said("trust-store-empty", path=path))
        return cls(certs, str(path))


@dataclass
class ChainResult:
    """``status``: trusted | untrusted | unverifiable | not-checked; ``path`` leaf → anchor."""

    status: str
    path: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    #: the certificates of ``path`` (leaf first, the anchor last when trusted); not serialised
    certificates: list[x509.Certificate] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict:
        return {"status": self.status, "path": self.path, "reasons": self.reasons}


def _issued_by(child: x509.Certificate, parent: x509.Certificate) -> bool:
    if child.issuer != parent.subject:
        return False
    aki, ski = child.authority_key_identifier, parent.key_identifier
    return aki is None or ski is None or aki == ski


def _signed_by(child: x509.Certificate, parent: x509.Certificate) -> bool:
    try:
        return primitives.verify_signature(spki_der(parent), child["signature_algorithm"],
                                           child["signature_value"].native, child["tbs_certificate"].dump())
    except primitives.InvalidAlgorithm:
        return False


def _is_ca(cert: x509.Certificate) -> bool:
    constraints = cert.basic_constraints_value
    return constraints is None or bool(constraints["ca"].native)


def build_chain(leaf: x509.Certificate, intermediates: list[x509.Certificate], trust: TrustStore | None,
                when: dt.datetime) -> ChainResult:
    """Walk from ``leaf`` to a certificate of ``trust``; every link's signature and validity at ``when``."""
    if trust is None:
        return ChainResult("not-checked", [name_text(leaf.subject)],
                           ["no trust store given (--trust): the chain was not checked"])
    anchors = {c.dump() for c in trust.certificates}
    pool = list(trust.certificates) + [c for c in intermediates if c.dump() not in anchors]
    reasons: list[str] = []
    current, path, chain = leaf, [name_text(leaf.subject)], [leaf]
    for _ in range(_MAX_CHAIN):
        if current.dump() in anchors:
            return ChainResult("trusted" if not reasons else "untrusted", path, reasons, chain)
        candidates = [c for c in pool if c.dump() != current.dump() and _issued_by(current, c)]
        if not candidates:
            if current.issuer == current.subject:
                reasons.append(f"self-signed «{name_text(current.subject)}» is not in the trust store")
            else:
                reasons.append(f"issuer «{name_text(current.issuer)}» of «{name_text(current.subject)}» "
                               "is not in the trust store")
            return ChainResult("untrusted", path, reasons, chain)
        parent, unverifiable = None, None
        for candidate in candidates:
            try:
                if _signed_by(current, candidate):
                    parent = candidate
                    break
            except primitives.Unverifiable as exc:
                unverifiable = str(exc)
        if parent is None:
            if unverifiable:
                return ChainResult("unverifiable", path, reasons + [
                    f"the signature of «{name_text(current.issuer)}» on «{name_text(current.subject)}» "
                    f"cannot be checked here: {unverifiable}"])
            reasons.append(f"the signature of «{name_text(current.issuer)}» on «{name_text(current.subject)}» "
                           "does not verify")
            return ChainResult("untrusted", path, reasons)
        if not _is_ca(parent):
            reasons.append(f"«{name_text(parent.subject)}» is not a CA certificate")
        expired = valid_at(parent, when)
        if expired:
            reasons.append(expired)
        path.append(name_text(parent.subject))
        chain.append(parent)
        current = parent
    reasons.append("certificate chain is too long")
    return ChainResult("untrusted", path, reasons)
