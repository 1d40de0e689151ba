"""URL sources: http and https only, with one time limit for the whole fetch (connecting, headers, redirects
and body: etl/sources/deadline.py) and a size cap.

Every failure raises FetchError with a message that names the URL, says what happened in plain
words and what the user can do about it.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request

from etl.sources.common import url_scheme
from etl.sources.deadline import Deadline, handlers
from etl.sources.limits import Limits

__all__ = ["FetchError", "Throttled", "fetch", "url_scheme", "SCHEMES"]

SCHEMES = ("http", "https")
USER_AGENT = "strikes-etl/0.1 (+https://example.org)"
CHUNK = 65536
MAX_REDIRECTS = 5


class FetchError(OSError):
    """A URL that could not be fetched."""


class Throttled(FetchError):
    """A server that answered 429 Too Many Requests; `retry_after` is the seconds it asked for, when it said."""

    def __init__(self, message: str, retry_after: float | None):
        super().__init__(message)
        self.retry_after = retry_after


def fetch(url: str, limits: Limits) -> tuple[bytes, str]:
    """The body and content type of an http(s) URL, read whole within the limits."""
    scheme = url_scheme(url)
    if scheme not in SCHEMES:
        raise FetchError(f"{url}: only http:// and https:// URLs can be read, not {scheme or 'this'}:")
    deadline = Deadline(limits.http_timeout)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with _opener(deadline).open(request, timeout=limits.http_timeout) as resp:
            return _read_body(url, resp, limits, deadline), resp.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        if exc.code == 429:
            raise Throttled(f"{url}: the server answered 429 {exc.reason} (too many requests); try again later",
                            _seconds(exc.headers.get("Retry-After") if exc.headers else None)) from exc
        hint = "try again later" if exc.code >= 500 else "check the address"
        raise FetchError(f"{url}: the server answered {exc.code} {exc.reason}; {hint}") from exc
    except FetchError:
        raise
    except (TimeoutError, urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        raise FetchError(f"{url}: {_failure(exc, limits, url, deadline)}") from exc
    finally:
        deadline.cancel()


def _seconds(value: str | None) -> float | None:
    """The seconds of a Retry-After header given in seconds (a date or anything else: None)."""
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _failure(exc: Exception, limits: Limits, url: str, deadline: Deadline) -> str:
    """What went wrong with a fetch, in words a user can act on."""
    if deadline.expired or isinstance(exc, TimeoutError):
        return _slow(limits)
    if isinstance(exc, urllib.error.URLError):
        return _unreachable(exc.reason, limits, url)
    return f"the connection failed while reading ({type(exc).__name__}: {exc}); try again later"


def _read_body(url: str, resp, limits: Limits, deadline: Deadline) -> bytes:
    """The whole body, refused as soon as it is known to be over the cap or too slow to arrive."""
    cap = limits.max_download_bytes
    declared = resp.headers.get("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > cap:
        raise FetchError(_too_big(url, f"{int(declared):,} bytes", cap))
    chunks: list[bytes] = []
    size = 0
    while True:
        if deadline.expired:
            raise FetchError(f"{url}: {_slow(limits)}")
        chunk = resp.read1(CHUNK)
        if not chunk:
            if deadline.expired:  # the end of the body was the deadline shutting the socket
                raise FetchError(f"{url}: {_slow(limits)}")
            return b"".join(chunks)
        size += len(chunk)
        if size > cap:
            raise FetchError(_too_big(url, "more than that", cap))
        chunks.append(chunk)


def _too_big(url: str, size: str, cap: int) -> str:
    return (f"{url}: the answer is larger than max_download_bytes ({cap:,} bytes; it is {size}); not read: "
            "check the address, or raise STRIKES_MAX_DOWNLOAD_BYTES if the source is right")


def _slow(limits: Limits) -> str:
    return (f"no complete answer within {limits.http_timeout:g} s (http_timeout); the server is slow "
            "or stalled: try again later, or raise STRIKES_HTTP_TIMEOUT")


def _unreachable(reason, limits: Limits, url: str) -> str:
    """Why a host could not be reached, in words a user can act on."""
    host = urllib.parse.urlsplit(url).netloc
    if isinstance(reason, TimeoutError):
        return _slow(limits)
    if isinstance(reason, socket.gaierror):
        return f"the host {host} cannot be found ({reason.strerror}); check the address and the network"
    if isinstance(reason, ConnectionRefusedError):
        return f"cannot connect to {host}: connection refused (nothing listens there); check the address, or try later"
    if isinstance(reason, ssl.SSLError):
        return f"the secure connection to {host} failed ({reason}); check the address"
    if isinstance(reason, OSError):
        return f"cannot connect to {host} ({reason.strerror or reason}); check the address and the network"
    return f"cannot be fetched ({reason})"


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a few redirects, only to http and https URLs."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if url_scheme(urllib.parse.urljoin(req.full_url, newurl)) not in SCHEMES:
            raise urllib.error.HTTPError(req.full_url, code, f"redirected to {newurl!r}, which is not an http(s) URL",
                                         headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(deadline: Deadline) -> urllib.request.OpenerDirector:
    """An opener with the http(s) handlers only (no file:, ftp: or data: URLs, even by redirect), every
    connection of it within one deadline."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.UnknownHandler(), *handlers(deadline),
                    urllib.request.HTTPDefaultErrorHandler(), _HttpOnlyRedirects(),
                    urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener
