"""Batch validation: a folder or .zip of documents checked on local worker processes or on Celery.

``run_batch(source, out_dir, workers=2, engine="local", resume=False, params=Params(...)) -> summary``
"""

from service.batch.runner import run_batch
from service.batch.task import Params

__all__ = ["Params", "run_batch"]
