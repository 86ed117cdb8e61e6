"""HTTP batches: POST /v1/batches (files[] or one .zip) → 202 {"id"}; progress; report; job state kept on
disk survives a restart of the API and of the job's runner; uploads are deleted when the job finishes."""

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


def client() -> TestClient:
    from service.api.app import create_app

    return TestClient(create_app())


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
    assert docs["in/a.docx"]["card"]["eds"] == "attached signature in/a.docx.p7s"

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


def test_job_survives_a_restart_of_the_api_and_of_its_runner(data_dir):
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
    os.killpg(pid, signal.SIGKILL)  # the machine "restarts": the runner and its workers are gone
    assert results.read_bytes().count(b"\n") < 60, "the kill must land mid-job"
    del c
    c = client()  # a new API process
    state = wait_done(c, job_id)
    assert state["status"] == "done" and state["total"] == 60 and state["done"] == 60
    paths = [json.loads(line)["path"] for line in results.read_text().splitlines()]
    assert sorted(paths) == sorted(f"l{i}.docx" for i in range(60))  # each exactly once
