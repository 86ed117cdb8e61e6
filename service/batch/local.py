"""The local engine: N worker processes on this machine, each running the per-document task.

The parent watches every worker: a document that runs past the timeout gets its worker killed and is
reported unusable; a worker that dies (a crash in a native library, the OOM killer) gets its document
reported unusable too; either way a fresh worker takes its place and the batch goes on.

Workers come from a fork server (``multiprocessing``'s "forkserver" context): a single-threaded process
started fresh, with the checking modules imported once, from which each worker is forked. Forking the
caller itself is not safe: the HTTP service, a test runner or a warmed-up CLI hold threads (office pools,
queues), and a child forked while one of them held a lock waits on it for ever.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from service.batch.task import preload, resolve, unusable
from service.lifetime import die_with_parent, exit_with, multiprocessing_tempdir

Job = tuple[str, str, bytes, list[dict]]  # (job id, path, data, attachments)
READY = "ready"
STARTUP_SECONDS = 30.0  # a worker not ready by then is taken for hung at start-up
STARTUP_TRIES = 3
FORK_TRIES = 20  # starts of a worker while a killed fork server is replaced (about 10 s in all)


# imported once in the fork server, so that a worker starts warm
PRELOAD = ["service.batch.task", "service.warmup", "validators.engine", "validators.document", "validators.rules"]


def _worker_main(conn: Connection, task_spec: str | None, params: dict, owner: int) -> None:
    die_with_parent(os.getppid())  # the fork server
    exit_with(owner)  # the batch's process, killed with SIGKILL too: its workers go with it
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    preload(params.get("profile"))  # before READY: a replaced worker must not spend its time limit on this
    task = resolve(task_spec)
    conn.send(READY)  # the parent hands over a document only to a worker that got this far
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        job_id, path, data, attachments = job
        conn.send((job_id, task(path, data, attachments, params)))


@dataclass
class _Slot:
    proc: mp.process.BaseProcess
    conn: Connection
    job: Job | None = None
    started: float = 0.0


class LocalEngine:
    """Runs jobs on ``workers`` processes; ``run`` yields (job id, record) as documents finish."""

    def __init__(self, workers: int = 2, timeout: float = 120.0, task: str | None = None):
        self.workers = max(1, workers)
        self.timeout = timeout
        self.task = task
        multiprocessing_tempdir()  # the fork server's socket: in a folder removed even if this process is killed
        self._ctx = mp.get_context("forkserver")
        self._ctx.set_forkserver_preload(PRELOAD)

    def _spawn(self, params: dict) -> _Slot:
        """A started worker that has said it is ready. One that is not ready in time (stuck at start-up) is
        killed and another started, so a document is never sent into a pipe nobody reads."""
        for _ in range(STARTUP_TRIES - 1):
            slot = self._start(params)
            if self._ready(slot):
                return slot
            slot.proc.kill()
            slot.proc.join(5)
            slot.conn.close()
        return self._start(params)  # the last try is used as it is: a dead one is reported by its sentinel

    def _start(self, params: dict) -> _Slot:
        """A started worker. A fork server that was killed (its workers die with it) may still be dying when the
        replacement is asked for: the connection is refused or cut before the new pid comes back. multiprocessing
        starts a new server once the old one is reaped, so the start is tried again."""
        for attempt in range(FORK_TRIES):
            parent, child = self._ctx.Pipe()
            proc = self._ctx.Process(target=_worker_main, args=(child, self.task, params, os.getpid()),
                                     daemon=True, name="qujat-batch-worker")
            try:
                proc.start()
            except (EOFError, OSError):
                parent.close()
                child.close()
                if attempt == FORK_TRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
                continue
            child.close()
            return _Slot(proc, parent)
        raise AssertionError("unreachable")

    @staticmethod
    def _ready(slot: _Slot) -> bool:
        try:
            return bool(slot.conn.poll(STARTUP_SECONDS)) and slot.conn.recv() == READY
        except (EOFError, OSError):
            return False

    def run(self, jobs: Iterable[Job], params: dict, digest: Callable[[bytes], str]) -> Iterator[tuple[str, dict]]:
        pending = iter(jobs)
        slots: list[_Slot] = []
        for _ in range(self.workers):
            slots.append(self._spawn(params))

        def assign(slot: _Slot) -> None:
            """Give an idle worker its next document (before the parent writes the last result, so the
            worker computes while the parent fsyncs)."""
            job = next(pending, None)
            if job is None:
                return
            slot.job, slot.started = job, time.monotonic()
            try:
                slot.conn.send(job)
            except OSError:
                pass  # the worker died: its sentinel reports it below

        for slot in slots:
            assign(slot)
        try:
            while True:
                busy = [s for s in slots if s.job is not None]
                if not busy:
                    return
                deadline = min(s.started for s in busy) + self.timeout
                ready = wait([s.conn for s in busy] + [s.proc.sentinel for s in busy],
                             timeout=max(0.0, deadline - time.monotonic()))
                for i, slot in enumerate(slots):
                    if slot.job is None:
                        continue
                    job_id, path, data, _ = slot.job
                    if slot.conn in ready:
                        try:
                            message = slot.conn.recv()
                        except (EOFError, OSError):
                            message = (None, None)
                        if message == READY:  # a worker that was slow to start says so now
                            continue
                        got_id, rec = message
                        if got_id == job_id:
                            slot.job = None
                            assign(slot)
                            yield job_id, rec
                            continue
                    if slot.conn in ready or slot.proc.sentinel in ready:
                        slot.proc.join(1)
                        slot.conn.close()
                        code = slot.proc.exitcode
                        why = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                        slots[i] = self._spawn(params)
                        assign(slots[i])
                        yield job_id, unusable(path, digest(data), f"the document crashed its worker ({why}); "
                                               "it cannot be checked", "worker-crashed")
                    elif time.monotonic() - slot.started >= self.timeout:
                        slot.proc.kill()
                        slot.proc.join(5)
                        slot.conn.close()
                        slots[i] = self._spawn(params)
                        assign(slots[i])
                        yield job_id, unusable(path, digest(data), f"checking did not finish within {self.timeout:g} s; "
                                               "the document was abandoned", "timeout")
        finally:
            for slot in slots:
                if slot.proc.is_alive() and not slot.conn.closed:
                    try:
                        slot.conn.send(None)
                    except OSError:
                        pass
            for slot in slots:
                if slot.conn.closed:
                    continue
                slot.proc.join(2)
                if slot.proc.is_alive() and slot.proc.pid is not None:
                    os.kill(slot.proc.pid, signal.SIGKILL)
                    slot.proc.join(2)
                slot.conn.close()
