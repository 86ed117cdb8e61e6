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
For /v2/check each phase also says how many answers were `incompleteResults: true` (a new word, above all a
typo, still being judged when the answer's budget ran out; the editor's next check of the paragraph gets it).
Target (issue 17): /v2/check p99 <= 50 ms while typing.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_http import small_docx  # noqa: E402
from wrk import SETTLE, Phase, Server, multipart, require_wrk, run_wrk, warm_up  # noqa: E402

# LanguageTool's "the answer lacks something, ask again": a new word still being judged when the budget ran out
INCOMPLETE = '"incompleteResults"%s*:%s*true'

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

def with_typos(text: str, rng: random.Random, count: int) -> str:
    """``text`` with ``count`` one-letter replacements in words of 6+ letters."""
    chars = list(text)
    spots = [i for i, ch in enumerate(chars) if ch.isalpha() and ch.islower()]
    for i in rng.sample(spots, count):
        chars[i] = rng.choice(KK_ALPHABET.replace(chars[i], ""))
    return "".join(chars)


def lt_body(text: str) -> bytes:
    return urllib.parse.urlencode({"text": text, "language": "kk-KZ"}).encode()


def validate_body(text: str, boundary: str) -> bytes:
    return multipart(small_docx([text]), boundary)


def times(baseline: float, ours: float) -> str:
    ratio = baseline / max(ours, 1e-9)
    return f"x{ratio:.1f} faster" if ratio >= 1 else f"x{1 / max(ratio, 1e-9):.1f} slower"


def incomplete(phase: Phase) -> str:
    """How many of the phase's answers said incompleteResults (a new word judged later), as a fraction."""
    return f"{phase.marked}/{phase.ok} ({phase.marked / max(phase.ok, 1):.1%})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="length of each phase (default 10, max 60)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--rate", type=float, default=40, help="requests/s of all typing clients (default 40)")
    parser.add_argument("--variants", type=int, default=200, help="distinct paragraphs (default 200)")
    parser.add_argument("--typos", type=int, default=3, help="typos per paragraph (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers (default 2)")
    args, _ = parser.parse_known_args()
    require_wrk()
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
          f"{args.clients} clients; load average {os.getloadavg()[0]:.1f} before start", flush=True)
    results: dict[tuple[str, str], Phase] = {}
    server = Server(args.workers, {})
    try:
        for path, (bodies, content_type) in endpoints.items():
            url = server.url(path)
            took = warm_up(url, bodies[0], content_type, 2 * args.workers)  # every worker loads what it needs
            print(f"{path:<26} (warm after {took:.0f} s)", flush=True)
            for phase in (Phase("typing", args.clients, args.rate), Phase("flat-out", args.clients)):
                run_wrk(url, bodies, content_type, phase, args.seconds, marker=INCOMPLETE)
                results[(path, phase.name)] = phase
                print(f"{path:<26} {phase.line()}"
                      + (f"  incomplete {incomplete(phase)}" if path == "/v2/check" else ""), flush=True)
                time.sleep(SETTLE)
    finally:
        server.stop()
    lt, base = results[("/v2/check", "typing")], results[("/v1/validate?pages=false", "typing")]
    lt_max, base_max = results[("/v2/check", "flat-out")], results[("/v1/validate?pages=false", "flat-out")]
    print("-- figures")
    print(f"typing ({args.rate:g}/s from {args.clients} clients): /v2/check p50 {lt.p50:.1f} ms p99 {lt.p99:.1f} ms, "
          f"incomplete {incomplete(lt)} vs /v1/validate p50 {base.p50:.1f} ms p99 {base.p99:.1f} ms "
          f"(p99 {times(base.p99, lt.p99)})")
    print(f"flat-out: /v2/check {lt_max.ok_rate:.0f} ok/s p99 {lt_max.p99:.1f} ms, incomplete {incomplete(lt_max)} "
          "vs /v1/validate "
          f"{base_max.ok_rate:.0f} ok/s p99 {base_max.p99:.1f} ms (x{lt_max.ok_rate / max(base_max.ok_rate, 1e-9):.1f} "
          "throughput)")
    passed = lt.p99 <= 50 and not lt.errors
    print(f"{'PASS' if passed else 'FAIL'}  /v2/check p99 <= 50 ms while {args.clients} clients type, 0 errors")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
