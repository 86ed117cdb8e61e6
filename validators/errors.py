"""Errors that faces turn into exit code 2 (CLI) or a 4xx JSON answer (HTTP). Never a traceback.
The JSON body ``{"error": …}`` is built in one place, ``service.api.errors.error_body``."""

from __future__ import annotations


class QujatError(Exception):
    """A problem with the caller's input, explained in ``message``; ``code`` is stable for machines."""

    code = "bad-input"
    http_status = 400

    def __init__(self, message: str, *, code: str | None = None, details: object | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details


class UnusableDocument(QujatError):
    """The file cannot be read as a document: corrupt, encrypted, empty, wrong type, hostile."""

    code = "unusable-document"
    http_status = 422


class UnsupportedType(QujatError):
    """The content is not a type this tool reads (sniffed from bytes, not from the name)."""

    code = "unsupported-type"
    http_status = 415


class TooLarge(QujatError):
    """The input exceeds a configured size limit."""

    code = "too-large"
    http_status = 413


class DataInvalid(QujatError):
    """A generation record does not match its kind's schema; ``details`` lists JSON paths and reasons."""

    code = "invalid-data"
    http_status = 422


class UnknownName(QujatError):
    """An unknown kind, language, profile or rule id."""

    code = "unknown-name"
    http_status = 422


class ServiceUnavailable(QujatError):
    """A needed external part (LibreOffice, Redis, LanguageTool) is absent or failed."""

    code = "unavailable"
    http_status = 503


class ConfigurationError(QujatError):
    """The deployment's own data (a profile or rule catalog file) is broken; the caller's input is not at fault."""

    code = "configuration"
    http_status = 503
