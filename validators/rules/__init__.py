"""Check functions by family. Every module in this package is imported, so its functions register."""

from __future__ import annotations

import functools
import importlib
import pkgutil

from validators.rules.base import CHECKS, RuleContext, check_function


@functools.cache
def load_all() -> dict:
    """Import every rule module once per process; returns the registry of check functions."""
    for info in pkgutil.iter_modules(__path__):
        if info.name != "base":
            importlib.import_module(f"{__name__}.{info.name}")
    return CHECKS


__all__ = ["CHECKS", "RuleContext", "check_function", "load_all"]
