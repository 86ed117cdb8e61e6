"""A per-document task for fault tests (set on the workers with QUJAT_BATCH_TASK=faulty:run): a file whose
name holds «hang» never finishes, «crash-once» kills its own worker process the first time it is seen
(marker files under $QUJAT_TEST_MARKERS), «crash» kills it every time, «forkserver-once» kills the fork server
the worker came from the first time; everything else is checked for real."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

from service.batch.task import check_document


def run(path: str, data: bytes, attachments: list[dict], params: dict) -> dict:
    name = path.rsplit("/", 1)[-1]
    if "hang" in name:
        while True:
            time.sleep(1)
    if "forkserver-once" in name:  # kill the fork server the worker came from (the worker goes with it)
        marker = Path(os.environ["QUJAT_TEST_MARKERS"]) / name
        if not marker.exists():
            marker.touch()
            os.kill(os.getppid(), signal.SIGKILL)
            time.sleep(30)
    if "crash-once" in name:
        marker = Path(os.environ["QUJAT_TEST_MARKERS"]) / name
        if not marker.exists():
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
    elif "crash" in name:
        os.kill(os.getpid(), signal.SIGKILL)
    return check_document(path, data, attachments, params)


def hold(path: str, data: bytes, attachments: list[dict], params: dict) -> dict:
    """«hold-once»: the first time, note the Celery worker's main process in a marker file and wait (the test
    then kills that whole worker); the next time, check it for real. Everything else goes to :func:`run`."""
    name = path.rsplit("/", 1)[-1]
    if "hold-once" in name:
        marker = Path(os.environ["QUJAT_TEST_MARKERS"]) / name
        if not marker.exists():
            marker.write_text(str(os.getppid()))
            while True:
                time.sleep(1)
    return run(path, data, attachments, params)


SHARED = threading.Lock()  # held by a thread of the caller in test_a_lock_held_by_another_thread…


def locked(path: str, data: bytes, attachments: list[dict], params: dict) -> dict:
    """Takes :data:`SHARED` before checking: a worker forked from a caller whose other thread holds it would
    wait for ever."""
    with SHARED:
        return check_document(path, data, attachments, params)
