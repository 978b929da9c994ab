"""Worker processes that end with the build and never hold its lock.

A build killed with SIGKILL or SIGTERM runs no clean-up: its worker
processes would finish their task and then wait forever for the next one,
and a forked worker holds a copy of every file descriptor of the build,
the lock's included, so every later build would be refused. Each worker
asks the kernel to kill it when the build process goes (Linux), and
descriptors registered here are closed in every forked child.
"""

from __future__ import annotations

import os
import signal

_close_in_children: set[int] = set()


def close_in_children(fd: int) -> None:
    """Close ``fd`` in every process forked from now on (until ``keep_in_children``)."""
    _close_in_children.add(fd)


def keep_in_children(fd: int) -> None:
    _close_in_children.discard(fd)


def _close_registered() -> None:
    for fd in list(_close_in_children):
        try:
            os.close(fd)
        except OSError:
            pass
    _close_in_children.clear()


os.register_at_fork(after_in_child=_close_registered)


def die_with_parent() -> None:
    """Worker start-up (a pool's ``initializer``): end with the process that started it,
    even when that one is killed."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown is all there is
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def raise_on_sigterm() -> None:
    """Turn SIGTERM into ``SystemExit`` in the main thread,
    so the build's clean-up runs as on Ctrl-C."""

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def stop_children() -> None:
    """Kill this process's worker processes now:
    a build that stops does not wait for their current task."""
    import multiprocessing

    for child in multiprocessing.active_children():
        child.kill()
