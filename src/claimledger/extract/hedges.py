"""Hedges: the words that lower a claim's certainty.

A hedge belongs to the clause it modifies, not to the sentence: in "The
elite Storm Corps, reportedly part of the deployment, has allegedly received
orders", "allegedly" hedges the orders and "reportedly" only the membership.
So hedges are read off the governing verb chain of the claim.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from .. import vocab


@lru_cache(maxsize=None)
def _hedges():
    h = vocab.load("hedges")
    return set(h["adverbs"]), set(h["passive_verbs"]), set(h["adjectives"])


def governing_verbs(token: Token, limit: int = 4) -> list[Token]:
    """The verbs above a token up to the clause root (stopping at a cue verb's
    complement boundary is the caller's job)."""
    out = []
    t = token
    for _ in range(limit + 6):
        if t.pos_ in ("VERB", "AUX"):
            out.append(t)
            if len(out) >= limit or t.dep_ in ("ROOT", "ccomp", "advcl", "relcl", "parataxis"):
                break
        if t.head.i == t.i:
            break
        t = t.head
    return out


@lru_cache(maxsize=None)
def epistemic_modals() -> frozenset:
    return frozenset(w.lower() for w in vocab.load("hedges").get("epistemic_modals") or ())


def hedged_past(verb: Token, modal: Token) -> bool:
    """ "may have been killed", "might have sent": a past event the source is
    unsure of. "could have killed her" and "would have" are what did not happen."""
    return modal.lower_ in epistemic_modals() and any(
        c.dep_ == "aux" and c.lemma_ == "have" and c.i > modal.i for c in verb.children)


def hedges_for(anchor: Token, extra: list[Token] = (), modals: bool = False) -> list[str]:
    """Hedge words governing ``anchor`` (a figure's number or a statement's head).
    ``modals``: also "may" in "may have been killed" (figures only: a
    statement's modal is part of what was said)."""
    adverbs, passive, adjectives = _hedges()
    found: list[tuple[int, str]] = []
    scan = list(governing_verbs(anchor)) + list(extra)
    seen: set[int] = set()
    for v in scan:
        if v.i in seen:
            continue
        seen.add(v.i)
        for c in v.children:
            if c.dep_ == "advmod" and c.lower_ in adverbs:
                found.append((c.i, c.lower_))
        if v.lemma_.lower() in passive and any(c.dep_ == "auxpass" for c in v.children):
            found.append((v.i, v.lower_))
        if modals:
            found.extend((c.i, c.lower_) for c in v.children if c.dep_ == "aux" and hedged_past(v, c))
    # "an estimated 30,000", "unconfirmed reports of 40 dead"
    for t in [anchor, anchor.head]:
        for c in t.children:
            if c.dep_ in ("amod", "advmod", "quantmod") and (c.lower_ in adjectives or c.lower_ == "estimated"):
                found.append((c.i, c.lower_))
    out: list[str] = []
    for _, w in sorted(found):
        if w not in out:
            out.append(w)
    return out
