"""`qujat` command line. Each module in this package adds its commands to ``app``; they hold no logic,
only calls into ``service`` and ``validators``."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer
from typer._click import exceptions as click  # Typer's own copy of Click

from service.cli.app import app


def _load_commands() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name != "app":
            importlib.import_module(f"{__name__}.{info.name}")


_load_commands()


def main() -> None:
    from service.cli.app import exit_code
    from validators.settings import SettingsError, current

    try:  # every QUJAT_* variable is validated once, at start: a malformed one is named, exit 2
        current()
    except SettingsError as exc:
        sys.stderr.write(f"qujat: {exc.message}\n")
        raise SystemExit(exit_code(exc)) from None
    from typer.main import get_command

    from service.cli.helptexts import help_lang, localize

    try:  # the Click command Typer builds, its help in the reader's language (as `app(...)` runs it)
        result = localize(get_command(app), help_lang(sys.argv[1:]))(standalone_mode=False, prog_name="qujat")
    except click.NoArgsIsHelpError as exc:
        sys.stdout.write(exc.ctx.get_help() + "\n" if exc.ctx is not None else "")
        raise SystemExit(exc.exit_code) from None
    except click.UsageError as exc:  # Click's own words are English: say it in the reader's language
        sys.stderr.write(f"qujat: {usage_text(exc)}\n")
        raise SystemExit(exc.exit_code) from None
    except click.ClickException as exc:
        exc.show()
        raise SystemExit(exc.exit_code) from None
    except typer.Abort:
        raise SystemExit(1) from None
    raise SystemExit(result if isinstance(result, int) else 0)


def _hint(exc: click.BadParameter) -> str:
    """The argument or option as --help names it: «'FILES...'», «'--kind'»."""
    if exc.param_hint is not None:
        return str(exc.param_hint)
    if exc.param is not None and exc.ctx is not None:
        return str(exc.param.get_error_hint())
    return ""


def usage_text(exc: click.UsageError) -> str:
    """A usage error in the CLI's language, naming the argument, option or command (Click says it in English)."""
    from service.cli.app import error_lang
    from validators.texts import said

    command = exc.ctx.command_path if exc.ctx is not None else "qujat"
    help_hint = f"{command} --help"
    if isinstance(exc, click.MissingParameter):
        key, args = "usage-missing", {"name": _hint(exc)}
    elif isinstance(exc, click.NoSuchOption):
        key, args = "usage-no-option", {"name": exc.option_name}
    elif isinstance(exc, click.BadParameter):
        key, args = "usage-bad-value", {"name": _hint(exc)}
    elif isinstance(exc, click.BadOptionUsage):
        key, args = "usage-bad-value", {"name": exc.option_name}
    elif "No such command" in exc.message:
        key, args = "usage-no-command", {"name": exc.message.split("'")[1] if "'" in exc.message else ""}
    else:
        key, args = "usage-other", {}
    return said(key, help=help_hint, **args).get_text(error_lang())


__all__ = ["app", "main"]
