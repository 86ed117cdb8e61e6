"""Batch throughput: N generated DOCX letters, structural checks (no pages, no spelling).

Measures, in the same run:
  naive   a plain loop calling validators.check on each file in one process (the baseline)
  local   `run_batch` with the local engine and --workers W
  celery  `run_batch` with the Celery engine on a fresh redis-server and one `qujat worker -c W`
and prints documents per second and the ratios (targets: local ≥ 50 doc/s with 2 workers; Celery within
1.5× of local).

Usage: python bench/bench_batch.py [--docs 400] [--workers 2] [--no-celery] [--corpus DIR]
With --corpus, the DOCX files of DIR are used instead of generated letters.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from service.lifetime import end_process  # noqa: E402


def make_letters(folder: Path, n: int) -> None:
    import docx

    for i in range(n):
        d = docx.Document()
        d.add_paragraph("ГУ «Отдел образования города Туркестан»")
        d.add_paragraph(f"Исх. № 01-12/{1000 + i} от {1 + i % 28:02d}.03.2025")
        d.add_paragraph("Руководителю аппарата акима города Туркестан")
        if i % 5 == 0:
            d.add_paragraph("СРОЧНО")
        d.add_paragraph(f"На Ваш запрос № 05-17/{i} от 03.03.2025 года сообщаем следующее.")
        for j in range(12):
            d.add_paragraph(f"{j + 1}. Во исполнение поручения акима города по вопросу {i}-{j} проведена работа "
                            "по подготовке объектов образования к отопительному сезону; отчёт прилагается.")
        t = d.add_table(rows=1, cols=2)
        t.cell(0, 0).text = "И.о. руководителя отдела" if i % 7 == 0 else "Руководитель отдела"
        t.cell(0, 1).text = "А. Сейтқали"
        if i % 3:
            d.add_paragraph("Документ подписан ЭЦП")
        d.add_paragraph(f"Исп.: Жумабекова Г. Тел.: 8 (72533) 5-12-{i % 90 + 10}")
        buf = io.BytesIO()
        d.save(buf)
        (folder / f"letter-{i:05d}.docx").write_bytes(buf.getvalue())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def naive(files: list[Path]) -> float:
    from validators import CheckOptions, check

    opts = CheckOptions(pages=False, spelling=False, grammar=False)
    start = time.perf_counter()
    for f in files:
        check(f.read_bytes(), kind="incoming-letter", name=f.name, options=opts)
    return time.perf_counter() - start


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the local engine's workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def batch(folder: Path, out: Path, engine: str, workers: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds spent by this process and its workers)."""
    from service.batch import Params, run_batch

    params = Params(kind="incoming-letter", received="2025-03-14")
    cpu0, start = cpu_seconds(), time.perf_counter()
    summary = run_batch(folder, out, workers=workers, engine=engine, params=params)
    elapsed = time.perf_counter() - start
    assert summary["documents"] > 0 and summary["by_status"].get("checked"), summary
    return elapsed, cpu_seconds() - cpu0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-celery", action="store_true")
    ap.add_argument("--corpus", type=Path, help="a folder of DOCX files to use instead of generated letters")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="qujat-bench-batch-"))
    procs: list[subprocess.Popen] = []
    try:
        folder = tmp / "in"
        folder.mkdir()
        if args.corpus:
            for i, f in enumerate(sorted(args.corpus.rglob("*.docx"))[: args.docs]):
                shutil.copy(f, folder / f"{i:05d}-{f.name}")
        else:
            make_letters(folder, args.docs)
        files = sorted(folder.glob("*.docx"))
        n = len(files)
        print(f"{n} DOCX, structural checks (no pages, no spelling), {args.workers} workers, "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (other processes share the CPUs)")
        naive(files[:10])  # warm imports and caches for a fair baseline
        t_naive = naive(files)
        t_local, cpu_local = batch(folder, tmp / "out-local", "local", args.workers)
        print(f"naive   (1 process loop)   {n / t_naive:7.1f} doc/s  ({t_naive:.2f} s)")
        print(f"local   ({args.workers} workers)        {n / t_local:7.1f} doc/s  ({t_local:.2f} s)  "
              f"ratio vs naive {t_naive / t_local:.2f}x  target ≥ 50 doc/s: "
              f"{'OK' if n / t_local >= 50 else 'MISSED'}")
        print(f"        CPU {1000 * cpu_local / n:.1f} ms per document (parent + workers): on {args.workers} "
              f"otherwise idle cores that is ≈ {n * args.workers / cpu_local:.0f} doc/s")
        if not args.no_celery:
            port = free_port()
            url = f"redis://127.0.0.1:{port}/0"
            procs.append(subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                           "--appendonly", "no"], stdout=subprocess.DEVNULL))
            env = {**os.environ, "QUJAT_REDIS_URL": url, "PYTHONPATH": str(ROOT)}
            procs.append(subprocess.Popen([sys.executable, "-c", "from service.cli import main; main()", "worker", "-c", str(args.workers)],
                                          cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            os.environ["QUJAT_REDIS_URL"] = url
            from service.batch import celery_engine

            celery_engine.app.conf.broker_url = url
            celery_engine.app.conf.result_backend = url
            time.sleep(1)
            batch(folder, tmp / "out-warm", "celery", args.workers)  # worker start-up is not throughput
            t_celery, _ = batch(folder, tmp / "out-celery", "celery", args.workers)
            print(f"celery  ({args.workers} workers)        {n / t_celery:7.1f} doc/s  ({t_celery:.2f} s)  "
                  f"local/celery time ratio {t_celery / t_local:.2f}x  target ≤ 1.5x: "
                  f"{'OK' if t_celery / t_local <= 1.5 else 'MISSED'}")
            same = (tmp / "out-local" / "report.csv").read_text() == (tmp / "out-celery" / "report.csv").read_text()
            print(f"local and celery report.csv identical: {same}")
    finally:
        for p in reversed(procs):
            end_process(p, grace=10)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
