"""The Python twins of the CLI commands.

Each ``claimledger`` command is a thin wrapper around one function here, so
anything the CLI does a notebook or a service can do with the same
arguments: ``extract_inputs`` (``claimledger extract``), ``ingest``
(``claimledger ingest``), ``claims`` (``claimledger claims``) and ``show``
(``claimledger show``).
"""
from __future__ import annotations

import multiprocessing as mp
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable, Iterator, Optional, Union

from .ingest import Document, ReadError, read_inputs
from .model import EXTRACTOR, Claim

Progress = Optional[Callable[[str, str], None]]  # (event, ref): event in new|known|failed


@dataclass
class Extracted:
    """One document and the claims read from it."""

    document: Document
    claims: list[Claim]


# --- worker processes ---------------------------------------------------------------

_worker_nlp = None


def _init_worker() -> None:
    """Each worker parses with one pipeline, loaded once (or inherited from the
    parent when processes are forked)."""
    global _worker_nlp
    if _worker_nlp is None:
        from .extract import shared_nlp

        _worker_nlp = shared_nlp()


def _extract_batch(docs: list[Document]) -> list[Union[Extracted, ReadError]]:
    from .extract import extract_documents

    out: list[Union[Extracted, ReadError]] = []
    try:
        for d, cl in zip(docs, extract_documents(docs, nlp=_worker_nlp)):
            out.append(Extracted(d, cl))
    except Exception:  # one bad document must not sink its batch: redo one by one
        out = []
        for d in docs:
            try:
                out.append(Extracted(d, next(extract_documents([d], nlp=_worker_nlp))))
            except Exception as exc:  # noqa: BLE001 - reported per document
                out.append(ReadError(d.ref or d.id, f"extraction failed: {type(exc).__name__}: {exc}"))
    return out


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for it in items:
        batch.append(it)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_stream(items: Iterable[Union[Document, ReadError]], workers: int = 1,
                   batch_size: int = 16) -> Iterator[Union[Extracted, ReadError]]:
    """Extract claims from a stream of documents (read errors pass through),
    in input order, on ``workers`` processes. Memory stays bounded: at most a
    few batches are in flight."""
    global _worker_nlp

    def chunks() -> Iterator[Union[list[Document], ReadError]]:
        batch: list[Document] = []
        for it in items:
            if isinstance(it, ReadError):
                if batch:
                    yield batch
                    batch = []
                yield it
            else:
                batch.append(it)
                if len(batch) >= batch_size:
                    yield batch
                    batch = []
        if batch:
            yield batch

    if workers <= 1:
        if _worker_nlp is None:
            from .extract import shared_nlp

            _worker_nlp = shared_nlp()
        for ch in chunks():
            if isinstance(ch, ReadError):
                yield ch
            else:
                yield from _extract_batch(ch)
        return

    # fork shares the already loaded model copy-on-write; spawn elsewhere
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(workers, initializer=_init_worker) as pool:
        pending: list = []
        for ch in chunks():
            if isinstance(ch, ReadError):
                pending.append(ch)
            else:
                pending.append(pool.apply_async(_extract_batch, (ch,)))
            while len(pending) > workers * 3:
                yield from _resolve(pending.pop(0))
        for p in pending:
            yield from _resolve(p)


def _resolve(p) -> Iterator[Union[Extracted, ReadError]]:
    if isinstance(p, ReadError):
        yield p
    else:
        yield from p.get()


def extract_inputs(inputs: Iterable[str], published: Optional[date] = None, workers: int = 1,
                   stdin=None) -> Iterator[Union[Extracted, ReadError]]:
    """``claimledger extract``: claims of every input, no database."""
    return extract_stream(read_inputs(inputs, published=published, stdin=stdin), workers=workers)


@dataclass
class IngestReport:
    documents_new: int = 0
    documents_known: int = 0
    documents_failed: int = 0
    claims_added: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.documents_failed == 0

    def as_dict(self) -> dict:
        return {
            "documents_new": self.documents_new,
            "documents_known": self.documents_known,
            "documents_failed": self.documents_failed,
            "claims_added": self.claims_added,
            "errors": list(self.errors),
        }


def ingest(inputs: Iterable[str], db: Optional[str] = None, published: Optional[date] = None,
           workers: int = 1, progress: Progress = None, stdin=None) -> IngestReport:
    """``claimledger ingest``: read, extract and store. Each document and its
    claims go into the ledger in one transaction; a document already
    extracted by this extractor version is not parsed again."""
    from .ledger import Ledger

    report = IngestReport()
    with Ledger(db) as ledger:
        run = ledger.start_run("ingest " + " ".join(map(str, inputs)) if isinstance(inputs, (list, tuple)) else "ingest")
        known: list[Document] = []

        def fresh() -> Iterator[Union[Document, ReadError]]:
            for it in read_inputs(inputs, published=published, stdin=stdin):
                if isinstance(it, Document) and ledger.has_extraction(it.id, EXTRACTOR):
                    ledger.add(it, None)  # records the sighting only
                    report.documents_known += 1
                    if progress:
                        progress("known", it.ref or it.id)
                    continue
                yield it

        for item in extract_stream(fresh(), workers=workers):
            if isinstance(item, ReadError):
                report.documents_failed += 1
                report.errors.append(str(item))
                if progress:
                    progress("failed", str(item))
                continue
            try:
                res = ledger.add(item.document, item.claims)
            except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
                report.documents_failed += 1
                report.errors.append(f"{item.document.ref or item.document.id}: could not store: {exc}")
                if progress:
                    progress("failed", item.document.ref or item.document.id)
                continue
            if res.new_document:
                report.documents_new += 1
            else:
                report.documents_known += 1
            report.claims_added += res.claims_added
            if progress:
                progress("new" if res.new_document else "known", item.document.ref or item.document.id)
        ledger.finish_run(run, report.as_dict())
    return report


def claims(db: Optional[str] = None, **filters) -> list[Claim]:
    """``claimledger claims``: claims in the ledger matching the filters
    (see :meth:`claimledger.ledger.Ledger.claims`)."""
    from .ledger import Ledger

    with Ledger(db) as ledger:
        return ledger.claims(**filters)


def show(doc_id: str, db: Optional[str] = None) -> Optional[dict]:
    """``claimledger show``: one document with its text and claims.
    A unique prefix of the id is enough."""
    from .ledger import Ledger

    with Ledger(db) as ledger:
        d = ledger.document(doc_id)
        if d is None and len(doc_id) < 16:
            matches = [x for x in ledger.documents() if x["id"].startswith(doc_id)]
            if len(matches) == 1:
                d = ledger.document(matches[0]["id"])
        return d
