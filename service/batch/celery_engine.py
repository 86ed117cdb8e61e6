"""The Celery engine: the same per-document task on Celery workers over Redis (``QUJAT_REDIS_URL``).

Tasks are acknowledged late and rejected when their worker process is lost, so a killed worker's
documents go back to the queue and another worker takes them; a document that kills its worker again and
again is reported unusable after ``QUJAT_BATCH_MAX_ATTEMPTS`` tries instead of looping forever. A hard
time limit turns a hanging document into an ``unusable`` record. The client writes each result once,
keyed by content hash (see ``results.ResultsWriter``), so a redelivered task is never reported twice.

Nothing is lost, nothing waits forever: a task can vanish when a whole worker dies (between taking it from
the queue and registering it as unacknowledged, or while it sits unacknowledged for the visibility timeout).
When no result has come for ``QUJAT_CELERY_RECONCILE_AFTER`` seconds, the client reconciles: every task
that is neither done, nor in the queue, nor reserved or running on a live worker is sent again (same task
id: the first result is reported, a late duplicate is ignored). An overall deadline
(``QUJAT_BATCH_DEADLINE``) ends the batch: what is still unfinished is reported ``unusable`` (code
``deadline``), once.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable, Iterable, Iterator

from celery import Celery
from celery.exceptions import TimeLimitExceeded

from service.batch.task import preload, resolve, unusable
from service.lifetime import multiprocessing_tempdir
from validators import profiles
from validators.errors import ServiceUnavailable
from validators.settings import at_import
from validators.texts import said

REDIS_URL = at_import("redis_url") or "redis://127.0.0.1:6379/0"
MAX_ATTEMPTS = at_import("batch_max_attempts")
# an unacknowledged task of a worker killed as a whole returns to the queue after this many seconds
VISIBILITY_TIMEOUT = at_import("celery_visibility_timeout")
TASK_NAME = "qujat.batch.check"
DEADLINE = at_import("batch_deadline")  # seconds a whole batch may take
RECONCILE_AFTER = at_import("celery_reconcile_after")  # seconds without a result
QUEUE = "celery"  # the default queue's Redis list

app = Celery("qujat", broker=REDIS_URL, backend=REDIS_URL)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    broker_transport_options={"visibility_timeout": VISIBILITY_TIMEOUT},
    result_expires=24 * 3600,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
    worker_send_task_events=False,
    task_track_started=False,
)


@app.task(name=TASK_NAME, bind=True, acks_late=True, reject_on_worker_lost=True)
def check_task(self, path: str, data_b64: str, attachments: list[dict], params: dict) -> dict:
    data = base64.b64decode(data_b64)
    attempts_key = f"qujat:attempts:{self.request.id}"
    client = self.app.backend.client
    attempts = client.incr(attempts_key)
    client.expire(attempts_key, 24 * 3600)
    if attempts > MAX_ATTEMPTS:
        from service.batch.inputs import sha256

        return unusable(path, sha256(data), f"the document crashed its worker {attempts - 1} times; "
                        "it cannot be checked", "worker-crashed")
    return resolve()(path, data, attachments, params)


def _reachable() -> None:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
        app.backend.client.ping()
    except Exception as exc:
        raise ServiceUnavailable(f"Redis at {REDIS_URL} is not reachable ({type(exc).__name__}: {exc}); "
                                 "set QUJAT_REDIS_URL and start redis-server",
                                 messages=said("redis-unreachable", url=REDIS_URL)) from None


def workers_alive(timeout: float = 1.0) -> int:
    """Whether a worker answers (returns as soon as the first one does)."""
    return len(app.control.ping(timeout=timeout, limit=1) or [])


class CeleryEngine:
    """Sends jobs to the Celery queue and yields (job id, record) as results arrive."""

    def __init__(self, timeout: float = 120.0, window: int = 512, wait_for_workers: float = 30.0,
                 deadline: float | None = None, reconcile_after: float | None = None):
        self.timeout = timeout
        self.window = window
        self.wait_for_workers = wait_for_workers
        self.deadline = DEADLINE if deadline is None else deadline
        self.reconcile_after = RECONCILE_AFTER if reconcile_after is None else reconcile_after
        self.resent = 0  # tasks sent again by reconciliation (for the caller's log)

    @staticmethod
    def in_flight() -> set[str]:
        """Task ids in the queue or reserved/running on a worker that answers now."""
        ids: set[str] = set()
        client = app.backend.client
        for raw in client.lrange(QUEUE, 0, -1):
            try:
                ids.add(json.loads(raw)["headers"]["id"])
            except (ValueError, KeyError, TypeError):
                continue
        inspect = app.control.inspect(timeout=1.0)
        for answer in (inspect.active(), inspect.reserved()):
            for tasks in (answer or {}).values():
                ids.update(t.get("id") for t in tasks if t.get("id"))
        return ids

    def _send(self, task_id: str, path: str, data_b64: str, attachments: list[dict], params: dict) -> None:
        check_task.apply_async((path, data_b64, attachments, params), task_id=task_id, time_limit=self.timeout)

    def _await_workers(self) -> None:
        deadline = time.monotonic() + self.wait_for_workers
        while not workers_alive():
            if time.monotonic() > deadline:
                raise ServiceUnavailable(f"no Celery worker answers on {REDIS_URL}; start one with `qujat worker`")
            time.sleep(0.5)

    def run(self, jobs: Iterable[tuple[str, str, bytes, list[dict]]], params: dict,
            digest: Callable[[bytes], str]) -> Iterator[tuple[str, dict]]:
        _reachable()
        self._await_workers()
        backend = app.backend
        run_id = uuid.uuid4().hex[:12]
        pending: dict[str, tuple[str, str, str]] = {}  # task id -> (job id, path, sha256)
        sent: dict[str, tuple] = {}  # task id -> its arguments, to send it again if it is lost
        source = iter(jobs)
        exhausted = False
        deadline = time.monotonic() + self.deadline if self.deadline else None
        last_progress = time.monotonic()
        while True:
            while not exhausted and len(pending) < self.window:
                job = next(source, None)
                if job is None:
                    exhausted = True
                    break
                job_id, path, data, attachments = job
                task_id = f"{run_id}-{job_id}"
                sent[task_id] = (path, base64.b64encode(data).decode(), attachments, params)
                self._send(task_id, *sent[task_id])
                pending[task_id] = (job_id, path, digest(data))
            if not pending:
                return
            if deadline is not None and time.monotonic() > deadline:
                yield from self._abandon(pending)
                return
            ids = list(pending)
            raws = backend.client.mget([backend.get_key_for_task(t) for t in ids])
            finished = 0
            for task_id, raw in zip(ids, raws, strict=True):
                if raw is None:
                    continue
                meta = backend.decode_result(raw)
                status, result = meta.get("status"), meta.get("result")
                job_id, path, sha = pending[task_id]
                if status == "SUCCESS":
                    rec = result
                elif status == "FAILURE":
                    if type(result).__name__ == "WorkerLostError":
                        continue  # the task was requeued; another worker will report it
                    if isinstance(result, TimeLimitExceeded) or type(result).__name__ == "TimeLimitExceeded":
                        rec = unusable(path, sha, f"checking did not finish within {self.timeout:g} s; "
                                       "the document was abandoned", "timeout")
                    else:
                        rec = unusable(path, sha, f"the check failed on the worker: {result!r}", "check-failed")
                else:
                    continue
                del pending[task_id]
                sent.pop(task_id, None)
                backend.client.delete(backend.get_key_for_task(task_id), f"qujat:attempts:{task_id}")
                finished += 1
                yield job_id, rec
            if finished:
                last_progress = time.monotonic()
            elif time.monotonic() - last_progress >= self.reconcile_after:
                self._reconcile(pending, sent)
                last_progress = time.monotonic()
            else:
                time.sleep(0.05)

    def _reconcile(self, pending: dict[str, tuple[str, str, str]], sent: dict[str, tuple]) -> None:
        """Send again every pending task that is neither done nor in flight (lost with a dead worker)."""
        flying = self.in_flight()
        backend = app.backend
        for task_id in list(pending):
            if task_id in flying or backend.client.exists(backend.get_key_for_task(task_id)):
                continue
            self._send(task_id, *sent[task_id])
            self.resent += 1

    def _abandon(self, pending: dict[str, tuple[str, str, str]]) -> Iterator[tuple[str, dict]]:
        """The overall deadline passed: every unfinished document is reported once, its task revoked."""
        backend = app.backend
        for task_id, (job_id, path, sha) in list(pending.items()):
            app.control.revoke(task_id)
            backend.client.delete(backend.get_key_for_task(task_id), f"qujat:attempts:{task_id}")
            del pending[task_id]
            yield job_id, unusable(path, sha, f"the batch's deadline of {self.deadline:g} s passed before this "
                                   "document was checked (QUJAT_BATCH_DEADLINE)", "deadline")


def worker_main(concurrency: int, loglevel: str = "WARNING") -> None:
    """Run a Celery worker for batch tasks in this process (``qujat worker``); its pool processes fork
    from it with the parser and rules already imported. multiprocessing's folders (billiard's) go in one the
    service removes, even when this worker is killed (``multiprocessing_tempdir``)."""
    multiprocessing_tempdir()
    for profile in profiles.available():
        preload(profile)
    resolve()
    app.worker_main(["worker", f"--concurrency={concurrency}", f"--loglevel={loglevel}", "--pool=prefork",
                     "-O", "fair", "--without-gossip", "--without-mingle", "-n", f"qujat-{uuid.uuid4().hex[:8]}@%h"])
