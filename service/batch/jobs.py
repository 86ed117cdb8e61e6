"""Batch jobs of the HTTP API, kept on disk under ``$QUJAT_DATA_DIR/batches/<id>/`` so they survive a restart
of the API: ``job.json`` (state), ``input/`` (the uploads, deleted as soon as the job ends or dies), ``out/``
(results.jsonl and the reports). Everything is private (folders 0700, files 0600).

Jobs go through a bounded queue shared by every server process (the disk is the truth; ``.lock`` serialises
decisions): at most ``running`` jobs run at once, at most ``queued`` wait, and one API key has at most
``per_key`` jobs queued or running (429 beyond, with a kk/ru/en message). A job runs in a runner process
(``python -m service.batch.jobs DIR``) started by a server process, which watches it and dies with it:

- the runner ends normally → ``done`` (or ``failed`` with the reason), uploads deleted, the next job starts;
- the runner is killed while its server lives → ``failed`` ("the job's process ended unexpectedly"),
  uploads deleted; it is never started again behind the client's back (asking for its status changes nothing);
- the service itself restarts (its runners die with it) → the next service process finds the interrupted
  job and queues it again through the same queue; ``resume`` means no document is checked or reported twice.

A job belongs to the API key that created it (a hash of it is stored): another key gets 404. Finished jobs
are deleted ``retention_days`` after they end (default 7) by the service itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from service import limits
from service.batch import inputs, results
from service.lifetime import alive, preexec_die_with_parent
from validators.errors import QujatError
from validators.settings import current


class BatchNotFound(QujatError):
    """No batch job with this id for this API key (never created, deleted, or another key's)."""

    code = "not-found"


JOB_ID = re.compile(r"^[0-9a-f]{32}$")
FAILED_STATUSES = ("unusable", "unsupported", "refused")
ACTIVE = ("queued", "running")
NAME_MAX_BYTES = 255  # a file name on Linux file systems: 255 bytes, not characters


@dataclass(frozen=True)
class JobLimits:
    """The queue's ceilings (the HTTP service fills them from its Settings, see docs/batch.md)."""

    running: int = 2  # QUJAT_BATCH_RUNNING: jobs running at once, all server processes together
    queued: int = 16  # QUJAT_BATCH_MAX_QUEUED: jobs waiting (beyond the running ones) before 429
    per_key: int = 2  # QUJAT_BATCH_PER_KEY: jobs queued or running for one API key
    max_files: int = 10_000  # QUJAT_API_BATCH_MAX_ENTRIES: files (or .zip entries) of one HTTP batch
    retention_days: float = 7.0  # QUJAT_BATCH_RETENTION_DAYS: finished jobs are deleted this long after


def data_dir() -> Path:
    return Path(current().data_dir or Path(tempfile.gettempdir()) / "qujat") / "batches"


def _private_root(root: Path | None = None) -> Path:
    root = root or data_dir()
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    for folder in (root, root.parent):
        with contextlib.suppress(OSError):
            os.chmod(folder, 0o700)
    (root / ".active").mkdir(mode=0o700, exist_ok=True)
    return root


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def owner_of(api_key: str | None) -> str | None:
    """What a job stores of its API key: a hash (never the key); None when the service needs no key."""
    return hashlib.sha256(api_key.encode()).hexdigest()[:32] if api_key else None


def job_dir(job_id: str, owner: str | None = None, root: Path | None = None) -> Path:
    """The job's folder; 404 when there is none or it belongs to another key."""
    if not JOB_ID.match(job_id or ""):
        raise BatchNotFound(f"no batch {job_id!r}")
    folder = (root or data_dir()) / job_id
    try:
        state = _read(folder)
    except (OSError, ValueError):
        raise BatchNotFound(f"no batch {job_id!r}") from None
    if state.get("owner") != owner:
        raise BatchNotFound(f"no batch {job_id!r}")  # another key's batch: it does not exist for this one
    return folder


def _read(folder: Path) -> dict:
    return json.loads((folder / "job.json").read_text(encoding="utf-8"))


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _write(folder: Path, state: dict) -> None:
    tmp = folder / "job.json.tmp"
    _write_private(tmp, json.dumps(state, ensure_ascii=False, indent=2).encode())
    tmp.replace(folder / "job.json")


def _update(folder: Path, **changes: object) -> dict:
    state = _read(folder)
    state.update(changes)
    _write(folder, state)
    return state


@contextlib.contextmanager
def _locked(root: Path | None = None) -> Iterator[Path]:
    """The queue's lock (every server process and runner): decisions on the disk state are serialised."""
    root = root or _private_root()
    fd = os.open(root / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield root
    finally:
        os.close(fd)


def _active(root: Path) -> list[tuple[Path, dict]]:
    """Jobs queued or running (a marker per job in ``.active``), oldest first."""
    jobs = []
    for marker in (root / ".active").iterdir():
        folder = root / marker.name
        try:
            state = _read(folder)
        except (OSError, ValueError):
            marker.unlink(missing_ok=True)
            continue
        if state.get("status") in ACTIVE:
            jobs.append((folder, state))
        else:
            marker.unlink(missing_ok=True)
    return sorted(jobs, key=lambda j: j[1].get("created", ""))


def _mark(folder: Path, active: bool) -> None:
    marker = folder.parent / ".active" / folder.name
    if active:
        _write_private(marker, b"")
    else:
        marker.unlink(missing_ok=True)


def _end(folder: Path, status: str, error: str | None = None) -> None:
    """A job ends: its state, its uploads deleted (privacy), its place in the queue freed."""
    _update(folder, status=status, error=error, finished=_now())
    shutil.rmtree(folder / "input", ignore_errors=True)
    _mark(folder, False)


# ------------------------------------------------------------------------------------------- file names

def _cut(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` of UTF-8, on a character boundary."""
    return text.encode("utf-8")[:max(max_bytes, 0)].decode("utf-8", "ignore")


def _fit(stem: str, ext: str, max_bytes: int = NAME_MAX_BYTES) -> str:
    """``stem + ext`` within ``max_bytes`` of UTF-8: the stem is shortened, the extension kept."""
    ext = _cut(ext, 32)
    return _cut(stem, max_bytes - len(ext.encode("utf-8"))) + ext


def safe_name(name: str, taken: set[str]) -> str:
    """The upload's name as a safe, unique file name of at most 255 bytes (long Unicode names are cut by
    bytes, keeping the extension)."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    base = "".join(ch for ch in base if ch.isprintable() and ch not in "/\x00").lstrip(".") or "file"
    stem, dot, ext = base.rpartition(".")
    stem, ext = (stem, dot + ext) if stem and len(ext) <= 16 else (base, "")
    candidate, i = _fit(stem, ext), 1
    while candidate.lower() in taken:
        candidate = _fit(stem, f"-{i}{ext}")
        i += 1
    taken.add(candidate.lower())
    return candidate


# ------------------------------------------------------------------------------------------------ queue

class JobQueue:
    """Admits, starts, watches and cleans up batch jobs (one per server process; they share the disk)."""

    def __init__(self, job_limits: JobLimits | None = None, maintenance_every: float = 30.0,
                 root: Path | None = None):
        self.limits = job_limits or JobLimits()
        self.root = _private_root(root)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._guard = threading.Lock()
        self._runners: dict[str, subprocess.Popen] = {}
        # Runners are started by this one long-lived thread only: PR_SET_PDEATHSIG fires when the *thread*
        # that started a child ends, so a runner started from a short-lived thread would die with it.
        self._starter = threading.Thread(target=self._maintain, args=(maintenance_every,),
                                         name="qujat-batch-queue", daemon=True)
        self._starter.start()

    def close(self) -> None:
        self._stop.set()
        self._wake.set()

    def _maintain(self, every: float) -> None:
        next_round = 0.0
        while not self._stop.is_set():
            try:
                if time.monotonic() >= next_round:
                    self.recover()  # interrupted jobs back in the queue
                    self.sweep()  # retention
                    next_round = time.monotonic() + every
                self._dispatch()
            except Exception:  # noqa: BLE001 - the queue must outlive a failure; the next round retries
                pass
            self._wake.wait(max(0.0, min(every, next_round - time.monotonic())))
            self._wake.clear()

    def dispatch(self) -> None:
        """Ask the queue's thread to start what may start now."""
        self._wake.set()

    # -- admission

    def submit(self, files: list[tuple[str, bytes]], params: dict, owner: str | None) -> str:
        """Store the uploads and queue the job; returns its id. One .zip is the batch; else the files are.
        Refused (429) past the queue's or the key's ceiling; a hostile archive is refused with its reason."""
        if len(files) > self.limits.max_files:
            raise limits.exceeded("batch-files", self.limits.max_files, len(files))
        job_id = uuid.uuid4().hex
        with _locked(self.root) as root:
            self._admit(root, owner)  # cheap, before any upload is written
        folder = self.root / job_id
        try:
            self._store(folder, files, params, owner)  # outside the lock: vetting a big archive takes time
            with _locked(self.root) as root:
                self._admit(root, owner)  # again, atomically with taking the place in the queue
                _mark(folder, True)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)  # no empty or half-written job folder
            raise
        self.dispatch()
        return job_id

    def _admit(self, root: Path, owner: str | None) -> None:
        active = _active(root)
        mine = sum(1 for _, s in active if s.get("owner") == owner)
        if mine >= self.limits.per_key:
            raise limits.exceeded("batch-per-key", self.limits.per_key, mine)
        if len(active) >= self.limits.running + self.limits.queued:
            raise limits.exceeded("batch-queue", self.limits.running + self.limits.queued, len(active))

    def _store(self, folder: Path, files: list[tuple[str, bytes]], params: dict, owner: str | None) -> None:
        (folder / "input").mkdir(mode=0o700, parents=True)
        os.chmod(folder, 0o700)
        taken: set[str] = set()
        names = []
        for name, data in files:
            safe = safe_name(name, taken)
            _write_private(folder / "input" / safe, data)
            names.append(safe)
        source = "input"
        if len(files) == 1 and files[0][1][:4] == b"PK\x03\x04" and names[0].lower().endswith(".zip"):
            source = f"input/{names[0]}"
            # a hostile or oversized archive is refused now, with its reason, not later in the job
            inputs.collect(folder / source, max_entries=self.limits.max_files)
        _write(folder, {"id": folder.name, "owner": owner, "status": "queued", "created": _now(),
                        "source": source, "params": params,
                        "engine": current().batch_engine,
                        "workers": current().batch_workers,
                        "timeout": current().batch_timeout,
                        "total": None, "error": None, "pid": None, "supervisor": None})

    # -- running

    def _dispatch(self) -> None:
        """Start queued jobs while fewer than ``running`` run (oldest first); on the queue's thread only."""
        with _locked(self.root) as root:
            active = _active(root)
            running = sum(1 for _, s in active if s["status"] == "running")
            for folder, state in active:
                if running >= self.limits.running:
                    break
                if state["status"] == "queued":
                    self._start(folder)
                    running += 1

    def _start(self, folder: Path) -> None:
        log = os.open(folder / "runner.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            proc = subprocess.Popen([sys.executable, "-m", "service.batch.jobs", str(folder)],
                                    stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
                                    preexec_fn=preexec_die_with_parent(signal.SIGKILL),
                                    cwd=Path(__file__).resolve().parents[2])
        finally:
            os.close(log)
        _update(folder, status="running", pid=proc.pid, supervisor=os.getpid(),
                started=_read(folder).get("started") or _now())
        with self._guard:
            self._runners[folder.name] = proc
        threading.Thread(target=self._watch, args=(folder, proc), name=f"qujat-batch-{folder.name[:8]}",
                         daemon=True).start()

    def _watch(self, folder: Path, proc: subprocess.Popen) -> None:
        """Wait for the runner; a runner that died without ending its job fails the job (never restarted)."""
        code = proc.wait()
        with self._guard:
            self._runners.pop(folder.name, None)
        with _locked(folder.parent):
            try:
                state = _read(folder)
            except (OSError, ValueError):
                return
            if state.get("status") in ACTIVE and state.get("pid") == proc.pid:
                how = f"signal {-code}" if code < 0 else f"exit code {code}"
                done = len(results.read_results(folder / "out"))
                total = state.get("total")
                _end(folder, "failed", f"the job's process ended unexpectedly ({how}) after {done} of "
                     f"{total if total is not None else '?'} documents; its uploads were deleted — send the "
                     "batch again")
        self.dispatch()

    def recover(self) -> None:
        """Jobs interrupted by a restart of the service (their server process and runner both gone) are
        queued again; without their uploads they fail. Then queued jobs are started."""
        with _locked(self.root) as root:
            for folder, state in _active(root):
                if state["status"] != "running" or alive(state.get("supervisor")) or alive(state.get("pid")):
                    continue
                if (folder / state["source"]).exists():
                    _update(folder, status="queued", pid=None, supervisor=None,
                            restarts=int(state.get("restarts") or 0) + 1)
                else:
                    _end(folder, "failed", "the service restarted while the job ran and its uploads are gone; "
                         "send the batch again")

    def sweep(self) -> int:
        """Delete finished jobs older than the retention time; returns how many were deleted."""
        horizon = dt.datetime.now(dt.UTC) - dt.timedelta(days=self.limits.retention_days)
        removed = 0
        for folder in self.root.iterdir():
            if not JOB_ID.match(folder.name):
                continue
            if (self.root / ".active" / folder.name).exists():
                continue  # queued or running
            try:
                state = _read(folder)
            except (OSError, ValueError):
                state = {}
            stamp = state.get("finished") or state.get("created")
            try:
                when = dt.datetime.fromisoformat(stamp) if stamp else dt.datetime.fromtimestamp(
                    folder.stat().st_mtime, dt.UTC)
            except (OSError, ValueError):
                continue
            if when < horizon:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        return removed

    # -- reading

    def status(self, job_id: str, owner: str | None) -> dict:
        return status(job_id, owner, self.root)

    def report(self, job_id: str, owner: str | None) -> dict:
        return report(job_id, owner, self.root)


def status(job_id: str, owner: str | None = None, root: Path | None = None) -> dict:
    """{"id", "status", "total", "done", "failed"} — read only: asking never starts anything."""
    folder = job_dir(job_id, owner, root)
    state = _read(folder)
    records = results.read_results(folder / "out")
    answer = {"id": job_id, "status": state["status"], "total": state.get("total"), "done": len(records),
              "failed": sum(1 for r in records if r["status"] in FAILED_STATUSES)}
    if state.get("error"):
        answer["error"] = state["error"]
    return answer


def report(job_id: str, owner: str | None = None, root: Path | None = None) -> dict:
    """The status, the summary (when finished) and every document's record."""
    folder = job_dir(job_id, owner, root)
    answer = status(job_id, owner, root)
    summary_path = folder / "out" / results.SUMMARY
    answer["summary"] = json.loads(summary_path.read_text(encoding="utf-8")) if (
        answer["status"] == "done" and summary_path.exists()) else None
    answer["documents"] = results.read_results(folder / "out")
    return answer


def run(folder: Path) -> int:
    """The runner process: check the job's input into ``out/`` (private), then end the job."""
    from service.batch.runner import run_batch
    from service.batch.task import Params

    os.umask(0o077)  # reports, CSV, HTML and logs: readable by the service's user only
    state = _update(folder, status="running", started=_read(folder).get("started") or _now(), pid=os.getpid())

    def on_start(total: int, _done: int) -> None:
        _update(folder, total=total)

    try:
        run_batch(folder / state["source"], folder / "out", workers=state["workers"], engine=state["engine"],
                  resume=True, params=Params(**state["params"]), timeout=state["timeout"], on_start=on_start)
    except Exception as exc:  # the job fails with a message; the API never sees a traceback
        with _locked(folder.parent):
            _end(folder, "failed", getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}")
        return 1
    with _locked(folder.parent):
        _end(folder, "done")
    return 0


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1])))
