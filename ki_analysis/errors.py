"""Errors that are the user's to fix: the CLI prints them without a traceback."""

from __future__ import annotations


class KiError(Exception):
    """A clear, user-facing error. ``str(err)`` names the file and the reason."""

    exit_code = 2


class InputError(KiError):
    """Bad input (a raw file, a sidecar, a parameter)."""

    def __init__(self, path: object, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
