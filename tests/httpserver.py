"""A real HTTP(S) server on 127.0.0.1 for the ingest tests: pages, feeds, redirects,
slow answers, bombs and wrong charsets, each a route the test sets up.

It runs in a thread of the test process (``with TestServer() as srv``), binds an
ephemeral port on the loopback address only, and records every request it
gets, so a test can also show that a refused URL was never requested.
"""
from __future__ import annotations

import gzip
import http.server
import shutil
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Union

__all__ = ["TestServer", "Route", "make_self_signed_cert"]


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: Optional[str] = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # before the status line
    drip: float = 0.0  # seconds between the bytes of the body (a slow body)
    gzip: bool = False  # gzip the body and say so
    raw_gzip: Optional[bytes] = None  # send these bytes as the gzip body as they are
    etag: Optional[str] = None  # answer 304 to a matching If-None-Match
    handler: Optional[Callable] = None  # (request) -> Route, for answers that change


@dataclass
class Request:
    method: str
    path: str
    headers: dict


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "claimledger-test/1"

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):  # noqa: N802
        srv: TestServer = self.server.owner  # type: ignore[attr-defined]
        req = Request("GET", self.path, {k.lower(): v for k, v in self.headers.items()})
        srv.requests.append(req)
        route = srv.routes.get(self.path.split("?")[0]) or srv.routes.get(self.path)
        if route is None:
            self._send(404, {"Content-Type": "text/plain"}, b"not found")
            return
        if route.handler is not None:
            route = route.handler(req)
        if route.delay:
            time.sleep(route.delay)
        if route.etag and req.headers.get("if-none-match") == route.etag:
            self._send(304, {"ETag": route.etag}, b"")
            return
        headers = dict(route.headers)
        if route.content_type:
            headers["Content-Type"] = route.content_type
        if route.etag:
            headers["ETag"] = route.etag
        body = route.body
        if route.raw_gzip is not None:
            body = route.raw_gzip
            headers["Content-Encoding"] = "gzip"
        elif route.gzip:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        if route.drip:
            self.send_response(route.status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for i in range(len(body)):
                    self.wfile.write(body[i:i + 1])
                    self.wfile.flush()
                    time.sleep(route.drip)
            except OSError:
                pass
            return
        self._send(route.status, headers, body)

    def _send(self, status: int, headers: dict, body: bytes) -> None:
        try:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)
        except OSError:
            pass  # the client gave up (a size cap, a timeout): fine


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class TestServer:
    """``with TestServer() as srv: srv.route("/a.html", Route(body=...)); srv.url("/a.html")``."""

    __test__ = False  # not a pytest test class

    def __init__(self, tls: Optional[tuple[Path, Path]] = None):
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._tls = tls
        self._httpd: Optional[_Server] = None
        self._thread: Optional[threading.Thread] = None

    def __enter__(self) -> "TestServer":
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self  # type: ignore[attr-defined]
        if self._tls is not None:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(str(self._tls[0]), str(self._tls[1]))
            self._httpd.socket = ctx.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        assert self._httpd is not None
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def port(self) -> int:
        assert self._httpd is not None
        return self._httpd.server_address[1]

    @property
    def base(self) -> str:
        return f"{'https' if self._tls else 'http'}://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, route: Union[Route, bytes, str, None] = None, **kw) -> str:
        """Serve ``route`` at ``path`` (bytes/str: a UTF-8 HTML page); returns its URL."""
        if route is None:
            route = Route(**kw)
        elif isinstance(route, (bytes, str)):
            body = route.encode("utf-8") if isinstance(route, str) else route
            route = Route(body=body, **kw)
        self.routes[path] = route
        return self.url(path)

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path.split("?")[0] == path]


def make_self_signed_cert(folder: Path) -> Optional[tuple[Path, Path]]:
    """A self-signed certificate for 127.0.0.1 made with the openssl CLI, or None without it."""
    if shutil.which("openssl") is None:
        return None
    cert, key = folder / "cert.pem", folder / "key.pem"
    r = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        capture_output=True, timeout=60)
    return (cert, key) if r.returncode == 0 else None

