"""The typed Arrow schema of claims and documents, and the Parquet files that carry them.

Every Parquet file claimledger writes (the batch engine's partitions here, a
Parquet export later) uses :data:`CLAIM_SCHEMA` and :data:`DOCUMENT_SCHEMA`,
so DuckDB, pandas, Polars or Spark read them with real types: numbers are
``float64``, offsets ``int64``, dates ``date32``, and the nested parts of the
claim record (subject, location, time, source, spans, via) are structs and
lists rather than JSON strings.

The claim record of DESIGN.md is the contract, so the conversion is lossless
both ways: :func:`claim_rows` turns records into rows and
:func:`claim_records` turns rows back into records equal to what
``Claim.to_dict`` produced. Which top-level keys a record has depends on its
kind (a figure has ``metric``/``value``..., a statement ``content``/``denial``);
that is read from ``Claim.to_dict`` itself, so the two cannot drift apart.
Anything a typed column cannot hold exactly (a key added to the record after
this schema was written, a date that is not ISO) is kept verbatim in the
``extra`` column (JSON) and restored on reading.
"""
from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Iterable, Optional

import pyarrow as pa
import pyarrow.parquet as pq

from ..ingest.document import Document
from ..model import Claim, Span

__all__ = [
    "SCHEMA_VERSION",
    "CLAIM_SCHEMA",
    "DOCUMENT_SCHEMA",
    "claim_rows",
    "claim_records",
    "claims_table",
    "document_rows",
    "documents_table",
    "table_documents",
    "write_table_atomic",
    "read_table",
]

#: Bumped whenever a column changes meaning or type; readers can check it.
SCHEMA_VERSION = "1"

_str = pa.string()
_int = pa.int64()
_float = pa.float64()

SPAN = pa.struct([("start", _int), ("end", _int), ("text", _str)])
SUBJECT = pa.struct([("text", _str), ("actor", _str), ("country", _str)])
LOCATION = pa.struct([
    ("text", _str), ("country", _str), ("lat", _float), ("lon", _float), ("precision", _str),
    ("start", _int), ("end", _int), ("admin1", _str),
])
TIME = pa.struct([
    ("text", _str), ("date", pa.date32()), ("precision", _str), ("basis", _str),
    ("start", _int), ("end", _int),
])
SOURCE = pa.struct([
    ("text", _str), ("name", _str), ("type", _str), ("start", _int), ("end", _int), ("country", _str),
])
VIA = pa.struct([("name", _str), ("type", _str), ("text", _str), ("country", _str)])


def _meta(kind: str) -> dict[bytes, bytes]:
    return {b"claimledger.schema": f"{kind}/{SCHEMA_VERSION}".encode()}


#: One row per claim: the claim record of DESIGN.md, typed.
CLAIM_SCHEMA = pa.schema([
    pa.field("id", _str, nullable=False),
    pa.field("document_id", _str, nullable=False),
    pa.field("kind", _str, nullable=False),
    pa.field("metric", _str),
    pa.field("value", _float),
    pa.field("low", _float),
    pa.field("high", _float),
    pa.field("qualifier", _str),
    pa.field("part_of", _str),
    pa.field("subject", SUBJECT),
    pa.field("location", LOCATION),
    pa.field("time", TIME),
    pa.field("content", SPAN),
    pa.field("denial", pa.bool_()),
    pa.field("source", SOURCE),
    pa.field("cue", _str),
    pa.field("cue_span", SPAN),
    pa.field("via", pa.list_(VIA)),
    pa.field("hedges", pa.list_(_str)),
    pa.field("evidence", SPAN),
    pa.field("quantity_span", SPAN),
    pa.field("document_ref", _str),
    pa.field("extractor", _str),
    pa.field("extra", _str),  # JSON: what the typed columns cannot hold exactly; null almost always
], metadata=_meta("claims"))

#: One row per document read: what the ledger needs to store it (text included).
DOCUMENT_SCHEMA = pa.schema([
    pa.field("id", _str, nullable=False),
    pa.field("ref", _str),
    pa.field("url", _str),
    pa.field("title", _str),
    pa.field("publisher", _str),
    pa.field("published", pa.date32()),
    pa.field("language", _str),
    pa.field("meta", _str),  # JSON object: the record's other fields and where it was read
    pa.field("claims", pa.int32()),  # how many claims were extracted from it
    pa.field("extractor", _str),
    pa.field("text", pa.large_string(), nullable=False),
], metadata=_meta("documents"))

_STRUCTS = {f.name: f.type for f in CLAIM_SCHEMA if pa.types.is_struct(f.type)}
_COLUMNS = [f.name for f in CLAIM_SCHEMA if f.name != "extra"]


# --------------------------------------------------------------------------- claims


@lru_cache(maxsize=None)
def _record_keys(kind: str) -> frozenset[str]:
    """The top-level keys ``Claim.to_dict`` gives a claim of this kind (without the
    optional ``quantity_span``, present only when the claim has a number span)."""
    return frozenset(Claim(kind=kind, evidence=Span(0, 0, "")).to_dict())


def _struct_value(name: str, value: Any) -> tuple[Any, bool]:
    """(value for the typed column, whether it is exact)."""
    if value is None:
        return None, True
    if not isinstance(value, dict):
        return None, False
    typ = _STRUCTS[name]
    names = {typ.field(i).name for i in range(typ.num_fields)}
    if set(value) - names:
        return None, False
    row = {}
    for k in names:
        v = value.get(k)
        if k == "date" and v is not None:
            try:
                if not isinstance(v, str) or len(v) != 10:
                    raise ValueError
                v = date.fromisoformat(v)
            except ValueError:
                return None, False
        row[k] = v
    if set(value) != names:
        # a struct read back has every field; a record that lacked some is not exact
        return row, False
    return row, True


def _number(v: Any) -> tuple[Any, bool]:
    if v is None:
        return None, True
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None, False
    return float(v), (isinstance(v, float) or abs(v) < 2**53)


def claim_rows(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of :data:`CLAIM_SCHEMA` from claim records (``Claim.to_dict()``)."""
    rows = []
    via_names = {VIA.field(i).name for i in range(VIA.num_fields)}
    for rec in records:
        row: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in rec.items():
            if key not in CLAIM_SCHEMA.names or key == "extra":
                extra[key] = value
                continue
            ok = True
            if key in _STRUCTS:
                value, ok = _struct_value(key, value)
            elif key in ("value", "low", "high"):
                out, ok = _number(value)
                # an integer-valued float reads back as an int (600, not 600.0), as to_dict gives it
                if ok and isinstance(value, float) and value.is_integer():
                    ok = False
                value = out
            elif key == "via":
                ok = isinstance(value, list) and all(
                    isinstance(v, dict) and not set(v) - via_names and None not in v.values() for v in value)
                value = [{k: v.get(k) for k in via_names} for v in value] if ok else None
            elif key == "hedges":
                ok = isinstance(value, list) and all(isinstance(h, str) for h in value)
                value = value if ok else None
            elif key == "denial":
                ok = value is None or isinstance(value, bool)
                value = value if ok else None
            elif value is not None and not isinstance(value, str):
                ok, value = False, None
            row[key] = value
            if not ok:
                extra[key] = rec[key]
        for key in _record_keys(rec.get("kind") or "figure") - set(rec):
            extra.setdefault("-", []).append(key)  # a key the record lacks that its kind has
        row["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None
        rows.append(row)
    return rows


def claims_table(records: Iterable[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(claim_rows(records), schema=CLAIM_SCHEMA)


def _plain(name: str, value: Any) -> Any:
    if name in _STRUCTS and value is not None:
        d = dict(value)
        if isinstance(d.get("date"), date):
            d["date"] = d["date"].isoformat()
        return d
    if name in ("value", "low", "high") and isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if name == "via" and value is not None:
        return [{k: v for k, v in item.items() if v is not None} for item in value]
    return value


def claim_records(table: pa.Table) -> list[dict[str, Any]]:
    """Claim records (the shape of ``Claim.to_dict()``) from a table of :data:`CLAIM_SCHEMA`."""
    out = []
    for row in table.to_pylist():
        extra = json.loads(row["extra"]) if row.get("extra") else {}
        missing = set(extra.pop("-", []))
        keys = _record_keys(row["kind"]) - missing
        rec: dict[str, Any] = {}
        for name in _COLUMNS:
            if name in extra:
                rec[name] = extra.pop(name)
            elif name in keys or (name == "quantity_span" and row.get(name) is not None):
                rec[name] = _plain(name, row.get(name))
        rec.update(extra)
        out.append(rec)
    return out


# --------------------------------------------------------------------------- documents


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def document_rows(docs: Iterable[tuple[Document, Optional[int]]], extractor: Optional[str] = None
                  ) -> list[dict[str, Any]]:
    """Rows of :data:`DOCUMENT_SCHEMA` from ``(document, number of claims)`` pairs."""
    return [
        {
            "id": d.id, "ref": d.ref, "url": d.url, "title": d.title, "publisher": d.publisher,
            "published": d.published, "language": d.language,
            "meta": json.dumps(_jsonable(d.meta or {}), ensure_ascii=False, sort_keys=True),
            "claims": n, "extractor": extractor, "text": d.text,
        }
        for d, n in docs
    ]


def documents_table(docs: Iterable[tuple[Document, Optional[int]]], extractor: Optional[str] = None) -> pa.Table:
    return pa.Table.from_pylist(document_rows(docs, extractor), schema=DOCUMENT_SCHEMA)


def table_documents(table: pa.Table) -> list[tuple[Document, dict[str, Any]]]:
    """``(Document, row)`` pairs from a table of :data:`DOCUMENT_SCHEMA`."""
    out = []
    for row in table.to_pylist():
        published = row.get("published")
        if isinstance(published, datetime):
            published = published.date()
        doc = Document(text=row["text"], ref=row.get("ref"), url=row.get("url"), title=row.get("title"),
                       publisher=row.get("publisher"), language=row.get("language"), published=published,
                       meta=json.loads(row["meta"]) if row.get("meta") else {})
        out.append((doc, row))
    return out


# --------------------------------------------------------------------------- files


def write_table_atomic(fs, path: str, table: pa.Table) -> None:
    """Write ``table`` to ``path`` so that readers see the whole file or none of it:
    it is written under a hidden temporary name in the same folder, then renamed
    (atomic on a POSIX file system; object stores publish an object whole)."""
    folder, name = path.rsplit("/", 1)
    tmp = f"{folder}/.{name}.tmp-{uuid.uuid4().hex[:12]}"
    try:
        with fs.open(tmp, "wb") as fh:
            pq.write_table(table, fh, compression="zstd")
        fs.mv(tmp, path)
    except BaseException:
        try:
            if fs.exists(tmp):
                fs.rm(tmp)
        except Exception:  # noqa: BLE001 - best effort; a stray hidden file is harmless
            pass
        raise


def write_bytes_atomic(fs, path: str, data: bytes) -> None:
    folder, name = path.rsplit("/", 1)
    tmp = f"{folder}/.{name}.tmp-{uuid.uuid4().hex[:12]}"
    with fs.open(tmp, "wb") as fh:
        fh.write(data)
    fs.mv(tmp, path)


def read_table(fs, path: str, schema: Optional[pa.Schema] = None) -> pa.Table:
    with fs.open(path, "rb") as fh:
        table = pq.read_table(fh)
    if schema is not None and not table.schema.equals(schema, check_metadata=False):
        table = table.cast(schema)
    return table
