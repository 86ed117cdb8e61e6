"""The typer application object shared by every command module, and the error-to-exit-code wrapper."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import typer

from validators.errors import QujatError, mapped

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
    import os

    if explicit:
        if explicit not in ("kk", "ru", "en"):
            fail(f"unknown message language {explicit!r}; use kk, ru or en")
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


def fail(message: str, code: int = EXIT_UNUSABLE) -> None:
    """Print ``message`` to stderr and exit with ``code`` (2: unusable input or usage error)."""
    typer.echo(f"qujat: {message}", err=True)
    raise typer.Exit(code)


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn QujatError (and OSError on input files) into a clear message and its exit code (EXIT_OF), never a
    traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except QujatError as exc:
            fail(exc.message, exit_code(exc))
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            fail(f"{exc.strerror}: {exc.filename}")
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            sys.exit(130)

    return wrapper
