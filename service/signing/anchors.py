"""The trust anchors Qujat ships (anchors/anchors.json): NCA RK's production set and its test PKI as a
separate set that must be chosen explicitly. Every file's SHA-256 is checked against the manifest when a set
is loaded, so a changed file is refused rather than trusted."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from asn1crypto import pem

from service.signing.certificates import TrustStore, load_certificates
from validators.errors import ServiceUnavailable, UnusableDocument
from validators.settings import current
from validators.texts import said

FOLDER = Path(__file__).with_name("anchors")
TRUST_SETS = ("production", "test")
DEFAULT_SET = "production"


def manifest() -> list[dict]:
    return list(json.loads((FOLDER / "anchors.json").read_text(encoding="utf-8"))["anchors"])


@cache
def load_set(name: str) -> TrustStore:
    """The shipped set ``name`` (production | test), each certificate checked against its recorded SHA-256."""
    if name not in TRUST_SETS:
        raise UnusableDocument(f"unknown trust set «{name}»: choose one of {', '.join(TRUST_SETS)}",
                               messages=said("trust-set-unknown", name=name, allowed=", ".join(TRUST_SETS)))
    certs = []
    for entry in manifest():
        if entry["set"] != name:
            continue
        data = (FOLDER / entry["file"]).read_bytes()
        der = pem.unarmor(data)[2] if pem.detect(data) else data
        if hashlib.sha256(der).hexdigest() != entry["sha256"]:
            raise ServiceUnavailable(f"shipped trust anchor {entry['file']} does not match its recorded SHA-256: "
                                     "the installation is damaged")
        certs.extend(load_certificates(data, entry["file"]))
    return TrustStore(certs, f"{name} (NCA RK, shipped)")


def configured(trust_set: str | None = None, extra: str | Path | None = None) -> TrustStore:
    """The trust store from configuration: ``trust_set`` (else env QUJAT_TRUST_SET, else production) plus the
    operator's extra anchors ``extra`` (else env QUJAT_TRUST_STORE: a PEM bundle, DER file or folder)."""
    name = trust_set or current().trust_set or DEFAULT_SET
    base = load_set(name)
    extra = extra or current().trust_store or None
    if not extra:
        return base
    added = TrustStore.load(extra)
    return TrustStore(base.certificates + added.certificates, f"{base.origin} + {added.origin}")
