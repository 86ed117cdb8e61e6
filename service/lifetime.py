"""Child processes that never outlive their parent: ``die_with_parent`` asks the Linux kernel to signal
this process when its parent ends, however the parent ends (SIGKILL included). A leaf module."""

from __future__ import annotations

import ctypes
import os
import signal

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
