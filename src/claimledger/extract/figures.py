"""Figures: which numbers are claims about people or things, and what they count.

A number is a figure when the parse ties it to an event word from the metric
vocabulary ("600 soldiers have been killed", "4,700 casualties", "detained
two suspects") or to a countable noun of war reporting ("18,000 troops",
"40 drones"). Years, dates, durations, ordinals, ages, money and percentages
never are. Singular mentions of an event ("killed a Taliban leader") are
figures of one, because a coder counts them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from spacy.tokens import Doc, Token

from .. import vocab
from ..model import Quantity
from .spans import contiguous, subtree_without, tokens_span

NOT_FIGURE_CATEGORIES = {"money", "percent", "year", "date", "time", "duration", "ordinal", "age",
                         "measure", "phone", "address"}
CLAUSE_DROP = {"advcl", "conj", "cc", "punct", "parataxis", "ccomp", "mark", "relcl", "xcomp", "csubj", "npadvmod", "dep"}
PART_PREPS = {"including", "among", "of"}
SUBJECT_KEEP = {"amod", "compound", "nmod", "poss", "case"}


@lru_cache(maxsize=None)
def _metrics():
    m = vocab.load("metrics")
    verbs: dict[str, str] = {}
    nouns: dict[str, str] = {}
    adjs: dict[str, str] = {}
    for metric, spec in m.items():
        if metric == "count":
            continue
        for v in spec.get("verbs") or []:
            verbs.setdefault(v.split()[0], metric)
        for n in spec.get("nouns") or []:
            nouns.setdefault(n, metric)
        for a in spec.get("adjectives") or []:
            adjs.setdefault(a, metric)
    count = set(m["count"]["nouns"])
    intransitive = {"die", "flee", "disappear", "surrender", "perish", "drown"}
    return verbs, nouns, adjs, count, intransitive


@dataclass
class Figure:
    quantity: Quantity
    number: Token  # the head token of the number phrase
    metric: str
    np_head: Token  # the head of the counted noun phrase
    trigger: Token  # the word that gave the metric
    evidence: tuple[int, int]
    subject: Optional[tuple[int, int]]  # span of the counted noun (without the number)
    clause: Optional[Token]  # the verb of the clause, if any
    implicit: bool = False  # a singular mention counted as one
    part_of: Optional["Figure"] = None
    tokens: set[int] = field(default_factory=set)


def quantity_tokens(doc: Doc, q: Quantity) -> list[Token]:
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    return list(span) if span is not None else []


def _phrase_root(toks: list[Token]) -> Token:
    ids = {t.i for t in toks}
    roots = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
    nums = [t for t in roots if t.pos_ in ("NUM", "NOUN", "PRON", "PROPN")]
    return (nums or roots or toks)[-1]


def _np_head(num: Token) -> Token:
    """The noun a number counts: "600 [soldiers]", "thousands of [people]";
    the number itself when it stands alone ("thousands more", "600 were killed")."""
    t = num
    if t.dep_ in ("nummod", "quantmod", "amod", "compound", "det") and t.head.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") and t.head.i > t.i:
        t = t.head
        while t.dep_ == "compound" and t.head.i > t.i and t.head.pos_ in ("NOUN", "PROPN"):
            t = t.head
        return t
    # "thousands of people", "dozens of civilians", "2,000 of them"
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN"):
                    return p
    return t


def _verb_of(head: Token) -> Optional[Token]:
    """The verb whose argument the counted phrase is."""
    t = head
    if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.pos_ in ("VERB", "AUX"):
        return t.head.head
    if t.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "oprd", "appos") and t.head.pos_ in ("VERB", "AUX"):
        return t.head
    if t.dep_ == "conj":
        return _verb_of(t.head) if t.head.i != t.i else None
    return None


def _metric_of(num: Token, head: Token) -> Optional[tuple[str, Token, Optional[Token]]]:
    verbs, nouns, adjs, count, intransitive = _metrics()
    lemma = head.lemma_.lower()
    low = head.lower_
    # 1. the counted noun names the event: "600 deaths", "4,700 casualties", "five dead"
    if head.i != num.i or head.pos_ == "NOUN":
        for w in (low, lemma):
            if w in nouns and not (w in ("body", "suspect") and head.i == num.i):
                return nouns[w], head, _verb_of(head)
    # 2. the counted phrase is an argument of an event verb
    verb = _verb_of(head)
    if verb is not None:
        vl = verb.lemma_.lower()
        passive = any(c.dep_ == "auxpass" for c in verb.children) or verb.tag_ == "VBN"
        role = head.dep_
        if head.dep_ == "conj":
            role = "dobj"
        if vl in verbs:
            if role in ("dobj", "nsubjpass") or (role == "nsubj" and (passive or vl in intransitive)):
                return verbs[vl], verb, verb
            if role == "pobj" and head.head.lower_ in ("at", "to") and vl in ("estimate", "put", "number", "rise", "climb", "reach", "stand"):
                pass
        # "casualties are estimated at 4,700", "the death toll rose to 40"
        if role == "pobj" and head.head.lower_ in ("at", "to"):
            for c in verb.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    for w in (c.lower_, c.lemma_.lower()):
                        if w in nouns:
                            return nouns[w], c, verb
                    if c.lemma_.lower() == "toll":
                        return "killed", c, verb
        # "killed 12", "12 were killed"
        if head.i == num.i and vl in verbs and role in ("dobj", "nsubjpass"):
            return verbs[vl], verb, verb
        # "five were dead", "three are missing"
        if vl == "be":
            for c in verb.children:
                if c.dep_ in ("acomp", "attr") and c.lower_ in adjs:
                    return adjs[c.lower_], c, verb
    # 3. a participle or adjective on the phrase: "two killed in Kandahar", "12 people wounded"
    for c in head.children:
        if c.dep_ in ("acl", "amod", "relcl") and c.i > head.i and (c.lower_ in adjs or c.lemma_.lower() in verbs) and c.tag_ in ("VBN", "JJ", "VBD"):
            key = c.lower_ if c.lower_ in adjs else c.lemma_.lower()
            return (adjs.get(key) or verbs[key]), c, c
    if head.head.i != head.i and head.dep_ in ("nsubj",) and head.head.lower_ in adjs:
        return adjs[head.head.lower_], head.head, head.head
    # 4. a plain count of a countable noun
    if lemma in count or low in count:
        return "count", head, verb
    return None


def _clause_tokens(verb: Token, keep: Token, other_numbers: set[int]) -> list[Token]:
    drop_tokens = set()
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("according", "citing"):
            drop_tokens.add(c.i)
        elif c.dep_ in ("prep", "npadvmod", "advmod", "dobj", "nsubj", "nsubjpass", "attr") and any(t.i in other_numbers for t in c.subtree) and not any(t.i == keep.i for t in c.subtree):
            drop_tokens.add(c.i)
    toks = subtree_without(verb, CLAUSE_DROP, drop_tokens)
    # keep the subordinating word of an adverbial clause: "with thousands more wounded"
    if verb.dep_ == "advcl":
        toks += [c for c in verb.children if c.dep_ == "mark" and c.i < verb.i]
    return contiguous(toks, verb)


def find_figures(doc: Doc, quantities: list[Quantity]) -> list[Figure]:
    figs: list[Figure] = []
    qtoks: list[tuple[Quantity, list[Token]]] = []
    for q in quantities:
        if getattr(q, "category", "count") in NOT_FIGURE_CATEGORIES:
            continue
        toks = quantity_tokens(doc, q)
        if toks:
            qtoks.append((q, toks))
    # first pass: which numbers are figures at all
    cands = []
    for q, toks in qtoks:
        num = _phrase_root(toks)
        if num.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY", "ORDINAL") and q.qualifier != "vague":
            continue
        head = _np_head(num)
        got = _metric_of(num, head)
        if got is not None:
            cands.append((q, toks, num, head) + got)
    fig_numbers = {t.i for c in cands for t in c[1]}
    # second pass: evidence spans that stop at the next figure
    for q, toks, num, head, metric, trigger, verb in cands:
        own = {t.i for t in toks}
        others = fig_numbers - own
        clause = verb
        if head.dep_ == "pobj" and head.head.lower_ in PART_PREPS and head.head.lower_ != "of" and (verb is None or verb.i == head.head.head.i):
            ev_toks = list(head.head.subtree)
        elif verb is not None:
            ev_toks = _clause_tokens(verb, num, others)
        else:
            ev_toks = list(head.subtree) if head.i != num.i else list(num.subtree)
            if trigger.i not in {t.i for t in ev_toks}:
                ev_toks += list(trigger.subtree)
            ev_toks = [t for t in ev_toks if t.i not in others]
        ev = tokens_span(doc, ev_toks + toks)
        if ev is None:
            continue
        subj_head = head
        if head.i == num.i and trigger.pos_ in ("NOUN", "PROPN") and trigger.i != num.i:
            subj_head = trigger  # "casualties are estimated at 4,700": the noun is the subject counted
        figs.append(Figure(q, num, metric, head, trigger, ev, _subject_span(doc, subj_head, num, toks), clause,
                           tokens={t.i for t in ev_toks}))
    _link_parts(figs)
    return figs


def _subject_span(doc: Doc, head: Token, num: Token, qtoks: list[Token]) -> Optional[tuple[int, int]]:
    if head.i == num.i:
        return None
    qids = {t.i for t in qtoks}
    toks = [head] + [t for c in head.children if c.dep_ in SUBJECT_KEEP and c.i < head.i and c.i not in qids for t in c.subtree]
    toks = [t for t in toks if t.i not in qids and t.pos_ != "DET" and t.dep_ not in ("quantmod", "nummod")]
    toks = contiguous(toks, head)
    return tokens_span(doc, toks)


def _link_parts(figs: list[Figure]) -> None:
    """A figure introduced by "including"/"among"/"of whom" is part of the
    figure whose clause it hangs from: "4,700 casualties, including around 600 deaths"."""
    for f in figs:
        h = f.np_head
        if h.dep_ == "pobj" and h.head.lower_ in ("including", "among"):
            anchor = h.head.head
            for g in figs:
                if g is f:
                    continue
                if anchor.i in g.tokens or anchor.i == g.np_head.i or (g.clause is not None and anchor.i == g.clause.i):
                    f.part_of = g
                    break


def implicit_figures(doc: Doc, taken: set[int]) -> list[Figure]:
    """Singular event mentions with no number: "killed a Taliban leader",
    "a civilian was wounded". A coder records each as one."""
    verbs, nouns, adjs, count, intransitive = _metrics()
    event_metrics = {"killed", "wounded", "captured", "detained", "missing"}
    out: list[Figure] = []
    for t in doc:
        if t.pos_ != "VERB" or verbs.get(t.lemma_.lower()) not in event_metrics:
            continue
        passive = any(c.dep_ == "auxpass" for c in t.children)
        for c in t.children:
            if not ((c.dep_ == "dobj" and not passive) or c.dep_ == "nsubjpass"):
                continue
            if c.tag_ not in ("NN", "NNP") or c.i in taken or any(x.i in taken for x in c.subtree):
                continue
            det = next((d for d in c.children if d.dep_ in ("det", "poss")), None)
            if det is None or det.lower_ not in ("a", "an", "the", "one") and det.dep_ != "poss":
                continue
            if c.lemma_.lower() not in count and c.lemma_.lower() not in {"leader", "commander", "facilitator", "member", "suspect", "individual", "bombmaker", "financier", "operative"}:
                continue
            q = Quantity(value=1, low=None, high=None, qualifier="exact", start=det.idx, end=det.idx + len(det.text), text=det.text)
            ev = tokens_span(doc, _clause_tokens(t, c, set()))
            if ev is None:
                continue
            out.append(Figure(q, det, verbs[t.lemma_.lower()], c, t, ev, _subject_span(doc, c, det, [det]), t, implicit=True,
                              tokens={x.i for x in t.subtree}))
    return out
