"""The reconciliation rules, in one place, with their defaults (docs/reconcile.md).

Every threshold an analyst may want to change is a field here; a YAML file
with any of these keys (``--rules FILE``) overrides the defaults.
"""
from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Optional, Union

import yaml

BEST_ORDER_KEYS = ("reliability", "hedges", "recency", "outlets")


@dataclass
class Rules:
    #: Reports of the same value from the same origin at most this many days apart
    #: are one underlying claim (a restatement), carried by several outlets.
    restatement_days: int = 10
    #: Claims at most this many days apart speak of the same period: only they can
    #: corroborate or contradict each other, and only they compete for best/low/high.
    period_days: int = 14
    #: Relative tolerance within which two figures agree (0.10 = 10 % of the larger).
    tolerance: float = 0.10
    #: Reliability letters counted as "reliable" for best/low/high (UCDP takes low and
    #: high from reliable sources only); if no candidate qualifies, all candidates are used.
    reliable: tuple[str, ...] = ("A", "B", "C")
    #: How the best estimate is chosen among the candidates of the period, in order:
    #: reliability (A first), hedges (fewest first), recency (latest first), outlets (most first).
    best_order: tuple[str, ...] = ("reliability", "hedges", "recency")
    #: Places are compared by country ("country") or not at all ("ignore").
    place: str = "country"
    #: A denial contradicts a claim when at least this share of the denial's content
    #: words appear in the claim's content (statements) or evidence (figures).
    denial_overlap: float = 0.6
    #: Hedges that mark an estimate rather than doubt: they count for "least hedged"
    #: when choosing the best estimate but do not lower credibility.
    weak_hedges: tuple[str, ...] = ("estimated", "estimate", "estimates", "roughly", "approximately")
    #: Independent corroborating sources needed for credibility 1 ("confirmed").
    confirm_min: int = 1
    #: A source's intermediaries stated once in an article ("a lawmaker briefed by the NIS")
    #: apply to that source's other claims in the same article.
    inherit_via: bool = True
    #: Figures in a briefing: cross-article figures first, those with a claim in the last
    #: ``brief_recent_days`` before the briefing date before older ones, then the most reported.
    brief_figures: int = 8
    brief_recent_days: int = 90

    def __post_init__(self) -> None:
        self.reliable = tuple(str(x).upper() for x in self.reliable)
        self.best_order = tuple(self.best_order)
        self.weak_hedges = tuple(str(h).lower() for h in self.weak_hedges)
        bad = [k for k in self.best_order if k not in BEST_ORDER_KEYS]
        if bad:
            raise ValueError(f"best_order: unknown key(s) {bad}; use {', '.join(BEST_ORDER_KEYS)}")
        if self.place not in ("country", "ignore"):
            raise ValueError("place: 'country' or 'ignore'")
        if not 0 <= self.tolerance < 1:
            raise ValueError("tolerance: a fraction between 0 and 1")
        for name in ("restatement_days", "period_days", "confirm_min", "brief_figures", "brief_recent_days"):
            if int(getattr(self, name)) < 0:
                raise ValueError(f"{name}: must not be negative")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Rules":
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown rule(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
        return cls(**data)

    @classmethod
    def load(cls, path: Optional[Union[str, os.PathLike]] = None) -> "Rules":
        """Defaults, overridden by the keys of the YAML file at ``path`` (if given)."""
        if not path:
            return cls()
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{path}: the rules file must be a mapping")
        return cls.from_dict(data)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}

    def describe(self) -> str:
        """The best / low / high rule in words (it goes into briefings and exports)."""
        order = {"reliability": "the most reliable source", "hedges": "the least hedged",
                 "recency": "the most recent", "outlets": "the most widely carried"}
        return (f"Best: among the claims of the latest period (within {self.period_days} days of the latest "
                f"claim on or before the date), each source's latest, then "
                + ", then ".join(order[k] for k in self.best_order)
                + f"; low and high: the lowest and highest of those claims from reliable sources "
                  f"({'/'.join(self.reliable)}).")
