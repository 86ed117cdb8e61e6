"""The HTTP service's work queue: blocking calls run off the event loop on a bounded thread pool, pure
CPU-bound ones in compute processes, with admission control (429 when full) and a timeout (503).

A leaf of the API package: it imports no router and not the application (a compute process warms itself
through :func:`service.warmup.warm_up`), so ``service.api.app`` → ``service.api.workqueue`` has no cycle.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from service.api.errors import Overloaded, TimedOut
from service.api.settings import Settings
from service.lifetime import die_with_parent
from validators.errors import QujatError, ServiceUnavailable

T = TypeVar("T")



def _in_child(fn: Callable[..., T], args: tuple, kwargs: dict) -> tuple[str, Any]:
    """Run ``fn`` in a compute process; a QujatError comes back whole (class, message, code, details and what
    it says to people)."""
    try:
        return "ok", fn(*args, **kwargs)
    except QujatError as exc:
        return "error", (type(exc), exc.message, exc.code, exc.details, exc.messages)


def _rebuild(cls: type[QujatError], message: str, code: str, details: Any,
             messages: dict[str, str] | None = None) -> QujatError:
    exc = cls.__new__(cls)
    Exception.__init__(exc, message)
    exc.message, exc.code, exc.details, exc.messages = message, code, details, messages
    return exc


def _warm_process(parent: int) -> None:
    """Initializer of a compute process: tie it to its server process, load rules, profiles, dictionaries."""
    die_with_parent(parent, signal.SIGTERM)  # the kernel ends it with its server process, however that ends
    from service.warmup import warm_up

    warm_up()


class WorkQueue:
    """Runs blocking calls off the event loop with a bound on what may wait.

    ``run(fn, ...)`` runs on a thread pool of ``threads`` (any callable; for calls that wait on I/O, e.g.
    LibreOffice, or that touch this process's state). ``compute(fn, ...)`` runs a pure, CPU-bound function
    of picklable arguments on a pool of ``processes`` worker processes, so parsing and rules never hold the
    event loop's GIL; with ``processes=0`` it falls back to the threads. Together at most ``capacity``
    jobs are admitted (running or waiting); one more is refused at once with 429 (never queued without
    bound). A job past ``timeout`` seconds answers 503; it keeps its slot until it really ends. A compute
    process that dies (a hostile file crashing a parser) is replaced and the request answers 503."""

    def __init__(self, threads: int, max_pending: int, timeout: float, retry_after: int, processes: int = 0):
        self.threads = threads
        self.processes = processes
        self.capacity = max(threads, processes) + max_pending
        self.timeout = timeout
        self.retry_after = retry_after
        self._threads: ThreadPoolExecutor | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._admitted = 0

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkQueue:
        return cls(settings.threads, settings.max_pending, settings.request_timeout, settings.retry_after,
                   settings.processes)

    @property
    def admitted(self) -> int:
        """Jobs running or waiting now."""
        return self._admitted

    def admit(self) -> None:
        """Refuse (429) when the queue is full; cheap enough to call before reading a request body."""
        if self._admitted >= self.capacity:
            raise Overloaded(f"the service is busy ({self._admitted} jobs in progress); retry shortly",
                             self.retry_after)

    def _release(self, _future: Any) -> None:
        with self._lock:
            self._admitted -= 1

    def _thread_pool(self) -> ThreadPoolExecutor:
        if self._threads is None:  # first job, or the first after a shutdown (a restarted lifespan)
            self._threads = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="qujat-work")
        return self._threads

    def _process_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.processes, initializer=_warm_process,
                                             initargs=(os.getpid(),),
                                             mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def start(self) -> None:
        """Start the compute processes now (they load profiles and dictionaries) instead of on first use."""
        if self.processes:
            with self._lock:
                pool = self._process_pool()
            for _ in range(self.processes):
                pool.submit(int)

    async def _submit(self, make_future: Callable[[], Future]) -> Any:
        with self._lock:
            self.admit()
            self._admitted += 1
            try:
                future = make_future()
            except BaseException:
                self._admitted -= 1
                raise
        future.add_done_callback(self._release)
        waiter = asyncio.wrap_future(future)
        done, _ = await asyncio.wait({waiter}, timeout=self.timeout)
        if not done:
            future.cancel()  # only succeeds if it never started
            raise TimedOut(f"the job did not finish within {self.timeout:g} s", self.retry_after)
        try:
            return waiter.result()
        except BrokenProcessPool:
            with self._lock:
                broken, self._pool = self._pool, None
            if broken is not None:
                broken.shutdown(wait=False, cancel_futures=True)
            raise ServiceUnavailable("the document crashed its worker process; it was restarted") from None

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` on a thread."""
        call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
        return await self._submit(lambda: self._thread_pool().submit(call))

    async def compute(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in a compute process (a module-level function, picklable arguments)."""
        if not self.processes:
            return await self.run(fn, *args, **kwargs)
        outcome, value = await self._submit(lambda: self._process_pool().submit(_in_child, fn, args, kwargs))
        if outcome == "error":
            raise _rebuild(*value)
        return value

    def shutdown(self) -> None:
        with self._lock:
            threads, self._threads = self._threads, None
            pool, self._pool = self._pool, None
        for executor in (threads, pool):
            if executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)


