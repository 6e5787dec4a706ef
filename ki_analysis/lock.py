"""One run at a time: an advisory lock that dies with its holder.

``flock`` is released by the kernel when the holding process exits, however
it exits, so a lock left by a killed run is never stale: the next run takes it.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class LockedError(RuntimeError):
    """Another run holds the lock."""


@contextmanager
def run_lock(path: str | os.PathLike, *, wait_s: float = 0.0, what: str = "run") -> Iterator[None]:
    """Hold an exclusive lock on ``path``; wait up to ``wait_s`` seconds for it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
                    raise LockedError(
                        f"another {what} is running (pid {holder}, lock {path.name}); "
                        "wait for it to finish or try again later"
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the flock
