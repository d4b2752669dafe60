"""Corroboration and contradiction between underlying claims.

Two underlying claims of one figure are compared only if they speak of the
same period (dated at most ``Rules.period_days`` apart): a tally of 300 in
January and one of 600 in April are points on a rising curve, not rivals.

* They *agree* when what they say overlaps once the tolerance is allowed:
  600 and 620 (within 10 %), 600 and "at least 500", 50-60 and 55.
* Agreeing claims from *independent* sources (their chains of source and
  intermediaries share no link) *corroborate* each other when both are
  precise (a number or a closed range); a bound ("at least 500") that agrees
  is only *consistent*.
* Claims from different origins that do not agree *contradict* each other.
* A claim's origin restating or revising itself is neither.
* A *denial* ("Moscow denied that ...", ``denial: true``) contradicts the
  claims whose content it denies: statements whose content, or figures whose
  evidence, contain most of the denial's content words
  (``Rules.denial_overlap``), from another source, in the same period.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Optional

from .restatements import Point
from .rules import Rules


@dataclass
class Relation:
    kind: str  # corroborates | consistent | contradicts | denies
    a: Point
    b: Point
    figure_id: Optional[str] = None

    @property
    def days(self) -> Optional[int]:
        return days_apart(self.a.date, self.b.date)

    def to_dict(self) -> dict[str, Any]:
        def side(p: Point) -> dict[str, Any]:
            d = {"point": p.id, "kind": p.kind, "date": p.date, "source": p.source, "via": p.via,
                 "chain": p.chain_text(), "claim_ids": p.claim_ids,
                 "outlets": [o.name for o in p.outlets]}
            if p.kind == "figure":
                d.update(value=p.value, low=p.low, high=p.high, qualifier=p.qualifier, text=p.value_text())
            else:
                c = p.first.claim
                d.update(denial=c.denial, text=(c.content or c.evidence).text)
            if p.grade is not None:
                d["grade"] = p.grade.code
            return d

        return {"kind": self.kind, "figure_id": self.figure_id, "days_apart": self.days,
                "a": side(self.a), "b": side(self.b)}


def days_apart(a: Optional[str], b: Optional[str]) -> Optional[int]:
    if a is None or b is None:
        return None
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def same_period(p: Point, q: Point, rules: Rules) -> bool:
    d = days_apart(p.date, q.date)
    return d is not None and d <= rules.period_days


def independent(p: Point, q: Point) -> bool:
    return not (p.chain & q.chain)


def agree(p: Point, q: Point, rules: Rules) -> bool:
    """Whether the two figures overlap once ``tolerance`` (a share of the larger) is allowed."""
    a_lo, b_lo = p.lo or 0.0, q.lo or 0.0
    a_hi, b_hi = p.hi, q.hi
    lo = max(a_lo, b_lo)
    his = [h for h in (a_hi, b_hi) if h is not None]
    if not his:
        return True  # two open bounds ("at least") never clash
    hi = min(his)
    return lo - hi <= rules.tolerance * lo


def compare_points(points: list[Point], rules: Rules, figure_id: Optional[str] = None) -> list[Relation]:
    """Corroborations, consistencies and contradictions among one figure's underlying claims.

    Only pairs of the same period can relate, so the points are walked in date order and
    each is compared with the following ones up to ``period_days`` later: a figure with
    thousands of claims over years costs what its busiest fortnight does, not n². The
    relations come out in the order of ``points`` (pairs (i, j), i < j)."""
    dated = [(i, p) for i, p in enumerate(points) if p.date]
    if len(dated) < 2:
        return []
    days = {i: date.fromisoformat(p.date).toordinal() for i, p in dated}
    keys = {i: p.origin_key for i, p in dated}
    chains = {i: p.chain for i, p in dated}
    ordered = sorted(dated, key=lambda ip: days[ip[0]])
    found: list[tuple[int, int, str]] = []
    for n, (i, p) in enumerate(ordered):
        for j, q in ordered[n + 1:]:
            if days[j] - days[i] > rules.period_days:
                break
            if keys[i] == keys[j]:
                continue
            if agree(p, q, rules):
                if chains[i] & chains[j]:  # not independent
                    continue
                kind = "corroborates" if (p.pointlike and q.pointlike) else "consistent"
            else:
                kind = "contradicts"
            found.append((min(i, j), max(i, j), kind))
    found.sort()
    return [Relation(kind, points[a], points[b], figure_id) for a, b, kind in found]


# -- denials ----------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.]*", re.UNICODE)
_STOP = frozenset("""
a an the and or but of to in on at by for from with without into onto over under about around
than that this these those there their they them it its is are was were be been being has have had
do does did not no nor any some all each more most other such only own same so too very can will
just should now also as if then once here when where which who whom whose what why how up down out
off again further while during before after above below between through against he she his her we
our you your i me my mine us s said says say saying denied deny denies denying reject rejected
rejects report reports reported claim claims claimed allegation allegations allege alleged false
untrue baseless news information statement statements suggestion suggestions would could may might
""".split())


def content_words(text: Optional[str]) -> set[str]:
    """Lower-cased content words, possessives and plural -s stripped ("soldiers'" -> "soldier")."""
    out = set()
    for w in _WORD.findall(text or ""):
        w = w.lower().replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        w = w.strip("'-")
        if w in _STOP or len(w) < 2:
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(w)
    return out


def denial_text(p: Point) -> str:
    c = p.first.claim
    return (c.content or c.evidence).text


def denial_matches(denial: Point, target: Point, rules: Rules) -> bool:
    return _denies(denial, content_words(denial_text(denial)), target, _target_words(target), rules)


def _denies(denial: Point, words: set[str], target: Point, target_words: set[str], rules: Rules) -> bool:
    """The denial test, given both sides' content words (read once per point by
    :func:`match_denials`)."""
    if target is denial or (target.kind == "statement" and target.first.claim.denial):
        return False
    d = days_apart(denial.date, target.date)
    if d is not None and d > rules.period_days:
        return False
    if len(words) < 2 or _overlap(words, target_words) < rules.denial_overlap:
        return False
    return denial.origin_key != target.origin_key and independent(denial, target)


def _overlap(words: set[str], targets: set[str]) -> float:
    return len(words & targets) / len(words)


def _target_words(target: Point) -> set[str]:
    out: set[str] = set()
    for r in target.reports:
        out |= content_words(target_text_of(r.claim))
    return out


def target_text_of(c) -> str:
    if c.kind == "statement" and c.content is not None:
        return c.content.text
    return c.evidence.text


def match_denials(denials: list[Point], targets: list[Point], rules: Rules) -> list[Relation]:
    """Relations ``denies`` (a = the denial, b = the claim it denies).

    The same test as :func:`denial_matches`, made fast for a large ledger: each target's
    words are read once into an index of word -> targets, and a denial only looks at the
    targets that hold one of its rarer words (a target sharing ``denial_overlap`` of the
    denial's n words must hold at least one of any n - k + 1 of them, k the words needed)."""
    if not denials or not targets:
        return []
    words_of = [_target_words(t) for t in targets]
    postings: dict[str, list[int]] = {}
    for i, ws in enumerate(words_of):
        for w in ws:
            postings.setdefault(w, []).append(i)
    out = []
    for d in denials:
        words = content_words(denial_text(d))
        if len(words) < 2:
            continue
        n = len(words)
        need = next((k for k in range(n + 1) if k / n >= rules.denial_overlap), None)
        if need is None:
            continue
        if need == 0:
            candidates: Any = range(len(targets))
        else:
            rare = sorted(words, key=lambda w: len(postings.get(w, ())))[:n - need + 1]
            candidates = sorted({i for w in rare for i in postings.get(w, ())})
        out.extend(Relation("denies", d, targets[i], targets[i].figure_id) for i in candidates
                   if _denies(d, words, targets[i], words_of[i], rules))
    return out
