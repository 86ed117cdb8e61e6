"""Fixtures of the proofing tests; the builders live in builders.py, imported as ``proofing_builders``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("proofing_builders", Path(__file__).with_name("builders.py"))
_module = importlib.util.module_from_spec(_spec)
sys.modules["proofing_builders"] = _module
_spec.loader.exec_module(_module)


@pytest.fixture
def no_languagetool(monkeypatch):
    monkeypatch.delenv("QUJAT_LANGUAGETOOL_URL", raising=False)
    monkeypatch.delenv("QUJAT_LANGUAGETOOL_DIR", raising=False)
