"""Revocation of one certificate by OCSP and CRL, RSA/ECDSA and GOST 2015 alike (signatures are checked through
``primitives``): offline from files given (``--ocsp``, ``--crl``) or a folder the operator syncs
(QUJAT_REVOCATION_DIR), online from the certificate's AIA OCSP URL and CRL distribution points, with a timeout
and an in-process cache. The answer is per certificate: good, revoked (when, why) or unknown (why)."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

from asn1crypto import core, ocsp, pem, x509
from asn1crypto import crl as a_crl

from service.signing import primitives
from service.signing.certificates import name_text, spki_der
from validators.settings import current

CLOCK_SKEW = dt.timedelta(minutes=10)
#: a response without nextUpdate counts as current for this long after its thisUpdate
NO_NEXT_UPDATE_AGE = dt.timedelta(days=1)
MAX_BYTES = 16 * 1024 * 1024
_NEGATIVE_TTL = 300.0
_DEFAULT_TTL = 3600.0
_REASONS_RU = {
    "unspecified": "не указана", "key_compromise": "компрометация ключа", "ca_compromise": "компрометация УЦ",
    "affiliation_changed": "изменение принадлежности", "superseded": "замена сертификата",
    "cessation_of_operation": "прекращение деятельности", "certificate_hold": "приостановлен",
    "remove_from_crl": "снят с отзыва", "not_issued": "не выпускался этим УЦ (RFC 6960)", "privilege_withdrawn": "отзыв полномочий", "aa_compromise": "компрометация AA",
}


@dataclass(frozen=True)
class RevocationConfig:
    """Where revocation information comes from, and what to do when none is found."""

    online: bool = True
    timeout: float = 5.0
    crls: tuple[bytes, ...] = ()
    ocsp_responses: tuple[bytes, ...] = ()
    folder: Path | None = None
    allow_unknown: bool = False

    @classmethod
    def from_env(cls, crls: tuple[bytes, ...] = (), ocsp_responses: tuple[bytes, ...] = (),
                 online: bool | None = None) -> RevocationConfig:
        """QUJAT_REVOCATION_ONLINE (1/0, default 1), QUJAT_REVOCATION_TIMEOUT (seconds, default 5),
        QUJAT_REVOCATION_DIR (folder of .crl and OCSP response files), QUJAT_REVOCATION_ALLOW_UNKNOWN (0/1)."""
        settings = current()
        return cls(
            online=settings.revocation_online if online is None else online,
            timeout=settings.revocation_timeout, crls=crls, ocsp_responses=ocsp_responses,
            folder=Path(settings.revocation_dir) if settings.revocation_dir else None,
            allow_unknown=settings.revocation_allow_unknown)


@dataclass
class RevocationResult:
    """``status``: good | revoked | unknown."""

    status: str
    certificate: str
    serial_number: str
    source: str | None = None
    revoked_at: str | None = None
    reason: str | None = None
    this_update: str | None = None
    why: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def reason_ru(self) -> str:
        return _REASONS_RU.get(self.reason or "unspecified", self.reason or "не указана")


# ------------------------------------------------------------------------------------------ fetching and cache

_cache: dict[str, tuple[float, bytes | None, str]] = {}
_cache_lock = threading.Lock()


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def _fetch(url: str, timeout: float, body: bytes | None = None, content_type: str | None = None,
           cache_key: str | None = None) -> bytes:
    """GET (or POST ``body``) ``url`` with a timeout and a size limit; answers (and failures, briefly) are
    cached in this process. Raises OSError naming the failure."""
    key = cache_key or url
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
    if hit and hit[0] > now:
        if hit[1] is None:
            raise OSError(hit[2])
        return hit[1]
    if not url.lower().startswith(("http://", "https://")):
        raise OSError(f"{url}: only http(s) URLs are fetched")
    request = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET")
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, above
            data = response.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise OSError(f"{url}: the answer is larger than {MAX_BYTES} bytes")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        message = f"{url}: {reason}"
        with _cache_lock:
            _cache[key] = (now + _NEGATIVE_TTL, None, message)
        raise OSError(message) from exc
    with _cache_lock:
        _cache[key] = (now + _DEFAULT_TTL, data, "")
    return data


# ------------------------------------------------------------------------------------------------- the check

def check(cert: x509.Certificate, issuer: x509.Certificate, config: RevocationConfig,
          judged_at: dt.datetime) -> RevocationResult:
    """The revocation status of ``cert`` (issued by ``issuer``) valid for the moment ``judged_at``."""
    result = RevocationResult("unknown", name_text(cert.subject), format(cert.serial_number, "x"))
    offline_ocsp = list(config.ocsp_responses) + _folder_files(config.folder, ocsp=True)
    offline_crls = list(config.crls) + _folder_files(config.folder, ocsp=False)
    for index, blob in enumerate(offline_ocsp):
        answer = _from_ocsp(blob, cert, issuer, judged_at, f"OCSP file {index + 1}")
        if _settle(result, answer):
            return result
    for index, blob in enumerate(offline_crls):
        answer = _from_crl(blob, cert, issuer, judged_at, f"CRL file {index + 1}")
        if _settle(result, answer):
            return result
    if config.online:
        for url in cert.ocsp_urls:
            try:
                request = _ocsp_request(cert, issuer)
                key = f"ocsp {url} {format(cert.serial_number, 'x')} {hashlib.sha256(issuer.dump()).hexdigest()}"
                blob = _fetch(url, config.timeout, request, "application/ocsp-request", key)
            except OSError as exc:
                result.why.append(f"OCSP {exc}")
                continue
            answer = _from_ocsp(blob, cert, issuer, judged_at, f"OCSP {url}")
            if _settle(result, answer):
                return result
        for url in _crl_urls(cert):
            try:
                blob = _fetch(url, config.timeout)
            except OSError as exc:
                result.why.append(f"CRL {exc}")
                continue
            answer = _from_crl(blob, cert, issuer, judged_at, f"CRL {url}")
            if _settle(result, answer):
                return result
    elif cert.ocsp_urls or _crl_urls(cert):
        result.why.append("online checks are turned off (QUJAT_REVOCATION_ONLINE=0 or --offline) and no CRL or "
                          "OCSP file answered for this certificate")
    if not result.why:
        result.why.append("the certificate names no OCSP responder or CRL distribution point, and no CRL or OCSP "
                          "file was given for it")
    return result


def _settle(result: RevocationResult, answer: RevocationResult | str | None) -> bool:
    """Fold one source's answer into ``result``; True when it is final (good or revoked)."""
    if answer is None:
        return False
    if isinstance(answer, str):
        result.why.append(answer)
        return False
    result.status, result.source, result.revoked_at = answer.status, answer.source, answer.revoked_at
    result.reason, result.this_update = answer.reason, answer.this_update
    return True


def _crl_urls(cert: x509.Certificate) -> list[str]:
    urls: list[str] = []
    for point in cert.crl_distribution_points:
        name = point["distribution_point"]
        if name.name != "full_name":
            continue
        urls.extend(general.native for general in name.chosen if general.name == "uniform_resource_identifier")
    return urls


def _folder_files(folder: Path | None, ocsp: bool) -> list[bytes]:
    if folder is None or not folder.is_dir():
        return []
    wanted = (".ocsp", ".ors", ".der.ocsp", ".bin") if ocsp else (".crl",)
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name.lower().endswith(wanted) and path.stat().st_size <= MAX_BYTES:
            found.append(path.read_bytes())
    return found


def _unarmor(blob: bytes) -> bytes:
    return pem.unarmor(blob)[2] if pem.detect(blob) else blob


def _current(this_update: dt.datetime | None, next_update: dt.datetime | None, judged_at: dt.datetime) -> str | None:
    """None when an answer issued at ``this_update`` (valid to ``next_update``) speaks for ``judged_at``."""
    now = dt.datetime.now(dt.UTC)
    if this_update is None:
        return "it has no thisUpdate"
    if this_update - now > CLOCK_SKEW:
        return f"it claims to be issued in the future ({this_update.isoformat()})"
    until = next_update or this_update + NO_NEXT_UPDATE_AGE
    if until < judged_at - CLOCK_SKEW:
        return f"it is stale for {judged_at.isoformat()} (valid until {until.isoformat()})"
    return None


# --------------------------------------------------------------------------------------------------------- CRL

def _from_crl(blob: bytes, cert: x509.Certificate, issuer: x509.Certificate, judged_at: dt.datetime,
              source: str) -> RevocationResult | str | None:
    """The CRL's answer for ``cert``; None when the CRL is of another issuer; a string when it can't be used."""
    try:
        crl = a_crl.CertificateList.load(_unarmor(blob))
        tbs = crl["tbs_cert_list"]
        if tbs["issuer"] != cert.issuer:
            return None
        signed = primitives.verify_signature(spki_der(issuer), crl["signature_algorithm"], crl["signature"].native,
                                             tbs.dump())
        if not signed:
            return f"{source}: its signature does not verify with the issuer's key"
        this_update = tbs["this_update"].native
        next_update = tbs["next_update"].native if tbs["next_update"].native else None
        for entry in tbs["revoked_certificates"]:
            if entry["user_certificate"].native == cert.serial_number:
                reason = entry.crl_reason_value.native if entry.crl_reason_value is not None else "unspecified"
                if reason == "remove_from_crl":
                    continue
                return RevocationResult("revoked", "", "", source, entry["revocation_date"].native.isoformat(),
                                        reason, this_update.isoformat() if this_update else None)
        stale = _current(this_update, next_update, judged_at)
        if stale:
            return f"{source}: {stale}"
        return RevocationResult("good", "", "", source, this_update=this_update.isoformat())
    except primitives.Unverifiable as exc:
        return f"{source}: its signature can't be checked here ({exc})"
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        return f"{source}: not a readable CRL ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"


# -------------------------------------------------------------------------------------------------------- OCSP

def _cert_id(cert: x509.Certificate, issuer: x509.Certificate, algorithm: str = "sha1") -> ocsp.CertId:
    return ocsp.CertId({
        "hash_algorithm": {"algorithm": algorithm},
        "issuer_name_hash": hashlib.new(algorithm, cert.issuer.dump()).digest(),
        "issuer_key_hash": hashlib.new(algorithm, _key_bits(issuer)).digest(),
        "serial_number": cert.serial_number,
    })


def _key_bits(cert: x509.Certificate) -> bytes:
    """The subjectPublicKey BIT STRING's bytes (what OCSP's issuerKeyHash hashes), for RSA, EC and GOST alike."""
    from service.signing.gost import _SubjectPublicKeyInfo

    return bytes(_SubjectPublicKeyInfo.load(spki_der(cert))["public_key"].native)


def _ocsp_request(cert: x509.Certificate, issuer: x509.Certificate) -> bytes:
    return ocsp.OCSPRequest({"tbs_request": {"request_list": [{"req_cert": _cert_id(cert, issuer)}]}}).dump()


def _matches(cert_id: ocsp.CertId, cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """The CertID names ``cert`` (its serial, its issuer's name and key hashed with SHA-x or GOST 34.11)."""
    if cert_id["serial_number"].native != cert.serial_number:
        return False
    algorithm = cert_id["hash_algorithm"]
    try:
        def digest(data: bytes) -> bytes:
            return primitives.hash_bytes(data, algorithm["algorithm"].dotted, primitives.digest_name(algorithm))

        return (cert_id["issuer_name_hash"].native == digest(cert.issuer.dump())
                and cert_id["issuer_key_hash"].native == digest(_key_bits(issuer)))
    except primitives.Unverifiable:
        return False


def _usages(cert: x509.Certificate) -> list[str]:
    """extendedKeyUsage read on its own (asn1crypto's accessor parses every extension, and NCA RK's
    responders carry extensions it can't read)."""
    for extension in cert["tbs_certificate"]["extensions"]:
        if extension["extn_id"].native == "extended_key_usage":
            try:
                return list(extension["extn_value"].parsed.native)
            except (ValueError, TypeError):
                return []
    return []


def _responder(basic: ocsp.BasicOCSPResponse, issuer: x509.Certificate) -> x509.Certificate | str:
    """The certificate that signed the response: the issuer itself or a responder it delegated to."""
    responder_id = basic["tbs_response_data"]["responder_id"]
    attached = basic["certs"]
    candidates = [issuer] + ([] if isinstance(attached, core.Void) else list(attached))

    def named(candidate: x509.Certificate) -> bool:
        if responder_id.name == "by_name":
            return candidate.subject == responder_id.chosen
        return hashlib.sha1(_key_bits(candidate)).digest() == responder_id.chosen.native  # noqa: S324

    for candidate in candidates:
        if not named(candidate):
            continue
        if candidate.dump() == issuer.dump():
            return candidate
        if candidate.issuer != issuer.subject:
            continue
        if not primitives.verify_signature(spki_der(issuer), candidate["signature_algorithm"],
                                           candidate["signature_value"].native,
                                           candidate["tbs_certificate"].dump()):
            continue
        if "ocsp_signing" not in _usages(candidate):
            return f"the OCSP responder «{name_text(candidate.subject)}» lacks the OCSPSigning usage"
        return candidate
    return "the OCSP response is signed neither by the issuer nor by a responder the issuer certified"


def _from_ocsp(blob: bytes, cert: x509.Certificate, issuer: x509.Certificate, judged_at: dt.datetime,
               source: str) -> RevocationResult | str | None:
    try:
        response = ocsp.OCSPResponse.load(_unarmor(blob))
        status = response["response_status"].native
        if status != "successful":
            return f"{source}: the responder answered «{status}»"
        basic = response.basic_ocsp_response
        data = basic["tbs_response_data"]
        single = next((r for r in data["responses"] if _matches(r["cert_id"], cert, issuer)), None)
        if single is None:
            return None
        signer = _responder(basic, issuer)
        if isinstance(signer, str):
            return f"{source}: {signer}"
        if not primitives.verify_signature(spki_der(signer), basic["signature_algorithm"],
                                           basic["signature"].native, data.dump()):
            return f"{source}: its signature does not verify"
        this_update = single["this_update"].native
        next_update = single["next_update"].native
        cert_status = single["cert_status"]
        if cert_status.name == "revoked":
            info = cert_status.chosen
            reason = info["revocation_reason"].native or "unspecified"
            if reason == "certificate_hold" and info["revocation_time"].native.year == 1970:
                reason = "not_issued"  # RFC 6960 §2.2: the responder's way to say «this CA never issued it»
            return RevocationResult("revoked", "", "", source, info["revocation_time"].native.isoformat(), reason,
                                    this_update.isoformat() if this_update else None)
        if cert_status.name == "unknown":
            return f"{source}: the responder does not know this certificate"
        stale = _current(this_update, next_update, judged_at)
        if stale:
            return f"{source}: {stale}"
        return RevocationResult("good", "", "", source, this_update=this_update.isoformat())
    except primitives.Unverifiable as exc:
        return f"{source}: its signature can't be checked here ({exc})"
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        return f"{source}: not a readable OCSP response ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
