"""Soak under hostile load: mixed render / validate / sign / batch traffic against `qujat serve`, Celery batches
on real `qujat worker` processes, with soffice and worker processes killed along the way. Loopback only,
bounded in time (--minutes) and in requests (--max-requests).

Everything runs on 127.0.0.1 (a private redis-server on a free port, the server on a free port) with a private
TMPDIR and QUJAT_DATA_DIR under one temporary folder, so what is left behind can be counted exactly.

Prints, as it goes, a sample line every --sample-every seconds (RSS of the server's process tree, of its
soffice processes, of the Celery workers; files in the temp dir), and at the end:
  requests by operation and status, failures (connection errors), 5xx answers,
  exactly-once counts of every batch (HTTP jobs and Celery runs: documents reported once / lost / twice),
  kills done (soffice, Celery workers, local batch workers),
  files left in the temp dir after the service stopped, UNO pipes left in /tmp, processes left running.

Usage: python bench/soak.py [--minutes 30] [--clients 3] [--max-requests 200000]
                            [--kill-soffice-every 60] [--kill-worker-every 90] [--sample-every 30]
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
QUJAT = [sys.executable, "-c", "from service.cli import main; main()"]
KEYS = ("soak-a", "soak-b")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------------------------------- processes

def _stat(pid: int) -> tuple[str, int, str] | None:
    """(name, parent pid, state) of a process, None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            raw = fh.read()
    except OSError:
        return None
    name = raw[raw.index(b"(") + 1:raw.rindex(b")")].decode(errors="replace")
    fields = raw.rsplit(b")", 1)[1].split()
    return name, int(fields[1]), fields[0].decode()


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = collections.defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (st := _stat(int(entry))) is not None:
            children[st[1]].append(int(entry))
    out, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def count_files(root: Path) -> int:
    """Entries under ``root``; folders that vanish while they are walked (a recycled office profile) are
    skipped, not fatal."""
    return sum(len(dirs) + len(files) for _, dirs, files in os.walk(root, onerror=lambda _: None))


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total / (1024 * 1024)


def named(pids: list[int], name: str) -> list[int]:
    return [p for p in pids if (st := _stat(p)) is not None and st[0].startswith(name) and st[2] != "Z"]


# ------------------------------------------------------------------------------------------- documents

def letter(i: int, tag: str) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("ГУ «Отдел образования города Туркестан»")
    d.add_paragraph(f"Исх. № {tag}/{i} от {1 + i % 28:02d}.03.2025")
    d.add_paragraph("Руководителю аппарата акима города Туркестан")
    d.add_paragraph(f"На Ваш запрос № 05-17/{i} от 03.03.2025 года сообщаем следующее.")
    for j in range(6):
        d.add_paragraph(f"{j + 1}. По вопросу {tag}-{i}-{j} проведена работа; отчёт прилагается.")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "Руководитель отдела"
    t.cell(0, 1).text = "А. Сейтқали"
    d.add_paragraph("Исп.: Ахметова А., тел. 8 (72533) 5-12-34")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------------ soak

class Soak:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.base = Path(tempfile.mkdtemp(prefix="qujat-soak-"))
        self.tmp = self.base / "tmp"
        self.data = self.base / "data"
        self.tmp.mkdir()
        self.port = free_port()
        self.redis_port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.redis_url = f"redis://127.0.0.1:{self.redis_port}/0"
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(self.tmp), "QUJAT_DATA_DIR": str(self.data),
                    "QUJAT_BATCH_ENGINE": "local", "QUJAT_BATCH_WORKERS": "1", "QUJAT_API_KEYS": ",".join(KEYS),
                    "QUJAT_REDIS_URL": self.redis_url, "QUJAT_CELERY_RECONCILE_AFTER": "10"}
        self.env.pop("QUJAT_BATCH_TASK", None)
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.counts: collections.Counter[tuple[str, int | str]] = collections.Counter()
        self.requests = 0
        self.kills: collections.Counter[str] = collections.Counter()
        self.batches: list[tuple[str, str, set[str]]] = []  # (id, key, expected paths)
        self.celery_runs: list[dict] = []
        self.samples: list[str] = []
        self.seen_soffice: set[int] = set()
        self.soffice_pipes: set[str] = set()  # pipe sockets our soffice processes listened on (names)
        self.soffice_pipe_paths: set[str] = set()  # … and where they were
        self.pipes_before = set(self._pipes())
        self.server: subprocess.Popen | None = None
        self.redis: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen] = []
        self.started = time.monotonic()
        self.decision = json.loads((ROOT / "examples" / "decision.json").read_text(encoding="utf-8"))

    @staticmethod
    def _pipes() -> list[str]:
        return [p for p in os.listdir("/tmp") if p.startswith("OSL_PIPE_")]

    # -- lifecycle

    def start(self) -> None:
        redis = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.redis = subprocess.Popen([redis, "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
                                       "--appendonly", "no", "--dir", str(self.base)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.server = subprocess.Popen([*QUJAT, "serve", "--port", str(self.port), "--workers", "1",
                                        "--processes", "1"], cwd=ROOT, env=self.env,
                                       stdout=subprocess.DEVNULL, stderr=open(self.base / "server.log", "wb"))
        for _ in range(2):
            self._start_worker()
        import httpx

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=5).status_code < 500:
                    return
            except httpx.HTTPError:
                time.sleep(0.5)
        raise SystemExit("qujat serve did not start")

    def _start_worker(self) -> None:
        self.workers.append(subprocess.Popen([*QUJAT, "worker", "--concurrency", "1"], cwd=ROOT, env=self.env,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                             start_new_session=True))

    def shutdown(self) -> None:
        if self.server is not None:
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(60)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait(10)
        for w in self.workers:
            if w.poll() is None:
                os.killpg(w.pid, signal.SIGTERM)
        for w in self.workers:
            try:
                w.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(w.pid, signal.SIGKILL)
        if self.redis is not None:
            self.redis.terminate()
            self.redis.wait(10)

    def running(self) -> bool:
        return (not self.stop.is_set() and time.monotonic() - self.started < self.args.minutes * 60
                and self.requests < self.args.max_requests)

    # -- traffic

    def _count(self, op: str, status: int | str) -> None:
        with self.lock:
            self.counts[(op, status)] += 1
            self.requests += 1

    def client(self, seed: int) -> None:
        import httpx

        rng = random.Random(seed)
        http = httpx.Client(base_url=self.url, timeout=180)
        n = 0
        while self.running():
            n += 1
            key = KEYS[n % 2]
            op = rng.choices(["validate", "render", "sign"], weights=[45, 25, 30])[0]
            try:
                if op == "validate":
                    r = http.post("/v1/validate", params={"spelling": "false"}, headers={"X-API-Key": key},
                                  files={"file": ("letter.docx", letter(n, f"v{seed}"))},
                                  data={"kind": "incoming-letter"})
                elif op == "render":
                    r = http.post("/v1/render", headers={"X-API-Key": key},
                                  json={"kind": "decision", "lang": "ru", "format": "pdf", "data": self.decision})
                else:
                    r = http.post("/v1/sign/prepare", headers={"X-API-Key": key},
                                  files={"file": ("letter.docx", letter(n, f"s{seed}"))})
                self._count(op, r.status_code)
            except httpx.HTTPError as exc:
                self._count(op, type(exc).__name__)

    def batch_client(self) -> None:
        import httpx

        http = httpx.Client(base_url=self.url, timeout=120)
        n = 0
        while self.running():
            n += 1
            key = KEYS[n % 2]
            names = [f"b{n}-{i}.docx" for i in range(6)]
            files = [("files", (name, letter(i, f"B{n}"))) for i, name in enumerate(names)]
            try:
                r = http.post("/v1/batches", headers={"X-API-Key": key}, files=files,
                              data={"kind": "incoming-letter"})
                self._count("batch", r.status_code)
                if r.status_code == 202:
                    with self.lock:
                        self.batches.append((r.json()["id"], key, set(names)))
            except httpx.HTTPError as exc:
                self._count("batch", type(exc).__name__)
            self.stop.wait(8)

    def celery_client(self) -> None:
        run = 0
        while self.running():
            run += 1
            folder = self.base / f"celery-{run}"
            folder.mkdir()
            names = [f"c{run}-{i}.docx" for i in range(self.args.celery_docs)]
            for i, name in enumerate(names):
                (folder / name).write_bytes(letter(i, f"C{run}"))
            out = folder / "out"
            try:
                proc = subprocess.run([*QUJAT, "batch", str(folder), "-o", str(out), "--engine", "celery",
                                       "--kind", "incoming-letter", "--timeout", "60", "--deadline", "600"],
                                      cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=700)
                code: int | str = proc.returncode
            except subprocess.TimeoutExpired:
                code = "timeout"
            recs = []
            if (out / "results.jsonl").exists():
                recs = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines() if line]
            got = collections.Counter(r["path"] for r in recs)
            with self.lock:
                self.celery_runs.append({"exit": code, "docs": len(names),
                                         "once": sum(1 for n in names if got[n] == 1),
                                         "lost": sum(1 for n in names if got[n] == 0),
                                         "twice": sum(1 for n in names if got[n] > 1),
                                         "deadline": sum(1 for r in recs if (r.get("error") or {}).get("code")
                                                         == "deadline")})
            shutil.rmtree(folder, ignore_errors=True)

    # -- faults

    def killer(self) -> None:
        assert self.server is not None
        next_soffice = time.monotonic() + self.args.kill_soffice_every
        next_worker = time.monotonic() + self.args.kill_worker_every
        next_local = time.monotonic() + self.args.kill_worker_every / 2
        rng = random.Random(7)
        while self.running():
            now = time.monotonic()
            tree = descendants(self.server.pid)
            soffices = named(tree, "soffice")
            self.seen_soffice.update(soffices)
            for pid in soffices:
                sockets = _unix_sockets(pid)
                self.soffice_pipes.update(os.path.basename(p) for p in sockets)
                self.soffice_pipe_paths.update(sockets)
            if now >= next_soffice and soffices:
                with_suppress(os.kill, rng.choice(soffices), signal.SIGKILL)
                self.kills["soffice"] += 1
                next_soffice = now + self.args.kill_soffice_every
            if now >= next_worker:
                alive = [w for w in self.workers if w.poll() is None]
                if alive:  # a whole Celery worker (main process and pool), replaced 5 s later
                    victim = rng.choice(alive)
                    with_suppress(os.killpg, victim.pid, signal.SIGKILL)
                    victim.wait(10)
                    self.kills["celery-worker"] += 1
                    threading.Timer(5, self._start_worker).start()
                next_worker = now + self.args.kill_worker_every
            if now >= next_local:  # a local batch worker of an HTTP job, caught the first second one runs
                runners = [p for p in tree if "service.batch.jobs" in _cmdline(p)]
                local = [c for r in runners for c in descendants(r)]
                if local:  # its document is reported worker-crashed or done again by a replacement, once
                    with_suppress(os.kill, rng.choice(local), signal.SIGKILL)
                    self.kills["local-batch-worker"] += 1
                    next_local = now + self.args.kill_worker_every
            self.stop.wait(1)

    def sampler(self) -> None:
        assert self.server is not None
        while not self.stop.is_set():
            tree = descendants(self.server.pid)
            soffices = named(tree, "soffice")
            workers = [p for w in self.workers if w.poll() is None for p in (w.pid, *descendants(w.pid))]
            files = count_files(self.tmp)
            line = (f"{time.monotonic() - self.started:7.0f} s  requests {self.requests:6d}  "
                    f"server tree {rss_mb([self.server.pid, *tree]):7.0f} MB  soffice {len(soffices)} × "
                    f"{rss_mb(soffices):6.0f} MB  celery workers {rss_mb(workers):6.0f} MB  "
                    f"temp entries {files:4d}")
            print(line, flush=True)
            self.samples.append(line)
            if self.stop.wait(self.args.sample_every):
                return

    # -- verdicts

    def check_batches(self, wait: float = 180) -> dict:
        import httpx

        http = httpx.Client(base_url=self.url, timeout=60)
        verdict: collections.Counter[str] = collections.Counter()
        deadline = time.monotonic() + wait
        for job_id, key, names in self.batches:
            rep: dict = {}
            while time.monotonic() < deadline:
                rep = http.get(f"/v1/batches/{job_id}/report", headers={"X-API-Key": key}).json()
                if rep.get("status") in ("done", "failed"):
                    break
                time.sleep(1)
            other = http.get(f"/v1/batches/{job_id}", headers={"X-API-Key": KEYS[1 - KEYS.index(key)]})
            verdict["other key 404" if other.status_code == 404 else "other key NOT 404"] += 1
            verdict[f"status {rep.get('status')}"] += 1
            got = collections.Counter(d["path"] for d in rep.get("documents", []))
            verdict["documents once"] += sum(1 for n in names if got[n] == 1)
            verdict["documents twice"] += sum(1 for n in names if got[n] > 1)
            verdict["documents missing (job done)"] += sum(1 for n in names if got[n] == 0 and
                                                          rep.get("status") == "done")
            verdict["documents not reported (job failed)"] += sum(1 for n in names if got[n] == 0 and
                                                                 rep.get("status") == "failed")
            verdict["worker-crashed records"] += sum(1 for d in rep.get("documents", [])
                                                     if (d.get("error") or {}).get("code") == "worker-crashed")
            if rep.get("status") in ("done", "failed") and (self.data / "batches" / job_id / "input").exists():
                verdict["uploads left after the job ended"] += 1
        return dict(verdict)


def _unix_sockets(pid: int) -> list[str]:
    from service.office import _unix_sockets as sockets

    return sockets(pid)


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def with_suppress(fn, *args) -> None:
    try:
        fn(*args)
    except (ProcessLookupError, PermissionError):
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--kill-soffice-every", type=float, default=60.0)
    parser.add_argument("--kill-worker-every", type=float, default=90.0)
    parser.add_argument("--sample-every", type=float, default=30.0)
    parser.add_argument("--celery-docs", type=int, default=20)
    args = parser.parse_args()

    soak = Soak(args)
    print(f"soak: {args.minutes:g} min, {args.clients} clients, server {soak.url}, redis {soak.redis_url}, "
          f"temp {soak.tmp}", flush=True)
    soak.start()
    threads = [threading.Thread(target=soak.client, args=(i,), daemon=True) for i in range(args.clients)]
    threads += [threading.Thread(target=t, daemon=True) for t in (soak.batch_client, soak.celery_client,
                                                                   soak.killer)]
    sampler = threading.Thread(target=soak.sampler, daemon=True)
    sampler.start()
    for t in threads:
        t.start()
    try:
        while soak.running():
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    soak.stop.set()
    for t in threads:
        t.join(timeout=720)
    elapsed = time.monotonic() - soak.started
    batches = soak.check_batches()
    soak.shutdown()
    time.sleep(2)
    left = sorted(str(p.relative_to(soak.tmp)) for p in soak.tmp.rglob("*"))
    lu = [p for p in left if Path(p).name.startswith("lu") and p.endswith(".tmp")]
    now_pipes = set(soak._pipes())
    our_pipes = sorted(now_pipes & soak.soffice_pipes)
    other_new_pipes = [p for p in now_pipes - soak.pipes_before if p not in soak.soffice_pipes]
    alive = [p for p in soak.seen_soffice if (st := _stat(p)) is not None and st[2] != "Z"]

    print("\n=== soak summary ===")
    print(f"duration {elapsed / 60:.1f} min (asked {args.minutes:g}); requests {soak.requests}")
    by_op: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for (op, status), n in sorted(soak.counts.items(), key=str):
        by_op[op][status] += n
    failures = sum(n for (_, s), n in soak.counts.items() if isinstance(s, str))
    five = sum(n for (_, s), n in soak.counts.items() if isinstance(s, int) and s >= 500)
    for op, c in by_op.items():
        print(f"  {op:9s} {dict(c)}")
    print(f"failures (connection errors, timeouts): {failures}; 5xx answers: {five}")
    print(f"kills: {dict(soak.kills)}")
    print(f"HTTP batches ({len(soak.batches)} accepted): {batches}")
    celery = collections.Counter()
    for r in soak.celery_runs:
        celery.update({k: v for k, v in r.items() if k != "exit"})
        celery[f"exit {r['exit']}"] += 1
    print(f"Celery runs ({len(soak.celery_runs)}): {dict(celery)}")
    print("RSS over time:")
    for line in soak.samples:
        print("  " + line)
    print(f"left in the temp dir after the service stopped: {len(left)} entries, lu*.tmp: {len(lu)}"
          + (f" {left[:10]}" if left else ""))
    in_tmp = sum(1 for p in soak.soffice_pipe_paths if os.path.dirname(p) == "/tmp")
    print(f"UNO pipes of our soffice processes: {len(soak.soffice_pipe_paths)} seen, {in_tmp} of them in /tmp "
          f"(the others in the process's private folder); left behind anywhere: "
          f"{sum(1 for p in soak.soffice_pipe_paths if os.path.exists(p))}")
    print(f"UNO pipes of our soffice processes left in /tmp: {len(our_pipes)} of {len(soak.soffice_pipes)} "
          f"seen {our_pipes[:5]}; "
          f"other new /tmp/OSL_PIPE_* (any user of the machine): {len(other_new_pipes)}")
    print(f"soffice processes still running: {len(alive)} of {len(soak.seen_soffice)} seen")
    shutil.rmtree(soak.base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
