"""Turn files, folders, JSONL corpora and stdin into :class:`Document` objects.

Two rules shape everything here.

*Stream, never slurp.* A corpus can be larger than memory, so inputs are read
one document at a time: a folder is walked lazily, a JSONL file line by line,
and a file's size is checked before it is opened so a runaway 10 GB log is
refused without being read.

*One bad input must not sink a batch.* Every problem becomes exactly one
:class:`ReadError` in the stream, naming the input and the reason, and reading
goes on with the next input. The caller decides whether errors are fatal.

Text is kept exactly as decoded, because evidence offsets point into
``Document.text``, with two deliberate exceptions: a leading UTF-8 byte-order
mark is dropped (it is an encoding artefact, not text) and line ends are
normalised to ``\\n`` (CRLF and lone CR, as Python's universal newlines do), so
the same article saved on Windows and on Linux yields the same offsets.
"""
from __future__ import annotations

import io
import json
import os
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Iterable, Iterator, Optional, Union

from .document import Document
from .language import detect_language

__all__ = ["ReadError", "read_inputs", "read_text", "parse_published", "FOLDER_SUFFIXES"]

#: Extensions picked up when walking a folder. Explicitly named files are read
#: whatever their extension, as long as they are UTF-8 text.
FOLDER_SUFFIXES = (".txt", ".md", ".text", ".jsonl")
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
_JSONL_KNOWN = ("text", "id", "published", "url", "title", "publisher", "language")

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
    """Accept what corpora actually contain: a date, a datetime, an ISO date or datetime string.

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


def read_inputs(
    inputs: Iterable[Union[PathLike, str]],
    *,
    published: Optional[date] = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: Optional[IO] = None,
) -> Iterator[Union[Document, ReadError]]:
    """Yield one :class:`Document` or :class:`ReadError` at a time, in input order.

    Each input is one of:

    * a text file (any extension, UTF-8, BOM stripped, line ends normalised to
      ``\\n``): one document, ``ref`` = the path as given;
    * a ``.jsonl`` file: one document per record, read line by line. Records
      carry ``text`` and optionally ``id``, ``published`` (ISO date or
      datetime), ``url``, ``title``, ``publisher``, ``language``; other fields
      go to ``Document.meta``. ``ref`` = the record's ``id``, else ``path:line``;
    * a folder: walked recursively in sorted order, reading files ending in
      .txt .md .text .jsonl, skipping hidden files and folders and the
      folder's own LICENSE*/README*/NOTICE*/... files;
    * ``-``: standard input (``stdin`` if given, else ``sys.stdin``). If its
      first line is a JSON object it is read as JSONL, else as one text document.

    ``published`` is the date for documents that do not carry their own.
    ``max_bytes`` bounds one text file, one stdin document or one JSONL line;
    larger inputs are refused without being read into memory.
    """
    default_pub = parse_published(published)
    for item in inputs:
        ref = os.fspath(item) if not isinstance(item, str) else item
        if ref == "-":
            yield from _read_stdin(stdin, default_pub, max_bytes)
            continue
        path = Path(ref)
        try:
            st = path.stat()
        except FileNotFoundError:
            yield ReadError(ref, "no such file or directory")
            continue
        except OSError as e:
            yield ReadError(ref, f"cannot access: {e.strerror or e}")
            continue
        if path.is_dir():
            yield from _read_folder(path, ref, default_pub, max_bytes)
        else:
            yield from _read_path(path, ref, default_pub, max_bytes, size=st.st_size)


# --------------------------------------------------------------------------- sources


def _read_path(
    path: Path, ref: str, published: Optional[date], max_bytes: int, *, size: Optional[int] = None
) -> Iterator[Union[Document, ReadError]]:
    if path.suffix.lower() == ".jsonl":
        try:
            fh = open(path, "rb")
        except OSError as e:
            yield ReadError(ref, f"cannot open: {e.strerror or e}")
            return
        with fh:
            yield from _read_jsonl(fh, ref, published, max_bytes)
        return
    if size is not None and size > max_bytes:
        yield ReadError(ref, f"too large: {size:,} bytes, over the limit of {max_bytes:,}")
        return
    try:
        with open(path, "rb") as fh:
            # Bounded read: the file may have grown since stat(), or be a pipe.
            data = fh.read(max_bytes + 1)
    except OSError as e:
        yield ReadError(ref, f"cannot read: {e.strerror or e}")
        return
    yield _document_from_bytes(data, ref, published, max_bytes, meta={"path": str(path)})


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


def _read_folder(
    folder: Path, ref: str, published: Optional[date], max_bytes: int
) -> Iterator[Union[Document, ReadError]]:
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
        yield from _read_path(item, str(item), published, max_bytes, size=size)
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
    stdin, published: Optional[date], max_bytes: int
) -> Iterator[Union[Document, ReadError]]:
    stream = _binary_stream(stdin if stdin is not None else sys.stdin)
    first = _readline(stream, max_bytes)
    head = first[len(_BOM):] if first.startswith(_BOM) else first
    if head.lstrip().startswith(b"{"):
        try:
            is_jsonl = isinstance(json.loads(head), dict)
        except ValueError:
            is_jsonl = False
        if is_jsonl:
            yield from _read_jsonl(stream, "-", published, max_bytes, first_line=first)
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
) -> Iterator[Union[Document, ReadError]]:
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
        yield _record_document(raw, where, published, max_bytes)
    if records == 0:
        yield ReadError(ref, "empty: no JSONL records")


def _record_document(
    raw: bytes, where: str, published: Optional[date], max_bytes: int
) -> Union[Document, ReadError]:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return ReadError(where, f"invalid UTF-8 at byte offset {e.start} of the line")
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        return ReadError(where, f"not valid JSON: {e.msg} at column {e.colno}")
    if not isinstance(rec, dict):
        return ReadError(where, f"not a JSON object but a {type(rec).__name__}")
    rid = rec.get("id")
    doc_ref = str(rid) if rid not in (None, "") else where
    text = rec.get("text")
    if text is None:
        return ReadError(doc_ref, "record has no 'text' field", where)
    if not isinstance(text, str):
        return ReadError(doc_ref, f"'text' is a {type(text).__name__}, not a string", where)
    strings = {}
    for key in ("url", "title", "publisher", "language"):
        v = rec.get(key)
        if v is not None and not isinstance(v, str):
            return ReadError(doc_ref, f"{key!r} is a {type(v).__name__}, not a string", where)
        strings[key] = v or None
    pub = rec.get("published")
    meta = {k: v for k, v in rec.items() if k not in _JSONL_KNOWN}
    meta.setdefault("location", where)
    try:
        if text.startswith("\ufeff"):
            text = text[1:]
        return _make_document(
            text, ref=doc_ref, published=pub if pub not in (None, "") else published,
            meta=meta, **strings,
        )
    except _Refused as e:
        return ReadError(doc_ref, str(e), where)
