"""HTTP service configuration, read once from ``QUJAT_*`` environment variables (see docs/http.md)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

MB = 1024 * 1024


def _number(env: Mapping[str, str], name: str, default: float, minimum: float, cast: type = float):
    raw = env.get(name, "").strip()
    if not raw:
        return cast(default)
    try:
        value = cast(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number") from None
    if value < minimum:
        raise ValueError(f"{name}={raw!r} must be at least {minimum}")
    return value


def _list(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in env.get(name, "").split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    """Limits, keys and origins of one running service."""

    api_keys: tuple[str, ...] = ()  # QUJAT_API_KEYS: empty means no key is needed
    max_upload_mb: float = 20  # QUJAT_MAX_UPLOAD_MB: per uploaded file
    max_request_mb: float = 0  # QUJAT_MAX_REQUEST_MB: whole body; 0 means 2 files + 1 MB of fields
    threads: int = 2  # QUJAT_THREADS: threads per server process for blocking jobs
    processes: int = 0  # QUJAT_PROCESSES: compute processes per server process (0: compute on the threads)
    max_pending: int = 16  # QUJAT_MAX_PENDING: jobs waiting for a thread before 429
    request_timeout: float = 120  # QUJAT_REQUEST_TIMEOUT: seconds a job may take before 503
    retry_after: int = 2  # QUJAT_RETRY_AFTER: seconds suggested to a client turned away
    cors_origins: tuple[str, ...] = ()  # QUJAT_CORS_ORIGINS: e.g. "https://portal.example.kz,*"
    log_level: str = "INFO"  # QUJAT_LOG_LEVEL
    lt_max_chars: int = 50_000  # QUJAT_LT_MAX_CHARS: longest text POST /v2/check proofs (LanguageTool API)
    lt_budget_ms: float = 30  # QUJAT_LT_BUDGET_MS: how long /v2/check waits for new words' spelling
    batch_running: int = 2  # QUJAT_BATCH_RUNNING: batch jobs running at once (all server processes)
    batch_max_queued: int = 16  # QUJAT_BATCH_MAX_QUEUED: batch jobs waiting beyond the running ones before 429
    batch_per_key: int = 2  # QUJAT_BATCH_PER_KEY: batch jobs queued or running for one API key before 429
    batch_max_files: int = 10_000  # QUJAT_API_BATCH_MAX_ENTRIES: files or .zip entries of one HTTP batch
    batch_retention_days: float = 7  # QUJAT_BATCH_RETENTION_DAYS: finished batches are deleted after this

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * MB)

    @property
    def max_request_bytes(self) -> int:
        if self.max_request_mb:
            return int(self.max_request_mb * MB)
        return 2 * self.max_upload_bytes + MB

    @property
    def lt_max_body_bytes(self) -> int:
        """A /v2/check body: the longest text, percent-encoded (≤12 bytes a character), and the other fields."""
        return self.lt_max_chars * 12 + 64 * 1024

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the environment; a malformed value raises ValueError naming the variable."""
        env = os.environ if env is None else env
        return cls(
            api_keys=_list(env, "QUJAT_API_KEYS"),
            max_upload_mb=_number(env, "QUJAT_MAX_UPLOAD_MB", cls.max_upload_mb, 0.001),
            max_request_mb=_number(env, "QUJAT_MAX_REQUEST_MB", cls.max_request_mb, 0),
            threads=_number(env, "QUJAT_THREADS", cls.threads, 1, int),
            processes=_number(env, "QUJAT_PROCESSES", cls.processes, 0, int),
            max_pending=_number(env, "QUJAT_MAX_PENDING", cls.max_pending, 0, int),
            request_timeout=_number(env, "QUJAT_REQUEST_TIMEOUT", cls.request_timeout, 0.01),
            retry_after=_number(env, "QUJAT_RETRY_AFTER", cls.retry_after, 1, int),
            cors_origins=_list(env, "QUJAT_CORS_ORIGINS"),
            log_level=(env.get("QUJAT_LOG_LEVEL") or cls.log_level).upper(),
            lt_max_chars=_number(env, "QUJAT_LT_MAX_CHARS", cls.lt_max_chars, 1, int),
            lt_budget_ms=_number(env, "QUJAT_LT_BUDGET_MS", cls.lt_budget_ms, 0),
            batch_running=_number(env, "QUJAT_BATCH_RUNNING", cls.batch_running, 1, int),
            batch_max_queued=_number(env, "QUJAT_BATCH_MAX_QUEUED", cls.batch_max_queued, 0, int),
            batch_per_key=_number(env, "QUJAT_BATCH_PER_KEY", cls.batch_per_key, 1, int),
            batch_max_files=_number(env, "QUJAT_API_BATCH_MAX_ENTRIES", cls.batch_max_files, 1, int),
            batch_retention_days=_number(env, "QUJAT_BATCH_RETENTION_DAYS", cls.batch_retention_days, 0),
        )
