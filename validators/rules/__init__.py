"""Check functions by family. Every module in this package is imported, so its functions register."""

from __future__ import annotations

import importlib
import pkgutil

from validators.rules.base import CHECKS, RuleContext, check_function


def load_all() -> dict:
    for info in pkgutil.iter_modules(__path__):
        if info.name != "base":
            importlib.import_module(f"{__name__}.{info.name}")
    return CHECKS


__all__ = ["CHECKS", "RuleContext", "check_function", "load_all"]
