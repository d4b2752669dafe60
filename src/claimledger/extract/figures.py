"""Figures: which numbers are claims about people or things, and what they count.

A number is a figure when the parse ties it to an event word from the metric
vocabulary ("600 soldiers have been killed", "4,700 casualties", "detained
two suspects") or to a countable noun of war reporting ("18,000 troops",
"40 drones"). Years, dates, durations, ordinals, ages, money and percentages
never are. Singular mentions of an event ("killed a Taliban leader", "the
boy was pronounced dead", "the arrest of Taliban leader X") are figures of
one, because a coder counts them.

Rules that keep figures to events that happened to people:

* a number of things is no number of people ("seized multiple grenades");
* what was meant is not what was done ("an operation to detain a leader");
* a figure in someone's record is not the event reported ("responsible for
  an attack that killed four soldiers");
* people shot are casualties, killed or wounded: "four people were shot" is
  no death toll unless a word says so ("shot dead", "fatally shot", "shot
  and killed", "four shot, one fatally").
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace
from typing import Optional

from spacy.tokens import Doc, Token

from .. import vocab
from ..model import Quantity
from .hedges import hedged_past
from .spans import contiguous, subtree_without, tokens_span

NOT_FIGURE_CATEGORIES = {"money", "percent", "year", "date", "time", "duration", "ordinal", "age",
                         "measure", "phone", "address", "other"}
CLAUSE_DROP = {"advcl", "conj", "cc", "punct", "parataxis", "ccomp", "mark", "relcl", "xcomp", "csubj", "npadvmod", "dep"}
PART_PREPS = {"including", "among", "of"}
SUBJECT_KEEP = {"amod", "compound", "nmod", "poss", "case"}
# what a singular mention can count: events that happen to people
IMPLICIT_METRICS = {"killed", "wounded", "casualties", "captured", "detained", "missing"}
# metrics of people: a number of things is never one of them
PEOPLE_METRICS = IMPLICIT_METRICS | {"displaced", "evacuated", "repatriated"}
# top-level keys of metrics.yaml that are word lists, not metrics
LEXICON_KEYS = {"count", "people", "things", "role_nouns", "event_nouns", "life_verbs", "fatal_adverbs",
                "background_heads", "intent_verbs", "injury_verbs", "injury_nouns", "condition_verbs",
                "condition_adjectives", "recover_verbs", "gunfire_nouns", "hit_verbs", "detail_words",
                "weapon_nouns", "discharge_verbs", "body_parts", "hospital_verbs", "hospital_nouns",
                "roundup_events", "roundup_markers", "not_background", "self_turn_verbs",
                "toll_verbs", "toll_carry_verbs", "toll_nouns", "toll_reach_verbs",
                "collective_nouns", "loss_verbs", "loss_people", "member_prepositions", "include_verbs",
                "joint_metrics", "partitive_pronouns"}
SINGULAR_DETS = {"a", "an", "the", "one", "this", "that", "another"}
# auxiliaries of what may happen, not what did: "he would hurt her", "it could have killed her"
MODALS = {"would", "could", "might", "may", "will", "should", "can", "must", "shall", "'d", "wo", "ca"}
# verbs whose clausal complement can be a state of the object: "found him dead", "left one man dead"
STATE_VERBS = {"find", "leave", "discover", "pronounce", "declare", "report", "confirm"}
SINGULAR_PRONOUNS = {"he", "she", "him", "her"}
REFLEXIVES = {"himself", "herself"}
# entity types of names a number can be part of
NAME_ENTS = {"ORG", "FAC", "GPE", "LOC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "NORP"}
# entity types that are never a person, even in a list of names
NOT_PEOPLE_ENTS = {"GPE", "LOC", "FAC", "DATE", "TIME", "NORP", "MONEY", "QUANTITY", "PERCENT", "CARDINAL",
                   "ORDINAL", "LANGUAGE"}


@lru_cache(maxsize=None)
def event_words() -> frozenset:
    """The nouns and adjectives that name an event metric ("dead", "casualties",
    "wounded"), not the plain count's nouns."""
    nouns, adjs = _metrics()[1:3]
    return frozenset(nouns) | frozenset(adjs)


@lru_cache(maxsize=None)
def _metrics():
    m = vocab.load("metrics")
    verbs: dict[str, str] = {}
    nouns: dict[str, str] = {}
    adjs: dict[str, str] = {}
    for metric, spec in m.items():
        if metric in LEXICON_KEYS or not isinstance(spec, dict):
            continue
        for v in spec.get("verbs") or []:
            if " " not in v:
                verbs.setdefault(v, metric)
        for n in spec.get("nouns") or []:
            nouns.setdefault(n, metric)
        for a in spec.get("adjectives") or []:
            adjs.setdefault(a, metric)
    count = set(m["count"]["nouns"])
    # ("pass" counts only as "pass away", a phrasal verb of metrics.yaml)
    intransitive = {"die", "flee", "disappear", "surrender", "perish", "drown", "succumb", "pass"}
    return verbs, nouns, adjs, count, intransitive


@lru_cache(maxsize=None)
def _lex() -> SimpleNamespace:
    """The word lists of metrics.yaml beyond the metric vocabulary."""
    m = vocab.load("metrics")
    phrasal: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for metric, spec in m.items():
        if metric in LEXICON_KEYS or not isinstance(spec, dict):
            continue
        for v in spec.get("verbs") or []:
            if " " in v:
                first, *rest = v.split()
                phrasal.setdefault(first, []).append((tuple(rest), metric))
    event_nouns = {}
    for metric, words in (m.get("event_nouns") or {}).items():
        for w in words:
            event_nouns.setdefault(w, metric)
    people = set(m.get("people") or [])
    things = set(m.get("things") or [])
    return SimpleNamespace(
        phrasal=phrasal, people=people, things=things, event_nouns=event_nouns,
        role=set(m.get("role_nouns") or []), life=set(m.get("life_verbs") or []),
        fatal=set(m.get("fatal_adverbs") or []), background=set(m.get("background_heads") or []),
        intent=set(m.get("intent_verbs") or []),
        injury_verbs=set(m.get("injury_verbs") or []), injury_nouns=set(m.get("injury_nouns") or []),
        condition_verbs=set(m.get("condition_verbs") or []), condition=set(m.get("condition_adjectives") or []),
        recover=set(m.get("recover_verbs") or []), gunfire=set(m.get("gunfire_nouns") or []),
        hit=set(m.get("hit_verbs") or []), weapons=set(m.get("weapon_nouns") or []),
        discharge=set(m.get("discharge_verbs") or []), body=set(m.get("body_parts") or []),
        hospital_verbs=set(m.get("hospital_verbs") or []), hospital=set(m.get("hospital_nouns") or []),
        not_background={w.lower() for w in m.get("not_background") or []},
        self_turn=set(m.get("self_turn_verbs") or []),
        toll_verbs=set(m.get("toll_verbs") or []), toll_carry=set(m.get("toll_carry_verbs") or []),
        toll_nouns=set(m.get("toll_nouns") or []), collective=set(m.get("collective_nouns") or []),
        loss_verbs=set(m.get("loss_verbs") or []), loss_people=set(m.get("loss_people") or []),
        member_preps=set(m.get("member_prepositions") or []), include_verbs=set(m.get("include_verbs") or []),
        toll_reach=dict(m.get("toll_reach_verbs") or {}),
        partitive=set(m.get("partitive_pronouns") or []),
        joint={frozenset(pair): metric for pair, metric in (m.get("joint_metrics") or [])},
    )


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
    # the tokens of the counted phrase (number and noun): what a singular mention may not reuse
    phrase: set[int] = field(default_factory=set)
    # the argument of the clause the counted phrase belongs to (its coordination's head)
    arg: Optional[Token] = None


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


def _role_token(num: Token, head: Token, qids: set[int]) -> Token:
    """The token whose place in the clause is the counted phrase's: the
    quantity in "several of the insurgents", "a number of insurgents", the
    collective noun in "a total of 30 people", "the bodies of 12 men"."""
    if head.i != num.i and head.dep_ == "pobj" and head.head.lower_ == "of":
        owner = head.head.head
        if owner.i in qids or owner.i == num.i:
            return owner
        if owner.pos_ == "NOUN" and owner.lemma_.lower() in _lex().collective:
            return owner  # "a total of 30 people were killed", "the bodies of 12 men were found"
    return head


def _companion_anchor(t: Token) -> Optional[Token]:
    """What "along with X" / "together with X" joins X to: "detained the leader
    along with three of his associates"."""
    if t.dep_ == "pobj" and t.head.lower_ == "with" and t.head.head.lower_ in ("along", "together") \
            and t.head.head.i != t.head.i:
        along = t.head.head
        a = along.head
        # "detained a leader who operated in X, along with one suspected insurgent": a comma
        # closes the relative clause, so the companion joins the clause's noun, not its verb
        if _closes_relative(a, along):
            return a.head
        return a
    # "were killed along with several other insurgents": "along" on the verb itself
    if t.dep_ == "pobj" and t.head.lower_ == "with" and t.head.head.pos_ in ("VERB", "AUX") and any(
            c.dep_ == "advmod" and c.lower_ in ("along", "together") for c in t.head.head.children):
        return t.head.head
    return None


def _closes_relative(verb: Token, along: Token) -> bool:
    """Whether "along with" hangs on a relative clause's verb after a comma that
    closes the clause: "a leader who operated in X, along with two others"."""
    if verb.dep_ != "relcl" or verb.head.i == verb.i or verb.head.pos_ not in ("NOUN", "PROPN"):
        return False
    prev = verb.doc[along.i - 1] if along.i > 0 else None
    return prev is not None and prev.text == "," and prev.i > verb.i


def _object_conjunct(t: Token) -> bool:
    """A counted phrase the parser joined to a verb instead of its object: "detained
    the commander and [two of his associates]" (not "six others injured", which has a verb of its own)."""
    return (t.dep_ == "conj" and t.head.pos_ in ("VERB", "AUX") and t.pos_ == "NUM"
            and not any(c.dep_ in ("acl", "amod", "relcl", "nsubj", "nsubjpass") for c in t.children))


def _verb_of(head: Token, depth: int = 0) -> Optional[Token]:
    """The verb whose argument the counted phrase is."""
    if depth > 6:
        return None
    t = head
    if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.pos_ in ("VERB", "AUX"):
        return t.head.head
    if t.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "oprd", "appos") and t.head.pos_ in ("VERB", "AUX"):
        return t.head
    if t.dep_ in ("conj", "appos"):
        if _object_conjunct(t):
            return t.head  # "detained the commander and two of his associates", misread as two verbs' conjunct
        return _verb_of(t.head, depth + 1) if t.head.i != t.i else None
    a = _companion_anchor(t)
    if a is not None:
        return a if a.pos_ in ("VERB", "AUX") else _verb_of(a, depth + 1)
    return None


def _arg_dep(t: Token) -> str:
    """The grammatical role of a counted phrase, through coordination and
    "along with": the conjuncts of an object are objects."""
    for _ in range(8):
        if t.dep_ in ("conj", "appos") and t.head.i != t.i:
            if _object_conjunct(t):
                return "nsubjpass" if _passive(t.head) else "dobj"
            t = t.head
            continue
        a = _companion_anchor(t)
        if a is not None:
            if a.pos_ in ("VERB", "AUX"):
                return "nsubjpass" if _passive(a) else "dobj"
            t = a
            continue
        return t.dep_
    return t.dep_


def _arg_top(t: Token) -> Token:
    """The head of the coordination a phrase belongs to (the clause's argument)."""
    for _ in range(8):
        if (t.dep_ == "conj" or (t.dep_ == "appos" and t.pos_ != "NUM" and not any(
                c.dep_ == "nummod" for c in t.children))) and t.head.i != t.i:
            if _object_conjunct(t):
                obj = next((c for c in t.head.children if c.dep_ in ("dobj", "nsubjpass")), None)
                return obj if obj is not None else t
            t = t.head
            continue
        a = _companion_anchor(t)
        if a is not None:
            if a.pos_ in ("VERB", "AUX"):  # "detained X along with Y": Y joins the verb's object
                obj = next((c for c in a.children if c.dep_ in ("dobj", "nsubjpass")), None)
                return obj if obj is not None else t
            t = a
            continue
        return t
    return t


def _passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children) or verb.tag_ == "VBN"


def _has_words(verb: Token, words: tuple[str, ...]) -> bool:
    """Whether a verb's other words stand around it: "shot [dead]", "taken
    [into custody]", "gunned [down]"."""
    near = set()
    for c in verb.children:
        near.add(c.lower_)
        if c.dep_ in ("prep", "agent"):
            near.update(g.lower_ for g in c.children)
    return all(w in near for w in words)


def _verb_metric(verb: Token) -> Optional[str]:
    """The metric an event verb gives its arguments, read with the event words
    coordinated with it ("killed or wounded" counts casualties; ``MIXED`` for
    "killed or missing")."""
    return _joint(verb, _event_metric(verb), _word_metric)


def _word_metric(w: Token) -> Optional[str]:
    if w.pos_ == "VERB":
        return _event_metric(w)
    if w.pos_ == "ADJ":
        return _metrics()[2].get(w.lower_)
    return None


def _event_metric(verb: Token) -> Optional[str]:
    """The metric an event verb gives its arguments, with the words that
    change it: "shot dead", "fatally shot" and "shot and killed" are killings."""
    verbs = _metrics()[0]
    lex = _lex()
    lemma = verb.lemma_.lower()
    for words, metric in lex.phrasal.get(lemma, ()):
        if _has_words(verb, words):
            return metric
    m = verbs.get(lemma)
    if m in ("wounded", "casualties"):
        for c in verb.children:
            if c.dep_ == "advmod" and c.lower_ in lex.fatal:
                return "killed"
            # "was shot and killed": the conjoined verb shares the argument
            if c.dep_ == "conj" and c.pos_ == "VERB" and verbs.get(c.lemma_.lower()) == "killed" \
                    and not any(g.dep_ in ("dobj", "nsubjpass", "nsubj") for g in c.children):
                return "killed"
    return m


# what a disjunction of events of no common metric counts: no figure at all
MIXED = "mixed"


def _event_list(tok: Token) -> list[Token]:
    """The event words coordinated with ``tok``, with the list the parser
    breaks at a comma: "killed, wounded or missing" (the second read as an
    adverbial clause that has a conjunct of its own)."""
    words = list(tok.conjuncts)
    for c in tok.children:
        if c.dep_ == "advcl" and c.tag_ == "VBN" and c.i == tok.i + 2 and tok.doc[tok.i + 1].lower_ == "," \
                and any(x.dep_ == "cc" for x in c.children) and not any(
                    x.dep_ in ("mark", "nsubj", "nsubjpass", "dobj") for x in c.children):
            words += [c, *c.conjuncts]
    return [w for w in dict.fromkeys(words) if w.i != tok.i]


def _joint(tok: Token, metric: Optional[str], lookup) -> Optional[str]:
    """The metric of an event word joined to others: "killed or wounded", and
    "killed and wounded" sharing one argument, count casualties, since the
    figure does not say how many of each ("shot and killed" says which);
    "dead or missing" has no metric in common and gives ``MIXED``. ``lookup`` gives a coordinated word's metric.
    A word with an argument or number of its own between ("15 were killed and
    40 wounded or missing") states its own figure."""
    if metric is None:
        return None
    joint = _lex().joint
    doc = tok.doc
    out = metric
    for other in _event_list(tok):
        om = lookup(other)
        if om is None or om == metric:
            continue
        lo, hi = sorted((tok.i, other.i))
        between = doc[lo + 1:hi]
        if any(t.pos_ == "NUM" or t.dep_ in ("nsubj", "nsubjpass", "dobj", "npadvmod") for t in between) \
                or (other.i > tok.i and any(c.pos_ == "NUM" or c.dep_ in ("dobj", "nsubj", "nsubjpass")
                                            for c in other.children)):
            continue
        has_or = any(t.dep_ == "cc" and t.lower_ == "or" for t in between) or (
            other.i > tok.i and any(c.dep_ == "cc" and c.lower_ == "or" for c in other.children))
        pair = frozenset((out, om))
        if not has_or:
            if pair not in joint:
                continue
            # "shot and killed": "and" with the wider word of the pair says the narrower one
            out = om if out == joint[pair] else out if om == joint[pair] else joint[pair]
            continue
        out = joint.get(pair, MIXED)
        if out == MIXED:
            return MIXED
    return out


def _state_metric(verb: Token) -> Optional[tuple[str, bool]]:
    """Harm a verb reports without naming it as an event: (metric, whether its
    subject is who was harmed). "suffered gunshot wounds", "was treated for
    injuries", "walked in with gunshot wounds", "remains in critical condition",
    "is recovering" (the subject, wounded); "struck by bullets", "a stray round
    hit the boy" (the object, a casualty)."""
    lex = _lex()
    lemma = verb.lemma_.lower()
    if lemma in lex.recover:
        # ("pills were recovered", "police recovered a gun": what was found, not who heals)
        if any(c.dep_ in ("auxpass", "nsubjpass", "dobj") for c in verb.children):
            return None
        return "wounded", True
    for c in verb.children:
        if c.dep_ == "dobj" and c.lemma_.lower() in lex.injury_nouns and lemma in lex.injury_verbs:
            return "wounded", True
        if c.dep_ == "prep" and c.lower_ in ("for", "from", "with", "in"):
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                pl = p.lemma_.lower()
                if pl in lex.injury_nouns and (c.lower_ == "with" or lemma in lex.injury_verbs):
                    return "wounded", True
                if pl == "condition" and c.lower_ == "in" and lemma in lex.condition_verbs and any(
                        a.lower_ in lex.condition for a in p.children if a.dep_ in ("amod", "compound")):
                    return "wounded", True
        if lemma in lex.hit and (
                (c.dep_ == "nsubj" and _fired(c, verb))
                or (c.dep_ == "agent" and any(p.lemma_.lower() in lex.gunfire | lex.weapons for p in c.children))
                # "struck by what may have been celebratory gunfire"
                or (c.dep_ == "agent" and any(p.dep_ == "pcomp" and any(
                    a.lemma_.lower() in lex.gunfire for a in p.subtree if a.dep_ in ("attr", "xcomp", "dobj", "pobj")
                    and a.head.pos_ in ("VERB", "AUX", "ADP")) for p in c.children))):
            return "casualties", False
    # "was taken to the hospital", "the shooting sent a boy to a local hospital", "was
    # hospitalized": the person moved there (the object, or the passive's subject) was hurt
    if lemma in lex.hospital_verbs and not _died_there(verb) and (lemma == "hospitalize" and _passive(verb) or any(
            c.dep_ == "prep" and c.lower_ in ("to", "at", "into") and any(
                p.dep_ == "pobj" and p.lemma_.lower() in lex.hospital for p in c.children)
            for c in verb.children)):
        return "casualties", False
    # "the gun discharged and struck a juvenile": the subject a conjoined hit verb shares
    if lemma in lex.hit and verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) \
            and any(c.dep_ == "dobj" for c in verb.children):
        if any(c.dep_ == "nsubj" and _fired(c, verb) for c in verb.head.children):
            return "casualties", False
    # "the child was hit in the leg", "she was struck in the shoulder": a hit on the body of
    # the person the passive's subject names (nothing else in a clause of "shot" is hit there)
    if lemma in lex.hit and any(c.dep_ == "auxpass" for c in verb.children):
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ == "in":
                if any(p.dep_ == "pobj" and p.lemma_.lower() in lex.body for p in c.children):
                    return "casualties", False
    return None


def _died_there(verb: Token) -> bool:
    """"was taken to the hospital, where he died": a death, which its own words count."""
    adjs = _metrics()[2]
    return any(t.i != verb.i and (t.lemma_.lower() in ("die", "succumb") or (t.lower_ in adjs and adjs[t.lower_] == "killed"))
               for t in verb.subtree)


def _fired(subj: Token, verb: Token) -> bool:
    """Whether the subject of a hit verb is what a gun fires or the gun itself: "a
    stray bullet hit the boy", "the gun discharged and struck a juvenile", "it went
    off, striking him"."""
    lex = _lex()
    lemma = subj.lemma_.lower()
    if lemma in lex.gunfire or lemma in lex.weapons:
        return True
    if subj.lower_ == "it":
        # "it" stands for the weapon only beside a verb of a gun going off
        near = [verb.head] if verb.dep_ in ("conj", "advcl") else []
        near += [c for c in verb.children if c.dep_ in ("conj", "advcl")]
        return any(v.lemma_.lower() in lex.discharge and v.pos_ == "VERB" for v in near)
    return False


def _adj_metric(verb: Token) -> Optional[tuple[str, Token]]:
    """A predicate adjective of a metric: "five were [dead]", "left one man
    [dead]", "was pronounced [dead]", "found him [dead]"."""
    adjs = _metrics()[2]
    for c in verb.children:
        if c.lower_ not in adjs or c.pos_ not in ("ADJ", "VERB") or _brain_dead(c):
            continue
        # ("pronounced the driver dead": the parser often hangs the adjective as an adverbial clause)
        if c.dep_ in ("acomp", "oprd", "attr") or (c.dep_ in ("ccomp", "advmod", "advcl")
                                                   and verb.lemma_.lower() in STATE_VERBS):
            return _joint(c, adjs[c.lower_], _word_metric), c
    return None


def _brain_dead(adj: Token) -> bool:
    """"declared brain dead": alive on life support, not a death."""
    return adj.i > 0 and adj.doc[adj.i - 1].lower_ == "brain"


def _unreal(verb: Optional[Token]) -> bool:
    """A negated or modal event did not happen: "were not injured", "he would
    hurt her", "it could have killed her"."""
    v = verb
    for _ in range(2):
        if v is None:
            return False
        for c in v.children:
            if c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in MODALS and not hedged_past(v, c)):
                return True
        if v.dep_ == "conj" and v.head.i != v.i:
            v = v.head  # "would hurt her or her son"
            continue
        return False
    return False


def _counts_arg(dep: str, verb: Token, metric: str, subject: bool = False) -> bool:
    """Whether an argument in role ``dep`` of ``verb`` is who the event happened to."""
    intransitive = _metrics()[4]
    if dep in ("dobj", "nsubjpass"):
        return not subject or dep == "nsubjpass"
    return dep == "nsubj" and (subject or _passive(verb) or verb.lemma_.lower() in intransitive
                               or _small_clause(verb))


def _small_clause(verb: Token) -> bool:
    """A participle whose subject is what it happened to, in the clause of "leave"
    or "find": "left a boy critically injured" (read as a past tense with a subject)."""
    return verb.tag_ in ("VBD", "VBN") and verb.dep_ in ("ccomp", "xcomp", "oprd") \
        and verb.head.lemma_.lower() in ("leave", "find")


def _metric_of(num: Token, head: Token, role: Optional[Token] = None) -> Optional[tuple[str, Token, Optional[Token]]]:
    verbs, nouns, adjs, count, intransitive = _metrics()
    lex = _lex()
    role = role if role is not None else head
    lemma = head.lemma_.lower()
    low = head.lower_
    # 0. "four people were shot, one fatally"
    if any(c.dep_ == "advmod" and c.lower_ in lex.fatal for c in num.children):
        return "killed", num, num.head if num.head.pos_ in ("VERB", "AUX") else None
    verb = _verb_of(role)
    dep = _arg_dep(role)
    vm = _verb_metric(verb) if verb is not None else None
    if vm == MIXED:
        return None
    subject = False
    if verb is not None and vm is None:
        got = _state_metric(verb)
        if got is not None:
            vm, subject = got
    if verb is not None and vm is None and dep == "dobj":
        # "police confirmed two girls were killed": a complement clause with no "that", read as
        # an object and a passive verb of its own with no subject
        nxt = next((c for c in verb.children if c.dep_ == "conj" and c.i > role.i and c.pos_ == "VERB"
                    and any(x.dep_ == "auxpass" for x in c.children)
                    and not any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children)), None)
        if nxt is not None and _verb_metric(nxt) is not None:
            verb, vm, dep = nxt, _verb_metric(nxt), "nsubjpass"
    if verb is not None and vm is None and dep == "nsubjpass":
        # "two insurgents were believed killed", "a commander was confirmed killed"
        for c in verb.children:
            if c.dep_ in ("xcomp", "oprd") and c.tag_ == "VBN" and _verb_metric(c) is not None:
                verb, vm = c, _verb_metric(c)
                break
    # the collective noun names the event: "the bodies of 12 men" (found, recovered, buried)
    if role.i != head.i and role.i != num.i and role.lemma_.lower() in nouns and role.lemma_.lower() in lex.collective:
        return nouns[role.lemma_.lower()], role, verb
    # 1. the counted noun names the event: "600 deaths", "4,700 casualties", "five dead"
    if head.i != num.i or head.pos_ == "NOUN":
        for w in (low, lemma):
            if w in nouns and not (w == "body" and head.i == num.i):
                # "ten hostages freed", "two suspects were killed": the verb says what happened
                if w in lex.role and vm is not None and vm != nouns[w] and _counts_arg(dep, verb, vm, subject):
                    return vm, verb, verb
                if w in lex.role:
                    part = next((c for c in head.children if c.dep_ in ("acl", "amod") and c.i > head.i
                                 and c.tag_ == "VBN" and _verb_metric(c) not in (None, nouns[w], MIXED)), None)
                    if part is not None:
                        return _verb_metric(part), part, part
                    # "two women and one juvenile victim suffering from gunshot wounds": the
                    # participle after a coordination says what happened to every conjunct
                    for c in _shared_participles(head):
                        got = _state_metric(c) if c.tag_ == "VBG" else None
                        if got is not None and got[1] and got[0] != nouns[w]:
                            return got[0], c, c
                return nouns[w], head, verb
    # "two of the dead were children", "three of those injured": the group the number is
    # taken from names the event (the parser leaves an adjective group off the noun head)
    if head.i == num.i:
        for p in (p for c in num.children if c.dep_ == "prep" and c.lower_ in lex.member_preps
                  for p in c.children if p.dep_ == "pobj" and p.pos_ in ("ADJ", "PRON", "DET")):
            m = _group_metric(p)
            if m is not None:
                return m, p, verb
    # "the killing of two men", "the deaths of three children"
    if role.dep_ == "pobj" and role.head.lower_ == "of" and role.head.head.lemma_.lower() in lex.event_nouns \
            and role.head.head.pos_ == "NOUN":
        en = role.head.head
        if _attempted(en):
            return None
        return lex.event_nouns[en.lemma_.lower()], en, _verb_of(en)
    # "estimate Russian losses at 200,000": the parser hangs "at" on the object, not the verb
    if verb is None and dep == "pobj" and role.head.lower_ == "at" and role.head.head.dep_ == "dobj" \
            and role.head.head.head.lemma_.lower() in lex.toll_carry:
        m = _toll_metric(role.head.head)
        if m is not None:
            return m, role.head.head, role.head.head.head
    # 2. the counted phrase is an argument of an event verb: "killed 12", "12 were killed"
    if verb is not None:
        if vm is not None and _counts_arg(dep, verb, vm, subject) and not (
                verb.lemma_.lower() in lex.loss_verbs and lemma not in lex.loss_people and low not in lex.loss_people):
            return vm, verb, verb  # (forces lost are casualties; "lost 3 tanks", "lost his parents" are not)
        # "casualties are estimated at 4,700", "the death toll rose to 40" (not "found ... at 37 N. 630 West")
        # "the number of refugees has risen to 1.2 million", "bringing the death toll to 54"
        vl = verb.lemma_.lower()
        if (dep == "pobj" and role.head.lower_ in ("at", "to") and (vl in lex.toll_verbs or vl in lex.toll_carry)) \
                or (dep == "dobj" and vl in lex.toll_reach):
            for c in verb.children:
                if c.dep_ in ("nsubj", "nsubjpass") or (c.dep_ == "dobj" and vl in lex.toll_carry and dep == "pobj"):
                    m = _toll_metric(c)
                    if m is not None:
                        return m, c, verb
        got = _carried_toll(role, dep)
        if got is not None:
            return got
        got = _member_metric(verb, dep)
        if got is not None:
            return got[0], got[1], verb
        # "five were dead", "left one man dead", "was pronounced dead"
        if dep in ("nsubj", "nsubjpass", "dobj"):
            got = _adj_metric(verb)
            if got is not None:
                return (got[0], got[1], verb) if got[0] != MIXED else None
    # 3. a participle or adjective on the phrase: "two killed in Kandahar", "12 people wounded";
    # one after a coordination is every conjunct's ("left three men and three women injured")
    for c in [*head.children, *_shared_participles(head)]:
        if c.dep_ in ("acl", "amod", "relcl") and c.i > head.i and c.tag_ in ("VBN", "JJ", "VBD") \
                and (c.dep_ != "relcl" or _relative_subject(c)):
            cm = _joint(c, adjs[c.lower_], _word_metric) if c.lower_ in adjs else \
                _verb_metric(c) if c.pos_ in ("VERB", "AUX", "ADJ") else None
            if cm == MIXED:
                return None
            if cm is not None:
                return cm, c, c
        if c.dep_ == "acl" and c.i > head.i and c.tag_ == "VBG":
            got = _state_metric(c)  # "four victims suffering from gunshot wounds"
            if got is not None and got[1]:
                return got[0], c, c
    if head.head.i != head.i and head.dep_ in ("nsubj",) and head.head.lower_ in adjs:
        return adjs[head.head.lower_], head.head, head.head
    # 4. a plain count of a countable noun
    if lemma in count or low in count:
        return "count", head, verb
    return None


def _shared_participles(head: Token) -> list[Token]:
    """Participles after a coordination that ``head`` is in, hung on another
    conjunct (the parser hangs them on the first conjunct or the last)."""
    last = max([head, *head.conjuncts], key=lambda x: x.i)
    return [ch for x in head.conjuncts if x.i != head.i for ch in x.children
            if ch.dep_ in ("acl", "amod") and ch.i > last.i]


def _bound_by_verb(q: Quantity, num: Token, verb: Optional[Token]) -> Quantity:
    """The bound a verb puts on the number it takes as object: "the toll
    topped 100" is at least 100, "neared 100" at most 100."""
    if verb is None or q.qualifier != "exact" or q.value is None or num.head.i != verb.i or num.dep_ != "dobj":
        return q
    bound = _lex().toll_reach.get(verb.lemma_.lower())
    if bound == "at_least":
        return dataclasses.replace(q, qualifier="at_least", low=q.value)
    if bound == "at_most":
        return dataclasses.replace(q, qualifier="at_most", high=q.value)
    return q


def _carried_toll(role: Token, dep: str) -> Optional[tuple[str, Token, Token]]:
    """"Bringing the toll since the offensive began to 400", "bringing the number
    of soldiers killed since October to 400": the parser hangs "to 400" on a
    word inside the toll's phrase; the toll is the object of the verb that
    carries it there."""
    if dep != "pobj" or role.head.lower_ != "to":
        return None
    lex = _lex()
    t = role.head.head
    for _ in range(4):
        if t.head.i == t.i:
            return None
        t = t.head
        if t.pos_ == "VERB" and t.lemma_.lower() in lex.toll_carry:
            obj = next((c for c in t.children if c.dep_ == "dobj" and c.i < role.i), None)
            m = _toll_metric(obj) if obj is not None else None
            return (m, obj, t) if m is not None else None
    return None


@lru_cache(maxsize=None)
def _weak_words() -> frozenset:
    words = vocab.load("vague").get("words") or {}
    return frozenset(w for w, spec in words.items() if isinstance(spec, dict) and spec.get("weak"))


def _weak_vague(q: Quantity) -> bool:
    """A weak vague word ("many", "some", "multiple"): a plain count of it says
    too little to record."""
    return " ".join(q.text.lower().split()) in _weak_words()


def _toll_number(q: Quantity, num: Token) -> bool:
    """The number a toll is put at, which the tagger may take for a date or
    time: "the toll was revised up to 47" (a count category from the number
    reader, a toll noun in the clause)."""
    if q.category != "count" or num.dep_ != "pobj" or num.head.lower_ not in ("to", "at"):
        return False
    verb = num.head.head
    lex = _lex()
    if verb.lemma_.lower() not in lex.toll_verbs | lex.toll_carry:
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and _toll_metric(c) is not None for c in verb.children)


def _particle_not_bound(q: Quantity, toks: list[Token]) -> tuple[Quantity, list[Token]]:
    """"Up to" whose "up" is the particle of a verb says where a figure went,
    not a bound on it: "the toll was revised up to 47" is 47 (the parse tells
    it from "killed up to 50 people", where "up to" qualifies the number)."""
    if q.qualifier != "at_most" or len(toks) < 3 or toks[0].dep_ != "prt" or toks[0].head.pos_ != "VERB" \
            or toks[1].lower_ != "to":
        return q, toks
    rest = toks[2:]
    text = q.text[rest[0].idx - toks[0].idx:]
    return dataclasses.replace(q, qualifier="exact", value=q.high if q.value is None else q.value, low=None,
                               high=None, start=q.start + (rest[0].idx - toks[0].idx), text=text, cue=None), rest


def _toll_metric(noun: Token) -> Optional[str]:
    """What a toll counts: "casualties", "the death toll", and through "of",
    "the number of refugees", "the total number of people killed", "the
    tally of dead" (a number of people with nothing done to them is no toll)."""
    nouns = _metrics()[1]
    lex = _lex()
    for w in (noun.lower_, noun.lemma_.lower()):
        if w in nouns:
            return nouns[w]
    if noun.lemma_.lower() == "toll":
        return "killed"
    if noun.lemma_.lower() not in lex.toll_nouns:
        return None
    for p in (p for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
              for p in prep.children if p.dep_ == "pobj"):
        m = _group_metric(p)
        if m is not None:
            return m
    return _group_metric(noun)  # "the total killed", "the number wounded"


def _group_metric(group: Token) -> Optional[str]:
    """What happened to a group named by it: "the dead", "the injured",
    "casualties", "those killed", "people wounded"."""
    nouns, adjs = _metrics()[1], _metrics()[2]
    for w in (group.lower_, group.lemma_.lower()):
        if w in nouns:
            return nouns[w]
        if w in adjs:
            return adjs[w]
    for c in group.children:
        if c.dep_ in ("acl", "amod") and c.tag_ in ("VBN", "JJ"):
            m = _joint(c, adjs[c.lower_], _word_metric) if c.lower_ in adjs else \
                _verb_metric(c) if c.pos_ in ("VERB", "AUX", "ADJ") else None
            if m is not None:
                return m if m != MIXED else None
    return None


def _member_metric(verb: Token, dep: str) -> Optional[tuple[str, Token]]:
    """A count of members of a group something happened to: "eight rescuers
    were among the injured", "among the dead were 12 children", "of the
    dead, 30 were civilians", "the dead included four women"."""
    lex = _lex()
    vl = verb.lemma_.lower()
    if vl == "be" and dep in ("nsubj", "attr"):
        for p in (p for c in verb.children if c.dep_ == "prep" and c.lower_ in lex.member_preps
                  for p in c.children if p.dep_ == "pobj"):
            m = _group_metric(p)
            if m is not None:
                return m, p
    if vl in lex.include_verbs and dep == "dobj":
        for c in verb.children:
            if c.dep_ == "nsubj":
                m = _group_metric(c)
                if m is not None:
                    return m, c
    return None


def _attempted(noun: Token) -> bool:
    """An event noun of what was tried, not done: "the attempted assassination of ..."."""
    return any(c.dep_ in ("amod", "compound") and c.lower_ in ("attempted", "failed", "foiled", "planned", "thwarted")
               for c in noun.children)


def _relative_subject(rel: Token) -> bool:
    """Whether the head noun of a relative clause is who its event happened to:
    "four men who were shot", not "a call that a child had shot himself"."""
    for c in rel.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return c.tag_ in ("WDT", "WP") or c.lower_ == "that"
    return True


def _intended(verb: Optional[Token]) -> bool:
    """What was meant, not done: "an operation to detain a leader", "in an
    attempt to capture", "planned to kill"."""
    v = verb
    for _ in range(4):
        if v is None:
            return False
        if any(c.dep_ == "aux" and c.tag_ == "TO" for c in v.children):
            if v.dep_ in ("acl", "advcl", "relcl"):
                return True
            return v.dep_ == "xcomp" and v.head.lemma_.lower() in _lex().intent
        if v.dep_ == "conj" and v.head.i != v.i:
            v = v.head  # "to capture or kill"
            continue
        return False
    return False


def _idiom(t: Token) -> bool:
    """A background word in a set phrase that says nothing of a record: "behind bars"."""
    idioms = _lex().not_background
    return any(f"{t.lower_} {c.lower_}" in idioms for c in t.children if c.dep_ == "pobj")


def _in_record(tok: Optional[Token]) -> bool:
    """A figure in someone's record, not the event reported: "responsible for
    an attack that killed four soldiers", "involved in the deaths of several
    civilians"."""
    heads = _lex().background
    t = tok
    for _ in range(7):
        if t is None or t.head.i == t.i:
            return False
        t = t.head
        if (t.lemma_.lower() in heads or t.lower_ in heads) and not _idiom(t):
            return True
    return False


def _period(verb: Optional[Token]) -> Optional[tuple[int, int]]:
    """The span of a "since ..." phrase on a clause: the figure is a running total."""
    if verb is None:
        return None
    for c in verb.children:
        if c.lower_ == "since" and c.dep_ in ("prep", "mark"):
            return tokens_span(verb.doc, list(c.subtree))
        # "have been killed since the war began": a clause of "since"
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "since" for m in c.children):
            return tokens_span(verb.doc, list(c.subtree))
    return None


_AGE_AFTER = re.compile(r"\s*(?:y/o|y\.o\.|yo|yrs?\.? old)\b", re.IGNORECASE)


_AGE_NEXT = re.compile(r"\d{1,3}[- ]?(?:year|month|week|day)s?[- ]old\b", re.IGNORECASE)


def _name_is_the_number(num: Token, toks: list[Token]) -> bool:
    """A "name" that is only the number phrase is a capitalised number the
    tagger mistook for one: sentence-initial "Millions have fled" (ORG)."""
    ids = {t.i for t in toks}
    ent = next((e for e in num.doc.ents if e.start <= num.i < e.end), None)
    return ent is not None and all(t.i in ids for t in ent)


def _counts_people_or_things(q: Quantity, num: Token) -> bool:
    """The number reader's count of a noun outranks the tagger's date: a
    sentence-initial "Between 50 and 70 fighters" is tagged DATE."""
    return q.category == "count" and q.unit is not None and num.dep_ == "nummod" and num.head.pos_ == "NOUN"


def _before_age(num: Token) -> bool:
    """A count just before an age, which the tagger took into the age's date: "[Three
    28-year-old] men were wounded"."""
    doc = num.doc
    return num.i + 1 < len(doc) and doc[num.i + 1].idx == num.idx + len(num.text) + 1 \
        and _AGE_NEXT.match(doc.text, doc[num.i + 1].idx) is not None


def _model_number(doc_txt: str, q: Quantity) -> bool:
    """A number glued to letters by a hyphen names a model, not a count ("AK-47",
    "F-16"); one before "y/o" is an age ("a 43 y/o man")."""
    s = q.start
    return (s >= 2 and doc_txt[s - 1] == "-" and doc_txt[s - 2].isalpha()) \
        or _AGE_AFTER.match(doc_txt, q.end) is not None


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
    text = doc.user_data.get("claimledger_text") or doc.text
    for q in quantities:
        if getattr(q, "category", "count") in NOT_FIGURE_CATEGORIES or _model_number(text, q):
            continue
        toks = quantity_tokens(doc, q)
        if toks:
            qtoks.append((q, toks))
    lex = _lex()
    # first pass: which numbers are figures at all
    cands = []
    partitives = []
    for q, toks in qtoks:
        q, toks = _particle_not_bound(q, toks)
        num = _phrase_root(toks)
        if num.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY", "ORDINAL") and q.qualifier != "vague" \
                and not _before_age(num) and not _counts_people_or_things(q, num) and not _toll_number(q, num):
            continue
        if num.ent_type_ in NAME_ENTS and num.ent_iob_ != "" and num.text[:1].isupper() \
                and not _name_is_the_number(num, toks):
            continue  # a number inside a name: "the Eight Trey Crips", "Route 66"
        qids = {t.i for t in toks}
        if _pronoun_partitive(num) is not None and not _event_argument(num) and any(
                c[2].sent.start == num.sent.start and c[2].i < num.i for c in cands):
            partitives.append((q, toks, num))
            continue
        head = _np_head(num)
        if head.i != num.i and head.tag_ not in ("NNS", "NNPS") and any(
                d.dep_ == "det" and d.lower_ in ("a", "an") and d.i < num.i and d.i not in qids for d in head.children):
            continue  # "an Eight Trey Crip", "a 12 gauge": one thing named with a number (not "a further 30 people")
        role = _role_token(num, head, qids)
        got = _metric_of(num, head, role)
        if got is None:
            continue
        metric, trigger, verb = got
        q = _bound_by_verb(q, num, verb)
        if metric in PEOPLE_METRICS and head.i != num.i and (head.lemma_.lower() in lex.things or head.lower_ in lex.things
                                                             or any(ch.isdigit() for ch in head.text)):
            # "seized multiple grenades", "two AK-47s": things are not people; the things of
            # war reporting still count ("97 drones were shot down")
            if head.lemma_.lower() not in _metrics()[3] or any(ch.isdigit() for ch in head.text):
                continue
            metric = "count"
        if metric in PEOPLE_METRICS and any(ch.i > num.i and ch.i not in qids and ch.lemma_.lower() in lex.things
                                            for ch in num.children):
            continue  # "shot about 10 times" parsed with "times" under the number
        if metric != "count" and (_intended(verb) or _in_record(trigger) or _unreal(verb)):
            continue
        if metric == "count" and q.qualifier == "vague" and _weak_vague(q):
            continue  # "as many people remain trapped": no event, and no number either
        cands.append((q, toks, num, head, role, metric, trigger, verb))
    fig_numbers = {t.i for c in cands for t in c[1]}
    # second pass: evidence spans that stop at the next figure
    for q, toks, num, head, role, metric, trigger, verb in cands:
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
        period = _period(verb)
        if period is not None:  # "... since the first of the year": the evidence keeps the period counted over
            ev = (min(ev[0], period[0]), max(ev[1], period[1]))
        subj_head = head
        if head.i == num.i and trigger.pos_ in ("NOUN", "PROPN") and trigger.i != num.i:
            subj_head = trigger  # "casualties are estimated at 4,700": the noun is the subject counted
            # "the number of Palestinians killed has risen to 48,405": who the toll counts
            if trigger.lemma_.lower() in lex.toll_nouns and trigger.lemma_.lower() != "toll":
                subj_head = next((p for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of"
                                  for p in c.children if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN")), trigger)
        figs.append(Figure(q, num, metric, head, trigger, ev, _subject_span(doc, subj_head, num, toks), clause,
                           tokens={t.i for t in ev_toks}, phrase=own | {head.i, role.i}, arg=_arg_top(role)))
    for q, toks, num in partitives:
        f = _partitive_figure(doc, q, toks, num, figs)
        if f is not None:
            figs.append(f)
    figs.sort(key=lambda f: f.number.i)
    _link_parts(figs)
    return figs


def _pronoun_partitive(num: Token) -> Optional[Token]:
    """The pronoun of "11 of them", "two of whom"."""
    return next((p for c in num.children if c.dep_ == "prep" and c.lower_ == "of"
                 for p in c.children if p.dep_ == "pobj" and p.lower_ in _lex().partitive), None)


def _event_argument(num: Token) -> bool:
    """Whether a number is the argument of an event verb of its own: "killing
    several of them", "two of them died" (not "12 of them children")."""
    if num.dep_ in ("dobj", "nsubjpass"):
        return True
    return num.dep_ == "nsubj" and num.head.pos_ == "VERB" and _verb_metric(num.head) not in (None, MIXED)


def _partitive_figure(doc: Doc, q: Quantity, toks: list[Token], num: Token, figs: list[Figure]) -> Optional[Figure]:
    """"Killed 27 people, 11 of them children", "12 others injured, two of them
    seriously": the pronoun stands for the figure just before it in the
    sentence, which the part counts from (the parser often hangs it elsewhere)."""
    sent = num.sent
    before = [g for g in figs if sent.start <= g.number.i < num.i and not g.implicit]
    if not before:
        return None
    whole = max(before, key=lambda g: g.number.i)
    # "11 of them children": the noun that says who the part are
    noun = num.head if num.head.pos_ in ("NOUN", "PROPN") and num.head.i > num.i and num.dep_ == "nsubj" else None
    ev_toks = list(num.subtree) + ([noun] if noun is not None else [])
    ev = tokens_span(doc, [t for t in doc[min(t.i for t in ev_toks):max(t.i for t in ev_toks) + 1]])
    if ev is None:
        return None
    subject = tokens_span(doc, [noun]) if noun is not None else whole.subject
    own = {t.i for t in toks}
    return Figure(q, num, whole.metric, noun if noun is not None else whole.np_head, whole.trigger, ev, subject,
                  whole.clause, part_of=whole, tokens={t.i for t in ev_toks}, phrase=own, arg=num)


def _subject_span(doc: Doc, head: Token, num: Token, qtoks: list[Token]) -> Optional[tuple[int, int]]:
    qids = {t.i for t in qtoks}
    if head.i == num.i or head.i in qids:
        return None  # the number stands alone: "600 were killed", "hundreds of thousands were displaced"
    toks = [head] + [t for c in head.children if c.dep_ in SUBJECT_KEEP and c.i < head.i and c.i not in qids for t in c.subtree]
    toks = [t for t in toks if t.i not in qids and t.pos_ != "DET" and t.dep_ not in ("quantmod", "nummod")]
    toks = contiguous(toks, head)
    return tokens_span(doc, toks)


def _part_anchor(h: Token) -> Optional[Token]:
    """What an "including"/"among" phrase hangs from: "killed 20 people,
    including eight children" (the verb or the noun)."""
    if h.dep_ == "pobj" and h.head.lower_ in ("including", "among"):
        return h.head.head
    return None


def _whole_of(f: Figure, figs: list[Figure]) -> Optional[Figure]:
    """The figure ``f`` counts a part of: the one its "including" phrase hangs
    from ("4,700 casualties, including around 600 deaths"), the one its "of"
    phrase counts ("shot down 40 of 48 drones", "seven of the 12 victims"), or
    the one a clause's fronted "of" phrase counts ("of the 80 people killed, 30
    were children")."""
    anchor = _part_anchor(f.np_head)
    if anchor is not None:
        for g in figs:
            if g is not f and (anchor.i in g.tokens or anchor.i == g.np_head.i
                               or (g.clause is not None and anchor.i == g.clause.i)):
                return g
        return None
    wholes = [p for prep in f.number.children if prep.dep_ == "prep" and prep.lower_ == "of"
              for p in prep.children if p.dep_ == "pobj"]
    if f.clause is not None and f.number.dep_ in ("nsubj", "nsubjpass") and f.number.head.i == f.clause.i:
        wholes += [p for prep in f.clause.children if prep.dep_ == "prep" and prep.lower_ == "of"
                   and prep.i < f.number.i for p in prep.children if p.dep_ == "pobj"]
    for w in wholes:
        for g in figs:
            if g is not f and g.np_head.i == w.i and g.number.i != f.number.i and g.number.head.i == w.i:
                return g
    return None


def _link_parts(figs: list[Figure]) -> None:
    """Link each figure to the figure it is part of. A part that names people
    with no event of its own ("killed 20 people, including eight children")
    counts what the whole counts."""
    for f in figs:
        g = _whole_of(f, figs)
        if g is None:
            continue
        f.part_of = g
        if f.evidence[0] < g.evidence[0]:
            # "40 of 48 drones": the whole is stated in its part's clause, and its claim
            # must come first for the part to name it
            g.evidence = (f.evidence[0], max(f.evidence[1], g.evidence[1]))
        if f.metric == "count" and g.metric in PEOPLE_METRICS and f.np_head.lemma_.lower() not in _lex().things:
            f.metric = g.metric


# --- singular mentions ------------------------------------------------------------

def _members(arg: Token) -> list[Token]:
    """An argument and the people coordinated with it: "a Taliban leader and two
    of his associates", "the leader, along with one other insurgent"."""
    out = [arg]
    for c in arg.conjuncts:
        out.append(c)
    # "Angelina Benton, 19-year-old Raynord Daniel and ...", "a Haqqani network leader, a
    # Haqqani facilitator and several of their associates": a list the parser read as apposition
    text = arg.doc.user_data.get("claimledger_text") or arg.doc.text
    for c in arg.children:
        if c.dep_ != "appos" or "," not in text[arg.idx:c.idx]:
            continue
        # (two nouns with articles of one kind: "the commander, the facilitator and ...";
        # "the man, an IED facilitator," is one person)
        listed = (arg.tag_ == "NNP" and c.tag_ == "NNP") or (
            arg.tag_ == "NN" and c.tag_ == "NN" and _article(c) is not None and _article(c) == _article(arg)
            and any(x.i != arg.i for x in c.conjuncts))
        # "killed his wife, two young children and his mother-in-law": one person and then
        # a plural, which cannot be her apposition, so a list
        if not listed and arg.tag_ in ("NN", "NNP") and c.tag_ == "NNS" and any(x.i != arg.i for x in c.conjuncts):
            listed = True
        # "the commander, facilitator and two of their associates": a bare person noun with
        # conjuncts after a determined one shares its article, so a list
        if not listed and arg.tag_ == "NN" and c.tag_ == "NN" and _article(arg) is not None and _is_person(c) \
                and not any(x.dep_ in ("det", "poss", "prep", "acl", "relcl") for x in c.children) \
                and any(x.i != arg.i for x in c.conjuncts):
            listed = True
        if listed:
            out.append(c)
            out.extend(x for x in c.conjuncts if x.i != arg.i)
    for t in list(out):
        # ("a leader who operated in X, along with ...": "along" on the relative clause's verb)
        alongs = [c for c in t.children if c.dep_ == "prep" and c.lower_ in ("along", "together")]
        alongs += [c for r in t.children if r.dep_ == "relcl" for c in r.children
                   if c.dep_ == "prep" and c.lower_ in ("along", "together") and _closes_relative(r, c)]
        for c in alongs:
            for w in c.children:
                if w.dep_ == "prep" and w.lower_ == "with":
                    for p in w.children:
                        if p.dep_ == "pobj":
                            out.append(p)
                            out.extend(p.conjuncts)
    return out


def _age_in_time(t: Token) -> Optional[Token]:
    """The age the parser folded into a time phrase: "shot and killed a
    12-year-old Tuesday afternoon" (object "afternoon", the person "12-year-old")."""
    if t.pos_ not in ("NOUN", "PROPN") or t.ent_type_ not in ("TIME", "DATE") or _is_person(t):
        return None
    return next((c for c in t.children if c.dep_ == "amod" and c.lower_ == "old" and c.i < t.i
                 and any(g.lower_ in ("year", "month", "week") for g in c.children)), None)


def _reduced_passive_victim(t: Token) -> Optional[Token]:
    """The person a transitive event verb with no object follows: "friends of a
    16-year-old boy shot and killed late Friday" (the parser made "shot" the
    clause's verb; an active "shot and killed" needs an object, so the verbs
    are a reduced relative on the noun before them)."""
    if t.tag_ not in ("VBD", "VBN") or t.i == 0 or any(c.dep_ in ("auxpass", "aux") for c in t.children):
        return None
    # (only the verb joined right after it: "shot and killed", not a later clause's verb)
    # ("the seventh leader captured or killed": an alternative, no event told)
    verbs = [t] + [c for c in t.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i == t.i + 2
                   and t.doc[t.i + 1].lower_ == "and"]
    if t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "or":
        return None
    if any(c.dep_ in ("dobj", "nsubjpass", "ccomp", "xcomp", "attr") for v in verbs for c in v.children):
        return None
    prev = t.doc[t.i - 1]
    if prev.pos_ != "NOUN" or prev.tag_ != "NN" or not _is_person(prev) or prev.head.i == t.i:
        return None
    return prev


def _article(t: Token) -> Optional[str]:
    d = next((c for c in t.children if c.dep_ == "det" and c.i < t.i), None)
    if d is None:
        return None
    return "indefinite" if d.lower_ in ("a", "an") else "definite" if d.lower_ in ("the", "this", "that") else None


def _verb_companions(verb: Token) -> list[Token]:
    """People joined to a clause by "along with" on its verb: "X was detained along with two others"."""
    out = []
    along = any(c.dep_ == "advmod" and c.lower_ in ("along", "together") for c in verb.children)
    for c in verb.children:
        withs = [c] if (along and c.dep_ == "prep" and c.lower_ == "with") else []
        if c.dep_ == "prep" and c.lower_ in ("along", "together"):
            withs = [w for w in c.children if w.dep_ == "prep" and w.lower_ == "with"]
        for w in withs:
            for p in w.children:
                if p.dep_ == "pobj":
                    out.append(p)
                    out.extend(p.conjuncts)
    return out


def _is_person(t: Token) -> bool:
    lex = _lex()
    lemma = t.lemma_.lower()
    if lemma in lex.people or t.lower_ in lex.people:
        return True
    # "a 6-year-old", "the 17-year-old"
    if t.lower_ in ("old", "olds") and any(c.lower_ in ("year", "month") for c in t.children):
        return True
    # "security guard", "family member": the compound's head decides
    return False


@lru_cache(maxsize=None)
def _bare_plurals() -> dict[str, int]:
    return {str(k).lower(): int(v) for k, v in (vocab.load("vague").get("bare_plurals") or {}).items()}


def _singular(m: Token, first_det: Optional[Token], named: bool = False) -> Optional[tuple[int, Token]]:
    """(value, the token that stands for the number) when ``m`` names one
    person (or "both": two): "a Taliban leader", "Taliban leader Saifullah",
    "he", "the boy", "both men"."""
    low = m.lower_
    if m.tag_ == "PRP":
        return (1, m) if low in SINGULAR_PRONOUNS else None
    if m.pos_ in ("DET", "PRON") and low == "another":
        return 1, m
    if low == "both" and m.pos_ in ("DET", "PRON", "NOUN"):
        return 2, m
    if any(c.dep_ == "nummod" or c.pos_ == "NUM" and c.dep_ in ("nummod", "quantmod") for c in m.children):
        return None  # a number: its own figure
    det = next((d for d in m.children if d.dep_ in ("det", "poss", "predet") and d.i < m.i), None)
    if m.tag_ == "NNS":
        if det is not None and det.lower_ == "both":
            return 2, det
        # "captured the commander and other militants": more than one, no number given
        bare = _bare_plurals()
        word = next((c for c in m.children if c.dep_ == "amod" and c.i < m.i and c.lower_ in bare), None)
        if det is None and word is not None and _is_person(m):
            return bare[word.lower_], word
        return None  # "the insurgents": a group already counted, or not counted at all
    # ("Keith Flowers" read as a plural: a name of two words in a singular clause)
    if m.tag_ == "NNP" or (m.tag_ == "NNPS" and any(c.dep_ == "compound" and c.tag_ == "NNP" for c in m.children)
                           and any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("was", "is", "has")
                                   for c in m.head.children)):
        if det is not None and det.lower_ in ("a", "an"):
            return None  # "an immediate Shura": a name takes no indefinite article
        if m.text.isupper() and len(m.text) > 2:
            return None  # "KABUL, Afghanistan (Dec. 27) -": a dateline
        person = m.ent_type_ == "PERSON" or (named and m.ent_type_ not in NOT_PEOPLE_ENTS) or any(
            c.dep_ in ("compound", "appos") and c.tag_ == "NN" and _is_person(c) for c in m.children) or (
            m.dep_ == "appos" and m.head.tag_ == "NN" and _is_person(m.head))
        if not person:
            return None
        return 1, (det if det is not None else m)
    if m.tag_ != "NN" and not (m.tag_ == "JJ" and m.lower_ == "old"):
        return None
    if not _is_person(m):
        return None
    if det is None and first_det is not None and m.dep_ in ("appos", "conj") and m.head.i < m.i \
            and any(x.text == "," for x in m.doc[m.head.i + 1:m.i]):
        # "the commander, facilitator and two of their associates": a listed person of
        # its own, who borrows the list's article but not its place
        return 1, m
    if det is None:
        det = first_det  # "a Taliban commander and facilitator"
    if det is None:
        # "killed Taliban leader, Mahjur,": a title before a name
        name = next((c for c in m.children if c.dep_ == "appos" and c.tag_ == "NNP"), None)
        return (1, m) if name is not None else None
    if det.dep_ == "det" and det.lower_ not in SINGULAR_DETS:
        return None
    return 1, det


def _turned_on_self(verb: Token) -> bool:
    """A weapon turned on oneself, the news idiom for a suicide: "then turned the
    gun on himself" (the verbs of ``self_turn_verbs``, a weapon noun, "on" and a
    reflexive)."""
    lex = _lex()
    if verb.lemma_.lower() not in lex.self_turn:
        return False
    weapon = any(c.dep_ == "dobj" and c.lemma_.lower() in lex.weapons for c in verb.children)
    on_self = any(c.dep_ == "prep" and c.lower_ == "on" and any(p.lower_ in REFLEXIVES for p in c.children)
                  for c in verb.children)
    return weapon and on_self


def _subject_of(verb: Token) -> list[Token]:
    """The subject of a verb, or of the clause it depends on ("the boy is
    recovering after accidentally shooting himself")."""
    v = verb
    for _ in range(3):
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            return subj
        if v.dep_ in ("pcomp", "advcl", "xcomp", "conj", "acl") and v.head.i != v.i:
            v = v.head
            if v.pos_ == "ADP" and v.head.i != v.i:
                v = v.head
            continue
        break
    return []


def _implicit_one(doc: Doc, verb: Optional[Token], anchor: Token, m: Token, value: int, qtok: Token,
                  metric: str, trigger: Token) -> Optional[Figure]:
    q = Quantity(value=value, low=None, high=None, qualifier="exact", start=qtok.idx,
                 end=qtok.idx + len(qtok.text), text=qtok.text)
    if verb is not None:
        ev_toks = _clause_tokens(verb, anchor, set())
    else:
        ev_toks = list(trigger.subtree)
    ev = tokens_span(doc, ev_toks)
    if ev is None:
        return None
    subj = _subject_span(doc, m, qtok, [qtok]) if qtok.i != m.i else tokens_span(doc, [m] + [
        c for c in m.children if c.dep_ == "compound"])
    return Figure(q, qtok, metric, m, trigger, ev, subj, verb, implicit=True,
                  tokens={x.i for x in (verb.subtree if verb is not None else trigger.subtree)},
                  phrase={m.i, qtok.i}, arg=_arg_top(m))


def implicit_figures(doc: Doc, taken: set[int]) -> list[Figure]:
    """Singular event mentions with no number: "killed a Taliban leader",
    "a civilian was wounded", "the boy was pronounced dead", "he died", "the
    death of his son", "the arrest of Taliban leader X". A coder records each
    as one. ``taken``: tokens of the number phrases already counted."""
    verbs, nouns, adjs, count, intransitive = _metrics()
    lex = _lex()
    out: list[Figure] = []
    seen: set[tuple[int, str]] = set()

    def add(verb, args, metric, trigger, people=False):
        if metric not in IMPLICIT_METRICS:
            return
        for a in args:
            if a.tag_ in ("WP", "WDT") and verb is not None and verb.dep_ == "relcl":
                a = verb.head  # "a 4-year-old girl who was shot"
            if a.tag_ == "NNP" and a.text.isupper() and len(a.text) > 2:
                # "KIDRON, Ohio - A 17-year-old boy was shot": the parser made the dateline the
                # subject and the person its apposition
                a = next((c for c in a.children if c.dep_ == "appos" and c.tag_ == "NN" and _is_person(c)), a)
            orig = a
            a = _age_in_time(a) or a
            members = _members(a)
            first_det = next((d for d in orig.children if d.dep_ == "det" and d.i < orig.i), None)
            # "Veondus Dennis and Antwan Wheeler": names joined to a person's name are people too
            # ("Rostum and his associate": a name joined to a person)
            named = any((m.tag_ == "NNP" and m.ent_type_ == "PERSON") or (m.tag_ == "NN" and _is_person(m))
                        for m in members) and len(members) > 1
            # "Thompson was pronounced dead": only a person is pronounced dead
            named = named or people
            # "Two of those men, Todd Thompson and Vincent Dipina": names of people a number counts
            counted = a.pos_ == "NUM" or a.i in taken
            for m in members:
                if counted and m.tag_ == "NNP":
                    continue
                if m.i in taken or (m.i, metric) in seen:
                    continue
                got = _singular(m, first_det, named)
                if got is None:
                    continue
                value, qtok = got
                if qtok.i in taken:
                    continue
                f = _implicit_one(doc, verb, m, m, value, qtok, metric, trigger)
                if f is not None:
                    seen.add((m.i, metric))
                    out.append(f)

    for t in doc:
        pos = t.pos_
        if pos == "VERB" and _turned_on_self(t) and not _unreal(t) and not _intended(t):
            # "shot his daughter, then turned the gun on himself": the shooter is dead too
            # ("..., then turned the gun on himself": a clause the parser leaves loosely attached)
            who = _subject_of(t) or (_subject_of(t.head) if t.dep_ in ("dep", "parataxis") else [])
            add(t, who, "killed", t, people=True)
            continue
        if pos == "VERB" or pos == "AUX":
            metric = _verb_metric(t) if pos == "VERB" else None
            if metric == MIXED:
                continue
            # ("sent troops" deploys, "sent a boy to the hospital" says he was hurt)
            state = _state_metric(t) if metric not in IMPLICIT_METRICS else None
            # "was found dead with gunshot wounds": the death, not the wounds, is what happened to him
            if state is not None and metric is None:
                got = _adj_metric(t)
                if got is not None and got[0] == "killed":
                    state = None
            if state is not None and (t.lemma_.lower() in lex.recover or not _intended(t)) \
                    and not _in_record(t) and not _unreal(t):  # ("is expected to recover": wounded now)
                sm, by_subject = state
                passive = any(c.dep_ == "auxpass" for c in t.children)
                args = [c for c in t.children if (c.dep_ in ("nsubj", "nsubjpass") if by_subject
                                                  else (c.dep_ == "nsubjpass" or (c.dep_ == "dobj" and not passive)))]
                if not args and t.dep_ in ("xcomp", "conj") and (by_subject or (passive and t.tag_ == "VBN")):
                    args = _subject_of(t)  # "was flown to a hospital and is expected to recover"
                if t.dep_ in ("acl", "relcl") and t.head.pos_ in ("NOUN", "PROPN") and not args:
                    args.append(t.head)  # "a man suffering from gunshot wounds"
                add(t, args, sm, t)
                continue
            if metric in IMPLICIT_METRICS:
                if _intended(t) or _in_record(t) or _unreal(t):
                    continue
                passive = any(c.dep_ == "auxpass" for c in t.children)
                args = [c for c in t.children if (c.dep_ == "dobj" and not passive) or c.dep_ == "nsubjpass"
                        or (c.dep_ == "nsubj" and (t.lemma_.lower() in intransitive or _small_clause(t)))]
                # "shot himself", "turned himself in": the subject is who it happened to
                if any(c.dep_ == "dobj" and c.lower_ in REFLEXIVES for c in t.children):
                    args = [a for a in args if a.lower_ not in REFLEXIVES] + _subject_of(t)
                # "shot himself while handling a revolver and died": the subject the verbs share
                if not args and t.dep_ == "conj" and t.lemma_.lower() in intransitive and t.head.pos_ == "VERB" \
                        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
                    args = _subject_of(t)
                # "a Taliban commander was confirmed killed"
                if t.dep_ in ("xcomp", "oprd") and t.tag_ == "VBN" and not args:
                    args += [c for c in t.head.children if c.dep_ == "nsubjpass"]
                # "one Taliban facilitator killed", "the man shot in the leg"
                if t.dep_ == "acl" and t.tag_ == "VBN" and (t.head.pos_ in ("NOUN", "PROPN") or t.head.lower_ == "old"):
                    args.append(t.head)
                # "Travon Smith fatally shot.": a headline's reduced passive, the subject shot (an
                # active "fatally shot" with no object has no other victim)
                if not args and metric == "killed" and t.tag_ in ("VBD", "VBN") and t.dep_ == "ROOT" \
                        and any(c.dep_ == "advmod" and c.lower_ in lex.fatal for c in t.children) \
                        and not any(c.dep_ in ("dobj", "ccomp", "xcomp", "prep") for c in t.children):
                    args = [c for c in t.children if c.dep_ == "nsubj"]
                if not args and t.lemma_.lower() not in intransitive:
                    victim = _reduced_passive_victim(t)
                    if victim is not None:
                        args = [victim]
                args += _verb_companions(t)
                if t.lemma_.lower() in lex.loss_verbs:  # "lost both of his parents" is no casualty figure
                    args = [a for a in args if _np_head(a).lemma_.lower() in lex.loss_people]
                # "Madueno died": who dies is a person, whether or not the parser knows the name
                people = metric == "killed" and t.lemma_.lower() in intransitive and not passive and all(
                    a.ent_type_ not in ("ORG",) for a in args)
                add(t, args, metric, t, people=people)
                continue
            got = _adj_metric(t)
            if got is None and t.lemma_.lower() in STATE_VERBS:
                # "found the girl and her father, 56, dead": the adjective on the object
                for c in t.children:
                    if c.dep_ == "dobj":
                        adj = next((a for a in c.children if a.dep_ == "amod" and a.i > c.i and a.lower_ in adjs), None)
                        if adj is not None and not _unreal(t):
                            add(t, [c], adjs[adj.lower_], adj)
                continue
            if got is not None and not _intended(t) and not _in_record(t) and not _unreal(t):
                deps = ("dobj",) if got[1].dep_ in ("ccomp", "advmod", "advcl") else ("nsubj", "nsubjpass", "dobj")
                args = [c for c in t.children if c.dep_ in deps]
                if got[0] == MIXED:
                    continue
                add(t, args, got[0], got[1], people=t.lemma_.lower() in ("pronounce", "declare")
                    and any(c.dep_ == "auxpass" for c in t.children))
        elif pos == "ADJ" and t.lower_ in adjs and t.dep_ in ("ccomp", "xcomp") and not _brain_dead(t) \
                and t.head.lemma_.lower() in STATE_VERBS and not _unreal(t.head):
            # "officers found the girl dead"
            add(t.head, [c for c in t.children if c.dep_ == "nsubj"], adjs[t.lower_], t)
        elif pos == "NOUN":
            lemma = t.lemma_.lower()
            metric = lex.event_nouns.get(lemma)
            if metric is None and lemma == "life" and t.head.lemma_.lower() in lex.life and t.dep_ == "dobj":
                metric = "killed"  # "claimed the life of a 9-year-old"
            if metric is None or _in_record(t) or _attempted(t):
                continue  # "the attempted assassination of multiple officials"
            if metric == "casualties" and any(c.dep_ in ("amod", "compound") and c.lower_ in ("fatal", "deadly")
                                              for c in t.children):
                metric = "killed"  # "the fatal shooting of a teen"
            args = [p for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                    for p in c.children if p.dep_ == "pobj"]
            if not args:
                # "investigating an accidental shooting death": one death, its person unnamed
                det = next((c for c in t.children if c.dep_ == "det" and c.lower_ in ("a", "an")), None)
                # (a noun of a death itself: not "a deadly shooting", which may have many victims)
                if lex.event_nouns.get(lemma) == "killed" and det is not None and t.tag_ == "NN" and t.dep_ not in ("compound", "attr") \
                        and (t.i, metric) not in seen and det.i not in taken:
                    v = _verb_of(t)
                    if v is None or not (_intended(v) or _in_record(v) or _unreal(v)):
                        f = _implicit_one(doc, v, t, t, 1, det, metric, t)
                        if f is not None:
                            seen.add((t.i, metric))
                            out.append(f)
                continue
            v = _verb_of(t)
            if v is not None and (_intended(v) or _in_record(v) or _unreal(v)):
                continue
            add(v, args, metric, t)
    return out


def all_figures(doc: Doc, quantities: list[Quantity]) -> list[Figure]:
    """Numbered and singular figures of one parsed passage, in text order.
    People counted together as one argument ("killed a Taliban leader and
    two of his associates") share one evidence span, so the summary adds
    them up as one compound figure (1 + 2 = 3)."""
    figs = find_figures(doc, quantities)
    # "four people - three men and one woman - were injured": a breakdown in apposition is part of its figure
    by_token = {i: f for f in figs for i in f.phrase}
    for f in figs:
        top = f.arg
        if f.part_of is None and top is not None and top.dep_ == "appos" and top.head.i in by_token \
                and by_token[top.head.i] is not f:
            f.part_of = by_token[top.head.i]
    # "Three others were hospitalized — two in critical condition, and one with minor
    # injuries": the members joined to a part of the breakdown are parts of it too
    for f in figs:
        if f.part_of is not None:
            continue
        t = f.number
        if t.dep_ != "conj" or t.pos_ != "NUM":
            continue
        for g in figs:
            w = g.part_of
            if g is f or w is None or w is f or g.number.i > t.i:
                continue
            # joined to the part ("two ..., and one") or to the whole's verb, as the parser often has it
            if t.head.i == g.number.i or (w.clause is not None and t.head.i == w.clause.i and w.number.i < g.number.i):
                f.part_of = w
                break
    taken = {i for f in figs for i in f.phrase}
    figs += implicit_figures(doc, taken)
    groups: dict[tuple, list[Figure]] = {}
    for f in figs:
        if f.clause is None or f.arg is None or f.part_of is not None:
            continue
        groups.setdefault((f.metric, f.clause.i, f.arg.i), []).append(f)
    for members in groups.values():
        if len(members) < 2:
            continue
        # "Six people, three men and three women, were wounded": the first names the
        # whole, the rest break it down (a list the parser read as coordination)
        members.sort(key=lambda f: f.number.i)
        first, rest = members[0], members[1:]
        vals = [m.quantity.value for m in members]
        if all(v is not None for v in vals) and not first.implicit and len(rest) > 1 \
                and vals[0] == sum(vals[1:]):
            for m in rest:
                m.part_of = first
            continue
        ev = (min(f.evidence[0] for f in members), max(f.evidence[1] for f in members))
        for f in members:
            f.evidence = ev
    # (a whole before its parts where their evidence starts together: "40 of 48 drones")
    figs.sort(key=lambda f: (f.evidence[0], f.part_of is not None, f.number.i))
    return figs
