"""What the HTTP benches share: `qujat serve` on a free loopback port, and wrk (Debian package) driving it.

`run_wrk` POSTs a list of bodies round robin, open loop at a fixed rate (a Lua delay() paces one request
every 1/rate s whatever the connection; connections only bound the requests in flight) or, with no rate, as
fast as the connections go. The Lua script counts every status and, if asked, the answers whose body matches
a Lua pattern (e.g. LanguageTool's `"incompleteResults": true`).
Used by bench_http.py (/v1/validate under load) and bench_lt.py (/v2/check while typing).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from service.lifetime import end_process  # noqa: E402

HOST = "127.0.0.1"
WRK_TIMEOUT = "10s"
SETTLE = 3.0  # seconds between phases: the requests of connections wrk closed are answered and dropped

LUA = r"""
local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } qj_timespec; int clock_gettime(int, qj_timespec *); ]]
local ts = ffi.new("qj_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end
local interval = %(interval)s
local next_slot = 0
function delay()
  if interval <= 0 then return 0 end
  local now = now_ms()
  if next_slot < now then next_slot = now end
  local wait = next_slot - now
  next_slot = next_slot + interval
  return wait
end
local bodies = { %(bodies)s }
local headers = { ["Content-Type"] = "%(content_type)s" }
local i = 0
function request()
  i = i %% #bodies + 1
  return wrk.format("POST", nil, headers, bodies[i])
end
local marker = %(marker)s
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} marked = 0 end
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
  if marker and body and string.find(body, marker) then marked = marked + 1 end
end
function done(summary, latency, requests)
  local total, total_marked = {}, 0
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do total[status] = (total[status] or 0) + n end
    total_marked = total_marked + thread:get("marked")
  end
  local codes = ""
  for status, n in pairs(total) do codes = codes .. status .. ":" .. n .. " " end
  io.write(string.format("RESULT %%d %%.3f %%.3f %%.3f %%.3f %%d %%d %%d %%s\n", summary.requests,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout, total_marked,
    codes))
end
"""


def require_wrk() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (scripts/install-system.sh does it)")


def lua_string(data: bytes) -> str:
    return '"' + "".join(f"\\{c:03d}" if c < 32 or c > 126 or c in (34, 92) else chr(c) for c in data) + '"'


def multipart(data: bytes, boundary: str, field: str = "file", filename: str = "draft.docx") -> bytes:
    """A multipart/form-data body holding one file field."""
    return (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()


@dataclass
class Phase:
    name: str
    connections: int
    offered: float = 0.0  # requests per second; 0 = closed loop
    requests: int = 0
    seconds: float = 0.0
    p50: float = 0.0
    p99: float = 0.0
    max: float = 0.0
    socket_errors: int = 0
    timeouts: int = 0
    marked: int = 0  # answers whose body matched the marker pattern
    statuses: dict[int, int] | None = None

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def ok(self) -> int:
        return (self.statuses or {}).get(200, 0)

    @property
    def ok_rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return sum(n for s, n in (self.statuses or {}).items() if s != 200) + self.socket_errors + self.timeouts

    def line(self) -> str:
        codes = " ".join(f"{s}:{n}" for s, n in sorted((self.statuses or {}).items()))
        offered = f"{self.offered:5.0f}/s" if self.offered else "  max  "
        return (f"{self.name:<9} offered {offered} ({self.connections:3d} conns)  answered {self.rate:6.1f}/s  "
                f"ok {self.ok_rate:6.1f}/s  "
                f"p50 {self.p50:6.1f} ms  p99 {self.p99:6.1f} ms  max {self.max:7.1f} ms  "
                f"[{codes}] socket errors {self.socket_errors} timeouts {self.timeouts}")


def run_wrk(url: str, bodies: list[bytes], content_type: str, phase: Phase, seconds: float,
            marker: str | None = None) -> Phase:
    """Drive ``url`` with wrk for ``seconds`` as ``phase`` says and fill in its figures. ``marker``: a Lua
    pattern; answers whose body matches it are counted in ``phase.marked``."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "bench.lua"
        interval = f"{1000.0 / phase.offered:.4f}" if phase.offered else "0"
        script.write_text(LUA % {"interval": interval, "bodies": ", ".join(lua_string(b) for b in bodies),
                                 "content_type": content_type,
                                 "marker": lua_string(marker.encode()) if marker else "nil"}, encoding="ascii")
        out = subprocess.run(["wrk", "-t1", f"-c{phase.connections}", f"-d{seconds:g}s", f"--timeout={WRK_TIMEOUT}",
                              "-s", str(script), url], capture_output=True, text=True, timeout=seconds + 60)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk failed: {out.stdout[-500:]} {out.stderr[-500:]}")
    fields = line.split()
    phase.requests, phase.seconds = int(fields[1]), float(fields[2])
    phase.p50, phase.p99, phase.max = float(fields[3]), float(fields[4]), float(fields[5])
    phase.socket_errors, phase.timeouts, phase.marked = int(fields[6]), int(fields[7]), int(fields[8])
    phase.statuses = {int(k): int(v) for k, v in (f.split(":") for f in fields[9:])}
    return phase


def warm_up(url: str, body: bytes, content_type: str, connections: int, seconds: float = 180) -> float:
    """Send ``connections`` requests at once, again and again, until every one is answered 200 within 2 s:
    each worker and compute process has loaded what it needs (a cold one takes seconds, more on a busy machine),
    so the phases measure the steady state. Returns the seconds it took."""
    def one(_: int) -> tuple[int, float]:
        start = time.monotonic()
        request = urllib.request.Request(url, body, {"Content-Type": content_type})
        try:
            with urllib.request.urlopen(request, timeout=120) as r:
                r.read()
                status = r.status
        except urllib.error.HTTPError as e:
            status = e.code
        return status, time.monotonic() - start

    began = time.monotonic()
    with ThreadPoolExecutor(connections) as pool:
        while time.monotonic() - began < seconds:
            answers = list(pool.map(one, range(connections)))
            if all(status == 200 and took < 2.0 for status, took in answers):
                return time.monotonic() - began
            time.sleep(0.5)
    raise SystemExit(f"the server was not warm after {seconds:g} s: {answers}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class Server:
    """`qujat serve` (exactly what users run) on a free loopback port, with extra environment ``env``."""

    def __init__(self, workers: int, env: dict[str, str]):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from service.cli import main; main()", "serve", "--host", HOST,
             "--port", str(self.port), "--workers", str(workers)],
            cwd=ROOT, env={**os.environ, "QUJAT_LOG_LEVEL": "WARNING", **env},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://{HOST}:{self.port}/v1/kinds", timeout=1):
                    return
            except OSError:
                if self.proc.poll() is not None:
                    raise SystemExit("the server exited during start-up") from None
                time.sleep(0.2)
        self.stop()
        raise SystemExit("the server did not start within 60 s")

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def stop(self) -> None:
        end_process(self.proc, grace=15)
