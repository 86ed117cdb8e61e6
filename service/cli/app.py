"""The typer application object shared by every command module, and the error-to-exit-code wrapper."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import typer

from validators.errors import QujatError

app = typer.Typer(
    name="qujat",
    help="Qujat: generate and check the official documents of akimats (kk/ru).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_REJECTED, EXIT_UNUSABLE, EXIT_NOT_CHECKED = 0, 1, 2, 3


def fail(message: str, code: int = EXIT_UNUSABLE) -> None:
    """Print ``message`` to stderr and exit with ``code`` (2: unusable input or usage error)."""
    typer.echo(f"qujat: {message}", err=True)
    raise typer.Exit(code)


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn QujatError (and OSError on input files) into a clear message and exit code 2, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except QujatError as exc:
            fail(exc.message)
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            fail(f"{exc.strerror}: {exc.filename}")
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            sys.exit(130)

    return wrapper
