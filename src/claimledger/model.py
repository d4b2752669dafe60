"""The claim record: the one shape every output of claimledger shares.

DESIGN.md makes the field names binding, so the JSON form is produced in one
place (``Claim.to_dict``) and read back in one place (``Claim.from_dict``);
the CLI, the ledger and the evaluation all go through these two functions.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Optional

from . import __version__

EXTRACTOR = f"claimledger {__version__}"

QUALIFIERS = ("exact", "approximate", "at_least", "at_most", "range", "vague")


@dataclass
class Span:
    """Character offsets into the document's original text (Python str indices)."""

    start: int
    end: int
    text: str


@dataclass
class Quantity:
    """A number as read from text, whatever it counts."""

    value: Optional[float]
    low: Optional[float]
    high: Optional[float]
    qualifier: str
    start: int
    end: int
    text: str
    unit: Optional[str] = None
    # where the qualifying words ("about", "at least") sit, if any
    cue: Optional[str] = None
    # what kind of number: count, money, percent, year, date, time, duration,
    # ordinal, age, measure, phone, address, other (see extract/numbers.py)
    category: str = "count"
    # a vague word's conservative reading for totals ("dozens" -> 12), else None
    count: Optional[float] = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "quantity",
            "value": _num(self.value),
            "low": _num(self.low),
            "high": _num(self.high),
            "qualifier": self.qualifier,
            "unit": self.unit,
            "span": {"start": self.start, "end": self.end, "text": self.text},
        }


@dataclass
class Subject:
    text: Optional[str] = None
    actor: Optional[str] = None
    country: Optional[str] = None


@dataclass
class Location:
    text: Optional[str] = None
    country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    precision: Optional[str] = None  # country | region | city | unknown
    start: Optional[int] = None
    end: Optional[int] = None
    # first-level division the place lies in ("Texas", "Helmand", "Donetsk Oblast")
    admin1: Optional[str] = None


@dataclass
class TimeRef:
    text: Optional[str] = None
    date: Optional[str] = None  # ISO date
    precision: Optional[str] = None  # day | month | year
    basis: Optional[str] = None  # stated | relative | published
    start: Optional[int] = None
    end: Optional[int] = None


@dataclass
class Source:
    text: Optional[str] = None
    name: Optional[str] = None
    type: Optional[str] = None  # person | organization | government | media | unnamed
    start: Optional[int] = None
    end: Optional[int] = None
    country: Optional[str] = None


@dataclass
class Via:
    name: str
    type: Optional[str] = None
    text: Optional[str] = None
    country: Optional[str] = None


@dataclass
class Claim:
    kind: str  # figure | statement
    evidence: Span
    document_id: Optional[str] = None
    metric: Optional[str] = None
    value: Optional[float] = None
    low: Optional[float] = None
    high: Optional[float] = None
    qualifier: Optional[str] = None
    part_of: Optional[str] = None
    subject: Subject = field(default_factory=Subject)
    location: Location = field(default_factory=Location)
    time: TimeRef = field(default_factory=TimeRef)
    source: Source = field(default_factory=Source)
    cue: Optional[str] = None
    cue_span: Optional[Span] = None
    via: list[Via] = field(default_factory=list)
    hedges: list[str] = field(default_factory=list)
    content: Optional[Span] = None
    quantity: Optional[Span] = None  # the number phrase itself ("around 600")
    denial: bool = False  # the cue denies the content ("Moscow denied ...")
    document_ref: Optional[str] = None
    extractor: str = EXTRACTOR
    id: Optional[str] = None

    def assign_id(self) -> str:
        """A stable id: the same claim read from the same document by the same
        extractor always gets the same id, so re-runs are idempotent."""
        key = json.dumps(
            [self.document_id, self.kind, self.metric, self.evidence.start, self.evidence.end,
             self.quantity.start if self.quantity else None, self.extractor],
            ensure_ascii=False,
        )
        self.id = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
        return self.id

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "document_id": self.document_id,
            "kind": self.kind,
        }
        if self.kind == "figure":
            d.update(
                metric=self.metric,
                value=_num(self.value),
                low=_num(self.low),
                high=_num(self.high),
                qualifier=self.qualifier,
                part_of=self.part_of,
                subject=asdict(self.subject),
                location={k: v for k, v in asdict(self.location).items()},
                time=asdict(self.time),
            )
        else:
            d["content"] = asdict(self.content) if self.content else None
            d["denial"] = self.denial
            d["location"] = asdict(self.location)
            d["time"] = asdict(self.time)
        d.update(
            source=asdict(self.source),
            cue=self.cue,
            cue_span=asdict(self.cue_span) if self.cue_span else None,
            via=[{k: v for k, v in asdict(v).items() if v is not None} for v in self.via],
            hedges=list(self.hedges),
            evidence=asdict(self.evidence),
        )
        if self.quantity is not None:
            d["quantity_span"] = asdict(self.quantity)
        d["document_ref"] = self.document_ref
        d["extractor"] = self.extractor
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Claim":
        def build(kls, value):
            if value is None:
                return kls()
            names = {f.name for f in fields(kls)}
            return kls(**{k: v for k, v in value.items() if k in names})

        ev = d["evidence"]
        cue_span = d.get("cue_span")
        content = d.get("content")
        qspan = d.get("quantity_span")
        return cls(
            id=d.get("id"),
            document_id=d.get("document_id"),
            kind=d["kind"],
            metric=d.get("metric"),
            value=d.get("value"),
            low=d.get("low"),
            high=d.get("high"),
            qualifier=d.get("qualifier"),
            part_of=d.get("part_of"),
            subject=build(Subject, d.get("subject")),
            location=build(Location, d.get("location")),
            time=build(TimeRef, d.get("time")),
            source=build(Source, d.get("source")),
            cue=d.get("cue"),
            cue_span=Span(cue_span["start"], cue_span["end"], cue_span.get("text", "")) if cue_span else None,
            via=[build(Via, v) for v in d.get("via") or []],
            hedges=list(d.get("hedges") or []),
            evidence=Span(ev["start"], ev["end"], ev["text"]),
            content=Span(content["start"], content["end"], content["text"]) if content else None,
            quantity=Span(qspan["start"], qspan["end"], qspan["text"]) if qspan else None,
            document_ref=d.get("document_ref"),
            denial=bool(d.get("denial", False)),
            extractor=d.get("extractor") or EXTRACTOR,
        )


def _num(x: Optional[float]):
    """Integers stay integers in JSON (600, not 600.0)."""
    if x is None:
        return None
    if isinstance(x, float) and x.is_integer() and abs(x) < 2**53:
        return int(x)
    return x
