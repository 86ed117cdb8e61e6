"""Load on POST /v1/validate against the real service (uvicorn) on loopback, driven by wrk (Debian package).

Usage: python bench/bench_http.py [--docx FILE] [--connections 8] [--seconds 10] [--workers 2]
                                  [--overload 4] [--query "pages=false"] [--skip-baseline]

wrk keeps --connections keep-alive connections busy (closed loop) and a Lua script counts every status.
Phases, measured in the same run on the same document:
  baseline  the naive server: one uvicorn worker, 40 threads, no bound on waiting jobs
  ours      --workers workers, the bounded work queue (defaults of service/api/settings.py)
  4x        both again with --overload x --connections                  ours must answer only 200/429/503
  after     ours at --connections again                                  normal service must be back
Targets: ours >= 150 requests/s with p99 <= 200 ms and 0 errors; at 4x only 429/503 besides 200, no 500.
Without --docx a small DOCX (a ten-paragraph resolution, ~1.6 KB) is built in memory.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
WRK_TIMEOUT = "10s"

PARAGRAPHS = [
    "АКИМАТ ГОРОДА ТУРКЕСТАН", "ПОСТАНОВЛЕНИЕ", "от 16 июня 2025 года № 315", "город Туркестан",
    "О мерах по благоустройству города Туркестан",
    "В соответствии с Законом Республики Казахстан «О местном государственном управлении и самоуправлении "
    "в Республике Казахстан» акимат города Туркестан ПОСТАНОВЛЯЕТ:",
    "1. Утвердить план мероприятий по благоустройству на 2025 год.",
    "2. Контроль за исполнением настоящего постановления возложить на заместителя акима города.",
    "3. Настоящее постановление вводится в действие со дня его первого официального опубликования.",
    "Аким города                                   А. Пазылбекұлы",
]


def small_docx(paragraphs: list[str] = PARAGRAPHS) -> bytes:
    """A minimal, valid WordprocessingML package with one run per paragraph (Times New Roman 14)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
             'officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    run = ('<w:p><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="28"/>'
           '</w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>')
    body = "".join(run.format(escape(p)) for p in paragraphs)
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{w}"><w:body>'
                f'{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" '
                'w:bottom="1134" w:left="1701" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>'
                '</w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("word/document.xml", document)
    return buffer.getvalue()


LUA = r"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=%(boundary)s"
wrk.body = "%(body)s"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} end
function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do total[status] = (total[status] or 0) + n end
  end
  local codes = ""
  for status, n in pairs(total) do codes = codes .. status .. ":" .. n .. " " end
  io.write(string.format("RESULT %%d %%.3f %%.3f %%.3f %%.3f %%d %%d %%s\n", summary.requests,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout, codes))
end
"""


def wrk_script(docx: bytes, folder: Path) -> Path:
    """A wrk Lua script that POSTs ``docx`` as the multipart field ``file`` and counts statuses."""
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"draft.docx\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + docx + f"\r\n--{boundary}--\r\n".encode()
    escaped = "".join(f"\\{c:03d}" if c < 32 or c > 126 or c in (34, 92) else chr(c) for c in body)
    path = folder / "validate.lua"
    path.write_text(LUA % {"boundary": boundary, "body": escaped}, encoding="ascii")
    return path


# ------------------------------------------------------------------------------------------ the server

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Phase:
    name: str
    connections: int
    requests: int = 0
    seconds: float = 0.0
    p50: float = 0.0
    p99: float = 0.0
    max: float = 0.0
    socket_errors: int = 0
    timeouts: int = 0
    statuses: dict[int, int] | None = None

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def ok_rate(self) -> float:
        return (self.statuses or {}).get(200, 0) / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return sum(n for s, n in (self.statuses or {}).items() if s != 200) + self.socket_errors + self.timeouts

    def line(self) -> str:
        codes = " ".join(f"{s}:{n}" for s, n in sorted((self.statuses or {}).items()))
        return (f"{self.name:<9} {self.connections:3d} conns  {self.rate:6.1f} req/s  ok {self.ok_rate:6.1f}/s  "
                f"p50 {self.p50:6.1f} ms  p99 {self.p99:6.1f} ms  max {self.max:7.1f} ms  "
                f"[{codes}] socket errors {self.socket_errors} timeouts {self.timeouts}")


def run_wrk(url: str, script: Path, phase: Phase, seconds: float) -> Phase:
    out = subprocess.run(["wrk", "-t1", f"-c{phase.connections}", f"-d{seconds:g}s", f"--timeout={WRK_TIMEOUT}",
                          "-s", str(script), url], capture_output=True, text=True, timeout=seconds + 60)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk failed: {out.stdout[-500:]} {out.stderr[-500:]}")
    fields = line.split()
    phase.requests, phase.seconds = int(fields[1]), float(fields[2])
    phase.p50, phase.p99, phase.max = float(fields[3]), float(fields[4]), float(fields[5])
    phase.socket_errors, phase.timeouts = int(fields[6]), int(fields[7])
    phase.statuses = {int(k): int(v) for k, v in (f.split(":") for f in fields[8:])}
    return phase


class Server:
    def __init__(self, workers: int, env: dict[str, str]):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "service.api.app:create_app", "--factory", "--host", HOST,
             "--port", str(self.port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"],
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

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def measure(workers: int, env: dict[str, str], script: Path, query: str, phases: list[Phase],
            seconds: float) -> list[Phase]:
    server = Server(workers, env)
    url = f"http://{HOST}:{server.port}/v1/validate" + (f"?{query}" if query else "")
    try:
        run_wrk(url, script, Phase("warm-up", 4 * workers), 2)  # every worker loads what it needs
        for phase in phases:
            print(run_wrk(url, script, phase, seconds).line(), flush=True)
            time.sleep(1.0)
    finally:
        server.stop()
    return phases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docx", type=Path, help="the DOCX to upload (default: a small one built in memory)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (default 8)")
    parser.add_argument("--seconds", type=float, default=10, help="length of each phase (default 10, max 60)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers of ours (default 2)")
    parser.add_argument("--overload", type=int, default=4, help="overload factor on connections (default 4)")
    parser.add_argument("--query", default="pages=false", help="query of /v1/validate (default pages=false)")
    parser.add_argument("--skip-baseline", action="store_true", help="measure only ours")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (scripts/install-system.sh does it)")
    if not 0 < args.seconds <= 60 or not 0 < args.connections * args.overload <= 1024:
        parser.error("bounded: --seconds in (0, 60], connections x overload <= 1024")
    docx = args.docx.read_bytes() if args.docx else small_docx()
    load = os.getloadavg()[0]
    print(f"POST /v1/validate?{args.query}  document {args.docx or 'built-in'} ({len(docx)} bytes)  "
          f"{os.cpu_count()} CPUs (load average {load:.1f} before start), {args.seconds:g} s per phase", flush=True)
    heavy = args.connections * args.overload
    with tempfile.TemporaryDirectory() as tmp:
        script = wrk_script(docx, Path(tmp))
        baseline = None
        if not args.skip_baseline:
            print("-- baseline: 1 worker, 40 threads, unbounded queue", flush=True)
            baseline = measure(1, {"QUJAT_THREADS": "40", "QUJAT_MAX_PENDING": "100000"}, script, args.query,
                               [Phase("baseline", args.connections), Phase("base-4x", heavy)], args.seconds)
        print(f"-- ours: {args.workers} workers, bounded queue", flush=True)
        normal, overload, after = measure(args.workers, {}, script, args.query,
                                          [Phase("ours", args.connections), Phase("ours-4x", heavy),
                                           Phase("after", args.connections)], args.seconds)

    print("-- figures")
    if baseline:
        base, base4 = baseline
        print(f"throughput: ours {normal.ok_rate:.1f}/s vs baseline {base.ok_rate:.1f}/s (x{normal.ok_rate / max(base.ok_rate, 1e-9):.2f}); "
              f"p99 ours {normal.p99:.1f} ms vs baseline {base.p99:.1f} ms")
        print(f"at {args.overload}x: ours p99 {overload.p99:.1f} ms (shed {overload.statuses.get(429, 0) + overload.statuses.get(503, 0)}) "
              f"vs baseline p99 {base4.p99:.1f} ms (x{base4.p99 / max(overload.p99, 1e-9):.1f} slower, nothing shed)")
    allowed = {200, 429, 503}
    checks = {
        "ours: >= 150 req/s, p99 <= 200 ms, 0 errors": normal.ok_rate >= 150 and normal.p99 <= 200 and not normal.errors,
        f"{args.overload}x: only 200/429/503, no 500, no socket errors":
            set(overload.statuses) <= allowed and not overload.socket_errors and not overload.timeouts,
        "after: normal service again (p99 <= 200 ms, 0 errors)": after.p99 <= 200 and not after.errors,
    }
    for name, passed in checks.items():
        print(f"{'PASS' if passed else 'FAIL'}  {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
