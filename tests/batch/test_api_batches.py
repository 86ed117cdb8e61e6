"""HTTP batches: POST /v1/batches (files[] or one .zip) → 202 {"id"}; progress; report; job state kept on
disk survives a restart of the service; uploads are deleted when the job finishes or dies; jobs pass a
bounded queue with a per-key ceiling, belong to their key, are private and deleted after the retention time."""

import contextlib
import io
import json
import os
import signal
import time
import zipfile

import pytest
from fastapi.testclient import TestClient
from letters import KK_LETTER, RU_LETTER, letter_docx


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("QUJAT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("QUJAT_BATCH_ENGINE", "local")
    monkeypatch.setenv("QUJAT_BATCH_WORKERS", "1")
    return tmp_path / "data"


_clients: list[TestClient] = []


def client() -> TestClient:
    from service.api.app import create_app

    c = TestClient(create_app())
    _clients.append(c)
    return c


@pytest.fixture(autouse=True)
def _stop_queues():
    """Each test's batch queues stop, and their runners are killed, when it ends."""
    yield
    while _clients:
        queue = getattr(_clients.pop().app.state, "batches", None)
        if queue is not None:
            queue.close()
            for proc in list(queue._runners.values()):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)


def wait_done(c: TestClient, job_id: str, limit: float = 120) -> dict:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        state = c.get(f"/v1/batches/{job_id}").json()
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.1)
    raise AssertionError(f"batch {job_id} did not finish: {state}")


def test_files_batch_progress_report_and_uploads_deleted(data_dir):
    c = client()
    files = [("files", ("ru.docx", letter_docx(RU_LETTER))), ("files", ("kk.docx", letter_docx(KK_LETTER))),
             ("files", ("bad.docx", letter_docx(RU_LETTER, executor=None))), ("files", ("notes.txt", b"hello"))]
    r = c.post("/v1/batches", files=files, data={"kind": "incoming-letter", "received": "2025-03-14"})
    assert r.status_code == 202, r.text
    job_id = r.json()["id"]
    state = wait_done(c, job_id)
    assert state == {"id": job_id, "status": "done", "total": 4, "done": 4, "failed": 1}
    rep = c.get(f"/v1/batches/{job_id}/report").json()
    assert rep["summary"]["by_verdict"] == {"accepted": 2, "rejected": 1}
    docs = {d["path"]: d for d in rep["documents"]}
    assert docs["notes.txt"]["status"] == "unsupported"
    assert docs["ru.docx"]["card"]["deadline"] == "2025-03-26"
    assert "incoming.executor" in docs["bad.docx"]["rules"]
    assert not (data_dir / "batches" / job_id / "input").exists()  # privacy: uploads gone


def test_zip_batch_and_hostile_zip(data_dir):
    c = client()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("in/a.docx", letter_docx(RU_LETTER))
        zf.writestr("in/a.docx.p7s", b"sig")
    r = c.post("/v1/batches", files=[("files", ("letters.zip", buf.getvalue()))], data={"kind": "incoming-letter"})
    assert r.status_code == 202
    state = wait_done(c, r.json()["id"])
    assert state["total"] == 2 and state["done"] == 2
    docs = {d["path"]: d for d in c.get(f"/v1/batches/{r.json()['id']}/report").json()["documents"]}
    assert docs["in/a.docx"]["card"]["eds"]["ru"] == "приложена подпись in/a.docx.p7s"

    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../../evil.docx", letter_docx(RU_LETTER))
    r = c.post("/v1/batches", files=[("files", ("evil.zip", evil.getvalue()))])
    assert r.status_code == 422 and "path traversal" in r.json()["error"]["message"]


def test_unknown_batch_and_bad_fields(data_dir):
    c = client()
    assert c.get("/v1/batches/0123456789abcdef0123456789abcdef").status_code == 404
    assert c.get("/v1/batches/../../etc").status_code == 404
    r = c.post("/v1/batches", files=[("files", ("a.docx", letter_docx(RU_LETTER)))], data={"profile": "nope"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "unknown-name"
    r = c.post("/v1/batches", files=[("files", ("a.docx", letter_docx(RU_LETTER)))], data={"received": "14.03"})
    assert r.status_code == 422


def _mode(path) -> int:
    return path.stat().st_mode & 0o777


def test_long_unicode_name_is_cut_by_bytes_and_a_refused_batch_leaves_no_folder(data_dir):
    """Issue 15 (2): 100 emoji + .docx is 404 bytes; it used to give a 500 and leave an empty job folder."""
    c = client()
    name = "😀" * 100 + ".docx"
    r = c.post("/v1/batches", files=[("files", (name, letter_docx(RU_LETTER))),
                                     ("files", ("😀" * 100 + ".docx", letter_docx(KK_LETTER)))])
    assert r.status_code == 202, r.text
    state = wait_done(c, r.json()["id"])
    assert state["status"] == "done" and state["done"] == 2
    paths = sorted(d["path"] for d in c.get(f"/v1/batches/{r.json()['id']}/report").json()["documents"])
    assert all(len(p.encode()) <= 255 and p.endswith(".docx") for p in paths) and len(set(paths)) == 2
    before = {p.name for p in (data_dir / "batches").iterdir()}
    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../evil.docx", b"x")
    r = c.post("/v1/batches", files=[("files", ("é" * 300 + ".zip", evil.getvalue()))])
    assert r.status_code == 422
    assert {p.name for p in (data_dir / "batches").iterdir()} == before  # nothing left of the refused batch


def test_batches_belong_to_the_key_that_created_them(data_dir, monkeypatch):
    """Issue 15 (5): a batch created with k1 is not found (404) with k2."""
    monkeypatch.setenv("QUJAT_API_KEYS", "k1,k2")
    c = client()
    r = c.post("/v1/batches", files=[("files", ("a.docx", letter_docx(RU_LETTER)))], headers={"X-API-Key": "k1"})
    assert r.status_code == 202
    job_id = r.json()["id"]
    for path in (f"/v1/batches/{job_id}", f"/v1/batches/{job_id}/report"):
        other = c.get(path, headers={"X-API-Key": "k2"})
        assert other.status_code == 404 and job_id not in json.dumps(other.json().get("documents", ""))
        assert c.get(path, headers={"X-API-Key": "k1"}).status_code == 200
    assert "k1" not in (data_dir / "batches" / job_id / "job.json").read_text()  # only a hash is kept


def _hanging(n: int, tag: str) -> list:
    return [("files", (f"hang-{tag}-{i}.docx", letter_docx(RU_LETTER, outgoing=f"Исх. № {tag}-{i}")))
            for i in range(n)]


def test_bounded_queue_and_per_key_ceiling(data_dir, monkeypatch):
    """Issue 15 (1): batches go through a bounded queue — one key has at most QUJAT_BATCH_PER_KEY jobs in
    progress, the service at most QUJAT_BATCH_RUNNING + QUJAT_BATCH_MAX_QUEUED; past that 429 with
    Retry-After and a kk/ru/en message, and no job folder."""
    from conftest import HERE, ROOT

    monkeypatch.setenv("QUJAT_API_KEYS", "k1,k2,k3")
    monkeypatch.setenv("QUJAT_BATCH_PER_KEY", "1")
    monkeypatch.setenv("QUJAT_BATCH_RUNNING", "1")
    monkeypatch.setenv("QUJAT_BATCH_MAX_QUEUED", "1")
    monkeypatch.setenv("QUJAT_BATCH_TASK", "faulty:run")
    monkeypatch.setenv("PYTHONPATH", f"{ROOT}:{HERE}")
    c = client()
    first = c.post("/v1/batches", files=_hanging(1, "a"), headers={"X-API-Key": "k1"})
    assert first.status_code == 202
    again = c.post("/v1/batches", files=_hanging(1, "b"), headers={"X-API-Key": "k1"})
    assert again.status_code == 429 and again.headers["Retry-After"]
    details = again.json()["error"]["details"]
    assert details["limit"] == "batch-per-key" and "QUJAT_BATCH_PER_KEY" in details["setting"]
    assert set(details["messages"]) == {"kk", "ru", "en"}
    second = c.post("/v1/batches", files=_hanging(1, "c"), headers={"X-API-Key": "k2"})
    assert second.status_code == 202  # queued behind the running one
    assert c.get(f"/v1/batches/{second.json()['id']}", headers={"X-API-Key": "k2"}).json()["status"] == "queued"
    full = c.post("/v1/batches", files=_hanging(1, "d"), headers={"X-API-Key": "k3"})
    assert full.status_code == 429 and full.json()["error"]["details"]["limit"] == "batch-queue"
    assert len([p for p in (data_dir / "batches").iterdir() if not p.name.startswith(".")]) == 2


def test_too_many_files_in_a_zip_refused_and_thousands_of_tiny_files_checked(data_dir, monkeypatch):
    """Issue 15 (1): 20,000 tiny entries are past the HTTP batch ceiling (413 at once, nothing kept); a zip of
    1,500 tiny files (CI scale) is checked to the end, its archive opened once."""
    monkeypatch.setenv("QUJAT_API_BATCH_MAX_ENTRIES", "2000")
    c = client()
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(20_000):
            zf.writestr(f"f{i}.txt", b"x")
    r = c.post("/v1/batches", files=[("files", ("many.zip", many.getvalue()))])
    assert r.status_code == 413 and r.json()["error"]["details"]["limit"] == "batch-entries"
    tiny = io.BytesIO()
    with zipfile.ZipFile(tiny, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(1500):
            zf.writestr(f"d{i % 10}/f{i}.txt", f"note {i}")
    r = c.post("/v1/batches", files=[("files", ("tiny.zip", tiny.getvalue()))])
    assert r.status_code == 202
    state = wait_done(c, r.json()["id"], limit=240)
    assert state["status"] == "done" and state["total"] == 1500 and state["done"] == 1500


def test_a_dead_job_is_failed_not_restarted_and_its_uploads_deleted(data_dir):
    """Issue 15 (1, 8): the runner killed while the service lives: the job fails with a message, its uploads
    are deleted, and asking for its status never starts it again."""
    c = client()
    files = [("files", (f"l{i}.docx", letter_docx(RU_LETTER, outgoing=f"Исх. № {i} от 12.03.2025")))
             for i in range(60)]
    job_id = c.post("/v1/batches", files=files, data={"kind": "incoming-letter"}).json()["id"]
    job = data_dir / "batches" / job_id
    results = job / "out" / "results.jsonl"
    deadline = time.monotonic() + 60
    while not (results.exists() and results.read_bytes().count(b"\n") >= 3) and time.monotonic() < deadline:
        time.sleep(0.02)
    pid = json.loads((job / "job.json").read_text())["pid"]
    os.killpg(pid, signal.SIGKILL)
    state = wait_done(c, job_id)
    assert state["status"] == "failed" and "ended unexpectedly" in state["error"]
    assert not (job / "input").exists()
    for _ in range(5):
        assert c.get(f"/v1/batches/{job_id}").json()["status"] == "failed"
    assert json.loads((job / "job.json").read_text())["pid"] == pid  # no new runner


def test_job_folders_are_private_and_deleted_after_the_retention_time(data_dir):
    """Issue 15 (8): 0700 folders, 0600 files; the service deletes a finished job after
    QUJAT_BATCH_RETENTION_DAYS (7 by default), not a recent one."""
    import datetime as dt

    c = client()
    ids = [c.post("/v1/batches", files=[("files", (f"{n}.docx", letter_docx(RU_LETTER, outgoing=f"Исх. № {n}")))]
                  ).json()["id"] for n in ("old", "new")]
    for job_id in ids:
        assert wait_done(c, job_id)["status"] == "done"
    job = data_dir / "batches" / ids[0]
    assert _mode(data_dir / "batches") == 0o700
    for path in job.rglob("*"):
        assert _mode(path) == (0o700 if path.is_dir() else 0o600), path
    assert _mode(job) == 0o700
    state = json.loads((job / "job.json").read_text())
    state["finished"] = (dt.datetime.now(dt.UTC) - dt.timedelta(days=8)).isoformat(timespec="seconds")
    (job / "job.json").write_text(json.dumps(state))
    queue = c.app.state.batches
    assert queue.limits.retention_days == 7
    assert queue.sweep() == 1
    assert not job.exists() and (data_dir / "batches" / ids[1]).exists()
    assert c.get(f"/v1/batches/{ids[0]}").status_code == 404


def _serve(port: int, env: dict):
    import subprocess

    from conftest import QUJAT, ROOT

    proc = subprocess.Popen([*QUJAT, "serve", "--port", str(port), "--workers", "1", "--processes", "0"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code < 500:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("qujat serve did not start")


def test_a_job_interrupted_by_a_restart_of_the_service_finishes_after_it_exactly_once(tmp_path):
    """The service (and with it the job's runner) is killed mid-job; the next service process queues the job
    again and it ends with every document reported exactly once."""
    import httpx
    from conftest import base_env, free_port

    env = base_env(QUJAT_DATA_DIR=str(tmp_path / "data"), QUJAT_BATCH_ENGINE="local", QUJAT_BATCH_WORKERS="1")
    port = free_port()
    server = _serve(port, env)
    try:
        files = [("files", (f"l{i}.docx", letter_docx(RU_LETTER, outgoing=f"Исх. № {i} от 12.03.2025")))
                 for i in range(40)]
        r = httpx.post(f"http://127.0.0.1:{port}/v1/batches", files=files, data={"kind": "incoming-letter"},
                       timeout=60)
        assert r.status_code == 202, r.text
        job_id = r.json()["id"]
        job = tmp_path / "data" / "batches" / job_id
        results = job / "out" / "results.jsonl"
        deadline = time.monotonic() + 90
        while not (results.exists() and results.read_bytes().count(b"\n") >= 3) and time.monotonic() < deadline:
            time.sleep(0.05)
        runner = json.loads((job / "job.json").read_text())["pid"]
        server.kill()  # SIGKILL: the runner dies with it (PR_SET_PDEATHSIG)
        server.wait(10)
        deadline = time.monotonic() + 20
        while os.path.exists(f"/proc/{runner}") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not os.path.exists(f"/proc/{runner}"), "the runner outlived its service"
        assert results.read_bytes().count(b"\n") < 40, "the kill must land mid-job"
        server = _serve(port, env)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            state = httpx.get(f"http://127.0.0.1:{port}/v1/batches/{job_id}", timeout=10).json()
            if state["status"] in ("done", "failed"):
                break
            time.sleep(0.2)
        assert state["status"] == "done" and state["done"] == 40, state
        paths = [json.loads(line)["path"] for line in results.read_text().splitlines()]
        assert sorted(paths) == sorted(f"l{i}.docx" for i in range(40))  # each exactly once
        assert not (job / "input").exists()
    finally:
        server.kill()
        server.wait(10)
