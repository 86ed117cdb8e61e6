"""`qujat serve`: a malformed setting stops it with the variable's name (exit 2), before any worker starts;
a good configuration serves (the browser tests run against `qujat serve`)."""

from __future__ import annotations

import subprocess
import sys

import httpx


def test_malformed_setting_is_named_and_exit_2():
    out = subprocess.run([sys.executable, "-c", "from service.cli import main; main()", "serve", "--port", "1"],
                         env={"QUJAT_MAX_UPLOAD_MB": "lots", "PATH": "/usr/bin:/bin"}, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 2
    assert "QUJAT_MAX_UPLOAD_MB" in out.stderr and "Traceback" not in out.stderr


def test_served_page_and_api(live_server):
    assert "Qujat" in httpx.get(live_server + "/").text
    health = httpx.get(live_server + "/healthz", timeout=30).json()
    assert health["queue"]["capacity"] > 0
    assert httpx.get(live_server + "/openapi.json").json()["info"]["title"] == "Qujat"


def test_served_checks_run_in_compute_processes(live_server, kk_docx, ru_docx):
    """`qujat serve` runs checks in a compute process: reports and errors come back intact."""
    r = httpx.post(live_server + "/v1/parity", files={"kk": ("kk.docx", kk_docx), "ru": ("ru.docx", ru_docx)},
                   timeout=60)
    assert r.status_code == 200, r.text
    assert r.json()["verdict"] == "rejected" and r.json()["alignment"]
    r = httpx.post(live_server + "/v1/validate", params={"pages": "false"},
                   files={"file": ("a.docx", b"PK\x03\x04 broken")}, timeout=60)
    assert r.status_code == 422 and r.json()["error"]["code"] == "unusable-document"
