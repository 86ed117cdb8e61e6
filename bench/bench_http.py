"""Load on POST /v1/validate against the real service (uvicorn) on loopback, driven by wrk (bench/wrk.py).

Usage: python bench/bench_http.py [--docx FILE] [--rate 150] [--connections 64] [--seconds 10]
                                  [--workers 2] [--overload 4] [--query "pages=false"] [--skip-baseline]

wrk sends at a fixed rate (a Lua delay() paces one request every 1/rate s, open loop; --connections bounds the
requests in flight) and the Lua script counts every status. Phases, in the same run on the same document:
  baseline  the naive server: one uvicorn worker, checks on 40 threads, no bound on waiting jobs, at --rate
  base-4x   the naive server at --overload x --rate
  base-ceil the naive server, 8 connections as fast as they go
  ours      `qujat serve --workers N` as shipped (compute processes, bounded queue), at --rate
  ours-4x   ours at --overload x --rate                                  must answer only 200/429/503
  after     ours at --rate again                                          normal service must be back
  ceiling   ours, 8 connections as fast as they go (the throughput limit)
Targets: ours >= 150 requests/s with p99 <= 200 ms and 0 errors; at 4x only 429/503 besides 200, no 500.
Without --docx a small DOCX (a ten-paragraph resolution, ~1.6 KB) is built in memory.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
import uuid
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wrk import SETTLE, Phase, Server, multipart, require_wrk, run_wrk, warm_up  # noqa: E402

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


def measure(workers: int, env: dict[str, str], docx: bytes, query: str, phases: list[Phase],
            seconds: float) -> list[Phase]:
    server = Server(workers, env)
    url = server.url("/v1/validate" + (f"?{query}" if query else ""))
    boundary = uuid.uuid4().hex
    body, content_type = [multipart(docx, boundary)], f"multipart/form-data; boundary={boundary}"
    try:
        took = warm_up(url, body[0], content_type, 4 * workers)  # every worker loads what it needs
        print(f"(server warm after {took:.0f} s)", flush=True)
        for phase in phases:
            print(run_wrk(url, body, content_type, phase, seconds).line(), flush=True)
            time.sleep(SETTLE)
    finally:
        server.stop()
    return phases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docx", type=Path, help="the DOCX to upload (default: a small one built in memory)")
    parser.add_argument("--rate", type=float, default=150, help="requests per second offered (default 150)")
    parser.add_argument("--connections", type=int, default=64, help="most requests in flight (default 64)")
    parser.add_argument("--seconds", type=float, default=10, help="length of each phase (default 10, max 60)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers of ours (default 2)")
    parser.add_argument("--overload", type=int, default=4, help="overload factor (default 4)")
    parser.add_argument("--query", default="pages=false", help="query of /v1/validate (default pages=false)")
    parser.add_argument("--skip-baseline", action="store_true", help="measure only ours")
    args = parser.parse_args()
    require_wrk()
    if not 0 < args.seconds <= 60 or not 0 < args.connections * args.overload <= 1024 or not 0 < args.rate <= 5000:
        parser.error("bounded: --seconds in (0, 60], connections x overload <= 1024, rate <= 5000")
    docx = args.docx.read_bytes() if args.docx else small_docx()
    print(f"POST /v1/validate?{args.query}  document {args.docx or 'built-in'} ({len(docx)} bytes)  "
          f"{os.cpu_count()} CPUs (load average {os.getloadavg()[0]:.1f} before start), {args.seconds:g} s per phase",
          flush=True)
    rate, heavy = args.rate, args.rate * args.overload
    conns, heavy_conns = args.connections, args.connections * args.overload
    baseline = None
    if not args.skip_baseline:
        print("-- baseline: 1 worker, checks on 40 threads, unbounded queue", flush=True)
        naive = {"QUJAT_THREADS": "40", "QUJAT_MAX_PENDING": "100000", "QUJAT_PROCESSES": "0"}
        baseline = measure(1, naive, docx, args.query,
                           [Phase("baseline", conns, rate), Phase("base-4x", heavy_conns, heavy),
                            Phase("base-ceil", 8)], args.seconds)
    print(f"-- ours: qujat serve --workers {args.workers} (1 compute process each, bounded queue)", flush=True)
    normal, overload, after = measure(args.workers, {}, docx, args.query,
                                      [Phase("ours", conns, rate), Phase("ours-4x", heavy_conns, heavy),
                                       Phase("after", conns, rate)], args.seconds)
    ceiling = measure(args.workers, {}, docx, args.query, [Phase("ceiling", 8)], args.seconds)[0]

    print("-- figures")
    if baseline:
        base, base4, base_ceiling = baseline
        print(f"at {rate:g}/s offered: ours ok {normal.ok_rate:.1f}/s p99 {normal.p99:.1f} ms vs baseline ok "
              f"{base.ok_rate:.1f}/s p99 {base.p99:.1f} ms (p99 x{base.p99 / max(normal.p99, 1e-9):.2f})")
        print(f"at {heavy:g}/s offered: ours p99 {overload.p99:.1f} ms, shed {overload.errors} with 429/503 vs "
              f"baseline p99 {base4.p99:.1f} ms, shed {base4.errors} (p99 x{base4.p99 / max(overload.p99, 1e-9):.1f})")
    print(f"ceiling (8 connections, no pacing): ours {ceiling.ok_rate:.1f} ok/s, p99 {ceiling.p99:.1f} ms"
          + (f" vs baseline {baseline[2].ok_rate:.1f} ok/s, p99 {baseline[2].p99:.1f} ms "
             f"(x{ceiling.ok_rate / max(baseline[2].ok_rate, 1e-9):.2f})" if baseline else ""))
    allowed = {200, 429, 503}
    checks = {
        f"ours at {rate:g}/s: >= {rate:g} ok/s (2%% slack), p99 <= 200 ms, 0 errors":
            normal.ok_rate >= 0.98 * rate and normal.p99 <= 200 and not normal.errors,
        f"{args.overload}x: only 200/429/503, no 500, no socket errors":
            set(overload.statuses) <= allowed and not overload.socket_errors and not overload.timeouts,
        "after: normal service again (p99 <= 200 ms, 0 errors)": after.p99 <= 200 and not after.errors,
    }
    for name, passed in checks.items():
        print(f"{'PASS' if passed else 'FAIL'}  {name.replace('%%', '%')}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
