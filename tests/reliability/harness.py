"""Machinery of the reliability campaign: project copies, running ``ki``, snapshots.

Every test works on a copy of the project in a temporary folder and points the
``ki`` command at it with ``KI_ROOT``, so nothing in the checkout is touched.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TRACEBACK = "Traceback (most recent call last)"
GUARD_DIR_NAME = "_netguard"

#: Figures gathered while the tests run; printed by the summary hook in conftest.
FIGURES: dict[str, list[str]] = {}


def record(topic: str, line: str) -> None:
    """Note one figure for the end-of-session summary."""
    FIGURES.setdefault(topic, []).append(line)


# --------------------------------------------------------------------------- copies

_IGNORE = shutil.ignore_patterns(".processed.*", "__pycache__", ".ipynb_checkpoints", "*.pyc")


def copy_project(dest: Path) -> Path:
    """Copy what ``ki`` reads and writes (``data/``, ``notebooks/``) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "data", dest / "data", symlinks=True, ignore=_IGNORE)
    if (REPO / "notebooks").is_dir():
        shutil.copytree(REPO / "notebooks", dest / "notebooks", symlinks=True, ignore=_IGNORE)
    (dest / "reports").mkdir(exist_ok=True)
    if (REPO / "reports" / "README.md").is_file():
        shutil.copy2(REPO / "reports" / "README.md", dest / "reports" / "README.md")
    return dest


def once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """The folder ``make`` fills, made once per test run however many xdist workers ask.

    Under xdist each worker has its own session, so a session fixture would be set up once per
    worker. This folder sits beside the workers' temp dirs: the first worker makes it while the
    others wait on a lock. A ``.done`` mark is written only when ``make`` returns, so a failed
    setup is made again (and fails again) for the next worker, never taken for done.
    """
    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # shared by the workers of this run
    folder, mark = base / f"once-{name}", base / f"once-{name}.done"
    with (base / f"once-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not mark.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            mark.touch()
    return folder


def clone_tree(src: Path, dest: Path) -> Path:
    """Copy a prepared project copy (keeps symlinks as links)."""
    shutil.copytree(src, dest, symlinks=True)
    return dest


# --------------------------------------------------------------------------- running ki


def ki_env(root: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for a ``ki`` subprocess working on the project at ``root``."""
    env = dict(os.environ)
    env.update(
        KI_ROOT=str(root),
        MPLCONFIGDIR=str(root / ".ki" / "mpl"),
        JUPYTER_PLATFORM_DIRS="1",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONIOENCODING="utf-8",
        TQDM_DISABLE="1",
    )
    env.pop("PYTEST_CURRENT_TEST", None)
    if extra:
        env.update(extra)
    return env


def ki_cmd(*args: str) -> list[str]:
    """The ``ki`` command line, run by this interpreter (the project's venv)."""
    return [sys.executable, "-m", "ki_analysis.cli", *args]


def run_ki(
    root: Path, *args: str, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``ki ARGS`` on the project copy at ``root`` and return the finished process."""
    try:
        return subprocess.run(
            ki_cmd(*args),
            cwd=root,
            env=env or ki_env(root),
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(
            f"`ki {' '.join(args)}` did not finish within {timeout:.0f} s "
            "(a hang, e.g. catastrophic regex backtracking)"
        ) from exc


def _preload(command: str) -> None:
    """Import the command's module (pandas with it) here, once, so that forks start warm
    (``cli.main`` imports it lazily, so a fork would import it anew)."""
    from ki_analysis.cli import COMMANDS

    if command in COMMANDS:
        importlib.import_module(COMMANDS[command][0])


def start_ki_forked(root: Path, *args: str, out: Path, err: Path) -> int:
    """Start ``ki ARGS`` in a fork of this process (its own session); return its pid.

    The child runs the same ``ki_analysis.cli.main`` as the console script, but
    starts with the package already imported: on a five-document corpus the
    imports cost more than the build, the bad-input corpus runs ~90 builds, and
    a kill after N ms lands in the build rather than in ``import pandas``. An
    exception escaping ``main`` is printed as Python prints it, so a traceback
    shows up in stderr exactly as in a real run.
    """
    from ki_analysis import cli

    _preload(args[0] if args else "")
    fd_out = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    fd_err = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.setsid()  # its own process group, so a kill reaches kernels it starts
            os.environ.clear()
            os.environ.update(ki_env(root))
            os.chdir(root)
            os.dup2(fd_out, 1)
            os.dup2(fd_err, 2)
            # the forked child writes to fds 1 and 2 until it exits: no context manager
            sys.stdout = io.TextIOWrapper(open(1, "wb", closefd=False), encoding="utf-8", line_buffering=True)  # noqa: SIM115
            sys.stderr = io.TextIOWrapper(open(2, "wb", closefd=False), encoding="utf-8", line_buffering=True)  # noqa: SIM115
            try:
                code = cli.main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:
                traceback.print_exc()
                code = 1
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    os.close(fd_out)
    os.close(fd_err)
    return pid


def wait_pid(pid: int, timeout: float) -> int | None:
    """Exit code of ``pid`` once it ends, or None after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            return None
        time.sleep(0.01)


def kill_group(pid: int) -> None:
    """SIGKILL the process group of ``pid`` and reap ``pid``."""
    os.kill(pid, signal.SIGKILL)  # first the run itself: it may not have called setsid() yet
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def run_ki_forked(root: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``ki ARGS`` on the project copy at ``root`` in a fork (see ``start_ki_forked``)."""
    out = Path(tempfile.mkstemp(prefix="ki-out-", dir=root.parent)[1])
    err = Path(tempfile.mkstemp(prefix="ki-err-", dir=root.parent)[1])
    pid = start_ki_forked(root, *args, out=out, err=err)
    code = wait_pid(pid, timeout)
    if code is None:
        kill_group(pid)
        raise AssertionError(
            f"`ki {' '.join(args)}` did not finish within {timeout:.0f} s "
            "(a hang, e.g. catastrophic regex backtracking)"
        )
    result = subprocess.CompletedProcess(
        ["ki", *args],
        code,
        out.read_text(encoding="utf-8", errors="replace"),
        err.read_text(encoding="utf-8", errors="replace"),
    )
    out.unlink()
    err.unlink()
    return result


# --------------------------------------------------------------------------- snapshots


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree_state(folder: Path) -> dict[str, str]:
    """Relative path -> content hash of every file below ``folder`` (links by target)."""
    state: dict[str, str] = {}
    if not folder.exists():
        return state
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            state[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            state[rel] = sha256(path.read_bytes())
        elif path.is_dir():
            state[rel + "/"] = "dir"
    return state


def project_state(root: Path) -> dict[str, str]:
    """Snapshot of the whole copy except run state (``.ki/``: locks, caches)."""
    return {
        k: v
        for k, v in tree_state(root).items()
        if not k.startswith(".ki/") and k != ".ki/" and not k.startswith(GUARD_DIR_NAME)
    }


_STRAY = re.compile(r"(\.tmp$|\.part$|\.partial$|~$|^\..+\.(new|old)-|^tmp[a-z0-9_]{6,}$)")


def stray_files(root: Path) -> list[str]:
    """Temporary files and half-built folders left anywhere in the copy."""
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if rel.parts[0] in {".ki", GUARD_DIR_NAME}:
            continue
        if _STRAY.search(path.name):
            found.append(rel.as_posix())
    return sorted(found)


def state_diff(before: dict[str, str], after: dict[str, str]) -> str:
    """Human-readable difference of two snapshots (for assertion messages)."""
    lines = []
    for key in sorted(set(before) | set(after)):
        if key not in after:
            lines.append(f"  removed  {key}")
        elif key not in before:
            lines.append(f"  added    {key}")
        elif before[key] != after[key]:
            lines.append(f"  changed  {key}")
    return "\n".join(lines[:40]) or "  (none)"


def absolute_path_hits(folder: Path, needles: list[str]) -> list[str]:
    """Files below ``folder`` whose bytes contain one of ``needles`` (absolute paths)."""
    hits = []
    raw_needles = [n.encode() for n in needles if n]
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            for needle in raw_needles:
                if needle in data:
                    hits.append(f"{path.relative_to(folder).as_posix()}: {needle.decode()}")
    return hits


# --------------------------------------------------------------------------- network guard

GUARD_SOURCE = textwrap.dedent('''
    """Injected by ki-analysis's reliability tests through PYTHONPATH.

    Any socket connect, datagram or DNS lookup aimed at a non-loopback address
    fails and is written to $KI_NET_GUARD_LOG. Loopback and unix sockets stay
    open, because Jupyter kernels talk to their clients over loopback ZMQ.
    """
    import errno as _errno
    import ipaddress as _ip
    import os as _os
    import socket as _socket

    _LOG = _os.environ.get("KI_NET_GUARD_LOG")
    _LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


    def _is_local_host(host):
        if host is None:
            return True
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        host = str(host)
        if host in _LOCAL_NAMES:
            return True
        try:
            return _ip.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            return False


    def _is_local(sock, address):
        if getattr(sock, "family", None) == getattr(_socket, "AF_UNIX", object()):
            return True
        if isinstance(address, (str, bytes)):
            return True
        return _is_local_host(address[0])


    def _block(what, target):
        if _LOG:
            with open(_LOG, "a", encoding="utf-8") as fh:
                fh.write(f"pid {_os.getpid()} {what} {target!r}\\n")
        raise OSError(_errno.ENETUNREACH, f"network access blocked by the ki tests: {what} {target!r}")


    _connect = _socket.socket.connect
    _connect_ex = _socket.socket.connect_ex
    _sendto = _socket.socket.sendto
    _getaddrinfo = _socket.getaddrinfo
    _gethostbyname = _socket.gethostbyname


    def connect(self, address):
        if not _is_local(self, address):
            _block("connect", address)
        return _connect(self, address)


    def connect_ex(self, address):
        if not _is_local(self, address):
            _block("connect_ex", address)
        return _connect_ex(self, address)


    def sendto(self, data, *args):
        address = args[-1]
        if not _is_local(self, address):
            _block("sendto", address)
        return _sendto(self, data, *args)


    def getaddrinfo(host, *args, **kwargs):
        if not _is_local_host(host):
            _block("getaddrinfo", host)
        return _getaddrinfo(host, *args, **kwargs)


    def gethostbyname(host):
        if not _is_local_host(host):
            _block("gethostbyname", host)
        return _gethostbyname(host)


    _socket.socket.connect = connect
    _socket.socket.connect_ex = connect_ex
    _socket.socket.sendto = sendto
    _socket.getaddrinfo = getaddrinfo
    _socket.gethostbyname = gethostbyname
''')


def guard_env(root: Path, base: dict[str, str]) -> tuple[dict[str, str], Path]:
    """``base`` plus a sitecustomize that blocks non-loopback sockets; returns (env, log)."""
    guard_dir = root / GUARD_DIR_NAME
    guard_dir.mkdir(exist_ok=True)
    (guard_dir / "sitecustomize.py").write_text(GUARD_SOURCE, encoding="utf-8")
    log = guard_dir / "blocked.log"
    log.touch()
    env = dict(base)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(guard_dir), env.get("PYTHONPATH", "")] if p)
    env["KI_NET_GUARD_LOG"] = str(log)
    return env, log
