"""Fixtures of the batch tests: a real redis-server on a free loopback port, real `qujat worker` processes,
folders of real .docx/.pdf/.pptx files built here, and a helper running the real `qujat` command."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
QUJAT = [sys.executable, "-c", "from service.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(**extra: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **extra}
    env.pop("QUJAT_BATCH_TASK", None)
    env.update(extra)
    return env


def qujat(*args: str, env: dict | None = None, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([*QUJAT, *args], cwd=ROOT, env=env or base_env(), capture_output=True, text=True,
                          timeout=timeout)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def redis_url():
    if not Path(REDIS_SERVER).exists():
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    proc = subprocess.Popen([REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--protected-mode", "yes"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(100):
        try:
            if client.ping():
                break
        except redis.ConnectionError:
            time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("redis-server did not start")
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(10)


class Workers:
    """Real `qujat worker` processes (each a Celery worker with its own pool) on the test Redis."""

    def __init__(self, redis_url: str, env: dict):
        self.redis_url = redis_url
        self.env = env
        self.procs: list[subprocess.Popen] = []

    def start(self, n: int = 2, concurrency: int = 1) -> None:
        for _ in range(n):
            self.procs.append(subprocess.Popen([*QUJAT, "worker", "--concurrency", str(concurrency)], cwd=ROOT,
                                               env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                               start_new_session=True))
        self.wait_ready(n)

    def wait_ready(self, n: int) -> None:
        from celery import Celery

        app = Celery(broker=self.redis_url, backend=self.redis_url)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if len(app.control.ping(timeout=0.5) or []) >= n:
                return
        raise RuntimeError("celery workers did not come up")

    def stop(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                os.killpg(p.pid, 15)
        for p in self.procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, 9)
                p.wait(5)
        self.procs.clear()


@pytest.fixture
def celery_workers(redis_url, tmp_path):
    """Start workers with ``celery_workers.start(...)``; the environment may be set first via ``.env``."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    markers = tmp_path / "markers"
    markers.mkdir()
    w = Workers(redis_url, base_env(QUJAT_REDIS_URL=redis_url, QUJAT_TEST_MARKERS=str(markers)))
    yield w
    w.stop()


@pytest.fixture
def letters_folder(tmp_path) -> Path:
    """A realistic mixed inbox: good and bad letters (ru, kk), an appeal, a letter with its real detached
    CMS and one whose CMS signs another letter, a PDF, a PPTX, a text file, a legacy .doc, a corrupt .docx."""
    from letters import KK_LETTER, RU_LETTER, detached_cms, letter_docx, mixed_files

    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "ru-good.docx").write_bytes(letter_docx(RU_LETTER))
    (folder / "kk-good.docx").write_bytes(letter_docx(KK_LETTER))
    (folder / "no-executor.docx").write_bytes(letter_docx(RU_LETTER, executor=None))
    signed = letter_docx(RU_LETTER, eds=None, outgoing="Исх. № 7-1/9 от 10.03.2025")
    (folder / "signed.docx").write_bytes(signed)
    (folder / "signed.docx.cms").write_bytes(detached_cms(signed))
    (folder / "tampered.docx").write_bytes(letter_docx(RU_LETTER, eds=None, outgoing="Исх. № 7-1/10 от 10.03.2025"))
    (folder / "tampered.p7s").write_bytes(detached_cms(signed))  # signs another letter
    sub = folder / "district"
    sub.mkdir()
    (sub / "acting.docx").write_bytes(letter_docx(RU_LETTER, signer=["И.о. руководителя отдела", "К. Ахметов"]))
    for name, data in mixed_files().items():
        (folder / name).write_bytes(data)
    return folder
