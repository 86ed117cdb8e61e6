"""Batch jobs of the HTTP API, kept on disk under ``$QUJAT_DATA_DIR/batches/<id>/`` so they survive a restart
of the API process: ``job.json`` (state), ``input/`` (the uploads, deleted when the job ends), ``out/``
(results.jsonl and the reports). Each job runs in its own detached process (``python -m
service.batch.jobs DIR``); a job whose runner is gone (the machine restarted) is started again with
``resume``, so no document is checked or reported twice.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

from service.batch import inputs, results
from validators.errors import QujatError


class BatchNotFound(QujatError):
    """No batch job with this id (never created, or its folder was removed)."""

    code = "not-found"
    http_status = 404

JOB_ID = re.compile(r"^[0-9a-f]{32}$")
FAILED_STATUSES = ("unusable", "unsupported", "refused")


def data_dir() -> Path:
    return Path(os.environ.get("QUJAT_DATA_DIR") or Path(tempfile.gettempdir()) / "qujat") / "batches"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def job_dir(job_id: str) -> Path:
    if not JOB_ID.match(job_id or ""):
        raise BatchNotFound(f"no batch {job_id!r}")
    folder = data_dir() / job_id
    if not (folder / "job.json").is_file():
        raise BatchNotFound(f"no batch {job_id!r}")
    return folder


def _read(folder: Path) -> dict:
    return json.loads((folder / "job.json").read_text(encoding="utf-8"))


def _write(folder: Path, state: dict) -> None:
    tmp = folder / "job.json.tmp"
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(folder / "job.json")


NAME_MAX_BYTES = 255  # a file name on Linux file systems: 255 bytes, not characters


def _cut(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` of UTF-8, on a character boundary."""
    return text.encode("utf-8")[:max(max_bytes, 0)].decode("utf-8", "ignore")


def _fit(stem: str, ext: str, max_bytes: int = NAME_MAX_BYTES) -> str:
    """``stem + ext`` within ``max_bytes`` of UTF-8: the stem is shortened, the extension kept (if it fits)."""
    ext = _cut(ext, 32)
    return _cut(stem, max_bytes - len(ext.encode("utf-8"))) + ext


def _safe_name(name: str, taken: set[str]) -> str:
    """The upload's name as a safe, unique file name of at most 255 bytes (long Unicode names are cut by
    bytes, keeping the extension)."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    base = "".join(ch for ch in base if ch.isprintable() and ch not in "/\x00").lstrip(".") or "file"
    stem, dot, ext = base.rpartition(".")
    stem, ext = (stem, dot + ext) if stem and len(ext) <= 16 else (base, "")
    candidate, i = _fit(stem, ext), 1
    while candidate.lower() in taken:
        suffix = f"-{i}"
        candidate = _fit(stem, suffix + ext)
        i += 1
    taken.add(candidate.lower())
    return candidate


def create(files: list[tuple[str, bytes]], params: dict) -> str:
    """Store the uploads and start the job; returns its id. One .zip is the batch; else the files are."""
    job_id = uuid.uuid4().hex
    folder = data_dir() / job_id
    (folder / "input").mkdir(parents=True)
    taken: set[str] = set()
    names = []
    for name, data in files:
        safe = _safe_name(name, taken)
        (folder / "input" / safe).write_bytes(data)
        names.append(safe)
    source = "input"
    if len(files) == 1 and files[0][1][:4] == b"PK\x03\x04" and names[0].lower().endswith(".zip"):
        source = f"input/{names[0]}"
        try:  # a hostile archive is refused now, with its reason, not later in the job
            inputs.collect(folder / source)
        except QujatError:
            shutil.rmtree(folder, ignore_errors=True)
            raise
    _write(folder, {"id": job_id, "status": "queued", "created": _now(), "source": source, "params": params,
                    "engine": os.environ.get("QUJAT_BATCH_ENGINE", "local"),
                    "workers": int(os.environ.get("QUJAT_BATCH_WORKERS", 2)),
                    "timeout": float(os.environ.get("QUJAT_BATCH_TIMEOUT", 120)),
                    "total": None, "error": None, "pid": None})
    _spawn(folder)
    return job_id


def _spawn(folder: Path) -> None:
    log = (folder / "runner.log").open("ab")
    proc = subprocess.Popen([sys.executable, "-m", "service.batch.jobs", str(folder)], stdin=subprocess.DEVNULL,
                            stdout=log, stderr=log, start_new_session=True, cwd=Path(__file__).resolve().parents[2])
    log.close()
    state = _read(folder)
    state["pid"] = proc.pid
    _write(folder, state)


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (our exited child) is not alive
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return True


def status(job_id: str) -> dict:
    """{"id", "status", "total", "done", "failed"}; restarts a job whose runner has disappeared."""
    folder = job_dir(job_id)
    state = _read(folder)
    if state["status"] in ("queued", "running") and not _alive(state.get("pid")):
        _spawn(folder)
        state = _read(folder)
    records = results.read_results(folder / "out")
    answer = {"id": job_id, "status": state["status"], "total": state.get("total"), "done": len(records),
              "failed": sum(1 for r in records if r["status"] in FAILED_STATUSES)}
    if state.get("error"):
        answer["error"] = state["error"]
    return answer


def report(job_id: str) -> dict:
    """The status, the summary (when finished) and every document's record."""
    folder = job_dir(job_id)
    answer = status(job_id)
    summary_path = folder / "out" / results.SUMMARY
    answer["summary"] = json.loads(summary_path.read_text(encoding="utf-8")) if (
        answer["status"] == "done" and summary_path.exists()) else None
    answer["documents"] = results.read_results(folder / "out")
    return answer


def run(folder: Path) -> int:
    """The runner process: check the job's input into ``out/``, then delete the uploads."""
    from service.batch.runner import run_batch
    from service.batch.task import Params

    state = _read(folder)
    state.update(status="running", started=state.get("started") or _now(), pid=os.getpid())
    _write(folder, state)

    def on_start(total: int, _done: int) -> None:
        s = _read(folder)
        s["total"] = total
        _write(folder, s)

    try:
        run_batch(folder / state["source"], folder / "out", workers=state["workers"], engine=state["engine"],
                  resume=True, params=Params(**state["params"]), timeout=state["timeout"], on_start=on_start)
    except Exception as exc:  # the job fails with a message; the API never sees a traceback
        state = _read(folder)
        state.update(status="failed", error=getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}",
                     finished=_now())
        _write(folder, state)
        shutil.rmtree(folder / "input", ignore_errors=True)
        return 1
    state = _read(folder)
    state.update(status="done", finished=_now())
    _write(folder, state)
    shutil.rmtree(folder / "input", ignore_errors=True)  # privacy: uploads live only as long as the job
    return 0


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1])))
