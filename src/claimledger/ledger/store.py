"""The Ledger: documents and their claims, append-only.

Why it is shaped this way:

* One transaction per ``add``: a document, its sighting and its claims are
  stored together or not at all, so a crash or a bad claim never leaves a
  document that looks extracted but has lost its claims.
* Claims are never deleted and their records never change. Re-extracting with
  a newer extractor adds a new *extraction* (a version) beside the old one;
  queries show the latest version per document unless asked for all, so
  earlier readings stay citable. The one column that changes is a claim's
  ``latest`` flag, cleared when a newer extraction of its document is stored
  (in the same transaction), so lists need not work out "newest per document".
* Concurrent writers race on unique keys, not on read-then-write checks:
  ``INSERT ... ON CONFLICT DO NOTHING`` on the document, the sighting and the
  (document, extractor) extraction row. Only the writer whose extraction row
  went in stores claims, so two processes ingesting the same article store
  it once, with all its claims. On SQLite writers also queue on the write
  lock (``BEGIN IMMEDIATE`` + busy timeout) and retry if it times out.
* Every claim keeps its full DESIGN.md record as JSON (the contract); the
  flat columns beside it exist only to filter and sort.
"""
from __future__ import annotations

import copy
import json
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Callable, Iterable, Optional, TypeVar, Union

from sqlalchemy import Connection, Text, cast, func, or_, select, true, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError

from ..ingest.document import Document
from ..model import EXTRACTOR, Claim
from . import migrate as _migrate
from .engine import WRITE, make_engine, resolve_url
from .schema import claim_sort_keys
from .schema import claims as t_claims
from .schema import document_sightings as t_sightings
from .schema import documents as t_documents
from .schema import extractions as t_extractions
from .schema import runs as t_runs

T = TypeVar("T")
DateLike = Union[date, datetime, str]
OneOrMany = Union[str, Iterable[str]]

_RETRIES = 8
_PG_TRANSIENT = {"40001", "40P01"}  # serialization failure, deadlock detected


@dataclass
class AddResult:
    """What one :meth:`Ledger.add` changed, so a batch can count new vs. seen."""

    new_document: bool
    claims_added: int
    document_id: str
    new_sighting: bool = False
    claim_ids: list[str] = field(default_factory=list)


def _filter_claims(query, *, all_versions: bool, metric, kind, document_id, actor, source, since, until):
    """The claim filters :meth:`Ledger.claims` and :meth:`Ledger.claims_page` share.

    ``since``/``until`` use the claim's own date where it has one, else the
    document's published date; ``actor`` is the actor name or country code."""
    c = t_claims
    if not all_versions:
        query = query.where(c.c.latest == true())
    if metric is not None:
        query = query.where(_match(c.c.metric, metric))
    if kind is not None:
        query = query.where(_match(c.c.kind, kind))
    if document_id is not None:
        query = query.where(c.c.document_id == document_id)
    if actor:
        a = actor.lower()
        query = query.where(or_(func.lower(c.c.actor) == a, func.lower(c.c.country) == a))
    if source:
        s = source.lower()
        query = query.where(or_(func.lower(c.c.source_name).contains(s, autoescape=True),
                                func.lower(c.c.source_text).contains(s, autoescape=True)))
    when = func.coalesce(c.c.time_date, c.c.published)
    if since is not None:
        query = query.where(when >= _iso_date(since))
    if until is not None:
        query = query.where(when <= _iso_date(until))
    return query


class Ledger:
    """An append-only store of documents and claims (SQLite file or PostgreSQL).

    ``url``: None -> ``$CLAIMLEDGER_DB``, else ``claimledger.db`` in the cwd;
    a plain path -> SQLite file; ``postgresql://`` -> PostgreSQL via psycopg 3.
    Opening migrates the schema to the newest revision.
    """

    def __init__(self, url: Optional[str] = None, *, migrate: bool = True):
        self.url = resolve_url(url)
        self.engine = make_engine(self.url)
        self._insert = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        if migrate:
            try:
                self.migrate()
            except BaseException:
                self.engine.dispose()
                raise

    # -- lifecycle -----------------------------------------------------------

    def migrate(self) -> None:
        """Create or upgrade the schema to head; safe to call from many processes at once."""
        _migrate.upgrade(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Ledger({self.engine.url.render_as_string(hide_password=True)!r})"

    # -- transactions --------------------------------------------------------

    def _write(self, fn: Callable[[Connection], T]) -> T:
        """Run ``fn`` in one write transaction, retrying the whole of it on lock
        timeouts and deadlocks: ``fn`` must therefore only touch the database."""
        for attempt in range(_RETRIES):
            try:
                with self.engine.connect() as conn:
                    conn.execution_options(**WRITE)
                    with conn.begin():
                        return fn(conn)
            except DBAPIError as e:
                if attempt == _RETRIES - 1 or not _transient(e):
                    raise
                time.sleep(min(2.0, 0.05 * 2 ** attempt) * (0.5 + random.random()))
        raise AssertionError("unreachable")

    def _read(self, fn: Callable[[Connection], T]) -> T:
        """Run ``fn`` in one read transaction, so multi-query answers are one snapshot."""
        with self.engine.connect() as conn, conn.begin():
            return fn(conn)

    # -- writing -------------------------------------------------------------

    def add(self, doc: Document, claims: Optional[list[Claim]], *,
            extractor: Optional[str] = None) -> AddResult:
        """Store ``doc``, the place it was seen (``doc.ref``) and its ``claims``, atomically.

        Nothing is stored twice: an existing document only gains a sighting for
        a new ref, and claims from an extractor that already read this document
        are ignored. Claims from a different ``Claim.extractor`` are a new
        version. An empty list still records the extraction under ``extractor``
        (default: this claimledger's), so a document with no claims is not
        re-read; ``claims=None`` records only the document and its sighting.
        The caller's Claim objects are not modified; ids, ``document_id`` and a
        missing ``document_ref`` are filled in on copies.
        """
        doc_id = doc.id
        groups: dict[str, list[Claim]] = {}
        for c in claims or []:
            if c.document_id not in (None, doc_id):
                raise ValueError(f"claim {c.id!r} belongs to document {c.document_id!r}, not {doc_id!r}")
            c = copy.deepcopy(c)
            c.document_id = doc_id
            c.extractor = c.extractor or extractor or EXTRACTOR
            if c.document_ref is None:
                c.document_ref = doc.ref
            if c.id is None:
                c.assign_id()
            groups.setdefault(c.extractor, []).append(c)
        if extractor is not None and set(groups) - {extractor}:
            raise ValueError(f"claims from {sorted(groups)} passed with extractor={extractor!r}")
        if claims is not None and not groups:
            groups[extractor or EXTRACTOR] = []

        now = _now()
        doc_row = dict(
            id=doc_id, text=doc.text, url=doc.url, title=doc.title, publisher=doc.publisher,
            published=_iso_date(doc.published), language=doc.language, first_seen=now,
            meta=_jsonable(doc.meta or {}),
        )
        # a sighting needs a non-NULL key to be deduplicated (NULLs never conflict)
        ref = doc.ref or doc.url or ""
        ins = self._insert

        def txn(conn: Connection) -> AddResult:
            # RETURNING tells whether the row went in; rowcount is not reliable across drivers
            new_doc = conn.execute(
                ins(t_documents).values(**doc_row).on_conflict_do_nothing().returning(t_documents.c.id)
            ).first() is not None
            new_sighting = conn.execute(
                ins(t_sightings).values(document_id=doc_id, ref=ref, url=doc.url, seen_at=now)
                .on_conflict_do_nothing().returning(t_sightings.c.id)
            ).first() is not None
            added: list[str] = []
            published = None
            if groups:
                # the stored document's date (the first sighting's, if they differ), and a lock on
                # its row (PostgreSQL), so that two writers of one document's extractions take
                # turns and the newest extraction's claims are the ones left "latest"
                published = conn.execute(
                    select(t_documents.c.published).where(t_documents.c.id == doc_id).with_for_update()
                ).scalar()
            for ex, group in groups.items():
                rows = _claim_rows(group, now)  # serialised in here: if one fails, all roll back
                extraction_id = conn.execute(
                    ins(t_extractions)
                    .values(document_id=doc_id, extractor=ex, claims=len(rows), created_at=now)
                    .on_conflict_do_nothing()
                    .returning(t_extractions.c.id)
                ).scalar()
                if extraction_id is None:
                    continue  # this extractor has read this document already
                for row in rows:
                    row["extraction_id"] = extraction_id
                    row["published"], row["latest"] = published, True
                conn.execute(update(t_claims)
                             .where(t_claims.c.document_id == doc_id, t_claims.c.latest == true(),
                                    t_claims.c.extraction_id != extraction_id)
                             .values(latest=False))
                if rows:
                    conn.execute(t_claims.insert(), rows)
                added.extend(row["id"] for row in rows)
            return AddResult(new_document=new_doc, claims_added=len(added), document_id=doc_id,
                             new_sighting=new_sighting, claim_ids=added)

        return self._write(txn)

    def start_run(self, command: str) -> int:
        """Record that a command began, so a ledger shows what produced it and when."""
        return self._write(lambda conn: conn.execute(
            t_runs.insert().values(started=_now(), command=command).returning(t_runs.c.id)
        ).scalar_one())

    def finish_run(self, run_id: int, counts: Optional[dict] = None) -> None:
        self._write(lambda conn: conn.execute(
            update(t_runs).where(t_runs.c.id == run_id)
            .values(finished=_now(), counts=_jsonable(counts or {}))
        ))

    # -- reading -------------------------------------------------------------

    def has_document(self, id: str) -> bool:
        return self._read(lambda conn: conn.execute(
            select(t_documents.c.id).where(t_documents.c.id == id)
        ).first() is not None)

    def has_extraction(self, document_id: str, extractor: str) -> bool:
        """Whether ``extractor`` has read this document: lets a batch skip work already done."""
        return self._read(lambda conn: conn.execute(
            select(t_extractions.c.id).where(t_extractions.c.document_id == document_id,
                                             t_extractions.c.extractor == extractor)
        ).first() is not None)

    def document(self, id: str, *, all_versions: bool = False) -> Optional[dict[str, Any]]:
        """A document with its text, sightings, extractions and claim records (latest version
        unless ``all_versions``), as plain JSON-ready data."""

        def q(conn: Connection):
            row = conn.execute(select(t_documents).where(t_documents.c.id == id)).mappings().first()
            if row is None:
                return None
            out = _doc_dict(row)
            out["text"] = row["text"]
            out["sightings"] = [
                {"ref": s.ref, "url": s.url, "seen_at": _ts(s.seen_at)}
                for s in conn.execute(select(t_sightings).where(t_sightings.c.document_id == id)
                                      .order_by(t_sightings.c.id))
            ]
            exs = conn.execute(select(t_extractions).where(t_extractions.c.document_id == id)
                               .order_by(t_extractions.c.id)).all()
            out["extractions"] = [{"extractor": e.extractor, "claims": e.claims,
                                   "created_at": _ts(e.created_at)} for e in exs]
            cq = select(t_claims.c.record).where(t_claims.c.document_id == id)
            if not all_versions:
                cq = cq.where(t_claims.c.extraction_id == (exs[-1].id if exs else -1))
            cq = cq.order_by(t_claims.c.extraction_id, t_claims.c.evidence_start, t_claims.c.id)
            out["claims"] = [r for (r,) in conn.execute(cq)]
            return out

        return self._read(q)

    def claims(
        self,
        metric: Optional[OneOrMany] = None,
        actor: Optional[str] = None,
        source: Optional[str] = None,
        since: Optional[DateLike] = None,
        until: Optional[DateLike] = None,
        document_id: Optional[str] = None,
        kind: Optional[OneOrMany] = None,
        text: Optional[str] = None,
        all_versions: bool = False,
        limit: Optional[int] = None,
        offset: int = 0,
    ) -> list[Claim]:
        """Claims matching every given filter, ordered by document published date
        (undated last), then position in the document.

        ``actor`` is the subject's actor name or country code (case-insensitive,
        whole value); ``source`` and ``text`` are case-insensitive substrings of
        the source's name or mention and of the evidence. ``since``/``until``
        (inclusive) use the claim's own date where it has one, because a report
        published today is often about last week; otherwise the published date.
        """
        c = t_claims
        q = _filter_claims(select(c.c.record), all_versions=all_versions, metric=metric, kind=kind,
                           document_id=document_id, actor=actor, source=source, since=since, until=until)
        if text:
            q = q.where(func.lower(c.c.evidence_text).contains(text.lower(), autoescape=True))
        q = q.order_by(c.c.published.is_(None), c.c.published, c.c.document_id,
                       c.c.extraction_id, c.c.evidence_start, c.c.id)
        if limit is not None:
            q = q.limit(limit)
        if offset:
            q = q.offset(offset)
        return self._read(lambda conn: [Claim.from_dict(r) for (r,) in conn.execute(q)])

    def documents(self, limit: Optional[int] = None, offset: int = 0) -> list[dict[str, Any]]:
        """Document metadata (no text) in the order first seen, with the number of
        claims in each one's latest version."""
        d, e = t_documents, t_extractions
        n_claims = (select(e.c.claims).where(e.c.document_id == d.c.id)
                    .order_by(e.c.id.desc()).limit(1).scalar_subquery())
        q = select(d, n_claims.label("n_claims")).order_by(d.c.first_seen, d.c.id)
        if limit is not None:
            q = q.limit(limit)
        if offset:
            q = q.offset(offset)

        def run(conn: Connection):
            out = []
            for row in conn.execute(q).mappings():
                item = _doc_dict(row)
                item["claims"] = row["n_claims"] or 0
                out.append(item)
            return out

        return self._read(run)

    def stats(self) -> dict[str, Any]:
        """Counts for a summary line: kinds and metrics over the latest versions
        (what queries show); extractors over everything stored."""
        c, e = t_claims, t_extractions

        def run(conn: Connection) -> dict[str, Any]:
            def scalar(q):
                return conn.execute(q).scalar_one()

            latest = c.c.latest == true()
            by_kind = dict(conn.execute(select(c.c.kind, func.count()).where(latest)
                                        .group_by(c.c.kind).order_by(c.c.kind)).all())
            by_metric = dict(conn.execute(
                select(c.c.metric, func.count()).where(latest, c.c.metric.is_not(None))
                .group_by(c.c.metric).order_by(func.count().desc(), c.c.metric)).all())
            extractors = {
                ex: {"documents": ndocs, "claims": nclaims or 0}
                for ex, ndocs, nclaims in conn.execute(
                    select(e.c.extractor, func.count(), func.sum(e.c.claims))
                    .group_by(e.c.extractor).order_by(e.c.extractor))
            }
            return {
                "documents": scalar(select(func.count()).select_from(t_documents)),
                "sightings": scalar(select(func.count()).select_from(t_sightings)),
                "claims": sum(by_kind.values()),
                "claims_all_versions": scalar(select(func.count()).select_from(c)),
                "by_kind": by_kind,
                "by_metric": by_metric,
                "extractors": extractors,
                "runs": scalar(select(func.count()).select_from(t_runs)),
            }

        return self._read(run)

    def runs(self, limit: Optional[int] = 20) -> list[dict[str, Any]]:
        """The most recent runs first."""
        q = select(t_runs).order_by(t_runs.c.id.desc())
        if limit is not None:
            q = q.limit(limit)
        return self._read(lambda conn: [
            {"id": r.id, "command": r.command, "started": _ts(r.started),
             "finished": _ts(r.finished), "counts": r.counts}
            for r in conn.execute(q)
        ])


    # -- feeds (claimledger watch) ---------------------------------------------
    # Tables of migration 0003_feeds; declared in _feed_tables() below.

    def feed_state(self, feed: str) -> dict[str, Any]:
        """What ``watch`` remembers of ``feed``: its HTTP validators (etag, last_modified),
        title, last poll, and ``entries``: entry id -> {"status", "attempts"}."""
        fs, fe = _feed_tables()

        def q(conn: Connection) -> dict[str, Any]:
            row = conn.execute(select(fs).where(fs.c.feed == feed)).mappings().first()
            out: dict[str, Any] = {"etag": None, "last_modified": None, "title": None,
                                   "last_polled": None, "last_status": None}
            if row is not None:
                out.update(etag=row["etag"], last_modified=row["last_modified"], title=row["title"],
                           last_polled=_ts(row["last_polled"]), last_status=row["last_status"])
            out["entries"] = {r.entry: {"status": r.status, "attempts": r.attempts}
                              for r in conn.execute(select(fe.c.entry, fe.c.status, fe.c.attempts)
                                                    .where(fe.c.feed == feed))}
            return out

        return self._read(q)

    def save_feed_state(self, feed: str, *, status: str, title: Optional[str] = None,
                        validators: Optional[tuple[Optional[str], Optional[str]]] = None) -> None:
        """Record a poll of ``feed``; ``validators`` = (ETag, Last-Modified) to send next time
        (None keeps the stored ones, so a poll that left work undone asks for the whole feed again
        only if the caller clears them with ``(None, None)``)."""
        fs, _ = _feed_tables()
        values: dict[str, Any] = {"last_polled": _now(), "last_status": status}
        if title:
            values["title"] = title
        if validators is not None:
            values["etag"], values["last_modified"] = validators
        self._write(lambda conn: conn.execute(
            self._insert(fs).values(feed=feed, **values)
            .on_conflict_do_update(index_elements=[fs.c.feed], set_=values)))

    def mark_feed_entry(self, feed: str, entry: str, status: str, *, document_id: Optional[str] = None,
                        error: Optional[str] = None) -> int:
        """Record what became of one entry: 'stored' (its document is in the ledger), 'retry'
        (failed, to be tried again) or 'failed' (given up). Returns the attempts so far."""
        _, fe = _feed_tables()
        now = _now()
        ins = self._insert(fe).values(feed=feed, entry=entry, status=status, document_id=document_id,
                                      attempts=1, error=error, seen_at=now)
        stmt = ins.on_conflict_do_update(
            index_elements=[fe.c.feed, fe.c.entry],
            set_={"status": status, "document_id": document_id, "error": error, "seen_at": now,
                  "attempts": fe.c.attempts + 1},
        ).returning(fe.c.attempts)
        return self._write(lambda conn: conn.execute(stmt).scalar_one())

    # -- pages, lookups and full-text search (the HTTP API) ---------------------------
    # Keyset pagination: every sort order ends with a unique column, so the last row's
    # sort key (the ``next`` a page returns) says exactly where the following page
    # starts, however much the ledger grows in between.

    def state(self) -> tuple:
        """A token that changes whenever the ledger gains an extraction or a sighting, i.e.
        whenever a read could answer differently: caches and ETags key on it. Counts are
        in it because on PostgreSQL ids are not committed in order."""
        e, s = t_extractions, t_sightings

        # one round trip: the server asks this on every request
        row = select(select(func.count()).select_from(e).scalar_subquery(),
                     select(func.max(e.c.id)).scalar_subquery(),
                     select(func.count()).select_from(s).scalar_subquery(),
                     select(func.max(s.c.id)).scalar_subquery())
        with self.engine.connect() as conn:
            a, b, c, d = conn.execute(row).one()
        return (a, b or 0, c, d or 0)

    def claim(self, id: str) -> Optional[dict[str, Any]]:
        """One claim record by its id (any version), or None."""
        return self._read(lambda conn: conn.execute(
            select(t_claims.c.record).where(t_claims.c.id == id)).scalar())

    def claims_page(self, *, metric: Optional[OneOrMany] = None, kind: Optional[OneOrMany] = None,
                    actor: Optional[str] = None, source: Optional[str] = None, place: Optional[str] = None,
                    since: Optional[DateLike] = None, until: Optional[DateLike] = None,
                    document_id: Optional[str] = None, q: Optional[str] = None, sort: str = "published",
                    after: Optional[list] = None, limit: int = 50, all_versions: bool = False,
                    as_json: bool = False) -> tuple[list, Optional[list]]:
        """One page of claim records and the key of its last row (None on the last page).

        Filters as :meth:`claims`, plus ``place`` (the location's country code, or words of
        its name, case-insensitive) and ``q``, a full-text query over the evidence, source
        and actor (stemmed English; "quoted phrases", ``or``, ``-word``: web-search syntax,
        the same on SQLite and PostgreSQL). ``sort``: one of :data:`CLAIM_SORTS`; ``after``:
        the key a previous page returned; raises ValueError if it does not fit ``sort``.
        ``as_json``: each record as its JSON text, as stored, for a caller that only passes
        records on (an API answer need not decode and encode them again)."""
        c = t_claims
        keys = _claim_sort_keys(sort)
        record = cast(c.c.record, Text) if as_json else c.c.record
        query = _filter_claims(select(record, *keys), all_versions=all_versions, metric=metric, kind=kind, document_id=document_id,
                               actor=actor, source=source, since=since, until=until)
        if place:
            p = place.lower()
            loc = c.c.record["location"]
            query = query.where(or_(func.lower(loc["country"].as_string()) == p,
                                    func.lower(loc["admin1"].as_string()) == p,
                                    func.lower(loc["text"].as_string()).contains(p, autoescape=True)))
        if q is not None:
            query = query.where(self._search(q))
        if after is not None:
            query = query.where(_after(keys, after, sort.startswith("-")))
        query = query.order_by(*_ordered(keys, sort.startswith("-"))).limit(limit + 1)
        rows = self._read(lambda conn: conn.execute(query).all())
        return [r[0] for r in rows[:limit]], (_key_out(rows[limit - 1][1:]) if len(rows) > limit else None)

    def documents_page(self, *, sort: str = "first_seen", after: Optional[list] = None, limit: int = 50,
                       since: Optional[DateLike] = None, until: Optional[DateLike] = None,
                       ) -> tuple[list[dict[str, Any]], Optional[list]]:
        """One page of document metadata (as :meth:`documents`) and the key of its last row
        (None on the last page). ``sort``: one of :data:`DOCUMENT_SORTS`; ``since`` /
        ``until``: the published date."""
        d, e = t_documents, t_extractions
        keys = _document_sort_keys(sort)
        n_claims = (select(e.c.claims).where(e.c.document_id == d.c.id)
                    .order_by(e.c.id.desc()).limit(1).scalar_subquery())
        query = select(d, n_claims.label("n_claims"), *[k.label(f"_k{i}") for i, k in enumerate(keys)])
        if since is not None:
            query = query.where(d.c.published >= _iso_date(since))
        if until is not None:
            query = query.where(d.c.published <= _iso_date(until))
        if after is not None:
            query = query.where(_after(keys, after, sort.startswith("-")))
        query = query.order_by(*_ordered(keys, sort.startswith("-"))).limit(limit + 1)

        def run(conn: Connection):
            out = []
            for row in conn.execute(query).mappings():
                item = _doc_dict(row)
                item["claims"] = row["n_claims"] or 0
                out.append((item, [row[f"_k{i}"] for i in range(len(keys))]))
            return out

        rows = self._read(run)
        return [i for i, _ in rows[:limit]], (_key_out(rows[limit - 1][1]) if len(rows) > limit else None)

    def _search(self, text: str):
        """The condition a full-text query puts on claims (see :meth:`claims_page`)."""
        from sqlalchemy import and_, false, literal_column, table, column

        if self.engine.dialect.name == "postgresql":
            return literal_column(_PG_TSVECTOR).op("@@")(
                func.websearch_to_tsquery(literal_column("'english'::regconfig"), text))
        pos, neg = fts5_query(text)
        fts = table("claims_search", column("claim_id"))
        match = literal_column("claims_search").op("MATCH")
        conds = []
        if pos:
            conds.append(t_claims.c.id.in_(select(fts.c.claim_id).where(match(pos))))
        if neg:
            conds.append(t_claims.c.id.not_in(select(fts.c.claim_id).where(match(neg))))
        return and_(*conds) if conds else false()

# -- helpers ----------------------------------------------------------------------


def _match(col, value: OneOrMany):
    if isinstance(value, str):
        return col == value
    return col.in_(list(value))


def _claim_rows(group: list[Claim], now: datetime) -> list[dict[str, Any]]:
    """Rows for one extraction's claims.

    Claim ids hash (document, kind, metric, evidence span, number, extractor),
    so two different claims can share one; rather than lose either, later
    ones get ``<id>.2``, ``<id>.3`` (stable, since extraction order is). An exact
    repeat of a claim is stored once.
    """
    rows: list[dict[str, Any]] = []
    seen: dict[str, dict] = {}
    for claim in group:
        rec = claim.to_dict()
        base, n = rec["id"], 1
        while rec["id"] in seen:
            if seen[rec["id"]] == rec:
                break
            n += 1
            rec["id"] = f"{base}.{n}"
        else:
            seen[rec["id"]] = rec
            rows.append(_claim_row(rec, now))
    return rows


def _claim_row(rec: dict[str, Any], now: datetime) -> dict[str, Any]:
    subject = rec.get("subject") or {}
    source = rec.get("source") or {}
    when = rec.get("time") or {}
    ev = rec.get("evidence") or {}
    return dict(
        id=rec["id"], document_id=rec["document_id"], extractor=rec["extractor"], kind=rec["kind"],
        metric=rec.get("metric"), value=rec.get("value"), low=rec.get("low"), high=rec.get("high"),
        qualifier=rec.get("qualifier"), actor=subject.get("actor"), country=subject.get("country"),
        source_name=source.get("name"), source_text=source.get("text"),
        time_date=_iso_date(when.get("date")),
        evidence_start=ev.get("start"), evidence_end=ev.get("end"), evidence_text=ev.get("text"),
        record=rec, created_at=now,
    )


def _doc_dict(row) -> dict[str, Any]:
    return {
        "id": row["id"], "url": row["url"], "title": row["title"], "publisher": row["publisher"],
        "published": row["published"], "language": row["language"],
        "first_seen": _ts(row["first_seen"]), "meta": row["meta"],
    }


def _transient(e: DBAPIError) -> bool:
    if e.connection_invalidated:
        return True
    if getattr(e.orig, "sqlstate", None) in _PG_TRANSIENT:
        return True
    msg = str(e.orig).lower()
    return "database is locked" in msg or "database is busy" in msg or "database table is locked" in msg


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _ts(value: Optional[datetime]) -> Optional[str]:
    """ISO timestamps in UTC; SQLite hands datetimes back without their zone."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat()


def _iso_date(value: Any) -> Optional[str]:
    if value is None or value == "":
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    return str(value)[:10]


def _jsonable(value: Any) -> Any:
    """Metadata comes from feeds and CSVs (dates, Decimals…): store what JSON can hold."""
    return json.loads(json.dumps(value, default=str))


def _declare_feed_tables():
    """The watch tables of migration 0003_feeds, on the schema's metadata (so the schema
    check of the migrations sees them) but declared beside the only methods that use them."""
    from sqlalchemy import Column, DateTime, Integer, String, Table, Text

    from .schema import metadata

    if "feed_state" in metadata.tables:
        return metadata.tables["feed_state"], metadata.tables["feed_entries"]
    return (
        Table("feed_state", metadata,
              Column("feed", Text, primary_key=True), Column("etag", Text), Column("last_modified", Text),
              Column("title", Text), Column("last_polled", DateTime(timezone=True)),
              Column("last_status", Text)),
        Table("feed_entries", metadata,
              Column("feed", Text, primary_key=True), Column("entry", Text, primary_key=True),
              Column("status", Text, nullable=False), Column("document_id", String(64)),
              Column("attempts", Integer, nullable=False, server_default="0"), Column("error", Text),
              Column("seen_at", DateTime(timezone=True), nullable=False)),
    )


_FEED_TABLES = _declare_feed_tables()


def _feed_tables():
    return _FEED_TABLES


# -- pages and search (helpers of Ledger.claims_page / documents_page) -------------------------

#: Claim sort orders: by the document's published date (undated last) then position in it;
#: the claim's own date (else published); the value (else a bound); the order stored.
CLAIM_SORTS = ("published", "-published", "date", "-date", "value", "-value", "created", "-created")
DOCUMENT_SORTS = ("first_seen", "-first_seen", "published", "-published")

#: Objects of full-text search (migration 0004_search) that schema.py does not describe: the
#: FTS5 table ``claims_search`` and its shadow tables on SQLite, the GIN index ``ix_claims_search``
#: on PostgreSQL. A schema comparison (the migrations test, autogenerate in env.py) must skip them:
#: pass ``include_name=include_schema_name`` in its MigrationContext options.
SEARCH_OBJECTS = ("claims_search", "ix_claims_search")


def include_schema_name(name: Optional[str], type_: str, parent_names: dict) -> bool:
    """Alembic ``include_name`` hook: False for the full-text search objects."""
    return not (name or "").startswith(SEARCH_OBJECTS)


# the text migration 0004_search indexes (keep the two in step)
_SEARCH_TEXT = ("coalesce({p}evidence_text, '') || ' ' || coalesce({p}source_name, '') || ' ' || "
                "coalesce({p}source_text, '') || ' ' || coalesce({p}actor, '')")
_PG_TSVECTOR = f"to_tsvector('english'::regconfig, {_SEARCH_TEXT.format(p='claims.')})"

_LAST_DAY, _FIRST_DAY = "9999-12-31", "0000-00-00"


def _claim_sort_keys(sort: str) -> list:
    if sort not in CLAIM_SORTS:
        raise ValueError(f"sort: one of {', '.join(CLAIM_SORTS)}")
    return claim_sort_keys(sort)


def _document_sort_keys(sort: str) -> list:
    d = t_documents
    if sort not in DOCUMENT_SORTS:
        raise ValueError(f"sort: one of {', '.join(DOCUMENT_SORTS)}")
    if sort.lstrip("-") == "published":
        return [func.coalesce(d.c.published, _FIRST_DAY if sort.startswith("-") else _LAST_DAY), d.c.id]
    return [d.c.first_seen, d.c.id]


def _ordered(keys: list, desc: bool) -> list:
    return [k.desc() if desc else k.asc() for k in keys]


def _key_out(values) -> list:
    """A row's sort key as JSON-ready values (timestamps as ISO strings)."""
    return [_ts(v) if isinstance(v, datetime) else v for v in values]


def _after(keys: list, after: list, desc: bool):
    """Rows strictly after ``after`` in the order of ``keys`` (row-value comparison)."""
    from sqlalchemy import DateTime, Float, Integer, String, Text, bindparam, tuple_

    if not isinstance(after, (list, tuple)) or len(after) != len(keys):
        raise ValueError("cursor does not fit this sort order")
    binds = []
    for k, v in zip(keys, after):
        t = k.type
        if isinstance(t, DateTime):
            if not isinstance(v, str):
                raise ValueError("cursor: bad timestamp")
            v = datetime.fromisoformat(v)
            if v.tzinfo is None:
                v = v.replace(tzinfo=timezone.utc)
        elif isinstance(t, Integer):
            if not isinstance(v, int) or isinstance(v, bool) or not -2**31 <= v < 2**31:
                raise ValueError("cursor: bad integer")
        elif isinstance(t, Float):
            if not isinstance(v, (int, float)) or isinstance(v, bool) or v != v or abs(v) > 1e301:
                raise ValueError("cursor: bad number")
            v = float(v)
        elif isinstance(t, (String, Text)):
            if not isinstance(v, str) or len(v) > 200 or "\x00" in v:
                raise ValueError("cursor: bad text")
        binds.append(bindparam(None, v, type_=t))
    row, at = tuple_(*keys), tuple_(*binds)
    return row < at if desc else row > at


# PostgreSQL's English stop words (snowball), left out of SQLite queries so that a query
# means the same on both backends ("killed in Kursk" needs no "in" in the text)
_STOP = frozenset("""a about above after again against all am an and any are as at be because been before being
below between both but by can did do does doing don down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor
not now of off on once only or other our ours ourselves out over own s same she should so some such t than that
the their theirs them themselves then there these they this those through to too under until up very was we
were what when where which while who whom why will with you your yours yourself yourselves""".split())


def fts5_query(text: str) -> tuple[str, str]:
    """A web-search style query (words ANDed, "a phrase", ``or``, ``-word``) as an FTS5
    MATCH expression for the terms to find and one for the terms to exclude ("" if none).
    Only runs of word characters reach FTS5, each inside double quotes, so no input can
    be read as FTS5 syntax."""
    import re

    groups: list[list[str]] = []
    negs: list[str] = []
    pending_or = False
    for tok in re.findall(r'-?"[^"]*"?|[^\s"]+', text):
        neg = tok.startswith("-") and len(tok) > 1
        if neg:
            tok = tok[1:]
        phrase = tok.startswith('"')
        if not neg and not phrase and tok.lower() == "or":
            pending_or = bool(groups)
            continue
        words = re.findall(r"\w+", tok.lower())
        if not phrase:
            words = [w for w in words if w not in _STOP]
        if not words:
            continue
        term = '"' + " ".join(words) + '"'
        if neg:
            negs.append(term)
        elif pending_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    pos = " AND ".join("(" + " OR ".join(g) + ")" for g in groups)
    return pos, " OR ".join(negs)
