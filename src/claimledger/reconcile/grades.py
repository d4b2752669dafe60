"""Two-axis grades in the spirit of the Admiralty code, and their STIX 2.1 confidence.

* Source reliability, A-F: from the source register (:mod:`.register`), the
  weakest registered link of the claim's chain.
* Information credibility, 1-6: from what other, independent sources said
  about the same quantity in the same period (corroboration, contradiction,
  denial) and from the claim's own hedging:

  ====  =====================  ==================================================
  1     confirmed              corroborated by an independent source, not
                               contradicted, not hedged
  2     probably true          corroborated but hedged; or consistent with an
                               independent source's bound, not hedged
  3     possibly true          corroborated and contradicted; or nothing to
                               compare with, not hedged, source known (A-E);
                               or consistent with a bound but hedged
  4     doubtful               contradicted only by less reliable sources; or
                               nothing to compare with and hedged
  5     improbable             contradicted (or denied) by a source at least as
                               reliable, and not corroborated
  6     cannot be judged       nothing to compare with and the source cannot be
                               judged (F)
  ====  =====================  ==================================================

The 0-100 confidence is the STIX 2.1 mapping of the Admiralty credibility
scale (STIX 2.1, appendix "Confidence Scales"): 1 -> 90, 2 -> 70, 3 -> 50,
4 -> 30, 5 -> 10, 6 -> no confidence value. STIX maps credibility only;
reliability travels beside it (as the MISP admiralty-scale tags in exports).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from .register import LETTERS, RELIABILITY_WORDS
from .rules import Rules

if TYPE_CHECKING:  # pragma: no cover
    from .restatements import Point

CREDIBILITY_WORDS = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}

#: STIX 2.1, Confidence Scales, "Admiralty Credibility": scale value -> STIX confidence.
STIX_CONFIDENCE: dict[int, Optional[int]] = {1: 90, 2: 70, 3: 50, 4: 30, 5: 10, 6: None}


def stix_confidence(credibility: int) -> Optional[int]:
    """The STIX 2.1 confidence (0-100) of an Admiralty credibility value; None for 6
    ("truth cannot be judged": STIX leaves the confidence property out)."""
    return STIX_CONFIDENCE[int(credibility)]


def credibility_from_confidence(confidence: Optional[int]) -> int:
    """The reverse mapping STIX gives (0-19 -> 5, 20-39 -> 4, 40-59 -> 3, 60-79 -> 2, 80-100 -> 1)."""
    if confidence is None:
        return 6
    for lo, cred in ((80, 1), (60, 2), (40, 3), (20, 4)):
        if confidence >= lo:
            return cred
    return 5


@dataclass
class Grade:
    reliability: str
    reliability_reason: str
    credibility: int
    credibility_reason: str

    @property
    def code(self) -> str:
        return f"{self.reliability}{self.credibility}"

    @property
    def confidence(self) -> Optional[int]:
        return stix_confidence(self.credibility)

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "reliability": self.reliability,
            "reliability_words": RELIABILITY_WORDS[self.reliability],
            "reliability_reason": self.reliability_reason,
            "credibility": self.credibility,
            "credibility_words": CREDIBILITY_WORDS[self.credibility],
            "credibility_reason": self.credibility_reason,
            "confidence": self.confidence,
        }


#: How many corroborating or contradicting claims a credibility reason names.
REASON_NAMES = 5


def _rank(letter: str) -> int:
    return LETTERS.index(letter)


def describe(p: "Point") -> str:
    """ "Defence Intelligence of Ukraine (about 1,000, 2025-01-15)" """
    if p.kind == "statement":
        what = "denial" if p.first.claim.denial else "statement"
        return f"{p.chain_text()} ({what}, {p.date or 'undated'})"
    return f"{p.chain_text()} ({p.value_text()}, {p.date or 'undated'})"


def doubt_hedges(p: "Point", rules: Rules) -> list[str]:
    return [h for h in p.hedges if h.lower() not in rules.weak_hedges]


def credibility(p: "Point", corroborators: list["Point"], consistent: list["Point"],
                contradictors: list["Point"], rules: Rules) -> tuple[int, str]:
    """Credibility 1-6 of point ``p`` and the reason in words (rules: module docstring)."""
    mine = p.grade.reliability if p.grade is not None else "F"
    hedged = doubt_hedges(p, rules)
    hedge_note = f"hedged ({', '.join(hedged)})" if hedged else "not hedged"
    tol = f"{rules.tolerance:.0%}"

    def names(ps: list["Point"]) -> str:
        # a claim in a busy figure can have hundreds of peers: name a few, count the rest
        shown = "; ".join(describe(q) for q in ps[:REASON_NAMES])
        more = len(ps) - REASON_NAMES
        return shown + (f"; and {more} more" if more > 0 else "")

    enough = len({q.origin_key for q in corroborators}) >= max(1, rules.confirm_min)
    if contradictors and corroborators:
        return 3, (f"3 ({CREDIBILITY_WORDS[3]}): corroborated by {names(corroborators)} but contradicted by "
                   f"{names(contradictors)}")
    if contradictors:
        strong = [q for q in contradictors
                  if q.grade is not None and q.grade.reliability != "F" and _rank(q.grade.reliability) <= _rank(mine)]
        if strong:
            return 5, (f"5 ({CREDIBILITY_WORDS[5]}): contradicted by {names(strong)}, at least as reliable "
                       f"({'/'.join(sorted({q.grade.reliability for q in strong}))} vs {mine}), "
                       f"and not corroborated by any independent source")
        return 4, (f"4 ({CREDIBILITY_WORDS[4]}): contradicted by {names(contradictors)}, a less reliable or "
                   f"unrated source, and not corroborated by any independent source")
    if corroborators and enough:
        if hedged:
            return 2, (f"2 ({CREDIBILITY_WORDS[2]}): corroborated within {tol} by {names(corroborators)}, "
                       f"but {hedge_note}")
        return 1, f"1 ({CREDIBILITY_WORDS[1]}): corroborated within {tol} by {names(corroborators)}, independent"
    if corroborators or consistent:
        others = names(corroborators + consistent)
        if hedged:
            return 3, f"3 ({CREDIBILITY_WORDS[3]}): consistent with {others}, but {hedge_note}"
        return 2, f"2 ({CREDIBILITY_WORDS[2]}): consistent with {others}; not hedged"
    alone = "no independent source spoke of the same period"
    if mine == "F":
        return 6, (f"6 ({CREDIBILITY_WORDS[6]}): {alone}, and the source's reliability cannot be judged"
                   + (f"; {hedge_note}" if hedged else ""))
    if hedged:
        return 4, f"4 ({CREDIBILITY_WORDS[4]}): {alone}, and the claim is {hedge_note}"
    return 3, f"3 ({CREDIBILITY_WORDS[3]}): {alone}; not hedged, from a source rated {mine}"
