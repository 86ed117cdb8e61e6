"""`qujat` command line. Each module in this package adds its commands to ``app``; they hold no logic,
only calls into ``service`` and ``validators``."""

from __future__ import annotations

import importlib
import pkgutil
import sys

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
    app()


__all__ = ["app", "main"]
