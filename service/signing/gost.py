"""Kazakhstan's GOST algorithms: recognising their OIDs, NCANode's hash rule, and offline verification of
GOST R 34.10-2015 (Streebog, GOST 34.11-2015) signatures through ``gostcrypto``.

GOST 34.310-2004 signatures use the GOST 34.311-95 hash, which no installable Python library implements with
the Kazakh parameters: they are recognised and reported as not verifiable here.
"""

from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import core

GOST_PREFIX = "1.2.398.3.10.1"

#: OID -> human name, for keys, signatures and digests used by NCA RK (the «ҰКО»/«НУЦ РК»).
GOST_NAMES: dict[str, str] = {
    "1.2.398.3.10.1.1.1.1": "GOST 34.310-2004 public key",
    "1.2.398.3.10.1.1.1.2": "GOST 34.310-2004 with GOST 34.311-95",
    "1.3.6.1.4.1.6801.1.2.2": "GOST 34.310-2004 with GOST 34.311-95 (legacy OID)",
    "1.2.398.3.10.1.1.2.1": "GOST R 34.10-2015 (256) public key",
    "1.2.398.3.10.1.1.2.2": "GOST R 34.10-2015 (512) public key",
    "1.2.398.3.10.1.1.2.3.1": "GOST R 34.10-2015 with GOST 34.11-2015 (256)",
    "1.2.398.3.10.1.1.2.3.2": "GOST R 34.10-2015 with GOST 34.11-2015 (512)",
    "1.2.398.3.10.1.3.1": "GOST 34.311-95",
    "1.2.398.3.10.1.3.2": "GOST 34.11-2015 (256)",
    "1.2.398.3.10.1.3.3": "GOST 34.11-2015 (512)",
}

#: NCANode's hash rule (kz.ncanode.util.Util): signature OID -> digest name.
_HASH_FOR_SIGNATURE = {
    "1.2.398.3.10.1.1.2.3.1": "streebog256",
    "1.2.398.3.10.1.1.2.3.2": "streebog512",
}
_HASH_FOR_DIGEST_OID = {
    "1.2.398.3.10.1.3.2": "streebog256",
    "1.2.398.3.10.1.3.3": "streebog512",
}


class GostUnsupported(Exception):
    """The GOST variant is recognised but cannot be computed here; the message says which and why."""


def is_gost(oid: str) -> bool:
    """True for an OID of the Kazakh GOST family (or its legacy alias)."""
    return oid.startswith(GOST_PREFIX) or oid == "1.3.6.1.4.1.6801.1.2.2"


def name(oid: str) -> str:
    return GOST_NAMES.get(oid, f"GOST ({oid})")


def hash_name(digest_oid: str, signature_oid: str | None = None) -> str:
    """The digest for a GOST signer, by its digest OID or else by NCANode's rule on the signature OID."""
    found = _HASH_FOR_DIGEST_OID.get(digest_oid) or _HASH_FOR_SIGNATURE.get(signature_oid or "")
    if found:
        return found
    raise GostUnsupported(
        "GOST 34.311-95 (the hash of GOST 34.310-2004 keys) is not implemented by any installable library; "
        "verify this signature with NCANode or KalkanCrypt")


def digest(data: bytes, digest_oid: str, signature_oid: str | None = None) -> bytes:
    """GOST 34.11-2015 (Streebog) digest of ``data``, as written in CMS messageDigest."""
    import gostcrypto

    return bytes(gostcrypto.gosthash.new(hash_name(digest_oid, signature_oid), data=data).digest())


class _Algorithm(core.Sequence):
    _fields = [("algorithm", core.ObjectIdentifier), ("parameters", core.Any, {"optional": True})]


class _SubjectPublicKeyInfo(core.Sequence):
    """SubjectPublicKeyInfo read without asn1crypto's key-type dispatch (which does not know GOST)."""

    _fields = [("algorithm", _Algorithm), ("public_key", core.OctetBitString)]


@dataclass(frozen=True)
class GostKey:
    algorithm: str
    x: int
    y: int
    size: int  # bytes per coordinate


def public_key(spki_der: bytes) -> GostKey:
    """Read a GOST R 34.10 public key: an OCTET STRING of x||y, each little-endian."""
    spki = _SubjectPublicKeyInfo.load(spki_der)
    algorithm = spki["algorithm"]["algorithm"].dotted
    raw = spki["public_key"].native
    try:
        point = core.OctetString.load(raw).native
    except ValueError:
        point = raw
    size = len(point) // 2
    if size not in (32, 64) or len(point) != 2 * size:
        raise GostUnsupported(f"unexpected GOST public key length {len(point)}")
    return GostKey(algorithm, int.from_bytes(point[:size], "little"), int.from_bytes(point[size:], "little"), size)


def _curve_for(key: GostKey) -> dict | None:
    """The curve the key's point lies on, among the TC26 / R 1323565.1.024-2019 sets of the key's size."""
    from gostcrypto import gostsignature

    for curve in gostsignature.CURVES_R_1323565_1_024_2019.values():
        p = curve["p"]
        if (p.bit_length() + 7) // 8 != key.size:
            continue
        if (key.y * key.y - (key.x**3 + curve["a"] * key.x + curve["b"])) % p == 0:
            return curve
    return None


def verify(spki_der: bytes, signature_oid: str, signature: bytes, data: bytes,
           digest_oid: str | None = None) -> bool:
    """Verify a GOST R 34.10-2015 signature over ``data`` (True/False); raise GostUnsupported for 2004 keys.

    Kazakh encoding (as NCA RK's Kalkan writes it): the digest is read little-endian, the signature is r||s
    with each half little-endian.
    """
    if signature_oid not in _HASH_FOR_SIGNATURE:
        raise GostUnsupported(f"{name(signature_oid)}: not verifiable here (GOST 34.311-95 is not available)")
    from gostcrypto import gostsignature

    key = public_key(spki_der)
    curve = _curve_for(key)
    if curve is None:
        raise GostUnsupported(f"{name(signature_oid)}: the key's curve is not a known GOST R 34.10 curve")
    if len(signature) != 2 * key.size:
        return False
    mode = gostsignature.MODE_512 if key.size == 64 else gostsignature.MODE_256
    signer = gostsignature.new(mode, curve)
    hashed = digest(data, digest_oid or "", signature_oid)
    half = key.size
    encoded_key = key.x.to_bytes(half, "big") + key.y.to_bytes(half, "big")
    encoded_sig = signature[:half][::-1] + signature[half:][::-1]
    return bool(signer.verify(bytearray(encoded_key), bytearray(hashed[::-1]), bytearray(encoded_sig)))
