"""One load-test client: a browser tab's keep-alive HTTP/1.1 connection, sending a callback at a time.

bench/load.py's 50 clients run on the same 2 cores as the server they measure, so what a client spends on a request
is taken from the server. httpx's pool of 50 connections cost about 7 ms of CPU a request (py-spy: 30% of the client
in choosing a connection, each check asking every connection's socket for its peer; an `import sniffio` that fails,
searching sys.path, at every request), as much as the server's answer. Here each client owns one connection, as a
browser tab does, speaks HTTP/1.1 through h11 (what httpx uses underneath) and sends the request a browser's
fetch() sends: the same JSON body, Content-Type and Accept JSON, gzip, deflate and br accepted. The answer is read
in full, decompressed as its Content-Encoding says and parsed as JSON by bench/load.py's check(), as before.
"""

from __future__ import annotations

import asyncio
import gzip
import zlib

import brotli
import h11
import orjson

__all__ = ["Connection", "Answer", "ClientError", "encoded"]

ACCEPT_ENCODING = b"gzip, deflate, br"
READ = 256 * 1024


class ClientError(Exception):
    """A failed connection, a broken answer or a timeout (bench/load.py counts it as an error)."""


def encoded(body: dict) -> bytes:
    """A request body as the browser sends it: compact JSON."""
    return orjson.dumps(body)


class Answer:
    """What the server answered: status, headers and the decompressed body (the parts of an httpx response that
    bench/load.py's check() reads)."""

    def __init__(self, status_code: int, headers: dict[bytes, bytes], content: bytes):
        self.status_code, self.headers, self.content = status_code, headers, content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self):
        return orjson.loads(self.content)


class Connection:
    """A keep-alive connection to host:port, opened again when the server closed it."""

    def __init__(self, host: str, port: int, timeout: float):
        self.host, self.port, self.timeout = host, port, timeout
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self._h11: h11.Connection | None = None

    async def post(self, target: str, body: bytes) -> Answer:
        """POST a JSON body and read the whole answer (ClientError when that fails or takes over `timeout` s)."""
        try:
            async with asyncio.timeout(self.timeout):
                return await self._post(target, body)
        except (OSError, TimeoutError, h11.ProtocolError, zlib.error, brotli.error, EOFError) as exc:
            await self.close()
            raise ClientError(f"{type(exc).__name__}: {exc}") from exc

    async def _post(self, target: str, body: bytes) -> Answer:
        if self._streams is None or self._h11 is None or self._h11.our_state is not h11.IDLE:
            await self.close()
            self._streams = await asyncio.open_connection(self.host, self.port)
            self._h11 = h11.Connection(h11.CLIENT)
        reader, writer = self._streams
        conn = self._h11
        headers = [(b"Host", f"{self.host}:{self.port}".encode()), (b"Connection", b"keep-alive"),
                   (b"Content-Type", b"application/json"), (b"Accept", b"application/json"),
                   (b"Accept-Encoding", ACCEPT_ENCODING), (b"Content-Length", str(len(body)).encode())]
        writer.write(conn.send(h11.Request(method="POST", target=target, headers=headers))
                     + conn.send(h11.Data(data=body)) + conn.send(h11.EndOfMessage()))
        status, got, chunks = 0, {}, []
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                data = await reader.read(READ)
                if not data:
                    raise EOFError("the server closed the connection before answering in full")
                conn.receive_data(data)
            elif isinstance(event, h11.Response):
                status, got = event.status_code, {k.lower(): v for k, v in event.headers}
            elif isinstance(event, h11.Data):
                chunks.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage):
                break
            elif isinstance(event, h11.ConnectionClosed):
                raise EOFError("the server closed the connection")
        if conn.our_state is h11.DONE and conn.their_state is h11.DONE:
            conn.start_next_cycle()
        else:  # the server asked to close: open a new connection for the next request
            await self.close()
        return Answer(status, got, _decoded(b"".join(chunks), got.get(b"content-encoding", b"")))

    async def close(self) -> None:
        if self._streams is not None:
            writer = self._streams[1]
            self._streams, self._h11 = None, None
            writer.close()
            try:
                await writer.wait_closed()
            except OSError:
                pass


def _decoded(content: bytes, encoding: bytes) -> bytes:
    """The body without its Content-Encoding."""
    for coding in reversed([c.strip() for c in encoding.lower().split(b",") if c.strip()]):
        if coding == b"br":
            content = brotli.decompress(content)
        elif coding == b"gzip":
            content = gzip.decompress(content)
        elif coding == b"deflate":
            content = zlib.decompress(content)
        elif coding != b"identity":
            raise zlib.error(f"unknown Content-Encoding {coding.decode(errors='replace')}")
    return content
