"""Rendering helpers for the pages: the Jinja environment (autoescaping everything),
evidence highlighting and the figure timeline chart (SVG drawn on the server).

Nothing here emits markup by string concatenation: geometry and text are computed
here and the templates write them, escaped.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, PackageLoader

from ..reconcile.restatements import fmt_number, value_phrase

# Okabe-Ito: told apart by colour-blind readers too; a source's colour comes from this list only
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C6D1F", "#000000"]


def safe_href(url: Optional[str]) -> Optional[str]:
    """``url`` if it is an absolute http(s) URL (so it can be a link), else None: a stored
    ``javascript:`` or ``data:`` URL is shown as text, never made a link."""
    if not url or not isinstance(url, str) or len(url) > 4000:
        return None
    u = url.strip()
    try:
        parts = urlsplit(u)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or u != url:
        return None
    if any(ord(ch) < 0x20 or ch in "\\" for ch in u):
        return None
    return u


def claim_value(rec: dict) -> str:
    """A figure claim's value as words: "about 600", "at least 12", "50–60"."""
    if rec.get("kind") != "figure":
        return ""
    q = rec.get("quantity_span") or {}
    value, low, high, qual = rec.get("value"), rec.get("low"), rec.get("high"), rec.get("qualifier")
    if qual == "vague":
        bound = fmt_number(low if low is not None else value)
        return f"{q['text']} (at least {bound})" if q.get("text") else f"at least {bound}"
    if value is None and low is None and high is None:
        return ""
    return value_phrase(value, low, high, qual)


def source_text(rec: dict) -> str:
    s = rec.get("source") or {}
    who = s.get("name") or s.get("text") or ""
    via = [v.get("name") for v in rec.get("via") or [] if v.get("name")]
    return who + "".join(f" via {v}" for v in via)


def claim_summary(rec: dict) -> str:
    """One line for a tooltip: what, how much, who says so."""
    if rec.get("kind") == "figure":
        subj = (rec.get("subject") or {}).get("text") or ""
        what = f"{rec.get('metric') or 'count'}: {claim_value(rec)} {subj}".strip()
    else:
        content = (rec.get("content") or {}).get("text") or (rec.get("evidence") or {}).get("text") or ""
        what = ("denied: " if rec.get("denial") else "statement: ") + content[:120]
    src = source_text(rec)
    hedges = rec.get("hedges") or []
    return what + (f" — {src}" if src else "") + (f" ({', '.join(hedges)})" if hedges else "")


def place_text(rec: dict) -> str:
    loc = rec.get("location") or {}
    return loc.get("text") or loc.get("admin1") or loc.get("country") or ""


def claim_date(rec: dict) -> str:
    return ((rec.get("time") or {}).get("date") or "")[:10]


def query_string(params: dict[str, Any], **changes) -> str:
    """``params`` (lists repeat) with ``changes`` applied, as a query string ("" if empty)."""
    merged = dict(params)
    merged.update(changes)
    pairs = []
    for k, v in merged.items():
        if v is None or v == "" or v == [] or v is False:
            continue
        for item in v if isinstance(v, (list, tuple)) else [v]:
            pairs.append((k, str(item)))
    return ("?" + urlencode(pairs)) if pairs else ""


_env: Optional[Environment] = None


def env() -> Environment:
    global _env
    if _env is None:
        e = Environment(loader=PackageLoader("claimledger.web", "templates"), autoescape=True,
                        trim_blocks=True, lstrip_blocks=True)
        e.filters.update(safe_href=safe_href, claim_value=claim_value, source_text=source_text,
                         claim_summary=claim_summary, place_text=place_text, claim_date=claim_date,
                         num=lambda x: "" if x is None else fmt_number(x))
        e.globals.update(query_string=query_string, palette=PALETTE)
        _env = e
    return _env


# --- evidence highlighting ---------------------------------------------------------------------------


@dataclass
class Segment:
    text: str
    start: int
    claims: list[str] = field(default_factory=list)  # claims whose evidence covers this piece
    starts: list[str] = field(default_factory=list)  # claims whose evidence begins here
    target: Optional[str] = None  # the claim a click shows: the narrowest one covering the piece
    title: str = ""


def segments(text: str, claims: list[dict]) -> list[Segment]:
    """The article cut at every evidence boundary, each piece knowing the claims that cover
    it; offsets are Python string indices, as in the claim record."""
    n = len(text)
    spans = []
    for rec in claims:
        ev = rec.get("evidence") or {}
        s, e = ev.get("start"), ev.get("end")
        if not isinstance(s, int) or not isinstance(e, int):
            continue
        s, e = max(0, s), min(n, e)
        if s < e:
            spans.append((s, e, rec))
    cuts = sorted({0, n, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        cover = [(e - s, rec) for s, e, rec in spans if s <= a and b <= e]
        seg = Segment(text[a:b], a)
        if cover:
            cover.sort(key=lambda x: (x[0], x[1]["id"]))
            seg.claims = [rec["id"] for _, rec in cover]
            seg.target = cover[0][1]["id"]
            seg.title = claim_summary(cover[0][1]) + (f" (+{len(cover) - 1} more)" if len(cover) > 1 else "")
            seg.starts = [rec["id"] for s, _, rec in spans if s == a]
        out.append(seg)
    return out


# --- the timeline chart ---------------------------------------------------------------------------


@dataclass
class ChartPoint:
    x: float
    y: float
    y_low: float
    y_high: float
    open_high: bool
    color: str
    label: str
    id: str
    best: bool = False


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(ticks, 1)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def timeline_chart(fig, width: int = 760, height: int = 340) -> Optional[dict[str, Any]]:
    """Geometry of a figure's timeline: each dated underlying claim as a point (its value)
    with a bar from its low to its high bound (an open "at least" bar runs to the top, dashed),
    coloured by origin; the current estimate as a band (low–high) and a line (best)."""
    pts = [p for p in fig.points if p.date and p.central is not None]
    if not pts:
        return None
    left, right, top, bottom = 72, 16, 16, 56
    pw, ph = width - left - right, height - top - bottom
    days = [date.fromisoformat(p.date).toordinal() for p in pts]
    d0, d1 = min(days), max(days)
    est = fig.estimate
    if est is not None:
        d0 = min(d0, date.fromisoformat(est.period_start).toordinal())
    pad = max(3, (d1 - d0) * 0.05)
    if d1 == d0:
        pad = 10
    x0, x1 = d0 - pad, d1 + pad
    vals = []
    for p in pts:
        vals += [v for v in (p.lo, p.hi, p.central) if v is not None]
    if est is not None:
        vals += [v for v in (est.low, est.high, est.best_value) if v is not None]
    vmax = max(vals) if vals else 1
    step = _nice_step(vmax * 1.1 or 1)
    ymax = step * math.ceil((vmax * 1.1 or 1) / step)

    def X(day: float) -> float:
        return round(left + (day - x0) / (x1 - x0) * pw, 1)

    def Y(v: float) -> float:
        return round(top + ph - (v / ymax) * ph, 1)

    colors: dict[str, str] = {}
    legend = []
    out_pts = []
    best_id = est.best.id if est is not None else None
    for p, day in zip(pts, days):
        key = p.origin_key
        if key not in colors:
            colors[key] = PALETTE[len(colors) % len(PALETTE)]
            legend.append({"color": colors[key], "label": p.origin})
        lo = p.lo if p.lo is not None else p.central
        hi = p.hi
        grade = f" [{p.grade.code}]" if p.grade else ""
        label = f"{p.date}: {p.value_text()} — {p.chain_text()}{grade}"
        out_pts.append(ChartPoint(x=X(day), y=Y(p.central), y_low=Y(lo), y_high=Y(hi) if hi is not None else top,
                                  open_high=hi is None, color=colors[key], label=label, id=p.id,
                                  best=p.id == best_id))
    yticks = [{"y": Y(v), "label": fmt_number(v)} for v in _frange(0, ymax, step)]
    n_x = min(6, max(2, d1 - d0 + 1))
    xticks = []
    for i in range(n_x):
        day = round(d0 + (d1 - d0) * i / max(n_x - 1, 1))
        if xticks and xticks[-1]["day"] == day:
            continue
        xticks.append({"day": day, "x": X(day), "label": date.fromordinal(int(day)).isoformat()})
    band = None
    if est is not None:
        a = X(date.fromisoformat(est.period_start).toordinal())
        b = X(date.fromisoformat(est.period_end).toordinal())
        band = {"x": min(a, b) - 4, "w": abs(b - a) + 8,
                "y_best": Y(est.best_value) if est.best_value is not None else None,
                "y_low": Y(est.low) if est.low is not None else None,
                "y_high": Y(est.high) if est.high is not None else None}
        if band["y_low"] is not None and band["y_high"] is not None:
            band["y"] = band["y_high"]
            band["h"] = max(2.0, band["y_low"] - band["y_high"])
    return {"width": width, "height": height, "left": left, "right": width - right, "top": top,
            "bottom": top + ph, "points": out_pts, "legend": legend, "yticks": yticks, "xticks": xticks,
            "band": band, "undated": len([p for p in fig.points if not p.date])}


def _frange(a: float, b: float, step: float):
    v = a
    while v <= b + step / 1000:
        yield v
        v += step
