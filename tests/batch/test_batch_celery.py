"""The Celery engine on a real redis-server with real `qujat worker` processes: the same folder gives the
same results as the local engine; a worker process killed mid-document has its document retried elsewhere
and reported once; a hanging document is abandoned after the time limit; a document that kills its worker
every time is reported unusable after a bounded number of attempts."""

from collections import Counter

import pytest
from conftest import HERE, ROOT, base_env, qujat, read_jsonl
from letters import RU_LETTER, letter_docx

pytestmark = pytest.mark.redis

COMPARED = ("status", "verdict", "kind", "lang", "format", "counts", "rules", "card", "error", "sha256")


def comparable(recs: list[dict]) -> dict:
    out = {}
    for r in recs:
        report = r.get("report") or {}
        out[r["path"]] = ({k: r.get(k) for k in COMPARED}, [f["rule"] for f in report.get("findings", [])])
    return out


def test_same_folder_same_results_locally_and_on_celery(letters_folder, tmp_path, celery_workers):
    celery_workers.start(n=2, concurrency=1)
    common = ["--kind", "incoming-letter", "--received", "2025-03-14"]
    local = qujat("batch", str(letters_folder), "-o", str(tmp_path / "local"), "--workers", "2", *common)
    assert local.returncode == 0, local.stderr
    env = base_env(QUJAT_REDIS_URL=celery_workers.redis_url)
    remote = qujat("batch", str(letters_folder), "-o", str(tmp_path / "celery"), "--engine", "celery", *common, env=env)
    assert remote.returncode == 0, remote.stderr
    a = comparable(read_jsonl(tmp_path / "local" / "results.jsonl"))
    b = comparable(read_jsonl(tmp_path / "celery" / "results.jsonl"))
    assert len(a) == 14 and a == b
    assert (tmp_path / "local" / "report.csv").read_text() == (tmp_path / "celery" / "report.csv").read_text()


def test_killed_worker_retried_elsewhere_hang_abandoned_poison_bounded(tmp_path, celery_workers):
    celery_workers.env.update(QUJAT_BATCH_TASK="faulty:run", PYTHONPATH=f"{ROOT}:{HERE}",
                              QUJAT_BATCH_MAX_ATTEMPTS="2")
    celery_workers.start(n=2, concurrency=1)
    folder = tmp_path / "in"
    folder.mkdir()
    names = [f"letter-{i}.docx" for i in range(6)] + ["crash-once-a.docx", "crash-once-b.docx", "hang-c.docx",
                                                      "crash-always-d.docx"]
    for i, name in enumerate(names):
        (folder / name).write_bytes(letter_docx(RU_LETTER, outgoing=f"Исх. № 3-{i} от 12.03.2025"))
    env = base_env(QUJAT_REDIS_URL=celery_workers.redis_url)
    proc = qujat("batch", str(folder), "-o", str(tmp_path / "out"), "--engine", "celery", "--timeout", "10",
                 "--kind", "incoming-letter", env=env)
    assert proc.returncode == 0, proc.stderr
    recs = read_jsonl(tmp_path / "out" / "results.jsonl")
    assert Counter(r["path"] for r in recs) == Counter(names)  # never lost, never twice
    by_path = {r["path"]: r for r in recs}
    markers = sorted(p.name for p in (tmp_path / "markers").iterdir())
    assert markers == ["crash-once-a.docx", "crash-once-b.docx"]  # each killed its worker once ...
    for name in ("crash-once-a.docx", "crash-once-b.docx", *[f"letter-{i}.docx" for i in range(6)]):
        assert by_path[name]["status"] == "checked", by_path[name]  # ... and was then checked elsewhere
    assert by_path["hang-c.docx"]["status"] == "unusable" and by_path["hang-c.docx"]["error"]["code"] == "timeout"
    poison = by_path["crash-always-d.docx"]
    assert poison["status"] == "unusable" and poison["error"]["code"] == "worker-crashed"
    assert all(p.poll() is None for p in celery_workers.procs)  # the workers survive their children


def test_celery_engine_without_redis_is_a_clear_error(tmp_path, letters_folder):
    from conftest import free_port

    env = base_env(QUJAT_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    proc = qujat("batch", str(letters_folder), "-o", str(tmp_path / "out"), "--engine", "celery", env=env)
    assert proc.returncode == 2
    assert "недоступен" in proc.stderr and "Traceback" not in proc.stderr


def _held_batch(tmp_path, celery_workers, hold: str, *extra: str):
    """Start `qujat batch --engine celery` on 4 letters and one «hold-once» letter; return the process once
    a worker holds that letter, with the pid of the worker's main process."""
    import subprocess
    import time

    from conftest import QUJAT

    folder = tmp_path / "in"
    folder.mkdir()
    names = [f"letter-{i}.docx" for i in range(4)] + [hold]
    for i, name in enumerate(names):
        (folder / name).write_bytes(letter_docx(RU_LETTER, outgoing=f"Исх. № 5-{i} от 12.03.2025"))
    env = base_env(QUJAT_REDIS_URL=celery_workers.redis_url, QUJAT_CELERY_RECONCILE_AFTER="3")
    proc = subprocess.Popen([*QUJAT, "batch", str(folder), "-o", str(tmp_path / "out"), "--engine", "celery",
                             "--timeout", "60", "--kind", "incoming-letter", *extra], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    marker = tmp_path / "markers" / hold
    deadline = time.monotonic() + 90
    while not (marker.exists() and marker.read_text()) and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.1)
    assert marker.exists(), "no worker took the held letter"
    return proc, names, int(marker.read_text())


def test_whole_worker_killed_mid_batch_every_document_reported_exactly_once(tmp_path, celery_workers):
    """Issue 15 (3): the held letter's whole worker is killed; its task is neither queued nor reserved
    anywhere (it waits, unacknowledged, for a 10-minute visibility timeout). A replacement starts later;
    reconciliation sends the task again and the batch ends with every letter reported once."""
    import os
    import signal

    celery_workers.env.update(QUJAT_BATCH_TASK="faulty:hold", PYTHONPATH=f"{ROOT}:{HERE}")
    celery_workers.start(n=1, concurrency=1)
    proc, names, worker_pid = _held_batch(tmp_path, celery_workers, "hold-once-a.docx")
    os.killpg(os.getpgid(worker_pid), signal.SIGKILL)  # the whole worker: main process and pool
    celery_workers.start(n=1, concurrency=1)  # the replacement
    out, err = proc.communicate(timeout=150)
    assert proc.returncode == 0, err
    recs = read_jsonl(tmp_path / "out" / "results.jsonl")
    assert Counter(r["path"] for r in recs) == Counter(names)
    assert all(r["status"] == "checked" for r in recs), [r["error"] for r in recs]


def test_overall_deadline_reports_what_no_worker_finished(tmp_path, celery_workers):
    """With every worker dead and none started again, the batch still ends at its deadline: the held letter
    is reported once as unusable (code «deadline»), the others as checked."""
    import os
    import signal

    celery_workers.env.update(QUJAT_BATCH_TASK="faulty:hold", PYTHONPATH=f"{ROOT}:{HERE}")
    celery_workers.start(n=1, concurrency=1)
    proc, names, worker_pid = _held_batch(tmp_path, celery_workers, "hold-once-b.docx", "--deadline", "25")
    os.killpg(os.getpgid(worker_pid), signal.SIGKILL)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    recs = {r["path"]: r for r in read_jsonl(tmp_path / "out" / "results.jsonl")}
    assert sorted(recs) == sorted(names)
    held = recs["hold-once-b.docx"]
    assert held["status"] == "unusable" and held["error"]["code"] == "deadline"
    assert "QUJAT_BATCH_DEADLINE" in held["error"]["message"]
