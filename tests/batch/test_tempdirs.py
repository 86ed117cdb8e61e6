"""Nothing of multiprocessing is left in the temp dir by killed processes: a `qujat batch` (its fork server's
socket) or a whole `qujat worker` (Celery's billiard) killed with SIGKILL used to leave an empty ``pymp-*``
folder each for ever. Their folders now live under ``$TMPDIR/qujat-mp-<uid>/``, locked by their owner, and
the next batch, worker or ``qujat serve`` removes those whose owner is gone; a process ending normally removes
its own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import HERE, QUJAT, ROOT, base_env, qujat
from letters import RU_LETTER, letter_docx
from test_batch_local import _descendants

from service.lifetime import MP_ROOT


def _multiprocessing_left(tmp: Path) -> list[str]:
    """What multiprocessing left in ``tmp``: its own ``pymp-*`` folders, or folders under our root."""
    root = tmp / MP_ROOT.format(uid=os.getuid())
    left = [p.name for p in tmp.glob("pymp-*")]
    return left + ([f"{root.name}/{p.name}" for p in root.iterdir()] if root.is_dir() else [])


def _owner(code: str, tmp: Path) -> subprocess.Popen:
    """A python process that takes its multiprocessing folder, prints it and waits."""
    return subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom service.lifetime import "
                             f"multiprocessing_tempdir\n{code}\nprint(multiprocessing_tempdir(), flush=True)\n"
                             "time.sleep(600)"], env={**base_env(), "TMPDIR": str(tmp)}, cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)


def test_a_live_owners_folder_is_kept_and_a_killed_ones_is_removed(tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    first = _owner("import multiprocessing.util as u", tmp)
    try:
        assert first.stdout is not None
        folder = Path(first.stdout.readline().strip())
        assert folder.is_dir() and folder.parent.name == MP_ROOT.format(uid=os.getuid())
        assert oct(folder.parent.stat().st_mode & 0o777) == "0o700"
        second = _owner("", tmp)  # another process sweeps at its start: the live owner's folder stays
        assert second.stdout is not None
        other = Path(second.stdout.readline().strip())
        assert folder.is_dir() and other.is_dir() and other != folder
        first.kill()
        first.wait(10)
        assert folder.is_dir()  # nothing ran in the killed process
        second.kill()
        second.wait(10)
        from service.lifetime import sweep_multiprocessing_tempdirs

        assert sweep_multiprocessing_tempdirs(str(tmp)) == 2
        assert _multiprocessing_left(tmp) == []
    finally:
        first.kill()
        first.wait(10)


def test_a_killed_batch_leaves_nothing_after_the_next_one(tmp_path):
    """`qujat batch` killed with SIGKILL while its workers hold their documents: its fork server's folder
    stays until the next batch starts, which removes it; that one ends normally and removes its own."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(2):
        (folder / f"hang-{i}.docx").write_bytes(letter_docx(RU_LETTER, outgoing=f"Исх. № 9-{i} от 12.03.2025"))
    env = base_env(QUJAT_BATCH_TASK="faulty:run", PYTHONPATH=f"{ROOT}:{HERE}", TMPDIR=str(tmp))
    proc = subprocess.Popen([*QUJAT, "batch", str(folder), "-o", str(tmp_path / "out"), "--workers", "2",
                             "--timeout", "600"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(_descendants(proc.pid)) < 3 and time.monotonic() < deadline:  # fork server + 2 workers
            time.sleep(0.1)
        assert len(_descendants(proc.pid)) >= 3
    finally:
        proc.kill()
        proc.wait(10)
    assert _multiprocessing_left(tmp), "the killed batch had no multiprocessing folder: nothing was tested"
    good = tmp_path / "good"
    good.mkdir()
    (good / "letter.docx").write_bytes(letter_docx(RU_LETTER))
    done = qujat("batch", str(good), "-o", str(tmp_path / "out2"), "--workers", "1",
                 env=base_env(TMPDIR=str(tmp)))
    assert done.returncode in (0, 1), done.stderr
    assert _multiprocessing_left(tmp) == []


def test_a_killed_celery_worker_leaves_nothing_after_its_replacement(tmp_path, celery_workers):
    """A whole `qujat worker` killed (main process and pool, as the soak does) kept an empty ``pymp-*`` folder
    for ever; its replacement removes it, and a worker stopped normally removes its own."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    celery_workers.env["TMPDIR"] = str(tmp)
    celery_workers.start(n=1, concurrency=1)
    victim = celery_workers.procs[0]
    assert _multiprocessing_left(tmp), "the worker took no multiprocessing folder: nothing was tested"
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait(10)
    assert _multiprocessing_left(tmp)  # the killed worker's, until the next one starts
    celery_workers.procs.remove(victim)
    celery_workers.start(n=1, concurrency=1)
    left = _multiprocessing_left(tmp)
    assert len(left) == 1 and left[0] == f"{MP_ROOT.format(uid=os.getuid())}/{celery_workers.procs[0].pid}"
    celery_workers.stop()  # SIGTERM: a warm shutdown
    assert _multiprocessing_left(tmp) == []
