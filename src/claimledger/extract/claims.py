"""Assembling claims: figures and statements with their attribution, hedges,
place and time, resolved over the whole document.

This is the step where the separate concerns (numbers, figures, attribution,
hedges, places, times, actors) meet. It works on one or more parsed passages
of a document, so that the fast path (parsing only the passages that can hold
a claim) and the spaCy component (one whole Doc) produce the same records.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from typing import Optional

from spacy.tokens import Doc

from .. import vocab
from ..model import Claim, Location, Source, Span, Subject, TimeRef, Via
from . import actors, places, times
from .attribution import Attribution, Mention, find_attributions, find_backrefs
from .figures import Figure, all_figures, event_words
from .hedges import hedges_for
from .numbers import read_quantities
from .resolution import collect_entities, resolve_mention
from .spans import doc_text, sent_of, sentences, tokens_span


@dataclass
class Passage:
    doc: Doc
    offset: int  # where doc_text(doc) starts in the document's text


def passage_quantities(doc: Doc):
    if doc.has_extension("quantities") and doc._.quantities is not None:
        return doc._.quantities
    return read_quantities(doc_text(doc))


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


class _Resolver:
    """Walks the document in order, remembering the last person and
    organisation named, so "he" and "it" find their speaker."""

    def __init__(self, entities):
        self.entities = entities
        self.last_person: Optional[str] = None
        self.last_org: Optional[str] = None

    def source(self, m: Mention, offset: int, text: str) -> Source:
        name, typ = resolve_mention(m, offset, self.entities, self.last_person, self.last_org)
        if typ == "person" and name:
            self.last_person = name
        elif typ in ("organization", "media", "government") and name:
            self.last_org = name
        country = None
        for probe in (m.text, name or ""):
            got = actors.actor_for(probe) if probe else None
            if got:
                country = got[1]
                break
        return Source(text=m.text, name=name, type=typ if typ != "pronoun" else None,
                      start=m.start + offset, end=m.end + offset, country=country)

    def via(self, m: Mention, offset: int) -> Via:
        name, typ = resolve_mention(m, offset, self.entities, self.last_person, self.last_org)
        got = actors.actor_for(m.text) or (actors.actor_for(name) if name else None)
        return Via(name=name or m.text, type=typ, text=m.text, country=got[1] if got else None)


def _sentence_of(doc: Doc, i: int) -> int:
    return sent_of(doc[i]).start


def _attribution_for(fig: Figure, atts: list[Attribution], prev: Optional[Attribution]) -> Optional[Attribution]:
    sent = sent_of(fig.number).start
    same = [a for a in atts if a.sent_start == sent]
    for a in same:
        if fig.number.i in a.scope and not a.phrase:
            return a
    for a in same:
        if a.phrase and fig.number.i in a.scope:
            return a
    if not same and prev is not None:
        return prev
    return None


def _opens_period(text: str, start: int) -> bool:
    """"since Oct. 1" opens the period a running total covers; it dates no event."""
    return text[max(0, start - 6):start].strip().lower() == "since"


def _first_time(text: str, s: int, e: int, published: Optional[date]) -> Optional[TimeRef]:
    """The first time expression in text[s:e] that is not the dateline's date
    ("KABUL, Afghanistan (Nov. 20, 2011)" is when the release was written)."""
    chunk = text[s:e]
    dl = times.dateline_span(chunk)
    for t in times.find_times(chunk, published):
        if dl is not None and t.start < dl[1] and t.end > dl[0]:
            continue
        if _opens_period(chunk, t.start):
            continue
        return _shift_time(t, s)
    return None


def _time_for(doc: Doc, offset: int, ev: tuple[int, int], att: Optional[Attribution], published: Optional[date],
              sent: Optional[tuple[int, int]] = None, fallback=None, refs: Optional[list[TimeRef]] = None) -> TimeRef:
    """When a claim was true: a time expression in its evidence, else in its
    attribution, else in its sentence, else ``fallback()`` (the event date the
    document stated before it), else the published date. ``refs``: the
    document's time expressions, read once (offsets in the document's text)."""
    text = doc_text(doc)
    got = _ref_within(refs, ev[0] + offset, ev[1] + offset) if refs is not None else _first_time(text, ev[0], ev[1], published)
    if got is not None:
        return got if refs is not None else _shift_time(got, offset)
    if att is not None and att.time_tokens:
        toks = [doc[i] for i in att.time_tokens]
        s = min(t.idx for t in toks)
        e = max(t.idx + len(t.text) for t in toks)
        for t in times.find_times(text[s:e], published):
            if not _opens_period(text, t.start + s):
                return _shift_time(t, s + offset)
    if sent is not None:
        if refs is not None:
            got = _ref_within(refs, sent[0] + offset, sent[1] + offset)
            if got is not None:
                return got
        else:
            got = _first_time(text, sent[0], sent[1], published)
            if got is not None:
                return _shift_time(got, offset)
    if fallback is not None:
        got = fallback()
        if got is not None:
            return got
    return times.published_ref(published)


def _copy_time(t: TimeRef) -> TimeRef:
    return TimeRef(text=t.text, date=t.date, precision=t.precision, basis=t.basis, start=t.start, end=t.end)


def _ref_within(refs: list[TimeRef], s: int, e: int) -> Optional[TimeRef]:
    for t in refs:
        if t.start >= s and t.end <= e:
            return _copy_time(t)
        if t.start >= e:
            break
    return None


def _document_times(text: str, published: Optional[date], cache: dict) -> list[TimeRef]:
    """Every time expression of a document, read once: not the dateline's own
    date ("KABUL, Afghanistan (Nov. 20, 2011)" is when the release was written),
    nor "since Oct. 1", which opens a period and dates no event."""
    refs = cache.get("all")
    if refs is None:
        dl = times.dateline_span(text)
        refs = [t for t in times.find_times(text, published)
                if not (dl is not None and t.start < dl[1] and t.end > dl[0])
                and not _opens_period(text, t.start)]
        cache["all"] = refs
        cache["body"] = dl[1] if dl is not None else 0
    return refs


def _earlier_event_time(text: str, pos: int, published: Optional[date], cache: dict) -> Optional[TimeRef]:
    """The event date a document stated before ``pos``: the last time expression
    earlier in the same paragraph, else the document's first one (a release's
    lede: "detained two insurgents ... yesterday"). Day precision only; what
    precedes the dateline is a header."""
    refs = cache.get("refs")
    if refs is None:
        every = _document_times(text, published, cache)
        refs = [t for t in every if t.precision == "day" and t.date and t.start >= cache["body"]]
        cache["refs"] = refs
    before = [t for t in refs if t.end <= pos]
    if not before:
        return None
    para = max(text.rfind("\n", 0, pos), text.rfind("\u2028", 0, pos), text.rfind("\u2029", 0, pos))
    same = [t for t in before if t.start > para]
    t = same[-1] if same else before[0]
    return TimeRef(text=t.text, date=t.date, precision=t.precision, basis=t.basis, start=t.start, end=t.end)


def _shift_time(t: TimeRef, by: int) -> TimeRef:
    if t.start is not None:
        t.start += by
        t.end += by
    return t


def _is_actor_mention(doc: Doc, start: int, end: int) -> bool:
    """A capital or country that acts ("Pyongyang has deployed") is an actor, not a place."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head  # "Russia and Ukraine exchanged ...": both act
    return root.dep_ in ("nsubj", "nsubjpass", "poss", "agent", "compound")


def _hospital_spans(doc: Doc, ev: tuple[int, int]) -> list[tuple[int, int]]:
    """Where the hurt were taken ("to Aultman Hospital in Canton"): not where it happened."""
    span = doc.char_span(ev[0], ev[1], alignment_mode="expand")
    if span is None:
        return []
    hosp = _hospital_nouns()
    out = []
    for t in span:
        if t.dep_ == "prep" and t.lower_ in ("to", "at", "into") and any(
                p.dep_ == "pobj" and p.lemma_.lower() in hosp for p in t.children):
            out.append((t.idx, t.right_edge.idx + len(t.right_edge.text)))
    return out


@lru_cache(maxsize=None)
def _hospital_nouns() -> frozenset:
    return frozenset(vocab.load("metrics").get("hospital_nouns") or ())


def _location_for(doc: Doc, offset: int, ev: tuple[int, int], clause) -> Location:
    text = doc_text(doc)
    away = _hospital_spans(doc, ev)
    for loc in places.find_places(text[ev[0]:ev[1]]):
        if loc.start is not None and _is_actor_mention(doc, loc.start + ev[0], loc.end + ev[0]):
            continue
        if loc.start is not None and any(a <= loc.start + ev[0] < b for a, b in away):
            continue
        return _shift_loc(loc, ev[0] + offset)
    if clause is not None:
        for c in _place_phrases(clause):
            s = c.idx
            e = c.right_edge.idx + len(c.right_edge.text)
            for loc in places.find_places(text[s:e]):
                if _is_actor_mention(doc, loc.start + s, loc.end + s):
                    continue
                return _shift_loc(loc, s + offset)
    return Location()


_WHERE_PREPS = frozenset({"in", "near", "at", "around", "outside", "inside", "across", "throughout"})
_EVENT_CLAUSE_MARKS = frozenset({"when", "after"})


def _place_phrases(clause):
    """The "in ..." phrases that say where the clause's event happened, in
    the order they are asked: the clause's own; then those of the verbs
    coordinated with it, which share one place phrase ("35 were killed and
    100 injured in strikes across Gaza"); then any in its "when"/"after"
    clause, which names the event that did it ("died when a missile struck
    a block in Kramatorsk")."""
    head = clause.head if clause.dep_ == "conj" else clause
    verbs = [clause, *(v for v in [head, *head.conjuncts] if v is not clause and v.pos_ in ("VERB", "AUX"))]
    for v in verbs:
        yield from (c for c in v.children if c.dep_ == "prep" and c.lower_ in _WHERE_PREPS)
    for v in verbs:
        for c in v.children:
            if c.dep_ == "advcl" and any(m.dep_ in ("mark", "advmod") and m.lower_ in _EVENT_CLAUSE_MARKS
                                         for m in c.children):
                yield from (t for t in c.subtree if t.dep_ == "prep" and t.lower_ in _WHERE_PREPS)


def _shift_loc(loc: Location, by: int) -> Location:
    if loc.start is not None:
        loc.start += by
        loc.end += by
    return loc


def _subject_donor(sent_figs: list[Claim]) -> Optional[Claim]:
    """The earlier figure of the sentence whose counted people a bare number
    shares ("40 people were killed and 60 wounded"): not a part ("including
    13 children, and wounded dozens more" are not children) and not one whose
    subject is only its event word ("120 dead and 300 wounded")."""
    for c in reversed(sent_figs):
        if getattr(c, "_whole", None) is not None or not c.subject.text:
            continue
        if c.subject.text.lower().split()[-1] in event_words():
            continue
        return c
    return None


def _actor(text: Optional[str]):
    if not text:
        return None
    return actors.actor_for(text)


def build_claims(passages: list[Passage], text: str, published: Optional[date] = None,
                 document_id: Optional[str] = None, document_ref: Optional[str] = None) -> list[Claim]:
    """Claims of one document from its parsed passages, in text order."""
    resolver = _Resolver(collect_entities((p.doc, p.offset) for p in passages))
    claims: list[Claim] = []
    for p in passages:
        claims.extend(_passage_claims(p, text, published, resolver))
    for c in claims:
        c.document_id = document_id
        c.document_ref = document_ref
    for c in claims:
        c.assign_id()
    for c in claims:
        whole = getattr(c, "_whole", None)
        if whole is not None:
            c.part_of = whole.id
    for c in claims:
        if hasattr(c, "_whole"):
            del c._whole
    return claims


def _passage_claims(p: Passage, text: str, published: Optional[date], resolver: _Resolver) -> list[Claim]:
    doc, off = p.doc, p.offset
    atts = sorted(find_attributions(doc), key=lambda a: a.cue_start)
    backrefs = find_backrefs(doc)
    figs = all_figures(doc, passage_quantities(doc))
    figs.sort(key=lambda f: f.evidence[0])

    sources: dict[int, Source] = {}
    vias: dict[int, list[Via]] = {}
    for a in atts:
        sources[id(a)] = resolver.source(a.source, off, text) if a.source else Source()
        vias[id(a)] = [resolver.via(v, off) for v in a.via]

    # "According to Lee, ..." carries over to the next sentence of the same paragraph
    # when that sentence names no source of its own.
    carry: dict[int, Attribution] = {}
    sents = sentences(doc)
    for k in range(1, len(sents)):
        prev_atts = [a for a in atts if a.sent_start == sents[k - 1].start]
        if any(a.sent_start == sents[k].start for a in atts):
            continue
        if "\n" in doc_text(doc)[sents[k - 1].end_char: sents[k].start_char]:
            continue
        lead = [a for a in prev_atts if a.phrase and a.cue_token == sents[k - 1].start]
        if lead:
            carry[sents[k].start] = lead[0]

    claims: list[Claim] = []
    made: dict[int, Claim] = {}
    fig_sents: dict[int, list[Claim]] = {}
    # a release's dateline is the "today" its figures' relative dates count from
    cache = resolver.__dict__.setdefault("_times", {})
    if "anchor" not in cache:
        cache["anchor"] = times.dateline_date(text, published) or published
    anchor = cache["anchor"]
    governed: set[int] = set()
    for f in figs:
        att = _attribution_for(f, atts, carry.get(sent_of(f.number).start))
        if att is not None:
            governed.add(id(att))
        q = f.quantity
        subj_text = text[f.subject[0] + off: f.subject[1] + off] if f.subject else None
        subject = Subject(text=subj_text)
        got = _actor(subj_text)
        if got is None and f.clause is not None:
            for c in f.clause.children:
                if c.dep_ == "nsubj" and c.i != f.np_head.i and f.metric in ("deployed", "count", "repatriated", "evacuated"):
                    got = _actor(" ".join(t.text for t in c.subtree))
        sent_figs = fig_sents.setdefault(sent_of(f.number).start, [])
        prev = _subject_donor(sent_figs) if subj_text is None else None
        if prev is not None:
            subject = Subject(text=prev.subject.text, actor=prev.subject.actor, country=prev.subject.country)
        if got:
            subject.actor, subject.country = got
        if f.part_of is not None and id(f.part_of) in made and subject.actor is None:
            whole = made[id(f.part_of)]
            subject.actor, subject.country = whole.subject.actor, whole.subject.country
        ev = f.evidence
        extra = [f.clause] if f.clause is not None else []
        if f.part_of is not None and f.part_of.clause is not None:
            extra.append(f.part_of.clause)
        hedges = hedges_for(f.number, extra, modals=True)
        via = list(vias.get(id(att), [])) if att else []
        for sent_start, m in backrefs:
            if sent_start == _next_sentence_start(doc, sent_of(f.number)):
                v = resolver.via(m, off)
                if att is not None and sources[id(att)].name != v.name and all(x.name != v.name for x in via):
                    via.append(v)
        c = Claim(
            kind="figure", evidence=_span(text, ev[0] + off, ev[1] + off),
            metric=f.metric, value=q.value, low=q.low, qualifier=q.qualifier,
            # a vague word guarantees only its lower bound ("thousands": at least 2,000)
            high=None if q.qualifier == "vague" else q.high,
            subject=subject,
            location=_location_for(doc, off, ev, f.clause),
            time=_time_for(doc, off, ev, att, anchor, sent=(sent_of(f.number).start_char, sent_of(f.number).end_char),
                           fallback=lambda pos=sent_of(f.number).start_char + off: _earlier_event_time(
                               text, pos, anchor, cache), refs=_document_times(text, anchor, cache)),
            source=_copy_source(sources[id(att)]) if att else Source(),
            cue=att.cue if att else None,
            cue_span=_span(text, att.cue_start + off, att.cue_end + off) if att else None,
            via=via, hedges=hedges,
            quantity=_span(text, q.start + off, q.end + off),
        )
        if f.part_of is not None and id(f.part_of) in made:
            c._whole = made[id(f.part_of)]
        made[id(f)] = c
        sent_figs.append(c)
        claims.append(c)

    for a in atts:
        if id(a) in governed or a.content is None:
            continue
        if any(f.number.i in a.scope for f in figs):
            continue
        cs, ce = _content_in_text(a, off, text)
        sent = sent_of(doc[a.cue_token])
        ev = (min(sent.start_char + off, cs), max(sent.end_char + off, ce))
        ev = _trim(text, *ev)
        claims.append(_statement(text, off, (ev[0] - off, ev[1] - off), a, sources, vias, doc, published, (cs, ce)))
    claims.extend(_hedged_statements(doc, off, text, atts, figs, published))
    claims.sort(key=lambda c: (c.evidence.start, c.kind))
    return claims


def _content_in_text(a: Attribution, off: int, text: str) -> tuple[int, int]:
    """A statement's content in the document's text: the attribution's content,
    run on to the end of its paragraph ("PENCE: Well, look, ...") or taken from
    the next paragraph ("He said:" closing its own) when the attribution says so."""
    cs, ce = a.content[0] + off, a.content[1] + off
    if a.extend == "paragraph":
        end = min([i for i in (text.find(c, ce) for c in "\n\u2028\u2029") if i >= 0] or [len(text)])
        ce = max(ce, _trim(text, cs, end)[1])
    elif a.extend == "next":
        start = a.cue_end + off
        while start < len(text) and (text[start].isspace() or text[start] == ":"):
            start += 1
        end = min([i for i in (text.find(c, start) for c in "\n\u2028\u2029") if i >= 0] or [len(text)])
        if end > start:
            cs, ce = _trim(text, start, end)
    return cs, ce


def _statement(text, off, ev, a: Attribution, sources, vias, doc, published, content=None) -> Claim:
    cs, ce = content if content is not None else (a.content[0] + off, a.content[1] + off)
    c = Claim(
        kind="statement", evidence=_span(text, ev[0] + off, ev[1] + off),
        content=_span(text, cs, ce),
        source=_copy_source(sources[id(a)]), cue=a.cue,
        cue_span=_span(text, a.cue_start + off, a.cue_end + off),
        via=vias[id(a)], hedges=hedges_for(doc[a.cue_token]),
        time=_time_for(doc, off, (a.cue_start, a.cue_end), a, published),
        location=_location_for(doc, off, a.content, None),
    )
    c.denial = a.denial
    return c


def _hedged_statements(doc: Doc, off: int, text: str, atts, figs, published) -> list[Claim]:
    """Unattributed but hedged assertions ("Bodies ... were reportedly cremated"):
    the ledger keeps them because the hedge is itself information."""
    out = []
    att_sents = {a.sent_start for a in atts}
    fig_sents = {sent_of(f.number).start for f in figs}
    for sent in sentences(doc):
        if sent.start in att_sents or sent.start in fig_sents:
            continue
        root = sent.root
        hedges = hedges_for(root)
        if not hedges:
            continue
        toks = [t for t in sent if not t.is_space and not (t.i < root.i and t.dep_ in ("prep", "punct", "advmod") and t.head.i == root.i)]
        kept = set()
        for t in toks:
            kept.add(t.i)
        # drop leading adverbials ("In return, ...")
        lead_drop = set()
        for c in root.children:
            if c.i < root.i and c.dep_ in ("prep", "advcl", "npadvmod") :
                lead_drop |= {x.i for x in c.subtree}
        body = [t for t in sent if t.i not in lead_drop and not t.is_space]
        sp = tokens_span(doc, body)
        if not sp:
            continue
        ev = _trim(doc_text(doc), sent.start_char, sent.end_char)
        out.append(Claim(
            kind="statement", evidence=_span(text, ev[0] + off, ev[1] + off),
            content=_span(text, sp[0] + off, sp[1] + off), hedges=hedges,
            time=times.published_ref(published),
        ))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _copy_source(s: Source) -> Source:
    return Source(**vars(s))


def _next_sentence_start(doc: Doc, sent) -> Optional[int]:
    return sent.end if sent.end < len(doc) else None
