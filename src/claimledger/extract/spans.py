"""Turning parse-tree pieces into clean character spans.

Every span claimledger emits must satisfy ``text[start:end] == span.text``;
these helpers are the one place where token sets become offsets, trimmed of
edge punctuation and whitespace so the spans read as an analyst would mark them.
"""
from __future__ import annotations

from typing import Iterable, Optional

from spacy.tokens import Doc, Token

EDGE_PUNCT = set(",.;:!?\"'“”‘’()[]—–-")
CLAUSE_DEPS_OUT = {"advcl", "conj", "cc", "punct", "parataxis", "relcl", "appos", "mark", "ccomp", "csubj"}


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins every token on each access."""
    t = doc.user_data.get("claimledger_text")
    if t is None:
        t = doc.text
        doc.user_data["claimledger_text"] = t
    return t


def char_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace and edge punctuation (but keep closing quotes that
    pair with an opening quote inside)."""
    text = doc_text(doc)
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.!?—–-("):
        end -= 1
    return start, end


def tokens_span(doc: Doc, tokens: Iterable[Token]) -> Optional[tuple[int, int]]:
    toks = [t for t in tokens if not t.is_space]
    if not toks:
        return None
    lo = min(toks, key=lambda t: t.i)
    hi = max(toks, key=lambda t: t.i)
    s, e = char_span(doc, lo.idx, hi.idx + len(hi.text))
    return (s, e) if e > s else None


def subtree_without(token: Token, drop_deps: set[str], drop_tokens: set[int] = frozenset()) -> list[Token]:
    """The token's subtree minus children attached by ``drop_deps`` (and their
    subtrees) and minus any subtree rooted at a token in ``drop_tokens``."""
    out: list[Token] = [token]
    stack = [c for c in token.children]
    while stack:
        c = stack.pop()
        if c.i in drop_tokens:
            continue
        if c.head.i == token.i and c.dep_ in drop_deps:
            continue
        out.append(c)
        stack.extend(c.children)
    return out


def contiguous(tokens: list[Token], anchor: Token) -> list[Token]:
    """Keep the run of token indices around ``anchor`` with no gaps, so a span
    never jumps over a dropped clause."""
    idx = sorted({t.i for t in tokens})
    keep = {anchor.i}
    pos = idx.index(anchor.i)
    i = pos
    while i + 1 < len(idx) and idx[i + 1] == idx[i] + 1:
        keep.add(idx[i + 1])
        i += 1
    i = pos
    while i - 1 >= 0 and idx[i - 1] == idx[i] - 1:
        keep.add(idx[i - 1])
        i -= 1
    doc = anchor.doc
    return [doc[j] for j in sorted(keep)]


def sentences(doc: Doc) -> list:
    """The Doc's sentences, computed once: spaCy rebuilds ``doc.sents`` on every access."""
    cached = doc.user_data.get("claimledger_sents")
    if cached is None:
        cached = list(doc.sents)
        doc.user_data["claimledger_sents"] = cached
        doc.user_data["claimledger_sent_starts"] = [s.start for s in cached]
    return cached


def sent_of(token: Token):
    """The sentence holding ``token`` (cheap, unlike ``Token.sent``)."""
    from bisect import bisect_right

    sents = sentences(token.doc)
    starts = token.doc.user_data["claimledger_sent_starts"]
    return sents[bisect_right(starts, token.i) - 1]
