"""One settings object holds every QUJAT_* variable: validated as a whole, named when malformed, and the
README's configuration table is exactly its fields."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from validators import resources, settings
from validators.settings import Settings, SettingsError


def _readme_rows() -> list[str]:
    text = (resources.ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Configuration (environment)", 1)[1]
    return [line for line in section.splitlines() if line.startswith("| `QUJAT_")]


def test_readme_table_is_the_settings_fields():
    expected = settings.markdown().splitlines()[2:]
    assert _readme_rows() == expected, "README out of date: paste `python -m validators.settings` into it"


def test_no_module_reads_a_qujat_variable_past_the_settings():
    reads = re.compile(r"""(environ\.get\(|getenv\(|environ\[)\s*["']QUJAT_\w+["']\]?+(?!\s*=)|envvar=["']QUJAT_""")
    offenders = []
    for package in ("service", "validators"):
        for path in (resources.ROOT / package).rglob("*.py"):
            if path.name == "settings.py" and path.parent.name == "validators":
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if reads.search(line):
                    offenders.append(f"{path.relative_to(resources.ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_values_are_parsed_and_validated_with_the_variable_named():
    s = Settings.from_env({"QUJAT_API_KEYS": " a, b ,", "QUJAT_REVOCATION_ONLINE": "off",
                           "QUJAT_OFFICE_WORKERS": "3", "QUJAT_LOG_LEVEL": "debug", "QUJAT_UNRELATED": "x"})
    assert s.api_keys == ("a", "b") and s.revocation_online is False and s.office_workers == 3
    assert s.log_level == "DEBUG"
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"QUJAT_OFFICE_WORKERS": "0", "QUJAT_BATCH_ENGINE": "spark", "QUJAT_OCR_DPI": "lots"})
    for name in ("QUJAT_OFFICE_WORKERS", "QUJAT_BATCH_ENGINE", "QUJAT_OCR_DPI"):
        assert name in caught.value.message


def test_current_follows_the_environment_and_import_time_reads_never_fail(monkeypatch):
    monkeypatch.setenv("QUJAT_OCR_MAX_PAGES", "7")
    assert settings.current().ocr_max_pages == 7
    monkeypatch.setenv("QUJAT_OCR_MAX_PAGES", "none")
    with pytest.raises(SettingsError, match="QUJAT_OCR_MAX_PAGES"):
        settings.current()
    assert settings.at_import("ocr_max_pages") == 20  # the default; the start-up check names the variable


def test_cli_refuses_a_malformed_variable_at_start():
    out = subprocess.run([sys.executable, "-c", "from service.cli import main; main()", "kinds"],
                         env={"QUJAT_MAX_INPUT_BYTES": "big", "PATH": "/usr/bin:/bin",
                              "PYTHONPATH": str(resources.ROOT)}, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert "QUJAT_MAX_INPUT_BYTES" in out.stderr and "Traceback" not in out.stderr
