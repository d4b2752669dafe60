"""Headlines in Title Case, read as sentences.

A tagger trained on running text reads "Over 200 Killed In Clashes In
Eastern Congo" as a string of proper nouns: no verb, no figure, no cue.
Headline style capitalises every word; the article beneath it writes the
same words in their own case. So each capitalised word of a Title Case
line is written as the article's body writes it: lower case when the body
has it in lower case more often than capitalised mid-sentence ("killed",
"clashes", "says"), and when the body does not have it, lower case for the
words of claimledger's vocabularies and English function words (a name the
body never repeats keeps its capital). The result has the same length as
the line, so every offset still points into the original text; only the
parse sees it.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .. import vocab

__all__ = ["body_casing", "is_title_case", "sentence_case"]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# at least this many words of 4+ letters, nearly all capitalised, make a Title Case line
_MIN_LONG_WORDS = 3
_TITLE_SHARE = 0.8


def is_title_case(line: str) -> bool:
    """Whether a line is written in headline Title Case."""
    long_words = [w for w in _WORD.findall(line) if len(w) >= 4]
    if len(long_words) < _MIN_LONG_WORDS:
        return False
    capitalised = sum(1 for w in long_words if w[0].isupper() and not w.isupper())
    return capitalised >= _TITLE_SHARE * len(long_words)


@lru_cache(maxsize=None)
def _known_lower() -> frozenset[str]:
    """Words that are ordinary lower-case words whatever the body says: the
    metric, cue and hedge vocabularies and English function words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words: set[str] = {w.lower() for w in STOP_WORDS}
    metrics = vocab.load("metrics") or {}
    for spec in metrics.values():
        if isinstance(spec, dict):
            for key in ("verbs", "nouns", "adjectives"):
                for w in spec.get(key) or ():
                    words.update(str(w).lower().split())
    cues = vocab.load("cues") or {}
    for key in ("verbs", "clause_only", "quote_only"):
        for w in cues.get(key) or ():
            words.update(str(w).lower().split())
    hedges = vocab.load("hedges") or {}
    for key in ("adverbs", "adjectives", "passive_verbs"):
        words.update(str(w).lower() for w in hedges.get(key) or ())
    return frozenset(words)


def _forms(word: str) -> set[str]:
    """The word and the stems an inflection may hide ("Killed" -> kill, "Says" -> say)."""
    w = word.lower()
    out = {w}
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""),
                         ("ing", "e")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            out.add(w[: len(w) - len(suffix)] + repl)
    if len(w) > 4 and w[-3] == w[-4] and w.endswith("ed"):
        out.add(w[:-3])  # "ripped" -> rip
    return out


def body_casing(text: str) -> tuple[Counter, Counter]:
    """How often each word of an article's running text (its lines not in
    Title Case) appears in lower case, and capitalised not at a sentence start."""
    lower: Counter = Counter()
    upper: Counter = Counter()
    for line in text.splitlines():
        if is_title_case(line):
            continue
        for m in _WORD.finditer(line):
            w = m.group()
            if w.islower():
                lower[w] += 1
            elif w[0].isupper() and not w.isupper():
                before = line[max(0, m.start() - 3):m.start()].rstrip(" \t\"“‘'(")
                if before and before[-1] not in ".!?:—–-":
                    upper[w.lower()] += 1
    return lower, upper


def sentence_case(line: str, casing: tuple[Counter, Counter]) -> str:
    """``line`` with its capitalised words written as the body writes them;
    the first word, acronyms and names keep their capitals. Same length."""
    lower, upper = casing
    known = _known_lower()
    out = list(line)
    first = True
    for m in _WORD.finditer(line):
        w = m.group()
        if first:
            first = False
            continue
        if not (w[0].isupper() and not w.isupper()):
            continue
        lw = w.lower()
        if len(lw) != len(w):
            continue
        if lower[lw] > upper[lw] or (lower[lw] == upper[lw] == 0 and not _forms(w).isdisjoint(known)):
            out[m.start():m.end()] = lw
    return "".join(out)
