"""The Python twins of the CLI commands.

Each ``claimledger`` command is a thin wrapper around one function here, so
anything the CLI does a notebook or a service can do with the same
arguments: ``extract_inputs`` (``claimledger extract``), ``ingest``
(``claimledger ingest``), ``claims`` (``claimledger claims``) and ``show``
(``claimledger show``).
"""
from __future__ import annotations

import json
import multiprocessing as mp
import os
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from . import __version__
from .ingest import Document, ReadError, ReadOptions, iter_inputs, read_inputs
from .model import EXTRACTOR, Claim

Progress = Optional[Callable[[str, str], None]]  # (event, ref or error line): event in new|known|failed


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
                   stdin=None, *, options: Optional[ReadOptions] = None) -> Iterator[Union[Extracted, ReadError]]:
    """``claimledger extract``: claims of every input, no database.

    ``options`` (:class:`~claimledger.ingest.ReadOptions`): URL lists, feed
    following, corpus column names and the fetch policy."""
    return extract_stream(read_inputs(inputs, published=published, stdin=stdin, options=options), workers=workers)


@dataclass
class IngestReport:
    """What an ingest did, overall and per input; ``write()`` saves it as the ``--report`` JSON."""

    documents_new: int = 0
    documents_known: int = 0
    documents_failed: int = 0
    claims_added: int = 0
    errors: list[str] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    inputs: dict[str, dict] = field(default_factory=dict)
    command: str = "ingest"
    db: Optional[str] = None
    started: Optional[str] = None
    finished: Optional[str] = None
    interrupted: bool = False

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

    def record(self, input_: Optional[str], ref: str, outcome: str, *, document: Optional[Document] = None,
               claims: Optional[int] = None, error: Optional[str] = None) -> None:
        """Count one item: ``outcome`` is 'new' (stored with its claims), 'known' (already in the
        ledger: only the sighting is recorded) or 'failed' (``error`` says why)."""
        if outcome == "new":
            self.documents_new += 1
            self.claims_added += claims or 0
        elif outcome == "known":
            self.documents_known += 1
        else:
            self.documents_failed += 1
            self.errors.append(error or ref)
        key = input_ if input_ is not None else ref
        per = self.inputs.setdefault(key, {"input": key, "new": 0, "known": 0, "failed": 0, "claims_added": 0})
        per[outcome] += 1
        if outcome == "new":
            per["claims_added"] += claims or 0
        item = {"input": key, "ref": ref, "outcome": outcome}
        if document is not None:
            item.update(document_id=document.id, url=document.url, title=document.title,
                        published=document.published.isoformat() if document.published else None)
        if claims is not None:
            item["claims"] = claims
        if error is not None:
            item["error"] = error
        self.items.append(item)

    def report_dict(self) -> dict:
        return {
            "claimledger": __version__,
            "extractor": EXTRACTOR,
            "command": self.command,
            "db": self.db,
            "started": self.started,
            "finished": self.finished,
            "interrupted": self.interrupted,
            "ok": self.ok and not self.interrupted,
            "totals": {"inputs": len(self.inputs), "items": len(self.items), "new": self.documents_new,
                       "known": self.documents_known, "failed": self.documents_failed,
                       "claims_added": self.claims_added},
            "inputs": list(self.inputs.values()),
            "items": list(self.items),
        }

    def write(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Write the report as JSON, atomically (a crash leaves the old file or the new one)."""
        write_json_atomic(path, self.report_dict())


def write_json_atomic(path, data: dict) -> None:
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1, default=str)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def ingest(inputs: Iterable[str], db: Optional[str] = None, published: Optional[date] = None,
           workers: int = 1, progress: Progress = None, stdin=None, *,
           options: Optional[ReadOptions] = None, report: Optional[Union[str, "os.PathLike[str]"]] = None
           ) -> IngestReport:
    """``claimledger ingest``: read, extract and store. Each document and its
    claims go into the ledger in one transaction; a document already
    extracted by this extractor version is not parsed again, only the place
    it was seen is recorded. A run killed at any point leaves the ledger
    consistent, and rerunning it finishes the job without duplicates.

    ``options``: see :class:`~claimledger.ingest.ReadOptions` (URL lists, feed
    following, CSV/JSONL column names, fetch policy). ``report``: a path to
    write the run report (JSON, every item's outcome) to, also when the run is
    interrupted."""
    from .ledger import Ledger

    inputs = list(inputs)
    rep = IngestReport(started=_now_iso())
    try:
        with Ledger(db) as ledger:
            rep.db = ledger.engine.url.render_as_string(hide_password=True)
            listed = [*map(str, inputs), *(f"--urls {u}" for u in (options.urls if options else ()))]
            run = ledger.start_run("ingest " + " ".join(listed))
            tags: deque = deque()  # the input of each item handed to extraction, in order

            def note(outcome: str, tag: Optional[str], ref: str, **kw) -> None:
                rep.record(tag, ref, outcome, **kw)
                if progress:
                    progress(outcome, kw.get("error") or ref)

            def fresh() -> Iterator[Union[Document, ReadError]]:
                for tag, it in iter_inputs(inputs, published=published, stdin=stdin, options=options):
                    if isinstance(it, Document) and ledger.has_extraction(it.id, EXTRACTOR):
                        ledger.add(it, None)  # records the sighting only
                        note("known", tag, it.ref or it.id, document=it)
                        continue
                    tags.append(tag)
                    yield it

            for item in extract_stream(fresh(), workers=workers):
                tag = tags.popleft() if tags else None
                if isinstance(item, ReadError):
                    note("failed", tag, item.ref, error=str(item))
                    continue
                d = item.document
                try:
                    res = ledger.add(d, item.claims)
                except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
                    note("failed", tag, d.ref or d.id, document=d,
                         error=f"{d.ref or d.id}: could not store: {exc}")
                    continue
                if res.new_document or res.claims_added:
                    note("new", tag, d.ref or d.id, document=d, claims=res.claims_added)
                else:
                    note("known", tag, d.ref or d.id, document=d)
            ledger.finish_run(run, rep.as_dict())
    except BaseException:
        rep.interrupted = True
        raise
    finally:
        rep.finished = _now_iso()
        if report is not None:
            rep.write(report)
    return rep


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


# --- reconciliation, briefing and export (claimledger figures / sources / brief / export) ---------------


def reconcile(db: Optional[str] = None, *, metric=None, actor: Optional[str] = None, as_of=None,
              register: Optional[str] = None, rules: Optional[str] = None):
    """The :class:`~claimledger.reconcile.Reconciliation` of the ledger: figures with timelines,
    best / low / high, corroborations, contradictions and grades. ``register``: a source register
    YAML (default: ``$CLAIMLEDGER_SOURCES`` or the bundled one); ``rules``: a YAML file of
    :class:`~claimledger.reconcile.Rules` overrides; ``as_of``: leave out claims dated later."""
    from .ledger import Ledger
    from .reconcile import Rules, load_register, reconcile_ledger

    reg = load_register(register)
    rl = Rules.load(rules) if isinstance(rules, (str, os.PathLike)) else rules
    with Ledger(db) as ledger:
        return reconcile_ledger(ledger, metric=metric, actor=actor, as_of=as_of, register=reg, rules=rl)


def figures(db: Optional[str] = None, *, metric=None, actor: Optional[str] = None, topic: Optional[str] = None,
            since=None, as_of=None, register: Optional[str] = None, rules: Optional[str] = None) -> list:
    """``claimledger figures``: the reconciled figures matching the filters (most reported first);
    each has ``to_dict()``."""
    rec = reconcile(db, metric=metric, actor=actor, as_of=as_of, register=register, rules=rules)
    return rec.select(metric=metric, actor=actor, topic=topic, since=since)


def sources(db: Optional[str] = None, *, register: Optional[str] = None) -> dict:
    """``claimledger sources``: the source register with, for each source, how many claims in the
    ledger it made (``as_source``) or was cited for (``as_via``); and the named sources the ledger
    holds that the register lacks (graded F until an analyst adds them)."""
    from .ledger import Ledger
    from .reconcile import load_register

    reg = load_register(register)
    counts = {e.name: {"as_source": 0, "as_via": 0} for e in reg.entries}
    missing: dict[str, dict] = {}
    with Ledger(db) as ledger:
        docs = {d["id"]: d for d in ledger.documents()}
        for c in ledger.claims():
            e = reg.lookup(c.source.name, c.source.text) if (c.source.name or c.source.text) else None
            if e is None and not (c.source.name or c.source.text):
                d = docs.get(c.document_id or "") or {}
                e = reg.lookup(d.get("publisher"))
            if e is not None:
                counts[e.name]["as_source"] += 1
            elif c.source.name and c.source.type != "unnamed":
                m = missing.setdefault(c.source.name, {"name": c.source.name, "type": c.source.type,
                                                       "reliability": reg.default, "as_source": 0, "as_via": 0})
                m["as_source"] += 1
            for v in c.via:
                ev = reg.lookup(v.name, v.text)
                if ev is not None:
                    counts[ev.name]["as_via"] += 1
                else:
                    m = missing.setdefault(v.name, {"name": v.name, "type": v.type, "reliability": reg.default,
                                                    "as_source": 0, "as_via": 0})
                    m["as_via"] += 1
    rows = [dict(e.to_dict(), **counts[e.name], claims=counts[e.name]["as_source"] + counts[e.name]["as_via"])
            for e in reg.entries]
    unreg = sorted(missing.values(), key=lambda m: (-(m["as_source"] + m["as_via"]), m["name"]))
    for m in unreg:
        m["claims"] = m["as_source"] + m["as_via"]
    return {"register": reg.path, "default": reg.default, "sources": rows, "unregistered": unreg}


def brief(db: Optional[str] = None, *, topic: Optional[str] = None, actor: Optional[str] = None, since=None,
          as_of=None, fmt: str = "md", out: Optional[str] = None, register: Optional[str] = None,
          rules: Optional[str] = None, charts: bool = True, chart_format: str = "svg",
          max_figures: Optional[int] = None) -> str:
    """``claimledger brief``: a situation briefing (Markdown or HTML) of the key figures, how they
    moved and where sources disagree, every sentence citing its claims. With ``out``, also written
    there (for Markdown, the charts beside it)."""
    from .report import build_briefing, write_briefing

    rec = reconcile(db, as_of=as_of, register=register, rules=rules)
    b = build_briefing(rec, topic=topic, actor=actor, since=since, as_of=as_of, charts=charts,
                       chart_format=chart_format, max_figures=max_figures)
    return write_briefing(b, fmt, out)


def export(db: Optional[str] = None, *, fmt: str = "jsonl", what: str = "claims", out=None, metric=None,
           actor: Optional[str] = None, source: Optional[str] = None, since=None, until=None,
           kind: Optional[str] = None, text: Optional[str] = None, topic: Optional[str] = None, as_of=None,
           register: Optional[str] = None, rules: Optional[str] = None, grades: bool = True):
    """``claimledger export``: claims (``what="claims"``, with the filters of ``claims``) or figures
    (``what="figures"``: ``metric``, ``actor``, ``topic``, ``since``, ``as_of``) as jsonl, csv,
    parquet, geojson, gkg or stix. Returns str (bytes for parquet); with ``out`` also writes it.
    Claim exports carry each claim's grade unless ``grades=False``."""
    from . import export as ex
    from .ledger import Ledger

    if what not in ("claims", "figures"):
        raise ValueError("what: claims or figures")
    if fmt not in ex.FORMATS:
        raise ValueError(f"format: one of {', '.join(ex.FORMATS)}")
    if what == "figures":
        figs = figures(db, metric=metric, actor=actor, topic=topic, since=since, as_of=as_of, register=register,
                       rules=rules)
        data = ex.export(fmt, figures=figs)
    else:
        with Ledger(db) as ledger:
            rows = ledger.claims(metric=metric, actor=actor, source=source, since=since, until=until or as_of,
                                 kind=kind, text=text)
            docs = {d["id"]: d for d in ledger.documents()}
        gmap = None
        if grades and fmt != "parquet" and rows:
            rec = reconcile(db, as_of=as_of, register=register, rules=rules)
            gmap = {cid: p.grade for p in rec.points() for cid in p.claim_ids}
        data = ex.export(fmt, rows, docs=docs, grades=gmap)
    if out is not None:
        mode = "wb" if isinstance(data, bytes) else "w"
        with open(out, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as fh:
            fh.write(data)
    return data
