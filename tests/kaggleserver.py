"""A local stand-in for Kaggle's API on 127.0.0.1:7777 that kagglehub, Kaggle's own client, downloads a dataset from
(issue 15). kagglesdk talks to http://localhost:7777 when KAGGLE_API_ENVIRONMENT=TEST (kagglesdk/kaggle_env.py; the
port is fixed there), and kagglehub.dataset_download (kagglehub/http_resolver.py, DatasetHttpResolver) asks, as it
asks api.kaggle.com:

1. POST /api/v1/datasets.DatasetApiService/GetDataset {"ownerSlug", "datasetSlug"} with the credentials (Bearer
   KAGGLE_API_TOKEN, or Basic KAGGLE_USERNAME:KAGGLE_KEY): the dataset as JSON, `currentVersionNumber` among its
   fields. kagglehub does this on every call; it returns its cached copy when that version is in KAGGLEHUB_CACHE.
2. Otherwise POST /api/v1/datasets.DatasetApiService/DownloadDataset {"ownerSlug", "datasetSlug",
   "datasetVersionNumber"}: a 302 to a signed storage URL (another host, so requests drops the credentials), which
   answers the version's zip archive with its MD5 in X-Goog-Hash (kagglehub checks it), then extracts it.

A JSON answer {"code": 4xx, "message": ...} is an error to kagglesdk whatever its status. The tables served are
written by the tests; nothing here is third-party data."""

from __future__ import annotations

import base64
import contextlib
import errno
import fcntl
import hashlib
import http.server
import io
import json
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

__all__ = ["Kaggle", "PORT", "kaggle_stand_in"]

PORT = 7777  # kagglesdk's TEST environment: http://localhost:7777, fixed in kagglesdk/kaggle_env.py
API = "/api/v1/datasets.DatasetApiService/"
BLOBS = "/kaggle-data-sets/"
TABLE = "missile_attacks_daily.csv"
LOCK = Path(tempfile.gettempdir()) / f"strikes-kaggle-stand-in-{PORT}.lock"


@dataclass
class Kaggle:
    """What the stand-in serves: one dataset `handle` (OWNER/DATASET) and its versions (number -> the table's CSV
    bytes), the credentials it takes, how the requests under `failing_for` fail while `failing` is set (None: they
    do not), and what it was asked: each request ("POST /api/v1/...") and the version of each archive downloaded."""

    handle: str
    token: str = "stand-in-token"
    username: str = "stand-in-user"
    key: str = "stand-in-key"
    versions: dict[int, bytes] = field(default_factory=dict)
    failing: int | str | None = None  # a status, or "drop": the connection is closed unanswered
    failing_for: str = "/"  # only requests whose path starts with this fail
    asked: list[str] = field(default_factory=list)
    downloads: list[int] = field(default_factory=list)
    mark: str = field(default_factory=lambda: uuid.uuid4().hex)

    def publish(self, table: bytes) -> int:
        """Add a new version of the dataset holding `table`; returns its number."""
        number = max(self.versions, default=0) + 1
        self.versions[number] = table
        return number

    def archive(self, version: int) -> bytes:
        """The zip archive of a version, as Kaggle's storage serves a dataset's files."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(TABLE, self.versions[version])
        return out.getvalue()

    def authorised(self, header: str | None) -> bool:
        """Whether an Authorization header carries the credentials the stand-in takes."""
        basic = base64.b64encode(f"{self.username}:{self.key}".encode()).decode()
        return header in (f"Bearer {self.token}", f"Basic {basic}")


def _handler(kaggle: Kaggle):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status: int, body: bytes, ctype: str, headers: dict | None = None) -> None:
            self.send_response(status)
            for name, value in {"Content-Type": ctype, "Content-Length": str(len(body)), "X-Stand-In": kaggle.mark,
                                **(headers or {})}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, answer: dict) -> None:
            self._send(status, json.dumps(answer).encode(), "application/json")

        def _failed(self, body: bytes, ctype: str) -> bool:
            """Answers the request as `failing` says; False when it is not set."""
            if kaggle.failing is None or not self.path.startswith(kaggle.failing_for):
                return False
            if kaggle.failing == "drop":
                self.close_connection = True
            else:
                self._send(int(kaggle.failing), body, ctype)
            return True

        def do_POST(self):  # noqa: N802 - the http.server API
            kaggle.asked.append(f"POST {self.path}")
            asked = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            if self._failed(b"<html><body>Server Error</body></html>", "text/html"):
                return None
            if not kaggle.authorised(self.headers.get("Authorization")):
                return self._json(401, {"code": 401, "message": "Unauthenticated"})
            if f"{asked.get('ownerSlug')}/{asked.get('datasetSlug')}" != kaggle.handle or not kaggle.versions:
                return self._json(404, {"code": 404, "message": "Not found"})
            if self.path == API + "GetDataset":
                owner = kaggle.handle.split("/")[0]
                return self._json(200, {"ref": kaggle.handle, "title": "Test table", "ownerRef": owner,
                                        "url": f"https://www.kaggle.com/datasets/{kaggle.handle}",
                                        "currentVersionNumber": max(kaggle.versions)})
            version = asked.get("datasetVersionNumber")
            if self.path != API + "DownloadDataset" or version not in kaggle.versions:
                return self._json(404, {"code": 404, "message": "Not found"})
            signed = f"http://127.0.0.1:{PORT}{BLOBS}{version}/archive.zip?X-Goog-Algorithm=GOOG4-RSA-SHA256"
            self._send(302, b"", "text/plain", {"Location": signed})

        def do_GET(self):  # noqa: N802 - the http.server API
            kaggle.asked.append(f"GET {self.path}")
            if self._failed(b"<Error><Code>InternalError</Code></Error>", "application/xml"):
                return None
            version = self.path.removeprefix(BLOBS).split("/")[0]
            if not self.path.startswith(BLOBS) or not version.isdigit() or int(version) not in kaggle.versions:
                return self._send(404, b"<Error><Code>NoSuchKey</Code></Error>", "application/xml")
            body = kaggle.archive(int(version))
            kaggle.downloads.append(int(version))
            md5 = base64.b64encode(hashlib.md5(body).digest()).decode()
            self._send(200, body, "application/zip", {"X-Goog-Hash": f"md5={md5}", "Accept-Ranges": "bytes"})

    return Handler


@contextlib.contextmanager
def _port_held(wait: float = 300.0):
    """Holds the stand-in's port for this process: other test processes (xdist workers, other checkouts' runs)
    wait for it here, since kagglesdk's TEST environment knows no other port."""
    with LOCK.open("a") as fh:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    pytest.fail(f"{LOCK} was held for over {wait:.0f}s by another test process")
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _ours(kaggle: Kaggle) -> bool:
    """Whether http://localhost:PORT, as kagglesdk will reach it, is answered by this stand-in."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        opener.open(f"http://localhost:{PORT}/", timeout=5)
    except urllib.error.HTTPError as answer:
        return answer.headers.get("X-Stand-In") == kaggle.mark
    except OSError:
        return False
    return False


@contextlib.contextmanager
def kaggle_stand_in(kaggle: Kaggle):
    """Serve `kaggle` on 127.0.0.1:PORT in a thread while the block runs; skips the test, saying why, when another
    program has the port."""
    with _port_held():
        try:
            httpd = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), _handler(kaggle))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            pytest.skip(f"127.0.0.1:{PORT} is taken by another program; kagglesdk's TEST environment talks only to "
                        f"http://localhost:{PORT} (kagglesdk/kaggle_env.py)")
        httpd.daemon_threads = True
        thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        try:
            if not _ours(kaggle):
                pytest.skip(f"http://localhost:{PORT} is answered by another program, not the Kaggle stand-in on "
                            f"127.0.0.1:{PORT}")
            kaggle.asked.clear()
            yield kaggle
        finally:
            httpd.shutdown()
            httpd.server_close()
            thread.join()
