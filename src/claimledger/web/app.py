"""The application: configuration, the guard in front of every request, errors, caching.

Security, in the order a request meets it:

* **Host check** (``allowed_hosts``): a server bound to 127.0.0.1 answers only to
  ``localhost``-type Host headers, so a web page on another site cannot reach it
  through DNS rebinding.
* **Size limit** (``max_body``): a body whose Content-Length, or whose streamed
  bytes, exceed the limit is refused with 413 before it is read whole.
* **Token** (``token``): every write (POST) needs ``Authorization: Bearer <token>``
  (or HTTP Basic with the token as password, which browsers send for forms);
  with ``private`` every read needs it too. Tokens are compared in constant time.
* **Cross-site posts**: a form POST whose Origin is another site is refused, so a
  page elsewhere cannot make a logged-in browser ingest for it.
* **Headers** on every response: a Content-Security-Policy without inline scripts
  or styles (``script-src 'self'``: the one small script is a static file), no
  framing, no MIME sniffing, no referrer.
* Every page is rendered by Jinja2 with autoescaping; no stored string ever
  reaches the page unescaped, and links are only made of http(s) URLs.

Reads are cached: the ledger is append-only, so :meth:`Ledger.state` (counts
and newest ids) changes whenever an answer could; GET responses are kept by
(state, URL) and carry an ETag (a hash of the body), answered with 304 when the
client already has it. Reconciliation (figures, grades, sources) is computed
once per state.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import threading
import time
from collections import OrderedDict
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, Sequence, Union
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..ingest.fetch import FetchPolicy
from ..ledger import Ledger
from .problems import Problem, from_status

log = logging.getLogger("claimledger.web")

HERE = Path(__file__).resolve().parent
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
MIN_TOKEN = 16

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),  # same-origin posts keep their Origin; other sites get nothing
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]


@dataclass
class WebConfig:
    """How ``claimledger serve`` behaves; see docs/web.md."""

    db: Optional[str] = None
    token: Optional[str] = None  # CLAIMLEDGER_TOKEN: needed for writes when set
    private: bool = False  # reads need the token too
    max_body: int = 5_000_000  # bytes of one request body
    max_batch: int = 50  # items of one ingest request
    max_page: int = 500  # largest page (limit) a list endpoint gives
    allowed_hosts: Optional[Sequence[str]] = None  # Host header names answered to (None: any)
    fetch: FetchPolicy = field(default_factory=FetchPolicy)  # URL ingest: private addresses refused
    register: Optional[str] = None  # source register YAML (None: $CLAIMLEDGER_SOURCES or bundled)
    rules: Optional[str] = None  # reconciliation rules YAML
    cache_entries: int = 512
    cache_bytes: int = 256_000_000  # total size of the cached responses
    figure_wait: float = 2.0  # seconds a figure request waits for fresh figures before answering the newest
    reconcile_at_start: bool = True  # start reconciling when the server starts
    figure_relations: int = 50  # relations per list in a figure's JSON unless asked (?relations=)


def is_loopback(host: str) -> bool:
    h = host.strip("[]")
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: Optional[str], private: bool = False) -> Optional[str]:
    """Why the server must not start on ``host`` with this token (None: it may).

    Off the loopback interface anyone on the network can reach the server, so a
    token is required for writes; ``private`` (reads too) always needs one."""
    if token is not None and len(token) < MIN_TOKEN:
        return f"CLAIMLEDGER_TOKEN is too short: use at least {MIN_TOKEN} random characters"
    if not is_loopback(host) and not token:
        return (f"--host {host} makes the ledger reachable from the network: set CLAIMLEDGER_TOKEN "
                f"(at least {MIN_TOKEN} random characters) so that writes need it")
    if private and not token:
        return "--private (reads need the token) requires CLAIMLEDGER_TOKEN"
    return None


# --- the service behind the routes -------------------------------------------------------------


class Web:
    """One ledger and what the routes share: caches, the extraction lock, the fetcher."""

    def __init__(self, config: WebConfig, ledger: Optional[Ledger] = None):
        self.config = config
        self.ledger = ledger or Ledger(config.db)
        self._own_ledger = ledger is None
        self._lock = threading.Lock()
        self._extract_lock = threading.Lock()
        self._responses: OrderedDict = OrderedDict()
        self._cache_size = 0  # bytes of the bodies in _responses
        self._gz: OrderedDict = OrderedDict()  # ETag -> the body gzip-compressed
        self._gz_size = 0
        self._inflight: dict[tuple, threading.Event] = {}  # keys being answered now
        self._rec: Optional[tuple] = None  # (ledger state, reconciliation, grades)
        self._rec_lock = threading.Lock()
        self._rec_cv = threading.Condition()
        self._wanted: Optional[tuple] = None
        self._rec_running = False
        self._rec_error: Optional[BaseException] = None
        self._sources: Optional[tuple] = None
        self._fetcher = None
        self.figure_of: dict[str, str] = {}  # claim id -> figure id, of the cached reconciliation
        self._bodies: tuple = (None, {})  # (the newest reconciliation, figure id -> its JSON)

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
        if self._own_ledger:
            self.ledger.close()

    # -- caches ------------------------------------------------------------------------------

    def state(self) -> tuple:
        return self.ledger.state()

    def cached(self, key: tuple, make: Callable[[], tuple[bytes, str, dict]]) -> tuple[bytes, str, dict]:
        """(body, media type, headers) for ``key`` (which must include the ledger state).

        Kept by recency up to ``cache_entries`` answers and ``cache_bytes`` bytes (a body
        larger than a tenth of that is not kept). Identical requests that arrive while the
        first is being answered wait for it rather than repeat its work, so a burst on one
        slow URL costs one computation."""
        with self._lock:
            hit = self._responses.get(key)
            if hit is not None:
                self._responses.move_to_end(key)
                return hit
            pending = self._inflight.get(key)
            first = pending is None
            if first:
                pending = self._inflight[key] = threading.Event()
        if not first:
            pending.wait(timeout=60.0)
            with self._lock:
                hit = self._responses.get(key)
            return hit if hit is not None else make()  # the first one failed or was not kept
        try:
            value = make()
            value = (value[0], value[1], {"ETag": etag_of(value[0]), **value[2]})  # hashed once, not per request
            size = len(value[0])
            if size <= self.config.cache_bytes // 10:
                with self._lock:
                    old = self._responses.pop(key, None)
                    self._cache_size -= len(old[0]) if old else 0
                    self._responses[key] = value
                    self._cache_size += size
                    while self._responses and (len(self._responses) > self.config.cache_entries
                                               or self._cache_size > self.config.cache_bytes):
                        _, dropped = self._responses.popitem(last=False)
                        self._cache_size -= len(dropped[0])
            return value
        finally:
            with self._lock:
                self._inflight.pop(key, None)
            pending.set()

    def gzipped(self, tag: str, body: bytes) -> bytes:
        """``body`` gzip-compressed, remembered by its ETag (up to a tenth of ``cache_bytes``)."""
        import gzip

        with self._lock:
            hit = self._gz.get(tag)
            if hit is not None:
                self._gz.move_to_end(tag)
                return hit
        gz = gzip.compress(body, compresslevel=5, mtime=0)
        with self._lock:
            self._gz[tag] = gz
            self._gz_size += len(gz)
            while self._gz and self._gz_size > self.config.cache_bytes // 10:
                _, dropped = self._gz.popitem(last=False)
                self._gz_size -= len(dropped)
        return gz

    def reconciliation(self, state: Optional[tuple] = None, *, wait: Union[bool, float] = True):
        """(reconciliation of the whole ledger, claim id -> grade); see :meth:`snapshot`."""
        _, rec, grades = self.snapshot(state, wait=wait)
        return rec, grades

    def snapshot(self, state: Optional[tuple] = None, *, wait: Union[bool, float] = True):
        """(ledger state it was made of, reconciliation, claim id -> grade), computed once per
        ledger state in a background thread.

        ``wait=True`` blocks until the reconciliation includes ``state`` (default: now);
        ``wait=False`` never blocks: it answers the newest result there is (perhaps of an
        earlier state, or ``(None, None, {})`` before the first one); a number of seconds waits
        that long for the fresh result and then answers the newest there is (waiting on if
        there is none yet). Reconciling a large ledger takes seconds to minutes, so the
        figures of a busy ledger are answered from the previous state while the next one is
        worked out, and say so (:meth:`figures_headers`)."""
        state = state or self.state()
        deadline = None if wait is True else time.monotonic() + (0.0 if wait is False else float(wait))
        with self._rec_cv:
            if self._rec is not None and self._rec[0] == state:
                return self._rec
            if self._wanted is None or not _at_least(self._wanted, state):
                self._wanted = state
            if not self._rec_running:
                self._start_worker()
            if wait is False:
                return self._rec if self._rec is not None else (None, None, {})
            while self._rec is None or not _at_least(self._rec[0], state):
                if self._rec_error is not None:
                    raise self._rec_error
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0 and self._rec is not None:
                    return self._rec  # the newest there is; the worker goes on
                if not self._rec_running:  # a worker that ended without reaching our state: go again
                    self._wanted = state
                    self._start_worker()
                self._rec_cv.wait(timeout=1.0 if left is None or left <= 0 else min(1.0, left))
            return self._rec

    def _start_worker(self) -> None:
        self._rec_running = True
        self._rec_error = None
        threading.Thread(target=self._reconcile_worker, name="claimledger-reconcile", daemon=True).start()

    def rec_version(self) -> Optional[tuple]:
        """The ledger state of the reconciliation at hand (part of cache keys of pages that use it)."""
        with self._rec_cv:
            return self._rec[0] if self._rec is not None else None

    def figures_headers(self, rec_state: Optional[tuple]) -> dict[str, str]:
        """``X-Claimledger-Figures``: ``current`` when the figures include everything the
        ledger holds, ``updating`` when they are of an earlier state and newer ones are being
        worked out."""
        return {"X-Claimledger-Figures": "current" if rec_state == self.state() else "updating"}

    def progress(self) -> dict[str, Any]:
        """Where reconciliation stands (for /healthz and for benchmarks waiting on it)."""
        state = self.state()
        with self._rec_cv:
            if self._rec is None:
                return {"figures": "none", "figure_bodies": [0, 0]}
            rec_state, rec = self._rec[0], self._rec[1]
            made = len(self._bodies[1]) if self._bodies[0] is rec else 0
        return {"figures": "current" if rec_state == state else "updating",
                "figure_bodies": [made, len(rec.figures)]}

    def figure_body(self, rec, fig) -> bytes:
        """The JSON of ``fig`` as ``GET /api/figures/{id}`` sends it by default, made once per
        reconciliation (the worker makes them all as soon as a reconciliation is done, so
        that no request pays for a large figure)."""
        owner, bodies = self._bodies
        if owner is not rec:
            bodies = {}  # a request still answering from an earlier reconciliation: not kept
        body = bodies.get(fig.id)
        if body is None:
            body = bodies[fig.id] = json_bytes(fig.to_dict(relations=self.config.figure_relations, brief=True))
        return body

    def _reconcile_worker(self) -> None:
        from ..reconcile import Rules, load_register, reconcile_ledger

        while True:
            with self._rec_cv:
                target = self._wanted
                if target is None or (self._rec is not None and _at_least(self._rec[0], target)):
                    self._rec_running = False
                    self._rec_cv.notify_all()
                    return
            try:
                reg = load_register(self.config.register)
                rules = Rules.load(self.config.rules) if self.config.rules else None
                rec = reconcile_ledger(self.ledger, register=reg, rules=rules)
                grades = {cid: p.grade for p in rec.points() for cid in p.claim_ids}
                figure_of = {cid: p.figure_id for p in rec.points() if p.figure_id for cid in p.claim_ids}
            except Exception as exc:  # noqa: BLE001 - handed to the waiting requests
                log.exception("reconciliation failed")
                with self._rec_cv:
                    self._rec_error, self._wanted, self._rec_running = exc, None, False
                    self._rec_cv.notify_all()
                return
            bodies: dict[str, bytes] = {}
            with self._rec_cv:
                self._rec = (target, rec, grades)
                self._bodies = (rec, bodies)  # only the newest reconciliation's bodies are kept
                self.figure_of = figure_of
                self._rec_cv.notify_all()
            _settle_heap()
            for fig in rec.figures:  # the figure bodies, unless a newer state is wanted already
                with self._rec_cv:
                    if self._wanted != target:
                        break
                if fig.id not in bodies:
                    try:
                        self.figure_body(rec, fig)
                    except Exception:  # noqa: BLE001 - a request will make it and report the error
                        log.exception("figure %s", fig.id)

    def sources(self, state: Optional[tuple] = None) -> dict:
        from ..api import sources

        state = state or self.state()
        with self._rec_lock:
            if self._sources is not None and self._sources[0] == state:
                return self._sources[1]
        res = sources(self.ledger.url, register=self.config.register)
        with self._rec_lock:
            self._sources = (state, res)
        return res

    # -- ingest --------------------------------------------------------------------------------

    def fetcher(self):
        from ..ingest.fetch import Fetcher

        with self._lock:
            if self._fetcher is None:
                self._fetcher = Fetcher(self.config.fetch)
            return self._fetcher

    def extract(self, docs: list):
        """Claims of each document (one parse at a time: the spaCy pipeline is shared)."""
        from ..extract import extract_documents, shared_nlp

        with self._extract_lock:
            return list(extract_documents(docs, nlp=shared_nlp()))


def _settle_heap() -> None:
    """Take the reconciliation just made out of the garbage collector's sight.

    A large ledger's reconciliation is millions of long-lived objects; every full
    collection would walk them all, and the requests waiting meanwhile see pauses of a
    second or more. Frozen objects are skipped; the previous reconciliation, unfrozen
    first, is collected here, once."""
    import gc

    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _at_least(a: tuple, b: tuple) -> bool:
    """Whether ledger state ``a`` includes everything of state ``b`` (the ledger only grows)."""
    return all(x >= y for x, y in zip(a, b))


# --- the guard (pure ASGI, in front of everything) -------------------------------------------------


class _TooLarge(StarletteHTTPException):
    """Raised while the body streams in. An HTTPException, so FastAPI's body parsing lets it
    through (it turns other errors into 400) and the handler answers 413."""

    def __init__(self, limit: int):
        super().__init__(413, f"the request body is larger than {limit:,} bytes")


class Guard:
    """Host check, body size limit and security headers for every request and response."""

    def __init__(self, app, config: WebConfig):
        self.app = app
        self.config = config
        self.hosts = {h.lower().strip("[]") for h in config.allowed_hosts} if config.allowed_hosts else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_secure(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in names]
            await send(message)

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        path = scope.get("path", "")
        if self.hosts is not None:
            host = _host_name(headers.get("host", ""))
            if host not in self.hosts:
                resp = Problem(400, "bad-host", f"this server does not answer to host {host!r}").response(path)
                return await resp(scope, receive, send_secure)
        limit = self.config.max_body
        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                return await Problem(400, "bad-parameter", "Content-Length is not a number").response(path)(
                    scope, receive, send_secure)
            if int(length) > limit:
                return await _too_large(limit, path)(scope, receive, send_secure)
        seen = 0

        async def receive_capped():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge(limit)
            return message

        started = False

        async def send_tracked(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send_secure(message)

        try:
            await self.app(scope, receive_capped, send_tracked)
        except _TooLarge:
            if not started:
                await _too_large(limit, path)(scope, receive, send_secure)


def _too_large(limit: int, path: str):
    return Problem(413, "too-large", f"the request body is larger than {limit:,} bytes").response(path)


def _host_name(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


# --- auth --------------------------------------------------------------------------------------


def presented_token(request: Request) -> Optional[str]:
    auth = request.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if scheme.lower() == "basic":
        try:
            return base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")[2]
        except (ValueError, UnicodeDecodeError):
            return None
    return None


def token_ok(web: Web, token: Optional[str]) -> bool:
    want = web.config.token
    if not want:
        return True
    return token is not None and hmac.compare_digest(token.encode("utf-8"), want.encode("utf-8"))


def _challenge(request: Request) -> dict[str, str]:
    if request.url.path.startswith("/api/"):
        return {"WWW-Authenticate": 'Bearer realm="claimledger"'}
    return {"WWW-Authenticate": 'Basic realm="claimledger", charset="UTF-8"'}


def need_read(request: Request) -> None:
    web: Web = request.app.state.web
    if web.config.private and not token_ok(web, presented_token(request)):
        raise Problem(401, "unauthorized", "this server needs its API token for every request",
                      headers=_challenge(request))


def need_write(request: Request, form_token: Optional[str] = None) -> None:
    web: Web = request.app.state.web
    if not token_ok(web, form_token or presented_token(request)):
        raise Problem(401, "unauthorized", "writing to this ledger needs the server's API token",
                      headers=_challenge(request))


def same_origin(request: Request) -> None:
    """Refuse a browser's cross-site POST (Origin of another site, or Sec-Fetch-Site: cross-site)."""
    site = request.headers.get("sec-fetch-site")
    if site in ("cross-site", "same-site"):
        raise Problem(403, "forbidden", "cross-site form posts are refused")
    if site == "same-origin":
        return
    origin = request.headers.get("origin")
    if origin and origin != "null":
        o = urlsplit(origin)
        if (o.netloc or "").lower() != request.headers.get("host", "").lower():
            raise Problem(403, "forbidden", f"a form posted from {origin} is refused")
    elif origin == "null":
        raise Problem(403, "forbidden", "a form posted from an opaque origin is refused")


# --- strict query parameters -------------------------------------------------------------------


def _query_fields(dependant) -> list:
    out = list(dependant.query_params)
    for sub in dependant.dependencies:
        out.extend(_query_fields(sub))
    return out


_ALLOWED_CACHE: dict[int, tuple[set, set]] = {}


def strict_query(request: Request) -> None:
    """Unknown, repeated or absurd query parameters are a 400 problem, not silently ignored."""
    from fastapi.dependencies.utils import field_annotation_is_sequence

    route = request.scope.get("route")
    dep = getattr(route, "dependant", None)
    if dep is None:
        return
    known = _ALLOWED_CACHE.get(id(route))
    if known is None:
        fields = _query_fields(dep)
        known = ({f.alias for f in fields},
                 {f.alias for f in fields if field_annotation_is_sequence(f.field_info.annotation)})
        _ALLOWED_CACHE[id(route)] = known
    allowed, multi = known
    qp = request.query_params
    for key in qp.keys():
        if key not in allowed:
            raise Problem(400, "unknown-parameter",
                          f"{key[:60]!r} is not a parameter of {request.url.path}",
                          known=sorted(allowed))
        if key not in multi and len(qp.getlist(key)) > 1:
            raise Problem(400, "repeated-parameter", f"{key!r} takes one value")
    for key, value in qp.multi_items():
        if len(value) > 1000:
            raise Problem(400, "bad-parameter", f"{key!r} is longer than 1,000 characters")
        if "\x00" in value:
            raise Problem(400, "bad-parameter", f"{key!r} contains a NUL character")


class Redirect(Exception):
    def __init__(self, url: str):
        self.url = url


def clean_query(request: Request) -> None:
    """Pages: a form submits its empty fields too (``?q=&since=``); send the browser to the
    same view without them, so the shareable link holds only the filters that are set."""
    items = request.query_params.multi_items()
    if any(v == "" for _, v in items):
        from urllib.parse import urlencode

        kept = [(k, v) for k, v in items if v != ""]
        raise Redirect(request.url.path + ("?" + urlencode(kept) if kept else ""))


# --- responses with ETags ----------------------------------------------------------------------


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


#: Bodies at least this long, of these media types, are sent gzip-compressed to clients that accept it.
GZIP_MIN = 2_000
_COMPRESSIBLE = ("json", "text/", "csv", "xml", "tab-separated")


def conditional(request: Request, body: bytes, media_type: str, headers: Optional[dict] = None,
                status: int = 200) -> Response:
    """``body`` with its ETag, or 304 if the client sent that ETag in If-None-Match.

    JSON and pages compress about tenfold, so a client that accepts gzip gets the body
    compressed (a figure of a thousand points is ~800 kB of JSON); the compressed form is
    another representation, with its own ETag (``-gz`` appended) and is kept beside the
    cached answer, so it is compressed once."""
    web: Web = request.app.state.web
    tag = (headers or {}).get("ETag") or etag_of(body)
    h = {"ETag": tag, "Cache-Control": ("private, " if web.config.private else "") + "no-cache",
         "Vary": "Accept, Accept-Encoding, Authorization"}
    h.update(headers or {})
    gz = None
    if status == 200 and len(body) >= GZIP_MIN and any(k in media_type for k in _COMPRESSIBLE) \
            and _accepts_gzip(request):
        gz = web.gzipped(tag, body)
        h["ETag"] = tag = tag[:-1] + '-gz"'
        h["Content-Encoding"] = "gzip"
    inm = request.headers.get("if-none-match")
    if inm and status == 200:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        if tag in tags or "*" in tags:
            return Response(status_code=304, headers={k: v for k, v in h.items()
                                                      if k not in ("Content-Disposition", "Content-Encoding")})
    return Response(gz if gz is not None else body, status_code=status, media_type=media_type, headers=h)


def _accepts_gzip(request: Request) -> bool:
    for part in request.headers.get("accept-encoding", "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() == "gzip":
            return params.replace(" ", "").lower() not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def cached_get(request: Request, make: Callable[[], tuple[bytes, str, dict]], *extra: Any) -> Response:
    """A GET answer kept per (ledger state, URL, ``extra``) and sent with its ETag."""
    web: Web = request.app.state.web
    key = (web.state(), request.url.path, str(request.url.query), *extra)
    body, media_type, headers = web.cached(key, make)
    return conditional(request, body, media_type, headers)


# --- errors ------------------------------------------------------------------------------------


def wants_html(request: Request) -> bool:
    """Pages answer errors with an HTML page unless the client asks for JSON; the API never."""
    path = request.url.path
    if path.startswith("/api/") or path in ("/openapi.json", "/healthz"):
        return False
    accept = request.headers.get("accept", "")
    return not ("json" in accept and "text/html" not in accept)


def error_response(request: Request, problem: Problem) -> Response:
    if wants_html(request):
        from .pages import render_error

        return render_error(request, problem)
    return problem.response(request.url.path)


def _validation_errors(exc: RequestValidationError) -> list[dict]:
    out = []
    for e in exc.errors()[:20]:
        loc = [str(x) for x in e.get("loc", ())]
        where = loc[0] if loc else "request"
        out.append({"in": where, "name": ".".join(loc[1:]) or where, "detail": str(e.get("msg", "invalid"))[:300]})
    return out


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(Redirect)
    async def _redirect(request: Request, exc: Redirect):
        from starlette.responses import RedirectResponse

        return RedirectResponse(exc.url, status_code=302)

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem):
        return error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        errors = _validation_errors(exc)
        detail = "; ".join(f"{e['name']}: {e['detail']}" for e in errors[:3])
        return error_response(request, Problem(422, "bad-parameter", detail, errors=errors))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail not in (
            "Not Found", "Method Not Allowed") else None
        if exc.status_code == 404 and detail is None:
            detail = f"no resource at {request.url.path[:200]}"
        return error_response(request, from_status(exc.status_code, detail, dict(exc.headers or {})))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        log.exception("error serving %s %s", request.method, request.url.path)
        return error_response(request, Problem(500, "server-error", "the server failed to answer this request"))


# --- the app -----------------------------------------------------------------------------------


def create_app(config: Optional[WebConfig] = None, *, ledger: Optional[Ledger] = None, **kw) -> FastAPI:
    """The FastAPI application over ``config.db`` (or an open ``ledger``).
    Keyword arguments are :class:`WebConfig` fields (``create_app(db="x.db", token=...)``)."""
    config = config or WebConfig(**kw)
    web = Web(config, ledger)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if config.reconcile_at_start:
            web.snapshot(wait=False)  # figures are being worked out before anyone asks
        try:
            yield
        finally:
            web.close()

    app = FastAPI(
        title="claimledger",
        version=__version__,
        summary="Attributed, hedged numeric claims from war and crisis reporting, traceable to the sentence.",
        description=("Claims (the DESIGN.md claim record), documents, reconciled figures, the source register, "
                     "ingest and export. Lists are paged by cursor; errors are RFC 9457 problem details; "
                     "reads carry ETags. See /docs and docs/web.md."),
        docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.web = web
    install_handlers(app)

    from . import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(Guard, config=config)
    return app


# --- several worker processes ------------------------------------------------------------------------

#: The environment variable that hands a :class:`WebConfig` to worker processes.
CONFIG_ENV = "CLAIMLEDGER_WEB_CONFIG"


def config_to_env(config: WebConfig) -> str:
    """``config`` as a string for :data:`CONFIG_ENV`: uvicorn starts each worker process by
    importing the app factory afresh, so the settings travel in the environment."""
    import pickle

    return base64.b64encode(pickle.dumps(config)).decode("ascii")


def app_from_env() -> FastAPI:
    """The app factory each worker of ``claimledger serve --workers N`` runs (the settings
    come from :data:`CONFIG_ENV`, set by the parent process from its own options)."""
    import os
    import pickle

    raw = os.environ.get(CONFIG_ENV)
    if not raw:
        raise RuntimeError(f"{CONFIG_ENV} is not set: start workers with claimledger serve --workers N")
    return create_app(pickle.loads(base64.b64decode(raw)))
