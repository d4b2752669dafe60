"""Turn files, folders, web pages, feeds, corpora and stdin into :class:`Document` objects.

Two rules shape everything here.

*Stream, never slurp.* A corpus can be larger than memory, so inputs are read
one document at a time: a folder is walked lazily, a JSONL or CSV file row by
row, and a file's size is checked before it is opened so a runaway 10 GB log
is refused without being read. Inputs that need the network (URLs, feed
entries to follow, corpus records that carry only a URL) are fetched on a
small thread pool a few items ahead of the consumer, and still come out in
input order.

*One bad input must not sink a batch.* Every problem becomes exactly one
:class:`ReadError` in the stream, naming the input and the reason, and reading
goes on with the next input. The caller decides whether errors are fatal.

Text is kept exactly as decoded, because evidence offsets point into
``Document.text``, with two deliberate exceptions: a leading UTF-8 byte-order
mark is dropped (it is an encoding artefact, not text) and line ends are
normalised to ``\\n`` (CRLF and lone CR, as Python's universal newlines do), so
the same article saved on Windows and on Linux yields the same offsets. For
HTML pages the text is the article text trafilatura keeps (see ``html.py``).
"""
from __future__ import annotations

import csv
import email.utils
import io
import json
import os
import re
import sys
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable, Iterable, Iterator, Optional, Sequence, Union

from .document import Document
from .language import detect_language

if TYPE_CHECKING:  # pragma: no cover
    from .fetch import Fetcher, FetchPolicy

__all__ = ["ReadError", "ReadOptions", "read_inputs", "iter_inputs", "read_text", "parse_published",
           "FOLDER_SUFFIXES", "CORPUS_FIELDS"]

TEXT_SUFFIXES = (".txt", ".md", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
#: Extensions picked up when walking a folder. Explicitly named files are read
#: whatever their extension: by it when it is known, else by sniffing the content.
#: (.xml is read when named but not picked up from folders: too many XML files are not feeds.)
FOLDER_SUFFIXES = TEXT_SUFFIXES + (".jsonl", ".csv", ".tsv") + HTML_SUFFIXES + (".rss", ".atom")
#: Fields of a corpus record (JSONL object or CSV row); ``text`` or ``url`` is required.
CORPUS_FIELDS = ("text", "url", "id", "published", "title", "publisher", "language")
DEFAULT_MAX_BYTES = 10_000_000
#: Files a folder walk passes over: a corpus folder's licence and readme
#: describe the articles, they are not articles (the bundled examples ship one).
#: Matched case-sensitively on the upper-case convention ("LICENSE-ISAF.md",
#: "README.txt") or exactly ("readme.md"), so an article called
#: "notice-of-strike.txt" is still read.
FOLDER_SKIP = re.compile(
    r"^(?:(?:LICENSE|LICENCE|COPYING|README|NOTICE|CHANGELOG|AUTHORS)(?:[-_.].*)?"
    r"|(?i:license|licence|copying|readme|notice|changelog|authors)\.[a-z]+)$"
)

_BOM = b"\xef\xbb\xbf"
_NEWLINES = re.compile(r"\r\n?")
# Control characters that legitimately occur in text files.
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v")
# Above this share of other control bytes a file is data, not text.
_BINARY_CONTROL_SHARE = 0.10

# A CSV field may hold a whole article: allow fields up to the document limit.
csv.field_size_limit(max(csv.field_size_limit(), DEFAULT_MAX_BYTES + 1))

PathLike = Union[str, "os.PathLike[str]"]


@dataclass(eq=True, unsafe_hash=True)
class ReadError(ValueError):
    """An input that yielded no document, and why.

    It is yielded, not raised, by :func:`read_inputs` so one bad file does not
    stop a batch; :func:`read_text` raises it. ``ref`` is the caller's name for
    the input (the path as given, a JSONL record's id, or ``path:line``);
    ``location`` is where in a file the problem is, when that differs from ``ref``.
    """

    ref: str
    reason: str
    location: Optional[str] = None

    def __post_init__(self) -> None:
        ValueError.__init__(self, str(self))

    def __str__(self) -> str:
        if self.location and self.location != self.ref:
            return f"{self.location} (id {self.ref}): {self.reason}"
        return f"{self.ref}: {self.reason}"

    # Exceptions pickle through ``args``; keep the fields so errors survive a
    # trip to and from worker processes.
    def __reduce__(self):
        return (type(self), (self.ref, self.reason, self.location))


class _Refused(Exception):
    """Internal: a text check failed; carries the reason only."""


# --------------------------------------------------------------------------- checks


def parse_published(value: Union[str, date, None]) -> Optional[date]:
    """Accept what corpora actually contain: a date, a datetime, an ISO date or datetime
    string, or an RFC 822 date as feeds and mail-style exports write them
    ("Tue, 05 Mar 2024 10:00:00 GMT").

    A datetime keeps its own calendar day (no conversion to UTC): the day a
    newsroom printed is the day relative dates in the text refer to.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"published must be an ISO date string, not {type(value).__name__}")
    s = value.strip()
    try:
        if len(s) == 10:
            return date.fromisoformat(s)
        if s.endswith(("Z", "z")):
            s = s[:-1] + "+00:00"
        return datetime.fromisoformat(s).date()
    except ValueError:
        pass
    try:
        if s[:1].isalpha() or "," in s:
            return email.utils.parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        pass
    raise ValueError(f"published {value!r} is not an ISO date or datetime") from None


def _normalise_newlines(text: str) -> str:
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def _binary_reason(data: bytes) -> Optional[str]:
    if b"\x00" in data:
        return f"binary file (NUL byte at offset {data.index(0)})"
    if not data:
        return None
    controls = sum(1 for b in data[:65536] if (b < 0x20 and b not in _TEXT_CONTROLS) or b == 0x7F)
    share = controls / min(len(data), 65536)
    if share > _BINARY_CONTROL_SHARE:
        return f"binary file ({share:.0%} control characters)"
    return None


def _decode(data: bytes) -> str:
    """UTF-8 only: guessing legacy encodings would silently corrupt names and figures."""
    skip = len(_BOM) if data.startswith(_BOM) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as e:
        offset = e.start + skip
        line = data.count(b"\n", 0, offset) + 1
        bad = data[offset : offset + 4].hex(" ")
        raise _Refused(f"invalid UTF-8 at byte offset {offset} (line {line}, bytes {bad})") from None


def _check_text(text: str, *, declared_language: Optional[str] = None) -> str:
    """Return the language code to record, or refuse the text."""
    if not text:
        raise _Refused("empty: no text")
    if not text.strip():
        raise _Refused("no text: only whitespace")
    if "\x00" in text:
        raise _Refused("binary content (NUL character in text)")
    if declared_language:
        # A corpus that labels its records knows better than a word count.
        code = declared_language.strip().lower().replace("_", "-")
        if code in ("en", "eng", "english") or code.startswith("en-"):
            return "en"
        raise _Refused(f"not English (declared language {declared_language!r})")
    guess = detect_language(text)
    if not guess.english:
        raise _Refused(f"not English: looks like {guess.describe()} ({guess.detail})")
    return "en"


def _make_document(
    text: str,
    *,
    ref: Optional[str],
    published: Union[str, date, None] = None,
    url: Optional[str] = None,
    title: Optional[str] = None,
    publisher: Optional[str] = None,
    language: Optional[str] = None,
    meta: Optional[dict] = None,
    check_language: bool = True,
) -> Document:
    text = _normalise_newlines(text)
    if check_language:
        lang = _check_text(text, declared_language=language)
    else:
        if not text.strip():
            raise _Refused("no text: only whitespace" if text else "empty: no text")
        lang = language
    try:
        pub = parse_published(published)
    except ValueError as e:
        raise _Refused(str(e)) from None
    return Document(
        text=text, ref=ref, url=url, title=title, publisher=publisher,
        published=pub, language=lang, meta=dict(meta or {}),
    )


# --------------------------------------------------------------------------- public


def read_text(
    text: Union[str, bytes],
    ref: Optional[str] = None,
    published: Union[str, date, None] = None,
    *,
    url: Optional[str] = None,
    title: Optional[str] = None,
    publisher: Optional[str] = None,
    language: Optional[str] = None,
    check_language: bool = True,
    meta: Optional[dict] = None,
) -> Document:
    """A :class:`Document` from text the caller already holds, checked like a file would be.

    Library callers (the Python API, the HTTP API, feed and URL fetchers) go
    through the same checks as files so a document means the same thing
    however it arrived. ``bytes`` are decoded as UTF-8 with the same
    binary/encoding checks as files. Raises :class:`ReadError`.
    ``language`` declares the language and skips detection;
    ``check_language=False`` skips the English check entirely.
    """
    name = ref if ref is not None else "<text>"
    try:
        if isinstance(text, (bytes, bytearray)):
            reason = _binary_reason(bytes(text))
            if reason:
                raise _Refused(reason)
            text = _decode(bytes(text))
        elif not isinstance(text, str):
            raise _Refused(f"expected str or bytes, got {type(text).__name__}")
        elif text.startswith("\ufeff"):
            text = text[1:]
        return _make_document(
            text, ref=ref, published=published, url=url, title=title,
            publisher=publisher, language=language, meta=meta, check_language=check_language,
        )
    except _Refused as e:
        raise ReadError(name, str(e)) from None


@dataclass
class ReadOptions:
    """How inputs that need more than a file read are handled (URLs, feeds, corpora).

    ``follow``: fetch a feed entry's link unless the feed carries the full text
    (False: keep only the feed's own text, ``--no-follow``).
    ``columns``: corpus field -> column/key name in CSV and JSONL records, e.g.
    ``{"text": "body", "published": "date"}``; fields are :data:`CORPUS_FIELDS`.
    ``urls``: files listing one URL per line (``-``: stdin), read after the inputs.
    ``fetch``: the :class:`~claimledger.ingest.fetch.FetchPolicy`; ``fetcher``: a
    shared :class:`~claimledger.ingest.fetch.Fetcher` (else one is made per call).
    """

    follow: bool = True
    columns: dict = field(default_factory=dict)
    urls: Sequence[str] = ()
    fetch: Optional["FetchPolicy"] = None
    fetcher: Optional["Fetcher"] = None

    def __post_init__(self) -> None:
        bad = sorted(set(self.columns) - set(CORPUS_FIELDS))
        if bad:
            raise ValueError(f"unknown corpus field(s) {', '.join(bad)}: expected {', '.join(CORPUS_FIELDS)}")


def read_inputs(
    inputs: Iterable[Union[PathLike, str]],
    *,
    published: Optional[date] = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: Optional[IO] = None,
    options: Optional[ReadOptions] = None,
) -> Iterator[Union[Document, ReadError]]:
    """Yield one :class:`Document` or :class:`ReadError` at a time, in input order.

    Each input is one of:

    * a text file (any other extension, UTF-8, BOM stripped, line ends
      normalised to ``\\n``): one document, ``ref`` = the path as given;
    * a ``.html``/``.htm``/``.xhtml`` file: the page's article text and metadata
      (trafilatura, see :mod:`claimledger.ingest.html`);
    * a ``.rss``/``.atom``/``.xml`` file: a feed, one document per entry
      (see :mod:`claimledger.ingest.feeds`); ``ref`` = ``FEED#ENTRY-ID``;
    * a ``.jsonl`` file: one document per record, read line by line. Records
      carry ``text`` (or ``url``, which is then fetched) and optionally ``id``,
      ``published`` (ISO date or datetime), ``url``, ``title``, ``publisher``,
      ``language``; other fields go to ``Document.meta``. ``ref`` = the
      record's ``id``, else ``path:line``. Key names: ``options.columns``;
    * a ``.csv``/``.tsv`` file: the same records, one per row, with a header row;
    * an ``http://`` or ``https://`` URL: a page, a feed (expanded into its
      entries), plain text, or a CSV/JSONL corpus, by its Content-Type;
    * a folder: walked recursively in sorted order, reading files ending in
      :data:`FOLDER_SUFFIXES`, skipping hidden files and folders and the
      folder's own LICENSE*/README*/NOTICE*/... files;
    * ``-``: standard input (``stdin`` if given, else ``sys.stdin``). If its
      first line is a JSON object it is read as JSONL, else as one text document.

    Then each URL listed in ``options.urls`` files. Files whose extension says
    nothing (no suffix, or an unknown one) are sniffed: a feed or an HTML page
    is read as such, anything else as text.

    ``published`` is the date for documents that do not carry their own.
    ``max_bytes`` bounds one file, one stdin document or one JSONL line;
    larger inputs are refused without being read into memory. Fetches are
    bounded by ``options.fetch`` (10 MB by default).
    """
    for _tag, item in iter_inputs(inputs, published=published, max_bytes=max_bytes, stdin=stdin,
                                  options=options):
        yield item


def iter_inputs(
    inputs: Iterable[Union[PathLike, str]],
    *,
    published: Optional[date] = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: Optional[IO] = None,
    options: Optional[ReadOptions] = None,
) -> Iterator[tuple[str, Union[Document, ReadError]]]:
    """:func:`read_inputs` with each item tagged by the input (argument) it came from."""
    ctx = _Ctx(parse_published(published), max_bytes, stdin, options or ReadOptions())
    try:
        yield from _ordered(_all_units(inputs, ctx), ctx)
    finally:
        ctx.close()


# --------------------------------------------------------------------------- the pipeline


class _Ctx:
    """What every reader needs: defaults, limits, options and a lazily made fetcher."""

    def __init__(self, published: Optional[date], max_bytes: int, stdin, options: ReadOptions):
        self.published = published
        self.max_bytes = max_bytes
        self.stdin = stdin
        self.options = options
        self.columns = {f: options.columns.get(f, f) for f in CORPUS_FIELDS}
        self._fetcher = options.fetcher
        self._own_fetcher = False
        self._lock = threading.Lock()
        self.pool = None

    @property
    def fetcher(self) -> "Fetcher":
        with self._lock:
            if self._fetcher is None:
                from .fetch import Fetcher

                self._fetcher = Fetcher(self.options.fetch)
                self._own_fetcher = True
            return self._fetcher

    @property
    def concurrency(self) -> int:
        from .fetch import FetchPolicy

        return max(1, (self.options.fetch or FetchPolicy()).concurrency)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        if self._own_fetcher and self._fetcher is not None:
            self._fetcher.close()  # also cuts short fetches still running in the pool


class _Deferred:
    """Work that needs the network: run in the fetch pool, ahead of the consumer, in order."""

    __slots__ = ("ref", "fn", "future")

    def __init__(self, ref: str, fn: Callable[[], list]):
        self.ref, self.fn, self.future = ref, fn, None

    def run(self) -> list:
        try:
            return list(self.fn())
        except ReadError as e:
            return [e]
        except Exception as e:  # noqa: BLE001 - one input's surprise must not stop the run
            return [ReadError(self.ref, f"internal error: {type(e).__name__}: {e}")]


Unit = Union[Document, ReadError, _Deferred]


def _ordered(units: Iterator[tuple[str, Unit]], ctx: _Ctx) -> Iterator[tuple[str, Union[Document, ReadError]]]:
    """Resolve deferred units on a thread pool, at most a window ahead, yielding in input order.

    A deferred unit may resolve to further units (a feed URL to its entries,
    each to be fetched); they take its place in the queue.
    """
    window = ctx.concurrency * 4
    pending: deque = deque()
    exhausted = False
    while True:
        if not pending:
            try:
                pending.append(next(units))
            except StopIteration:
                return
        tag, unit = pending[0]
        if not isinstance(unit, _Deferred):
            # ready: hand it on at once (a live stdin is not held up waiting for a window to fill)
            pending.popleft()
            yield tag, unit
            continue
        # network work at the head: look ahead and start the next fetches side by side
        while not exhausted and len(pending) < window:
            try:
                pending.append(next(units))
            except StopIteration:
                exhausted = True
        for _, (_, u) in zip(range(window), pending):
            if isinstance(u, _Deferred) and u.future is None:
                if ctx.pool is None:
                    ctx.pool = ThreadPoolExecutor(ctx.concurrency, thread_name_prefix="claimledger-fetch")
                u.future = ctx.pool.submit(u.run)
        pending.popleft()
        results = unit.future.result()
        pending.extendleft((tag, r) for r in reversed(results))


def _all_units(inputs: Iterable[Union[PathLike, str]], ctx: _Ctx) -> Iterator[tuple[str, Unit]]:
    for item in inputs:
        ref = os.fspath(item) if not isinstance(item, str) else item
        for unit in _input_units(ref, ctx):
            yield ref, unit
    for listing in ctx.options.urls:
        for unit in _url_list_units(str(listing), ctx):
            yield str(listing), unit


def _input_units(ref: str, ctx: _Ctx) -> Iterator[Unit]:
    if ref == "-":
        yield from _read_stdin(ctx.stdin, ctx.published, ctx.max_bytes, ctx)
        return
    from .fetch import is_url

    if is_url(ref):
        yield _Deferred(ref, lambda: _fetch_units(ref, ref, ctx))
        return
    path = Path(ref)
    try:
        st = path.stat()
    except FileNotFoundError:
        yield ReadError(ref, "no such file or directory")
        return
    except OSError as e:
        yield ReadError(ref, f"cannot access: {e.strerror or e}")
        return
    if path.is_dir():
        yield from _read_folder(path, ref, ctx)
    else:
        yield from _read_path(path, ref, ctx, size=st.st_size)


# --------------------------------------------------------------------------- sources


def _read_path(path: Path, ref: str, ctx: _Ctx, *, size: Optional[int] = None) -> Iterator[Unit]:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".csv", ".tsv"):
        try:
            fh = open(path, "rb")
        except OSError as e:
            yield ReadError(ref, f"cannot open: {e.strerror or e}")
            return
        with fh:
            if suffix == ".jsonl":
                yield from _read_jsonl(fh, ref, ctx.published, ctx.max_bytes, ctx=ctx)
            else:
                yield from _read_csv(fh, ref, ctx, delimiter="\t" if suffix == ".tsv" else ",")
        return
    if size is not None and size > ctx.max_bytes:
        yield ReadError(ref, f"too large: {size:,} bytes, over the limit of {ctx.max_bytes:,}")
        return
    try:
        with open(path, "rb") as fh:
            # Bounded read: the file may have grown since stat(), or be a pipe.
            data = fh.read(ctx.max_bytes + 1)
    except OSError as e:
        yield ReadError(ref, f"cannot read: {e.strerror or e}")
        return
    if len(data) > ctx.max_bytes:
        yield ReadError(ref, f"too large: more than the limit of {ctx.max_bytes:,} bytes")
        return
    meta = {"path": str(path)}
    kind = _kind_of(suffix, data)
    if kind == "html":
        yield _html_unit(data, ref, ctx, meta=meta, served_as="an HTML file")
    elif kind == "feed":
        yield from _feed_bytes_units(data, ref, ctx, url=None)
    else:
        yield _document_from_bytes(data, ref, ctx.published, ctx.max_bytes, meta=meta)


def _kind_of(suffix: str, data: bytes) -> str:
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in TEXT_SUFFIXES:
        return "text"
    from .feeds import looks_like_feed
    from .html import looks_like_html

    if looks_like_feed(data):
        return "feed"
    if looks_like_html(data):
        return "html"
    return "text"


def _html_unit(data: bytes, ref: str, ctx: _Ctx, **kw) -> Union[Document, ReadError]:
    from .html import html_document

    if not data:
        return ReadError(ref, "empty file")
    try:
        return html_document(data, ref, published=ctx.published, **kw)
    except ReadError as e:
        return e


def _feed_bytes_units(data: bytes, ref: str, ctx: _Ctx, *, url: Optional[str],
                      content_type: Optional[str] = None) -> Iterator[Unit]:
    from .feeds import parse_feed

    try:
        feed = parse_feed(data, url=url, content_type=content_type)
    except _Refused as e:
        yield ReadError(ref, str(e))
        return
    if not feed.entries:
        yield ReadError(ref, "feed has no entries")
        return
    for entry in feed.entries:
        yield feed_entry_unit(feed, entry, ref, ctx)


def feed_entry_ref(feed_ref: str, entry) -> str:
    """The name a feed entry is known by: ``FEED#ENTRY-ID`` (its sighting in the ledger)."""
    return f"{feed_ref}#{entry.key}"


def feed_entry_unit(feed, entry, feed_ref: str, ctx: _Ctx) -> Unit:
    """One entry as a document: the feed's own text, or (deferred) the page its link points to."""
    ref = feed_entry_ref(feed_ref, entry)
    meta = {"feed": feed_ref, "entry": entry.key}
    if entry.link:
        meta["link"] = entry.link
    overrides = {"title": entry.title, "published": entry.published, "publisher": feed.title,
                 "author": entry.author}
    if ctx.options.follow and entry.link and not entry.full_text:
        link = entry.link
        return _Deferred(ref, lambda: _fetch_units(link, ref, ctx, overrides=overrides, meta=meta,
                                                   expand=False))
    text = entry.own_text
    if not text:
        why = "no link" if not entry.link else "--no-follow"
        return ReadError(ref, f"feed entry has no text ({why})")
    if entry.author:
        meta["author"] = entry.author
    try:
        return _make_document(text, ref=ref, url=entry.link, title=entry.title, publisher=feed.title,
                              published=entry.published or ctx.published, meta=meta)
    except _Refused as e:
        return ReadError(ref, str(e))


def _url_list_units(listing: str, ctx: _Ctx) -> Iterator[Unit]:
    from .fetch import is_url, iter_url_lines

    try:
        if listing == "-":
            stream = _binary_stream(ctx.stdin if ctx.stdin is not None else sys.stdin)
            raw = stream.read(ctx.max_bytes + 1)
        else:
            with open(listing, "rb") as fh:
                raw = fh.read(ctx.max_bytes + 1)
    except FileNotFoundError:
        yield ReadError(listing, "no such URL list file")
        return
    except OSError as e:
        yield ReadError(listing, f"cannot read URL list: {e.strerror or e}")
        return
    if len(raw) > ctx.max_bytes:
        yield ReadError(listing, f"URL list too large: over the limit of {ctx.max_bytes:,} bytes")
        return
    try:
        text = _decode(raw)
    except _Refused as e:
        yield ReadError(listing, str(e))
        return
    found = False
    for lineno, url in iter_url_lines(text.splitlines()):
        found = True
        if not is_url(url):
            yield ReadError(f"{listing}:{lineno}", f"not a URL: {url[:80]!r}")
            continue
        yield _Deferred(url, lambda url=url: _fetch_units(url, url, ctx))
    if not found:
        yield ReadError(listing, "no URLs in the list")


# -- fetched inputs ---------------------------------------------------------------

HTML_TYPES = {"text/html", "application/xhtml+xml"}
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml",
              "application/xml", "text/xml", "application/x-rss+xml"}
CSV_TYPES = {"text/csv", "application/csv", "text/tab-separated-values"}
JSONL_TYPES = {"application/jsonl", "application/x-ndjson", "application/ndjson", "application/jsonlines",
               "application/x-jsonlines"}
GENERIC_TYPES = {"", "application/octet-stream", "binary/octet-stream"}


def _fetch_units(url: str, ref: str, ctx: _Ctx, *, overrides: Optional[dict] = None,
                 meta: Optional[dict] = None, expand: bool = True) -> list:
    """Fetch ``url`` and turn the response into units; ``expand``: a feed or corpus may stand here."""
    from .fetch import FetchError

    try:
        resp = ctx.fetcher.get(url)
    except FetchError as e:
        return [ReadError(ref, e.reason)]
    m = dict(meta or {})
    if resp.final_url != url:
        m["requested_url"] = url
    ct = resp.content_type
    data = resp.content
    if not data.strip():
        return [ReadError(ref, f"empty response (HTTP {resp.status}, {ct or 'no content type'})")]
    kind = None
    if ct in HTML_TYPES:
        kind = "html"
    elif ct in FEED_TYPES:
        kind = "feed"
    elif ct == "text/plain":
        kind = "text"
    elif ct in CSV_TYPES or (ct in GENERIC_TYPES and resp.final_url.lower().endswith((".csv", ".tsv"))):
        kind = "csv"
    elif ct in JSONL_TYPES or (ct in GENERIC_TYPES and resp.final_url.lower().endswith(".jsonl")):
        kind = "jsonl"
    elif ct in GENERIC_TYPES:
        from .feeds import looks_like_feed
        from .html import looks_like_html

        kind = "feed" if looks_like_feed(data) else "html" if looks_like_html(data) else None
    if kind is None:
        return [ReadError(ref, f"unsupported content type {ct or 'none'!r} (expected HTML, a feed or text)")]
    if kind == "html":
        from .html import html_document

        try:
            return [html_document(data, ref, url=resp.final_url, charset=resp.charset, served_as=ct or "HTML",
                                  published=ctx.published, meta=m, overrides=overrides)]
        except ReadError as e:
            return [e]
    if kind == "text":
        try:
            if resp.charset and resp.charset.replace("-", "").replace("_", "") not in ("utf8",):
                reason = _binary_reason(data)
                if reason:
                    raise _Refused(f"{reason.replace('binary file', 'binary content')}, served as {ct}")
                from .html import _codec

                text = data.decode(_codec(resp.charset))
            else:
                reason = _binary_reason(data)
                if reason:
                    raise _Refused(f"{reason.replace('binary file', 'binary content')}, served as {ct}")
                text = _decode(data)
            o = {k: v for k, v in (overrides or {}).items() if v not in (None, "")}
            if "author" in o:
                m["author"] = o.pop("author")
            return [_make_document(text.lstrip("\ufeff"), ref=ref, url=resp.final_url, meta=m,
                                   published=o.get("published") or ctx.published, title=o.get("title"),
                                   publisher=o.get("publisher"), language=o.get("language"))]
        except (_Refused, UnicodeDecodeError) as e:
            return [ReadError(ref, str(e))]
    if not expand:
        return [ReadError(ref, f"expected an article page, got {'a feed' if kind == 'feed' else kind.upper()} "
                               f"({ct or 'sniffed'})")]
    if kind == "feed":
        return list(_feed_bytes_units(data, ref, ctx, url=resp.final_url, content_type=ct or None))
    if kind == "csv":
        delim = "\t" if ct == "text/tab-separated-values" or resp.final_url.lower().endswith(".tsv") else ","
        return list(_read_csv(io.BytesIO(data), ref, ctx, delimiter=delim))
    return list(_read_jsonl(io.BytesIO(data), ref, ctx.published, ctx.max_bytes, ctx=ctx))


# -- local files -----------------------------------------------------------------


def _document_from_bytes(
    data: bytes, ref: str, published: Optional[date], max_bytes: int, meta: Optional[dict] = None
) -> Union[Document, ReadError]:
    if len(data) > max_bytes:
        return ReadError(ref, f"too large: more than the limit of {max_bytes:,} bytes")
    try:
        if not data:
            raise _Refused("empty file")
        reason = _binary_reason(data)
        if reason:
            raise _Refused(reason)
        text = _decode(data)
        return _make_document(text, ref=ref, published=published, meta=meta)
    except _Refused as e:
        return ReadError(ref, str(e))


def _walk(folder: Path) -> Iterator[Union[Path, ReadError]]:
    """Depth-first, names sorted, so a folder always yields the same order."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        yield ReadError(str(folder), f"cannot list folder: {e.strerror or e}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(Path(entry.path))
            elif (entry.is_file() and entry.name.lower().endswith(FOLDER_SUFFIXES)
                  and not FOLDER_SKIP.match(entry.name)):
                yield Path(entry.path)
        except OSError as e:
            yield ReadError(entry.path, f"cannot access: {e.strerror or e}")


def _read_folder(folder: Path, ref: str, ctx: _Ctx) -> Iterator[Unit]:
    found = False
    for item in _walk(folder):
        found = True
        if isinstance(item, ReadError):
            yield item
            continue
        try:
            size = item.stat().st_size
        except OSError as e:
            yield ReadError(str(item), f"cannot access: {e.strerror or e}")
            continue
        yield from _read_path(item, str(item), ctx, size=size)
    if not found:
        yield ReadError(ref, f"folder has no {'/'.join(FOLDER_SUFFIXES)} files")


def _binary_stream(stream) -> IO[bytes]:
    """Bytes with ``readline`` from whatever stdin is: sys.stdin, its buffer, a BytesIO, a StringIO."""
    buf = getattr(stream, "buffer", None)
    if buf is not None:
        return buf
    if isinstance(stream, io.TextIOBase):
        return io.BufferedReader(_EncodedText(stream))
    return stream


class _EncodedText(io.RawIOBase):
    """Bytes view of a text stream (e.g. a test's StringIO) so stdin has one code path."""

    def __init__(self, text_stream: IO[str]):
        self._s = text_stream
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = self._s.read(8192)
            if not chunk:
                return 0
            self._pending = chunk.encode("utf-8")
        n = min(len(b), len(self._pending))
        b[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def _read_stdin(
    stdin, published: Optional[date], max_bytes: int, ctx: Optional[_Ctx] = None
) -> Iterator[Unit]:
    stream = _binary_stream(stdin if stdin is not None else sys.stdin)
    first = _readline(stream, max_bytes)
    head = first[len(_BOM):] if first.startswith(_BOM) else first
    if head.lstrip().startswith(b"{"):
        try:
            is_jsonl = isinstance(json.loads(head), dict)
        except ValueError:
            is_jsonl = False
        if is_jsonl:
            yield from _read_jsonl(stream, "-", published, max_bytes, first_line=first, ctx=ctx)
            return
    rest = stream.read(max(0, max_bytes + 1 - len(first)))
    yield _document_from_bytes(first + rest, "-", published, max_bytes, meta={"path": "-"})


def _readline(fh: IO[bytes], max_bytes: int) -> bytes:
    return fh.readline(max_bytes + 1)


def _read_jsonl(
    fh: IO[bytes],
    ref: str,
    published: Optional[date],
    max_bytes: int,
    *,
    first_line: Optional[bytes] = None,
    ctx: Optional[_Ctx] = None,
) -> Iterator[Unit]:
    lineno = 0
    records = 0
    pending = first_line
    while True:
        if pending is not None:
            raw, pending = pending, None
        else:
            raw = _readline(fh, max_bytes)
        if not raw:
            break
        lineno += 1
        where = f"{ref}:{lineno}"
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            # Skip the rest of the oversized line without holding it.
            total = len(raw)
            while True:
                chunk = fh.readline(1 << 20)
                total += len(chunk)
                if not chunk or chunk.endswith(b"\n"):
                    break
            records += 1
            yield ReadError(where, f"line too long: {total:,} bytes, over the limit of {max_bytes:,}")
            continue
        if lineno == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM):]
        if not raw.strip():
            continue
        records += 1
        yield _record_document(raw, where, published, max_bytes, ctx=ctx)
    if records == 0:
        yield ReadError(ref, "empty: no JSONL records")


def _record_document(
    raw: bytes, where: str, published: Optional[date], max_bytes: int, *, ctx: Optional[_Ctx] = None
) -> Unit:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return ReadError(where, f"invalid UTF-8 at byte offset {e.start} of the line")
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        return ReadError(where, f"not valid JSON: {e.msg} at column {e.colno}")
    except RecursionError:
        return ReadError(where, "not valid JSON: nested too deeply")
    if not isinstance(rec, dict):
        return ReadError(where, f"not a JSON object but a {type(rec).__name__}")
    return _record_unit(rec, where, published, ctx)


def _record_unit(rec: dict, where: str, published: Optional[date], ctx: Optional[_Ctx]) -> Unit:
    """One corpus record (a JSONL object or a CSV row) as a document, or a fetch of its ``url``."""
    cols = ctx.columns if ctx is not None else {f: f for f in CORPUS_FIELDS}
    rid = rec.get(cols["id"])
    doc_ref = str(rid) if rid not in (None, "") else where
    text = rec.get(cols["text"])
    strings = {}
    for key in ("url", "title", "publisher", "language"):
        v = rec.get(cols[key])
        if v is not None and not isinstance(v, str):
            return ReadError(doc_ref, f"{cols[key]!r} is a {type(v).__name__}, not a string", where)
        strings[key] = v or None
    pub = rec.get(cols["published"])
    known = {cols[f] for f in CORPUS_FIELDS}
    meta = {k: v for k, v in rec.items() if k not in known}
    meta.setdefault("location", where)
    if text in (None, "") and strings["url"] and ctx is not None:
        from .fetch import is_url

        url = strings["url"].strip()
        if not is_url(url):
            return ReadError(doc_ref, f"no {cols['text']!r} and {cols['url']!r} is not a URL: {url[:80]!r}", where)
        try:
            pub_date = parse_published(pub) if pub not in (None, "") else None
        except ValueError as e:
            return ReadError(doc_ref, str(e), where)
        overrides = {"title": strings["title"], "publisher": strings["publisher"],
                     "language": strings["language"], "published": pub_date}
        return _Deferred(doc_ref, lambda: _fetch_units(url, doc_ref, ctx, overrides=overrides, meta=meta,
                                                       expand=False))
    if text is None:
        also = f" or {cols['url']!r}" if ctx is not None else ""
        return ReadError(doc_ref, f"record has no {cols['text']!r}{also} field", where)
    if not isinstance(text, str):
        return ReadError(doc_ref, f"{cols['text']!r} is a {type(text).__name__}, not a string", where)
    try:
        if text.startswith("\ufeff"):
            text = text[1:]
        return _make_document(
            text, ref=doc_ref, published=pub if pub not in (None, "") else published,
            meta=meta, **strings,
        )
    except _Refused as e:
        return ReadError(doc_ref, str(e), where)


# -- CSV ---------------------------------------------------------------------------


def _read_csv(fh: IO[bytes], ref: str, ctx: _Ctx, *, delimiter: str = ",") -> Iterator[Unit]:
    """Rows of a CSV (or TSV) corpus with a header row, streamed; UTF-8, BOM allowed."""
    cols = ctx.columns
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader, None)
        while header is not None and not any(h.strip() for h in header):
            header = next(reader, None)  # leading blank lines
    except (csv.Error, UnicodeDecodeError) as e:
        yield ReadError(ref, f"malformed CSV header: {_csv_reason(e)}")
        return
    if header is None:
        yield ReadError(ref, "empty CSV: no header row and no records")
        return
    names = [h.strip() for h in header]
    if cols["text"] not in names and cols["url"] not in names:
        shown = ", ".join(repr(n) for n in names[:12]) + (", ..." if len(names) > 12 else "")
        yield ReadError(ref, f"CSV has no {cols['text']!r} or {cols['url']!r} column (columns: {shown}); "
                             f"name yours with --column text=NAME or --column url=NAME")
        return
    rows = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except (csv.Error, UnicodeDecodeError) as e:
            yield ReadError(f"{ref}:{reader.line_num}", f"malformed CSV: {_csv_reason(e)}; the rest of the "
                                                        f"file is not read")
            return
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        where = f"{ref}:{reader.line_num}"
        if len(row) != len(names):
            yield ReadError(where, f"row has {len(row)} fields, the header {len(names)}")
            continue
        rec = {n: (v if v != "" else None) for n, v in zip(names, row)}
        if isinstance(rec.get(cols["text"]), str) and len(rec[cols["text"]]) > ctx.max_bytes:
            yield ReadError(where, f"text too long: over the limit of {ctx.max_bytes:,} bytes")
            continue
        yield _record_unit(rec, where, ctx.published, ctx)
    if rows == 0:
        yield ReadError(ref, "empty CSV: a header row but no records")


def _csv_reason(e: Exception) -> str:
    if isinstance(e, UnicodeDecodeError):
        return f"invalid UTF-8 (byte {e.object[e.start:e.start + 1].hex()})"
    return str(e)


# --------------------------------------------------------------------------- feeds, for watch


def read_feed_entries(feed, entries: Iterable, feed_ref: str, *, published: Optional[date] = None,
                      options: Optional[ReadOptions] = None) -> Iterator[tuple]:
    """(entry, Document or ReadError) for each of ``entries`` of a parsed ``feed``, in order,
    links fetched on the pool as :func:`read_inputs` does (``claimledger watch`` uses this)."""
    ctx = _Ctx(parse_published(published), DEFAULT_MAX_BYTES, None, options or ReadOptions())
    try:
        yield from _ordered(((e, feed_entry_unit(feed, e, feed_ref, ctx)) for e in entries), ctx)
    finally:
        ctx.close()
