"""A per-document task for fault tests (set on the workers with QUJAT_BATCH_TASK=faulty:run): a file whose
name holds «hang» never finishes, «crash-once» kills its own worker process the first time it is seen
(marker files under $QUJAT_TEST_MARKERS), «crash» kills it every time; everything else is checked for real."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from service.batch.task import check_document


def run(path: str, data: bytes, attachments: list[dict], params: dict) -> dict:
    name = path.rsplit("/", 1)[-1]
    if "hang" in name:
        while True:
            time.sleep(1)
    if "crash-once" in name:
        marker = Path(os.environ["QUJAT_TEST_MARKERS"]) / name
        if not marker.exists():
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
    elif "crash" in name:
        os.kill(os.getpid(), signal.SIGKILL)
    return check_document(path, data, attachments, params)
