"""The JSON API under ``/api``: claims, documents, figures, sources, ingest, export.

Every list is ``{"items": [...], "next": <cursor or null>}``; pass ``cursor=<next>``
with the same filters for the following page. Every read carries an ETag. Every
error is an RFC 9457 problem (see :mod:`.problems`). The claim JSON is the
DESIGN.md claim record exactly as stored; the single-claim endpoint adds its
``grade`` and ``figure_id``.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Literal, Optional

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.responses import Response

from .. import export as ex
from . import service
from .app import Web, cached_get, json_bytes, need_read, need_write, strict_query
from .params import (MAX_PAGE, ClaimFilters, ClaimSort, DocumentSort, FigureFilters, claim_filters,
                     cursor_param, decode_cursor, encode_cursor, figure_filters, page_limit)
from .problems import MEDIA_TYPE, Problem

router = APIRouter(prefix="/api", dependencies=[Depends(strict_query), Depends(need_read)])

JSON = "application/json"
CLAIM_ID = r"^[0-9a-f]{16}(\.[0-9]{1,6})?$"
DOC_ID = r"^[0-9a-f]{16}$"
FIGURE_ID = r"^[0-9a-f]{12}$"


# --- models for the OpenAPI document (responses are built directly, not validated) --------------------


class ProblemDoc(BaseModel):
    type: str = Field(examples=["/docs#problem-bad-parameter"])
    title: str
    status: int
    detail: Optional[str] = None
    instance: Optional[str] = None
    errors: Optional[list[dict[str, Any]]] = None


class ClaimRecord(BaseModel):
    """The DESIGN.md claim record (figure claims carry metric/value/low/high/qualifier/subject;
    statements carry content)."""

    model_config = ConfigDict(extra="allow")
    id: str
    document_id: str
    kind: Literal["figure", "statement"]
    evidence: dict[str, Any]
    source: dict[str, Any]


class ClaimList(BaseModel):
    items: list[ClaimRecord]
    next: Optional[str] = Field(None, description="cursor of the next page; null on the last page")


class DocumentList(BaseModel):
    items: list[dict[str, Any]]
    next: Optional[str] = None


class FigureList(BaseModel):
    items: list[dict[str, Any]]
    next: Optional[str] = None
    total: int


ERRORS = {
    400: {"model": ProblemDoc, "content": {MEDIA_TYPE: {}}, "description": "bad, unknown or repeated parameter"},
    401: {"model": ProblemDoc, "content": {MEDIA_TYPE: {}}, "description": "token required"},
    422: {"model": ProblemDoc, "content": {MEDIA_TYPE: {}}, "description": "invalid parameter value"},
}
NOT_FOUND = {404: {"model": ProblemDoc, "content": {MEDIA_TYPE: {}}, "description": "no such resource"}}


def _web(request: Request) -> Web:
    return request.app.state.web


def _json(data: Any) -> tuple[bytes, str, dict]:
    return json_bytes(data), JSON, {}


# --- claims ------------------------------------------------------------------------------------------


@router.get("/claims", response_model=ClaimList, responses=ERRORS, tags=["claims"],
            summary="List and filter claims")
def list_claims(request: Request, f: ClaimFilters = Depends(claim_filters),
                sort: ClaimSort = Query("published", description="published (article date, then position), "
                                        "date (the claim's date), value, created (order stored); '-' for descending; "
                                        "ties broken by claim id"),
                limit: int = Depends(page_limit), cursor: Optional[str] = Depends(cursor_param),
                grades: bool = Query(False, description="add each claim's Admiralty grade")) -> Response:
    web = _web(request)

    def make():
        if not (grades or f.grade):  # the records pass through as stored
            page = service.claims_page(web, f, sort, limit, cursor, as_json=True)
            body = b'{"items":[' + ",".join(page.items).encode("utf-8") + b'],"next":' + json_bytes(page.next) + b"}"
            return body, JSON, {}
        page = service.claims_page(web, f, sort, limit, cursor, with_grades=grades)
        items = [service.claim_json(r, page.grades.get(r["id"]) if grades else None) for r in page.items]
        return _json({"items": items, "next": page.next})

    return cached_get(request, make)


@router.get("/claims/{claim_id}", response_model=ClaimRecord, responses={**ERRORS, **NOT_FOUND},
            tags=["claims"], summary="One claim (with its grade and figure if asked)")
def get_claim(request: Request, claim_id: str = Path(max_length=40),
              grades: bool = Query(False, description="add the claim's Admiralty grade and its figure_id "
                                                      "(needs the reconciliation of the whole ledger)")
              ) -> Response:
    web = _web(request)
    if not _fits(CLAIM_ID, claim_id):
        raise Problem(404, "not-found", f"no claim {claim_id[:40]!r}")

    def make():
        rec = web.ledger.claim(claim_id)
        if rec is None:
            raise Problem(404, "not-found", f"no claim {claim_id!r}")
        if not grades:
            return _json(rec)
        _, gmap = web.reconciliation()
        out = service.claim_json(rec, gmap.get(claim_id))
        out["figure_id"] = web.figure_of.get(claim_id)
        return _json(out)

    return cached_get(request, make)


# --- documents ---------------------------------------------------------------------------------------


@router.get("/documents", response_model=DocumentList, responses=ERRORS, tags=["documents"],
            summary="List documents (metadata and claim counts, no text)")
def list_documents(request: Request,
                   sort: DocumentSort = Query("first_seen", description="first_seen (order stored) or published; "
                                              "'-' for descending; ties broken by id"),
                   since: Optional[date] = Query(None, description="published on or after"),
                   until: Optional[date] = Query(None, description="published on or before"),
                   limit: int = Depends(page_limit), cursor: Optional[str] = Depends(cursor_param)) -> Response:
    web = _web(request)

    def make():
        fp = f"{since}|{until}"
        after = decode_cursor(cursor, sort, fp)
        try:
            items, key = web.ledger.documents_page(sort=sort, after=after, limit=limit, since=since, until=until)
        except ValueError as e:
            raise Problem(400, "bad-cursor", str(e)) from None
        return _json({"items": items, "next": encode_cursor(sort, key, fp) if key is not None else None})

    return cached_get(request, make)


@router.get("/documents/{document_id}", responses={**ERRORS, **NOT_FOUND}, tags=["documents"],
            summary="One document: text, sightings, extractions and its claims")
def get_document(request: Request, document_id: str = Path(max_length=64),
                 all_versions: bool = Query(False, description="claims of every extractor version, "
                                                           "not only the latest")) -> Response:
    web = _web(request)
    if not _fits(DOC_ID, document_id):
        raise Problem(404, "not-found", f"no document {document_id[:64]!r}")

    def make():
        d = web.ledger.document(document_id, all_versions=all_versions)
        if d is None:
            raise Problem(404, "not-found", f"no document {document_id!r}")
        return _json(d)

    return cached_get(request, make)


# --- figures and sources ---------------------------------------------------------------------------


@router.get("/figures", response_model=FigureList, responses=ERRORS, tags=["figures"],
            summary="Reconciled figures with best / low / high")
def list_figures(request: Request, f: FigureFilters = Depends(figure_filters), limit: int = Depends(page_limit),
                 cursor: Optional[str] = Depends(cursor_param)) -> Response:
    web = _web(request)
    snap = service.figures_snapshot(web) if f.as_of is None else (None,)

    def make():
        _, figs = service.figures(web, f, snap if f.as_of is None else None)
        chunk, nxt = service.figure_page(figs, f, limit, cursor)
        return (json_bytes({"items": [service.figure_summary(x) for x in chunk], "next": nxt, "total": len(figs)}),
                JSON, web.figures_headers(snap[0]) if f.as_of is None else {})

    return cached_get(request, make, snap[0])


RelationKind = Literal[tuple(service.RELATION_LISTS)]  # type: ignore[valid-type]


@router.get("/figures/{figure_id}", responses={**ERRORS, **NOT_FOUND}, tags=["figures"],
            summary="One figure: timeline, estimate history, corroborations and contradictions")
def get_figure(request: Request, figure_id: str = Path(max_length=40),
               as_of: Optional[date] = Query(None, description="estimate as of this date"),
               relations: Optional[int] = Query(None, ge=0, le=MAX_PAGE, description=(
                   "relations given per list (corroborations, consistent, contradictions); default 50. "
                   "`relation_counts` says how many there are; page through them with "
                   "/api/figures/{id}/relations")),
               detail: Literal["brief", "full"] = Query("brief", description=(
                   "brief: each timeline point's grade without its reasons, and how many points corroborate, "
                   "agree with or contradict it; full: the reasons and those points' ids"))) -> Response:
    """Sent with ``X-Claimledger-Figures: current`` or ``updating`` (the figures are of an
    earlier state of the ledger while the newest is being reconciled)."""
    web = _web(request)
    if not _fits(FIGURE_ID, figure_id):
        raise Problem(404, "not-found", f"no figure {figure_id[:40]!r}")
    snap = service.figures_snapshot(web) if as_of is None else (None,)

    def make():
        rec, _ = service.figures(web, FigureFilters(as_of=as_of, scope="all"), snap if as_of is None else None)
        fig = service.find_figure(rec, figure_id)
        if fig is None:
            raise Problem(404, "not-found", f"no figure {figure_id!r}")
        if as_of is None and relations is None and detail == "brief":
            return web.figure_body(rec, fig), JSON, web.figures_headers(snap[0])
        body = json_bytes(fig.to_dict(relations=web.config.figure_relations if relations is None else relations,
                                      brief=detail == "brief"))
        return body, JSON, web.figures_headers(snap[0]) if as_of is None else {}

    return cached_get(request, make, snap[0])


@router.get("/figures/{figure_id}/relations", responses={**ERRORS, **NOT_FOUND}, tags=["figures"],
            summary="A figure's corroborations, consistent claims or contradictions, page by page")
def get_figure_relations(request: Request, figure_id: str = Path(max_length=40),
                         kind: RelationKind = Query("contradictions", description="which list"),
                         limit: int = Depends(page_limit), cursor: Optional[str] = Depends(cursor_param)) -> Response:
    web = _web(request)
    if not _fits(FIGURE_ID, figure_id):
        raise Problem(404, "not-found", f"no figure {figure_id[:40]!r}")
    snap = service.figures_snapshot(web)

    def make():
        fig = service.find_figure(snap[1], figure_id)
        if fig is None:
            raise Problem(404, "not-found", f"no figure {figure_id!r}")
        chunk, nxt, total = service.relation_page(fig, kind, limit, cursor)
        return (json_bytes({"items": [r.to_dict() for r in chunk], "next": nxt, "total": total}), JSON,
                web.figures_headers(snap[0]))

    return cached_get(request, make, snap[0])


@router.get("/sources", responses=ERRORS, tags=["sources"],
            summary="The source register with reliability grades and claim counts")
def get_sources(request: Request) -> Response:
    web = _web(request)
    return cached_get(request, lambda: _json(web.sources()))


@router.get("/stats", responses=ERRORS, tags=["ledger"], summary="Counts of documents and claims")
def get_stats(request: Request) -> Response:
    web = _web(request)
    return cached_get(request, lambda: _json(web.ledger.stats()))


# --- export ------------------------------------------------------------------------------------------

EXPORT_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8",
                "parquet": "application/vnd.apache.parquet", "geojson": "application/geo+json",
                "gkg": "text/tab-separated-values; charset=utf-8", "stix": "application/stix+json;version=2.1"}
EXPORT_SUFFIX = {"jsonl": "jsonl", "csv": "csv", "parquet": "parquet", "geojson": "geojson", "gkg": "tsv",
                 "stix": "json"}
ExportFormat = Literal[tuple(EXPORT_TYPES)]  # type: ignore[valid-type]


@router.get("/export", responses={**ERRORS, 200: {"content": {t: {} for t in EXPORT_TYPES.values()}}},
            tags=["export"], summary="Claims or figures as JSONL, CSV, Parquet, GeoJSON, GDELT GKG or STIX 2.1")
def export(request: Request,
           format: ExportFormat = Query(..., description="jsonl, csv, parquet, geojson, gkg or stix"),
           what: Literal["claims", "figures"] = Query("claims"),
           f: ClaimFilters = Depends(claim_filters),
           topic: Optional[str] = Query(None, max_length=200, description="figures: words of label, subjects, "
                                                                          "sources or evidence"),
           as_of: Optional[date] = Query(None, description="figures: estimate as of this date")) -> Response:
    web = _web(request)

    if what == "figures":
        wrong = sorted(k for k in ("kind", "source", "place", "until", "grade", "q", "document") if getattr(f, k))
        if wrong:
            raise Problem(400, "unknown-parameter", f"{', '.join(wrong)}: not filters of figures (what=figures)")
    elif topic or as_of:
        raise Problem(400, "unknown-parameter", "topic and as_of filter figures (what=figures), not claims")

    def make():
        if what == "figures":
            ff = FigureFilters(metric=f.metric, actor=f.actor, topic=topic, since=f.since, as_of=as_of, scope="all")
            _, figs = service.figures(web, ff)
            data = ex.export(format, figures=figs)
        else:
            claims = []
            cursor = None
            while True:
                page = service.claims_page(web, f, "published", MAX_PAGE * 10, cursor)
                claims.extend(page.items)
                cursor = page.next
                if cursor is None:
                    break
            from ..model import Claim

            _, gmap = web.reconciliation()
            docs = {d["id"]: d for d in web.ledger.documents()}
            data = ex.export(format, [Claim.from_dict(r) for r in claims], docs=docs,
                             grades=None if format == "parquet" else gmap)
        body = data if isinstance(data, bytes) else data.encode("utf-8")
        name = f"claimledger-{what}.{EXPORT_SUFFIX[format]}"
        return body, EXPORT_TYPES[format], {"Content-Disposition": f'attachment; filename="{name}"'}

    return cached_get(request, make)


# --- ingest ------------------------------------------------------------------------------------------

URL_PATTERN = r"^[hH][tT][tT][pP][sS]?://[^\s]+$"


class Article(BaseModel):
    """One article: its ``text`` (with optional metadata; ``url`` is then only recorded), or a
    ``url`` to fetch (a page, a feed, or a JSONL/CSV corpus), through the private-address guard."""

    model_config = ConfigDict(extra="forbid")
    text: Optional[str] = Field(None, max_length=10_000_000)
    url: Optional[str] = Field(None, max_length=2000, pattern=URL_PATTERN)
    title: Optional[str] = Field(None, max_length=1000)
    publisher: Optional[str] = Field(None, max_length=300)
    published: Optional[date] = None
    ref: Optional[str] = Field(None, max_length=500, description="your own name for the article")

    @model_validator(mode="after")
    def _text_or_url(self):
        if self.text is None and self.url is None:
            raise ValueError("give the article's text or a url to fetch")
        return self


class IngestRequest(BaseModel):
    """One article (the fields of :class:`Article`) or a batch: ``{"items": [article, ...]}``."""

    model_config = ConfigDict(extra="forbid")
    items: Optional[list[Article]] = Field(None, min_length=1, max_length=50)
    text: Optional[str] = Field(None, max_length=10_000_000)
    url: Optional[str] = Field(None, max_length=2000, pattern=URL_PATTERN)
    title: Optional[str] = Field(None, max_length=1000)
    publisher: Optional[str] = Field(None, max_length=300)
    published: Optional[date] = None
    ref: Optional[str] = Field(None, max_length=500)

    @model_validator(mode="after")
    def _one_or_batch(self):
        single = any(getattr(self, k) is not None for k in ("text", "url", "title", "publisher", "published", "ref"))
        if self.items is not None and single:
            raise ValueError("give either items (a batch) or one article's fields, not both")
        if self.items is None and self.text is None and self.url is None:
            raise ValueError("give the article's text, a url to fetch, or items")
        return self


class IngestResult(BaseModel):
    items: list[dict[str, Any]]
    documents_new: int
    documents_known: int
    documents_failed: int
    claims_added: int


def _require_json(request: Request) -> None:
    ct = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ct != "application/json" and not ct.endswith("+json"):
        raise Problem(415, "unsupported-media-type", f"send the body as application/json, not {ct or 'nothing'}")


@router.post("/ingest", status_code=201, response_model=IngestResult,
             responses={**ERRORS, 200: {"model": IngestResult, "description": "nothing new: all known already"},
                        413: {"model": ProblemDoc, "content": {MEDIA_TYPE: {}}},
                        415: {"model": ProblemDoc, "content": {MEDIA_TYPE: {}}}},
             dependencies=[Depends(need_write), Depends(_require_json)], tags=["ingest"],
             summary="Ingest one article or a batch (text or URL); needs the token when one is set")
def post_ingest(request: Request, body: IngestRequest) -> Response:
    web = _web(request)
    articles = body.items if body.items is not None else [Article(**body.model_dump(exclude={"items"}))]
    if len(articles) > web.config.max_batch:
        raise Problem(422, "bad-parameter", f"at most {web.config.max_batch} items per request")
    items = [service.IngestItem(**a.model_dump()) for a in articles]
    results = service.ingest(web, items)
    counts = {k: sum(1 for r in results if r["outcome"] == k) for k in ("new", "known", "failed")}
    out = {"items": results, "documents_new": counts["new"], "documents_known": counts["known"],
           "documents_failed": counts["failed"], "claims_added": sum(r.get("claims_added", 0) for r in results)}
    if results and counts["failed"] == len(results):
        raise Problem(422, "ingest-failed", "; ".join(r["error"] for r in results[:3]), items=results)
    return Response(json_bytes(out), status_code=201 if counts["new"] else 200, media_type=JSON)


def _fits(pattern: str, value: str) -> bool:
    import re

    return re.fullmatch(pattern, value) is not None

