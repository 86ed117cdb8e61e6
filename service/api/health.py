"""Honest availability of the external parts the service uses: LibreOffice (PDF, page counts),
hunspell dictionaries (spelling), LanguageTool (grammar, optional) and Redis (Celery batches, optional).
Each probe really touches its part; results are cached for a few seconds."""

from __future__ import annotations

import functools
import subprocess
import time
import urllib.request
from dataclasses import asdict, dataclass

from validators.settings import current

CACHE_SECONDS = 10.0


@dataclass
class Component:
    available: bool
    required: bool  # a missing required part degrades the service; an optional one only disables a feature
    detail: str
    configured: bool = True  # False: an optional part the operator has not set up

    def to_dict(self) -> dict:
        return asdict(self)


@functools.cache
def _soffice_version(binary: str) -> str:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30, check=False)
    return (out.stdout.strip() or out.stderr.strip()).splitlines()[0] if (out.stdout or out.stderr) else ""


def probe_libreoffice() -> Component:
    """The office pool's own discovery (soffice and a Python with ``uno``), then soffice answering --version."""
    from service import office
    from validators.errors import ServiceUnavailable

    try:
        soffice, _python = office.binaries()
    except ServiceUnavailable as exc:
        return Component(False, True, exc.message)
    try:
        version = _soffice_version(soffice)
    except (OSError, subprocess.SubprocessError) as exc:
        return Component(False, True, f"{soffice} does not run: {exc}")
    return Component(bool(version), True, version or f"{soffice} printed no version")


def probe_hunspell() -> Component:
    try:
        from validators.proofing.speller import get_speller, hunspell_dir

        speller = get_speller()
        langs = ", ".join(sorted(speller.dictionaries))
        return Component(True, True, f"dictionaries {langs} loaded from {hunspell_dir()}")
    except Exception as exc:  # ImportError, ServiceUnavailable, a broken dictionary
        return Component(False, True, f"spelling unavailable: {exc}")


def _get(url: str, timeout: float = 1.5) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - operator-configured URL
        return resp.status


def probe_languagetool() -> Component:
    url = current().languagetool_url.rstrip("/")
    if not url:
        return Component(False, False, "QUJAT_LANGUAGETOOL_URL is not set: grammar checks are skipped", False)
    try:
        status = _get(f"{url}/v2/languages")
    except Exception as exc:
        return Component(False, False, f"LanguageTool at {url} is unreachable: {exc}")
    return Component(status == 200, False, f"LanguageTool at {url} answered {status}")


def redis_url() -> str:
    return current().redis_url or current().broker_url or ""


def probe_redis() -> Component:
    url = redis_url()
    if not url:
        return Component(False, False, "QUJAT_REDIS_URL is not set: batches run on the local engine", False)
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        client.close()
    except Exception as exc:
        return Component(False, False, f"Redis at {url} is unreachable: {exc}")
    return Component(True, False, f"Redis at {url} answered PING")


PROBES = {
    "libreoffice": probe_libreoffice,
    "hunspell": probe_hunspell,
    "languagetool": probe_languagetool,
    "redis": probe_redis,
}
_cache: tuple[float, dict[str, Component]] | None = None


def components() -> dict[str, Component]:
    """Run every probe (blocking; call it off the event loop), at most once per CACHE_SECONDS."""
    global _cache
    now = time.monotonic()
    if _cache is None or now - _cache[0] > CACHE_SECONDS:
        _cache = (now, {name: probe() for name, probe in PROBES.items()})
    return _cache[1]


def status(parts: dict[str, Component]) -> str:
    """``ok`` unless a required part, or an optional part the operator configured, is unavailable."""
    broken = [p for p in parts.values() if not p.available and (p.required or p.configured)]
    return "degraded" if broken else "ok"
