"""What the API routes and the pages both do: page through claims, shape figures, ingest.

Kept apart from the routes so that a page and its API twin answer from the same
code (the claims table shows exactly what ``GET /api/claims`` returns).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional
from urllib.parse import urlsplit

from ..ingest import ReadError, ReadOptions, read_inputs, read_text
from ..reconcile.figures import RELATION_LISTS
from ..ingest.fetch import FetchError, check_url, is_url
from .app import Web
from .params import ClaimFilters, FigureFilters, decode_cursor, encode_cursor
from .problems import Problem

_GRADE_ROUNDS = 20  # pages of the ledger read to fill one page filtered by grade


@dataclass
class ClaimPage:
    items: list[dict]
    next: Optional[str]
    grades: dict = field(default_factory=dict)  # claim id -> Grade (when asked for or filtered on)
    graded: bool = True  # False: grades were asked for but are still being computed


def claims_page(web: Web, f: ClaimFilters, sort: str, limit: int, cursor: Optional[str],
                with_grades: bool = False, wait: bool = True, as_json: bool = False) -> ClaimPage:
    """One page of claim records. With a grade filter the page may hold fewer than ``limit``
    records (grades come from reconciliation, not the database); ``next`` is None only at
    the end. ``as_json``: the records as their stored JSON text (not with grades)."""
    if as_json and (with_grades or f.grade):
        raise ValueError("as_json gives records as stored, without grades")
    fp = f.fingerprint()
    after = decode_cursor(cursor, sort, fp)
    gmap: dict = {}
    if f.grade:
        _, gmap = web.reconciliation()
    elif with_grades:
        _, gmap = web.reconciliation(wait=wait)  # a page shows grades once they are computed
    items: list[dict] = []
    kw = f.ledger_kwargs()
    rounds = 0
    while True:
        try:
            recs, key = web.ledger.claims_page(**kw, sort=sort, after=after, limit=limit - len(items),
                                               as_json=as_json)
        except ValueError as e:  # a cursor key of the wrong shape
            raise Problem(400, "bad-cursor", str(e)) from None
        items.extend(recs if not f.grade else (r for r in recs if f.grade_match(gmap.get(r["id"]))))
        after = key
        rounds += 1
        if key is None or len(items) >= limit or not f.grade or rounds >= _GRADE_ROUNDS:
            break
    nxt = encode_cursor(sort, after, fp) if after is not None else None
    return ClaimPage(items, nxt, {r["id"]: gmap.get(r["id"]) for r in items} if gmap else {},
                     graded=bool(gmap) or not (with_grades or f.grade))


def claim_json(rec: dict, grade=None) -> dict:
    out = dict(rec)
    if grade is not None:
        out["grade"] = grade.to_dict()
    return out


# --- figures ---------------------------------------------------------------------------------------


def figures(web: Web, f: FigureFilters, snap: Optional[tuple] = None):
    """The reconciliation and its figures matching ``f``. Without ``as_of``: that of ``snap``
    (a :func:`figures_snapshot`), or the reconciliation at hand, waiting up to
    ``figure_wait`` seconds for the ledger's newest state (see :meth:`Web.snapshot`); with
    ``as_of`` the ledger is reconciled as of that date."""
    if f.as_of is not None:
        from ..reconcile import Rules, load_register, reconcile_ledger

        rec = reconcile_ledger(web.ledger, as_of=f.as_of, register=load_register(web.config.register),
                               rules=Rules.load(web.config.rules) if web.config.rules else None)
    else:
        rec = (snap or figures_snapshot(web))[1]
    figs = rec.select(metric=f.metric or None, actor=f.actor or None, topic=f.topic or None, since=f.since,
                      scope=None if f.scope == "all" else f.scope)
    return rec, figs


def figures_snapshot(web: Web) -> tuple:
    """(ledger state, reconciliation, grades) that figure answers are made of now: part of
    their cache key, so that an answer of an earlier reconciliation is not kept for longer."""
    return web.snapshot(wait=web.config.figure_wait)


def figure_summary(fig) -> dict[str, Any]:
    d = fig.to_dict(relations=0, timeline=False)
    counts = d.pop("relation_counts")
    for k in RELATION_LISTS:
        d.pop(k, None)
    d["contradictions"] = counts["contradictions"]
    d["corroborations"] = counts["corroborations"]
    d["dates"] = {"first": fig.dated[0].date if fig.dated else None,
                  "last": fig.dated[-1].date if fig.dated else None}
    return d


def figure_page(figs: list, f: FigureFilters, limit: int, cursor: Optional[str]) -> tuple[list, Optional[str]]:
    """Figures in reconciliation order (most reported first, then label and id), paged by position."""
    return positional_page(figs, f.fingerprint(), limit, cursor)


def positional_page(items: list, fingerprint: str, limit: int, cursor: Optional[str]) -> tuple[list, Optional[str]]:
    """A page of a list computed whole (figures, a figure's relations), by position: the list
    is of one reconciliation, which the cache key and ETag of the answer follow."""
    start = decode_cursor(cursor, "rank", fingerprint)
    if start is None:
        start = 0
    if not isinstance(start, int) or isinstance(start, bool) or start < 0:
        raise Problem(400, "bad-cursor", "the cursor is not valid")
    nxt = encode_cursor("rank", start + limit, fingerprint) if start + limit < len(items) else None
    return items[start:start + limit], nxt


def find_figure(rec, fid: str):
    index = rec.__dict__.get("_by_id")
    if index is None:
        index = rec.__dict__["_by_id"] = {fig.id: fig for fig in rec.figures}
    return index.get(fid)


def relation_page(fig, kind: str, limit: int, cursor: Optional[str]) -> tuple[list, Optional[str], int]:
    """One page of a figure's relations of one kind (a key of RELATION_LISTS) and their number."""
    rels = fig.relations_of(RELATION_LISTS[kind])
    chunk, nxt = positional_page(rels, f"{fig.id}:{kind}", limit, cursor)
    return chunk, nxt, len(rels)


# --- ingest --------------------------------------------------------------------------------------------


@dataclass
class IngestItem:
    text: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None
    publisher: Optional[str] = None
    published: Optional[date] = None
    ref: Optional[str] = None


def ingest(web: Web, items: list[IngestItem], source: str = "api") -> list[dict[str, Any]]:
    """Read, extract and store each item: text as given, or a URL fetched through the
    private-address guard. One result per document (a URL to a feed gives several)."""
    results: list[dict[str, Any]] = []
    for n, it in enumerate(items):
        ref = it.ref or it.url or f"{source}:{n + 1}"
        try:
            docs = _documents(web, it, ref)
        except ReadError as e:
            results.append({"ref": ref, "outcome": "failed", "error": e.reason})
            continue
        for d in docs:
            if isinstance(d, ReadError):
                results.append({"ref": d.ref, "outcome": "failed", "error": d.reason})
                continue
            results.append(_store(web, d))
    return results


def _documents(web: Web, it: IngestItem, ref: str) -> list:
    if it.text is not None:
        if "\x00" in it.text:
            raise ReadError(ref, "the text contains NUL characters")
        return [read_text(it.text, ref=ref, published=it.published, url=it.url, title=it.title,
                          publisher=it.publisher)]
    url = it.url or ""
    # only an http(s) URL, exactly as given, reaches the readers (which would read a path as a file)
    if not is_url(url) or url != url.strip() or urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ReadError(ref, "url: only http:// and https:// URLs are fetched")
    try:
        check_url(url, web.config.fetch)  # refused before anything is fetched
    except FetchError as e:
        raise ReadError(ref, e.reason) from None
    opts = ReadOptions(fetch=web.config.fetch, fetcher=web.fetcher())
    out = []
    for d in read_inputs([url], published=it.published, options=opts):
        if not isinstance(d, ReadError):
            d.ref = it.ref or d.ref
            d.title = it.title or d.title
            d.publisher = it.publisher or d.publisher
        out.append(d)
    return out


def _store(web: Web, d) -> dict[str, Any]:
    from ..model import EXTRACTOR

    base = {"ref": d.ref, "document_id": d.id, "title": d.title}
    try:
        if web.ledger.has_extraction(d.id, EXTRACTOR):
            r = web.ledger.add(d, None)
            return {**base, "outcome": "known", "claims_added": 0}
        (claims,) = web.extract([d])
        r = web.ledger.add(d, claims)
    except Exception as exc:  # noqa: BLE001 - reported per item
        return {**base, "outcome": "failed", "error": f"{type(exc).__name__}: {exc}"[:500]}
    return {**base, "outcome": "new" if (r.new_document or r.claims_added) else "known",
            "claims_added": r.claims_added}
