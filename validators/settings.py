"""Every configuration variable of Qujat in one object: :class:`Settings`, read from the ``QUJAT_*``
environment and validated as a whole — a malformed value stops the start-up (``qujat …``, ``create_app``)
with the variable's name, never a traceback deep inside a request.

It sits in the core package because the core reads its own limits (input size, zip-bomb limits, calendar,
dictionaries) and ``validators`` never imports ``service``; the faces read theirs from the same object.
A new setting is one field here (name, type, default, bounds, description); the README's configuration table
is checked against these fields by a test (``python -m validators.settings`` prints the table).

``current()`` is the settings of the environment as it is now (re-read only when a ``QUJAT_*`` variable
changed, so it is cheap to call per job)."""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from validators.errors import ConfigurationError

MB = 1024 * 1024
PREFIX = "QUJAT_"


class SettingsError(ConfigurationError, ValueError):
    """A ``QUJAT_*`` variable holds a value that is not valid; the message names it."""

    code = "configuration"


def _comma_list(value: Any) -> Any:
    if isinstance(value, str):
        return tuple(item.strip() for item in value.split(",") if item.strip())
    return value


def _flag(value: Any) -> Any:
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("1", "true", "yes", "on"):
            return True
        if word in ("0", "false", "no", "off"):
            return False
    return value


CommaList = Annotated[tuple[str, ...], BeforeValidator(_comma_list)]
Flag = Annotated[bool, BeforeValidator(_flag)]


def _field(default: Any, what: str, area: str, shown: str | None = None, **bounds: Any) -> Any:
    """A setting: its default, what it does, the area it belongs to and how the README shows the default."""
    return Field(default, description=what, json_schema_extra={"area": area, "shown": shown}, **bounds)


class Settings(BaseModel):
    """All of Qujat's configuration. Field ``x_y`` is the variable ``QUJAT_X_Y``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # -- data and the core's limits
    home: str | None = _field(None, "where `schemas/`, `templates/` and `examples/` are", "core", "the checkout")
    max_input_bytes: int = _field(100 * MB, "largest document read (bytes)", "core", "100 MiB", ge=1)
    max_part_bytes: int = _field(64 * MB, "largest unpacked part of a .docx/.pptx (zip-bomb limit, bytes)",
                                 "core", "64 MiB", ge=1)
    max_unpacked_bytes: int = _field(512 * MB, "largest unpacked .docx/.pptx package (bytes)", "core",
                                     "512 MiB", ge=1)
    calendar: str | None = _field(None, "Kazakhstan working-day calendar (holidays, transfers) as YAML", "core",
                                  "shipped file")
    hunspell_dir: str = _field("/usr/share/hunspell", "where the kk_KZ / ru_RU hunspell dictionaries are",
                               "core")
    kk_analyser: str = _field("", "a Kazakh morphological analyser (an HFST optimized-lookup transducer, e.g. "
                              "Apertium's apertium-kaz kaz.automorf.hfst) the speller consults for words "
                              "hunspell-kk lacks", "core", "unset")
    languagetool_url: str = _field("", "Russian grammar through a LanguageTool server; when unset the report says grammar was skipped", "core",
                                   "unset")
    languagetool_dir: str = _field("", "a local LanguageTool folder (languagetool-server.jar) instead of a URL",
                                   "core", "unset")
    # -- the HTTP service
    api_keys: CommaList = _field((), "comma-separated keys; every `/v1/*` call then needs `X-API-Key`", "http",
                                 "unset (open)")
    max_upload_mb: float = _field(20, "upload limit per file (413)", "http", ge=0.001)
    max_request_mb: float = _field(0, "whole request body limit; 0 = two uploads + 1 MB", "http", ge=0)
    threads: int = _field(2, "threads per server process for blocking jobs", "http", ge=1)
    processes: int = _field(0, "compute processes per server process (0: on the threads; `qujat serve`: 1)",
                            "http", ge=0)
    max_pending: int = _field(16, "jobs waiting for a thread before 429", "http", ge=0)
    request_timeout: float = _field(120, "seconds a job may take before 503", "http", ge=0.01)
    retry_after: int = _field(2, "seconds suggested to a client turned away (Retry-After)", "http", ge=1)
    cors_origins: CommaList = _field((), "comma-separated origins allowed for editor add-ins", "http", "none")
    log_level: str = _field("INFO", "log level of the service", "http")
    lt_max_chars: int = _field(50_000, "longest text `POST /v2/check` proofs (LanguageTool API)", "http", ge=1)
    lt_budget_ms: float = _field(20, "milliseconds `/v2/check` waits for new words' spelling", "http", ge=0)
    batch_running: int = _field(2, "HTTP batch jobs running at once (all server processes)", "http", ge=1)
    batch_max_queued: int = _field(16, "HTTP batch jobs waiting beyond the running ones before 429", "http", ge=0)
    batch_per_key: int = _field(2, "HTTP batch jobs queued or running for one API key before 429", "http", ge=1)
    api_batch_max_entries: int = _field(10_000, "files or .zip entries of one HTTP batch", "http", ge=1)
    batch_retention_days: float = _field(7, "finished HTTP batches are deleted after this many days", "http", ge=0)
    # -- LibreOffice
    office_workers: int = _field(2, "soffice processes in the pool", "office", ge=1)
    office_timeout: float = _field(60, "seconds allowed per document", "office", ge=0.001)
    office_start_timeout: float = _field(60, "seconds allowed for one soffice to start", "office", ge=1)
    office_queue_timeout: float = _field(300, "seconds a caller may wait for a free soffice", "office",
                                         ge=0.001)
    office_recycle_after: int = _field(200, "documents after which a soffice is restarted (0: never)", "office",
                                       ge=0)
    office_max_pages: int = _field(500, "pages of one document, 0 = no limit; past it refused (413, kk/ru/en message) — docs/office.md", "office", ge=0)
    office_max_slides: int = _field(300, "slides of one presentation, 0 = no limit", "office", ge=0)
    office_max_table_cells: int = _field(5000, "table cells of one document, 0 = no limit", "office", ge=0)
    office_max_cpu_seconds: float = _field(30, "CPU seconds soffice may spend on one document, 0 = no limit",
                                           "office", ge=0)
    office_max_memory_mb: float = _field(2048, "memory (MB) soffice may use on one document, 0 = no limit",
                                         "office", ge=0)
    office_recycle_memory_mb: float = _field(1024, "soffice is restarted after a document past this memory (MB)",
                                             "office", ge=0)
    soffice: str | None = _field(None, "the soffice (or soffice.bin) to run", "office", "auto")
    office_python: str | None = _field(None, "a Python that can `import uno`", "office", "auto")
    # -- OCR of scanned PDFs
    ocr_dpi: int = _field(300, "resolution pages are rasterised at for Tesseract", "ocr", ge=1)
    ocr_timeout: int = _field(60, "seconds of Tesseract per page", "ocr", ge=1)
    ocr_max_pages: int = _field(20, "pages recognised per document", "ocr", ge=1)
    # -- PDF text layer
    pdf_layout_max_pages: int = _field(200, "PDF pages read with their layout (lines, paragraphs, ruled tables); "
                                       "later pages keep their plain text", "pdf", ge=0)
    pdf_layout_seconds: float = _field(30, "seconds one PDF's layout reading may take; the pages after keep "
                                       "their plain text", "pdf", ge=0)
    # -- generation
    emblem: str | None = _field(None, "PNG of the state emblem placed in the blank of acts", "generation", "none")
    # -- signing
    trust_set: str | None = _field(None, "shipped EDS trust anchors: `production` (NCA RK) or `test` (NCA RK test PKI) — docs/signing.md", "signing",
                                   "production")
    trust_store: str | None = _field(None, "the operator's extra trust anchors (PEM bundle, DER file or folder); a request can never add any", "signing",
                                     "none")
    revocation_online: Flag = _field(True, "1: ask the OCSP responder / fetch the CRL named in the certificate (cached in the process)", "signing", "1")
    revocation_timeout: float = _field(5, "seconds per CRL/OCSP request", "signing", ge=0.1)
    revocation_dir: str | None = _field(None, "folder of CRLs and OCSP answers the operator syncs, used offline first", "signing",
                                        "none")
    revocation_allow_unknown: Flag = _field(False, "1: a signer whose revocation can't be established is still valid (with a warning)",
                                            "signing", "0")
    ocsp_cert_id: Literal["sha256", "sha1"] = _field(
        "sha256", "hash of OCSP requests' CertID: sha256 (then sha1 if a responder doesn't answer it) or sha1 only", "signing")
    public_url: str | None = _field(None, "this service's address, for the verification link and QR code of signed packages",
                                    "signing", "http://127.0.0.1:8000")
    sheet_font: str | None = _field(None, "a .ttf font for the signature sheet", "signing", "DejaVu/Liberation")
    sheet_utc_offset: float = _field(5, "hours from UTC of times on the signature sheet", "signing",
                                     ge=-12, le=14)
    # -- batches
    data_dir: str | None = _field(None, "job folders of HTTP batches (0700/0600; uploads deleted when the job ends or dies)", "batch",
                                  "$TMPDIR/qujat")
    batch_engine: Literal["local", "celery"] = _field("local", "engine of HTTP batches: local or celery",
                                                      "batch")
    batch_workers: int = _field(2, "worker processes of a local batch", "batch", ge=1)
    batch_timeout: float = _field(120, "seconds per document in a batch", "batch", ge=0.01)
    batch_max_file_mb: float = _field(50, "largest document in a batch", "batch", ge=0.001)
    batch_max_total_mb: float = _field(2048, "largest batch (all documents, unpacked)", "batch", ge=0.001)
    batch_max_entries: int = _field(100_000, "most entries in a batch archive", "batch", ge=1)
    batch_max_attempts: int = _field(3, "tries of a document whose Celery worker died", "batch", ge=1)
    batch_task: str | None = _field(None, "`module:function` replacing the per-document task (tests)", "batch",
                                    "the check")
    redis_url: str | None = _field(None, "Celery broker and results (Redis)", "batch",
                                   "redis://127.0.0.1:6379/0")
    broker_url: str | None = _field(None, "another name for `QUJAT_REDIS_URL` (health probe)", "batch", "unset")
    celery_visibility_timeout: int = _field(600, "seconds before Redis re-delivers an unacknowledged task",
                                            "batch", ge=1)
    batch_deadline: float = _field(6 * 3600, "seconds a whole Celery batch may take", "batch", "6 h", ge=1)
    celery_reconcile_after: float = _field(30, "seconds without a result before a Celery batch is reconciled",
                                           "batch", ge=0.1)

    # ------------------------------------------------------------------------------------------ derived
    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * MB)

    @property
    def max_request_bytes(self) -> int:
        if self.max_request_mb:
            return int(self.max_request_mb * MB)
        return 2 * self.max_upload_bytes + MB

    @property
    def batch_max_files(self) -> int:
        """Files or .zip entries of one HTTP batch (``QUJAT_API_BATCH_MAX_ENTRIES``)."""
        return self.api_batch_max_entries

    @property
    def lt_max_body_bytes(self) -> int:
        """A /v2/check body: the longest text, percent-encoded (≤12 bytes a character), and the other fields."""
        return self.lt_max_chars * 12 + 64 * 1024

    # ------------------------------------------------------------------------------------------ reading
    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings of ``env`` (default ``os.environ``); an empty variable means its default. A malformed
        value raises :class:`SettingsError` naming the variable."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for name in cls.model_fields:
            raw = env.get(variable(name), "").strip()
            if raw:
                values[name] = raw
        try:
            settings = cls(**values)
        except ValidationError as exc:
            problems = []
            for err in exc.errors():
                name = str(err["loc"][0]) if err.get("loc") else "?"
                problems.append(f"{variable(name)}={values.get(name, '')!r}: {err['msg']}")
            raise SettingsError("invalid configuration: " + "; ".join(problems)) from None
        return settings.model_copy(update={"log_level": settings.log_level.upper()})


def variable(field: str) -> str:
    """``max_upload_mb`` → ``QUJAT_MAX_UPLOAD_MB``."""
    return PREFIX + field.upper()


@functools.lru_cache(maxsize=8)
def _cached(snapshot: tuple[tuple[str, str], ...]) -> Settings:
    return Settings.from_env(dict(snapshot))


def current() -> Settings:
    """The settings of the environment now; cached until a ``QUJAT_*`` variable changes."""
    return _cached(tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith(PREFIX))))


def at_import(field: str) -> Any:
    """One setting for a module-level constant: its validated value, or its default when the variable is
    malformed — importing never fails; the faces' start-up check (:func:`current`) reports the variable."""
    raw = os.environ.get(variable(field), "").strip()
    try:
        return getattr(Settings.from_env({variable(field): raw} if raw else {}), field)
    except SettingsError:
        return Settings.model_fields[field].default


def table() -> list[tuple[str, str, str, str]]:
    """(variable, default as shown, what, area) of every setting, in declaration order."""
    rows = []
    for name, info in Settings.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        shown = extra.get("shown")
        if shown is None:
            default = info.default
            shown = ", ".join(default) if isinstance(default, tuple) else str(default)
        rows.append((variable(name), str(shown), info.description or "", str(extra.get("area", ""))))
    return rows


def markdown() -> str:
    """The README's configuration table."""
    lines = ["| variable | default | what |", "|---|---|---|"]
    lines += [f"| `{var}` | {shown} | {what} |" for var, shown, what, _area in table()]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())
