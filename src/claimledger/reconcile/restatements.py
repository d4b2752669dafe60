"""Reports and underlying claims.

A *report* is one claim as one outlet carried it, with its source chain
resolved against the register. Several reports of the same value from the
same origin within a few days (``Rules.restatement_days``) are one
*underlying claim* (a :class:`Point` on a figure's timeline): a restatement
is counted once, and every outlet that carried it is kept.

The *origin* of a report is the deepest source it names: the intermediary a
source cites (NIS, for "a lawmaker briefed by the NIS"), else the source, else
the outlet speaking in its own voice. Its *chain* is every link (source and
intermediaries); two reports are independent only if their chains share no
link.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Optional
from urllib.parse import urlparse

from ..model import Claim
from .register import SourceRegister, normalise_name
from .rules import Rules


@dataclass
class Outlet:
    """One article that carried a claim."""

    name: str
    document_id: str
    published: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None
    claim_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "document_id": self.document_id, "published": self.published,
                "url": self.url, "title": self.title, "claim_ids": list(self.claim_ids)}


@dataclass
class Report:
    """One claim in one article, with its sources resolved."""

    claim: Claim
    date: Optional[str]
    outlet: Outlet
    source: str                      # display name of who spoke
    source_key: str
    source_type: Optional[str]
    source_role: str                 # "source" or "outlet" (the outlet speaks in its own voice)
    via: list[str]                   # display names of the intermediaries cited
    via_keys: list[str]
    via_inherited: bool = False

    @property
    def origin_key(self) -> str:
        return self.via_keys[-1] if self.via_keys else self.source_key

    @property
    def origin(self) -> str:
        return self.via[-1] if self.via else self.source

    @property
    def chain(self) -> frozenset[str]:
        return frozenset([self.source_key, *self.via_keys])

    @property
    def links(self) -> list[tuple[str, str]]:
        return [(self.source, self.source_role)] + [(v, "via") for v in self.via]

    def chain_text(self) -> str:
        return self.source + "".join(f" via {v}" for v in self.via)


@dataclass
class Point:
    """An underlying claim: one origin's value at one time, however many outlets carried it."""

    id: str
    reports: list[Report]
    date: Optional[str]
    last_date: Optional[str]
    kind: str = "figure"
    value: Optional[float] = None
    low: Optional[float] = None
    high: Optional[float] = None
    qualifier: Optional[str] = None
    hedges: list[str] = field(default_factory=list)
    # filled in by reconciliation
    grade: Any = None
    corroborated_by: list[str] = field(default_factory=list)
    consistent_with: list[str] = field(default_factory=list)
    contradicted_by: list[str] = field(default_factory=list)
    figure_id: Optional[str] = None

    @property
    def first(self) -> Report:
        return self.reports[0]

    @property
    def origin_key(self) -> str:
        return self.first.origin_key

    @property
    def origin(self) -> str:
        return self.first.origin

    @property
    def chain(self) -> frozenset[str]:
        out: frozenset[str] = frozenset()
        for r in self.reports:
            out |= r.chain
        return out

    @property
    def source(self) -> str:
        return self.best_report.source

    @property
    def via(self) -> list[str]:
        return self.best_report.via

    @property
    def best_report(self) -> Report:
        """The report that names the chain most fully (intermediaries stated, not inherited)."""
        return max(self.reports, key=lambda r: (len(r.via), not r.via_inherited, -self.reports.index(r)))

    def chain_text(self) -> str:
        return self.best_report.chain_text()

    @property
    def outlets(self) -> list[Outlet]:
        seen: dict[str, Outlet] = {}
        for r in self.reports:
            o = seen.get(r.outlet.document_id)
            if o is None:
                o = Outlet(r.outlet.name, r.outlet.document_id, r.outlet.published, r.outlet.url, r.outlet.title)
                seen[o.document_id] = o
            if r.claim.id and r.claim.id not in o.claim_ids:
                o.claim_ids.append(r.claim.id)
        return sorted(seen.values(), key=lambda o: (o.published or "9999", o.name, o.document_id))

    @property
    def claim_ids(self) -> list[str]:
        return [r.claim.id for r in self.reports if r.claim.id]

    # -- numbers ---------------------------------------------------------------------

    @property
    def lo(self) -> Optional[float]:
        """Lower end of what the claim says."""
        if self.low is not None:
            return self.low
        return self.value

    @property
    def hi(self) -> Optional[float]:
        """Upper end of what the claim says (None: open, "at least 600")."""
        if self.high is not None:
            return self.high
        if self.qualifier in ("at_least", "vague"):
            return None
        return self.value

    @property
    def central(self) -> Optional[float]:
        """One number to draw: the value, else a range's midpoint, else its known bound."""
        if self.value is not None:
            return self.value
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return self.low if self.low is not None else self.high

    @property
    def pointlike(self) -> bool:
        """A figure precise enough to corroborate another: a number or a closed range."""
        return self.qualifier in ("exact", "approximate") or (
            self.qualifier == "range" and self.low is not None and self.high is not None)

    def value_text(self) -> str:
        return value_phrase(self.value, self.low, self.high, self.qualifier, self.first.claim)


def fmt_number(x: Optional[float]) -> str:
    if x is None:
        return "?"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def value_phrase(value, low, high, qualifier, claim: Optional[Claim] = None) -> str:
    """ "about 600", "at least 12", "50–60", "thousands (at least 2,000)"."""
    if qualifier == "approximate" and value is not None:
        return f"about {fmt_number(value)}"
    if qualifier == "at_least":
        return f"at least {fmt_number(low if low is not None else value)}"
    if qualifier == "at_most":
        return f"at most {fmt_number(high if high is not None else value)}"
    if qualifier == "range" and low is not None and high is not None:
        return f"{fmt_number(low)}–{fmt_number(high)}"
    if qualifier == "vague":
        word = claim.quantity.text if claim is not None and claim.quantity is not None else None
        bound = fmt_number(low if low is not None else value)
        return f"{word} (at least {bound})" if word else f"at least {bound}"
    return fmt_number(value if value is not None else low if low is not None else high)


# -- building reports -----------------------------------------------------------------------


def outlet_name(doc: dict, claim: Optional[Claim] = None) -> str:
    """Publisher, else the web site, else the caller's name for the document."""
    if doc.get("publisher"):
        return doc["publisher"]
    url = doc.get("url")
    if url:
        host = urlparse(url).netloc.lower()
        if host:
            return host[4:] if host.startswith("www.") else host
    ref = claim.document_ref if claim is not None else None
    return ref or doc.get("title") or f"document {str(doc.get('id', ''))[:8]}"


def claim_date(claim: Claim, doc: dict) -> Optional[str]:
    d = claim.time.date if claim.time else None
    d = d or doc.get("published")
    if not d:
        return None
    d = str(d)[:10]
    try:
        date.fromisoformat(d)
    except ValueError:
        return None
    return d


def _key(register: SourceRegister, name: Optional[str], text: Optional[str], stype: Optional[str],
         document_id: str) -> tuple[str, str]:
    """(display name, identity key) of a source mention."""
    entry = register.lookup(name, text)
    if entry is not None:
        return entry.name, "reg:" + normalise_name(entry.name)
    if name and stype != "unnamed":
        return name, "name:" + normalise_name(name)
    shown = name or text or "unnamed source"
    # an unresolved description ("officials", "a lawmaker") is someone in this article only
    return shown, f"anon:{normalise_name(shown)}@{document_id}"


def build_reports(claims: Iterable[Claim], docs: dict[str, dict], register: SourceRegister,
                  rules: Rules) -> list[Report]:
    """Reports for ``claims`` (documents by id: the ledger's metadata)."""
    claims = list(claims)
    # a source's intermediaries, as stated anywhere in the same article
    stated_via: dict[tuple[str, str], list] = {}
    prepared = []
    for c in claims:
        doc = docs.get(c.document_id or "", {"id": c.document_id})
        outlet = Outlet(outlet_name(doc, c), c.document_id or "", _iso(doc.get("published")), doc.get("url"),
                        doc.get("title"))
        src = c.source
        if src is not None and (src.name or src.text):
            shown, skey = _key(register, src.name, src.text, src.type, outlet.document_id)
            stype, role = src.type, "source"
        else:
            shown, skey = _key(register, outlet.name, None, "media", outlet.document_id)
            stype, role = "media", "outlet"
        via, vkeys = [], []
        for v in c.via or []:
            vs, vk = _key(register, v.name, v.text, v.type, outlet.document_id)
            if vk != skey and vk not in vkeys:
                via.append(vs)
                vkeys.append(vk)
        if via:
            stated_via.setdefault((outlet.document_id, skey), [via, vkeys])
        prepared.append((c, doc, outlet, shown, skey, stype, role, via, vkeys))
    out = []
    for c, doc, outlet, shown, skey, stype, role, via, vkeys in prepared:
        inherited = False
        if not via and rules.inherit_via and (outlet.document_id, skey) in stated_via:
            via, vkeys = (list(x) for x in stated_via[(outlet.document_id, skey)])
            inherited = True
        out.append(Report(claim=c, date=claim_date(c, doc), outlet=outlet, source=shown, source_key=skey,
                          source_type=stype, source_role=role, via=via, via_keys=vkeys, via_inherited=inherited))
    return out


def _iso(d) -> Optional[str]:
    return str(d)[:10] if d else None


def _numbers(c: Claim) -> tuple:
    kind = "point" if c.qualifier in ("exact", "approximate", None) else c.qualifier
    return (kind, _r(c.value), _r(c.low), _r(c.high))


def _r(x):
    return None if x is None else round(float(x), 6)


def _days(a: Optional[str], b: Optional[str]) -> Optional[int]:
    if a is None or b is None:
        return None
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def group_restatements(reports: list[Report], rules: Rules) -> list[Point]:
    """Underlying claims of one figure: reports of the same numbers from the same origin
    within ``restatement_days`` of the previous report are one point."""
    ordered = sorted(reports, key=lambda r: (r.date or "9999-99-99", r.outlet.published or "9999-99-99",
                                             r.outlet.document_id, r.claim.evidence.start, r.claim.id or ""))
    points: list[Point] = []
    # points by (origin, numbers): only these can take a report in, so a figure with
    # many claims is not searched whole for each one
    by_key: dict[tuple, list[Point]] = {}
    for r in ordered:
        nums = _numbers(r.claim)
        home = None
        for p in by_key.get((r.origin_key, nums), ()):
            if r.date is None and p.date is None:
                home = p
                break
            gap = _days(r.date, p.last_date)
            if gap is not None and gap <= rules.restatement_days:
                home = p
                break
        if home is None:
            c = r.claim
            home = Point(id=c.id or f"p{len(points)}", reports=[r], date=r.date, last_date=r.date,
                         kind=c.kind, value=c.value, low=c.low, high=c.high, qualifier=c.qualifier,
                         hedges=list(c.hedges))
            points.append(home)
            by_key.setdefault((r.origin_key, nums), []).append(home)
        else:
            home.reports.append(r)
            if r.date and (home.last_date is None or r.date > home.last_date):
                home.last_date = r.date
            if len(r.claim.hedges) < len(home.hedges):
                home.hedges = list(r.claim.hedges)
    return points
