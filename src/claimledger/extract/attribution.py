"""Attribution: who says so, with which cue, about what, and through whom.

Reads the dependency parse the way PARC-style annotators mark attributions:
a cue (a speech verb such as "said", or a phrase such as "according to"),
its source (the speaker's noun phrase) and its content (the clause said).
Mentions are resolved to names later, over the whole document, by
``resolution.resolve_sources``, because a source is often named only after
it first speaks ("a South Korean lawmaker" ... "MP Lee Seong-kweun").

Span conventions (those of PARC 3.0 and PolNeAR, see docs/evaluation.md):

* the **cue** span holds the verb with its auxiliaries, negation and the
  adverbs between the source and the verb ("has also said", "did not
  deny"), its particle ("pointed out") and the preposition that introduces
  a prepositional content ("called for", "spoke of"); ``Attribution.cue``
  is the cue word itself ("said"), ``cue_start/cue_end`` the whole span;
* the **source** span is the speaker's whole noun phrase with its
  appositions, titles and coordinated names ("Rep. Jim Clyburn (D-S.C.), the
  assistant leader of ...", "Mr. Grassley and Mr. Leahy"); a relative
  pronoun that speaks ("..., who said") is the source, standing for its
  antecedent; ``Mention.key`` keeps the core name for resolution;
* the **content** is what is said: a clause, an object, a prepositional
  object or a quotation; a leading complementizer ("that") is left out.

The kinds of cue, each its own function below (their words are in
``data/cues.yaml``):

* a verb of saying, judging, knowing or meaning to do, its subject the
  source (``_verb_attribution``): "said", "criticized", "believes", "plans";
  the content is a complement clause, an object ("called X a Y", "attacked
  X for Y"), a prepositional object ("called for X", "accused X of Y",
  "expressed concern about X"), a quotation after the cue ("said: “…”"), the
  clause around a parenthetical or final cue ("X, Lee said, Y"; "“…,” Lee
  said"), a quotation closing the sentence before ("“Why now?” he asked."),
  or the next paragraph ("He said:" closing its own). A passive of such a
  verb without its agent is an attribution without a source ("was accused
  of ..."), except the passives of hedging ("is believed to": a hedge);
* a participle of saying after a document, the document's issuer the source
  (``_participle_attribution``): "the Council issued a statement calling ...";
* a common verb with an object of saying (``light_objects``): "made the case
  that ...", "made a strong condemnation of ...", "as the memo put it";
* a prepositional phrase, its object the source: "according to X", and "In
  this poll, ..." opening a sentence that has no other cue;
* a noun of saying with a possessor and a that-clause: "Trump's claim that …";
* an adjective of stance after a copula: "has been critical of", "was sure that";
* punctuation: a quotation signed with a dash ("“…” ― Sonya Herridge") and a
  speaker's name before a colon at the start of a paragraph ("PENCE: …").

An attribution whose cue stands inside another one's content or inside a
quotation is a report within a report ("“I think ...,” he said"): the outer
attribution carries it, as PARC annotates (one attribution per token); a
relative clause whose pronoun speaks ("endorses Trump, who says he is
honored") and a coordinated cue with a named source are their own. Two
reports joined in one sentence (", while", "; ", ", but"), each with a
speaker of its own, are two attributions, each bounded by the join: war
reports pack the army's and the governor's figures into one sentence, and
each figure must keep its own source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Optional

from spacy.tokens import Doc, Span, Token

from .. import vocab
from . import actors
from .spans import char_span, contiguous, doc_text, sentences, subtree_without, tokens_span

# what the core of a source (its name, for resolution) leaves out
SOURCE_DROP = {"appos", "relcl", "acl", "cc", "conj", "advmod"}
SEPARATORS = {",", ";", "(", ")", "—", "–", ":"}
REL_PRONOUNS = {"which", "who", "that", "whom"}
PERSON_PRONOUNS = {"he", "she", "i", "we", "they", "it", "you"}
GROUP_PRONOUNS = {"everyone", "everybody", "someone", "somebody", "nobody", "each", "both", "all", "some",
                  "many", "others", "one", "those", "anyone", "most", "few"}
VIA_VERBS = ("brief", "cite", "quote", "inform", "base")
# verbs whose object is a source the speaker cites: "citing officials", "quoted the minister as saying"
CITE_VERBS = frozenset({"cite", "quote"})
# prepositions after the object of a light verb that open what is said ("expressed concern about")
LIGHT_PREPS = {"about", "over", "of", "for", "on", "into", "to", "regarding", "against", "with"}
POSSESSIVES = {"his": "he", "her": "she", "their": "they", "its": "it", "my": "i", "our": "we", "your": "you"}
QUOTE_OPEN = "“\"‘«"
QUOTE_MARKS = "“”\"«»"
# "began by saying ...", "aside from saying ...": the preposition's clause shares the subject
PCOMP_SUBJECT = {"by", "after", "before", "while", "when", "from", "without", "despite", "upon", "since", "in"}
# "stopped short of calling ...", "instead of saying ...": the subject speaks, unless the verb
# has an object that does ("accused Holt of being biased")
PCOMP_SUBJECT_UNLESS_OBJECT = {"of"}
CONCESSIVE = {"though", "although", "whereas"}
WH_ADVERBS = {"when", "where", "how", "why", "whenever", "while"}


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
    key: Optional[str] = None  # the core phrase that names the source, when the span holds more


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
    # the content runs on beyond the parsed passage: "paragraph", to the end of its
    # paragraph ("PENCE: Well, look, ..."); "next", it is the next paragraph ("He said:")
    extend: Optional[str] = None
    mark: bool = False  # a punctuation cue: "― Name" after a quotation, "NAME:" before one
    coordinated: bool = False  # a second cue of the outer speaker, hung on the clause said


@dataclass(frozen=True)
class CueWords:
    verbs: frozenset
    clause_only: frozenset
    denials: frozenset
    phrases: tuple
    intention: frozenset
    stance: frozenset
    addressee: frozenset
    naming: frozenset
    preps: dict
    agentive: frozenset
    not_first_person: frozenset
    speech: frozenset
    not_speakers: frozenset
    evidence: frozenset
    nouns: frozenset
    loose: frozenset
    quote_only: frozenset
    target: frozenset
    light: frozenset
    hedging: frozenset
    prep_only: frozenset
    in_phrases: frozenset
    in_documents: frozenset
    adjectives: frozenset
    infinitive: frozenset
    light_objects: dict
    seeming: frozenset = frozenset()
    bare_cue: frozenset = frozenset()
    stance_nouns: frozenset = frozenset()
    stance_holders: frozenset = frozenset()
    stance_targets: frozenset = frozenset()
    stance_preps: frozenset = frozenset()
    stance_not_before: dict = field(default_factory=dict)
    stance_agents: frozenset = frozenset()
    joiners: frozenset = frozenset()
    other_senses: frozenset = frozenset()
    number_at: frozenset = frozenset()


@lru_cache(maxsize=None)
def _cues() -> CueWords:
    c = vocab.load("cues")
    verbs = {v for v in c["verbs"] if " " not in v}
    return CueWords(
        verbs=frozenset(verbs),
        clause_only=frozenset(c["clause_only"]),
        denials=frozenset(c["denials"]),
        phrases=tuple(tuple(p.split()) for p in c["phrases"]),
        intention=frozenset(c.get("intention") or ()),
        stance=frozenset(c.get("stance") or ()),
        addressee=frozenset(c.get("addressee") or ()),
        naming=frozenset(c.get("naming") or ()),
        preps={k: set(v) for k, v in (c.get("prepositions") or {}).items()},
        agentive=frozenset(c.get("passive_with_agent") or ()),
        not_first_person=frozenset(c.get("not_first_person") or ()),
        speech=frozenset(c.get("speech") or ()),
        not_speakers=frozenset(w.lower() for w in c.get("not_speakers") or ()),
        evidence=frozenset(c.get("evidence") or ()),
        nouns=frozenset(c.get("nouns") or ()),
        # verbs whose subject speaks whatever it is: saying, judging, meaning to do
        quote_only=frozenset(c.get("quote_only") or ()),
        prep_only=frozenset(c.get("prep_only") or ()),
        adjectives=frozenset(c.get("adjectives") or ()),
        infinitive=frozenset(c.get("infinitive") or ()),
        light_objects={k: frozenset(v) for k, v in (c.get("light_objects") or {}).items()},
        in_phrases=frozenset((c.get("in_document") or {}).get("prepositions") or ()),
        in_documents=frozenset((c.get("in_document") or {}).get("nouns") or ()),
        target=frozenset(c.get("target") or ()),
        light=frozenset(c.get("light") or ()),
        seeming=frozenset(c.get("seeming") or ()),
        bare_cue=frozenset(c.get("bare_cue") or ()),
        stance_nouns=frozenset((c.get("stance_nouns") or {}).get("nouns") or ()),
        stance_holders=frozenset((c.get("stance_nouns") or {}).get("holders") or ()),
        stance_targets=frozenset((c.get("stance_nouns") or {}).get("targets") or ()),
        stance_preps=frozenset((c.get("stance_nouns") or {}).get("prepositions") or ()),
        stance_agents=frozenset((c.get("stance_nouns") or {}).get("agents") or ()),
        joiners=frozenset(c.get("clause_joiners") or ()),
        other_senses=frozenset((c.get("other_senses") or {}).get("verbs") or ()),
        number_at=frozenset(c.get("number_at") or ()),
        stance_not_before={k: frozenset(v) for k, v in ((c.get("stance_nouns") or {}).get("not_before") or {}).items()},
        # a passive of these is a hedge ("is believed to"), never an attribution of its own
        hedging=frozenset(vocab.load("hedges").get("passive_verbs") or ()),
        loose=frozenset().union(*(c.get(k) or () for k in ("speech", "stance", "intention", "addressee", "naming", "evidence", "clause_only"))),
    )


@lru_cache(maxsize=None)
def _source_nouns() -> dict[str, str]:
    s = vocab.load("sources")
    out: dict[str, str] = {}
    for typ in ("media", "government", "organization", "person"):
        for w in s["nouns"][typ]:
            if " " not in w:  # phrases ("news agency") are ``_source_phrases``
                out.setdefault(w, typ)
    for w in s["nouns"].get("documents") or []:
        out.setdefault(w.split()[-1], "media")
    for w in s["nouns"]["unnamed"]:
        out[w] = "unnamed"
    return out


@lru_cache(maxsize=None)
def _source_phrases() -> dict[tuple[str, ...], str]:
    """The vocabulary's phrases of more than one word ("news agency", "air
    force"): the words before the head say what kind of body a noun names,
    where the head alone would not ("a refugee agency" is no news agency)."""
    s = vocab.load("sources")
    out: dict[tuple[str, ...], str] = {}
    for typ in ("media", "government", "organization", "person"):
        for w in s["nouns"][typ]:
            if " " in w:
                out.setdefault(tuple(w.lower().split()), typ)
    return out


@lru_cache(maxsize=None)
def _org_words() -> dict[str, list[tuple[str, ...]]]:
    got = vocab.load("sources").get("organization_names") or {}
    return {typ: [tuple(w.lower().split()) for w in words] for typ, words in got.items()}


def _has_words(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(words[i: i + n]) == phrase for i in range(len(words) - n + 1))


def mention_from_head(doc: Doc, head: Token, full: bool = False, loose: bool = False) -> Optional[Mention]:
    """The source noun phrase headed by ``head``, or None if it cannot be a speaker.
    With ``full``, the span is the whole noun phrase (appositions, titles in
    parentheses, coordinated names) and ``key`` its core. With ``loose`` (the
    subject of a verb of saying), any noun phrase can speak ("the clip says",
    "63 percent said"); its type stays unknown unless the vocabulary knows it."""
    if head.pos_ == "PRON" or (head.lower_ in GROUP_PRONOUNS and head.pos_ in ("ADJ", "DET") and head.dep_ == "nsubj"):
        # "many of whom say": a quantifier standing alone is a group of speakers
        low = POSSESSIVES.get(head.lower_, head.lower_)
        if low in REL_PRONOUNS:
            return None
        if low not in PERSON_PRONOUNS and low not in GROUP_PRONOUNS:
            return None
        if low in GROUP_PRONOUNS:
            toks = contiguous([t for t in head.subtree if not (t.is_punct and t.text in SEPARATORS)], head)
            span = tokens_span(doc, toks) if full else None
            s, e = span if span else (head.idx, head.idx + len(head.text))
            return Mention(s, e, doc_text(doc)[s:e], head.i, "unnamed", role=low, key=head.text)
        s, e = head.idx, head.idx + len(head.text)
        return Mention(s, e, head.text, head.i, "pronoun", pronoun=low)
    typ = _mention_type(head)
    if typ is None and not (loose and head.pos_ in ("NOUN", "PROPN", "NUM")):
        return None
    if typ is None and head.pos_ == "NOUN" and head.tag_ == "NNS":
        typ = "unnamed"  # "Rebels said", "villagers say": a group the text does not name
    toks = subtree_without(head, SOURCE_DROP)
    toks = [t for t in toks if not (t.is_punct and t.text in SEPARATORS)]
    # an opening parenthesis starts an aside: "the National Intelligence Service (NIS)"
    toks = [t for t in toks if not (t.i > head.i and any(p.text == "(" and head.i < p.i <= t.i for p in doc[head.i: t.i + 1]))]
    toks = contiguous(toks, head)
    # a dateline or time stamp before the name is no part of it ("BRUSSELS - European leaders",
    # "7:45 a.m.\n\nHillary Clinton")
    text = doc_text(doc)
    cut = [t.i for t in toks if t.i < head.i and ("\n" in t.text or (t.text in ("-", "—", "–", "--")
                                                                    and t.idx > 0 and text[t.idx - 1].isspace()))]
    if cut:
        toks = [t for t in toks if t.i > max(cut)]
    # do not start a source on a preposition or possessive marker
    while toks and toks[0].dep_ in ("case", "prep", "punct") and toks[0].i != head.i:
        toks = toks[1:]
    span = tokens_span(doc, toks)
    if span is None:
        return None
    s, e = span
    # a name is no role, even one the tagger did not recognise ("Kyiv says")
    role = head.lemma_.lower() if head.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP") and head.pos_ != "PROPN" else None
    m = Mention(s, e, doc_text(doc)[s:e], head.i, typ, role=role)
    if full:
        fs, fe = _full_span(doc, head, (s, e))
        if (fs, fe) != (s, e):
            m.key = m.text
            m.start, m.end, m.text = fs, fe, doc_text(doc)[fs:fe]
    return m


def _full_span(doc: Doc, head: Token, core: tuple[int, int]) -> tuple[int, int]:
    """The whole noun phrase of a source, as PARC marks it: the core name with
    its appositions, parenthesised party tags, coordinated names, prepositional
    modifiers and relative clauses ("Don Fowler, who helmed the DNC ...", "a
    historian who attended the session"), without what precedes the core (a
    dateline, a fronted phrase), dates ("a group of doctors in 2015"), a
    clause of saying or knowing ("Mr. Obama, who understood ...", "X, speaking
    at ...") or the intermediaries a source cites ("briefed by ...")."""
    def dated(t: Token) -> bool:
        return any(x.ent_type_ in ("DATE", "TIME") for x in t.subtree)

    out = [head]
    stack = list(head.children)
    while stack:
        c = stack.pop()
        direct = c.head.i == head.i
        if c.i > head.i and c.is_punct and c.text in ("“", "”", '"', ":", "—", "–", "--", ";"):
            continue
        if direct:
            if c.dep_ in ("advmod", "parataxis", "advcl", "ccomp", "npadvmod"):
                continue
            if c.dep_ == "prep" and dated(c):
                continue
            # "a poll released last week", "the transcript published by the Post" stay: a participle
            # that describes a document is no speech act of the source's
            if c.dep_ in ("acl", "relcl") and (c.lemma_.lower() in VIA_VERBS or c.i < head.i or c.lemma_.lower() in _cues().verbs
                                                and not (c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in _cues().evidence | {"release", "publish"})):
                continue
        out.append(c)
        stack.extend(c.children)
    first = next((t.i for t in doc if t.idx >= core[0]), head.i)
    toks = [t for t in out if t.i >= first and not (t.i > head.i and t.text in QUOTE_MARKS)]
    toks = contiguous(toks, head)
    while toks and (toks[-1].is_punct and toks[-1].text not in (")",) or toks[-1].dep_ in ("cc", "case", "prep", "det")):
        toks = toks[:-1]
    span = tokens_span(doc, toks)
    if span is None:
        return core
    s, e = span
    text = doc_text(doc)
    # keep a closing parenthesis only when its opening one is inside
    if text[s:e].count("(") != text[s:e].count(")"):
        return core
    return (min(s, core[0]), max(e, core[1]))


def _capital_or_country(head: Token) -> bool:
    """ "Kyiv says", "Washington warned": a country, or its capital standing for
    its government (the names ``actors`` knows), whatever entity type, if any,
    the tagger gave it. A group or a force named after a place is no country."""
    if head.pos_ != "PROPN":
        return False
    ent = next((e for e in head.doc.ents if e.start <= head.i < e.end), None) if head.ent_type_ else None
    if ent is not None:
        text = ent.text
    else:
        toks = [c for c in head.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < head.i] + [head]
        text = " ".join(t.text for t in sorted(toks, key=lambda t: t.i))
    text = re.sub(r"^(the|The)\s+", "", text.strip())
    found = actors.find_actors(text)
    if len(found) != 1:
        return False
    s, e, name, code = found[0]
    return s == 0 and e == len(text) and code is not None and name == actors.country_name(code)


def _mention_type(head: Token) -> Optional[str]:
    ent = head.ent_type_
    if ent in ("PERSON", "ORG", "GPE", "") and _capital_or_country(head):
        return "government"
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
    mods = [c.lower_ for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i]
    words = (lemma, low) if lemma != low else (lemma,)  # the tagger lemmatises "media" to "medium"
    for k in range(len(mods), 0, -1):
        for w in words:
            typ = _source_phrases().get(tuple(mods[-k:]) + (w,))
            if typ is not None:
                return typ
    word = next((w for w in words if w in nouns), None)
    if word is not None:
        typ = nouns[word]
        if head.tag_ == "NNS" and typ == "person" and not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in head.children):
            return "unnamed"
        return typ
    return None


def _org_type(head: Token) -> str:
    """A named body's type from the words of its name (``organization_names`` in
    sources.yaml), matched as whole words: "Syria" holds no "RIA", a "refugee
    agency" is no news agency."""
    words = [t.lower_ for t in head.subtree]
    for typ in ("media", "government"):
        if any(_has_words(words, w) for w in _org_words().get(typ, ())):
            return typ
    return "organization"


def _relative_source(doc: Doc, pron: Token, verb: Token) -> Optional[Mention]:
    """ "..., who said": the relative pronoun is the source's span, its
    antecedent gives the name; after "that" the antecedent is the source."""
    ante = verb.head
    m = mention_from_head(doc, ante, loose=True)
    if m is None:
        return None
    if pron.lower_ == "that":
        return m  # "a mining company that had declared": the antecedent itself
    m.key = m.text
    m.start, m.end, m.text = pron.idx, pron.idx + len(pron.text), pron.text
    m.head = ante.i
    return m


def _source_of(doc: Doc, verb: Token, depth: int = 0, loose: bool = False) -> Optional[Mention]:
    """The speaker of a cue verb: its subject (a relative pronoun standing
    for its antecedent), the subject shared with the verb it hangs from
    ("continue to warn", "acknowledged ..., stating"), or the agent of a passive."""
    c = _nsubj(verb)
    if c is not None:
        if c.lower_ in REL_PRONOUNS:
            return _relative_source(doc, c, verb) if verb.dep_ == "relcl" else None
        return mention_from_head(doc, c, full=True, loose=loose)
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return mention_from_head(doc, p, full=True, loose=loose)
    if depth < 3 and verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.pos_ in ("VERB", "AUX") \
            and not any(c.dep_ in ("nsubjpass", "csubj") for c in verb.children):
        if verb.dep_ == "xcomp" and any(c.dep_ in ("dobj", "dative") and c.i < verb.i for c in verb.head.children):
            return None  # "requires candidates to disclose", "allow companies to tell": the object would speak
        return _source_of(doc, verb.head, depth + 1, loose)
    # "began by saying ...", "after saying ..., she was whisked off": the subject of the clause
    if depth < 3 and verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX") \
            and (verb.head.lower_ in PCOMP_SUBJECT or verb.head.lower_ in PCOMP_SUBJECT_UNLESS_OBJECT
                 and not any(c.dep_ in ("dobj", "dative") for c in verb.head.head.children)):
        main = verb.head.head
        got = _source_of(doc, main, depth + 1, loose)
        if got is None:
            subj = next((c for c in main.children if c.dep_ == "nsubjpass"), None)
            if subj is not None and subj.lower_ not in REL_PRONOUNS:
                got = mention_from_head(doc, subj, full=True, loose=loose)
        return got
    if depth == 0:
        return _stranded_subject(doc, verb)
    return None


def _stranded_subject(doc: Doc, verb: Token) -> Optional[Mention]:
    """A finite cue verb the parser left without a subject because it hung the
    speaker on the phrase before it ("In a meeting with the board of the Post
    Trump said that ...", "the minimum $20 million experts say it costs"): the
    name or speaker noun right before the verb is the subject."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.i == 0 \
            or any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children):
        return None
    prev = doc[verb.i - 1]
    if prev.dep_ not in ("pobj", "compound", "dobj", "npadvmod", "appos") or prev.head.i > verb.i:
        return None
    text = doc_text(doc)
    if prev.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") and prev.ent_iob_ in ("B", "I"):
        ent = next((e for e in doc.ents if e.start <= prev.i < e.end), None)
        if ent is None or ent.end != verb.i:
            return None
        s, e = ent.start_char, ent.end_char
        return Mention(s, e, text[s:e], prev.i, _mention_type(prev) or "person")
    if prev.pos_ != "NOUN" or _mention_type(prev) is None:
        return None
    first = prev.i
    while first > 0 and doc[first - 1].head.i == prev.i and doc[first - 1].dep_ in ("compound", "amod"):
        first -= 1
    s, e = doc[first].idx, prev.idx + len(prev.text)
    return Mention(s, e, text[s:e], prev.i, _mention_type(prev), role=prev.lemma_.lower())


def _nsubj(verb: Token) -> Optional[Token]:
    """The verb's subject. The parser often reads a quotation before its cue as a
    second subject ("“My reaction ...,” the strategist said", "“... Full panic
    mode,” said Leslie Wimes"): the speaker is the subject not cut off from the
    verb by a closing quotation mark or comma, the nearest one."""
    subs = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(subs) <= 1:
        return subs[0] if subs else None
    doc = verb.doc

    def rank(c: Token):
        lo, hi = (c.right_edge.i + 1, verb.i) if c.i < verb.i else (verb.i + 1, c.left_edge.i)
        cut = any(doc[j].text in QUOTE_MARKS or doc[j].text in ("''", ",") for j in range(lo, hi))
        return (cut, hi - lo)
    return min(subs, key=rank)


def _subject_token(verb: Token) -> Optional[Token]:
    return _nsubj(verb) or next((c for c in verb.children if c.dep_ == "nsubjpass"), None)


# --- content ---------------------------------------------------------------------

def _clean(toks: list[Token], verb: Token) -> list[Token]:
    """A content's tokens without its leading complementizer ("that", "whether", "if")."""
    toks = sorted(toks, key=lambda t: t.i)
    while toks and toks[0].dep_ == "mark" and toks[0].lower_ in ("that", "whether", "if"):
        toks = toks[1:]
    while toks and toks[0].is_punct and toks[0].text not in QUOTE_OPEN:
        toks = toks[1:]
    return toks


def _gloss(doc: Doc, c: Token) -> set[int]:
    """A trailing participial gloss of a clause (", stating that ..."): not part of it."""
    return {x.i for g in c.children if g.dep_ == "advcl" and g.tag_ == "VBG" and g.i > c.i
            and doc[g.left_edge.i - 1].text == "," for x in g.subtree}


@dataclass
class _Content:
    start: int
    end: int
    toks: list
    cue_extra: list = field(default_factory=list)  # tokens that join the cue ("for" in "called for")
    kind: str = "clause"


def _span_content(doc: Doc, toks: list[Token], kind: str, extra=()) -> Optional[_Content]:
    span = tokens_span(doc, toks)
    if span is None:
        return None
    return _Content(span[0], span[1], toks, list(extra), kind)


def _is_document(doc: Doc, m: Optional[Mention]) -> bool:
    if m is None or m.type == "pronoun":
        return False
    head = doc[m.head]
    return head.pos_ == "NOUN" and _source_nouns().get(head.lemma_.lower()) == "media"


def _content_of(doc: Doc, verb: Token, sent: Span, cw: CueWords, src: Optional[Mention] = None) -> Optional[_Content]:
    """What is said: a complement clause, an object (with its predicate for
    "called X a Y"), a prepositional object ("called for X", "accused X of
    Y", "expressed concern about Y"), a quotation after the cue, a finite
    wh-clause ("have not said when ..."), the clause around a parenthetical
    or final cue, the next paragraph after "He said:", or the quotation
    closing the sentence before ("“Why now?” he asked.")."""
    lemma = _cue_lemma(verb, cw.verbs)
    if lemma in cw.quote_only:
        # "Limbaugh continued: “They are demanding ...”", parsed with the quotation as a clause;
        # "“We have to do more,” she continued.": the quotation before a final cue
        got = _quote_after(doc, verb, sent) or _colon_next(doc, verb, sent)
        if got is None:
            before = _around(doc, verb, sent)
            if before is not None and before.kind == "before" \
                    and any(t.text in QUOTE_MARKS or t.text in ("''", "``") for t in doc[sent.start: verb.i]):
                got = _Content(before.start, before.end, before.toks, before.cue_extra, "quote")
        return got
    if verb.i + 2 < sent.end and doc[verb.i + 1].text == ":" and doc[verb.i + 2].text in QUOTE_OPEN:
        # "…, Kall said: “I feel like …”": what follows the colon is what is said
        quoted = _quote_after(doc, verb, sent)
        if quoted:
            return quoted
    # "the poll shows Clinton ahead": a document's finding can be an object
    clause_only = lemma in cw.clause_only and not (lemma in cw.evidence and _is_document(doc, src))
    comps = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX", "ADJ", "NOUN")]
    if len(comps) > 1 and comps[0].i < verb.i < comps[-1].i and _misattached(doc, verb, comps[0], comps[-1], sent):
        comps = comps[1:] + comps[:1]
    objs = [c for c in verb.children if c.dep_ in ("dobj", "attr") and c.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "ADJ")]
    if lemma in cw.addressee and objs and not comps:
        # "tells his supporters at a rally to “go to your place and vote”": what the hearer is
        # told to do, which the parser, misled by the phrase between, hung as a clause of purpose
        comps = [c for c in verb.children if c.dep_ == "advcl" and c.i > objs[0].i
                 and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children)][:1]
    oprd = [c for c in verb.children if c.dep_ == "oprd" or (c.dep_ == "ccomp" and objs and c.i > objs[0].i and c.pos_ in ("NOUN", "ADJ", "PROPN"))]
    if lemma in cw.naming and not objs and len(oprd) >= 2 and oprd[0].i == verb.i + 1:
        # "Cruz called Trump a liar" parsed with both nouns as predicates: the first is the object
        objs, oprd = oprd[:1], oprd[1:]
    if lemma in cw.naming and not oprd and len(objs) >= 2:
        # "they call them “lone wolves”" parsed with two objects: the second is the name given
        objs, oprd = objs[:1], objs[1:]
    # "called X a Y", "described X as Y"
    if lemma in cw.naming and objs and (oprd or any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)):
        o = objs[0]
        parts = list(o.subtree)
        for c in verb.children:
            if c.i > o.i and (c in oprd or (c.dep_ == "prep" and c.lower_ == "as")):
                parts += list(c.subtree)
        return _span_content(doc, _ordered(parts), "object")
    light = _light_object(verb, lemma, cw) if lemma not in cw.verbs else None
    if light is not None and light.pos_ != "PRON":
        return _light_content(doc, verb, light, sent)
    # "accused Holt of being biased", "likened the rules to ...", "expressed concern about ...":
    # the object belongs to the cue, the preposition's object is what is said
    preps = cw.preps.get(lemma, set())
    if objs and (lemma in cw.target or lemma in cw.light or lemma in cw.light_objects):
        o = objs[0]
        holders = [verb] if lemma in cw.target else [o]
        for h in holders:
            for c in h.children:
                if c.dep_ == "prep" and c.i > o.i and c.lower_ in (preps if lemma in cw.target else LIGHT_PREPS):
                    pobjs = [x for x in c.children if x.dep_ in ("pobj", "pcomp")]
                    if pobjs and not any(x.ent_type_ in ("DATE", "TIME") for x in pobjs):
                        toks = [x for p in pobjs for x in p.subtree]
                        extra = [doc[j] for j in range(verb.i + 1, c.i + 1)]
                        got = _span_content(doc, toks, "prep", extra=extra)
                        if got:
                            return got
    for c in comps:
        if c.dep_ == "xcomp" and clause_only and not (lemma in cw.infinitive and c.i > verb.i
                                                      and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children)):
            continue  # "found himself", but "hopes to offset ..."
        if lemma in cw.naming and c.dep_ == "ccomp" and c.pos_ in ("NOUN", "ADJ"):
            continue
        gloss = _gloss(doc, c)
        toks = [t for t in c.subtree if t.i not in gloss]
        if c.i > verb.i:
            # "donations, which he said were accompanied by ...": the fronted pronoun stays out
            toks = [t for t in toks if t.i > verb.i]
        toks = _clean(toks, verb)
        if toks and c.i < verb.i:
            toks = _whole_quote(doc, sent, toks)
        got = _span_content(doc, toks, "clause")
        if got:
            return got
    if clause_only:
        got = _around(doc, verb, sent)
        if got is not None and got.kind == "adverbial" and objs:
            # "On Sunday, the Times published portions of ...": the object, not the fronted phrase
            return _span_content(doc, list(objs[0].subtree), "object")
        return got
    # "urged restraint", "advised caution": an addressee verb whose object can hear nothing
    # (no person, group or name) and that has no clause of its own says its object
    heard = lemma in cw.addressee and objs and (
        objs[0].pos_ != "NOUN" or _mention_type(objs[0]) is not None or comps
        or any(c.dep_ in ("dative", "ccomp", "xcomp") for c in verb.children))
    if objs and not heard:
        o = objs[0]
        # "the video shows him with his hands up": what a document shows of someone
        shown = lemma in cw.evidence and _is_document(doc, src) and any(
            c.i > o.i and c.dep_ in ("prep", "advmod", "xcomp", "oprd", "acomp") for c in verb.children)
        if shown or not (o.pos_ == "PRON" and o.lower_ in ("it", "this", "him", "her", "them", "me", "us", "you")):
            parts = list(o.subtree)
            # "attacked Clinton for her support of ...", "criticized X as a crazy system"
            for c in verb.children:
                if c.i > o.i and c.dep_ == "prep" and (c.lower_ in ("as", "for", "of", "over", "about") or shown and c.i == c.left_edge.i
                                                       and not any(x.ent_type_ in ("DATE", "TIME") for x in c.children)):
                    parts += list(c.subtree)
                if c.i > o.i and c.dep_ in ("ccomp", "xcomp", "oprd"):
                    parts += list(c.subtree)
            return _span_content(doc, _ordered(parts), "object")
    for c in verb.children:
        if c.dep_ == "prep" and c.i > verb.i and c.lower_ in preps:
            objs_ = [x for x in c.children if x.dep_ in ("pobj", "pcomp")]
            if objs_ and not any(x.ent_type_ in ("DATE", "TIME") for x in objs_):
                toks = [x for o in objs_ for x in o.subtree]
                return _span_content(doc, toks, "prep", extra=[c])
    quoted = _quote_after(doc, verb, sent)
    if quoted:
        return quoted
    # "have not said when they would take up ...": a finite wh-clause
    for c in verb.children:
        if c.dep_ == "advcl" and c.i > verb.i and lemma in cw.speech and any(x.dep_ == "nsubj" for x in c.children) \
                and doc[c.left_edge.i].lower_ in ("when", "whether", "how", "why", "what", "where", "if"):
            got = _span_content(doc, list(c.subtree), "clause")
            if got:
                return got
    # a broken parse: "confirmed for the first time that it had deployed ..."
    for t in doc[verb.i + 1: sent.end]:
        if t.lower_ == "that" and t.i - verb.i <= 12:
            toks = [x for x in doc[t.i + 1: sent.end] if not x.is_space]
            got = _span_content(doc, toks, "clause")
            if got:
                return got
            break
        if t.pos_ == "VERB" and t.dep_ not in ("amod",):
            break
    got = _around(doc, verb, sent)
    if got is not None and got.kind == "adverbial":
        # "On Wednesday, Cruz thanked Trump on Twitter for backing ...": a fronted phrase is no
        # content when the cue has its own words after it
        after = _after_verb(doc, verb, sent)
        if after is not None:
            return after
    return got or _colon_next(doc, verb, sent) or _quote_before(doc, verb, sent)


def _after_verb(doc: Doc, verb: Token, sent: Span) -> Optional[_Content]:
    """The cue verb's own words after it (objects, prepositional phrases), without dates."""
    toks = []
    for c in verb.children:
        if c.i > verb.i and c.dep_ in ("dobj", "dative", "prep", "ccomp", "xcomp", "oprd", "attr") \
                and not any(x.ent_type_ in ("DATE", "TIME") for x in ([c] + [x for x in c.children if x.dep_ == "pobj"])):
            toks += list(c.subtree)
    toks = [t for t in toks if sent.start <= t.i < sent.end and not t.is_space]
    return _span_content(doc, _ordered(toks), "object") if toks else None


def _light_content(doc: Doc, verb: Token, o: Token, sent: Span) -> Optional[_Content]:
    """What a common verb with an object of saying says: the preposition's object
    ("made a strong condemnation of X"), the object's clause ("made the case that
    ..."), or what follows a colon ("made the following comment: ..."). The verb
    and its object are the cue; the object alone is no content."""
    extra = [doc[j] for j in range(verb.i + 1, o.i + 1)]
    for c in o.children:
        if c.i > o.i and c.dep_ == "prep" and c.lower_ in LIGHT_PREPS:
            pobjs = [x for x in c.children if x.dep_ in ("pobj", "pcomp")]
            if pobjs:
                return _span_content(doc, [x for p in pobjs for x in p.subtree], "prep",
                                     extra=[doc[j] for j in range(verb.i + 1, c.i + 1)])
        if c.i > o.i and c.dep_ in ("acl", "ccomp", "relcl") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            return _span_content(doc, _clean(list(c.subtree), verb), "clause", extra=extra)
    j = o.right_edge.i + 1
    if j + 1 < sent.end and doc[j].text == ":":
        toks = [x for x in doc[j + 1: sent.end] if not x.is_space]
        return _span_content(doc, toks, "quote", extra=extra + [doc[j]])
    return None


def _misattached(doc: Doc, verb: Token, before: Token, after: Token, sent: Span) -> bool:
    """Of two clauses the parser hung on one cue, the one before it is a misparse
    when the one after opens on "that" ("Writing for a panel that agreed Pence
    won, Barabak noted that ...") or when it does not open the sentence ("While
    he acknowledged funding was ..., Ham also noted several ... left him")."""
    if any(m.dep_ == "mark" and m.lower_ == "that" for m in after.children):
        return True
    first = doc[before.left_edge.i]
    if first.dep_ == "mark" or any(not (t.is_punct or t.is_space) for t in doc[sent.start: first.i]):
        return True
    # "It's unlikely; Clinton's team says she'll ...": a quotation before its cue ends on a comma
    between = [t.text for t in doc[before.right_edge.i + 1: verb.i]]
    return any(t in (";", ":") for t in between) or not any(t in QUOTE_MARKS or t in (",", "''") for t in between)


def _whole_quote(doc: Doc, sent: Span, toks: list[Token]) -> list[Token]:
    """A quotation before its cue that the parser cut up ("“He would be a great
    senator. Not good, great,” Cummings said" read with "great" as the clause
    said): the whole quotation is what is said."""
    j = toks[-1].i + 1
    while j < sent.end and doc[j].text in (",", "?", "!", ".") :
        j += 1
    if j >= sent.end or doc[j].text not in ("”", '"', "''"):
        return toks
    if any(x.text in ("“", '"', "``") for x in doc[toks[0].i: j]):
        # the quotation opens inside the clause ("The summit accomplished “too little,” he
        # added"): a quote of a few words, not a cut-up quotation reaching back before it
        return toks
    k = toks[0].i - 1
    while k >= 0 and doc[k].text not in ("“", '"', "``", "”", "''"):
        k -= 1
    if k < 0 or doc[k].text in ("”", "''"):
        return toks
    return [x for x in doc[k + 1: toks[-1].i + 1] if not x.is_space]


def _colon_next(doc: Doc, verb: Token, sent: Span) -> Optional[_Content]:
    """ "He said:" ending its paragraph: what is said is the next paragraph."""
    j = verb.i + 1
    while j < sent.end and (doc[j].dep_ in ("prt", "advmod") and doc[j].head.i == verb.i):
        j += 1
    if j >= len(doc) or doc[j].text != ":":
        return None
    rest = doc_text(doc)[doc[j].idx + 1:]
    nl = min([i for i in (rest.find(c) for c in "\n\u2028\u2029") if i >= 0] or [len(rest)])
    if rest[:nl].strip():
        return None
    at = doc[j].idx + 1
    return _Content(at, at, [], [], "next")


def _quote_before(doc: Doc, verb: Token, sent: Span) -> Optional[_Content]:
    """ "“How many times do we have to see this in our country?” Clinton said.":
    a cue sentence of its own after a quotation; what is said is the quotation."""
    subj = _subject_token(verb)
    first = min([verb.i] + ([subj.left_edge.i] if subj is not None else []))
    if any(not (t.is_punct or t.is_space) for t in doc[sent.start: first]):
        return None
    j = sent.start - 1
    while j >= 0 and (doc[j].is_space or doc[j].text in QUOTE_MARKS or doc[j].text in ("''", "’")) and doc[j].text not in ("”", '"', "''"):
        j -= 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 0 or doc[j].text not in ("”", '"', "''"):
        return None
    k = j - 1
    while k >= 0 and doc[k].text not in ("“", '"', "``"):
        k -= 1
    if k < 0:
        return None
    return _span_content(doc, [t for t in doc[k: j + 1] if not t.is_space], "quote")


def _ordered(toks: list[Token]) -> list[Token]:
    """Tokens once each, in text order."""
    return sorted({t.i: t for t in toks}.values(), key=lambda t: t.i)


def _quote_after(doc: Doc, verb: Token, sent: Span) -> Optional[_Content]:
    """ "X said: “...”", "X said, “...”": the quotation that follows the cue."""
    j = verb.i + 1
    while j < sent.end and (doc[j].dep_ in ("prt", "advmod", "npadvmod") or doc[j].is_space
                            or (doc[j].dep_ == "prep" and doc[j].head.i == verb.i) or doc[j].head.dep_ == "prep" and doc[j].head.head.i == verb.i
                            or doc[j].head.i in [x.i for x in doc[verb.i + 1: j]] and not doc[j].is_punct):
        j += 1
    if j >= sent.end or doc[j].text not in (",", ":"):
        return None
    k = j + 1
    while k < sent.end and doc[k].is_space:
        k += 1
    if k >= sent.end:
        # "He said:" closing its sentence: the quotation is the next sentence
        return None
    if doc[k].text not in QUOTE_OPEN and doc[j].text != ":":
        return None
    toks = [x for x in doc[k: sent.end] if not x.is_space]
    return _span_content(doc, toks, "quote")


def _around(doc: Doc, verb: Token, sent: Span) -> Optional[_Content]:
    """A cue set inside or after its content: "Lenox was a juggernaut, Mr.
    Clarke said, until ...", "Hawaii, as one of his advisers pointed out,
    normally does not ...", "..., Lee said.", "“...,” said Ellis"."""
    subj = _subject_token(verb)
    own = {t.i for t in verb.subtree}
    as_clause = verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
    if verb.dep_ == "parataxis" or as_clause or (verb.dep_ in ("ccomp",) and verb.i > verb.head.i and doc[verb.i - 1].is_punct):
        top = verb.head
        toks = [t for t in top.subtree if t.i not in own and not t.is_space]
        toks = [t for t in toks if sent.start <= t.i < sent.end]
        got = _span_content(doc, _clean(toks, verb), "around")
        if got:
            return got
    # sentence-final cue: "..., Lee said." — the clause before it
    first = min(verb.i, subj.left_edge.i) if subj is not None and subj.dep_ == "nsubj" else verb.i
    before = doc[first - 1] if first > sent.start else None
    if subj is not None and before is not None \
            and (before.text in (",", "”", '"', "’", "''") or (verb.i > sent.start and doc[verb.i - 1].text == ",")):
        pre = [t for t in doc[_quote_start(doc, sent.start, first): first] if not t.is_space]
        got = _span_content(doc, pre, "before" if _said_before(pre) else "adverbial")
        if got:
            return got
    if subj is not None and subj.i > verb.i and verb.i > sent.start and doc[verb.i - 1].text in (",", "”", '"', "''"):
        pre = [t for t in doc[_quote_start(doc, sent.start, verb.i): verb.i] if not t.is_space]
        got = _span_content(doc, pre, "before" if _said_before(pre) else "adverbial")
        if got:
            return got
    return None


def _said_before(toks: list[Token]) -> bool:
    """What stands before a final cue is what was said only if it is a clause or a
    quotation, not a fronted adverbial ("On Sunday, the Times published ...")."""
    return any(t.pos_ in ("VERB", "AUX") or t.text in QUOTE_MARKS or t.text in ("''", "``") for t in toks)


def _quote_start(doc: Doc, start: int, end: int) -> int:
    """Where the quotation that closes in doc[start:end] opens: earlier in the
    passage when it runs over several sentences ("Are we where we need to be?
    Probably not," Ms. Moore said)."""
    marks = [t for t in doc[start:end] if t.text in ("“", "”", '"', "``", "''")]
    opens = sum(1 for t in marks if t.text in ("“", "``"))
    closes = sum(1 for t in marks if t.text in ("”", "''"))
    straight = sum(1 for t in marks if t.text == '"')
    if opens >= closes and straight % 2 == 0:
        return start
    k = start - 1
    while k >= 0 and doc[k].text not in ("“", "``", '"'):
        k -= 1
    return k if k >= 0 else start


# --- cue spans --------------------------------------------------------------------

def _verb_group(doc: Doc, verb: Token, lo: int) -> list[Token]:
    """The verb with the auxiliaries, negation and adverbs right before it
    (not before ``lo``): "has also said", "did not deny", "is once again questioning"."""
    toks = [verb]
    advs = set()
    left = verb.i - 1
    while left > lo and left >= 0:
        t = doc[left]
        if t.head.i == verb.i and (t.dep_ in ("aux", "auxpass", "neg")
                                   or (t.dep_ == "advmod" and t.pos_ == "ADV" and t.lower_ not in WH_ADVERBS)):
            toks.append(t)
            if t.dep_ == "advmod":
                advs.add(t.i)
        elif t.head.i in advs and t.dep_ in ("advmod", "npadvmod") and t.pos_ == "ADV":
            toks.append(t)
        else:
            break
        left -= 1
    return toks


def _cue_tokens(doc: Doc, verb: Token, subj: Optional[Token], content: Optional[_Content],
                cw: Optional[CueWords] = None) -> list[Token]:
    """The cue as PARC marks it: the verb with its auxiliaries, negation and
    the adverbs between the source and the verb, the verb it hangs from when
    that verb is not a cue itself ("went on to discuss", "appeared to
    suggest"), its particle, the preposition right after it that opens a
    prepositional content ("called for") or the agent of a passive
    ("is supported by")."""
    lo = subj.right_edge.i if subj is not None and subj.i < verb.i else -1
    toks = _verb_group(doc, verb, lo)
    v = verb
    while cw is not None and (v.dep_ == "xcomp" or v.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)) \
            and v.head.pos_ == "VERB" and v.head.i < v.i \
            and (v.head.lemma_.lower() not in cw.verbs or v.head.lemma_.lower() in cw.quote_only | cw.seeming) and v.head.i > lo:
        head = v.head
        group = _verb_group(doc, head, lo)
        between = [doc[j] for j in range(head.i + 1, min(t.i for t in toks))]
        if not all((b.head.i == head.i and b.dep_ in ("prt", "advmod")) or (b.head.i == v.i and b.dep_ == "aux")
                   or b.is_space for b in between):
            break
        toks = group + between + toks
        v = head
    right = verb.i + 1
    light = _light_object(verb, verb.lemma_.lower(), cw) if cw is not None else None
    if light is not None and light.i == right and light.pos_ == "PRON":
        toks.append(doc[right])  # "as the memo put it"
        right += 1
    for c in verb.children:
        if c.dep_ == "prt" and c.i == right:
            toks.append(c)
            right += 1
    if content is not None and not (cw is not None and _cue_lemma(verb, cw.verbs) in cw.bare_cue):
        extra = sorted(content.cue_extra, key=lambda t: t.i)
        if extra and extra[0].i == right and all(b.i == a.i + 1 for a, b in zip(extra, extra[1:])):
            toks += extra
        elif cw is not None and not extra:
            # "called on Howard Dean to apologize": the preposition after the verb opens the content
            for c in verb.children:
                if c.dep_ == "prep" and c.i == right and c.lower_ in cw.preps.get(_cue_lemma(verb, cw.verbs), ()) \
                        and content.start > c.idx:
                    toks.append(c)
    return sorted({t.i: t for t in toks}.values(), key=lambda t: t.i)


def _cue_offsets(doc: Doc, toks: list[Token]) -> tuple[int, int]:
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


# --- the finder -------------------------------------------------------------------

def _cue_time_tokens(verb: Token) -> list[int]:
    out = []
    for c in verb.children:
        if c.ent_type_ == "DATE" or (c.dep_ == "prep" and any(p.ent_type_ in ("DATE", "TIME") for p in c.children)):
            out.extend(t.i for t in c.subtree)
        elif c.dep_ == "npadvmod" and c.ent_type_ in ("DATE", "TIME"):
            out.extend(t.i for t in c.subtree)
    return out


def _phrase_attributions(doc: Doc, sent: Span, cw: CueWords, cue_heads: set[int]) -> list[Attribution]:
    """ "according to X", "citing X"."""
    found = []
    for t in sent:
        for words in cw.phrases:
            n = len(words)
            if t.lower_ != words[0] or t.i + n > sent.end:
                continue
            if tuple(x.lower_ for x in doc[t.i: t.i + n]) != words:
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
            src = mention_from_head(doc, obj, full=True, loose=True)
            if src is None:
                continue
            text = doc_text(doc)
            if src.key is not None and all(x.is_punct or x.is_space for x in doc[sent.start: t.i]):
                # "According to X, the move reeks of fear": the comma closes a fronted source
                comma = text.find(",", src.start + len(src.key), src.end)
                if comma > 0:
                    src.end = _trim_end(text, src.start, comma)
                    src.text = text[src.start:src.end]
            in_source = {x.i for x in sent if src.start <= x.idx < src.end}
            if t.head.i == t.i:  # a parse that makes the phrase the root of its sentence
                phrase_toks = set(range(t.i, t.i + n)) | in_source
            else:
                phrase_toks = set(range(t.i, t.i + n)) | {x.i for x in t.subtree} | {x.i for x in obj.subtree} | in_source
            clause_root = t.head if t.head.i != t.i else sent.root
            scope = {x.i for x in sent if x.i not in phrase_toks}
            span = _rest_span(doc, sent, phrase_toks)
            cs, ce = t.idx, last.idx + len(last.text)
            found.append(Attribution(
                cue=doc_text(doc)[cs:ce].lower(), cue_start=cs, cue_end=ce, cue_token=t.i,
                source=src, content=span, scope=scope, sent_start=sent.start,
                via=_via_of(doc, obj), phrase=True, time_tokens=_cue_time_tokens(clause_root),
            ))
            cue_heads.add(t.i)
    return found


def _unsourced_passive(doc: Doc, t: Token, sent: Span, cw: CueWords, lemma: str) -> Optional[Attribution]:
    """ "Mr. Quiros was accused of using $50 million ...", "were rated as mostly
    true": a cue in the passive without its agent, an attribution whose source
    the text does not name. Passives of hedging ("is believed to", "were
    reported") are hedges, not attributions."""
    # "is believed to" hedges; "is expected to", a forecast, is reported ("infinitive" verbs)
    if (lemma in cw.hedging and lemma not in cw.infinitive) or t.dep_ in ("amod", "acl"):
        return None
    subj = next((c for c in t.children if c.dep_ == "nsubjpass"), None)
    if subj is None or subj.lower_ in REL_PRONOUNS or subj.pos_ == "PRON" and subj.lower_ in ("it", "this", "that"):
        return None
    comp, extra = None, []
    for c in t.children:
        if c.i <= t.i:
            continue
        if c.dep_ in ("xcomp", "oprd", "ccomp"):
            comp = c
            break
        if c.dep_ == "prep" and c.lower_ in ("as", "of", "for", "with") and any(x.dep_ in ("pobj", "pcomp") for x in c.children):
            comp, extra = c, [c]
            break
    if comp is None:
        return None
    toks = list(subj.subtree) + [x for x in comp.subtree if x not in extra]
    content = _span_content(doc, _ordered(toks), "passive")
    if content is None:
        return None
    cue_toks = _verb_group(doc, t, subj.right_edge.i)
    if extra and extra[0].i == t.i + 1:
        cue_toks += extra
    cue_toks = sorted(cue_toks, key=lambda x: x.i)
    cs, ce = _cue_offsets(doc, cue_toks)
    return Attribution(cue=t.text.lower(), cue_start=cs, cue_end=ce, cue_token=t.i, source=None,
                       content=(content.start, content.end), scope={x.i for x in toks}, sent_start=sent.start,
                       denial=lemma in cw.denials, time_tokens=_cue_time_tokens(t))


def _cue_lemma_of_word(low: str, verbs: frozenset) -> Optional[str]:
    """The cue verb a past or present form belongs to ("said", "adds"), if any."""
    if low in ("said", "says"):
        return "say"
    for suffix, add in (("ed", ""), ("ed", "e"), ("d", ""), ("es", ""), ("s", "")):
        if low.endswith(suffix) and low[: -len(suffix)] + add in verbs:
            return low[: -len(suffix)] + add
    return None


def _cue_lemma(t: Token, verbs: frozenset) -> str:
    """The token's lemma, or the cue verb its form belongs to when the tagger's
    lemma misses it ("hopes" read as "hop", "rated" as "rat")."""
    lemma = t.lemma_.lower()
    if lemma in verbs:
        return lemma
    low = t.lower_
    for suffix, add in (("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e")):
        if low.endswith(suffix) and low[: -len(suffix)] + add in verbs:
            return low[: -len(suffix)] + add
    return lemma


def _light_object(t: Token, lemma: str, cw: CueWords) -> Optional[Token]:
    """The object that makes a common verb a cue: "made the case for", "made a
    strong condemnation of", "as the memo put it" (``light_objects`` in cues.yaml)."""
    words = cw.light_objects.get(lemma)
    if not words:
        return None
    return next((c for c in t.children if c.dep_ == "dobj" and c.lemma_.lower() in words), None)


def _verb_attribution(doc: Doc, t: Token, sent: Span, cw: CueWords, cue_heads: set[int],
                      content_of_head: dict[int, str]) -> Optional[Attribution]:
    lemma = _cue_lemma(t, cw.verbs)
    if (t.pos_ != "VERB" and not _verb_tagged_noun(t)) or t.i in cue_heads or (lemma not in cw.verbs and _light_object(t, lemma, cw) is None):
        return None
    if lemma in cw.seeming:
        return _seem_attribution(doc, t, sent, cw)
    if t.dep_ == "acl" and t.tag_ == "VBG" and t.head.pos_ == "NOUN" and lemma in cw.loose and lemma not in cw.quote_only:
        return _participle_attribution(doc, t, sent, cw, lemma)
    stranded = None
    if t.dep_ in ("amod", "acl") and t.head.pos_ in ("NOUN", "PROPN"):
        stranded = _subject_of_verbless_sentence(doc, t, sent, lemma in cw.loose)
        if stranded is None:
            return None  # "reported cases", "a lawmaker briefed by"
    passive = any(c.dep_ == "auxpass" for c in t.children)
    agent = next((c for c in t.children if c.dep_ == "agent"), None)
    if passive and agent is None:
        return _unsourced_passive(doc, t, sent, cw, lemma)
    if passive and lemma not in cw.agentive and lemma not in cw.speech and lemma not in cw.stance:
        return None
    if t.dep_ == "advcl" and t.tag_ == "VBG" and t.head.i in cue_heads and content_of_head.get(t.head.i) == "object" \
            and lemma in cw.speech and t.head.lemma_.lower() in cw.speech and not _states_figure(t):
        return None  # "acknowledged their involvement, stating that ...": one speech act, one attribution
    if t.dep_ == "relcl" and t.head.pos_ in ("NOUN", "PROPN") and not any(c.dep_ == "nsubj" for c in t.children):
        return None  # "the claim he made": the noun is the object, not the speaker
    src = stranded or _source_of(doc, t, loose=lemma in cw.loose)
    if src is None:
        return None
    if src.type == "pronoun" and src.pronoun in ("i", "we", "you") and lemma in cw.not_first_person:
        return None  # "I think ...", "we hope ...": an opinion voiced, not a report
    if passive and agent is not None:
        subj = _subject_token(t)
        if subj is None:
            return None
        content = _span_content(doc, list(subj.subtree), "object", extra=[agent])
    else:
        content = _content_of(doc, t, sent, cw, src)
    if content is None or (lemma in cw.quote_only and content.kind not in ("next", "quote")) \
            or (lemma in cw.prep_only and content.kind not in ("prep", "next", "quote")):
        return None
    subj = _subject_token(t)
    cue_toks = _cue_tokens(doc, t, subj if not passive else None, content, cw)
    cs, ce = _cue_offsets(doc, cue_toks)
    # the content never swallows the cue or the source
    scope = {x.i for x in content.toks} - {x.i for x in cue_toks}
    return Attribution(
        cue=t.text.lower(), cue_start=cs, cue_end=ce, cue_token=t.i,
        source=src, content=(content.start, content.end), scope=scope, sent_start=sent.start,
        via=_via_of(doc, doc[src.head]) if src.type != "pronoun" else [], denial=lemma in cw.denials,
        time_tokens=_cue_time_tokens(t), extend="next" if content.kind == "next" else None,
    )


def _subject_of_verbless_sentence(doc: Doc, t: Token, sent: Span, loose: bool) -> Optional[Mention]:
    """ "Aaron Kall, the director of debate at the university, compared Trump to
    a coach", "One of the doctors who sent the letter called Oz a quack": a
    sentence the parser left without a main verb, its subject read as the root
    and the cue verb hung on a noun as a participle. A past form after that
    root, with no agent of its own, is the main verb, and the root's phrase up
    to it is the speaker."""
    root = sent.root
    if t.tag_ not in ("VBD", "VBN") or root.pos_ not in ("NOUN", "PROPN", "NUM") or not root.i < t.i \
            or any(c.dep_ in ("agent", "auxpass", "aux") for c in t.children) \
            or any(x.pos_ in ("VERB", "AUX") and x.dep_ in ("ROOT", "conj") and x.head.i == root.i for x in sent) \
            or not any(c.dep_ in ("dobj", "oprd", "ccomp", "prep", "dative") and c.i > t.i for c in t.children):
        return None
    m = mention_from_head(doc, root, full=True, loose=loose)
    if m is None or m.start >= t.idx:
        return None
    if m.end > t.idx:
        last = t.i - 1
        while last > root.i and (doc[last].is_punct or doc[last].is_space):
            last -= 1
        m.end = doc[last].idx + len(doc[last].text)
        m.text = doc_text(doc)[m.start:m.end]
    return m


def _verb_tagged_noun(t: Token) -> bool:
    """ "Trump claims that he should be the exception", "the campaign plans to
    employ ...": the tagger reads the -s form as a plural noun, but the parse
    still gives it a subject and a clause, which no noun has; the structure
    outweighs the tag."""
    return t.pos_ == "NOUN" and t.tag_ == "NNS" and any(c.dep_ == "nsubj" and c.i < t.i for c in t.children) \
        and any(c.dep_ in ("ccomp", "xcomp") and c.i > t.i for c in t.children)


def _states_figure(t: Token) -> bool:
    """ "the army denied the claim, saying only six troops died": a participle
    of saying whose clause gives a number makes a report of its own, the figure's
    cue; without one it only restates the speech act it hangs on."""
    return any(c.dep_ in ("ccomp", "xcomp", "dobj") and any(x.like_num or x.pos_ == "NUM" for x in c.subtree)
               for c in t.children if c.i > t.i)


def _seem_attribution(doc: Doc, t: Token, sent: Span, cw: CueWords) -> Optional[Attribution]:
    """ "Melania seems to have vanished from the campaign trail", "drawing on home
    equity seems too risky": the writer's impression, an attribution without a
    source; what is said is the subject with its predicate. A verb of saying
    after it ("seemed to think") is the cue of its own subject's report."""
    if t.tag_ not in ("VBZ", "VBD", "VBP") and not any(c.dep_ == "aux" and c.lower_ != "to" for c in t.children):
        return None  # "makes him seem kinder": no finite clause of its own
    subj = next((c for c in t.children if c.dep_ in ("nsubj", "csubj")), None)
    if subj is None or subj.lower_ in ("it", "this", "there", "what") or subj.i > t.i:
        return None  # "it seems as though ...", "what appeared to be": no subject the impression is about
    comp = next((c for c in t.children if c.i > t.i and (c.dep_ == "xcomp" and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children)
                                                          or c.dep_ in ("acomp", "attr", "oprd") and c.pos_ in ("ADJ", "NOUN"))), None)
    if comp is None or (comp.pos_ == "VERB" and _cue_lemma(comp, cw.verbs) in cw.verbs):
        return None
    if subj.lower_ in REL_PRONOUNS:
        toks = [subj] + list(comp.subtree)  # "a question which seems to be ...": the pronoun stands for it
    else:
        toks = list(subj.subtree) + list(comp.subtree)
    toks = [x for x in toks if sent.start <= x.i < sent.end and not x.is_space]
    content = _span_content(doc, _ordered(toks), "clause")
    if content is None:
        return None
    cue_toks = sorted(_verb_group(doc, t, subj.right_edge.i), key=lambda x: x.i)
    cs, ce = _cue_offsets(doc, cue_toks)
    return Attribution(cue=t.text.lower(), cue_start=cs, cue_end=ce, cue_token=t.i, source=None,
                       content=(content.start, content.end), scope={x.i for x in toks}, sent_start=sent.start,
                       time_tokens=_cue_time_tokens(t))


def _participle_attribution(doc: Doc, t: Token, sent: Span, cw: CueWords, lemma: str) -> Optional[Attribution]:
    """A participle of saying after a document: "the Council issued a statement
    calling the test a violation", "Clinton has a new ad hitting Trump", "a
    letter urging ...". The document speaks for whoever issued it: the subject
    of the verb whose object it is is the source and the cue runs from that verb
    to the participle; a document that is no object is the source itself."""
    noun = t.head
    if noun.lemma_.lower() not in cw.in_documents:
        return None  # documents that report ("a statement", "an ad"), not "a policy urging"
    content = _content_of(doc, t, sent, cw, None)
    if content is None or content.kind not in ("clause", "object", "prep", "quote") or content.start < t.idx:
        return None
    holder = noun.head
    if noun.dep_ == "dobj" and _cue_lemma(holder, cw.verbs) in cw.verbs:
        return None  # "noted published reports alleging ...": the outer cue's content
    if noun.dep_ == "dobj" and holder.pos_ in ("VERB", "AUX") and holder.i < noun.i:
        src = _source_of(doc, holder, loose=True)
        if src is None:
            return None
        subj = _subject_token(holder)
        first = _verb_group(doc, holder, subj.right_edge.i if subj is not None and subj.i < holder.i else -1)
        lo = min(x.i for x in first)
    else:
        src = mention_from_head(doc, noun, full=False, loose=True)
        if src is None:
            return None
        lo = t.i
    hi = max([t.i] + [x.i for x in content.cue_extra if x.i == t.i + 1])
    cs, ce = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
    return Attribution(cue=t.text.lower(), cue_start=cs, cue_end=ce, cue_token=t.i, source=src,
                       content=(content.start, content.end), scope={x.i for x in content.toks} - set(range(lo, hi + 1)),
                       sent_start=sent.start, denial=lemma in cw.denials, time_tokens=_cue_time_tokens(t))


# "“…” ― Sonya Herridge": a quotation signed with a dash
_SIGNED = re.compile(r"(?P<q>[“”\"][^\n]*[”\"])[ \t\u00a0]*(?P<cue>[―—–]|--)[ \t\u00a0]*"
                     r"(?P<src>[A-Z][\w.’'-]*(?:[ \t\u00a0]+[A-Z][\w.’'-]*){0,4})\.?[ \t\u00a0]*(?=\n|$)")
# "PENCE: Well, look, ..." (a transcript) or "Pence: Gennifer Flowers Won’t Be at Debate" (a headline)
_SPEAKER_TAG = re.compile(r"(?:^|(?<=\n))[ \t\u00a0]*[\"“]?(?P<src>[A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,2})"
                          r"(?P<cue>:)[ \t\u00a0]+(?=\S)")


def _char_tokens(doc: Doc, s: int, e: int) -> Optional[Span]:
    return doc.char_span(s, e, alignment_mode="expand")


def _punctuation_attributions(doc: Doc, cw: CueWords) -> list[Attribution]:
    """Attributions marked by punctuation alone: a quotation signed with a dash
    ("“…” ― Sonya Herridge") and a speaker's name before a colon at the start of
    a paragraph ("PENCE: Well, look, …", a headline's "Pence: Flowers Won't Be
    at Debate"). A speaker tag's content runs to the end of its paragraph."""
    text = doc_text(doc)
    out = []
    for m in _SIGNED.finditer(text):
        src = _char_tokens(doc, *m.span("src"))
        cue = _char_tokens(doc, *m.span("cue"))
        if src is None or cue is None or not any(t.pos_ == "PROPN" or t.ent_type_ == "PERSON" for t in src):
            continue
        qs, qe = m.span("q")
        line = text.rfind("\n", 0, qs) + 1
        content = tokens_span(doc, [t for t in doc if line <= t.idx < qe])
        if content is None:
            continue
        out.append(_punct_attribution(doc, m.span("cue"), cue, m.span("src"), src, content))
    for m in _SPEAKER_TAG.finditer(text):
        name = m.group("src")
        if name.lower() in cw.not_speakers or name.split()[0].lower() in cw.not_speakers:
            continue
        src = _char_tokens(doc, *m.span("src"))
        cue = _char_tokens(doc, *m.span("cue"))
        if src is None or cue is None or not all(t.is_title or t.is_upper or t.is_punct for t in src):
            continue
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        content = tokens_span(doc, [t for t in doc if m.end() <= t.idx < end])
        if content is None:
            continue
        cue_span = m.span("cue")
        first, _, rest = name.partition(" ")
        if rest and _cue_lemma_of_word(first.lower(), cw.verbs) is not None:
            # "Said Ellis: “I don’t get the sense ...”": the inverted verb is the cue
            s0 = m.start("src")
            cue_span = (s0, s0 + len(first))
            src = _char_tokens(doc, s0 + len(first) + 1, m.end("src"))
            cue = _char_tokens(doc, *cue_span)
            if src is None or cue is None:
                continue
            a = _punct_attribution(doc, cue_span, cue, (s0 + len(first) + 1, m.end("src")), src, content)
        else:
            a = _punct_attribution(doc, cue_span, cue, m.span("src"), src, content)
        a.extend = "paragraph"
        out.append(a)
    return out


def _punct_attribution(doc: Doc, cue_span, cue: Span, src_span, src: Span, content) -> Attribution:
    s, e = src_span
    text = doc_text(doc)
    mention = Mention(s, e, text[s:e], src.root.i, "person" if src.root.ent_type_ in ("PERSON", "") else _mention_type(src.root) or "person")
    scope = {t.i for t in doc if content[0] <= t.idx < content[1]}
    first = cue[0]
    sent = next(x for x in sentences(doc) if x.start <= first.i < x.end)
    return Attribution(cue=text[cue_span[0]:cue_span[1]], cue_start=cue_span[0], cue_end=cue_span[1], cue_token=first.i,
                       source=mention, content=content, scope=scope, sent_start=sent.start, mark=True)


NOUN_PREPS = {"about", "of", "on", "over", "for", "against", "regarding", "toward", "towards"}


def _noun_attribution(doc: Doc, t: Token, sent: Span, cw: CueWords) -> Optional[Attribution]:
    """A noun of saying or stance: "Trump's claim that there have been
    thousands of shootings", "his theory of the United States' role", "the
    campaign's plan to employ Mr. Obama", "a New York Times report that ...".
    Its possessor (or a name compounded with it) is the source and the clause,
    infinitive or prepositional object after it the content. Without a
    possessor the noun is too often a topic ("despite accusations that ...",
    "the plan to ..."), not a report this text makes."""
    if t.pos_ != "NOUN" or t.lemma_.lower() not in cw.nouns:
        return None
    if t.dep_ in ("compound", "poss"):
        return None
    poss = next((c for c in t.children if c.dep_ == "poss"), None)
    if poss is None:
        poss = next((c for c in t.children if c.dep_ == "compound" and c.i < t.i
                     and c.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")), None)
    src = mention_from_head(doc, poss, full=True, loose=True) if poss is not None else None
    if src is None:
        return None
    if poss.dep_ == "compound":
        # "a New York Times report": the name, not the whole noun phrase
        ent = next((e for e in doc.ents if e.start <= poss.i < e.end and e.end <= t.i), None)
        if ent is None:
            return None
        src.start, src.end, src.text = ent.start_char, ent.end_char, ent.text
    content, extra = None, []
    for c in t.children:
        if c.i < t.i:
            continue
        if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            toks = [x for x in c.subtree if not (x.dep_ == "mark" and x.head.i == c.i and x.lower_ == "that")]
            content = _span_content(doc, toks, "clause")
            break
        if c.dep_ == "acl" and c.tag_ == "VB" and any(m.dep_ == "aux" and m.lower_ == "to" for m in c.children):
            content = _span_content(doc, list(c.subtree), "clause")  # "his promise to stick it to the rich"
            break
        if c.dep_ == "prep" and c.lower_ in NOUN_PREPS and c.i == t.i + 1:
            objs = [x for x in c.children if x.dep_ in ("pobj", "pcomp")]
            if objs and not any(x.ent_type_ in ("DATE", "TIME") for x in objs):
                content = _span_content(doc, [x for o in objs for x in o.subtree], "prep")
                extra = [c]
            break
    if content is None and t.i + 1 < sent.end and doc[t.i + 1].lower_ == "that" and doc[t.i + 1].dep_ == "mark":
        # "seizing upon a New York Times report that ...": the parser hangs the clause right
        # after the noun on the verb before it, which says nothing of its own
        h = doc[t.i + 1].head
        if h.dep_ == "ccomp" and h.i > t.i and h.head.i < t.i and _cue_lemma(h.head, cw.verbs) not in cw.verbs:
            content = _span_content(doc, [x for x in h.subtree if x.i > t.i + 1], "clause")
    if content is None or src is None:
        return None
    # "his earlier claim", "a tacit acknowledgment": the adjectives right before the noun join the cue
    lead = t.i
    while lead - 1 >= 0 and doc[lead - 1].head.i == t.i and doc[lead - 1].dep_ == "amod" and doc[lead - 1].pos_ == "ADJ":
        lead -= 1
    cue_toks = [doc[j] for j in range(lead, t.i + 1)] + extra
    cs, ce = _cue_offsets(doc, cue_toks)
    return Attribution(cue=t.text.lower(), cue_start=cs, cue_end=ce, cue_token=t.i, source=src,
                       content=(content.start, content.end), scope={x.i for x in content.toks},
                       sent_start=sent.start, denial=t.lemma_.lower() in cw.denials)


def _stance_agent_attribution(doc: Doc, t: Token, prep: Token, sent: Span) -> Optional[Attribution]:
    """ "Kaine is a staunch opponent of the death penalty", "Clinton has been a
    consistent and outspoken supporter of NATO": the subject of the copula is
    the source, the copula with the noun and "of" the cue, the preposition's
    object the content."""
    verb = t.head
    if t.dep_ != "attr" or verb.lemma_.lower() != "be" or prep.dep_ != "prep" or prep.head.i != t.i \
            or prep.lower_ != "of" or verb.i > t.i:
        return None
    pobjs = [x for x in prep.children if x.dep_ in ("pobj", "pcomp")]
    if not pobjs:
        return None
    src = _source_of(doc, verb)
    if src is None or src.type == "pronoun" and src.pronoun in ("i", "we", "you", "it"):
        return None
    content = _span_content(doc, [x for p in pobjs for x in p.subtree], "prep",
                            extra=[doc[j] for j in range(verb.i + 1, prep.i + 1)])
    if content is None:
        return None
    cue_toks = _cue_tokens(doc, verb, _subject_token(verb), content)
    cs, ce = _cue_offsets(doc, cue_toks)
    return Attribution(cue=t.text.lower(), cue_start=cs, cue_end=ce, cue_token=t.i, source=src,
                       content=(content.start, content.end), scope={x.i for x in content.toks},
                       sent_start=sent.start, via=_via_of(doc, doc[src.head]) if src.type != "pronoun" else [],
                       time_tokens=_cue_time_tokens(verb))


def _stance_noun_attribution(doc: Doc, t: Token, sent: Span, cw: CueWords,
                             cue_heads: set[int]) -> Optional[Attribution]:
    """A noun of stance right before the preposition that opens what it is about
    (``stance_nouns`` in cues.yaml), the object of a verb that says whose it is:
    a holder, its subject the source ("Trump is raising questions about his
    microphone", "advocates have expressed deep concern about the policy",
    "showing support for her plan"), the verb, the noun and the preposition
    the cue; or a verb whose subject is the target ("Suu Kyi has faced sharp
    criticism for failing ...", "came under criticism from X for ..."), the
    source unnamed or after "from", the noun with its adjectives and the
    preposition the cue."""
    agent = t.lemma_.lower() in cw.stance_agents
    if t.pos_ != "NOUN" or not (agent or t.lemma_.lower() in cw.stance_nouns) or t.i + 1 >= sent.end:
        return None
    prep = doc[t.i + 1]
    if agent:
        return _stance_agent_attribution(doc, t, prep, sent)
    # the preposition right after the noun, or hung on its verb by the parser ("throwing its support behind")
    if prep.dep_ != "prep" or not (prep.head.i == t.i or t.dep_ == "dobj" and prep.head.i == t.head.i) \
            or prep.lower_ not in cw.stance_preps \
            or prep.lower_ in cw.stance_not_before.get(t.lemma_.lower(), ()):
        return None
    if any(x.like_num for x in t.subtree if x.i < t.i):
        return None  # "has just 5 percent support": a share, not a stance voiced
    pobjs = [x for x in prep.children if x.dep_ in ("pobj", "pcomp")]
    if not pobjs or any(x.ent_type_ in ("DATE", "TIME") for x in pobjs):
        return None
    det = next((c.lower_ for c in t.children if c.dep_ == "det"), None)
    if prep.lower_ == "of" and det in ("the", "a", "an"):
        return None  # "has the support of X": X holds it
    if t.dep_ == "dobj":
        verb = t.head
    elif t.dep_ == "pobj" and t.head.lower_ == "under" and t.head.head.pos_ == "VERB":
        verb = t.head.head  # "came under withering criticism for"
    else:
        return None
    lemma = verb.lemma_.lower()
    if verb.pos_ not in ("VERB", "AUX") or verb.i in cue_heads or verb.i > t.i:
        return None
    content = _span_content(doc, [x for p in pobjs for x in p.subtree], "prep",
                            extra=[doc[j] for j in range(verb.i + 1, prep.i + 1)])
    if content is None:
        return None
    if lemma in cw.stance_holders and t.dep_ == "dobj":
        src = _source_of(doc, verb)
        if src is None or src.type == "pronoun" and src.pronoun in ("i", "we", "you", "it") or _is_document(doc, src):
            return None  # "the decision raises questions about": a thing holds no stance
        cue_toks = _cue_tokens(doc, verb, _subject_token(verb), content, cw)
    elif lemma in cw.stance_targets and (lemma == "come") == (t.dep_ == "pobj"):
        frm = next((c for h in (t, verb) for c in h.children if c.dep_ == "prep" and c.lower_ == "from"), None)
        fobj = next((c for c in frm.children if c.dep_ == "pobj"), None) if frm is not None else None
        src = mention_from_head(doc, fobj, full=True, loose=True) if fobj is not None else None
        lead = t.i
        while lead - 1 >= 0 and doc[lead - 1].head.i == t.i and doc[lead - 1].dep_ == "amod" and doc[lead - 1].pos_ == "ADJ":
            lead -= 1
        cue_toks = [doc[j] for j in range(lead, t.i + 1)] + [prep]
    else:
        return None
    cs, ce = _cue_offsets(doc, cue_toks)
    scope = {x.i for x in content.toks} - {x.i for x in cue_toks}
    return Attribution(cue=t.text.lower(), cue_start=cs, cue_end=ce, cue_token=t.i, source=src,
                       content=(content.start, content.end), scope=scope, sent_start=sent.start,
                       via=_via_of(doc, doc[src.head]) if src is not None and src.type != "pronoun" else [],
                       time_tokens=_cue_time_tokens(verb))


def find_attributions(doc: Doc) -> list[Attribution]:
    cw = _cues()
    found: list[Attribution] = _punctuation_attributions(doc, cw)
    cue_heads: set[int] = {a.cue_token for a in found}
    kinds: dict[int, str] = {}
    for sent in sentences(doc):
        found += _phrase_attributions(doc, sent, cw, cue_heads)
        for t in sent:
            a = _verb_attribution(doc, t, sent, cw, cue_heads, kinds) or _noun_attribution(doc, t, sent, cw) \
                or _adjective_attribution(doc, t, sent, cw) or _stance_noun_attribution(doc, t, sent, cw, cue_heads)
            if a is None:
                continue
            found.append(a)
            cue_heads.add(t.i)
            content = _content_kind(doc, t, a)
            kinds[t.i] = content
        if not any(a.sent_start == sent.start for a in found):
            a = _in_document(doc, sent, cw)
            if a is not None:
                found.append(a)
    _coordinated_cues(doc, found)
    _concessive_asides(doc, found)
    _split_at_joins(doc, found, cw)
    _cited_sources(doc, found)
    found = _topic_tags_dropped(doc, found)
    found = [a for a in found if not _other_sense(doc, a, cw)]
    _estimates_at(doc, found, cw)
    return _outermost(doc, found)


def _joins(doc: Doc, sent: Span, cw: CueWords) -> list[tuple[int, int]]:
    """Where a sentence joins two clauses of its own: a semicolon, or a comma
    before a conjunction that opens a clause (``clause_joiners`` in cues.yaml).
    Each as (first token of the join, first token after it)."""
    out = []
    for t in sent:
        if t.text == ";":
            out.append((t.i, t.i + 1))
        elif t.text == "," and t.i + 1 < sent.end and doc[t.i + 1].lower_ in cw.joiners:
            out.append((t.i, t.i + 2))
    return out


def _own_speaker(doc: Doc, a: Attribution, cw: CueWords) -> bool:
    """A report whose speaker its clause names: a verb of saying with a subject
    of its own, or "according to X". Intentions and opinions ("might seek", "I'll
    report", "had ordered") inside a clause said are what the outer speaker
    reports, and a speaker who shares another cue's subject is that cue's."""
    if a.source is None or a.mark or a.extend is not None or a.coordinated:
        return False
    if a.source.type == "pronoun" and a.source.pronoun in ("i", "we", "you"):
        return False
    if a.phrase:
        return True
    t = doc[a.cue_token]
    subj = _nsubj(t)
    return subj is not None and subj.lower_ not in REL_PRONOUNS and _cue_lemma(t, cw.verbs) in cw.speech


def _quoted_tokens(doc: Doc, sent: Span) -> set[int]:
    """The tokens of a sentence inside quotation marks, whatever marks it uses
    (“…”, "…", ''…'', ``…'')."""
    out, inside = set(), False
    for t in sent:
        if t.text in QUOTE_MARKS or t.text in ("''", "``"):
            inside = not inside
            continue
        if inside:
            out.add(t.i)
    return out


def _tokens_of(doc: Doc, sent: Span, a: Attribution) -> list[int]:
    """The tokens of an attribution's cue and source."""
    spans = [(a.cue_start, a.cue_end)] + ([(a.source.start, a.source.end)] if a.source is not None else [])
    return [t.i for t in sent if any(s <= t.idx < e for s, e in spans)] or [a.cue_token]


def _split_at_joins(doc: Doc, found: list[Attribution], cw: CueWords) -> None:
    """ "The air force said it downed 42 drones, while two people were wounded,
    the governor said"; "X killed two soldiers, the army said, while the ministry
    said strikes killed 12": two reports joined into one sentence. The parser
    hangs one clause on the other, so each cue's content would run into the
    other clause and take its figures. Where a join (", while", "; ", ", but")
    stands between two cues that each name their own speaker, it bounds both:
    each attribution keeps the content and the scope on its side of it. Of
    several joins between two cues, a cue set after its content (", the
    governor said") takes the first, a cue that opens its clause the last."""
    by_sent: dict[int, list[Attribution]] = {}
    for a in found:
        by_sent.setdefault(a.sent_start, []).append(a)
    for atts in by_sent.values():
        if len(atts) < 2:
            continue
        sent = doc[atts[0].cue_token].sent
        quoted = _quoted_tokens(doc, sent)
        joins = [j for j in _joins(doc, sent, cw) if j[0] not in quoted]
        if not joins:
            continue
        own = [a for a in atts if _own_speaker(doc, a, cw) and a.cue_token not in quoted]
        if len(own) < 2:
            continue
        spans = {id(a): _tokens_of(doc, sent, a) for a in own}
        own.sort(key=lambda a: min(spans[id(a)]))
        cuts = []
        for b, a in zip(own, own[1:]):
            lo, hi = max(spans[id(b)]), min(spans[id(a)])
            between = [j for j in joins if lo < j[0] and j[1] <= hi]
            if not between:
                continue
            final = a.content is not None and a.content[0] < doc[hi].idx
            cuts.append(between[0] if final else between[-1])
        if not cuts:
            continue
        for a in atts:
            if a.content is None or a.extend is not None:
                continue
            toks = _tokens_of(doc, sent, a)
            first = max([c[1] for c in cuts if c[1] <= min(toks)], default=sent.start)
            last = min([c[0] for c in cuts if c[0] > max(toks)], default=sent.end)
            if any(c[0] <= i < c[1] for c in cuts for i in toks) or first >= last:
                continue
            s, e = max(a.content[0], doc[first].idx), min(a.content[1], doc[last - 1].idx + len(doc[last - 1].text))
            s, e = char_span(doc, s, e)
            if s < e:
                if (s, e) != a.content:
                    a.content = (s, e)
                    a.scope = {i for i in a.scope if first <= i < last}
                continue
            # the whole content lay across the join ("..., officials said; in Odesa, two were
            # injured, the mayor said" read with the first clause as the mayor's): what is said
            # is the rest of the cue's own side
            mine = (set(toks) | {x.i for x in doc[a.cue_token].subtree}) if a.phrase else set(toks)
            rest = _rest_span(doc, doc[first:last], mine)
            if rest is None:
                continue
            a.content = char_span(doc, *rest)
            a.scope = {i for i in range(first, last) if i not in mine}


def _concessive_asides(doc: Doc, found: list[Attribution]) -> None:
    """A concessive clause with a cue of its own ("..., though she noted ...")
    is no part of the content of the report it closes."""
    for a in found:
        if not _concessive(doc, a):
            continue
        first = doc[a.cue_token].left_edge
        for b in found:
            if b is a or b.content is None or not b.content[0] < first.idx < b.content[1]:
                continue
            end = doc[first.i - 1] if first.i > 0 else first
            while end.i > 0 and end.is_punct:
                end = doc[end.i - 1]
            if end.idx + len(end.text) > b.content[0]:
                b.content = (b.content[0], end.idx + len(end.text))
                b.scope = {i for i in b.scope if i < first.i}


def _coordinated_cues(doc: Doc, found: list[Attribution]) -> None:
    """ "The mayor said he would order a review and warned against cuts": the
    parser hangs the second cue on the verb of the clause said, but a finite
    verb in the tense of the outer cue, after a clause of another tense or
    with a modal, is the outer speaker's second speech act. It takes the outer
    source, and the outer content ends before it."""
    by_token = {a.cue_token: a for a in found}
    for a in found:
        t = doc[a.cue_token]
        h = t.head
        if t.dep_ != "conj" or h.dep_ != "ccomp" or h.head.i not in by_token or h.head.i == t.i:
            continue
        outer = by_token[h.head.i]
        v = doc[outer.cue_token]
        if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children) or t.tag_ != v.tag_ \
                or t.tag_ not in ("VBD", "VBZ", "VBP") or outer.source is None or outer.content is None:
            continue
        if h.tag_ == t.tag_ and not any(c.dep_ == "aux" and c.lower_ != "to" for c in h.children):
            continue  # "said she called it a scam and denied it": the clause's own speaker may go on
        cc = next((c for c in h.children if c.dep_ == "cc" and c.i < t.i), None)
        if cc is None or not outer.content[0] <= a.cue_start < outer.content[1]:
            continue
        a.source = replace(outer.source)
        a.via = list(outer.via)
        a.coordinated = True
        end = doc[cc.i - 1] if cc.i > 0 else cc
        while end.i > 0 and end.is_punct:
            end = doc[end.i - 1]
        outer.content = (outer.content[0], min(outer.content[1], end.idx + len(end.text)))
        outer.scope = {i for i in outer.scope if i < cc.i}


def _adjective_attribution(doc: Doc, t: Token, sent: Span, cw: CueWords) -> Optional[Attribution]:
    """ "Graham has been critical of Trump", "Republicans weren't too concerned
    about this shift", "she was sure that Trump would win": an adjective of
    stance after a copula; the copula's subject is the source."""
    if t.pos_ == "ADJ" and t.dep_ in ("ccomp", "oprd") and t.lemma_.lower() in cw.adjectives and t.head.lemma_.lower() == "make":
        return _made_it_clear(doc, t, sent)
    if t.pos_ != "ADJ" or t.dep_ != "acomp" or t.lemma_.lower() not in cw.adjectives:
        return None
    cop = t.head
    if cop.pos_ not in ("AUX", "VERB") or cop.i > t.i:
        return None
    subj = next((c for c in cop.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return None
    if subj.lower_ in REL_PRONOUNS:
        src = _relative_source(doc, subj, cop) if cop.dep_ == "relcl" else None
    else:
        src = mention_from_head(doc, subj, full=True, loose=True)
    if src is None or (src.type == "pronoun" and src.pronoun in ("i", "we", "you")):
        return None
    content, extra = None, []
    for c in list(t.children) + [c for c in cop.children if c.i > t.i]:
        if c.i < t.i:
            continue
        if c.dep_ == "prep" and c.lower_ in ("of", "about", "over", "with", "on", "to", "toward", "towards"):
            objs = [x for x in c.children if x.dep_ in ("pobj", "pcomp")]
            if objs:
                content = _span_content(doc, [x for o in objs for x in o.subtree], "prep")
                extra = [c] if c.i == t.i + 1 else []
                break
        if c.dep_ in ("ccomp", "xcomp"):
            content = _span_content(doc, _clean(list(c.subtree), cop), "clause")
            break
    if content is None:
        return None
    lo = subj.right_edge.i if subj.i < cop.i else -1
    cue_toks = _verb_group(doc, cop, lo) + [doc[j] for j in range(cop.i + 1, t.i + 1)] + extra
    cue_toks = sorted({x.i: x for x in cue_toks}.values(), key=lambda x: x.i)
    cs, ce = _cue_offsets(doc, cue_toks)
    return Attribution(cue=t.text.lower(), cue_start=cs, cue_end=ce, cue_token=t.i, source=src,
                       content=(content.start, content.end), scope={x.i for x in content.toks}, sent_start=sent.start)


def _made_it_clear(doc: Doc, t: Token, sent: Span) -> Optional[Attribution]:
    """ "Ham made it clear he had major misgivings about ...": "made it <adjective>"
    is the cue, the subject of "made" the source, the clause after it what is said."""
    make = t.head
    it = next((x for x in doc[make.i + 1: t.i] if x.lower_ == "it"), None)
    if it is None or not all(x.dep_ == "advmod" and x.head.i == t.i for x in doc[it.i + 1: t.i]):
        return None
    src = _source_of(doc, make, loose=True)
    if src is None:
        return None
    comp = next((c for c in list(t.children) + list(make.children)
                 if c.i > t.i and c.dep_ in ("ccomp", "advcl", "xcomp") and c.pos_ in ("VERB", "AUX")), None)
    if comp is None:
        return None
    content = _span_content(doc, _clean(list(comp.subtree), make), "clause")
    if content is None:
        return None
    subj = _subject_token(make)
    lo = subj.right_edge.i if subj is not None and subj.i < make.i else -1
    cue_toks = sorted(_verb_group(doc, make, lo) + list(doc[it.i: t.i + 1]), key=lambda x: x.i)
    cs, ce = _cue_offsets(doc, cue_toks)
    return Attribution(cue=t.text.lower(), cue_start=cs, cue_end=ce, cue_token=t.i, source=src,
                       content=(content.start, content.end), scope={x.i for x in content.toks}, sent_start=sent.start,
                       time_tokens=_cue_time_tokens(make))


def _in_document(doc: Doc, sent: Span, cw: CueWords) -> Optional[Attribution]:
    """ "In this poll, Trump rose 1 point": a sentence that opens on the document
    it reports from, and has no cue of its own."""
    first = next((t for t in sent if not (t.is_punct or t.is_space)), None)
    if first is None or first.lower_ not in cw.in_phrases or first.dep_ != "prep":
        return None
    obj = next((c for c in first.children if c.dep_ == "pobj"), None)
    if obj is None or obj.pos_ != "NOUN" or obj.lemma_.lower() not in cw.in_documents:
        return None
    src = mention_from_head(doc, obj, full=True, loose=True)
    if src is None:
        return None
    skip = {x.i for x in first.subtree}
    span = _rest_span(doc, sent, skip)
    if span is None:
        return None
    return Attribution(cue=first.lower_, cue_start=first.idx, cue_end=first.idx + len(first.text), cue_token=first.i,
                       source=src, content=span, scope={x.i for x in sent if x.i not in skip}, sent_start=sent.start,
                       phrase=True)


def _content_kind(doc: Doc, t: Token, a: Attribution) -> str:
    objs = [c for c in t.children if c.dep_ in ("dobj",)]
    obj_span = tokens_span(doc, objs[0].subtree) if objs else None  # None when the object is only whitespace
    if obj_span and a.content and a.content[0] == obj_span[0] \
            and not any(c.dep_ in ("ccomp",) for c in t.children):
        return "object"
    return "clause"


def _quotations(text: str) -> list[tuple[int, int]]:
    """Stretches of a passage between paired double quotation marks."""
    out = []
    opened = None
    for m in re.finditer(r"[“”\"]|''|``", text):
        ch = m.group()
        # some wires open a quotation with two apostrophes too ("the company ''reports having ...''")
        opening = ch == "''" and opened is None and (m.start() == 0 or text[m.start() - 1].isspace()) \
            and m.end() < len(text) and not text[m.end()].isspace()
        if ch in ("“", "``") or (opened is None and (ch == '"' or opening)):
            if opened is None or ch in ("“", "``"):
                opened = m.end() if opened is None else opened
            continue
        if opened is not None:
            out.append((opened, m.start()))
            opened = None
    return out


def _outermost(doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """Drop reports within reports: an attribution whose cue lies inside the
    content of another one, or inside a quotation. A relative clause ("endorses
    Trump, who says he is honored") and a coordinated cue with a named source
    ("tweeted that … and encouraged Americans to …") are speech acts of their own."""
    quotes = [(s, e) for s, e in _quotations(doc_text(doc)) if len(doc_text(doc)[s:e].split()) >= 4]

    def quoted(a: Attribution) -> bool:
        src = a.source
        return not a.mark and any(s <= a.cue_start < e and (src is None or s <= src.start < e) for s, e in quotes)
    # a report inside a quotation is the quoted speaker's; its content (often
    # misparsed across the quotation's end) cannot make the quoting cue an inner one
    in_quote = {id(a) for a in found if quoted(a)}
    out = []
    for a in found:
        inner = id(a) in in_quote
        for b in found:
            if inner:
                break
            if b is a or b.content is None or id(b) in in_quote:
                continue
            if b.content[0] <= a.cue_start and a.cue_end <= b.content[1] and not (a.content and a.content[0] <= b.cue_start < a.content[1]) \
                    and not (doc[a.cue_token].dep_ == "conj" and a.source is not None and a.source.type != "pronoun") \
                    and not a.coordinated and not _concessive(doc, a) \
                    and not (doc[a.cue_token].dep_ == "relcl" and a.source is not None and a.source.key is not None and a.source.text.lower() in REL_PRONOUNS) \
                    and not _own_relative(doc, a):
                inner = True
                break
        if not inner:
            out.append(a)
    return out


def _concessive(doc: Doc, a: Attribution) -> bool:
    """ "..., though she noted clients are beginning to demand ...": a cue with a
    subject of its own in a concessive clause is the writer's aside, not part of
    what the other speaker says."""
    t = doc[a.cue_token]
    if a.source is None or t.dep_ != "advcl" or _nsubj(t) is None or _nsubj(t).lower_ in REL_PRONOUNS:
        return False
    return any(c.dep_ == "mark" and c.lower_ in CONCESSIVE for c in t.children)


def _own_relative(doc: Doc, a: Attribution) -> bool:
    """ "his donations, which he said were accompanied by favors": a relative
    clause whose cue has a subject of its own reports within another report's
    content, and PolNeAR marks it."""
    t = doc[a.cue_token]
    if a.source is None or t.dep_ not in ("relcl", "pcomp", "ccomp", "xcomp", "advcl", "acl", "pobj", "conj"):
        return False
    subj = _nsubj(t)
    if subj is None or subj.lower_ in REL_PRONOUNS or subj.i > t.i:
        return False
    # a clause said ("what the senators said was ..."), not a name given ("what he called tribalism",
    # part of the outer content) nor an intention ("the ones he refused to answer")
    if not any(c.dep_ == "ccomp" and c.i > t.i and c.pos_ in ("VERB", "AUX") for c in t.children):
        return False
    # the fronted pronoun that stands for what is said: "which he said were ...", "what the senators
    # said was ...", "what she called a rant"
    return any(x.lower_ in ("what", "which") and x.i < subj.left_edge.i for x in t.subtree)


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return end


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


def _via_of(doc: Doc, source_head: Token) -> list[Mention]:
    """Intermediaries named inside the source phrase: "a lawmaker briefed by the
    country's intelligence service", "officials citing intelligence reports"."""
    out = []
    for c in source_head.children:
        if c.dep_ == "acl" and c.lemma_ in VIA_VERBS:
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


def _estimates_at(doc: Doc, found: list[Attribution], cw: CueWords) -> None:
    """ "Officials estimated the death toll at 300", "the ministry put the
    number of dead at 124": what is estimated is the object with its "at"
    phrase, and the number there is the speaker's."""
    for a in found:
        cue = doc[a.cue_token]
        if a.phrase or a.mark or a.content is None or cue.lemma_.lower() not in cw.number_at:
            continue
        objs = [c for c in cue.children if c.dep_ == "dobj"]
        for c in (c for x in [cue, *objs] for c in x.children):
            if c.dep_ == "prep" and c.lower_ == "at" and c.i > a.cue_token:
                a.content = (a.content[0], max(a.content[1], c.right_edge.idx + len(c.right_edge.text)))
                a.scope |= {t.i for t in c.subtree}


def _other_sense(doc: Doc, a: Attribution, cw: CueWords) -> bool:
    """A verb of criticism or judgement in the other sense war reporting
    uses it in: "Russian forces attacked the village", "strikes hit a
    school", "he has ruled Russia for 25 years". It criticises or judges
    only with a reason or a verdict ("attacked Clinton over her emails",
    "hit the president for his remarks", "blasted the plan as reckless"),
    a clause ("ruled that"), or a person as its object."""
    cue = doc[a.cue_token]
    if a.phrase or a.mark or cue.lemma_.lower() not in cw.other_senses:
        return False
    objs = [c for c in cue.children if c.dep_ == "dobj"]
    if any(c.dep_ == "prep" and c.lower_ in ("for", "over", "as") and not any(
            p.ent_type_ in ("DATE", "TIME") for p in c.children) for x in [cue, *objs] for c in x.children):
        return False  # (a reason, not a duration: "for his remarks", not "for 25 years")
    if any(c.dep_ in ("ccomp", "xcomp", "oprd") for c in cue.children):
        return False
    own = cw.preps.get(cue.lemma_.lower()) or ()
    if any(c.dep_ == "prep" and c.lower_ in own for c in cue.children):
        return False  # the verb's own preposition of judgement: "ruled against the government"
    return not any(o.ent_type_ == "PERSON" or o.pos_ == "ADJ" for o in objs)


def _topic_tags_dropped(doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """A place before a headline's colon is its topic, not its speaker:
    "Gaza: At least 40 dead as strikes hit shelters", "Sudan: RSF kills 100
    in village raid, activists say". A town or region never speaks; a
    country does ("Russia: Ukraine attacked Kursk") unless the line names
    its own speaker after the colon."""
    from .places import find_places

    out = []
    for a in found:
        if a.extend == "paragraph" and a.mark and a.source is not None and a.content is not None:
            # the gazetteer's own rules: a bare town must be big to be read ("Khartoum", not "Morales")
            loc = next((p for p in find_places(a.source.text) if p.start == 0 and p.end == len(a.source.text)), None)
            if loc is not None and loc.precision != "country":
                continue
            if loc is not None and any(b is not a and not b.mark and a.content[0] <= b.cue_start < a.content[1]
                                       for b in found):
                continue
        out.append(a)
    return out


def _cited_sources(doc: Doc, found: list[Attribution]) -> None:
    """Add to each report the sources it cites, as intermediaries: "Reuters,
    citing two security sources, reported ...", "the UN said, citing local
    health officials, that ...", "according to the Journal, which cited US
    officials, ...", "state media quoted the minister as saying ...". The
    citing participle may hang on the cue, on the content's verb (before the
    content starts) or, as a relative clause, on the source; "quoted X as
    saying" cites X with the cue itself."""
    for a in found:
        cue = doc[a.cue_token]
        cands = [c for c in cue.children if c.dep_ in ("advcl", "xcomp", "conj", "relcl")]
        if a.content is not None:
            root = next((t for t in cue.children if t.dep_ in ("ccomp", "xcomp")), None)
            if root is not None:
                cands += [c for c in root.children if c.dep_ == "advcl"]
        if a.source is not None and a.source.type != "pronoun":
            cands += [c for c in doc[a.source.head].children if c.dep_ in ("relcl", "acl")]
        cites = [c for c in cands if c.lemma_.lower() in CITE_VERBS and c.i != a.cue_token]
        if cue.lemma_.lower() in CITE_VERBS and any(
                c.dep_ == "prep" and c.lower_ == "as" for c in cue.children):  # "quoted X as saying"
            cites.append(cue)
        for c in cites:
            if a.content is not None and c is not cue and c.left_edge.idx <= a.content[0] < c.right_edge.idx:
                # the content starts after the citation: "said, citing officials, that ..."
                nxt = c.right_edge.i + 1
                while nxt < len(doc) and (doc[nxt].is_punct or (doc[nxt].dep_ == "mark" and doc[nxt].lower_ == "that")):
                    nxt += 1
                if nxt < len(doc) and doc[nxt].idx < a.content[1]:
                    a.content = (doc[nxt].idx, a.content[1])
            for obj in (o for o in c.children if o.dep_ == "dobj"):
                m = mention_from_head(doc, obj)
                if m is not None and m.type != "pronoun" and all(v.start != m.start for v in a.via) \
                        and (a.source is None or m.start != a.source.start):
                    a.via.append(m)


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
