"""The pages: claims table, documents, a document with its evidence highlighted, figures
with their timeline chart, the source register, the ingest form, and the API docs.

Server-rendered (Jinja2, autoescaped); filters live in the URL so every view is a
shareable link; the one script (static/app.js) only marks the selected claim.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Optional
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from .. import __version__
from ..ledger.store import CLAIM_SORTS, DOCUMENT_SORTS
from . import service
from .api import CLAIM_ID, DOC_ID
from .app import (Web, cached_get, clean_query, conditional, json_bytes, need_read, need_write, same_origin,
                  strict_query)
from .params import (ClaimFilters, ClaimSort, DocumentSort, FigureFilters, claim_filters, cursor_param,
                     decode_cursor, encode_cursor, figure_filters, page_limit)
from .problems import TYPES, Problem
from .views import env, segments, timeline_chart

router = APIRouter(dependencies=[Depends(need_read), Depends(clean_query), Depends(strict_query)],
                   include_in_schema=False)

HTML = "text/html; charset=utf-8"


def _web(request: Request) -> Web:
    return request.app.state.web


def render(name: str, **ctx: Any) -> bytes:
    ctx.setdefault("version", __version__)
    return env().get_template(name).render(**ctx).encode("utf-8")


def _page(request: Request, name: str, make_ctx, *extra) -> Response:
    return cached_get(request, lambda: (render(name, **make_ctx()), HTML, {}), *extra)


def render_error(request: Request, problem: Problem) -> Response:
    title = TYPES.get(problem.type, ("Error", ""))[0]
    body = render("error.html", nav="", status=problem.status, title=title, detail=problem.detail,
                  errors=problem.extra.get("errors") or [])
    return Response(body, status_code=problem.status, media_type=HTML, headers=problem.headers)


@router.get("/")
def home() -> Response:
    return RedirectResponse("/claims", status_code=302)


@router.get("/healthz")
def healthz(request: Request) -> Response:
    """Liveness, and how far the figures are: ``figures`` is ``none`` before the first
    reconciliation, ``updating`` while a newer one is worked out, ``current`` when the
    figures include the whole ledger; ``figure_bodies`` counts those made ready to send."""
    web = _web(request)
    return Response(json_bytes({"status": "ok", **web.progress()}), media_type="application/json")


# --- claims ------------------------------------------------------------------------------------------


@router.get("/claims")
def claims_page(request: Request, f: ClaimFilters = Depends(claim_filters), sort: ClaimSort = Query("published"),
                limit: int = Depends(page_limit), cursor: Optional[str] = Depends(cursor_param)) -> Response:
    web = _web(request)

    def ctx():
        page = service.claims_page(web, f, sort, limit, cursor, with_grades=True, wait=False)
        stats = web.ledger.stats()
        params = {**f.active(), "sort": sort if sort != "published" else None,
                  "limit": limit if limit != 50 else None}
        return dict(nav="claims", page=page, f=f, sort=sort, sorts=CLAIM_SORTS, limit=limit, params=params,
                    metrics=sorted(stats["by_metric"]), total=stats["claims"], cursor=cursor)

    return _page(request, "claims.html", ctx, web.rec_version())


@router.get("/claims/{claim_id}")
def claim_redirect(request: Request, claim_id: str = Path(max_length=40)) -> Response:
    rec = _web(request).ledger.claim(claim_id) if re.fullmatch(CLAIM_ID, claim_id) else None
    if rec is None:
        raise Problem(404, "not-found", f"no claim {claim_id[:40]!r}")
    return RedirectResponse(f"/documents/{rec['document_id']}#c-{rec['id']}", status_code=302)


# --- documents ---------------------------------------------------------------------------------------


@router.get("/documents")
def documents_page(request: Request, sort: DocumentSort = Query("first_seen"), limit: int = Depends(page_limit),
                   cursor: Optional[str] = Depends(cursor_param)) -> Response:
    web = _web(request)

    def ctx():
        after = decode_cursor(cursor, sort, "")
        try:
            items, key = web.ledger.documents_page(sort=sort, after=after, limit=limit)
        except ValueError as e:
            raise Problem(400, "bad-cursor", str(e)) from None
        params = {"sort": sort if sort != "first_seen" else None, "limit": limit if limit != 50 else None}
        return dict(nav="documents", items=items, next=encode_cursor(sort, key, "") if key is not None else None,
                    sort=sort, sorts=DOCUMENT_SORTS, params=params, cursor=cursor)

    return _page(request, "documents.html", ctx)


@router.get("/documents/{document_id}")
def document_page(request: Request, document_id: str = Path(max_length=64)) -> Response:
    web = _web(request)

    def ctx():
        d = web.ledger.document(document_id) if re.fullmatch(DOC_ID, document_id) else None
        if d is None:
            raise Problem(404, "not-found", f"no document {document_id[:64]!r}")
        rec, gmap = web.reconciliation(wait=False)  # grades once computed; the text at once
        claims = d["claims"]
        figure_of = {c["id"]: web.figure_of[c["id"]] for c in claims if c["id"] in web.figure_of}
        return dict(nav="documents", doc=d, claims=claims, segments=segments(d["text"], claims),
                    grades={c["id"]: gmap.get(c["id"]) for c in claims}, figure_of=figure_of,
                    graded=rec is not None)

    return _page(request, "document.html", ctx, web.rec_version())


# --- figures -----------------------------------------------------------------------------------------


@router.get("/figures")
def figures_page(request: Request, f: FigureFilters = Depends(figure_filters), limit: int = Depends(page_limit),
                 cursor: Optional[str] = Depends(cursor_param)) -> Response:
    web = _web(request)

    snap = service.figures_snapshot(web) if f.as_of is None else (None,)

    def ctx():
        _, figs = service.figures(web, f, snap if f.as_of is None else None)
        chunk, nxt = service.figure_page(figs, f, limit, cursor)
        stats = web.ledger.stats()
        params = {**f.active(), "scope": f.scope if f.scope != "actor" else None,
                  "limit": limit if limit != 50 else None}
        return dict(nav="figures", figures=chunk, next=nxt, total=len(figs), f=f, params=params,
                    metrics=sorted(stats["by_metric"]), cursor=cursor)

    return _page(request, "figures.html", ctx, snap[0])


@router.get("/figures/{figure_id}")
def figure_page(request: Request, figure_id: str = Path(max_length=40),
                as_of: Optional[date] = Query(None)) -> Response:
    web = _web(request)

    snap = service.figures_snapshot(web) if as_of is None else (None,)

    def ctx():
        rec, _ = service.figures(web, FigureFilters(as_of=as_of, scope="all"), snap if as_of is None else None)
        fig = service.find_figure(rec, figure_id)
        if fig is None:
            raise Problem(404, "not-found", f"no figure {figure_id[:40]!r}")
        chart = timeline_chart(fig)
        colors = {}
        if chart:
            colors = {p.id: p.color for p in chart["points"]}
        return dict(nav="figures", fig=fig, chart=chart, colors=colors, as_of=as_of)

    return _page(request, "figure.html", ctx, snap[0])


# --- sources -----------------------------------------------------------------------------------------


@router.get("/sources")
def sources_page(request: Request) -> Response:
    web = _web(request)

    def ctx():
        res = web.sources()
        rows = sorted(res["sources"], key=lambda r: (-r["claims"], r["name"].lower()))
        from ..reconcile import RELIABILITY_WORDS

        return dict(nav="sources", res=res, rows=rows, unregistered=res["unregistered"][:300],
                    words=RELIABILITY_WORDS)

    return _page(request, "sources.html", ctx)


# --- ingest ------------------------------------------------------------------------------------------


def _ingest_form(request: Request, status: int = 200, values: Optional[dict] = None, error: Optional[str] = None,
                 results: Optional[list] = None) -> Response:
    web = _web(request)
    body = render("ingest.html", nav="ingest", values=values or {}, error=error, results=results or [],
                  token_needed=bool(web.config.token), max_body=web.config.max_body)
    return Response(body, status_code=status, media_type=HTML, headers={"Cache-Control": "no-store"})


@router.get("/ingest")
def ingest_form(request: Request) -> Response:
    return _ingest_form(request)


@router.post("/ingest")
async def ingest_post(request: Request) -> Response:
    same_origin(request)
    ct = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ct != "application/x-www-form-urlencoded":
        raise Problem(415, "unsupported-media-type", "post the form as application/x-www-form-urlencoded")
    raw = await request.body()
    try:
        form = parse_qs(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=20, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        raise Problem(400, "bad-parameter", "the form is not valid UTF-8 form data") from None
    values = {k: (v[0] if v else "") for k, v in form.items() if k in ("text", "url", "title", "publisher",
                                                                       "published", "token")}
    need_write(request, values.pop("token", None) or None)
    text = values.get("text", "").strip()
    url = values.get("url", "").strip()
    error = None
    published = None
    if values.get("published"):
        try:
            published = date.fromisoformat(values["published"])
        except ValueError:
            error = "published: use the form YYYY-MM-DD"
    if not text and not url:
        error = "paste the article's text, or give a URL to fetch"
    elif len(values.get("title", "")) > 1000 or len(values.get("publisher", "")) > 300 or len(url) > 2000:
        error = "title, publisher or URL too long"
    if error:
        return _ingest_form(request, 422, values, error)
    item = service.IngestItem(text=text or None, url=(url or None), published=published,
                              title=values.get("title") or None, publisher=values.get("publisher") or None)
    if text and url:
        item.url = url  # recorded with the text, not fetched
    web = _web(request)
    results = await run_in_threadpool(service.ingest, web, [item], "form")
    ok = [r for r in results if r["outcome"] != "failed"]
    if len(results) == 1 and ok:
        return RedirectResponse(f"/documents/{ok[0]['document_id']}", status_code=303)
    if not ok:
        return _ingest_form(request, 422, values, "; ".join(r["error"] for r in results[:3]), results)
    return _ingest_form(request, 200, {}, None, results)


# --- API docs (no CDN: the OpenAPI document rendered here) ----------------------------------------------


@router.get("/docs")
def api_docs(request: Request) -> Response:
    schema = request.app.openapi()
    ops = []
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            params = []
            for p in op.get("parameters", []):
                s = p.get("schema", {})
                params.append({"name": p["name"], "in": p["in"], "required": p.get("required", False),
                               "type": _type_text(s), "description": p.get("description") or s.get("description", ""),
                               "default": s.get("default")})
            body = None
            rb = op.get("requestBody")
            if rb:
                ref = next(iter(rb.get("content", {}).values()), {}).get("schema", {}).get("$ref", "")
                body = _body_fields(schema, ref)
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "params": params, "body": body,
                        "responses": sorted(op.get("responses", {}).items()), "tag": (op.get("tags") or [""])[0],
                        "anchor": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", "")})
    body = render("apidocs.html", nav="docs", ops=ops, info=schema.get("info", {}), problems=TYPES)
    return conditional(request, body, HTML)


def _type_text(s: dict) -> str:
    if "anyOf" in s:
        return " | ".join(_type_text(x) for x in s["anyOf"] if x.get("type") != "null")
    if "enum" in s:
        return " | ".join(str(v) for v in s["enum"])
    if s.get("type") == "array":
        return f"{_type_text(s.get('items', {}))}, repeatable"
    t = s.get("type", "")
    if s.get("format"):
        t += f" ({s['format']})"
    if "maximum" in s:
        t += f", ≤ {s['maximum']}"
    return t


def _body_fields(schema: dict, ref: str) -> list[dict]:
    name = ref.rsplit("/", 1)[-1]
    model = schema.get("components", {}).get("schemas", {}).get(name, {})
    out = []
    for k, v in model.get("properties", {}).items():
        out.append({"name": k, "type": _type_text(v) or ("array of articles" if k == "items" else ""),
                    "description": v.get("description", "")})
    return out
