"""Editors' proofing speed: POST /v2/check (LanguageTool API) against POST /v1/validate on the same text.

Usage: python bench/bench_lt.py [--seconds 10] [--clients 20] [--rate 40] [--variants 200] [--workers 2]

A 1,000-character Kazakh paragraph of an akimat act, with one-letter typos, is sent by `wrk` to the real
service (`qujat serve`, loopback). The baseline is the only way an editor could proof it before /v2/check:
the same paragraph in a .docx posted to /v1/validate (pages off), measured in the same run with the same
load. Phases, each for both endpoints:
  typing    20 clients (connections) typing: the paragraph re-sent as it changes, --rate requests/s in all
            (open loop), --variants distinct paragraphs with their own typos, sent round robin (the first
            round pays for suggestions; later rounds are what an editor re-sending a paragraph costs)
  flat-out  the same 20 connections sending as fast as they can: throughput and latency at saturation
Target (issue 17): /v2/check p99 <= 50 ms while typing.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_http import SETTLE, WRK_TIMEOUT, Phase, Server, small_docx  # noqa: E402

PARAGRAPH = (
    "Қазақстан Республикасының «Қазақстан Республикасындағы жергілікті мемлекеттік басқару және өзін-өзі "
    "басқару туралы» Заңына сәйкес, қаланың әлеуметтік-экономикалық дамуын қамтамасыз ету мақсатында "
    "Түркістан қаласының әкімдігі ҚАУЛЫ ЕТЕДІ: 1. Қоса беріліп отырған 2025-2027 жылдарға арналған қала "
    "аумағын абаттандыру және көгалдандыру жөніндегі іс-шаралар жоспары бекітілсін. 2. Қаланың тұрғын үй-"
    "коммуналдық шаруашылығы, жолаушылар көлігі және автомобиль жолдары бөлімі осы қаулыдан туындайтын "
    "шараларды қабылдасын және іс-шаралардың орындалуы туралы ақпаратты әр тоқсан сайын есепті кезеңнен "
    "кейінгі айдың 5-күнінен кешіктірмей қала әкімі аппаратына ұсынсын. 3. Осы қаулының орындалуын бақылау "
    "қала әкімінің жетекшілік ететін орынбасарына жүктелсін. 4. Осы қаулы алғашқы ресми жарияланған күнінен "
    "кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі. Қала әкімі"
)
KK_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"

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


def with_typos(text: str, rng: random.Random, count: int) -> str:
    """``text`` with ``count`` one-letter replacements in words of 6+ letters."""
    chars = list(text)
    spots = [i for i, ch in enumerate(chars) if ch.isalpha() and ch.islower()]
    for i in rng.sample(spots, count):
        chars[i] = rng.choice(KK_ALPHABET.replace(chars[i], ""))
    return "".join(chars)


def _lua_string(data: bytes) -> str:
    return '"' + "".join(f"\\{c:03d}" if c < 32 or c > 126 or c in (34, 92) else chr(c) for c in data) + '"'


def lt_body(text: str) -> bytes:
    return urllib.parse.urlencode({"text": text, "language": "kk-KZ"}).encode()


def validate_body(text: str, boundary: str) -> bytes:
    return (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"draft.docx\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + small_docx([text]) + \
        f"\r\n--{boundary}--\r\n".encode()


def run_wrk(url: str, bodies: list[bytes], content_type: str, phase: Phase, seconds: float) -> Phase:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "bench.lua"
        interval = f"{1000.0 / phase.offered:.4f}" if phase.offered else "0"
        script.write_text(LUA % {"interval": interval, "bodies": ", ".join(_lua_string(b) for b in bodies),
                                 "content_type": content_type}, encoding="ascii")
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="length of each phase (default 10, max 60)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--rate", type=float, default=40, help="requests/s of all typing clients (default 40)")
    parser.add_argument("--variants", type=int, default=200, help="distinct paragraphs (default 200)")
    parser.add_argument("--typos", type=int, default=3, help="typos per paragraph (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers (default 2)")
    args, _ = parser.parse_known_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (scripts/install-system.sh does it)")
    if not (0 < args.seconds <= 60 and 0 < args.clients <= 256 and 0 < args.rate <= 2000
            and 0 < args.variants <= 2000):
        parser.error("bounded: --seconds in (0, 60], clients <= 256, rate <= 2000, variants <= 2000")
    rng = random.Random(17)
    texts = [with_typos(PARAGRAPH, rng, args.typos) for _ in range(args.variants)]
    boundary = uuid.uuid4().hex
    endpoints = {
        "/v2/check": ([lt_body(t) for t in texts], "application/x-www-form-urlencoded"),
        "/v1/validate?pages=false": ([validate_body(t, boundary) for t in texts],
                                     f"multipart/form-data; boundary={boundary}"),
    }
    print(f"{len(PARAGRAPH)}-character Kazakh paragraph, {args.variants} variants with {args.typos} typos each; "
          f"{args.clients} clients; load average {__import__('os').getloadavg()[0]:.1f} before start", flush=True)
    results: dict[tuple[str, str], Phase] = {}
    server = Server(args.workers, {})
    try:
        for path, (bodies, content_type) in endpoints.items():
            url = f"http://127.0.0.1:{server.port}{path}"
            run_wrk(url, bodies[:4], content_type, Phase("warm-up", 4), 3)
            for phase in (Phase("typing", args.clients, args.rate), Phase("flat-out", args.clients)):
                run_wrk(url, bodies, content_type, phase, args.seconds)
                results[(path, phase.name)] = phase
                print(f"{path:<26} {phase.line()}", flush=True)
                time.sleep(SETTLE)
    finally:
        server.stop()
    lt, base = results[("/v2/check", "typing")], results[("/v1/validate?pages=false", "typing")]
    lt_max, base_max = results[("/v2/check", "flat-out")], results[("/v1/validate?pages=false", "flat-out")]
    print("-- figures")
    print(f"typing ({args.rate:g}/s from {args.clients} clients): /v2/check p99 {lt.p99:.1f} ms vs /v1/validate "
          f"p99 {base.p99:.1f} ms (x{base.p99 / max(lt.p99, 1e-9):.1f} faster)")
    print(f"flat-out: /v2/check {lt_max.ok_rate:.0f} ok/s p99 {lt_max.p99:.1f} ms vs /v1/validate "
          f"{base_max.ok_rate:.0f} ok/s p99 {base_max.p99:.1f} ms (x{lt_max.ok_rate / max(base_max.ok_rate, 1e-9):.1f} "
          "throughput)")
    passed = lt.p99 <= 50 and not lt.errors
    print(f"{'PASS' if passed else 'FAIL'}  /v2/check p99 <= 50 ms while {args.clients} clients type, 0 errors")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
