"""Worker processes die with their parent: the Linux parent-death signal (prctl PR_SET_PDEATHSIG).

A refresh extracts in a pool whose workers are forked by a fork server that the refresh started. When the
refresh is killed (kill -9, or SIGTERM with no handler) nothing would end them: the workers hold the pipe that
tells the fork server its clients are gone, so all of them lived on. Each worker calls `die_with_parent()`
when it starts (the pool's initializer), and the fork server does the same on start-up
(etl/forkserverguard.py, which only the fork server imports), so the kernel kills the fork server when the
refresh dies and each worker when the fork server dies. On other systems nothing changes.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

__all__ = ["die_with_parent"]

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Have the kernel SIGKILL this process when its parent ends; exit now if the parent is gone already."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:
        return  # not allowed here: the pool still works, as before
    if os.getppid() != parent or parent == 1:  # the parent ended before the signal was asked for
        os._exit(1)
