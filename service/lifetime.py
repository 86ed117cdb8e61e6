"""Child processes that never outlive their parent: ``die_with_parent`` asks the Linux kernel to signal
this process when its parent ends, however the parent ends (SIGKILL included). A leaf module."""

from __future__ import annotations

import ctypes
import os
import select
import signal
import threading
import time

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
