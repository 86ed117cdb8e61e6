"""`qujat serve`: a malformed setting stops it with the variable's name (exit 2), before any worker starts;
a good configuration serves (the browser tests run against `qujat serve`)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest


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



def _compute_children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid and b"multiprocessing.spawn" in cmdline:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc")
def test_compute_processes_end_with_their_server(free_tcp_port):
    """However the server ends (here SIGKILL: no clean-up at all), its compute processes do not outlive it."""
    port = free_tcp_port
    server = subprocess.Popen([sys.executable, "-c", "from service.cli import main; main()", "serve",
                               "--port", str(port), "--workers", "1", "--processes", "1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        children: list[int] = []
        while time.monotonic() < deadline and not children:
            try:
                httpx.get(f"http://127.0.0.1:{port}/v1/kinds", timeout=1)
                children = _compute_children(server.pid)
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        assert children, "the server started no compute process"
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(c) for c in children):
        time.sleep(0.2)
    assert not any(_alive(c) for c in children)
