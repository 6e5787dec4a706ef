"""Writes that a kill can never leave half done.

A single file is written to a temporary sibling and renamed over the target.
A whole folder (``data/processed``) is built beside the target and swapped in
with one ``renameat2(RENAME_EXCHANGE)`` call, so readers see the old set or the
new set of files, never a mix.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def umask() -> int:
    """The process's umask (read by setting it and putting it back; no other way in Python)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode ``open()`` would give a new file: 0o666 less the umask (0644 under 022).

    ``mkstemp`` makes its file 0600 whatever the umask says; the published files (reports,
    data) must be readable by a web server running as another user, like any file a user makes.
    """
    return 0o666 & ~umask()


def dir_mode() -> int:
    """The mode ``mkdir`` would give a new folder: 0o777 less the umask (0755 under 022)."""
    return 0o777 & ~umask()


def write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file, fsync, rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), file_mode())
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: str | os.PathLike, text: str) -> None:
    """Write UTF-8 text with LF line ends atomically."""
    write_bytes(path, text.encode("utf-8"))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one system call; False where the OS cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0


def recover(target: str | os.PathLike) -> None:
    """Undo what a run killed during the fallback swap may have left behind."""
    target = Path(target)
    parent = target.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(f".{target.name}.old-*"))
    if not target.exists() and olds:
        os.replace(olds[-1], target)
        olds = olds[:-1]
    for stale in olds + sorted(parent.glob(f".{target.name}.new-*")):
        shutil.rmtree(stale, ignore_errors=True)


@contextmanager
def replace_dir(target: str | os.PathLike) -> Iterator[Path]:
    """Yield an empty folder; on success it replaces ``target`` as a whole.

    If the body raises (or the process dies), ``target`` is untouched and the
    half-built folder is removed (on the next call, after a kill).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    new = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        yield new
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    os.chmod(new, dir_mode())  # mkdtemp makes it 0700
    if not target.exists():
        os.replace(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # now holds the old files
        return
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def add_files(target: str | os.PathLike, files: dict[str, bytes]) -> None:
    """Add new files to the folder ``target`` all at once: readers see the folder without any of
    them or with all of them, and a kill leaves no part behind.

    The folder is rebuilt beside itself from hard links to its files (no data is copied), the new
    files are written into it, and it is swapped in whole (``replace_dir``). A file that exists
    already is an error (``FileExistsError``): nothing is overwritten.
    """
    target = Path(target)
    for name in files:
        if Path(name).name != name or name.startswith("."):
            raise ValueError(f"not a plain file name: {name!r}")
        if (target / name).exists() or (target / name).is_symlink():
            raise FileExistsError(target / name)
    with replace_dir(target) as new:
        for p in sorted(target.iterdir()) if target.is_dir() else []:
            dst = new / p.name
            if p.is_symlink():
                os.symlink(os.readlink(p), dst)
            elif p.is_dir():
                shutil.copytree(p, dst, symlinks=True)
            else:
                try:
                    os.link(p, dst)
                except OSError:
                    shutil.copy2(p, dst)
        for name, data in files.items():
            with open(new / name, "xb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
