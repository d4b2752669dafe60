"""``claimledger load``: a ``batch`` output folder into a ledger, idempotently.

Every document goes in with its claims through :meth:`Ledger.add`, one
transaction per document, so loading is exactly as safe as ``ingest``: a
document and its claims are stored together or not at all, a document the
ledger already holds gains only its new sighting, and claims from an
extractor that already read it are not stored again. Loading the same folder
twice (or two overlapping folders, or a folder after ``ingest``) therefore
stores everything once.

Only finished partitions (those with a manifest) are loaded, so a folder that
a batch run is still writing can be loaded now and again later.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Optional

from ..model import Claim
from .batch import _out_fs, _read_json
from .parquet import CLAIM_SCHEMA, DOCUMENT_SCHEMA, claim_records, read_table, table_documents

__all__ = ["load", "LoadReport", "partitions"]

Progress = Optional[Callable[[str, Any], None]]


@dataclass
class LoadReport:
    out: str
    db: Optional[str] = None
    partitions: int = 0
    documents_new: int = 0
    documents_known: int = 0
    documents_failed: int = 0
    claims_added: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return asdict(self)


def partitions(out: str) -> list[dict]:
    """The manifests of the finished partitions of a batch output folder, in order."""
    fs, root = _out_fs(out)
    try:
        paths = sorted(p for p in fs.ls(f"{root}/_partitions", detail=False) if p.endswith(".json")
                       and not p.rsplit("/", 1)[-1].startswith("."))
    except FileNotFoundError:
        return []
    out_list = []
    for p in paths:
        m = _read_json(fs, p)
        if m is not None:
            out_list.append(m)
    return out_list


def load(out: str, db: Optional[str] = None, progress: Progress = None) -> LoadReport:
    """Store every document and claim of a ``batch`` output folder in the ledger ``db``.
    ``progress(event, value)`` gets ``("planned", partitions)``, then
    ``("partition", manifest)`` after each, and ``("error", message)``."""
    from ..ledger import Ledger

    say = progress or (lambda event, value: None)
    t0 = time.perf_counter()
    fs, root = _out_fs(out)
    report = LoadReport(out=out, db=db)
    if not fs.exists(f"{root}/_batch.json"):
        msg = f"{out}: not a claimledger batch output folder (no _batch.json)"
        report.errors.append(msg)
        say("error", msg)
        return report
    manifests = partitions(out)
    say("planned", len(manifests))
    with Ledger(db) as ledger:
        report.db = repr(ledger)
        run = ledger.start_run(f"load {out}")
        for m in manifests:
            try:
                docs = read_table(fs, f"{root}/{m['files']['documents']}", DOCUMENT_SCHEMA)
                recs = claim_records(read_table(fs, f"{root}/{m['files']['claims']}", CLAIM_SCHEMA))
            except Exception as e:  # noqa: BLE001 - one damaged partition must not stop the load
                msg = f"partition {m.get('id')}: cannot read: {type(e).__name__}: {e}"
                report.errors.append(msg)
                say("error", msg)
                continue
            by_doc: dict[tuple, list[Claim]] = {}
            for r in recs:
                by_doc.setdefault((r["document_id"], r.get("document_ref")), []).append(Claim.from_dict(r))
            for doc, row in table_documents(docs):
                if doc.id != row["id"]:
                    msg = f"{doc.ref or row['id']}: stored id {row['id']} does not match its text ({doc.id})"
                    report.documents_failed += 1
                    report.errors.append(msg)
                    say("error", msg)
                    continue
                claims = by_doc.get((doc.id, doc.ref), [])
                try:
                    res = ledger.add(doc, claims, extractor=row.get("extractor") or m.get("extractor"))
                except Exception as e:  # noqa: BLE001 - reported per document
                    msg = f"{doc.ref or doc.id}: could not store: {type(e).__name__}: {e}"
                    report.documents_failed += 1
                    report.errors.append(msg)
                    say("error", msg)
                    continue
                if res.new_document:
                    report.documents_new += 1
                else:
                    report.documents_known += 1
                report.claims_added += res.claims_added
            report.partitions += 1
            say("partition", m)
        counts = {k: v for k, v in report.as_dict().items() if k not in ("out", "db", "errors")}
        counts["errors"] = len(report.errors)
        ledger.finish_run(run, counts)
    report.seconds = round(time.perf_counter() - t0, 3)
    return report
