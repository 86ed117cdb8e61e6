"""The typer application object shared by every command module, and the error-to-exit-code wrapper."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

import typer

from validators.errors import DataInvalid, QujatError, mapped
from validators.texts import LANGS, Texts, error_text, said

app = typer.Typer(
    name="qujat",
    help="Qujat: generate and check the official documents of akimats (kk/ru).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_REJECTED, EXIT_UNUSABLE, EXIT_NOT_CHECKED = 0, 1, 2, 3

# The one table of this face: the exit code of every error code (the core's errors carry none). Each is
# "unusable input or usage error" (interfaces: exit 2), the message saying why; a missing part (LibreOffice,
# Redis) or a broken deployment file is as unusable for this run. tests/layering/test_errors.py checks that every
# QujatError subclass's code is here.
EXIT_OF: dict[str, int] = {
    "bad-input": EXIT_UNUSABLE,
    "unusable-document": EXIT_UNUSABLE,
    "unsupported-type": EXIT_UNUSABLE,
    "too-large": EXIT_UNUSABLE,
    "invalid-data": EXIT_UNUSABLE,
    "unknown-name": EXIT_UNUSABLE,
    "not-found": EXIT_UNUSABLE,
    "unavailable": EXIT_UNUSABLE,
    "configuration": EXIT_UNUSABLE,
    "overloaded": EXIT_UNUSABLE,
    "timeout": EXIT_UNUSABLE,
    "unauthorized": EXIT_UNUSABLE,
    "client-closed": EXIT_UNUSABLE,
}


def exit_code(exc: QujatError) -> int:
    """The exit code of ``exc`` (its code's, else its nearest base class's)."""
    return mapped(EXIT_OF, exc)


def message_lang(explicit: str | None = None, profile: str | None = None) -> str:
    """The language of what the CLI prints: ``--messages`` if given; else the locale when it is Kazakh or
    Russian (LC_ALL, LC_MESSAGES, LANG); else the language of the profile's regulation; else Russian.
    English only when asked for."""
    if explicit:
        if explicit not in LANGS:
            fail(said("usage-messages", value=explicit))
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value[:2] in ("kk", "ru"):
            return value[:2]
        if value and value not in ("C", "POSIX", "C.UTF-8", "C.utf8"):
            break  # a locale of another language: the profile decides
    try:
        from validators import profiles

        lang = str(profiles.load(profile).regulation.get("language") or "")
    except QujatError:
        lang = ""
    return lang if lang in ("kk", "ru") else "ru"


def messages_help(what: str = "the messages") -> str:
    return (f"language of {what}: kk, ru or en (default: the locale if kk/ru, else the profile's language, "
            "else Russian)")


def messages_option(what: str = "the messages") -> Any:
    """The ``--messages kk|ru|en`` option of a command (its value goes to :func:`message_lang`; ``guarded``
    reads it, as ``lang_out``, for the language of the command's error lines)."""
    return typer.Option(None, "--messages", help=messages_help(what))


# The options of the running command that choose the language of its error lines (set by ``guarded``).
_asked: dict[str, Any] = {}


def error_lang() -> str:
    """The language of an error line: as :func:`message_lang` chooses it for the running command
    (``--messages``, the locale, its ``--profile``), an unknown ``--messages`` value aside."""
    explicit = _asked.get("lang_out")
    return message_lang(explicit if explicit in LANGS else None, _asked.get("profile"))


def fail(message: str | Mapping[str, str], code: int = EXIT_UNUSABLE) -> NoReturn:
    """Print ``message`` (a text in kk, ru and en: ``said(…)``) to stderr and exit with ``code`` (2: unusable
    input or usage error)."""
    if isinstance(message, Mapping):
        message = Texts(message).get_text(error_lang())
    typer.echo(f"qujat: {message}", err=True)
    raise typer.Exit(code)


def error_line(exc: Exception, lang: str | None = None) -> str:
    """What an error of the command says on its ``qujat: …`` line, in ``lang`` (else :func:`error_lang`):
    Qujat's own errors by their texts, a file the system cannot open by its path."""
    lang = lang or error_lang()
    if isinstance(exc, OSError) and not isinstance(exc, QujatError):
        key = {FileNotFoundError: "path-missing", IsADirectoryError: "path-directory"}.get(type(exc), "path-denied")
        return said(key, path=exc.filename).get_text(lang)
    if isinstance(exc, DataInvalid) and exc.messages is None and isinstance(exc.details, list) and lang != "en":
        from service.api.errors import field_errors

        wrong = "; ".join(f"{f['path']} — {f['messages'][lang].rstrip('.')}" for f in field_errors(exc.details)[:5])
        return said("record-fields", fields=wrong).get_text(lang)
    return error_text(exc, lang)


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn QujatError (and OSError on input files) into one clear line in the user's language and its exit code
    (EXIT_OF), never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _asked.clear()
        _asked.update({k: kwargs.get(k) for k in ("lang_out", "profile")})
        try:
            return fn(*args, **kwargs)
        except QujatError as exc:
            fail(error_line(exc), exit_code(exc))
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            fail(error_line(exc))
        except KeyboardInterrupt:
            typer.echo(said("interrupted").get_text(error_lang()), err=True)
            sys.exit(130)
        finally:
            _asked.clear()  # a command run after this one in the same process (tests) starts from nothing

    return wrapper
