"""Sharded corpora: finding the shards, cutting them into partitions, reading one partition.

A *shard* is one file of a corpus: JSONL (``.jsonl``, ``.ndjson``), CSV or
Parquet, optionally compressed (``.gz``, ``.bz2``, ``.xz``, ``.zst``: whatever
fsspec infers from the name), on a local disk or behind any fsspec URL
(``s3://``, ``gs://``, ``abfs://``, ``https://``… where the user has the
driver). A *partition* is a run of ``partition_size`` consecutive records of
one shard: the unit of work, of output and of retry.

Partitions are fixed by the shard and the partition size alone, so a rerun
cuts the same partitions and can skip the ones already written. Cutting a
line-based shard needs one pass that counts its lines; it runs on the workers
(next to the data) and remembers the byte offset where each partition
starts, so reading a partition seeks instead of re-reading the shard.

Records become documents through the same code as ``claimledger extract``
(``ingest.readers``): a JSONL line is checked exactly as there, and a CSV row
or Parquet row is turned into the same record first. So a bad record is
reported the same way (``path:line`` or its id) and skipped.
"""
from __future__ import annotations

import csv
import glob as _glob
import io
import json
import math
import os
import posixpath
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any, Iterator, Optional, Union

import fsspec
from fsspec.utils import infer_compression

from ..ingest.document import Document
from ..ingest.readers import DEFAULT_MAX_BYTES, FOLDER_SKIP, ReadError, _record_document

__all__ = ["Shard", "Partition", "find_shards", "plan_shard", "read_partition", "FORMATS"]

#: Shard formats by file name (after a compression suffix is taken off).
FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
_COMPRESSED = (".gz", ".bz2", ".xz", ".zst", ".lz4")
_BOM = b"\xef\xbb\xbf"
_BLOCK = 1 << 20


@dataclass(frozen=True)
class Shard:
    """One input file: ``ref`` as the user named it, ``url`` as fsspec opens it."""

    ref: str
    url: str
    format: str
    compression: Optional[str] = None


@dataclass(frozen=True)
class Partition:
    """Records ``[start, stop)`` of a shard (lines for JSONL, rows for CSV and Parquet)."""

    id: str
    shard: Shard
    index: int
    start: int
    stop: int
    offset: Optional[int] = None  # byte offset (in the decompressed stream) of record ``start``

    def as_dict(self) -> dict:
        d = asdict(self)
        d["shard"] = asdict(self.shard)
        return d


# --------------------------------------------------------------------------- finding shards


def _is_url(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def shard_format(name: str) -> tuple[Optional[str], Optional[str]]:
    """(format, compression) from a file name; format None if not a corpus shard."""
    lower = name.lower()
    compression = infer_compression(lower) if lower.endswith(_COMPRESSED) else None
    base = lower.rsplit(".", 1)[0] if compression else lower
    for suffix, fmt in FORMATS.items():
        if base.endswith(suffix):
            return fmt, compression
    return None, compression


def find_shards(inputs: list[str]) -> tuple[list[Shard], list[ReadError]]:
    """Expand inputs (files, folders walked recursively, glob patterns; local or URLs)
    into shards, in a stable order. Folders contribute the files whose names have a
    shard format; a file named explicitly with an unknown format is an error."""
    shards: list[Shard] = []
    errors: list[ReadError] = []
    seen: set[str] = set()

    def add(ref: str, url: str, explicit: bool) -> None:
        fmt, comp = shard_format(ref)
        if fmt is None:
            if explicit:
                errors.append(ReadError(ref, "not a corpus shard: expected .jsonl, .ndjson, .csv or .parquet "
                                             "(optionally .gz, .bz2, .xz, .zst)"))
            return
        if url not in seen:
            seen.add(url)
            shards.append(Shard(ref=ref, url=url, format=fmt, compression=comp))

    for item in inputs:
        item = os.fspath(item)
        if not _is_url(item):
            local = item[len("file://"):] if item.startswith("file://") else item
            if _glob.has_magic(local):
                matches = sorted(_glob.glob(local, recursive=True))
                if not matches:
                    errors.append(ReadError(item, "no file matches this pattern"))
                for m in matches:
                    if os.path.isdir(m):
                        _walk_local(m, add)
                    else:
                        add(m, os.path.abspath(m), False)
            elif os.path.isdir(local):
                before = len(shards)
                _walk_local(local, add)
                if len(shards) == before:
                    errors.append(ReadError(item, "folder has no .jsonl, .csv or .parquet shards"))
            elif os.path.exists(local):
                add(local, os.path.abspath(local), True)
            else:
                errors.append(ReadError(item, "no such file or directory"))
            continue
        try:
            fs, path = fsspec.core.url_to_fs(item)
            if _glob.has_magic(path):
                found = sorted(fs.glob(path))
                if not found:
                    errors.append(ReadError(item, "no file matches this pattern"))
                for p in found:
                    if fs.isdir(p):
                        for q in sorted(fs.find(p)):
                            add(fs.unstrip_protocol(q), fs.unstrip_protocol(q), False)
                    else:
                        add(fs.unstrip_protocol(p), fs.unstrip_protocol(p), False)
            elif fs.isdir(path):
                found = sorted(fs.find(path))
                before = len(shards)
                for q in found:
                    if not posixpath.basename(q).startswith((".", "_")):
                        add(fs.unstrip_protocol(q), fs.unstrip_protocol(q), False)
                if len(shards) == before:
                    errors.append(ReadError(item, "folder has no .jsonl, .csv or .parquet shards"))
            elif fs.exists(path):
                add(item, item, True)
            else:
                errors.append(ReadError(item, "no such file or directory"))
        except ImportError as e:
            errors.append(ReadError(item, f"no driver for this URL: {e}"))
        except Exception as e:  # noqa: BLE001 - one bad input must not stop the others
            errors.append(ReadError(item, f"cannot list: {type(e).__name__}: {e}"))
    return shards, errors


def _walk_local(folder: str, add) -> None:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            if name.startswith((".", "_")) or FOLDER_SKIP.match(name):
                continue
            path = os.path.join(root, name)
            add(path, os.path.abspath(path), False)


# --------------------------------------------------------------------------- planning


def fingerprint(shard: Shard) -> dict:
    """What identifies this version of a shard: size and modification time (or ETag)."""
    fs, path = fsspec.core.url_to_fs(shard.url)
    info = fs.info(path)
    stamp = None
    for key in ("mtime", "LastModified", "last_modified", "updated", "ETag", "etag", "md5Hash", "created"):
        if info.get(key) is not None:
            stamp = str(info[key])
            break
    return {"size": info.get("size"), "stamp": stamp}


def _open(shard: Shard, mode: str = "rb"):
    return fsspec.open(shard.url, mode, compression=shard.compression).open()


def plan_shard(shard: Shard, partition_size: int) -> dict:
    """Count a shard's records and note where each partition starts.

    Returns ``{"records": n, "offsets": [...]}`` where ``offsets[k]`` is the byte
    offset of partition ``k`` in the decompressed stream (JSONL), or None (CSV,
    Parquet: rows are counted, not located).
    """
    if shard.format == "parquet":
        import pyarrow.parquet as pq

        with _open(shard) as fh:
            n = pq.ParquetFile(fh).metadata.num_rows
        return {"records": n, "offsets": [None] * math.ceil(n / partition_size)}
    if shard.format == "csv":
        n = sum(1 for _ in _csv_rows(shard))
        return {"records": n, "offsets": [None] * math.ceil(n / partition_size)}
    # JSONL: count newlines block by block, noting the offset after every partition_size-th
    lines, pos, offsets, last = 0, 0, [0], b""
    with _open(shard) as fh:
        while True:
            block = fh.read(_BLOCK)
            if not block:
                break
            n = block.count(b"\n")
            if (lines + n) // partition_size > lines // partition_size:
                i = -1
                while True:
                    i = block.find(b"\n", i + 1)
                    if i < 0:
                        break
                    lines += 1
                    if lines % partition_size == 0:
                        offsets.append(pos + i + 1)
            else:
                lines += n
            pos += len(block)
            last = block
    if last and not last.endswith(b"\n"):
        lines += 1  # a last line without its newline
    offsets = offsets[: math.ceil(lines / partition_size)]
    return {"records": lines, "offsets": offsets}


# --------------------------------------------------------------------------- reading


def read_partition(part: Partition, *, published: Optional[date] = None,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Union[Document, ReadError]]:
    """The documents (and read errors) of one partition, in record order."""
    fmt = part.shard.format
    if fmt == "jsonl":
        yield from _read_jsonl(part, published, max_bytes)
    elif fmt == "csv":
        for lineno, row in _csv_rows(part.shard, part.start, part.stop):
            yield _from_mapping(row, f"{part.shard.ref}:{lineno}", published, max_bytes)
    elif fmt == "parquet":
        yield from _read_parquet(part, published, max_bytes)
    else:  # pragma: no cover - find_shards only makes the formats above
        raise ValueError(f"unknown shard format {fmt!r}")


def _read_jsonl(part: Partition, published: Optional[date], max_bytes: int) -> Iterator[Union[Document, ReadError]]:
    ref = part.shard.ref
    with _open(part.shard) as fh:
        lineno = 0
        if part.offset:
            fh.seek(part.offset)
            lineno = part.start
        while lineno < part.stop:
            raw = fh.readline(max_bytes + 1)
            if not raw:
                break
            lineno += 1
            if lineno <= part.start:  # no offset known: skip to the partition
                while not raw.endswith(b"\n"):
                    raw = fh.readline(_BLOCK)
                    if not raw:
                        break
                continue
            where = f"{ref}:{lineno}"
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                total = len(raw)
                while True:
                    chunk = fh.readline(_BLOCK)
                    total += len(chunk)
                    if not chunk or chunk.endswith(b"\n"):
                        break
                yield ReadError(where, f"line too long: {total:,} bytes, over the limit of {max_bytes:,}")
                continue
            if lineno == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM):]
            if not raw.strip():
                continue
            yield _record_document(raw, where, published, max_bytes)


def _csv_rows(shard: Shard, start: int = 0, stop: Optional[int] = None) -> Iterator[tuple[int, dict]]:
    """``(line number, row)`` of CSV data rows ``[start, stop)``; the header is line 1.
    Bytes that are not UTF-8 are kept as surrogates, so the row is refused, not the file."""
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    with _open(shard) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
        reader = csv.DictReader(text, restkey="_extra")
        if reader.fieldnames is None:  # an empty file: no header, no rows
            return
        i = 0
        line = reader.line_num + 1
        for row in reader:
            if stop is not None and i >= stop:
                break
            if i >= start:
                yield line, row
            i += 1
            line = reader.line_num + 1


def _plain_value(v: Any) -> Any:
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return v


_KNOWN = ("text", "id", "published", "url", "title", "publisher", "language")


def _from_mapping(row: dict, where: str, published: Optional[date], max_bytes: int) -> Union[Document, ReadError]:
    """A CSV or Parquet row through the JSONL record checks (one set of rules for every format)."""
    rec: dict[str, Any] = {}
    for k, v in row.items():
        if k is None:
            continue
        v = _plain_value(v)
        if isinstance(v, bytes):
            try:
                v = v.decode("utf-8")
            except UnicodeDecodeError as e:
                return ReadError(str(row.get("id") or where), f"field {k!r}: invalid UTF-8 at byte offset {e.start}", where)
        if isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError as e:
                return ReadError(where, f"field {k!r}: invalid UTF-8 at character {e.start}")
        if k in _KNOWN and v == "":
            v = None
        elif k not in _KNOWN and v in ("", None):
            continue  # an empty extra column says nothing
        rec[k] = v
    text = rec.get("text")
    if isinstance(text, str) and len(text) > max_bytes // 4 and len(text.encode("utf-8")) > max_bytes:
        rid = rec.get("id")
        return ReadError(str(rid) if rid not in (None, "") else where,
                         f"text too large: over the limit of {max_bytes:,} bytes", where)
    try:
        raw = json.dumps(rec, ensure_ascii=False, default=str).encode("utf-8")
    except (TypeError, ValueError) as e:
        return ReadError(where, f"record cannot be read: {e}")
    return _record_document(raw, where, published, max_bytes)


def _read_parquet(part: Partition, published: Optional[date], max_bytes: int) -> Iterator[Union[Document, ReadError]]:
    import pyarrow.parquet as pq

    with _open(part.shard) as fh:
        pf = pq.ParquetFile(fh)
        names = pf.schema_arrow.names
        if "text" not in names:
            for i in range(part.start, part.stop):
                yield ReadError(f"{part.shard.ref}:row {i + 1}", "record has no 'text' field")
            return
        first = 0
        for g in range(pf.metadata.num_row_groups):
            n = pf.metadata.row_group(g).num_rows
            lo, hi = max(part.start, first), min(part.stop, first + n)
            if lo < hi:
                table = pf.read_row_group(g).slice(lo - first, hi - lo)
                for j, row in enumerate(table.to_pylist()):
                    yield _from_mapping(row, f"{part.shard.ref}:row {lo + j + 1}", published, max_bytes)
            first += n
            if first >= part.stop:
                break
