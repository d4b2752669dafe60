"""The per-document event summary: what an ACLED coder records for one article.

``summarize(claims)`` turns the figure claims of one document into one total
per metric, after the coding rules of conflict event datasets:

* a figure **restated** in the same article counts once: two claims with the
  same metric and the same counted value are one figure, unless their places
  or their actors disagree ("600 killed" in the lede and "including around 600
  deaths" in the body are one figure);
* **disjoint** figures add up ("two killed in Kandahar and three in Helmand" = 5);
* a **part** (``part_of`` set) does not add to a whole of the same metric
  ("12 killed, including three children" = 12); a part of another metric
  counts for its own metric only ("4,700 casualties, including around 600
  deaths": casualties 4,700, killed 600);
* **singular** mentions count as one (the extractor emits them as figures of
  value 1: "killed a Taliban leader");
* **vague** words follow one convention, a reading of ``data/vague.yaml``:
  ``count`` (default; ACLED's conservative reading: "dozens" = 12, "hundreds" =
  100, "several" = 3, "numerous" = 4, "a number of" = 3), ``low`` (the bound
  the word guarantees: "dozens" = 24), ``high`` (the upper reading where the
  word has one, else its count) or ``skip`` (vague figures add nothing);
* a **range** counts its low end; **at least** / **at most** / **approximately**
  count the stated value. With ``exclusive_bounds=True`` the strict comparatives
  count the next whole number instead ("more than 30" = 31, "fewer than 10" =
  9): the reading of an annotator who records *minimums* (ISAF's does);
* with ``derive_wounded=True``, an article that gives casualties (people shot,
  killed or wounded) and killed but no wounded figure gets wounded = casualties
  − killed ("four people were shot, one fatally": wounded 3); the summary's
  ``derived`` says which totals were derived;
* a **vague** figure restates the specific figures of the same metric that
  could be the group it describes (their sum reaches its reading): a headline
  "Several insurgents detained" over a body "detained eight insurgents" is 8;
* a figure marked as **new** ("one additional suspect", "another civilian",
  "two other insurgents") is never taken for a restatement.

``captured_or_detained`` is the union of ``captured`` and ``detained`` (a
figure restated under both verbs, "detained two suspects ... the two captured
men", counts once). Sources differ in the word: ISAF's press releases and its
annotator's ``min_captured`` cover everyone "detained", "arrested" or
"captured", so that corpus is scored against this combined total.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date
from functools import lru_cache
from typing import Any, Iterable, Optional

from . import vocab
from .model import Claim, Location, _num

VAGUE_CONVENTIONS = ("count", "low", "high", "skip")

# the totals every summary carries, even when zero
EVENT_METRICS = ("killed", "wounded", "casualties", "captured", "detained", "missing",
                 "deployed", "repatriated", "displaced", "evacuated")
COMBINED = {"captured_or_detained": ("captured", "detained")}


@lru_cache(maxsize=None)
def _vague_words() -> tuple[dict[str, dict], dict[str, float], re.Pattern]:
    v = vocab.load("vague")
    words = {k.lower(): dict(spec) for k, spec in (v.get("words") or {}).items()}
    mult = {k.lower(): float(x) for k, x in (v.get("multipliers") or {}).items() if len(k) > 2}
    alt = "|".join(sorted((re.escape(k) for k in words), key=len, reverse=True))
    return words, mult, re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.IGNORECASE)


def vague_reading(text: Optional[str], convention: str = "count") -> Optional[float]:
    """The number a vague phrase stands for under one convention:
    ``vague_reading("dozens", "count") == 12``, ``("several hundred") == 300``.
    None when the phrase holds no vague word of ``data/vague.yaml``."""
    if not text:
        return None
    words, mult, pattern = _vague_words()
    best = None
    for m in pattern.finditer(text):
        if best is None or len(m.group(0)) > len(best.group(0)):
            best = m
    if best is None:
        return None
    spec = words[best.group(0).lower()]
    if convention == "low":
        reading = spec.get("low")
    elif convention == "high":
        reading = spec.get("high", spec.get("count"))
    else:
        reading = spec.get("count", spec.get("low"))
    if reading is None:
        return None
    # "several hundred", "a few thousand": the word multiplies the scale word after it
    rest = text[best.end():].lower().split()
    if rest:
        w = rest[0].rstrip(".,;:")
        w1 = w[:-1] if w.endswith("s") else w
        if w in mult or w1 in mult:
            reading = float(reading) * mult.get(w, mult.get(w1, 1.0))
    return float(reading)


def _reading_from_low(low: Optional[float], convention: str) -> Optional[float]:
    """When the quantity's words are not at hand: map the reader's ``low`` back
    to a word of vague.yaml where that is unambiguous."""
    if low is None:
        return None
    if convention == "low":
        return low
    words, _, _ = _vague_words()
    key = "high" if convention == "high" else "count"
    got = {spec.get(key, spec.get("count")) for spec in words.values() if spec.get("low") == low}
    got.discard(None)
    return float(got.pop()) if len(got) == 1 else low


_STRICT_ABOVE = re.compile(
    r"^\s*(?:more than|over|above|in excess of|exceeding|greater than|beyond|just over|well over|well above|"
    r"well in excess of|a little over|a little more than|slightly more than|far more than|many more than|"
    r"even more than|north of|higher than|larger than)\b", re.IGNORECASE)
_STRICT_BELOW = re.compile(
    r"^\s*(?:fewer than|less than|under|below|just under|just below|lower than|smaller than|"
    r"a little under|a little less than|slightly less than|well under|well below|south of)\b", re.IGNORECASE)


def counted_value(claim: Claim, vague: str = "count", exclusive_bounds: bool = False) -> Optional[float]:
    """The number one figure claim adds to its metric's total (None: nothing)."""
    if vague not in VAGUE_CONVENTIONS:
        raise ValueError(f"unknown vague convention {vague!r}: use one of {', '.join(VAGUE_CONVENTIONS)}")
    q = claim.qualifier
    if q == "vague":
        if vague == "skip":
            return None
        text = claim.quantity.text if claim.quantity is not None else None
        got = vague_reading(text, vague)
        if got is None and claim.evidence is not None and claim.quantity is None:
            got = vague_reading(claim.evidence.text, vague)
        if got is None:
            got = _reading_from_low(claim.low if claim.low is not None else claim.value, vague)
        return got
    if q == "range":
        for x in (claim.low, claim.value, claim.high):
            if x is not None:
                return float(x)
        return None
    if q == "at_most":
        order = (claim.value, claim.high, claim.low)
    else:  # exact, approximate, at_least, unknown
        order = (claim.value, claim.low, claim.high)
    got = next((float(x) for x in order if x is not None), None)
    if got is not None and exclusive_bounds and claim.quantity is not None and float(got).is_integer():
        if q == "at_least" and _STRICT_ABOVE.search(claim.quantity.text):
            got += 1
        elif q == "at_most" and _STRICT_BELOW.search(claim.quantity.text) and got > 0:
            got -= 1
    return got


# words that make a figure a new group of people, not a restatement
_NEW_BEFORE = re.compile(r"\b(?:additional|another|other|further|more|second|third|also)\b", re.IGNORECASE)
# (within the counted phrase: "detained him for further questioning" names no new group)
_NEW_AFTER = re.compile(r"^\W*(?:(?!for\b|of\b|to\b|in\b|with\b|on\b|at\b)\w+\W+){0,2}?(?:additional|other|more|further|also)\b",
                        re.IGNORECASE)


def _is_new(c: Claim) -> bool:
    """A figure of a further group: "one additional suspected insurgent", "another
    civilian", "two other insurgents", "the force also detained one ...". The
    words just before the number phrase and the first words after it decide (not
    the phrase itself: "more than 30" is no marker; nor "three others", which
    sets a group apart from a figure of another metric: "one killed and three
    others wounded")."""
    ev = c.evidence.text if c.evidence is not None else ""
    if _qtext(c) == "another":  # a singular mention counted by its determiner: "another woman was shot"
        return True
    if c.quantity is not None and c.evidence is not None:
        q0 = c.quantity.start - c.evidence.start
        q1 = c.quantity.end - c.evidence.start
        if 0 <= q0 <= len(ev):
            return bool(_NEW_BEFORE.search(ev[max(0, q0 - 40):q0]) or _NEW_AFTER.search(ev[q1:q1 + 40]))
    return _NEW_BEFORE.search(c.subject.text or "") is not None


_REMAINDER = re.compile(r"\bthe\s+other\s*$", re.IGNORECASE)


def _remainder(c: Claim, text: Optional[str] = None) -> bool:
    """A figure that gives the rest of a group: "the other two victims"."""
    if c.quantity is None or c.evidence is None:
        return False
    q0 = c.quantity.start - c.evidence.start
    if _qtext(c) == "the" and _fold(c.subject.text).startswith("other "):
        return True  # "the other woman and man"
    if not 0 <= q0 <= len(c.evidence.text):
        return False
    q1 = c.quantity.end - c.evidence.start
    # "the three others who were shot" (the article may be outside the figure's own words)
    before = text[max(0, c.quantity.start - 8):c.quantity.start] if text else c.evidence.text[max(0, q0 - 8):q0]
    if re.search(r"\bthe\s*$", before, re.IGNORECASE) \
            and re.match(r"\s*others?\b", c.evidence.text[q1:q1 + 10], re.IGNORECASE):
        return True
    return _REMAINDER.search(c.evidence.text[max(0, q0 - 16):q0]) is not None


_OTHER = re.compile(r"\bothers?\b", re.IGNORECASE)
_HARM = {"killed", "wounded", "casualties"}


def _contrasted(figs: list[Claim], metrics: set[str]) -> set[int]:
    """Figures whose "other" sets them apart from a figure of another metric just
    before them, not from the people counted so far: "Two men were killed and
    three other people wounded" (the three are the wounded of the headline's
    "3 wounded")."""
    out = set()
    for c in figs:
        if c.metric not in metrics or c.metric not in _HARM or c.quantity is None or c.evidence is None:
            continue
        q0, q1 = c.quantity.start - c.evidence.start, c.quantity.end - c.evidence.start
        around = c.evidence.text[max(0, q0 - 12):q0] + " " + c.evidence.text[q1:q1 + 24]
        if not _OTHER.search(around) or _NEW_BEFORE.search(c.evidence.text[max(0, q0 - 40):q0].replace("other", "")):
            continue
        if any(d.metric != c.metric and d.metric in _HARM and d.quantity is not None
               and d.quantity.end <= c.quantity.start and c.quantity.start - d.quantity.end <= 60
               for d in figs):
            out.add(id(c))
    return out


def _fold(s: Optional[str]) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (s or "").lower()).strip()


_IRREGULAR = {"men": "man", "women": "woman", "children": "child", "people": "people", "olds": "old",
              "teens": "teen", "wives": "wife", "sons": "son", "boys": "boy", "girls": "girl"}


def _head(s: Optional[str]) -> str:
    w = _fold(s).split()
    if not w:
        return ""
    h = w[-1]
    if h in _IRREGULAR:
        return _IRREGULAR[h]
    for suf, rep in (("ies", "y"), ("men", "man"), ("es", "e"), ("s", "")):
        if h.endswith(suf) and len(h) > len(suf) + 2:
            return h[: -len(suf)] + rep
    return h


# nouns that can restate any more specific one ("a man was shot ... the victim")
_GENERIC_HEADS = {"", "victim", "person", "people", "individual", "one", "other", "another", "he", "she", "him", "her",
                  "they", "them", "casualty", "death", "fatality", "body", "dead", "injured", "wounded",
                  "injury", "suspect", "insurgent", "militant", "member", "resident", "someone",
                  # an unnamed death: "investigating a shooting death"
                  "murder", "killing", "slaying", "homicide"}


# words that describe a person by age, sex or kin, not by role: "a 3-year-old
# boy ... the child ... the toddler" can be one person; "a Taliban leader ...
# a facilitator" are two
_DESCRIPTIVE = {"boy", "girl", "child", "kid", "teen", "teenager", "toddler", "baby", "infant", "youth", "juvenile",
                "old", "man", "woman", "male", "female", "adult", "son", "daughter", "brother", "sister", "father",
                "mother", "husband", "wife", "student", "person", "individual", "victim", "youngster", "grandfather",
                "grandmother", "grandson", "granddaughter", "nephew", "niece", "uncle", "aunt", "cousin", "girlfriend",
                "boyfriend", "friend", "gentleman", "lady", "he", "she", "him", "her", "someone", "one"}
_MALE = {"man", "boy", "son", "father", "brother", "husband", "boyfriend", "grandfather", "grandson", "nephew",
         "uncle", "male", "gentleman", "he", "him"}
_FEMALE = {"woman", "girl", "daughter", "mother", "sister", "wife", "girlfriend", "grandmother", "granddaughter",
           "niece", "aunt", "female", "lady", "she", "her"}
# heads of a group that any one person may belong to: "four people were shot ... a man was injured"
_PEOPLE_HEADS = {"", "people", "person", "victim", "other", "one", "individual", "casualty", "injured", "wounded", "dead"}


def _person(c: Claim) -> tuple[str, str]:
    """How a singular mention names its person: ("name", surname), ("generic",
    ""), or ("noun", head) ("a Taliban leader", "the boy")."""
    text = (c.subject.text or "").strip()
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    h = _head(text)
    if words and words[-1][0].isupper() and h not in _DESCRIPTIVE and h not in _GENERIC_HEADS:
        return "name", h
    if h in _GENERIC_HEADS:
        return "generic", h
    return "noun", h


_DEFINITE = {"the", "this", "that", "his", "her", "their", "its"}


def _pronoun(c: Claim) -> str:
    """The personal pronoun a singular mention is, if it is one ("he", "she")."""
    t = _fold(c.subject.text)
    return t if t in ("he", "him", "she", "her") else ""


def _same_person_possible(a: Claim, b: Claim) -> bool:
    if _ages_differ(a, b):
        return False
    (ka, ha), (kb, hb) = _person(a), _person(b)
    # "he was shot, while a 4-year-old girl was grazed": a pronoun has a sex too
    pa, pb = _pronoun(a), _pronoun(b)
    if (pa in _MALE and (hb in _FEMALE or pb in _FEMALE)) or (pa in _FEMALE and (hb in _MALE or pb in _MALE)) \
            or (pb in _MALE and ha in _FEMALE) or (pb in _FEMALE and ha in _MALE):
        return False
    if "generic" in (ka, kb):
        return True
    # a definite mention refers back ("captured a facilitator ... the leader was captured"),
    # unless the two cannot be one person ("a man ... the woman")
    if (_qtext(b) in _DEFINITE and b.evidence.start > a.evidence.start) or (
            _qtext(a) in _DEFINITE and a.evidence.start > b.evidence.start):
        return not ((ha in _MALE and hb in _FEMALE) or (ha in _FEMALE and hb in _MALE))
    if ka == "name" and kb == "name":
        return ha == hb
    if "name" in (ka, kb):
        return True  # "the boy ... Jeremiah Ross"
    if ha == hb:
        return True
    if (ha in _MALE and hb in _FEMALE) or (ha in _FEMALE and hb in _MALE):
        return False
    return ha in _DESCRIPTIVE and hb in _DESCRIPTIVE


def _implicit(c: Claim) -> bool:
    """A singular mention counted as one, not a number: "a man", "the leader", "he", "Saifullah"."""
    return c.value == 1 and c.qualifier == "exact" and _qtext(c) not in ("one", "1", "single", "a single")


_SUBSET_HEADS = {"", "people", "person", "victim", "casualty", "injured", "wounded", "dead", "individual"}


# a wounded mention that says its person lives: "is expected to recover", "in stable condition"
_ALIVE = re.compile(r"\b(?:stable|(?:expected )?to (?:recover|survive)|expected to be ok(?:ay)?|(?:is|was) recovering|non[- ]?life[- ]threatening|"
                    r"not life[- ]threatening|treated and released|released from)\b", re.IGNORECASE)
_DEATH_WORD = re.compile(r"\b(?:died|dies|dead|death|succumbed|passed away|killed|fatal(?:ly)?)\b", re.IGNORECASE)
_AGE = re.compile(r"\b(\d{1,3}|[a-z]+teen|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
                  r"[- ]year[- ]old\b", re.IGNORECASE)


def _alive(c: Claim) -> bool:
    """A wounded mention of someone the same words say survives ("the 16-year-old was
    hospitalized in stable condition"): no one the article counts as killed."""
    ev = c.evidence.text if c.evidence is not None else ""
    return bool(_ALIVE.search(ev)) and not _DEATH_WORD.search(ev)


_AGE_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}


def _age(c: Claim) -> Optional[str]:
    """The age a singular mention states around its counted words ("the 16-year-old",
    "Seventeen-year-old Damani Aitch"), when exactly one is there."""
    if c.quantity is None or c.evidence is None:
        return None
    ev = c.evidence.text
    q0, q1 = c.quantity.start - c.evidence.start, c.quantity.end - c.evidence.start
    if not 0 <= q0 <= len(ev):
        return None
    ages = {m.group(1).lower() for m in _AGE.finditer(ev[max(0, q0 - 30):q1 + 25])}
    ages = {str(_AGE_WORDS.get(a, a)) for a in ages}
    return ages.pop() if len(ages) == 1 else None


def _ages_differ(a: Claim, b: Claim) -> bool:
    """Two mentions whose stated ages differ name two people ("a 17-year-old ... the 16-year-old")."""
    x, y = _age(a), _age(b)
    return x is not None and y is not None and x != y


@lru_cache(maxsize=None)
def _wound_re() -> re.Pattern:
    nouns = vocab.load("metrics").get("injury_nouns") or []
    alt = "|".join(re.escape(n) + "s?" for n in nouns).replace("ys?", "(?:y|ies)") or "(?!x)x"
    return re.compile(rf"\b(?:{alt})\b", re.IGNORECASE)


def _wound_of_dead(c: Claim, v: float, killed: list[tuple[Claim, float]], same: bool = False) -> Optional[Claim]:
    """A wound that tells how people the article counts as killed were hurt, not
    that others were: "a boy was found dead ... The 7-year-old suffered a gunshot
    wound to the chest"; "two brothers were fatally shot ... officers found two
    men suffering from gunshot wounds". The mention names a wound, does not say
    its people live, is no further group, and could be the dead: one person who
    may be the one killed, or as many as a killed figure counts."""
    if c.evidence is None or not _wound_re().search(c.evidence.text) or _is_new(c) or _alive(c):
        return None
    if c.quantity is not None:
        q1 = c.quantity.end - c.evidence.start
        if _OTHER.search(c.evidence.text[q1:q1 + 12]):
            return None
    for k, kv in killed:
        if _places_conflict(k.location, c.location):
            continue
        if v == 1 and kv == 1 and (_person(k) == _person(c) if same else _same_person_possible(k, c)):
            return k
        if v > 1 and kv == v and c.qualifier != "vague":
            return k
    return None


def _turned_on_self(c: Claim) -> bool:
    verbs = vocab.load("metrics").get("self_turn_verbs") or []
    alt = "|".join(re.escape(v) for v in verbs) or "(?!x)x"
    return c.evidence is not None and re.search(
        rf"\b(?:{alt})\w*\b.*\bon\s+(?:him|her|them)sel(?:f|ves)\b", c.evidence.text, re.IGNORECASE) is not None


def _died(c: Claim, v: float, killed: list[tuple[Claim, float]]) -> bool:
    """A singular wounded mention of someone the article counts as killed: the
    same head, a name or a generic word ("the victim", "he"); not a mention that
    says its person lives, nor one of another age."""
    if v != 1 or not _implicit(c) or _is_new(c) or _alive(c):
        return False
    kind, h = _person(c)
    for k, kv in killed:
        if _places_conflict(k.location, c.location) or _ages_differ(c, k):
            continue
        kk, kh = _person(k)
        if kv == 1 and (kind == "generic" or kh == h or (kind == "name") != (kk == "name")):
            return True
    return False


def _absorbed(c: Claim, v: float, kept: list[tuple[Claim, float]], is_new=None, text: Optional[str] = None) -> bool:
    """A mention of some of the people a larger figure already counted: "Three men
    and a teenager were hurt ... A 22-year-old man was seriously injured";
    "four people were shot ... Three victims were rushed to the hospital"."""
    if _turned_on_self(c):
        return False  # the shooter is none of the people he shot
    if _remainder(c, text) and not (is_new or _is_new)(c) and any(
            kv > v and k.qualifier != "vague" and not _places_conflict(k.location, c.location) for k, kv in kept):
        return True  # "Four teens were shot, one fatally ... the three others who were shot"
    if (is_new or _is_new)(c):
        # "Four people were injured ... The other two sustained less serious injuries":
        # the rest of a group already counted
        if _remainder(c) and any(kv > v and k.qualifier != "vague" and not _places_conflict(k.location, c.location)
                                 for k, kv in kept):
            return True
        # "Three people have died ... Another man was pronounced dead": another of them
        return v == 1 and _implicit(c) and any(
            kv > v and k.qualifier != "vague" and _head(k.subject.text) in _SUBSET_HEADS and _person(c)[1] in _DESCRIPTIVE
            and not _places_conflict(k.location, c.location) for k, kv in kept)
    if v != 1 or not _implicit(c):
        h = _head(c.subject.text)
        if c.qualifier == "vague":
            return False
        if h not in _SUBSET_HEADS:  # "Four young men were shot ... One man was shot in his arm"
            return h in _DESCRIPTIVE and any(
                kv > v and k.qualifier != "vague" and _head(k.subject.text) in (h, *_SUBSET_HEADS)
                and not _places_conflict(k.location, c.location) for k, kv in kept)
        return any(kv > v and k.qualifier != "vague" and not _places_conflict(k.location, c.location)
                   and _head(k.subject.text) in _SUBSET_HEADS | _DESCRIPTIVE for k, kv in kept)
    kind, h = _person(c)
    for k, kv in kept:
        if kv <= 1 or _places_conflict(k.location, c.location) or _own_victims(c, k):
            continue
        gh = _head(k.subject.text)
        if kind == "generic" or gh == h or ((gh in _PEOPLE_HEADS or gh in _DESCRIPTIVE)
                                            and (kind == "name" or h in _DESCRIPTIVE)):
            return True
    return False


_REFLEXIVE = re.compile(r"\b(?:himself|herself)\b", re.IGNORECASE)


def _own_victims(c: Claim, k: Claim) -> bool:
    """Whether ``c`` is someone who did to himself what the clause around it says he
    did to the people ``k`` counts: "shot his wife and two sons before killing
    himself" (the shooter is none of his victims)."""
    if c.evidence is None or k.evidence is None or not _REFLEXIVE.search(c.evidence.text):
        return False
    return k.evidence.start <= c.evidence.start and c.evidence.end <= k.evidence.end \
        and (k.evidence.start, k.evidence.end) != (c.evidence.start, c.evidence.end)


def _places_conflict(a: Location, b: Location) -> bool:
    """Two places that cannot be where one figure happened: different names,
    unless one contains the other (a country and a place in it, a province and
    a place in it, "Khost" and "Khost province")."""
    la, lb = _fold(a.text), _fold(b.text)
    if not (la and lb) or la in lb or lb in la:
        return False
    if a.country and b.country and a.country != b.country:
        return True
    if "country" in (a.precision, b.precision):
        return not (a.country and b.country and a.country == b.country)
    ad_a, ad_b = _fold(getattr(a, "admin1", None)), _fold(getattr(b, "admin1", None))
    if ad_a and ad_b and ad_a == ad_b and "region" in (a.precision, b.precision):
        return False
    return True


def _conflict(a: Claim, b: Claim) -> bool:
    """True when two claims of the same metric and value cannot be one figure:
    different places, different actors, or (for singular mentions) different
    people ("a man was killed ... a woman was killed")."""
    if _places_conflict(a.location, b.location):
        return True
    if a.subject.actor and b.subject.actor and a.subject.actor != b.subject.actor:
        return True
    if (a.value == 1 and b.value == 1) or (a.quantity is not None and b.quantity is not None
                                           and _fold(a.quantity.text) in ("a", "an", "one", "1")
                                           and _fold(b.quantity.text) in ("a", "an", "one", "1")):
        if not _same_person_possible(a, b):
            return True
    return False


def _is_same_metric_part(c: Claim, by_id: dict[str, Claim], metrics: set[str]) -> bool:
    """A part whose whole (followed up the chain) is counted under the same metric group."""
    seen = set()
    cur = c
    while cur.part_of and cur.part_of not in seen:
        seen.add(cur.part_of)
        whole = by_id.get(cur.part_of)
        if whole is None:
            return False
        if whole.metric in metrics:
            return True
        cur = whole
    return False


# a cumulative or background total, not the event reported: "killed more than 80
# leaders since January", "wounded in shootings across the city since Monday",
# "10,569 accidental shooting deaths since 1999", "so far this year"
_BACKGROUND = re.compile(
    r"\bsince\s+(?:(?:early|late|mid|last|the (?:start|beginning|first|end)\b|January|February|March|April|May|June|July"
    r"|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Monday|Tuesday"
    r"|Wednesday|Thursday|Friday|Saturday|Sunday|(?:19|20)\d\d)\b)|\bso far\b|\bto date\b|\bthis year\b|\bacross the (?:city|country|state|nation)\b"
    r"|\bcity-?wide\b|\bthe (?:past|last|first) (?:\w+ )?(?:weeks|months?|years?)\b|\bin recent (?:months|years)\b"
    r"|\b(?:in|during|throughout) (?:19|20)\d\d\b"
    # an event of years before the one reported: "died in a house fire years ago", "a year earlier"
    r"|\b(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|several|many|\d+) )?(?:years?|decades?) "
    r"(?:ago|earlier|before|prior)\b",
    re.IGNORECASE)
# "one of the insurgents", "two of those killed": a part of a group already counted
_PARTITIVE = re.compile(r"^\s*of\s+(?:the|those|them|these|several|numerous|multiple|many|all)\b", re.IGNORECASE)


@lru_cache(maxsize=None)
def _roundup_re() -> re.Pattern:
    m = vocab.load("metrics")
    events = "|".join(re.escape(w) for w in m.get("roundup_events") or []) or "(?!x)x"
    marks = "|".join(re.escape(w) for w in m.get("roundup_markers") or []) or "(?!x)x"
    many = r"(?:two|three|four|five|six|seven|eight|nine|ten|[2-9]|\d\d)"
    # the harm participles a round-up's bare plural follows ("wounded in shootings")
    harm = "|".join(re.escape(w) for k in ("killed", "wounded") for w in m[k].get("adjectives") or []) + "|shot"
    # "in two separate shootings", "in separate Tuesday shootings"; "three shootings ... injured
    # five people"; a bare plural, "wounded in shootings from Sunday to Monday", "in Chicago
    # shootings Sunday" (not "in the shootings", "in Saturday's shootings": one incident's shots)
    return re.compile(rf"\b(?:in|during|from|across)\s+(?:{many}\s+(?:(?:{marks})\s+)?|(?:{marks})\s+)"
                      rf"(?:[\w-]+\s+)?(?:{events})\b"
                      rf"|\b{many}\s+(?:(?:{marks})\s+)?(?:{events})\b"
                      rf"|\b(?:{harm})\s+(?:in|from)\s+(?:(?-i:[A-Z])[\w-]*\s+)?(?:{events})\b(?!['’])", re.IGNORECASE)


def _roundup(c: Claim, text: Optional[str]) -> bool:
    """A total over several incidents ("eight people were injured in two separate
    shootings", "three shootings overnight injured five people"): the sentence of
    the figure says so."""
    if c.evidence is None:
        return False
    if text:
        end, start = c.evidence.end, c.evidence.start
        stop = re.search(r"[.!?](?:\s|$)", text[end:end + 160])
        after = text[end:end + (stop.start() if stop else 160)]
        lead = text[max(0, start - 160):start]
        cut = [m.end() for m in re.finditer(r"[.!?]\s|\n", lead)]
        before = lead[cut[-1]:] if cut else lead
        if _roundup_re().search(before + c.evidence.text + " " + after):
            return True
    return _roundup_re().search(c.evidence.text) is not None


def _coordinated(a: Claim, b: Claim) -> bool:
    """Whether ``b``'s number phrase is joined to ``a``'s by "and" right after it."""
    if a.quantity is None or b.quantity is None or a.evidence is None or b.quantity.start <= a.quantity.end:
        return False
    between = a.evidence.text[a.quantity.end - a.evidence.start:b.quantity.start - a.evidence.start]
    return 0 < len(between) <= 60 and re.search(r"(?:,\s*|\s)and\s+$", between) is not None


def _listed(c: Claim) -> bool:
    """A singular mention in a comma list under one article: "a father, daughter
    and young boy" names three people ("a leader and financier" may be one; kin
    and sex words never are: "her aunt and uncle")."""
    if not _implicit(c) or c.quantity is None or c.evidence is None:
        return False
    q1 = c.quantity.end - c.evidence.start
    return 0 <= q1 and re.match(r"\s*[\w'’-]+(?:\s+[\w'’-]+)?,\s+[\w'’-]+", c.evidence.text[q1:q1 + 60]) is not None


def _is_all(c: Claim) -> bool:
    """A figure that gives the whole: "all seven victims", "all four were taken to hospital"."""
    if c.quantity is None or c.evidence is None:
        return False
    q0 = c.quantity.start - c.evidence.start
    return 0 <= q0 <= len(c.evidence.text) and re.search(r"\ball(?: of)?(?: the)?\s*$", c.evidence.text[max(0, q0 - 12):q0],
                                                         re.IGNORECASE) is not None


@lru_cache(maxsize=None)
def _since_event_re() -> re.Pattern:
    """"since the war began", "since the full-scale invasion", "since the outbreak
    of the conflict": a period counted from an event of the war (``period_events``)."""
    words = "|".join(re.escape(w) for w in vocab.load("metrics").get("period_events") or []) or "(?!x)x"
    return re.compile(rf"\bsince\s+(?:the|its|their|this|that)\s+(?:[\w-]+\s+){{0,2}}(?:{words})\b", re.IGNORECASE)


def _background(c: Claim) -> bool:
    """A total over a period, not the event reported: its evidence or the time
    its sentence gives says so ("since January", "over the past month", "in
    the past six weeks", "since the war began", a bare year: "in 2013")."""
    for text in (c.evidence.text if c.evidence is not None else None, c.time.text if c.time is not None else None):
        if text and (_BACKGROUND.search(text) or _since_event_re().search(text)):
            return True
    # "69 children died from unintentional gunfire in 2013": a whole year is a period, not the
    # day of an event
    t = c.time
    return t is not None and t.precision == "year" and t.basis == "stated" and bool(re.fullmatch(
        r"(?:in |during |of |for )?(?:19|20)\d\d", (t.text or "").strip(), re.IGNORECASE))


_PARTITIVE_WHOLE = re.compile(r"^\s*of\s+(?:the|those|these|all)\s+(?:other\s+)?(\d+|[a-z]+)\s+(?:[\w-]+\s+)?"
                              r"(?:victims|people|persons|men|women|teens|teenagers|boys|girls|others|wounded|injured)\b",
                              re.IGNORECASE)


def _partitive_whole(c: Claim) -> int:
    """The whole a partitive names ("three of the four victims": 4), else 0."""
    if c.quantity is None or c.evidence is None:
        return 0
    q1 = c.quantity.end - c.evidence.start
    m = _PARTITIVE_WHOLE.match(c.evidence.text[q1:q1 + 50]) if q1 >= 0 else None
    if m is None:
        return 0
    w = m.group(1).lower()
    n = int(w) if w.isdigit() else _AGE_WORDS.get(w, 0)
    return n if n > (counted_value(c) or 0) else 0


def _partitive(c: Claim) -> bool:
    if c.quantity is None or c.evidence is None:
        return False
    q1 = c.quantity.end - c.evidence.start
    return 0 <= q1 <= len(c.evidence.text) and _PARTITIVE.match(c.evidence.text[q1:q1 + 30]) is not None


def _qtext(c: Claim) -> str:
    return _fold(c.quantity.text) if c.quantity is not None else ""


def _members_match(a: tuple[Claim, float], b: tuple[Claim, float]) -> bool:
    """Whether two members of compound figures can be the same people."""
    (ca, va), (cb, vb) = a, b
    if ca.qualifier == "vague" or cb.qualifier == "vague":
        return not _places_conflict(ca.location, cb.location)
    return va == vb and not _conflict(ca, cb)


def _elaborates(later: list[tuple[Claim, float]], earlier: list[tuple[Claim, float]]) -> bool:
    """A later compound figure that names every member of an earlier one and
    more: "captured a Taliban commander and facilitator" then "detained the
    commander, facilitator and two of their associates" (2, then 4)."""
    if sum(v for _, v in later) <= sum(v for _, v in earlier) and len(later) <= len(earlier):
        return False
    free = list(later)
    for m in earlier:
        hit = next((x for x in free if _members_match(m, x)), None)
        if hit is None:
            return False
        free.remove(hit)
    return True


def _off_date(c: Claim, event_date: Optional[str], days: int = 3) -> bool:
    """A figure dated days away from the article's event: an earlier event it
    recalls ("a Taliban commander detained by the security force July 3"), or a
    tally over a month or a year in an article about one day's event ("45
    people were killed in July", "so far in 2017, at least 47 people have been
    killed")."""
    if not event_date or c.time is None or not c.time.date or c.time.basis not in ("stated", "relative"):
        return False
    if c.time.precision in ("month", "year") and c.time.basis == "stated":
        # "killed in May" in an article about May 10 is that event; a year is
        # never one day's event ("in 2010, Scott was charged with the murder")
        return c.time.precision == "year" or c.time.date[:7] != event_date[:7]
    if c.time.precision != "day":
        return False
    try:
        return abs((date.fromisoformat(c.time.date) - date.fromisoformat(event_date)).days) > days
    except ValueError:
        return False


def _total(figs: list[Claim], metrics: set[str], vague: str, by_id: dict[str, Claim],
           exclusive_bounds: bool = False, event_date: Optional[str] = None, text: Optional[str] = None):
    """The total of one metric (or group of metrics) and how it was reached:
    ``(total, kept [(claim, value)], restated [claim], parts [claim])``; parts
    include the background totals left out ("since January").

    Figures that share one evidence span ("six men and one woman were shot")
    form a compound figure: it restates an earlier figure equal to its sum
    ("Seven people were shot"), a later figure equal to its sum restates it,
    and a later compound figure that names its members and more replaces it.
    """
    restated: list[Claim] = []
    parts: list[Claim] = []
    groups: list[list[tuple[Claim, float]]] = []
    last_ev = None
    read: set = set()
    for c in figs:
        if c.metric not in metrics:
            continue
        if c.quantity is not None:  # one number phrase read twice is one figure
            # (an article shared by a list names each of its people: "a father, daughter and young boy")
            key = (c.metric, c.quantity.start, c.quantity.end, _fold(c.subject.text) if _listed(c) or (
                _implicit(c) and _head(c.subject.text) in _DESCRIPTIVE - _GENERIC_HEADS) else None)
            if key in read:
                restated.append(c)
                continue
            read.add(key)
        v = counted_value(c, vague, exclusive_bounds)
        if v is None:
            continue
        if _is_same_metric_part(c, by_id, metrics) or _background(c) or _off_date(c, event_date) \
                or _roundup(c, text):
            parts.append(c)
            continue
        ev = (c.evidence.start, c.evidence.end) if c.evidence is not None else None
        # (a conjunct may get a clause of its own inside the list's: "Two boys, ages 7 and 10,
        # and two adults were found slain" gives "two adults were found slain" too)
        if groups and ev is not None and last_ev is not None and (
                ev == last_ev or (last_ev[0] <= ev[0] and ev[1] <= last_ev[1] and _coordinated(groups[-1][-1][0], c))):
            groups[-1].append((c, v))
            continue
        groups.append([(c, v)])
        last_ev = ev

    kept_groups: list[list[tuple[Claim, float]]] = []
    partitives: list[tuple[Claim, float]] = []
    seen: list[tuple[Claim, float]] = []  # every value a later figure may restate (members and sums)

    contrast = _contrasted(figs, metrics)
    echoed: set[int] = set()  # figures a later figure has restated

    def is_new(c: Claim) -> bool:
        return _is_new(c) and id(c) not in contrast

    def restates(c: Claim, v: float) -> bool:
        # a new group ("two other insurgents were also captured") may still restate an
        # equal group that was new in the same way ("two facilitators and two other militants")
        new = is_new(c)
        for sc, sv in seen:
            if v != sv or _conflict(sc, c):
                continue
            if not new or _remainder(c) or _is_new(sc) or _head(sc.subject.text) == "other" or (
                    c.qualifier == "vague" and sc.qualifier == "vague" and _qtext(c) == _qtext(sc)):
                echoed.add(id(sc))
                return True
            # "detained a leader along with one suspected insurgent ... The leader was detained
            # ... An additional suspected insurgent was detained": additional to the leader the
            # body has just retold, the lede's companion told again
            if _fold(sc.subject.text) == _fold(_NEW_BEFORE.sub("", c.subject.text or "")) and any(
                    id(sc) in {id(k) for k, _ in g} and len(g) > 1
                    and any(id(k) in echoed for k, _ in g if k is not sc) for g in kept_groups):
                return True
        return False

    def kept_values() -> list[tuple[Claim, float]]:
        return [m for g in kept_groups for m in g]

    for group in groups:
        head = group[0][0]
        if len(group) == 1:
            c, v = group[0]
            # "one of the insurgents was killed": a part of a group already counted
            if _partitive(c) and any(kv >= v for _, kv in kept_values()):
                parts.append(c)
                continue
            if _partitive(c):
                partitives.append((c, v))  # the group may come later: "Three of the victims ... All four victims"
            if restates(c, v) or _absorbed(c, v, kept_values(), is_new, text):
                restated.append(c)
                continue
            if _is_all(c):  # "all seven victims": the smaller figures before it were some of them
                for g in list(kept_groups):
                    if all(kv < v and k.qualifier != "vague" and (_head(k.subject.text) in _SUBSET_HEADS | _DESCRIPTIVE
                                                                  or _implicit(k))
                           for k, kv in g) and sum(kv for _, kv in g) <= v:
                        kept_groups.remove(g)
                        restated.extend(k for k, _ in g)
            kept_groups.append([(c, v)])
            seen.append((c, v))
            continue
        total = sum(v for _, v in group)
        # "the other woman and man were shot in the legs": the rest of a group already counted
        if restates(head, total) or (_remainder(head) and any(
                sum(kv for _, kv in g) > total and all(k.qualifier != "vague" for k, _ in g)
                and not _places_conflict(g[0][0].location, head.location) for g in kept_groups)):
            restated.extend(c for c, _ in group)
            continue
        # a fuller account of an earlier compound (or single) figure replaces it
        older = next((g for g in kept_groups if not any(is_new(c) for c, _ in group) and _elaborates(group, g)), None)
        if older is not None:
            kept_groups.remove(older)
            restated.extend(c for c, _ in older)
            kept_groups.append(list(group))
            seen.extend(group)
            seen.append((head, total))
            continue
        # "Five people were wounded ... Two men and a woman were being treated": some of them
        if all(not is_new(c) and (_implicit(c) or _head(c.subject.text) in _DESCRIPTIVE | _SUBSET_HEADS)
               for c, _ in group) and any(
                kv > total and k.qualifier != "vague" and _head(k.subject.text) in _SUBSET_HEADS
                and not _places_conflict(k.location, head.location) for k, kv in kept_values()):
            restated.extend(c for c, _ in group)
            continue
        fresh = [(c, v) for c, v in group if not restates(c, v)]
        restated.extend(c for c, _ in group if all(c is not f for f, _ in fresh))
        if fresh:
            kept_groups.append(fresh)
        seen.extend(fresh)
        if len(fresh) > 1:
            seen.append((head, sum(v for _, v in fresh)))
    for c, v in partitives:
        if any(kv > v and k is not c for k, kv in kept_values()):
            kept_groups = [g for g in kept_groups if all(m is not c for m, _ in g)]
            parts.append(c)
    kept = kept_values()
    # a vague figure ("several insurgents were detained") restates the specific
    # figures of the same article that could be the group it describes: their
    # sum reaches its reading ("detained eight insurgents")
    own = {id(c): g for g in kept_groups for c, _ in g}
    for c, v in list(kept):
        if c.qualifier != "vague" or is_new(c) or len(own[id(c)]) > 1:
            continue
        specific = [k for k, kv in kept if k is not c and k.qualifier != "vague" and not _places_conflict(k.location, c.location)]
        later_vague = [k for k, kv in kept if k is not c and k.qualifier == "vague" and k.evidence.start > c.evidence.start
                       and not _places_conflict(k.location, c.location)]
        # the specific figures describe the group when they are a group too, or
        # count the same people ("several insurgents" ... "one insurgent"); a
        # singled-out leader is no account of the group around him
        if sum(kv for k, kv in kept if k in specific) >= 2 or any(_head(k.subject.text) == _head(c.subject.text)
                                                                   for k in specific) or later_vague:
            kept = [(k, kv) for k, kv in kept if k is not c]
            restated.append(c)
    total = sum(v for _, v in kept)
    return total, kept, restated, parts


@lru_cache(maxsize=None)
def _detail_re() -> re.Pattern:
    words = vocab.load("metrics").get("detail_words") or []
    alt = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) or "(?!x)x"
    return re.compile(rf"\b(?:{alt})\b", re.IGNORECASE)


def _detail(c: Claim) -> bool:
    """A figure that tells how people are doing, not how many were harmed: "two
    are in critical condition", "three were treated and released" (the words of
    ``detail_words`` in metrics.yaml, in the figure's own clause)."""
    return c.evidence is not None and _detail_re().search(c.evidence.text) is not None


_CONDITION = re.compile(r"\bcondition\b", re.IGNORECASE)


def _drop_details(kept: list[tuple[Claim, float]]) -> list[tuple[Claim, float]]:
    """Condition details are some of the people a harm figure counts: "Four
    males suffered injuries ... Two men were in critical condition" is 4, in
    either order, when one figure (not "N others") covers all the details."""
    details = [(c, v) for c, v in kept if _detail(c)]
    if not details:
        return kept
    need = sum(v for _, v in details)

    def covers(k: Claim, kv: float) -> bool:
        if _detail(k) or kv < need or k.qualifier == "vague" or k.quantity is None or k.evidence is None:
            return False
        q1 = k.quantity.end - k.evidence.start
        if _OTHER.search(k.evidence.text[q1:q1 + 12]):
            return False  # "two others injured": people besides those in the details
        return not any(_places_conflict(k.location, c.location) for c, _ in details)

    if any(covers(k, kv) for k, kv in kept):
        return [(c, v) for c, v in kept if not _detail(c)]
    return kept


@lru_cache(maxsize=None)
def _ordinal_words() -> dict[str, int]:
    return {str(k).lower(): int(v) for k, v in (vocab.load("metrics").get("ordinals") or {}).items()}


def _ordinal(c: Claim) -> int:
    """The place an indefinite singular mention takes in a series of victims ("a
    fourth victim was also injured": 4), else 0. A definite one ("the third
    victim") points back at someone already counted and sets no place."""
    if c.value != 1 or _qtext(c) not in ("a", "an") or c.evidence is None:
        return 0
    m = re.match(r"\s*([a-z0-9]+)(?![\w-])", (c.subject.text or "").lower())  # not "an eighth-grade student"
    return _ordinal_words().get(m.group(1), 0) if m else 0


def _series_floors(figs: list[Claim], totals: dict[str, Any], kept_by: dict[str, list], derive: bool,
                   event_date: Optional[str], text: Optional[str]) -> dict[str, str]:
    """An ordinal tells how many came before: "a third person has died" is the
    third death, whatever the article counted of the first two. The series is
    all the victims, the other harm's included ("three people died ... a
    fourth victim was critically injured": 1 wounded; "one dead, three others
    hurt ... a fourth person was injured": still 3), the metric's own when the
    article counts no other harm. Only raises a total."""
    raised: dict[str, str] = {}
    series = [("killed", "wounded", "killed"), ("wounded", "killed", "wounded")]
    if derive:  # "a fourth person was shot": the people shot and not killed were wounded
        series.append(("wounded", "killed", "casualties"))
    for m, other, source in series:
        ords = sorted((n, c) for c in figs if c.metric == source and (n := _ordinal(c))
                      and not _background(c) and not _roundup(c, text) and not _off_date(c, event_date))
        for n, c in ords:
            have = totals.get(m) or 0
            # (the other harm's own ordinals are the series' later members, not the earlier
            # ones, unless they have set that total: "a third person has died" is three dead)
            others = (totals.get(other) or 0) - (0 if other in raised else sum(
                v for k, v in kept_by.get(other, []) if _ordinal(k)))
            floor = n - max(others, 0)
            if floor > have:
                totals[m] = _num(float(floor))
                raised[m] = "ordinal"
    return raised


def _event_day(figs: list[Claim]) -> Optional[str]:
    """The day most event figures are dated to (stated or relative), ties the first."""
    days = [c.time.date for c in figs if c.metric in EVENT_METRICS and c.time is not None and c.time.date
            and c.time.precision == "day" and c.time.basis in ("stated", "relative")]
    if not days:
        return None
    counts = Counter(days)
    top = max(counts.values())
    return next(d for d in days if counts[d] == top)


def _most_common_date(figs: list[Claim], claims: list[Claim]) -> Optional[str]:
    stated = Counter(c.time.date for c in figs if c.time.date and c.time.basis not in (None, "published"))
    if stated:
        top = max(stated.values())
        # ties: the earliest date mentioned first in the article
        for c in figs:
            if c.time.date and stated.get(c.time.date) == top and c.time.basis not in (None, "published"):
                return c.time.date
    for c in claims:
        if c.time.date and c.time.basis == "published":
            return c.time.date
    return None


def _places(figs: list[Claim], claims: list[Claim]) -> list[dict[str, Any]]:
    counts: Counter = Counter()
    first: dict[tuple, dict[str, Any]] = {}
    for group, weight in ((figs, 2), (claims, 1)):
        for c in group:
            loc = c.location
            if loc is None or not (loc.text or loc.country):
                continue
            key = (_fold(loc.text), loc.country)
            counts[key] += weight
            if key not in first:
                d = {k: v for k, v in vars(loc).items() if v is not None and k not in ("start", "end")}
                d.setdefault("text", None)
                d.setdefault("country", None)
                if "admin1" not in d:
                    d["admin1"] = _admin1(loc.text)
                first[key] = d
    return [first[k] | {"mentions": counts[k]} for k in sorted(first, key=lambda k: -counts[k])]


def _admin1(text: Optional[str]) -> Optional[str]:
    if not text:
        return None
    try:
        from .extract.places import province_of
    except ImportError:  # pragma: no cover - the gazetteer is optional here
        return None
    try:
        got = province_of(text)
    except Exception:  # a gazetteer bug must not break the summary
        return None
    if isinstance(got, (list, tuple)):
        got = got[0] if got else None
    return got if isinstance(got, str) else None


def _story_figures(claims: list[Claim], text: Optional[str], title: Optional[str]) -> tuple[list[Claim], list[Claim]]:
    """The figure claims of the page's main story, and those of the rest of the page."""
    figs = [c for c in claims if c.kind == "figure" and c.metric]
    if not text:
        return figs, []
    from .stories import in_story
    return in_story(figs, text, title)


def summarize(claims: Iterable[Claim], *, vague: str = "count", exclusive_bounds: bool = False,
              derive_wounded: bool = False, document_id: Optional[str] = None, document_ref: Optional[str] = None,
              published: Optional[str] = None, text: Optional[str] = None,
              title: Optional[str] = None) -> dict[str, Any]:
    """The event summary of one document's claims.

    Returns ``{"kind": "summary", "document_id", "document_ref", "totals": {metric: n},
    "date", "places", "vague", "counted": {metric: [claim ids]}}``. ``totals`` holds every
    event metric of ``data/metrics.yaml`` (0 when absent), the plain ``count`` when
    present, and ``captured_or_detained``. ``date`` is the most common stated event
    date of the figures, else the published date. ``document_id`` / ``document_ref`` /
    ``published`` fill in what the claims cannot tell (a document with no claims).

    With the document's ``text`` (and its ``title``), only the figures of the
    page's main story count (``claimledger.stories``): a page dump's other
    stories, captions and link lists report other incidents. ``outside_story``
    lists the ids of the figures left out.
    """
    if vague not in VAGUE_CONVENTIONS:
        raise ValueError(f"unknown vague convention {vague!r}: use one of {', '.join(VAGUE_CONVENTIONS)}")
    claims = list(claims)
    figs, outside = _story_figures(claims, text, title)
    by_id = {c.id: c for c in figs if c.id}
    metrics = [m for m in EVENT_METRICS]
    for c in figs:
        if c.metric not in metrics:
            metrics.append(c.metric)
    event_date = _event_day(figs)
    totals: dict[str, Any] = {}
    counted: dict[str, list] = {}
    counted_wounded = False  # a numbered wounded figure, not only details about one person
    kept_by: dict[str, list] = {}
    for m in metrics:
        total, kept, _, _ = _total(figs, {m}, vague, by_id, exclusive_bounds, event_date, text)
        if m == "wounded" and kept_by.get("killed"):
            # "the victim, Diego Rodriguez, suffered a gunshot wound to the chest" in an article about
            # his death: one person, wounded then killed, is killed
            # (each of the dead explains one wound: "both the mother and her daughter suffered
            # gunshot wounds" in an article about the daughter's death leaves the mother wounded)
            free = list(kept_by["killed"])
            gone: set[int] = set()
            for same in (True, False):  # the same word for the person first: "the daughter"
                for c, v in kept:
                    k = None if id(c) in gone else _wound_of_dead(c, v, free, same)
                    if k is not None:
                        free = [x for x in free if x[0] is not k]
                        gone.add(id(c))
            kept = [(c, v) for c, v in kept if id(c) not in gone
                    and (_wound_re().search(c.evidence.text) or not _died(c, v, kept_by["killed"]))]
            total = sum(v for _, v in kept)
        if m == "wounded":
            kept = _drop_details(kept)
            total = sum(v for _, v in kept)
        kept_by[m] = kept
        totals[m] = _num(float(total))
        if m == "wounded":
            # (a condition, "two are in critical condition", does not stand for all the people shot;
            # "four men were hospitalized" does)
            # nor does the rest of a group ("the other three have minor injuries": of five shot)
            counted_wounded = any(not _implicit(c) and not _CONDITION.search(c.evidence.text)
                                  and not _remainder(c) and not _partitive_whole(c) for c, _ in kept)
        if kept:
            counted[m] = [c.id for c, _ in kept]
    for name, group in COMBINED.items():
        total, kept, _, _ = _total(figs, set(group), vague, by_id, exclusive_bounds, event_date, text)
        totals[name] = _num(float(total))
        if kept:
            counted[name] = [c.id for c, _ in kept]
    derived: dict[str, str] = {}
    # people shot and not killed were wounded: "four people were shot, one fatally" (wounded 3),
    # unless the article gives its own wounded figure
    # (a wounded figure of the article's own wins; details about one person, "the boy is in
    # critical condition", do not stand for all the people shot)
    # A person shot "also" or "another" is set apart from the dead the article counts:
    # "Lavontay Allen was killed ... his mother was also shot" (killed 1, wounded 1)
    derived.update(_series_floors(figs, totals, kept_by, derive_wounded, event_date, text))
    if derive_wounded and not counted_wounded:
        # (a shooter who turned the gun on himself is dead, not one of the people he shot)
        selves = sum(v for c, v in kept_by.get("killed", []) if _turned_on_self(c))
        # "three of the four victims were treated": four people were harmed
        harmed = max([totals.get("casualties") or 0] + [_partitive_whole(c) for c in figs if c.metric in _HARM
                                                         and not _background(c) and not _roundup(c, text)])
        shot = harmed - ((totals.get("killed") or 0) - selves)
        others = sum(v for c, v in kept_by.get("casualties", []) if v == 1 and _implicit(c) and _is_new(c))
        if max(shot, others) > (totals.get("wounded") or 0):
            totals["wounded"] = _num(float(max(shot, others)))
            derived["wounded"] = "casualties - killed" if shot >= others else "people also shot"
    date = _most_common_date(figs, claims)
    if date is None and published is not None:
        date = str(published)[:10]
    return {
        "kind": "summary",
        "document_id": document_id or next((c.document_id for c in claims if c.document_id), None),
        "document_ref": document_ref or next((c.document_ref for c in claims if c.document_ref), None),
        "totals": totals,
        "date": date,
        "places": _places(figs, claims),
        "vague": vague,
        "exclusive_bounds": exclusive_bounds,
        "derived": derived,
        "counted": counted,
        "outside_story": [c.id for c in outside],
    }


def explain(claims: Iterable[Claim], metric: str, *, vague: str = "count",
            exclusive_bounds: bool = False, text: Optional[str] = None,
            title: Optional[str] = None) -> dict[str, list]:
    """Why a total is what it is: the claims counted, the restatements dropped,
    the parts not added and the figures outside the page's main story (each as
    ``(evidence text, counted value)``)."""
    claims, outside = _story_figures(list(claims), text, title)
    by_id = {c.id: c for c in claims if c.id}
    group = set(COMBINED.get(metric, (metric,)))
    _, kept, restated, parts = _total(claims, group, vague, by_id, exclusive_bounds, _event_day(claims), text)
    return {
        "counted": [(c.evidence.text, _num(v)) for c, v in kept],
        "restated": [(c.evidence.text, _num(counted_value(c, vague, exclusive_bounds))) for c in restated],
        "parts": [(c.evidence.text, _num(counted_value(c, vague, exclusive_bounds))) for c in parts],
        "outside_story": [(c.evidence.text, _num(counted_value(c, vague, exclusive_bounds)))
                          for c in outside if c.metric in group],
    }
