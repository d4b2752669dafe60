"""Fetching pages and feeds over HTTP(S), safely.

An analyst's URL list or a feed's links are untrusted input: a link can point
at the cloud metadata service (169.254.169.254), at a router on the office
network, at a 20 GB file, at a gzip bomb, or at a server that answers one byte
a minute. Every fetch therefore goes through :class:`Fetcher`, which:

* accepts only ``http`` and ``https`` URLs;
* resolves the host and refuses it if *any* of its addresses is loopback,
  private, link-local, multicast, reserved or otherwise not globally routable,
  unless the policy allows private addresses (``--allow-private``) or that
  network explicitly (``--allow-net``). The check is made before the first
  request, again for every redirect (redirects are followed here, by hand,
  not by httpx), and once more at connect time, in the network backend, on
  the very addresses the socket connects to, so a DNS answer that changes
  between the check and the connection (DNS rebinding) gains nothing;
* caps redirects (default 5) and names a redirect loop as such;
* times out every connect/read (default 20 s) and the whole response
  (default 120 s), so a server that drips bytes cannot hold a run;
* streams the body and stops at the size cap (default 10 MB), counted on the
  bytes received *and* on the bytes after gzip/deflate decoding, which is done
  here with a bounded decompressor: a 10 kB gzip bomb stops at the cap instead
  of inflating to gigabytes in memory;
* retries 429 and 5xx answers with exponential back-off (honouring a
  ``Retry-After`` of up to a minute);
* is polite: at most ``per_host`` requests at a time to one host and at least
  ``host_delay`` seconds between two requests to it, while requests to
  different hosts run side by side;
* says who it is (a ``claimledger/<version>`` User-Agent) and ignores proxy
  settings from the environment (a proxy would make the address check moot).

Every failure is a :class:`FetchError` with one line that says what went wrong.
"""
from __future__ import annotations

import email.utils
import ipaddress
import random
import re
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Iterable, Optional, Sequence, Union
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from .. import __version__

__all__ = [
    "FetchPolicy", "Fetcher", "FetchError", "Response", "check_url", "is_url",
    "DEFAULT_USER_AGENT", "address_problem",
]

DEFAULT_USER_AGENT = f"claimledger/{__version__} (news claim extraction; python-httpx/{httpx.__version__})"
SCHEMES = ("http", "https")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
Resolver = Callable[[str, int], Sequence[str]]


class FetchError(Exception):
    """A URL that could not be fetched; ``str()`` is the reason, one line."""

    def __init__(self, reason: str, *, status: Optional[int] = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status


class AddressRefused(FetchError):
    """The host resolves to an address the policy does not allow."""


@dataclass(frozen=True)
class FetchPolicy:
    """What a :class:`Fetcher` may do. The defaults suit fetching news from the open web."""

    timeout: float = 20.0  # each connect / read / write
    deadline: float = 120.0  # the whole of one response
    max_bytes: int = 10_000_000  # body, before and after decompression
    max_redirects: int = 5
    retries: int = 3  # on 429 / 5xx
    backoff: float = 1.0  # first retry delay; doubles each time
    max_retry_after: float = 60.0
    user_agent: str = DEFAULT_USER_AGENT
    allow_private: bool = False
    allow_networks: tuple[str, ...] = ()  # CIDRs allowed although not global, e.g. "127.0.0.1/32"
    host_delay: float = 0.5  # seconds between two requests to one host
    per_host: int = 1  # requests at a time to one host
    concurrency: int = 4  # requests at a time overall (used by readers' prefetching)
    verify: Union[bool, str] = True  # TLS certificate verification (or a CA bundle path)

    def networks(self) -> list:
        out = []
        for n in self.allow_networks:
            try:
                out.append(ipaddress.ip_network(n, strict=False))
            except ValueError:
                raise ValueError(f"--allow-net {n!r} is not an IP network (e.g. 10.1.0.0/16)") from None
        return out


@dataclass
class Response:
    """A fetched body (decoded from gzip/deflate) and what the server said about it."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]  # lower-case names
    content: bytes = b""
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        """The media type, lower case, without parameters ('' if none was sent)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> Optional[str]:
        """The charset parameter of Content-Type, if the server declared one."""
        for part in self.headers.get("content-type", "").split(";")[1:]:
            k, _, v = part.partition("=")
            if k.strip().lower() == "charset" and v.strip():
                return v.strip().strip("'\"").lower()
        return None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def is_url(value: str) -> bool:
    """Whether an input names a URL (``scheme://...``) rather than a path."""
    return _URL_RE.match(value) is not None


# --------------------------------------------------------------------------- addresses


def _kind(ip: IPAddress) -> Optional[str]:
    """Why an address is off limits, or None if it is a public unicast address."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return _kind(ip.ipv4_mapped)
    if ip.is_loopback:
        return "loopback"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_private:
        return "private"
    if ip.is_reserved:
        return "reserved"
    if not ip.is_global:
        return "non-public"
    return None


def address_problem(ip: Union[str, IPAddress], policy: FetchPolicy, networks: Optional[list] = None) -> Optional[str]:
    """The kind of address ``ip`` is if ``policy`` forbids it ('loopback', 'private', ...), else None."""
    addr = ipaddress.ip_address(ip) if isinstance(ip, str) else ip
    if policy.allow_private:
        return None
    kind = _kind(addr)
    if kind is None:
        return None
    check = addr.ipv4_mapped if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped else addr
    for net in networks if networks is not None else policy.networks():
        if check.version == net.version and check in net:
            return None
    return kind


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for info in infos:
        ip = info[4][0].split("%")[0]  # drop an IPv6 zone id
        if ip not in seen:
            seen.append(ip)
    return seen


def _host_addresses(host: str, port: int, resolver: Resolver) -> list[str]:
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass
    try:
        addrs = list(resolver(host, port))
    except (socket.gaierror, OSError, UnicodeError) as e:
        raise FetchError(f"cannot resolve host {host!r}: {getattr(e, 'strerror', None) or e}") from None
    if not addrs:
        raise FetchError(f"cannot resolve host {host!r}: no addresses")
    return addrs


def check_addresses(host: str, port: int, policy: FetchPolicy, resolver: Resolver,
                    networks: Optional[list] = None) -> list[str]:
    """The host's addresses, or :class:`AddressRefused` if any of them is off limits."""
    addrs = _host_addresses(host, port, resolver)
    for ip in addrs:
        kind = address_problem(ip, policy, networks)
        if kind is not None:
            shown = f"{host} resolves to {ip}, a" if host.strip("[]") != ip else f"{ip} is a"
            raise AddressRefused(
                f"refused: {shown} {kind} address; claimledger fetches only from public "
                f"addresses unless --allow-private (or --allow-net) is given")
    return addrs


def check_url(url: str, policy: FetchPolicy = FetchPolicy(), resolver: Optional[Resolver] = None) -> str:
    """Refuse ``url`` unless it is http(s) to an allowed address; return it normalised."""
    try:
        parts = urlsplit(url)
    except ValueError as e:
        raise FetchError(f"invalid URL: {e}") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = scheme or "none"
        raise FetchError(f"unsupported URL scheme {shown!r}: only http and https are fetched")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as e:
        raise FetchError(f"invalid URL: {e}") from None
    if not host:
        raise FetchError("invalid URL: no host")
    port = port or (443 if scheme == "https" else 80)
    check_addresses(host, port, policy, resolver or _system_resolver)
    return url


# --------------------------------------------------------------------------- transport


class _GuardedBackend(httpcore.SyncBackend):
    """Connects only to addresses the policy allows, checking the addresses it actually dials."""

    def __init__(self, policy: FetchPolicy, resolver: Resolver, networks: list):
        self._policy, self._resolver, self._networks = policy, resolver, networks

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addrs = check_addresses(host, port, self._policy, self._resolver, self._networks)
        last: Optional[BaseException] = None
        for ip in addrs:
            try:
                return super().connect_tcp(ip, port, timeout=timeout, local_address=local_address,
                                           socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                last = e
        assert last is not None
        raise last


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, policy: FetchPolicy, resolver: Resolver, networks: list):
        super().__init__(verify=policy.verify, trust_env=False, retries=0)
        # httpx builds its httpcore pool without a way to pass a network backend;
        # swap ours in (httpx and httpcore are pinned, see requirements/lock.txt).
        self._pool._network_backend = _GuardedBackend(policy, resolver, networks)


class _Decoder:
    """Content-Encoding decoding with a hard cap on the output: the gzip-bomb guard."""

    def __init__(self, encoding: str, cap: int):
        enc = [e.strip().lower() for e in encoding.split(",") if e.strip() and e.strip().lower() != "identity"]
        if len(enc) > 1:
            raise FetchError(f"unsupported Content-Encoding {encoding!r} (layered encodings)")
        self.kind = enc[0] if enc else None
        if self.kind not in (None, "gzip", "x-gzip", "deflate"):
            raise FetchError(f"unsupported Content-Encoding {encoding!r}")
        self.cap = cap
        self.size = 0
        self.parts: list[bytes] = []
        self._first = True
        self._z = self._new()

    def _new(self):
        if self.kind in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self.kind == "deflate":
            return zlib.decompressobj(zlib.MAX_WBITS)
        return None

    def _emit(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.cap:
            if self.kind:
                raise FetchError(f"too large: the {self.kind} body inflates to more than the limit of "
                                 f"{self.cap:,} bytes (a compression bomb?)")
            raise FetchError(f"too large: more than the limit of {self.cap:,} bytes")
        self.parts.append(data)

    def feed(self, data: bytes) -> None:
        if self._z is None:
            self._emit(data)
            return
        try:
            while data:
                if self.kind == "deflate" and self._first:
                    # "deflate" is zlib-wrapped by the standard, raw in practice: try both
                    self._first = False
                    try:
                        probe = zlib.decompressobj(zlib.MAX_WBITS)
                        probe.decompress(data[:64])
                    except zlib.error:
                        self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                out = self._z.decompress(data, self.cap - self.size + 1)
                self._emit(out)
                data = self._z.unconsumed_tail
                if self._z.eof:
                    rest = self._z.unused_data
                    if rest.strip(b"\x00"):
                        self._z = self._new()  # concatenated gzip members
                        data = rest + data
                    else:
                        break
                elif not out and not data:
                    break
        except zlib.error as e:
            raise FetchError(f"corrupt {self.kind} body: {e}") from None

    def finish(self) -> bytes:
        return b"".join(self.parts)


class _HostGate:
    """Per-host politeness: a semaphore and the time of the last request."""

    def __init__(self, per_host: int):
        self.sem = threading.BoundedSemaphore(max(1, per_host))
        self.lock = threading.Lock()
        self.next_at = 0.0


# --------------------------------------------------------------------------- fetcher


class Fetcher:
    """A polite, guarded HTTP client; thread-safe, so one can serve a pool of fetch threads."""

    def __init__(self, policy: Optional[FetchPolicy] = None, *, resolver: Optional[Resolver] = None,
                 sleep: Callable[[float], None] = time.sleep):
        self.policy = policy or FetchPolicy()
        self._resolver = resolver or _system_resolver
        self._networks = self.policy.networks()
        self._sleep = sleep
        t = self.policy.timeout
        self._client = httpx.Client(
            transport=_GuardedTransport(self.policy, self._resolver, self._networks),
            timeout=httpx.Timeout(t, connect=t, read=t, write=t, pool=t),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate",
                     "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                               "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"},
        )
        self._gates: dict[str, _HostGate] = {}
        self._gates_lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- public ---------------------------------------------------------------

    def get(self, url: str, headers: Optional[dict[str, str]] = None) -> Response:
        """GET ``url`` following redirects by hand; retries 429/5xx. A 304 is returned, not raised."""
        attempt = 0
        while True:
            try:
                return self._follow(url, headers or {})
            except _Retry as r:
                if attempt >= self.policy.retries:
                    tries = f" (after {attempt} retr{'y' if attempt == 1 else 'ies'})" if attempt else ""
                    raise FetchError(f"HTTP {r.status} {r.phrase}{tries}", status=r.status) from None
                delay = r.retry_after
                if delay is None:
                    delay = self.policy.backoff * (2 ** attempt) * (0.75 + random.random() / 2)
                self._sleep(min(delay, self.policy.max_retry_after))
                attempt += 1

    # -- internals ------------------------------------------------------------

    def _follow(self, url: str, headers: dict[str, str]) -> Response:
        chain = [url]
        current = url
        check_url(url, self.policy, self._resolver)
        while True:
            status, resp_headers, body = self._once(current, headers)
            if status in REDIRECT_STATUSES and resp_headers.get("location"):
                nxt = urljoin(current, resp_headers["location"].strip())
                if nxt in chain:
                    loop = " → ".join(chain[chain.index(nxt):] + [nxt])
                    raise FetchError(f"redirect loop: {loop}")
                if len(chain) > self.policy.max_redirects:
                    raise FetchError(f"too many redirects (more than {self.policy.max_redirects}), last to {nxt}")
                scheme = urlsplit(nxt).scheme.lower()
                if scheme not in SCHEMES:
                    raise FetchError(f"redirect to unsupported URL scheme {scheme!r}: {nxt}")
                try:
                    check_url(nxt, self.policy, self._resolver)
                except FetchError as e:
                    raise type(e)(f"redirected to {nxt}: {e.reason}") from None
                chain.append(nxt)
                current = nxt
                continue
            return Response(url=url, final_url=current, status=status, headers=resp_headers,
                            content=body, redirects=chain[1:])

    def _gate(self, url: str) -> _HostGate:
        host = (urlsplit(url).hostname or "").lower()
        with self._gates_lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = _HostGate(self.policy.per_host)
            return gate

    def _once(self, url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        gate = self._gate(url)
        with gate.sem:
            with gate.lock:
                wait = gate.next_at - time.monotonic()
                gate.next_at = max(gate.next_at, time.monotonic()) + self.policy.host_delay
            if wait > 0:
                self._sleep(wait)
            return self._request(url, headers)

    def _request(self, url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        p = self.policy
        deadline = time.monotonic() + p.deadline
        try:
            with self._client.stream("GET", url, headers=headers) as r:
                h = {k.lower(): v for k, v in r.headers.items()}
                status = r.status_code
                if status in REDIRECT_STATUSES or status == 304:
                    return status, h, b""
                if status in RETRY_STATUSES:
                    raise _Retry(status, r.reason_phrase or "", _retry_after(h.get("retry-after")))
                if status >= 400:
                    raise FetchError(f"HTTP {status} {r.reason_phrase}".rstrip(), status=status)
                if status != 200 and status != 203:
                    raise FetchError(f"unexpected HTTP {status} {r.reason_phrase}".rstrip(), status=status)
                length = h.get("content-length", "").strip()
                if length.isdigit() and int(length) > p.max_bytes:
                    raise FetchError(f"too large: Content-Length {int(length):,} bytes, over the limit of "
                                     f"{p.max_bytes:,}")
                decoder = _Decoder(h.get("content-encoding", ""), p.max_bytes)
                received = 0
                for chunk in r.iter_raw():  # as received (a chunk size would buffer, hiding a drip)
                    received += len(chunk)
                    if received > p.max_bytes:
                        raise FetchError(f"too large: more than the limit of {p.max_bytes:,} bytes")
                    decoder.feed(chunk)
                    if time.monotonic() > deadline:
                        raise FetchError(f"timed out: the response took longer than {p.deadline:g} s")
                return status, h, decoder.finish()
        except (FetchError, _Retry):
            raise
        except httpx.TimeoutException as e:
            what = {httpx.ConnectTimeout: "connecting", httpx.ReadTimeout: "waiting for data",
                    httpx.WriteTimeout: "sending", httpx.PoolTimeout: "waiting for a connection"}.get(type(e), "")
            raise FetchError(f"timed out {what} after {p.timeout:g} s".replace("  ", " ")) from None
        except httpx.ConnectError as e:
            tls = _tls_error(e)
            if tls is not None:
                raise FetchError(f"TLS error: {tls}") from None
            raise FetchError(f"cannot connect: {_clean(e)}") from None
        except httpx.RemoteProtocolError as e:
            raise FetchError(f"broken HTTP response: {_clean(e)}") from None
        except httpx.DecodingError as e:
            raise FetchError(f"cannot decode the response: {_clean(e)}") from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as e:
            raise FetchError(f"invalid URL: {_clean(e)}") from None
        except httpx.TransportError as e:
            tls = _tls_error(e)
            if tls is not None:
                raise FetchError(f"TLS error: {tls}") from None
            raise FetchError(f"network error: {type(e).__name__}: {_clean(e)}") from None
        except ssl.SSLError as e:
            raise FetchError(f"TLS error: {e.reason or e}") from None


class _Retry(Exception):
    def __init__(self, status: int, phrase: str, retry_after: Optional[float]):
        self.status, self.phrase, self.retry_after = status, phrase, retry_after


def _retry_after(value: Optional[str]) -> Optional[float]:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _tls_error(e: BaseException) -> Optional[str]:
    seen: set[int] = set()
    cur: Optional[BaseException] = e
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, ssl.SSLError):
            return getattr(cur, "verify_message", None) or cur.reason or str(cur)
        cur = cur.__cause__ or cur.__context__
    msg = str(e)
    if "SSL" in msg or "CERTIFICATE" in msg.upper() or "TLS" in msg:
        return _clean(e)
    return None


def _clean(e: BaseException) -> str:
    return " ".join(str(e).split()) or type(e).__name__


def conditional_headers(etag: Optional[str], last_modified: Optional[str]) -> dict[str, str]:
    """Headers for a conditional GET (what the watch loop sends)."""
    h = {}
    if etag:
        h["If-None-Match"] = etag
    if last_modified:
        h["If-Modified-Since"] = last_modified
    return h


def iter_url_lines(lines: Iterable[str]) -> Iterable[tuple[int, str]]:
    """(line number, URL) for each line of a URL list that is not blank or a # comment."""
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if s and not s.startswith("#"):
            yield n, s
