"""``ki add URL``: the one place that uses the network.

A page is fetched over HTTP(S) with a timeout for the whole transfer, a size limit and an
honest user agent; redirects are followed a few times (a loop is an error). The bytes are kept
exactly as received, with the final URL and the time of retrieval.
"""

from __future__ import annotations

import datetime as dt
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from importlib.metadata import version
from urllib.parse import urlsplit

from .. import config
from ..errors import InputError

MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Fetched:
    url: str  # as asked for
    final_url: str  # after redirects
    data: bytes
    content_type: str | None
    retrieved_at: dt.datetime  # UTC


def user_agent() -> str:
    """Names the tool, its version and what it is for."""
    return (
        f"ki-analysis/{version('ki-analysis')} (research on press releases about NRW's "
        "Kommunale Integrationszentren; one request per release, by hand)"
    )


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS
    max_repeats = 1  # the same address twice is a loop


def is_url(value: str) -> bool:
    return urlsplit(value).scheme in ("http", "https")


def fetch(
    url: str,
    *,
    timeout_s: float | None = None,
    max_bytes: int | None = None,
) -> Fetched:
    """GET ``url``; ``InputError`` with one clear reason for every way it can fail. The limits
    default to ``config.FETCH_TIMEOUT_S`` and ``config.MAX_ORIGINAL_BYTES``."""
    timeout_s = config.FETCH_TIMEOUT_S if timeout_s is None else timeout_s
    max_bytes = config.MAX_ORIGINAL_BYTES if max_bytes is None else max_bytes
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(url, "is not an http(s) address")
    opener = urllib.request.build_opener(_Redirects())
    req = urllib.request.Request(url, headers={"User-Agent": user_agent(), "Accept": "*/*"})
    deadline = time.monotonic() + timeout_s
    try:
        with opener.open(req, timeout=timeout_s) as resp:
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise InputError(url, f"is {int(length):,} bytes; the limit is {max_bytes:,}")
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise InputError(url, f"timed out after {timeout_s:g} s (the transfer did not finish)")
                chunk = resp.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise InputError(url, f"is larger than the limit of {max_bytes:,} bytes")
                chunks.append(chunk)
            return Fetched(
                url=url,
                final_url=resp.geturl(),
                data=b"".join(chunks),
                content_type=resp.headers.get("Content-Type"),
                retrieved_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
            )
    except InputError:
        raise
    except urllib.error.HTTPError as err:
        if 300 <= err.code < 400:
            raise InputError(url, f"redirects in a loop or more than {MAX_REDIRECTS} times") from None
        raise InputError(url, f"answered HTTP {err.code} {err.reason}") from None
    except urllib.error.URLError as err:
        reason = err.reason
        if isinstance(reason, socket.timeout | TimeoutError):
            raise InputError(url, f"timed out after {timeout_s:g} s") from None
        raise InputError(url, f"cannot be reached ({reason})") from None
    except TimeoutError:
        raise InputError(url, f"timed out after {timeout_s:g} s") from None
    except (OSError, ValueError) as err:
        raise InputError(url, f"cannot be fetched ({err})") from None
