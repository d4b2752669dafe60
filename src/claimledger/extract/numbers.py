"""The number reader: every number phrase in raw text, fast, without a parse.

``read_quantities(text)`` finds digits ("18,000", "1.2 million", "$1.5bn",
"25k"), number words ("twenty-three", "two hundred and fifty", "a dozen"),
fractions ("a third of", "half a million", "1/2"), vague words ("dozens",
"tens of thousands", "several"), their qualifiers before ("about", "at least",
"up to") and after ("or so", "40-plus", "100+") and ranges ("between 50 and
60", "50-60", "from 50 to 60"). Each becomes a :class:`~claimledger.model.Quantity`
whose ``text`` is ``text[start:end]``, with

- ``value`` / ``low`` / ``high`` / ``qualifier`` after the claim record's rules:
  the point figure as stated; "at least 12" -> value 12, low 12; "up to 50" ->
  value 50, high 50; "between 50 and 60" -> value None, low 50, high 60
  (range); "thousands" -> value None, low 2000, high 10000, count 1000 (vague);
- ``count``: for a vague word, the conservative number a coder records
  ("dozens" -> 12, ACLED's rule); None otherwise;
- ``unit``: the currency ("$", "US$", "RM"), "%" / "percent", the unit of
  measure ("yard", "km/h") or the counted noun that follows ("soldiers");
  "fraction" for fractions ("a third of");
- ``category``: count, money, percent, year, date, time, duration, ordinal,
  age, measure, phone, address or other (labels such as "Game 2" or "Section
  427", reference numbers such as "2011-11-S-034", scores such as "2-2",
  things that are not counted such as "two phases"). Percent values are as
  stated ("30%" -> 30); fractions have category percent and unit "fraction"
  with the value as a share ("a third" -> 0.333).

It uses regular expressions and the word lists of ``data/vague.yaml`` only (no
spaCy), so it can decide cheaply which sentences deserve a parse; it reads
several MB of text per second.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Optional

from .. import vocab
from ..model import Quantity

__all__ = ["read_quantities", "CATEGORIES"]

CATEGORIES = ("count", "money", "percent", "year", "date", "time", "duration", "ordinal", "age", "measure",
              "phone", "address", "other")

# --- fixed grammar of number words ----------------------------------------------------------

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALE_WORDS = ("hundred", "thousand", "million", "billion", "trillion")
_FRACTION_WORDS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
                   "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
                   "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅕": 0.2, "⅖": 0.4, "⅗": 0.6, "⅘": 0.8,
           "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 0.125, "⅜": 0.375, "⅝": 0.625, "⅞": 0.875}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "febr", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
           "nov", "dec"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# words before a 4-digit number that make it a year
_YEAR_PREPS = {"in", "since", "by", "from", "until", "till", "til", "before", "after", "during", "circa",
               "c.", "year", "early", "late", "mid", "end", "spring", "summer", "autumn", "fall", "winter",
               "pre", "post", "fiscal", "fy", "class", "mid-"}
# capitalised words before a number that do not make it a label
_CAP_STOP = {"the", "a", "an", "only", "just", "another", "all", "with", "at", "in", "on", "by", "for", "from",
             "to", "of", "and", "but", "or", "as", "each", "every", "those", "these", "its", "his", "her",
             "their", "our", "my", "your", "up", "down", "than", "between", "total", "some", "least", "most",
             "minus", "plus", "estimated", "when", "after", "before", "since", "until", "still", "yet", "now",
             "then", "why", "how", "today", "yesterday", "tomorrow", "so", "if", "while", "where", "there",
             "here", "what", "we", "they", "he", "she", "it", "i", "you", "also", "last", "next", "first",
             "nearly", "almost", "about", "around", "over", "under", "roughly", "approximately", "exactly",
             "barely", "some", "another", "further", "additional", "extra", "killed", "wounded", "injured",
             "say", "says", "said", "has", "have", "had", "was", "were", "is", "are", "be", "been", "will",
             "would", "could", "can", "may", "might", "must", "should", "lost", "saw", "see", "according",
             "reported", "reports", "report", "claimed", "claims", "confirmed", "announced", "dozens",
             "hundreds", "thousands", "millions", "scores", "several", "many", "us", "u.s.", "uk", "eu", "un",
             "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "col", "lt", "maj", "capt", "sgt", "president",
             "minister", "officials", "police", "army", "troops", "forces", "ukraine", "russia", "israel",
             "gaza", "but", "yes", "no"} | _WEEKDAYS
_STOP_AFTER = {"the", "of", "a", "an", "in", "on", "at", "to", "from", "and", "or", "but", "was", "were", "is",
               "are", "be", "been", "have", "has", "had", "who", "which", "that", "per", "for", "with", "by",
               "as", "than", "since", "after", "before", "into", "over", "under", "it", "its", "their", "his",
               "her", "our", "we", "they", "he", "she", "you", "i", "this", "these", "those", "more", "less",
               "fewer", "will", "would", "could", "can", "may", "might", "should", "must", "did", "do", "does",
               "not", "no", "so", "if", "when", "while", "where", "there", "here", "what", "then", "also",
               "each", "every", "all", "both", "up", "down", "out", "off", "about", "around", "among", "between",
               "against", "during", "through", "across", "via", "including", "like", "said", "says", "say",
               "according", "ago", "later", "earlier", "apiece", "each", "alone", "only", "just", "yet", "still",
               "total", "overall", "respectively", "versus", "vs", "or", "nor", "because", "though", "although"}
_NOT_PLURAL = {"was", "has", "is", "this", "its", "his", "hers", "as", "us", "does", "says", "gets", "makes",
               "takes", "goes", "comes", "plus", "less", "unless", "thus", "yes", "always", "sometimes",
               "perhaps", "besides", "towards", "across", "whereas", "alas", "ours", "yours", "theirs", "news",
               "means", "remains", "seems", "shows", "looks", "needs", "wants", "includes", "brings", "puts",
               "runs", "sees", "holds", "keeps", "lets", "gives", "tells", "asks", "uses", "becomes", "plays",
               "works", "lives", "moves", "turns", "stands", "sits", "falls", "rises", "hits", "wins", "loses",
               "costs", "stays", "adds", "reaches", "marks", "leads", "ends", "starts", "begins", "hopes",
               "expects", "claims", "reports", "believes", "thinks", "knows", "feels", "appears", "suggests",
               "estimates", "warns", "notes", "argues", "continues", "remains", "helps", "tries", "calls",
               "pays", "sells", "buys", "lies", "dies", "kills", "series", "species", "afterwards", "nowadays",
               "whereabouts", "overseas", "indoors", "outdoors", "upstairs", "downstairs", "analysis", "basis",
               "crisis", "thesis", "status", "virus", "bonus", "campus", "census", "consensus", "focus", "corpus",
               "apparatus", "chaos", "ethos", "pathos", "gas", "bus", "yes", "dis", "kansas", "texas", "paris",
               "athens", "wales", "brussels", "marseilles", "nations", "states", "emirates", "philippines",
               "netherlands", "bahamas", "maldives", "seychelles", "ss", "vs"}
_MEN_SINGULAR = {"regimen", "specimen", "abdomen", "omen", "stamen", "amen", "hymen", "semen", "acumen", "dolmen",
                 "yemen", "ramen", "bitumen", "albumen", "lumen", "rumen", "gravamen", "cerumen"}
_ADJ_SUFFIXES = ("ent", "ant", "al", "ive", "ous", "ic", "ful", "less", "able", "ible", "ed", "ing", "an", "ese",
                 "ish", "ern", "ary", "ory", "est", "ier", "ar", "like", "wide", "only", "based", "led", "born")
_ADJECTIVES = {"new", "old", "big", "small", "other", "additional", "extra", "more", "further", "separate",
               "major", "minor", "young", "top", "senior", "junior", "high", "low", "key", "main", "full", "total",
               "single", "double", "straight", "consecutive", "same", "such", "few", "many", "last", "next",
               "first", "second", "third", "fourth", "fifth", "whole", "entire", "good", "bad", "great", "large",
               "huge", "tiny", "short", "long", "fresh", "former", "current", "recent", "late", "early", "open",
               "free", "public", "private", "foreign", "local", "real", "true", "false", "black", "white", "red",
               "blue", "green", "gold", "silver", "dead", "alive", "civil", "armed", "dozen", "odd", "plus",
               "near", "far", "main", "prime", "sole", "only", "own", "key", "rough", "elite", "hard", "soft",
               "heavy", "light", "special", "general", "common", "secret", "direct", "indirect", "overall"}
_IRREGULAR_PLURALS = {"people", "men", "women", "children", "police", "personnel", "staff", "troops", "cattle",
                      "feet", "teeth", "mice", "geese", "militia", "crew", "youth", "data", "media", "sheep",
                      "fish", "deer", "aircraft", "livestock", "infantry", "clergy", "offspring", "folk",
                      "persons", "people's", "civilians", "kin", "militiamen", "fishermen", "servicemen",
                      "gunmen", "policemen", "firemen", "horsepower", "bacteria", "criteria", "phenomena",
                      "alumni", "cacti", "fungi", "nuclei", "stimuli", "indices", "matrices", "vertices"}
# words after a lone "one" that make it a pronoun ("one can", "each one")
_ONE_PRONOUN_NEXT = {"another", "can", "could", "would", "should", "must", "may", "might", "will", "shall",
                     "does", "did", "is", "was", "has", "had", "who", "that", "which", "gets", "wants", "needs",
                     "thing", "way", "day", "time"}
_ONE_PRONOUN_PREV = {"the", "this", "that", "each", "every", "any", "no", "which", "same", "another", "such",
                     "a", "an", "someone", "last", "next", "new", "old", "big", "little", "right", "wrong",
                     "other", "young", "loved", "lucky", "chosen", "good", "bad", "first", "second", "latest",
                     "previous", "current", "better", "best", "only", "whichever", "nobody", "everyone"}
_ONE_COMPOUND_OK = {"third", "thirds", "quarter", "quarters", "half", "fifth", "tenth", "hundred", "thousand",
                    "million", "billion", "dozen"}

_SPACE = " \t\u00a0\u2009\u202f"
_CALL_WORDS = {"call", "called", "calling", "calls", "dial", "dialed", "dialled", "dialing", "dialling", "text",
               "texted", "texting"}
_PHONE_PREV = _CALL_WORDS | {"contact", "at", "phone", "tel", "tel.", "telephone", "hotline", "fax", "number",
                             "line", "or", "on", "ph", "ph.", "mobile", "cell"}


# --- patterns, compiled once from vague.yaml ---------------------------------------------------

def _trie_regex(words: list[str]) -> str:
    """One regex alternation for many words, factored by common prefixes so
    that the regex engine picks a branch by its first character. Spaces in
    a phrase match any run of whitespace."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = []
        end = "" in node
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if ch == " " else re.escape(ch)
            alts.append(piece + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


def _alts(items, *, sort=True) -> str:
    items = sorted(set(items), key=len, reverse=True) if sort else items
    return "|".join(re.escape(i).replace(r"\ ", r"\s+") for i in items)


class _P:
    """All compiled patterns and word tables."""

    def __init__(self) -> None:
        v = vocab.load("vague")
        self.vague = {k.lower(): dict(e) for k, e in (v.get("words") or {}).items()}
        self.mult = {k.lower(): float(x) for k, x in (v.get("multipliers") or {}).items()}
        qual = v.get("qualifiers") or {}
        self.qual_of: dict[str, str] = {}
        for q, phrases in qual.items():
            for p in phrases or []:
                self.qual_of.setdefault(re.sub(r"\s+", " ", str(p).lower()), q)
        post = v.get("post_qualifiers") or {}
        self.post_of: dict[str, str] = {}
        for q, phrases in post.items():
            for p in phrases or []:
                self.post_of.setdefault(re.sub(r"\s+", " ", str(p).lower()), q)
        self.currency_words = {str(w).lower() for w in v.get("currency_words") or []}
        self.time_units = {str(w).lower() for w in v.get("time_units") or []}
        self.measure_words = {str(w).lower() for w in v.get("measure_words") or []}
        self.label_words = {str(w).lower() for w in v.get("label_words") or []}
        self.not_counted = {str(w).lower() for w in v.get("not_counted") or []}
        streets = [str(w) for w in v.get("street_words") or []]
        prefixes = [str(w) for w in v.get("currency_prefixes") or []]
        symbols = [str(w) for w in v.get("measure_symbols") or []]

        scale_words = [w for w in self.mult if len(w) > 3]  # dozen, score, hundred, ...
        self.scale_words = set(scale_words)
        number_words = list(_UNITS) + list(_TEENS) + list(_TENS) + scale_words + list(_FRACTION_WORDS)
        anchors = sorted(set(number_words) | set(self.vague))
        self.anchor = re.compile(
            r"(?P<d>[0-9]|[" + "".join(_VULGAR) + r"])|(?<![\w'’])(?P<w>(?i:" + _trie_regex(anchors) + r"))(?![\w])")

        # a run of number words: "twenty-three", "two hundred and fifty"
        nw = _trie_regex(sorted(set(list(_UNITS) + list(_TEENS) + list(_TENS) + scale_words)))
        self.word_token = re.compile(r"(?i:" + nw + r")(?![\w])")
        self.word_sep = re.compile(r"(?:[ \t\u00a0]*-[ \t\u00a0]*|[ \t\u00a0]+(?:and[ \t\u00a0]+)?)(?=[A-Za-z])", re.I)

        self.digits = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?")
        # structures read whole at a digit
        self.phone = re.compile(
            r"(?:\+[0-9]{1,3}[ .-]?(?:\(0\)[ .-]?)?[0-9]{1,4}(?:[ .-][0-9]{2,4}){2,4}"
            r"|\(?[0-9]{3}\)?[ .-][0-9]{3}[ .-][0-9]{4}|[0-9]{3}-[0-9]{3}-[0-9]{4})(?![0-9])")
        self.iso_date = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])")
        self.num_date = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})(?![0-9]|[/.-][0-9])")
        self.clock = re.compile(
            r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[ \t]*(?:[ap]\.m\.|[ap]m|[AP]M|[AP]\.M\.)(?![\w]))?(?![0-9])")
        self.dotted = re.compile(r"[0-9]+(?:\.[0-9]+){2,}")
        self.ref = re.compile(r"[0-9]+(?:[-/][A-Za-z0-9]+)+")
        # after a number
        self.clock_after = re.compile(
            r"[ \t]*(?:[ap]\.m\.?|[ap]m|[AP]M|[AP]\.M\.?|o'clock|o’clock)(?![A-Za-z])"
            r"|[ \t]*(?:GMT|UTC|EDT|EST|CDT|CST|PDT|PST|BST|CET|CEST|EET|EEST|MSK|IST|JST|hrs\b|hours\s+(?:GMT|UTC|local))(?![A-Za-z])")
        self.ordinal_suffix = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z])", re.I)
        mults_long = "|".join(sorted((re.escape(w) for w in scale_words), key=len, reverse=True))
        self.mult_word = re.compile(r"(?:[ \t\u00a0]*-[ \t\u00a0]*|[ \t\u00a0]*)(" + mults_long + r")(s)?(?![\w])", re.I)
        self.mult_glued = re.compile(r"(bn|bln|mn|mln|mil|tn|trn|k|K|m|M|b|B)(?![A-Za-z0-9])")
        self.mult_spaced = re.compile(r"[ \t\u00a0]+(bn|bln|mn|mln|mil|tn|trn|B|M|K)(?![\w])")
        self.and_half = re.compile(r"(?:[ \t]+|-)and(?:[ \t]+|-)(?:a|one)(?:[ \t]+|-)half(?![\w])", re.I)
        self.vulgar_glued = re.compile(r"[ \t]?([" + "".join(_VULGAR) + r"])")
        self.slash_frac = re.compile(r"[ \t]*[/⁄][ \t]*([0-9]+)(?![0-9]|[.,/⁄][0-9])")
        self.percent = re.compile(
            r"[ \t\u00a0]?%|[ \t\u00a0]*-?[ \t\u00a0]*(?:per[ \t\u00a0]?cent|percent|pct|percentage[ \t\u00a0]+points?)(?![A-Za-z])"
            r"|pc(?![A-Za-z])", re.I)
        self.post_qual = re.compile(
            r"(?:[ \t\u00a0]*)(" + _trie_regex(sorted(self.post_of)) + r")(?![\w])(?![ \t]*[0-9])", re.I)
        self.post_plus = re.compile(r"\+(?![0-9\w])")
        # currency before the number
        cur_sym = [p for p in prefixes if not p[:1].isalpha() or not p.replace(".", "").isalpha()]
        cur_code = [p for p in prefixes if p.replace(".", "").isalpha()]
        self.currency_before = re.compile(
            r"(?:(?<![\w$£€¥])(?:" + _alts(cur_sym).replace(r"\s+", r"[ \t\u00a0]?") + r")"
            r"|(?<![A-Za-z])(?:" + _alts(cur_code) + r"))[ \t\u00a0]?$")
        self.currency_at = re.compile(
            r"(?:(?:" + _alts(cur_sym).replace(r"\s+", r"[ \t\u00a0]?") + r")|(?:" + _alts(cur_code) + r"))[ \t\u00a0]?(?=[0-9.-])")
        self.sign_before = re.compile(r"(?:(?<![\w.,\n\r])(?<!^)[-−](?=$)|(?<![\w])(?:minus|negative)(?:[ \t]+|-)$)", re.I)
        self.qual_last = {k.split()[-1] for k in self.qual_of}
        self.qual_max_words = max((len(k.split()) for k in self.qual_of), default=1)
        self.range_cue_before = re.compile(r"(?<![\w])(between|from)[ \t\u00a0]+$", re.I)
        self.a_before = re.compile(r"(?<![\w])(an?|one)[ \t\u00a0]+$", re.I)
        self.age_after = re.compile(r"(?:[ \t]*-[ \t]*|[ \t]+)(?:year|yr|month|week|day)s?(?:[ \t]*-[ \t]*|[ \t]+)old(?![\w])", re.I)
        self.age_before = re.compile(r"(?<![\w])(?:aged|age|ages)[ \t]+$", re.I)
        self.name_comma_before = re.compile(r"[A-Z][\w'’.-]+,[ \t]$")
        self.range_sep = re.compile(
            r"([ \t\u00a0]*[-–—‐‑][ \t\u00a0]*)(?=[0-9$£€¥₹A-Za-z.−-])|[ \t\u00a0]+(to|through|thru|and|or)[ \t\u00a0]+", re.I)
        self.street_after = re.compile(
            r"[ \t]+(?:[A-Z][\w'’.-]*[ \t]+){0,3}(?:" + _alts(streets) + r")(?![\w])")
        # what follows the number: a unit
        sym_sorted = sorted(set(symbols), key=len, reverse=True)
        multi = [s for s in sym_sorted if len(s) > 1 or not s.isalpha()]
        single = [s for s in sym_sorted if len(s) == 1 and s.isalpha()]
        self.sym_glued = re.compile(r"(" + _trie_regex(multi + single) + r")(?![A-Za-z0-9])")
        spaced = [x for x in multi if x not in ("'", "″", "′", "x")] + ["W", "V", "F", "m"]
        self.sym_spaced = re.compile(
            r"[ \t\u00a0]+(" + _trie_regex(spaced) + r")(?![A-Za-z0-9])(?![ \t]*[A-Z][a-z])")
        mwords = sorted({w.lower() for w in self.measure_words | self.time_units | self.currency_words if w != "p"})
        self.unit_word = re.compile(
            r"(?:[ \t\u00a0]*-[ \t\u00a0]*|[ \t\u00a0]+)(" + _trie_regex(mwords) + r")(?![\w])", re.I)
        self.pence = re.compile(r"[ \t]?p(?![\w.])")
        self.next_word = re.compile(r"[ \t\u00a0]*(?:-[ \t\u00a0]*)?((?:[A-Za-z]\.){2,}|[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*)")
        self.glued_letters = re.compile(r"[A-Za-z]+")
        self.month_after = re.compile(
            r"(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?(January|February|March|April|May|June|July|August|September|"
            r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?(?![\w])"
            r"(?:,?[ \t]+[0-9]{4}(?![0-9]))?")
        self.vague_mult = re.compile(r"(?:[ \t]+of)?[ \t]+(" + mults_long + r")(s)?(?![\w])", re.I)
        self.date_tail = re.compile(r"(?:st|nd|rd|th)?(?:[ \t]*[-–][ \t]*[0-9]{1,2}(?![0-9])(?:st|nd|rd|th)?)?(?:,?[ \t]+[0-9]{4}(?![0-9]))?")
        self.of_after = re.compile(r"[ \t]+of(?![\w])", re.I)
        self.block_after = re.compile(r"[ \t]+block[ \t]+of(?![\w])", re.I)
        self.local_phone = re.compile(r"[0-9]{3}[-.][0-9]{4}(?![0-9]|[-.][0-9])")


@lru_cache(maxsize=1)
def _patterns() -> _P:
    return _P()


# --- helpers ---------------------------------------------------------------------------------

class _Num:
    """A number being read: its value(s) and what sits around it."""

    __slots__ = ("start", "end", "value", "low", "high", "qualifier", "cue", "unit", "category", "count",
                 "currency", "percent", "mult", "base", "kind", "structural", "fraction", "unit_kind",
                 "measure_unit", "int_like", "digits_text")

    def __init__(self, start: int, end: int, value: Optional[float]):
        self.start, self.end, self.value = start, end, value
        self.low = self.high = None
        self.qualifier = "exact"
        self.cue = None
        self.unit = None
        self.category = None
        self.count = None
        self.currency = None
        self.percent = None
        self.mult = 1.0
        self.base = value
        self.kind = "digits"
        self.structural = None
        self.fraction = False
        self.unit_kind = None  # money | percent | measure | time | age
        self.measure_unit = None
        self.int_like = False
        self.digits_text = ""


def _float(s: str) -> float:
    try:
        return float(s.replace(",", ""))
    except (ValueError, OverflowError):
        return math.nan


def _is_int(v) -> bool:
    return v is not None and isinstance(v, float) and math.isfinite(v) and v.is_integer()


def _is_plural(w: str) -> bool:
    lw = w.lower()
    if lw in _IRREGULAR_PLURALS:
        return True
    if lw in _NOT_PLURAL or len(lw) < 3:
        return False
    if lw.endswith(("men", "people")):
        return lw not in _MEN_SINGULAR
    return lw.endswith("s") and not lw.endswith(("ss", "us", "is", "ous", "'s", "’s"))


def _sentence_start_before(text: str, i: int) -> bool:
    """Is position i (a word's start) the first word of a sentence?"""
    j = i - 1
    while j >= 0 and text[j] in _SPACE + "\"'“‘(":
        j -= 1
    return j < 0 or text[j] in ".!?\n\r"


# --- the reader ------------------------------------------------------------------------------

def read_quantities(text: str) -> list[Quantity]:
    """Every number phrase in ``text``, in order, without overlaps."""
    if not text or not isinstance(text, str):
        return []
    P = _patterns()
    out: list[Quantity] = []
    pos = 0
    last_end = 0
    search = P.anchor.search
    n = len(text)
    while pos < n:
        m = search(text, pos)
        if m is None:
            break
        try:
            got, nxt = _read_at(text, m, P, last_end)
        except (ValueError, OverflowError, ZeroDivisionError, IndexError):  # never let one number stop the rest
            got, nxt = None, m.end()
        if got is not None and got.start < last_end:
            got = None  # never overlap the number before
        if got is not None:
            if out:
                _inherit_qualifier(text, out[-1], got)
            out.append(got)
            last_end = got.end
            nxt = max(nxt, got.end)
        pos = max(nxt, m.start() + 1)
    return out


_PAREN_BETWEEN = re.compile(r"[^()\n.;!?]{0,40}\([ \t]*$")
_PAREN_AFTER = re.compile(r"[^()\n]{0,25}\)")


def _inherit_qualifier(text: str, a: Quantity, b: Quantity) -> None:
    """A conversion in brackets shares the hedge of the figure it converts:
    "more than 7.5 million crowns (US$1.1 million)", "lower than 8.90 ksi (61.4 MPa)"."""
    if a.qualifier not in ("approximate", "at_least", "at_most") or b.qualifier != "exact" or b.value is None:
        return
    if a.category != b.category or b.start - a.end > 48:
        return
    if not _PAREN_BETWEEN.fullmatch(text, a.end, b.start) and not _PAREN_BETWEEN.match(text, a.end, b.start):
        return
    if not _PAREN_AFTER.match(text, b.end):
        return
    b.qualifier = a.qualifier
    b.cue = a.cue
    if a.qualifier == "at_least":
        b.low = b.value
    elif a.qualifier == "at_most":
        b.high = b.value


def _read_at(text: str, m: re.Match, P: _P, last_end: int):
    if m.group("d") is not None:
        return _read_digits(text, m.start(), P, last_end)
    return _read_words(text, m, P, last_end)


def _skip_token(text: str, i: int) -> int:
    n = len(text)
    while i < n and (text[i].isalnum() or text[i] in "-/.,_" and i + 1 < n and text[i + 1].isalnum()):
        i += 1
    return i


def _read_digits(text: str, s: int, P: _P, last_end: int):
    n = len(text)
    ch = text[s]
    if ch in _VULGAR:
        num = _Num(s, s + 1, _VULGAR[ch])
        num.kind = "fraction"
        num.fraction = True
        return _finish(text, num, P, last_end)
    prev = text[s - 1] if s > 0 else ""
    # digits glued to letters before them: "S23", "mk5", "COVID19" — unless a currency code ("RM23.50")
    if prev.isalpha() or prev == "_":
        pre = text[max(0, s - 8):s]
        if not P.currency_before.search(pre):
            return None, _skip_token(text, s)
    if prev.isdigit():
        return None, _skip_token(text, s)
    start = s
    # ".001 per cent"
    if prev == "." and (s < 2 or not text[s - 2].isalnum()):
        start = s - 1
    # "TA-35", "COVID-19", "F-150": a label joined by a hyphen
    if prev == "-" and s >= 2 and text[s - 2].isalpha():
        j = s - 2
        while j >= 0 and text[j].isalpha():
            j -= 1
        word = text[j + 1:s - 1]
        lw = word.lower()
        if lw not in ("mid", "pre", "post", "early", "late", "end", "sub", "minus", "over", "under", "circa",
                      "c", "ca", "top", "up", "upto", "around", "about", "some", "nearly", "almost") and word:
            end = _skip_token(text, s)
            dm = P.digits.match(text, s)
            num = _Num(j + 1, end, _float(dm.group()) if dm else None)
            num.category = "other"
            return _emit(text, num), end
    # whole structures at a digit: phone numbers, dates, clock times, codes.
    # Cheap test first: they all need one of - . / : ) or a space right after the first run of digits.
    rm = _DIGIT_RUN.match(text, s)
    run_end = rm.end()
    nxt = text[run_end] if run_end < n else ""
    if nxt and nxt in "-./:) \u00a0" or prev in "(+" or run_end - s == 3:
        got = _structure_at(text, s, start, prev, nxt, run_end, P)
        if got is not None:
            return got
    dm = P.digits.match(text, s)
    if dm is None:
        return None, s + 1
    num = _Num(start, dm.end(), _float(("0" if start < s else "") + text[start:dm.end()]))
    num.digits_text = dm.group()
    num.int_like = "." not in dm.group() and start == s
    return _finish(text, num, P, last_end)


_DIGIT_RUN = re.compile(r"[0-9]+")
_THREE_DIGITS = re.compile(r"[0-9]{3}(?![0-9.,])")


def _structure_at(text: str, s: int, start: int, prev: str, nxt: str, run_end: int, P: _P):
    lead = s - 1 if prev in "(+" else s
    if prev in "(+" or nxt in "-. )" or nxt == "\u00a0":
        mm = P.phone.match(text, lead)
        if mm and (prev in "(+" or mm.group().count("-") + mm.group().count(" ") + mm.group().count(".") >= 2):
            if not (lead > 0 and text[lead - 1].isalnum()):
                num = _Num(lead, mm.end(), None)
                num.category = "phone"
                return _emit(text, num), mm.end()
    if start == s and (run_end - s == 3):
        pm = _prev_word(text, max(0, s - 16), s)
        pw = pm.group(1).lower().strip("\"'“‘(:") if pm else ""
        if pw in _PHONE_PREV:
            lm = P.local_phone.match(text, s)
            if lm is None and pw in _CALL_WORDS:
                lm = _THREE_DIGITS.match(text, s)
            if lm:
                num = _Num(s, lm.end(), None)
                num.category = "phone"
                return _emit(text, num), lm.end()
    if nxt in "-./":
        mm = P.iso_date.match(text, s)
        if mm:
            num = _Num(s, mm.end(), None)
            num.category = "date"
            return _emit(text, num), mm.end()
        mm = P.num_date.match(text, s)
        if mm:
            a, b = int(mm.group(1)), int(mm.group(3))
            if 1 <= a <= 31 and 1 <= b <= 31 and (a <= 12 or b <= 12):
                num = _Num(s, mm.end(), None)
                num.category = "date"
                return _emit(text, num), mm.end()
    if nxt == ":":
        mm = P.clock.match(text, s)
        if mm:
            hh = int(text[s:run_end])
            if hh <= 24:
                end = mm.end()
                ta = P.clock_after.match(text, end)
                if ta:
                    end = ta.end()
                num = _Num(s, end, None)
                num.category = "time"
                return _emit(text, num), end
    if nxt == ".":
        mm = P.dotted.match(text, s)
        if mm:
            parts = mm.group().split(".")
            if len(parts) == 3 and len(parts[2]) == 4 and 1 <= int(parts[0]) <= 31 and 1 <= int(parts[1]) <= 31:
                cat = "date"
            else:
                cat = "other"
            num = _Num(s, mm.end(), None)
            num.category = cat
            return _emit(text, num), mm.end()
    if nxt in "-/":
        mm = P.ref.match(text, s)
        if mm and _is_reference(mm.group()):
            num = _Num(s, mm.end(), None)
            num.category = "other"
            return _emit(text, num), mm.end()
    return None


def _is_reference(tok: str) -> bool:
    """'2011-11-S-034', 'A4/22B', '1-2-3': a code, not an amount ('23-year-old' is not one)."""
    segs = [x for x in re.split(r"[-/]", tok) if x]
    digit_segs = sum(1 for x in segs if x.isdigit())
    mixed = any(not x.isdigit() and not x.isalpha() for x in segs)
    codes = any(x.isalpha() and x.isupper() and len(x) <= 4 for x in segs)
    if mixed or codes and digit_segs >= 1:
        return True
    words = [x for x in segs if x.isalpha()]
    if words and all(x.islower() for x in words):
        return False  # "3/4-inch", "2-3-year-old": a number and its unit
    return digit_segs >= 3 or digit_segs >= 2 and len(segs) > digit_segs


def _read_words(text: str, m: re.Match, P: _P, last_end: int):
    word = m.group("w")
    lw = re.sub(r"\s+", " ", word.lower())
    s, e = m.start(), m.end()
    if lw in P.vague:
        return _read_vague(text, s, e, lw, P, last_end)
    if lw in _FRACTION_WORDS:
        return _read_fraction_word(text, s, e, lw, P, last_end)
    # a run of number words
    value, end, ntok, first = _parse_word_run(text, s, P)
    if value is None:
        return None, e
    start = s
    if first in P.scale_words:
        am = P.a_before.search(text, max(0, s - 6), s)
        if not am:
            return None, end
        start = am.start(1)
    num = _Num(start, end, float(value))
    num.kind = "words"
    num.int_like = True
    if ntok == 1 and first == "one":
        if not _one_is_count(text, start, end, P):
            return None, end
    # "two-thirds", "one third of": a fraction after a number word
    fm = re.compile(r"(?:[ \t]+|-)([A-Za-z]+)").match(text, end)
    if fm and fm.group(1).lower() in _FRACTION_WORDS and value >= 1 and value < 20:
        fw = fm.group(1).lower()
        plural = fw.endswith("s") or fw == "halves"
        if plural and value >= 2 or not plural and value == 1 and re.match(r"[ \t]+of(?![\w])", text[fm.end():fm.end() + 4]):
            num.value = num.base = value / _FRACTION_WORDS[fw]
            num.end = fm.end()
            num.fraction = True
            num.kind = "fraction"
            num.int_like = False
    return _finish(text, num, P, last_end)


def _one_is_count(text: str, s: int, e: int, P: _P) -> bool:
    pm = _prev_word(text, max(0, s - 20), s)
    if pm and pm.group(1).lower().strip("\"'“”‘’(") in _ONE_PRONOUN_PREV:
        return False
    rest = text[e:e + 20]
    if not rest or rest[0] in ".,;:!?)\"”’'":
        return False
    if rest[0] == "-":
        w = re.match(r"-([A-Za-z]+)", rest)
        if not w:
            return False
        lw = w.group(1).lower()
        return lw in P.time_units or lw in P.measure_words or lw in _ONE_COMPOUND_OK
    nm = re.match(r"[ \t]+([\w'’]+)", rest)
    if not nm:
        return False
    nw = nm.group(1)
    if nw[0].isdigit():
        return False
    return nw.lower() not in _ONE_PRONOUN_NEXT


def _parse_word_run(text: str, s: int, P: _P):
    """Parse number words from s: returns (value, end, n_tokens, first_word)."""
    total = 0.0
    cur = 0.0
    trail = 1.0
    last = None  # kind of the last token
    end = s
    ntok = 0
    first = None
    pos = s
    last_scale = math.inf
    while True:
        tm = P.word_token.match(text, pos)
        if not tm:
            break
        w = tm.group().lower()
        if w in _UNITS:
            k, v = "U", _UNITS[w]
        elif w in _TEENS:
            k, v = "T10", _TEENS[w]
        elif w in _TENS:
            k, v = "T", _TENS[w]
        elif w in ("hundred",):
            k, v = "H", 100
        elif w in ("dozen", "score"):
            k, v = "D", P.mult.get(w, 12 if w == "dozen" else 20)
        else:
            k, v = "S", P.mult.get(w, 1000)
        ok = True
        if k == "U":
            ok = last in (None, "H", "S") or (last == "T" and cur % 10 == 0)
            if ok:
                cur += v
        elif k in ("T10", "T"):
            ok = last in (None, "H", "S")
            if ok:
                cur += v
        elif k == "H":
            ok = last in (None, "U", "T10", "T") and (cur % 100 == cur)
            if ok:
                cur = (cur or 1) * 100
        elif k == "D":
            ok = last in (None, "U", "T10", "T")
            if ok:
                cur = (cur or 1) * v
        else:  # S
            ok = last in (None, "U", "T10", "T", "H", "S", "D")
            if ok:
                if last == "S" and cur == 0:
                    total = (total or 1) * v  # "thousand million"
                elif v < last_scale:
                    total += (cur or 1) * v
                    last_scale = v
                else:
                    total = (total + (cur or 1)) * v
                    last_scale = v
                cur = 0
        if not ok:
            break
        trail = v
        if first is None:
            first = w
        ntok += 1
        last = k
        end = tm.end()
        if k == "D" and w == "score" and ntok == 1:
            return None, end, 0, w  # "score" alone is not a number
        sm = P.word_sep.match(text, end)
        if not sm:
            break
        if "and" in sm.group().lower() and last not in ("H", "S"):
            break
        pos = sm.end()
    if ntok == 0:
        return None, s, 0, None
    _parse_word_run.trail = trail if last in ("S", "H", "D") else 1.0  # type: ignore[attr-defined]
    return total + cur, end, ntok, first


def _read_fraction_word(text, s, e, lw, P: _P, last_end):
    """'a third of', 'half of', 'half a million', 'half an hour'."""
    den = _FRACTION_WORDS[lw]
    after = text[e:e + 16]
    if lw == "half":
        if e < len(text) and text[e] == "-":
            return None, e
        hm = re.match(r"[ \t]+(a|an)[ \t]+([A-Za-z]+)", after, re.I)
        if hm and hm.group(2).lower() in P.scale_words:
            # "half a million", "half a dozen"
            mw = hm.group(2).lower()
            num = _Num(s, e + hm.end(), 0.5 * P.mult[mw])
            num.kind = "words"
            return _finish(text, num, P, last_end)
        if not re.match(r"[ \t]+(of|the|a|an|its|their|his|her|our|all|those|these|them|that|this|it)(?![\w])", after, re.I):
            return None, e
        pm = _prev_word(text, max(0, s - 20), s)
        if pm and pm.group(1).lower() in ("first", "second", "the", "final", "last", "other", "and"):
            return None, e
        num = _Num(s, e, 0.5)
    else:
        if lw.endswith("s") or lw == "halves":
            return None, e
        am = P.a_before.search(text, max(0, s - 6), s)
        if not am:
            return None, e
        if not re.match(r"[ \t]+of(?![\w])", after, re.I):
            return None, e
        num = _Num(am.start(1), e, 1.0 / den)
    num.kind = "fraction"
    num.fraction = True
    return _finish(text, num, P, last_end)


def _read_vague(text, s, e, key, P: _P, last_end):
    entry = P.vague[key]
    n = len(text)
    # "some 200", "several 100": the word qualifies the number that follows
    j = e
    while j < n and text[j] in _SPACE:
        j += 1
    if j < n and (text[j].isdigit() or text[j] in "$£€¥"):
        return None, e
    # "some two dozen", "some three hundred": a weak word before a number word qualifies it too
    if entry.get("weak") and j > e and P.word_token.match(text, j) and not P.vague_mult.match(text, e):
        return None, e
    low, count, high = entry.get("low"), entry.get("count"), entry.get("high")
    end = e
    # "several hundred", "tens of millions", "a few thousand"
    factor = 1.0
    pos = e
    while True:
        mm = P.vague_mult.match(text, pos)
        if not mm:
            break
        w = mm.group(1).lower()
        if w == "score":
            break
        # "dozens of hundreds"? keep going; but "hundreds of thousands" is its own key
        if key.endswith(" of") is False and text[pos:mm.start(1)].strip().lower() == "of" and not mm.group(2):
            break
        factor *= P.mult[w]
        pos = end = mm.end()
    if factor == 1.0 and key.endswith(" of") and key[:-3] in P.vague:
        end = s + len(re.match(r"(?i)" + _trie_regex([key[:-3]]), text[s:e]).group())
    unit_from = e if factor == 1.0 else end
    if entry.get("weak"):
        um = re.match(r"(?:[ \t]+of)?", text[unit_from:unit_from + 4])
        noun = _find_noun(text, unit_from + (um.end() if um else 0), P, plural_only=True)
        if noun is None:
            return None, e
    num = _Num(s, end, None)
    num.kind = "vague"
    num.qualifier = "vague"
    num.low = float(low) * factor if low is not None else None
    num.high = float(high) * factor if high is not None else None
    num.count = float(count) * factor if count is not None else None
    # the unit: the noun after "of"
    um = re.match(r"(?:[ \t]+more)?(?:[ \t]+of)?", text[end:end + 10])
    _unit_and_category(text, num, end + (um.end() if um else 0), P)
    return _emit(text, num), end


# --- after the core: multipliers, percent, qualifiers, ranges ----------------------------------

def _suffix(text: str, num: _Num, P: _P) -> None:
    """Extend a digit or word number by what is glued or next to it."""
    e = num.end
    if num.kind == "digits":
        # "1½"
        vm = P.vulgar_glued.match(text, e)
        if vm:
            num.value += _VULGAR[vm.group(1)]
            e = num.end = vm.end()
            num.int_like = False
        # "1/2", "1⁄32"
        fm = P.slash_frac.match(text, e)
        if fm and num.int_like:
            den = _float(fm.group(1))
            # a fraction of something ("1/16 of a pint", "1/2 pound", "a 3/4-inch pipe"), not "24/7" or "9/11"
            if den and num.value < den and den <= 1000 and not num.digits_text.count(",") and (
                    P.of_after.match(text, fm.end()) or P.unit_word.match(text, fm.end())
                    or P.sym_spaced.match(text, fm.end()) or P.sym_glued.match(text, fm.end())):
                num.value = num.value / den
                num.end = e = fm.end()
                num.fraction = True
                num.int_like = False
            elif den:
                num.category = "other"  # "24/7", "9/11"
                num.end = fm.end()
                return
    am = P.and_half.match(text, e)
    if am and num.value is not None:
        num.value += 0.5
        e = num.end = am.end()
        num.int_like = False
    num.base = num.value
    # multipliers: "1.2 million", "4 hundred million", "$1.5bn", "25k"
    while True:
        mm = P.mult_word.match(text, e)
        if mm:
            w = mm.group(1).lower()
            if w == "score" and num.kind == "digits":
                break
            num.mult *= P.mult[w]
            e = num.end = mm.end()
            continue
        break
    if num.kind == "digits" and num.mult == 1.0:
        gm = P.mult_glued.match(text, e)
        sm = None if gm else P.mult_spaced.match(text, e)
        mm = gm or sm
        if mm:
            ab = mm.group(1)
            la = ab.lower()
            ok = True
            if la in ("m", "b", "k") or (sm is not None and ab in ("B", "M", "K")):
                nxt = P.next_word.match(text, mm.end())
                nw = nxt.group(1) if nxt else ""
                plural_next = bool(nw) and (_is_plural(nw) or nw.lower() in P.measure_words
                                            or nw.lower() in P.currency_words or nw.lower() == "of")
                if la == "k" and gm is not None:
                    ok = True
                elif la == "m" and gm is not None and ab == "m":
                    # "1.5m displaced", "12.3m tonnes", "$5.4m": million; "37m (121ft)", "a 100m sprint": metres
                    ok = (num.currency is not None or _currency_before(text, num.start, P) is not None
                          or plural_next or not _METRE_AFTER.match(text, mm.end()))
                else:
                    ok = num.currency is not None or _currency_before(text, num.start, P) is not None or plural_next
                if not ok and la == "m" and gm is not None:
                    num.measure_unit = "m"
                    num.unit_kind = "measure"
                    num.end = mm.end()
                    e = mm.end()
            if ok:
                num.mult *= P.mult.get(la, P.mult.get(ab, 1.0))
                e = num.end = mm.end()
    if num.mult != 1.0:
        num.value = num.base * num.mult
        num.int_like = False


_CURRENCY_END = set("$£€¥₹₽₴₩₦₪=.")


def _currency_search(text: str, lo: int, s: int, P: _P):
    """The currency right before s, if any (a cheap test first: most numbers have none)."""
    if s <= lo:
        return None
    c = text[s - 1]
    if c in _SPACE and s - 2 >= lo:
        c = text[s - 2]
    if c not in _CURRENCY_END and not c.isalpha():
        return None
    return P.currency_before.search(text, lo, s)


def _sign_search(text: str, lo: int, s: int, P: _P):
    if s <= lo:
        return None
    c = text[s - 1]
    if c in "-−" or c in _SPACE and text[max(lo, s - 10):s].lower().rstrip().endswith(("minus", "negative")):
        return P.sign_before.search(text, lo, s)
    return None


class _W:
    """A word before a number (quacks like a regex match for group(1) and start(1))."""

    __slots__ = ("word", "pos")

    def __init__(self, word: str, pos: int):
        self.word, self.pos = word, pos

    def group(self, i: int = 0) -> str:
        return self.word

    def start(self, i: int = 0) -> int:
        return self.pos


def _prev_word(text: str, lo: int, s: int) -> Optional[_W]:
    """The whitespace-delimited word before position s, separated from it by
    spaces on the same line; None when there is none."""
    j = s
    while j > lo and text[j - 1] in _SPACE:
        j -= 1
    if j == s or j <= lo:
        return None
    k = max(text.rfind(" ", lo, j), text.rfind("\n", lo, j), text.rfind("\t", lo, j), text.rfind("\u00a0", lo, j),
            text.rfind("\r", lo, j))
    start = k + 1 if k >= lo else lo
    if start == lo and lo > 0 and not text[lo - 1].isspace():
        return None  # the word runs on beyond the window
    return _W(text[start:j], start)


_LEAD_PUNCT = "(\"'“‘[–—"


def _qualifier_before(text: str, lo: int, s: int, P: _P):
    """The qualifier phrase that ends right before s ("at least", "~", "sub-"):
    (qualifier, phrase as written, its start), or None."""
    if s <= lo:
        return None
    words: list[tuple[int, int]] = []
    end = s
    while end > lo and text[end - 1] in _SPACE:
        end -= 1
    if end <= lo:
        return None
    for i in range(P.qual_max_words):
        k = max(text.rfind(" ", lo, end), text.rfind("\n", lo, end), text.rfind("\t", lo, end),
                text.rfind("\u00a0", lo, end))
        start = k + 1 if k >= lo else lo
        if start >= end:
            break
        if i == 0 and text[start:end].lstrip(_LEAD_PUNCT).lower() not in P.qual_last:
            return None  # cheap rejection: most numbers follow no qualifier
        words.append((start, end))
        j = start
        while j > lo and text[j - 1] in _SPACE:
            j -= 1
        if j == start or j <= lo:
            break
        end = j
    for n in range(len(words), 0, -1):
        first_start = words[n - 1][0]
        phrase_start = first_start
        while phrase_start < words[n - 1][1] and text[phrase_start] in _LEAD_PUNCT:
            phrase_start += 1
        raw = text[phrase_start:words[0][1]]
        key = " ".join(raw.split()).lower()
        q = P.qual_of.get(key)
        if q is not None:
            return q, raw, phrase_start
    return None


def _currency_before(text: str, s: int, P: _P) -> Optional[str]:
    cm = P.currency_before.search(text, max(0, s - 8), s)
    if cm:
        return re.sub(r"[ \t\u00a0]", "", cm.group())
    return None


def _finish(text: str, num: _Num, P: _P, last_end: int):
    """Read what is around a number core and emit the Quantity."""
    core_start = num.start
    _suffix(text, num, P)
    if num.category == "other":
        return _emit(text, num), num.end
    range_cue = None
    # prefix (currency, sign, qualifier, between/from)
    s = num.start
    lo = max(last_end, s - 48, 0)
    cm = _currency_search(text, max(lo, s - 8), s, P)
    if cm:
        num.currency = re.sub(r"[ \t\u00a0]", "", cm.group())
        s = cm.start()
    sm = _sign_search(text, max(lo, s - 10), s, P)
    if sm and num.value is not None:
        num.value = -num.value
        num.base = -num.base
        s = sm.start()
        if not num.currency:
            cm = _currency_search(text, max(lo, s - 8), s, P)
            if cm:
                num.currency = re.sub(r"[ \t\u00a0]", "", cm.group())
                s = cm.start()
    elif s > lo and text[s - 1] == "+" and (s < 2 or not text[s - 2].isalnum()):
        s -= 1
    qm = _qualifier_before(text, lo, s, P)
    if qm:
        num.qualifier, num.cue, s = qm
    rm = P.range_cue_before.search(text, lo, s) if s - lo > 4 and text[s - 1] in _SPACE else None
    if rm:
        range_cue = rm.group(1).lower()
        cue_start = rm.start(1)
    else:
        cue_start = s
    num.start = s
    # "March 29", "Aug. 14, 2011", "March 5-7", "March 2019": a date, read from the month on
    if num.kind == "digits" and num.int_like and num.mult == 1.0 and not num.currency and (
            1 <= num.value <= 31 or 1000 <= num.value <= 2099 and len(num.digits_text) == 4):
        ms = _month_before(text, core_start, P)
        if ms is not None and core_start - ms < 12:
            num.category = "date"
            num.start = ms
            if num.value <= 31:
                dm = P.date_tail.match(text, num.end)
                if dm:
                    num.end = dm.end()
            return _emit(text, num), num.end
    # percent and glued units that belong to the number itself
    _own_unit(text, num, P)
    # ranges: "50-60", "50 to 60", "between 50 and 60", "three or four"
    rng = _try_range(text, num, P, range_cue)
    if rng is not None:
        num = rng
        if range_cue:
            num.start = cue_start
            num.cue = range_cue + (" " + num.cue if num.cue else "")
    else:
        # post qualifiers: "300 or so", "40-plus", "100+"
        pm = P.post_qual.match(text, num.end)
        if pm:
            phrase = re.sub(r"\s+", " ", pm.group(1).lower())
            q = P.post_of.get(phrase)
            if q and not (phrase in ("plus",) and re.match(r"[ \t]+[0-9]", text[pm.end():pm.end() + 3])):
                num.qualifier = q
                num.cue = pm.group(1)
                num.end = pm.end()
        elif P.post_plus.match(text, num.end):
            num.qualifier = "at_least"
            num.cue = "+"
            num.end += 1
    if num.category is None:
        _unit_and_category(text, num, num.end, P, core_start=core_start)
    elif num.unit is None:
        _unit_and_category(text, num, num.end, P, core_start=core_start, keep_category=True)
    return _emit(text, num), num.end


def _own_unit(text: str, num: _Num, P: _P) -> None:
    e = num.end
    if num.unit_kind == "measure":
        return
    pm = P.percent.match(text, e)
    if pm:
        num.percent = pm.group().strip(" \t\u00a0-").lower()
        num.unit_kind = "percent"
        num.end = pm.end()
        return
    if num.kind == "digits" and e < len(text) and text[e] in "eE" and num.mult == 1.0:
        sm = _SCI.match(text, e)
        if sm:  # "4.59e-52"
            num.value = num.base = num.value * _pow10(int(sm.group(1)))
            num.end = sm.end()
            num.int_like = False
            return
    if num.kind == "digits" and e < len(text) and text[e].isalpha():
        # ordinals, clock times, decades, glued units
        om = P.ordinal_suffix.match(text, e)
        if om and num.int_like:
            num.category = "ordinal"
            num.end = om.end()
            dm = P.month_after.match(text, e)
            if dm and 1 <= num.value <= 31:
                num.category = "date"
                num.end = dm.end()
            return
        cm = P.clock_after.match(text, e)
        if cm:
            num.category = "time"
            num.end = cm.end()
            return
        if text[e] == "s" and (e + 1 >= len(text) or not text[e + 1].isalpha()) and num.int_like:
            v = num.value
            if 1000 <= v <= 2099 or (v % 10 == 0 and v < 100):
                num.category = "year"
                if v < 100:
                    pm = _prev_word(text, max(0, num.start - 12), num.start)
                    if pm and pm.group(1).lower() in ("his", "her", "their", "my", "your", "our", "mid", "early",
                                                      "late", "mid-", "in"):
                        num.category = "age"
                num.end = e + 1
                return
        if text[e] == "p" and (e + 1 >= len(text) or not (text[e + 1].isalpha() or text[e + 1] == ".")):
            num.currency = num.currency or "p"
            num.unit = "p"
            num.end = e + 1
            num.unit_kind = "money"
            return
        um = P.sym_glued.match(text, e)
        if um:
            num.measure_unit = um.group(1)
            num.unit_kind = "measure"
            num.end = um.end()
            return
        lm = P.glued_letters.match(text, e)
        word = lm.group().lower() if lm else ""
        if word in P.time_units or word in P.measure_words or word in P.currency_words:
            num.measure_unit = lm.group()
            num.unit_kind = "time" if word in P.time_units else ("money" if word in P.currency_words else "measure")
            num.end = lm.end()
            return
        if word in ("ish",):
            num.qualifier = "approximate"
            num.cue = lm.group()
            num.end = lm.end()
            return
        if word == "x":
            num.unit = "x"
            num.end = lm.end()
            return
        # "5G", "3D": not an amount
        num.category = "other"
        num.end = lm.end() if lm else e
        return
    if e < len(text) and text[e] in "'″′°" and num.kind == "digits":
        um = P.sym_glued.match(text, e)
        if um and not (text[e] == "'" and e + 1 < len(text) and text[e + 1].isalpha()):
            num.measure_unit = um.group(1)
            num.unit_kind = "measure"
            num.end = um.end()
            return
    # clock: "11 a.m.", "0401 GMT"
    cm = P.clock_after.match(text, e)
    if cm and num.kind == "digits" and num.int_like and (num.value <= 12 or len(num.digits_text) == 4):
        num.category = "time"
        num.end = cm.end()
        return


_METRE_AFTER = re.compile(
    r"[ \t]*\([ \t]*[0-9][0-9.,]*[ \t]*(?:ft|feet|foot|in|inch|inches|yd|yds|yards?)\b"
    r"|(?:[ \t]+|-)(?:tall|high|long|deep|wide|away|sprint|freestyle|hurdles|dash|relay|race|butterfly|backstroke|"
    r"breaststroke|medley|individual|air|above|below|from|under|beneath|in|of|square|squared|radius|diameter|"
    r"length|height|depth|altitude|elevation|stretch|section|wall|tower|drop|fall|jump|dive|swim|run|walk|"
    r"pistol|rifle|platform|springboard|event|final|title|record|world|olympic)\b", re.I)
_SCI = re.compile(r"[eE]([+-]?[0-9]{1,4})(?![0-9A-Za-z])")


def _pow10(k: int) -> float:
    try:
        return 10.0 ** k
    except OverflowError:
        return math.inf


def _try_range(text: str, x: _Num, P: _P, range_cue: Optional[str]) -> Optional[_Num]:
    if x.category is not None and x.category not in ("year",) or x.value is None or x.fraction:
        return None
    sm = P.range_sep.match(text, x.end)
    x_unit = None
    if not sm and not x.unit_kind and not x.currency:
        # "1.3 A/cm2 to 0.03 A/cm2": the same unit after both numbers
        um = P.unit_word.match(text, x.end) or P.sym_spaced.match(text, x.end)
        if um:
            sm = P.range_sep.match(text, um.end())
            x_unit = um.group(1).lower()
            if sm is not None and sm.group(2) is not None and sm.group(2).lower() == "or":
                return None
    if not sm:
        return None
    hyphen = sm.group(1) is not None
    word = (sm.group(2) or "").lower()
    if word == "and" and range_cue != "between":
        return None
    if hyphen and sm.group(1).strip() and text[sm.end():sm.end() + 1] in ("-", "−"):
        return None
    y = _operand(text, sm.end(), P, x.start)
    if y is None or y.value is None or y.category not in (None, "year"):
        return None
    if not math.isfinite(x.value) or not math.isfinite(y.value):
        return None
    if x_unit is not None:
        if y.measure_unit:
            y_unit = y.measure_unit.lower()
        else:
            um = P.unit_word.match(text, y.end) or P.sym_spaced.match(text, y.end)
            y_unit = um.group(1).lower() if um else None
        if y_unit != x_unit:
            return None
    # suspended hyphen "7- or 8-inch": not a range
    # unit compatibility
    kx = x.unit_kind or ("money" if x.currency else None)
    ky = y.unit_kind or ("money" if y.currency else None)
    if kx and ky and kx != ky:
        return None
    if x.percent and y.percent and _percent_kind(x.percent) != _percent_kind(y.percent):
        return None
    if word in ("to", "through", "thru") and kx and not ky and not y.measure_unit:
        return None
    if kx == "measure" and ky == "measure" and x.measure_unit and y.measure_unit and x.measure_unit.lower() != y.measure_unit.lower():
        return None
    vx, vy = x.value, y.value
    # "89 to 93 billion", "four to five thousand": the multiplier of the second applies to both
    if y.mult != 1.0 and x.mult == 1.0 and x.base is not None and abs(x.base) <= abs(y.base):
        vx = x.base * y.mult
    if word == "or":
        if not (_is_int(vx) and _is_int(vy) and vy == vx + 1 and x.mult == y.mult):
            return None
    year_range = False
    if _yearish(x):
        # "2014-15", "between 2014 and 2017"; never "in 2018 to 3.9 million"
        if not (hyphen or word in ("to", "through", "thru", "and")) or ky or y.mult != 1.0 or not y.int_like:
            return None
        if _yearish(y) or (hyphen and len(y.digits_text) == 2):
            if vy < 100:
                vy = (vx // 100) * 100 + vy
            if vy < vx:
                return None
            year_range = True
        else:
            return None
    if hyphen and not year_range:
        if vy <= vx:
            if x.int_like and y.int_like and not kx and not ky and vx <= 200:
                # "2-2", "9-2": a score
                out = _Num(x.start, y.end, None)
                out.category = "other"
                return out
            return None
    out = _Num(x.start, y.end, None)
    out.low, out.high = (vx, vy) if vx <= vy else (vy, vx)
    out.qualifier = "range"
    out.cue = x.cue
    out.currency = x.currency or y.currency
    out.percent = x.percent or y.percent
    out.unit_kind = kx or ky
    out.measure_unit = y.measure_unit or x.measure_unit
    out.int_like = x.int_like and y.int_like
    out.digits_text = x.digits_text
    out.kind = "range"
    if year_range:
        out.structural = "years"
    return out


def _operand(text: str, s: int, P: _P, x_start: int) -> Optional[_Num]:
    """The second number of a range: [currency][sign]number[multiplier][unit]."""
    n = len(text)
    cur = None
    cm = P.currency_at.match(text, s)
    if cm:
        cur = cm.group().replace(" ", "")
        s = cm.end()
    neg = False
    if s < n and text[s] in "-−":
        neg = True
        s += 1
    if s >= n:
        return None
    if text[s].isdigit():
        dm = P.digits.match(text, s)
        if not dm:
            return None
        if P.clock.match(text, s):
            return None
        y = _Num(s, dm.end(), _float(dm.group()))
        y.digits_text = dm.group()
        y.int_like = "." not in dm.group()
    else:
        wm = P.word_token.match(text, s)
        if not wm or text[s].isupper() and not text[x_start].isalpha():
            return None
        value, end, ntok, first = _parse_word_run(text, s, P)
        if value is None or first in P.scale_words:
            return None
        y = _Num(s, end, float(value))
        y.kind = "words"
        y.int_like = True
        trail = getattr(_parse_word_run, "trail", 1.0)
        if trail > 1.0 and value % trail == 0:
            # "four to five thousand": keep "thousand" as a multiplier the first number can share
            y.value = float(value)
            y.base = float(value) / trail
            y.mult = trail
    if neg:
        y.value = -y.value
        y.base = -y.base
    if y.mult == 1.0:
        y.base = y.value
    y.currency = cur
    if y.kind == "words" and y.mult != 1.0:
        _own_unit(text, y, P)
        return y
    _suffix(text, y, P)
    if y.category == "other":
        return None
    _own_unit(text, y, P)
    if y.currency:
        y.unit_kind = y.unit_kind or "money"
    return y


# --- unit and category ------------------------------------------------------------------------

def _find_noun(text: str, pos: int, P: _P, plural_only: bool = False) -> Optional[str]:
    """The counted noun after a number: the first plural within four words
    ("600 North Korean soldiers", "50 different products", "40 attack
    drones"); else the first lowercase word ("a 12 page document"). A
    capitalised plural counts only before any lowercase word ("1,307,000
    Americans"), so "the 1988 horror film Childs Play" has no plural."""
    cand = None
    seen_lower = False
    for _ in range(4):
        wm = P.next_word.match(text, pos)
        if not wm:
            break
        w = wm.group(1)
        lw = w.lower()
        if lw in _STOP_AFTER:
            break
        if lw in P.currency_words or lw in P.measure_words:
            return w  # "7,199 Chinese yuan"
        upper = w[0].isupper()
        if _is_plural(w) and not (upper and seen_lower):
            return w
        if not upper:
            adjective = "-" in w or lw in _ADJECTIVES or lw.endswith(_ADJ_SUFFIXES)
            if cand is None and not adjective:
                cand = w
            if seen_lower and cand is not None and not adjective and cand != w:
                break  # two nouns in a row and no plural: stop
            seen_lower = True
        pos = wm.end()
    return None if plural_only else cand


def _unit_and_category(text: str, num: _Num, e: int, P: _P, core_start: Optional[int] = None,
                       keep_category: bool = False) -> None:
    unit = num.unit
    kind = num.unit_kind
    # unit words right after the number
    if num.percent:
        unit = "%" if num.percent == "%" else num.percent
    elif num.measure_unit:
        unit = num.measure_unit
    elif unit is None:
        am = P.age_after.match(text, e)
        if am:
            kind = "age"
            unit = re.sub(r"\s+", " ", text[e:am.end()].strip(" -\t"))
        else:
            um = P.unit_word.match(text, e)
            if um:
                w = um.group(1)
                lw = re.sub(r"\s+", " ", w.lower())
                unit = w
                if lw in P.time_units:
                    kind = "time"
                elif lw in P.currency_words:
                    kind = "money"
                else:
                    kind = "measure"
                # "30 year rate" is fine; "six-month-old" handled by age
            else:
                sm = P.sym_spaced.match(text, e)
                if sm and num.kind != "vague":
                    unit = sm.group(1)
                    kind = "measure"
                elif P.pence.match(text, e) and num.kind == "digits":
                    unit = "p"
                    kind = "money"
                else:
                    unit = _find_noun(text, e, P)
                    if unit is not None:
                        lw = unit.lower()
                        if lw in P.currency_words:
                            kind = "money"
                        elif lw in P.time_units:
                            kind = "time"
    if num.currency and kind is None:
        kind = "money"
    if num.currency and unit is None or num.currency and kind == "money" and num.measure_unit is None and not num.percent:
        unit = num.currency if unit is None or kind != "money" or unit.lower() not in P.currency_words else unit
    if num.currency:
        kind = "money"
    num.unit = unit
    num.unit_kind = kind
    if keep_category and num.category is not None:
        return
    cat = num.category
    s = num.start if core_start is None else core_start
    if cat is None:
        cat = _structural_category(text, num, s, e, P)
    if cat is None:
        if kind == "money":
            cat = "money"
        elif kind == "percent" or num.fraction:
            cat = "percent"
            if num.fraction and not num.percent:
                if unit is None or num.kind == "fraction":
                    num.unit = "fraction"
            if num.fraction and kind == "measure":
                cat = "measure"
            if num.fraction and kind == "time":
                cat = "duration"
        elif kind == "age":
            cat = "age"
        elif kind == "time":
            cat = "duration"
        elif kind == "measure":
            cat = "measure"
    if cat is None:
        cat = _context_category(text, num, s, e, P)
    num.category = cat or "count"


def _structural_category(text: str, num: _Num, s: int, e: int, P: _P) -> Optional[str]:
    """Dates, addresses: read from the words around the number."""
    if num.kind == "vague" or num.value is None and num.qualifier != "range":
        return None
    v = num.value if num.value is not None else num.low
    # "29 March", "1st of May"
    if num.int_like and v is not None and 1 <= v <= 31 and not num.currency and not num.percent:
        dm = P.month_after.match(text, num.end)
        if dm:
            num.end = dm.end()
            return "date"
    # "10 Downing Street", "16-18 Industrial Avenue", "the 1600 block of"
    if num.int_like and not num.currency and not num.percent and not num.measure_unit:
        if P.street_after.match(text, num.end) or P.block_after.match(text, num.end):
            return "address"
    return None


def _month_before(text: str, s: int, P: _P) -> Optional[int]:
    """Start of the month name right before position s ("Aug. 14", "(March 29"), if any."""
    pm = _prev_word(text, max(0, s - 14), s)
    if not pm:
        return None
    raw = pm.group(1)
    lead = len(raw) - len(raw.lstrip("(\"'“‘[–—-"))
    word = raw[lead:].rstrip(".,")
    if word.lower() in _MONTHS and word[:1].isupper() and (word.lower() != "may" or word == "May"):
        return pm.start(1) + lead
    return None


def _context_category(text: str, num: _Num, s: int, e: int, P: _P) -> Optional[str]:
    v = num.value
    unit = num.unit
    plural_unit = unit is not None and _is_plural(unit)
    pm = _prev_word(text, max(0, s - 30), s)
    pw = pm.group(1) if pm else ""
    lpw = pw.lower().strip("\"'“”‘’(")
    # ages: "aged 25", "Senard, 65,"
    if num.int_like and v is not None and 0 < v <= 120:
        if P.age_before.search(text, max(0, s - 8), s):
            return "age"
        if P.name_comma_before.search(text, max(0, s - 30), s) and (text[e:e + 1] in (",", ";", ")") or text[e:e + 2] in (".", ". ", ".\n")) and unit is None:
            return "age"
    elif num.qualifier == "range" and P.age_before.search(text, max(0, s - 8), s):
        return "age"
    if num.structural == "years":
        # "2014-15", "between 2014 and 2017"; but "1000 to 1500 troops" counts
        if not (plural_unit and num.low % 100 == 0 and num.high % 100 == 0):
            return "year"
    elif _yearish(num):
        if lpw in _YEAR_PREPS:
            return "year"
        # a 4-digit number 1900-2099 is a year ("the 2019 review", "2018 sales"), unless it
        # is round and counts a plural noun ("2000 troops")
        if 1900 <= v <= 2099 and not (plural_unit and v % 100 == 0):
            return "year"
    # labels: "Game 2", "Section 427", "page 5", "No. 10"
    if num.kind in ("digits", "words") and not plural_unit and pw:
        label = False
        if lpw in P.label_words or pw.startswith("#"):
            label = True
        elif any(c.isupper() for c in pw) and lpw.strip(".,") not in _CAP_STOP and pw[-1] not in ",;:.!?)\"”’'" \
                and pw.strip(".,").lower() not in _MONTHS and not _sentence_start_before(text, pm.start(1)) \
                and pw[0].isalpha():
            label = True
        if label:
            return "other"
    if unit is not None and unit.lower() in P.not_counted:
        return "other"
    return None


def _percent_kind(p: str) -> str:
    return "points" if "point" in p else "percent"


def _yearish(n: _Num) -> bool:
    return (n.int_like and n.value is not None and n.mult == 1.0 and len(n.digits_text) == 4
            and 1000 <= n.value <= 2099 and not n.currency and not n.unit_kind and not n.percent)


def _emit(text: str, num: _Num) -> Quantity:
    start, end = num.start, num.end
    if start < 0:
        start = 0
    if end > len(text):
        end = len(text)
    value, low, high = num.value, num.low, num.high
    if num.category in ("time", "date", "phone"):
        value = low = high = None
    q = num.qualifier
    if q == "at_least" and value is not None:
        low = value
    elif q == "at_most" and value is not None:
        high = value
    elif q == "range":
        value = None
    if value is not None and not math.isfinite(value):
        value = None if math.isnan(value) else value
    qty = Quantity(value=value, low=low, high=high, qualifier=q, start=start, end=end, text=text[start:end],
                   unit=num.unit, cue=num.cue)
    qty.category = num.category or "count"
    qty.count = num.count
    return qty
