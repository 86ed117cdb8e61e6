"""Hashing and raw signature checks shared by CMS signers, certificates and time-stamp tokens:
RSA PKCS#1 v1.5 and PSS, ECDSA, Ed25519/Ed448 with ``cryptography``; Kazakh GOST through ``gost``."""

from __future__ import annotations

import hashlib

from asn1crypto import algos
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa

from service.signing import gost

_HASHLIB = {"sha1": "sha1", "sha224": "sha224", "sha256": "sha256", "sha384": "sha384", "sha512": "sha512",
            "sha3_224": "sha3_224", "sha3_256": "sha3_256", "sha3_384": "sha3_384", "sha3_512": "sha3_512"}
_CRYPTOGRAPHY_HASH = {"sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256,
                      "sha384": hashes.SHA384, "sha512": hashes.SHA512, "sha3_224": hashes.SHA3_224,
                      "sha3_256": hashes.SHA3_256, "sha3_384": hashes.SHA3_384, "sha3_512": hashes.SHA3_512}

_EDDSA_DIGEST = {"ed25519": ("sha512",), "ed448": ("shake256", "shake256_len")}


class Unverifiable(Exception):
    """An algorithm this tool recognises but cannot compute; the message names it."""


class InvalidAlgorithm(Exception):
    """A combination of algorithms the standards forbid: the signature is invalid, the message says why."""


def digest_name(algorithm: algos.DigestAlgorithm) -> str:
    """asn1crypto's name for a digest algorithm, or its dotted OID when unknown."""
    oid = algorithm["algorithm"]
    return oid.native if oid.native != oid.dotted else oid.dotted


def hash_bytes(data: bytes, digest_oid: str, hash_name: str, signature_oid: str | None = None) -> bytes:
    """Digest ``data`` by name (sha*, sha3_*) or by GOST OID; raise Unverifiable for anything else."""
    if hash_name in _HASHLIB:
        return hashlib.new(_HASHLIB[hash_name], data).digest()
    if hash_name in ("shake256", "shake256_len"):
        return hashlib.shake_256(data).digest(64)  # RFC 8419: 512 bits with Ed448
    if gost.is_gost(digest_oid) or (signature_oid and gost.is_gost(signature_oid)):
        try:
            return gost.digest(data, digest_oid, signature_oid)
        except gost.GostUnsupported as exc:
            raise Unverifiable(str(exc)) from exc
    raise Unverifiable(f"unsupported digest algorithm {hash_name}")


def _hash_for(signature_algorithm: algos.SignedDigestAlgorithm, fallback: str | None) -> str:
    try:
        return signature_algorithm.hash_algo
    except ValueError:
        if fallback is None:
            raise Unverifiable("the signature algorithm names no digest") from None
        return fallback


def verify_signature(spki_der: bytes, signature_algorithm: algos.SignedDigestAlgorithm, signature: bytes,
                     data: bytes, digest_hint: algos.DigestAlgorithm | None = None) -> bool:
    """Check ``signature`` over ``data`` with the public key ``spki_der`` (SubjectPublicKeyInfo DER).

    Returns True/False; raises Unverifiable when the algorithm can't be computed here.
    """
    oid = signature_algorithm["algorithm"].dotted
    if gost.is_gost(oid):
        try:
            return gost.verify(spki_der, oid, signature, data,
                               digest_hint["algorithm"].dotted if digest_hint is not None else None)
        except gost.GostUnsupported as exc:
            raise Unverifiable(str(exc)) from exc
    try:
        key = serialization.load_der_public_key(spki_der)
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise Unverifiable(f"public key not readable: {exc}") from exc
    fallback = digest_name(digest_hint) if digest_hint is not None else None
    try:
        kind = signature_algorithm.signature_algo
    except ValueError:
        raise Unverifiable(f"unsupported signature algorithm {oid}") from None
    try:
        if kind == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, data, padding.PKCS1v15(), _crypto_hash(_hash_for(signature_algorithm, fallback)))
        elif kind == "rsassa_pss" and isinstance(key, rsa.RSAPublicKey):
            params = signature_algorithm["parameters"]
            hash_name = params["hash_algorithm"]["algorithm"].native
            mgf_hash = params["mask_gen_algorithm"]["parameters"]["algorithm"].native
            pss = padding.PSS(mgf=padding.MGF1(_crypto_hash(mgf_hash)), salt_length=params["salt_length"].native)
            key.verify(signature, data, pss, _crypto_hash(hash_name))
        elif kind == "ecdsa" and isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, data, ec.ECDSA(_crypto_hash(_hash_for(signature_algorithm, fallback))))
        elif kind in ("ed25519", "ed448") and isinstance(key, ed25519.Ed25519PublicKey | ed448.Ed448PublicKey):
            expected = _EDDSA_DIGEST[kind]
            if fallback is not None and fallback not in expected:
                raise InvalidAlgorithm(f"{kind} in CMS requires the {' or '.join(expected)} digest (RFC 8419), "
                                       f"not {fallback}")
            key.verify(signature, data)
        else:
            raise Unverifiable(f"signature algorithm {kind} does not match the key type or is unsupported")
    except InvalidSignature:
        return False
    return True


def _crypto_hash(name: str) -> hashes.HashAlgorithm:
    if name not in _CRYPTOGRAPHY_HASH:
        raise Unverifiable(f"unsupported digest algorithm {name}")
    algorithm: hashes.HashAlgorithm = _CRYPTOGRAPHY_HASH[name]()  # type: ignore[abstract]
    return algorithm
