"""Child processes that never outlive their parent: ``die_with_parent`` asks the Linux kernel to signal
this process when its parent ends, however the parent ends (SIGKILL included); ``end_process`` ends and reaps
a child; ``multiprocessing_tempdir`` keeps multiprocessing's temporary folders where the service cleans them,
even after a process was killed. A leaf module (the standard library only)."""

from __future__ import annotations

import ctypes
import fcntl
import multiprocessing.process
import multiprocessing.util
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int, sig: int = signal.SIGKILL) -> bool:
    """Call first thing in a child whose parent is ``parent``; the child ends at once if the parent has
    already gone. False where prctl is not available (not Linux)."""
    try:
        ok = ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(sig)) == 0
    except (OSError, AttributeError):
        return False
    if os.getppid() != parent:  # the parent ended before the request above took effect
        os._exit(0)
    return ok


def preexec_die_with_parent(sig: int = signal.SIGKILL):
    """A ``subprocess.Popen(preexec_fn=...)`` that ties the child to the process starting it."""
    parent = os.getpid()

    def hook() -> None:
        die_with_parent(parent, sig)

    return hook


def exit_with(pid: int) -> None:
    """End this process as soon as process ``pid`` (not necessarily its parent) ends: a daemon thread waits
    on a Linux pidfd. For a child of a fork server, whose real owner is not its parent."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(0)
    except (OSError, AttributeError):  # no pidfd (not Linux ≥ 5.3): poll once a second instead
        fd = -1

    def watch() -> None:
        if fd >= 0:
            select.select([fd], [], [])
        else:
            while alive(pid):
                time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name=f"exit-with-{pid}", daemon=True).start()


def alive(pid: int | None) -> bool:
    """Is process ``pid`` running (a zombie, an exited child not yet reaped, is not)?"""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return True


def end_process(proc: subprocess.Popen | None, grace: float = 0.0, group: bool = False) -> None:
    """End ``proc`` and reap it: SIGTERM and up to ``grace`` seconds to quit (none: straight to SIGKILL), then
    SIGKILL — to its whole process group with ``group`` (a process leading its own session, as soffice does,
    takes its children along). Never raises for a process already gone; waits at most 10 s after SIGKILL."""
    if proc is None or proc.poll() is not None:
        return
    if grace > 0:
        proc.terminate()
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            pass
    try:
        if group:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        proc.kill()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


MP_ROOT = "qujat-mp-{uid}"  # under the temp dir: one folder per live process using multiprocessing
_LOCK = "owner.lock"  # held (flock) by the owner for its whole life; the kernel drops it however it ends
_STRAY_SECONDS = 60.0  # a folder without its lock file (its owner died creating it) is removed after this
_SUN_PATH = 108  # bytes of an AF_UNIX socket path on Linux, with its terminating NUL
_owned: dict[int, Path] = {}  # pid → the folder this process owns (a forked child owns none of its parent's)


def _owner_gone(folder: Path) -> bool:
    """Did the process owning ``folder`` end (its lock is free, or it died before taking it)?"""
    try:
        fd = os.open(folder / _LOCK, os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW)
    except FileNotFoundError:
        try:
            return time.time() - folder.lstat().st_mtime > _STRAY_SECONDS
        except OSError:
            return False
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)  # (closing drops the lock taken just now)
    # free: its owner ended — unless it is still starting (between creating the lock file and locking it)
    try:
        young = time.time() - folder.lstat().st_mtime < _STRAY_SECONDS
    except OSError:
        return False
    return not (young and folder.name.isdigit() and alive(int(folder.name)))


def sweep_multiprocessing_tempdirs(base: str | None = None) -> int:
    """Remove the multiprocessing folders of processes that ended without removing theirs (killed); returns
    how many. Run by every process that takes a folder, so a killed worker's is gone at the next start."""
    root = Path(base or tempfile.gettempdir()) / MP_ROOT.format(uid=os.getuid())
    removed = 0
    try:
        entries = list(root.iterdir())
    except OSError:
        return 0
    for folder in entries:
        if folder == _owned.get(os.getpid()) or folder.is_symlink() or not folder.is_dir():
            continue
        if _owner_gone(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def multiprocessing_tempdir(base: str | None = None) -> Path | None:
    """Give this process's ``multiprocessing`` (and Celery's billiard, which shares it) a temporary folder the
    service owns, instead of a ``pymp-*`` folder in the temp dir that stays behind when the process is killed:
    ``$TMPDIR/qujat-mp-<uid>/<pid>/`` (0700), locked by this process for its life, removed when it exits
    normally; the folders of processes that were killed are removed first (``sweep_multiprocessing_tempdirs``).
    Call before the first pool, fork server or listener is made. Idempotent; None when multiprocessing
    already made its own folder here, or the root is not a private folder of this user."""
    pid = os.getpid()
    if pid in _owned:
        return _owned[pid]
    config = multiprocessing.process.current_process()._config  # type: ignore[attr-defined]  # where mp keeps it
    if config.get("tempdir"):
        return None
    root = Path(base or tempfile.gettempdir()) / MP_ROOT.format(uid=os.getuid())
    folder = root / str(pid)  # short: multiprocessing binds AF_UNIX sockets (108 bytes) in it
    if len(os.fsencode(folder)) + len("/listener-12345678") >= _SUN_PATH:
        return None  # a deep TMPDIR: multiprocessing's own pymp-* folder is shorter
    for attempt in range(3):  # (another process may remove the empty root between our mkdir and mkdtemp)
        try:
            root.mkdir(mode=0o700, exist_ok=True)
            if root.is_symlink() or root.lstat().st_uid != os.getuid():
                return None  # someone else's folder: leave multiprocessing to its own
            os.chmod(root, 0o700)
            sweep_multiprocessing_tempdirs(base)
            shutil.rmtree(folder, ignore_errors=True)  # a dead process's that had this pid
            folder.mkdir(mode=0o700)
            fd = os.open(folder / _LOCK, os.O_CREAT | os.O_RDWR | os.O_CLOEXEC, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)  # kept open: forked children share it, exec'd ones do not
            break
        except FileNotFoundError:
            if attempt == 2:
                return None
        except OSError:
            return None
    _owned[pid] = folder
    config["tempdir"] = str(folder)

    def remove() -> None:
        if os.getpid() == pid:  # never in a forked child that inherited this registration
            shutil.rmtree(folder, ignore_errors=True)
            try:
                root.rmdir()  # the root too, when no other process has a folder in it
            except OSError:
                pass

    # after multiprocessing's own exit work (its fork server, listeners), as it removes its own pymp-* folder
    multiprocessing.util.Finalize(None, remove, exitpriority=-100)
    return folder
