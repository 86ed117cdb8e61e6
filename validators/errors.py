"""The core's errors: a stable ``code`` for machines, a ``message``, optional ``details``. No HTTP status and
no exit code here: each face maps codes to its own answer in one table (``service.api.errors.STATUS_OF`` for
HTTP, ``service.cli.app.EXIT_OF`` for the command line). Never a traceback.
The JSON body ``{"error": …}`` is built in one place, ``service.api.errors.error_body``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeVar

T = TypeVar("T")


class QujatError(Exception):
    """A problem with the caller's input, explained in ``message``; ``code`` is stable for machines."""

    code = "bad-input"

    def __init__(self, message: str, *, code: str | None = None, details: object | None = None,
                 messages: Mapping[str, str] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details
        # what it says to people in kk, ru and en (validators.texts.said); None: the text of its ``code``
        self.messages = dict(messages) if messages else None


class UnusableDocument(QujatError):
    """The file cannot be read as a document: corrupt, encrypted, empty, wrong type, hostile."""

    code = "unusable-document"


class UnsupportedType(QujatError):
    """The content is not a type this tool reads (sniffed from bytes, not from the name)."""

    code = "unsupported-type"


class TooLarge(QujatError):
    """The input exceeds a configured size limit."""

    code = "too-large"


class DataInvalid(QujatError):
    """A generation record does not match its kind's schema; ``details`` lists JSON paths and reasons."""

    code = "invalid-data"


class UnknownName(QujatError):
    """An unknown kind, language, profile or rule id."""

    code = "unknown-name"


class ServiceUnavailable(QujatError):
    """A needed external part (LibreOffice, Redis, LanguageTool) is absent or failed."""

    code = "unavailable"


class ConfigurationError(QujatError):
    """The deployment's own data (a profile or rule catalog file) is broken; the caller's input is not at fault."""

    code = "configuration"


def codes(exc: QujatError) -> Iterator[str]:
    """The codes ``exc`` answers to, most specific first: its own, then its classes' up to ``bad-input``."""
    yield exc.code
    for cls in type(exc).__mro__:
        code = cls.__dict__.get("code")
        if isinstance(code, str):
            yield code


def mapped(table: Mapping[str, T], exc: QujatError) -> T:
    """What a face's ``table`` says for ``exc``: its code's entry, else that of the nearest base class's code
    (every table maps the base code ``bad-input``)."""
    return next(table[code] for code in codes(exc) if code in table)
