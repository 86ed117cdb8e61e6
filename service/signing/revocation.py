"""Revocation of one certificate by OCSP and CRL, RSA/ECDSA and GOST 2015 alike (signatures are checked through
``primitives``): offline from files given (``--ocsp``, ``--crl``) or a folder the operator syncs
(QUJAT_REVOCATION_DIR), online from the certificate's AIA OCSP URL and CRL distribution points, with a timeout
and an in-process cache. A CRL that names a delta CRL (freshestCRL) is read together with a current delta. The
answer is per certificate: good, revoked (when, why) or unknown (why)."""

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


@dataclass(frozen=True)
class RevocationConfig:
    """Where revocation information comes from, and what to do when none is found."""

    online: bool = True
    timeout: float = 5.0
    crls: tuple[bytes, ...] = ()
    ocsp_responses: tuple[bytes, ...] = ()
    folder: Path | None = None
    allow_unknown: bool = False
    #: hash of the OCSP request's CertID: "sha256" (then "sha1" when the responder does not answer it) or "sha1"
    ocsp_cert_id: str = "sha256"

    @classmethod
    def from_env(cls, crls: tuple[bytes, ...] = (), ocsp_responses: tuple[bytes, ...] = (),
                 online: bool | None = None) -> RevocationConfig:
        """QUJAT_REVOCATION_ONLINE (1/0, default 1), QUJAT_REVOCATION_TIMEOUT (seconds, default 5),
        QUJAT_REVOCATION_DIR (folder of .crl and OCSP response files), QUJAT_REVOCATION_ALLOW_UNKNOWN (0/1),
        QUJAT_OCSP_CERT_ID (sha256 | sha1)."""
        settings = current()
        return cls(
            online=settings.revocation_online if online is None else online,
            timeout=settings.revocation_timeout, crls=crls, ocsp_responses=ocsp_responses,
            folder=Path(settings.revocation_dir) if settings.revocation_dir else None,
            allow_unknown=settings.revocation_allow_unknown, ocsp_cert_id=settings.ocsp_cert_id)


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

@dataclass
class _Sources:
    """What one check may consult: the configuration and the offline CRLs (complete and delta alike)."""

    config: RevocationConfig
    offline_crls: list[bytes]


def check(cert: x509.Certificate, issuer: x509.Certificate, config: RevocationConfig,
          judged_at: dt.datetime) -> RevocationResult:
    """The revocation status of ``cert`` (issued by ``issuer``) valid for the moment ``judged_at``."""
    result = RevocationResult("unknown", name_text(cert.subject), format(cert.serial_number, "x"))
    offline_ocsp = list(config.ocsp_responses) + _folder_files(config.folder, ocsp=True)
    sources = _Sources(config, list(config.crls) + _folder_files(config.folder, ocsp=False))
    for index, blob in enumerate(offline_ocsp):
        answer = _from_ocsp(blob, cert, issuer, judged_at, f"OCSP file {index + 1}")
        if _settle(result, answer):
            return result
    for index, blob in enumerate(sources.offline_crls):
        answer = _from_crl(blob, cert, issuer, judged_at, f"CRL file {index + 1}", sources)
        if _settle(result, answer):
            return result
    if config.online:
        for url in cert.ocsp_urls:
            answer = _ask_responder(url, cert, issuer, config, judged_at)
            if _settle(result, answer):
                return result
        for url in _urls(cert.crl_distribution_points):
            try:
                blob = _fetch(url, config.timeout)
            except OSError as exc:
                result.why.append(f"CRL {exc}")
                continue
            answer = _from_crl(blob, cert, issuer, judged_at, f"CRL {url}", sources)
            if _settle(result, answer):
                return result
    elif cert.ocsp_urls or _urls(cert.crl_distribution_points):
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


def _urls(points: list | None) -> list[str]:
    """The http(s) URLs of CRL distribution points (cRLDistributionPoints or freshestCRL alike)."""
    urls: list[str] = []
    for point in points or []:
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


def _unreadable(source: str, what: str, exc: Exception) -> str:
    """The reason an answer could not be used: its signature is of an algorithm not available here, or it is
    not a readable CRL / OCSP response."""
    if isinstance(exc, primitives.Unverifiable):
        return f"{source}: its signature can't be checked here ({exc})"
    return f"{source}: not a readable {what} ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"


_PARSE_ERRORS = (primitives.Unverifiable, ValueError, TypeError, KeyError, AttributeError, OverflowError)


# --------------------------------------------------------------------------------------------------------- CRL

def _signed_crl(blob: bytes, cert: x509.Certificate, issuer: x509.Certificate,
                delta: bool) -> a_crl.CertificateList | None | str:
    """The CRL in ``blob`` when it is of ``cert``'s issuer, a delta CRL or a complete one as ``delta`` asks,
    and signed by ``issuer``; None when it is another issuer's or of the other kind; a string when its
    signature does not verify. Raises the parse errors of _PARSE_ERRORS."""
    crl = a_crl.CertificateList.load(_unarmor(blob))
    tbs = crl["tbs_cert_list"]
    if tbs["issuer"] != cert.issuer or (crl.delta_crl_indicator_value is not None) != delta:
        return None
    if not primitives.verify_signature(spki_der(issuer), crl["signature_algorithm"], crl["signature"].native,
                                       tbs.dump()):
        return "its signature does not verify with the issuer's key"
    return crl


def _entry(crl: a_crl.CertificateList, serial: int) -> tuple[dt.datetime, str] | None:
    """(revocation date, reason) of ``serial`` in ``crl``, or None when it is not listed."""
    for entry in crl["tbs_cert_list"]["revoked_certificates"]:
        if entry["user_certificate"].native == serial:
            reason = entry.crl_reason_value.native if entry.crl_reason_value is not None else "unspecified"
            return entry["revocation_date"].native, reason
    return None


def _from_crl(blob: bytes, cert: x509.Certificate, issuer: x509.Certificate, judged_at: dt.datetime,
              source: str, sources: _Sources) -> RevocationResult | str | None:
    """The CRL's answer for ``cert``; None when the CRL is of another issuer or a delta CRL (a delta is read
    only together with its base); a string when it can't be used. When the certificate or the CRL names a
    delta CRL (freshestCRL, RFC 5280 §5.2.6), the answer is the base combined with a current delta."""
    try:
        crl = _signed_crl(blob, cert, issuer, delta=False)
        if crl is None or isinstance(crl, str):
            return f"{source}: {crl}" if crl else None
        listed = _entry(crl, cert.serial_number)
        current, where = crl, source
        delta_urls = _urls(crl.delta_crl_distribution_points) + _urls(_delta_points(cert))
        if delta_urls:
            delta = _delta(crl, cert, issuer, delta_urls, sources)
            if isinstance(delta, str):
                if listed is None or listed[1] in ("certificate_hold", "remove_from_crl"):
                    return f"{source}: it names a delta CRL, and {delta}"
            else:  # the delta's word is the latest: revoked since the base, or removed (a hold lifted)
                current, where = delta[0], f"{source} + delta {delta[1]}"
                newer = _entry(current, cert.serial_number)
                if newer is not None:
                    listed = None if newer[1] == "remove_from_crl" else newer
        this_update = current["tbs_cert_list"]["this_update"].native
        if listed is not None and listed[1] != "remove_from_crl":
            return RevocationResult("revoked", "", "", where, listed[0].isoformat(), listed[1],
                                    this_update.isoformat() if this_update else None)
        stale = _current(this_update, current["tbs_cert_list"]["next_update"].native, judged_at)
        if stale:
            return f"{where}: {stale}"
        return RevocationResult("good", "", "", where, this_update=this_update.isoformat())
    except _PARSE_ERRORS as exc:
        return _unreadable(source, "CRL", exc)


def _delta_points(cert: x509.Certificate) -> list:
    try:
        return list(cert.delta_crl_distribution_points)
    except (ValueError, TypeError, KeyError):  # an extension asn1crypto can't read: no delta named there
        return []


def _delta(base: a_crl.CertificateList, cert: x509.Certificate, issuer: x509.Certificate, urls: list[str],
           sources: _Sources) -> tuple[a_crl.CertificateList, str] | str:
    """The newest delta CRL that applies to ``base`` (same issuer, signed by it, BaseCRLNumber not above the
    base's CRLNumber, issued no earlier than the base): from the offline CRLs, else fetched from ``urls``. A
    string says why none. RFC 5280 §5.2.4 also asks the delta's CRLNumber to be above the base's; NCA RK
    numbers its deltas in a sequence of their own (its GOST TEST 2022 pair: base 14, delta 10 for base 14,
    issued together), so the delta's thisUpdate orders them instead."""
    number = base.crl_number_value.native if base.crl_number_value is not None else None
    if number is None:
        return "the base CRL has no CRLNumber to match a delta against"
    issued = base["tbs_cert_list"]["this_update"].native
    why: list[str] = []

    def newest(candidates: list[tuple[bytes, str]]) -> tuple[a_crl.CertificateList, str] | None:
        found: list[tuple[dt.datetime, int, a_crl.CertificateList, str]] = []
        for blob, where in candidates:
            try:
                delta = _signed_crl(blob, cert, issuer, delta=True)
            except _PARSE_ERRORS as exc:
                why.append(_unreadable(where, "CRL", exc))
                continue
            if delta is None or isinstance(delta, str):
                if delta:
                    why.append(f"{where}: {delta}")
                continue
            base_number = delta.delta_crl_indicator_value.native
            if base_number > number:
                why.append(f"{where}: it applies to base CRL number {base_number} and later, this base is {number}")
                continue
            this_update = delta["tbs_cert_list"]["this_update"].native
            if this_update < issued:
                why.append(f"{where}: it is older than the base CRL ({this_update.isoformat()} < {issued.isoformat()})")
                continue
            serial = delta.crl_number_value.native if delta.crl_number_value is not None else 0
            found.append((this_update, serial, delta, where))
        return max(found, key=lambda item: item[:2])[2:] if found else None

    offline = newest([(blob, f"file {index + 1}") for index, blob in enumerate(sources.offline_crls)])
    if offline:
        return offline
    if not sources.config.online:
        why.append(f"none of {', '.join(urls)} was given offline and online checks are turned off")
    else:
        fetched = []
        for url in urls:
            try:
                fetched.append((_fetch(url, sources.config.timeout), url))
            except OSError as exc:
                why.append(str(exc))
        online = newest(fetched)
        if online:
            return online
    return "no usable delta CRL was found: " + "; ".join(why or [f"none at {', '.join(urls)}"])


# -------------------------------------------------------------------------------------------------------- OCSP

def _ask_responder(url: str, cert: x509.Certificate, issuer: x509.Certificate, config: RevocationConfig,
                   judged_at: dt.datetime) -> RevocationResult | str | None:
    """Ask the responder at ``url``: with a SHA-256 CertID first (what NCANode asks NCA RK's responder since
    2022), then with SHA-1 when the responder answers that one not (unknown, an error status, an unreadable or
    non-matching answer). QUJAT_OCSP_CERT_ID=sha1 asks with SHA-1 only."""
    algorithms = ("sha256", "sha1") if config.ocsp_cert_id == "sha256" else ("sha1",)
    failures: list[str] = []
    for algorithm in algorithms:
        request = ocsp.OCSPRequest({"tbs_request": {"request_list": [
            {"req_cert": _cert_id(cert, issuer, algorithm)}]}}).dump()
        key = f"ocsp {algorithm} {url} {format(cert.serial_number, 'x')} {hashlib.sha256(issuer.dump()).hexdigest()}"
        try:
            blob = _fetch(url, config.timeout, request, "application/ocsp-request", key)
        except OSError as exc:
            return f"OCSP {exc}"  # the responder is down: asking it again with another hash won't help
        answer = _from_ocsp(blob, cert, issuer, judged_at, f"OCSP {url}")
        if isinstance(answer, RevocationResult):
            return answer
        failures.append(f"{answer or f'OCSP {url}: the answer names another certificate'} ({algorithm} CertID)")
    return "; ".join(failures)


def _cert_id(cert: x509.Certificate, issuer: x509.Certificate, algorithm: str = "sha256") -> ocsp.CertId:
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
    except _PARSE_ERRORS as exc:
        return _unreadable(source, "OCSP response", exc)
