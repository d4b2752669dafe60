"""Attribution: who says so, with which cue, about what, and through whom.

Reads the dependency parse the way PARC-style annotators mark attributions:
a cue (a speech verb such as "said", or a phrase such as "according to"),
its source (the speaker's noun phrase) and its content (the clause said).
Mentions are resolved to names later, over the whole document, by
``resolution.resolve_sources``, because a source is often named only after
it first speaks ("a South Korean lawmaker" ... "MP Lee Seong-kweun").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from spacy.tokens import Doc, Span, Token

from .. import vocab
from .spans import char_span, contiguous, doc_text, sentences, subtree_without, tokens_span

SOURCE_DROP = {"appos", "relcl", "acl", "cc", "conj", "advmod"}
SEPARATORS = {",", ";", "(", ")", "—", "–", ":"}
REL_PRONOUNS = {"which", "who", "that", "whom"}
PERSON_PRONOUNS = {"he", "she", "i", "we", "they", "it"}


@dataclass
class Mention:
    """A noun phrase that names (or stands for) a source or an intermediary."""

    start: int
    end: int
    text: str
    head: int  # token index in the Doc
    type: Optional[str]  # person | organization | government | media | unnamed | pronoun
    name: Optional[str] = None
    country: Optional[str] = None
    pronoun: Optional[str] = None
    role: Optional[str] = None  # head noun of a descriptive mention ("lawmaker")


@dataclass
class Attribution:
    cue: str
    cue_start: int
    cue_end: int
    cue_token: int
    source: Optional[Mention]
    content: Optional[tuple[int, int]]
    scope: set[int]  # token indices whose claims this attribution governs
    sent_start: int  # token index of the sentence start
    via: list[Mention] = field(default_factory=list)
    denial: bool = False
    phrase: bool = False  # "according to"-style cue
    time_tokens: list[int] = field(default_factory=list)


@lru_cache(maxsize=None)
def _cues():
    c = vocab.load("cues")
    verbs = {v for v in c["verbs"] if " " not in v}
    return verbs, set(c["clause_only"]), set(c["denials"]), [p.split() for p in c["phrases"]]


@lru_cache(maxsize=None)
def _source_nouns() -> dict[str, str]:
    s = vocab.load("sources")
    out: dict[str, str] = {}
    for typ in ("media", "government", "organization", "person"):
        for w in s["nouns"][typ]:
            out.setdefault(w.split()[-1], typ)
    for w in s["nouns"]["unnamed"]:
        out[w] = "unnamed"
    return out


def mention_from_head(doc: Doc, head: Token) -> Optional[Mention]:
    """The source noun phrase headed by ``head``, or None if it cannot be a speaker."""
    if head.pos_ == "PRON":
        low = head.lower_
        if low in REL_PRONOUNS:
            return None
        if low not in PERSON_PRONOUNS:
            return None
        s, e = head.idx, head.idx + len(head.text)
        return Mention(s, e, head.text, head.i, "pronoun", pronoun=low)
    typ = _mention_type(head)
    if typ is None:
        return None
    toks = subtree_without(head, SOURCE_DROP)
    toks = [t for t in toks if not (t.is_punct and t.text in SEPARATORS)]
    # an opening parenthesis starts an aside: "the National Intelligence Service (NIS)"
    toks = [t for t in toks if not (t.i > head.i and any(p.text == "(" and head.i < p.i <= t.i for p in doc[head.i: t.i + 1]))]
    toks = contiguous(toks, head)
    # do not start a source on a preposition or possessive marker
    while toks and toks[0].dep_ in ("case", "prep", "punct") and toks[0].i != head.i:
        toks = toks[1:]
    span = tokens_span(doc, toks)
    if span is None:
        return None
    s, e = span
    role = head.lemma_.lower() if head.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP") else None
    return Mention(s, e, doc_text(doc)[s:e], head.i, typ, role=role)


def _mention_type(head: Token) -> Optional[str]:
    ent = head.ent_type_
    if ent == "PERSON":
        return "person"
    if ent == "ORG":
        return _org_type(head)
    if ent in ("GPE",):
        return "government"
    if ent == "NORP":
        return "unnamed" if head.tag_ in ("NNS", "NNPS") else None
    nouns = _source_nouns()
    lemma = head.lemma_.lower()
    low = head.lower_
    if head.pos_ == "PROPN":
        # unknown proper noun: a person if it looks like a name, else an organisation
        return "person" if head.ent_type_ == "" and head.is_title else "organization"
    if head.pos_ != "NOUN":
        return None
    if low in nouns and nouns[low] == "unnamed":
        return "unnamed"
    if lemma in nouns:
        typ = nouns[lemma]
        if head.tag_ == "NNS" and typ == "person" and not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in head.children):
            return "unnamed"
        return typ
    return None


def _org_type(head: Token) -> str:
    words = " ".join(t.lower_ for t in head.subtree)
    if any(w in words for w in ("news", "agency", "times", "post", "journal", "tv", "radio", "press", "reuters", "associated press", "bbc", "cnn", "tass", "yonhap", "kcna", "ria")):
        return "media"
    if any(w in words for w in ("ministry", "government", "kremlin", "pentagon", "white house", "department")):
        return "government"
    return "organization"


def _subject_of(verb: Token) -> Optional[Token]:
    """The speaker of a cue verb: its subject, a relative clause's antecedent,
    the subject shared with the verb it hangs from ("continue to warn",
    "acknowledged ..., stating"), or the agent of a passive."""
    for c in verb.children:
        if c.dep_ in ("nsubj",):
            if c.lower_ in REL_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            return c
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        return _subject_of(verb.head)
    return None


def _content_of(doc: Doc, verb: Token, sent: Span) -> Optional[tuple[int, int, list[Token]]]:
    """The clause said: a complement clause, a direct object, or what
    follows "that" after the cue."""
    for c in verb.children:
        if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
            gloss = {x.i for g in c.children if g.dep_ == "advcl" and g.tag_ == "VBG" and g.i > c.i
                     and doc[g.left_edge.i - 1].text == "," for x in g.subtree}
            toks = [t for t in c.subtree if t.i not in gloss and not (t.dep_ == "mark" and t.head.i == c.i and t.i < c.i and t.lower_ in ("that", "whether", "if"))]
            span = tokens_span(doc, toks)
            if span:
                return span[0], span[1], toks
    for c in verb.children:
        if c.dep_ in ("dobj", "attr") and c.pos_ in ("NOUN", "PROPN", "PRON"):
            if c.pos_ == "PRON" and c.lower_ in ("it", "this", "that"):
                continue
            toks = list(c.subtree)
            span = tokens_span(doc, toks)
            if span:
                return span[0], span[1], toks
    # a broken parse: "confirmed for the first time that it had deployed ..."
    for t in doc[verb.i + 1: sent.end]:
        if t.lower_ == "that" and t.i - verb.i <= 8:
            toks = [x for x in doc[t.i + 1: sent.end] if not x.is_space]
            span = tokens_span(doc, toks)
            if span:
                return span[0], span[1], toks
            break
        if t.pos_ == "VERB" and t.dep_ not in ("amod",):
            break
    # sentence-final cue: "..., Lee said." — the clause before it
    if verb.i > sent.start and doc[verb.i - 1].text == "," or (verb.i > sent.start + 1 and any(c.dep_ == "nsubj" and c.i > sent.start and doc[c.i - 1].text in (",", "”", '"') for c in verb.children)):
        pre = [t for t in doc[sent.start: verb.i] if t.i < min([c.i for c in verb.children if c.dep_ == "nsubj"] + [verb.i])]
        span = tokens_span(doc, pre)
        if span:
            return span[0], span[1], pre
    return None


def _via_of(doc: Doc, source_head: Token) -> list[Mention]:
    """Intermediaries named inside the source phrase: "a lawmaker briefed by the
    country's intelligence service", "officials citing intelligence reports"."""
    out = []
    for c in source_head.children:
        if c.dep_ == "acl" and c.lemma_ in ("brief", "cite", "quote", "inform", "base"):
            for a in c.children:
                if a.dep_ in ("agent", "prep") and a.lower_ in ("by", "on", "from"):
                    for p in a.children:
                        if p.dep_ == "pobj":
                            m = mention_from_head(doc, p)
                            if m:
                                out.append(m)
                elif a.dep_ == "dobj":
                    m = mention_from_head(doc, a)
                    if m:
                        out.append(m)
    return out


def _cue_time_tokens(verb: Token) -> list[int]:
    out = []
    for c in verb.children:
        if c.ent_type_ == "DATE" or (c.dep_ == "prep" and any(p.ent_type_ in ("DATE", "TIME") for p in c.children)):
            out.extend(t.i for t in c.subtree)
        elif c.dep_ == "npadvmod" and c.ent_type_ in ("DATE", "TIME"):
            out.extend(t.i for t in c.subtree)
    return out


def find_attributions(doc: Doc) -> list[Attribution]:
    verbs, clause_only, denials, phrases = _cues()
    found: list[Attribution] = []
    cue_heads: set[int] = set()
    for sent in sentences(doc):
        # phrase cues: "according to X", "citing X"
        for t in sent:
            for words in phrases:
                n = len(words)
                if t.lower_ != words[0] or t.i + n > sent.end:
                    continue
                if [x.lower_ for x in doc[t.i: t.i + n]] != words:
                    continue
                last = doc[t.i + n - 1]
                obj = next((c for c in last.children if c.dep_ == "pobj"), None)
                if obj is None and n == 1:
                    obj = next((c for c in t.children if c.dep_ in ("dobj", "pobj")), None)
                if obj is None:
                    obj = next((x for x in doc[last.i + 1: min(sent.end, last.i + 8)] if x.pos_ in ("PROPN", "NOUN", "PRON") and x.dep_ in ("pobj", "dobj", "nsubj", "appos")), None)
                    if obj is not None:
                        while obj.dep_ in ("compound", "amod") and obj.head.i > obj.i:
                            obj = obj.head
                if obj is None:
                    continue
                src = mention_from_head(doc, obj)
                if src is None:
                    continue
                phrase_toks = set(range(t.i, t.i + n)) | {x.i for x in t.subtree}
                clause_root = t.head if t.head.i != t.i else sent.root
                scope = {x.i for x in sent if x.i not in phrase_toks}
                content_toks = [x for x in sent if x.i not in phrase_toks and not x.is_space]
                # the content is the rest of the sentence, minus the phrase
                span = _rest_span(doc, sent, phrase_toks)
                cs, ce = t.idx, last.idx + len(last.text)
                found.append(Attribution(
                    cue=doc_text(doc)[cs:ce].lower(), cue_start=cs, cue_end=ce, cue_token=t.i,
                    source=src, content=span, scope=scope, sent_start=sent.start,
                    via=_via_of(doc, obj), phrase=True, time_tokens=_cue_time_tokens(clause_root),
                ))
                cue_heads.add(t.i)
        # verb cues
        for t in sent:
            if t.pos_ not in ("VERB",) or t.lemma_.lower() not in verbs or t.i in cue_heads:
                continue
            if t.dep_ in ("amod", "acl") and t.head.pos_ in ("NOUN", "PROPN"):
                continue  # "reported cases", "a lawmaker briefed by"
            if any(c.dep_ == "auxpass" for c in t.children):
                continue  # "is believed", "were reported": hedges, not attributions
            if t.dep_ == "advcl" and t.tag_ == "VBG" and t.head.i in cue_heads:
                continue  # "acknowledged ..., stating that": one attribution
            subj = _subject_of(t)
            if subj is None:
                continue
            src = mention_from_head(doc, subj)
            if src is None:
                continue
            content = _content_of(doc, t, sent)
            if content is None:
                continue
            if t.lemma_.lower() in clause_only and not any(c.dep_ == "ccomp" for c in t.children):
                continue
            cs, ce, ctoks = content
            scope = {x.i for x in ctoks}
            found.append(Attribution(
                cue=t.text.lower(), cue_start=t.idx, cue_end=t.idx + len(t.text), cue_token=t.i,
                source=src, content=(cs, ce), scope=scope, sent_start=sent.start,
                via=_via_of(doc, subj), denial=t.lemma_.lower() in denials,
                time_tokens=_cue_time_tokens(t),
            ))
            cue_heads.add(t.i)
    return found


def _rest_span(doc: Doc, sent: Span, skip: set[int]) -> Optional[tuple[int, int]]:
    toks = [x for x in sent if x.i not in skip and not x.is_space]
    # the longest contiguous run outside the phrase
    runs: list[list[Token]] = []
    for x in toks:
        if runs and runs[-1][-1].i == x.i - 1:
            runs[-1].append(x)
        else:
            runs.append([x])
    if not runs:
        return None
    best = max(runs, key=len)
    return tokens_span(doc, best)


BACKREF_NOUNS = {"figure", "number", "estimate", "tally", "toll", "datum", "statistic", "count", "assessment"}


def find_backrefs(doc: Doc) -> list[tuple[int, Mention]]:
    """Sentences that name where the previous sentence's figures came from:
    "These figures follow a briefing from the National Intelligence Service".
    Returns (sentence start token, the intermediary's mention)."""
    out = []
    for sent in sentences(doc):
        root = sent.root
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.lemma_.lower() not in BACKREF_NOUNS:
            continue
        if not any(c.dep_ == "det" and c.lower_ in ("these", "those", "the") for c in subj.children):
            continue
        for t in root.subtree:
            if t.dep_ == "pobj" and t.head.lower_ in ("from", "by") and t.i > root.i:
                m = mention_from_head(doc, t)
                if m is not None and m.type in ("organization", "government", "media", "person"):
                    out.append((sent.start, m))
                    break
    return out
