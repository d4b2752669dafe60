"""Source resolution across a document: one speaker, one name.

Reporters name a source once and then shorten it: "a South Korean lawmaker"
... "MP Lee Seong-kweun, a member of ..." ... "Lee" ... "he". Ledger users
count and grade sources, so every mention must resolve to the same name.
This works over the mentions of the whole document (not one sentence),
using the named entities, titles, roles and acronyms the document itself gives.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from spacy.tokens import Doc

from .. import vocab
from .attribution import Mention
from .spans import doc_text


@lru_cache(maxsize=None)
def _titles() -> list[str]:
    ts = sorted({t.lower() for t in vocab.load("sources")["titles"]}, key=len, reverse=True)
    return ts


@lru_cache(maxsize=None)
def _role_groups() -> list[set[str]]:
    return [set(g) for g in vocab.load("sources")["roles"]]


def strip_title(name: str) -> str:
    """'MP Lee Seong-kweun' -> 'Lee Seong-kweun'; 'Gen. John Allen' -> 'John Allen'."""
    changed = True
    out = name.strip()
    while changed:
        changed = False
        low = out.lower()
        for t in _titles():
            for form in (t + " ", t + ". "):
                if low.startswith(form) and len(out) > len(form):
                    rest = out[len(form):].lstrip()
                    if rest[:1].isupper():
                        out = rest
                        changed = True
                        break
            if changed:
                break
    return out


@dataclass
class Entity:
    """Someone or something the document names."""

    name: str
    type: str
    start: int
    roles: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    country: Optional[str] = None


def _roles_near(doc: Doc, ent) -> set[str]:
    """Role words attached to a named person: a title before the name
    ("MP Lee") or an apposition after it ("Lee, a member of ...")."""
    roles: set[str] = set()
    start = ent.start
    j = start - 1
    while j >= 0 and doc[j].pos_ in ("PROPN", "NOUN", "PUNCT") and doc[j].text not in (",", ";", ".", "\n") and start - j <= 4:
        roles.add(doc[j].lower_.rstrip("."))
        j -= 1
    head = ent.root
    for c in head.children:
        if c.dep_ == "appos":
            roles.add(c.lemma_.lower())
            for cc in c.children:
                if cc.dep_ == "compound":
                    roles.add(cc.lower_)
    for t in ent:
        if t.lower_ in {"mp", "sen", "rep", "gen"}:
            roles.add(t.lower_)
    if head.dep_ == "appos":
        roles.add(head.head.lemma_.lower())
    return roles


def collect_entities(docs_with_offsets: Iterable[tuple[Doc, int]]) -> list[Entity]:
    """Every person and organisation the document names, with its roles and acronyms."""
    out: list[Entity] = []
    for doc, offset in docs_with_offsets:
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                name = strip_title(ent.text.strip())
                if not name or not name[0].isupper():
                    continue
                out.append(Entity(name, "person", ent.start_char + offset, roles=_roles_near(doc, ent)))
            elif ent.label_ == "ORG":
                text = re.sub(r"^(the|The)\s+", "", ent.text.strip())
                text = re.sub(r"[’']s$", "", text).strip()
                e = Entity(text, "organization", ent.start_char + offset)
                # an acronym in parentheses right after: "National Intelligence Service (NIS)"
                after = doc_text(doc)[ent.end_char: ent.end_char + 12]
                m = re.match(r"\s*\(([A-Z][A-Za-z]{1,9})\)", after)
                if m:
                    e.aliases.add(m.group(1))
                out.append(e)
    return out


def _same_person(short: str, full: str) -> bool:
    s, f = short.split(), full.split()
    if len(s) >= len(f):
        return False
    return s == f[: len(s)] or s == f[-len(s):] or (len(s) == 1 and s[0] in f)


def _named_person(m: Mention, offset: int, entities: list[Entity]) -> Optional[str]:
    """The person a mention names when it holds more than the name: "regional
    governor Oleh Syniehubov", "army spokesman Nadav Shoshani". Titles of
    ``titles`` are stripped anyway; a descriptor before the name ("regional",
    "army") is not a title, and the tagger's name span ends where it ends."""
    text = m.key or m.text
    lo = m.start + offset + (m.text.find(m.key) if m.key and m.key in m.text else 0)
    inside = [e for e in entities if e.type == "person" and lo <= e.start < lo + len(text) and e.name in text]
    if not inside:
        return None
    # the name the speaker's head word belongs to: the last one ("... Syniehubov" of the governor)
    return max(inside, key=lambda e: e.start).name


def resolve_mention(m: Mention, offset: int, entities: list[Entity], last_person: Optional[str],
                    last_org: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """(name, type) for one mention, given what the document names elsewhere
    (a mention that holds more than a name, "Rep. Jim Clyburn (D-S.C.), the
    assistant leader ...", or a relative pronoun, resolves by its ``key``)."""
    text = (m.key or m.text).strip()
    if m.type == "pronoun":
        if m.pronoun in ("he", "she", "i"):
            return last_person, "person"
        if m.pronoun == "it":
            return last_org, "organization" if last_org else None
        return None, "unnamed"
    if m.type == "person" and m.role is None:
        name = strip_title(_named_person(m, offset, entities) or text)
        fulls = [e.name for e in entities if e.type == "person" and _same_person(name, e.name)]
        if fulls:
            return max(fulls, key=len), "person"
        return name, "person"
    if m.type in ("organization", "media", "government") and m.role is None:
        name = re.sub(r"^(the|The)\s+", "", text)
        for e in entities:
            if name in e.aliases:
                return e.name, m.type
        return name, m.type
    if m.role:
        # a descriptive mention: "a South Korean lawmaker", "the country's intelligence service"
        if m.type == "person" or m.role in {w for g in _role_groups() for w in g}:
            group = next((g for g in _role_groups() if m.role in g), {m.role})
            cands = [e for e in entities if e.type == "person" and e.roles & group]
            if cands:
                return min(cands, key=lambda e: abs(e.start - (m.start + offset))).name, "person"
            if m.type == "unnamed":
                return text[:1].upper() + text[1:], "unnamed"
            return None, m.type
        words = [w.lower() for w in re.findall(r"[A-Za-z]+", text)]
        tail = " ".join(words[-2:]) if len(words) >= 2 else (words[-1] if words else "")
        cands = [e for e in entities if e.type == "organization" and tail and e.name.lower().endswith(tail)]
        if cands:
            return min(cands, key=lambda e: abs(e.start - (m.start + offset))).name, m.type
        if m.type == "unnamed":
            return text[:1].upper() + text[1:], "unnamed"
        return None, m.type
    return text, m.type
