"""When a figure was true: time expressions resolved against a reference date.

News reports time relative to when they were written ("on Wednesday",
"yesterday", "last month"), so a claim's date is only known once the
expression is anchored to the publication date or, for press releases, to
the dateline ("KABUL, Afghanistan (Nov. 20, 2011)"). Figures are reconciled
over time, so the anchoring must be exact and predictable; the rules here do
it by hand for the expressions news actually uses, and dateparser (offline,
English only, relative to the anchor, preferring the past) resolves what the
rules do not know.

Every result is a :class:`TimeRef` whose ``date`` is the first day of the
period the expression denotes, with ``precision`` day, week (the week's
Monday; for "the weekend", its Saturday), month (the 1st) or year (1 Jan),
and ``basis`` "stated" (a calendar date, even if its year was inferred),
"relative" (resolved from the anchor) or "published" (no expression: the
publication date stands in).

Reported weekdays are past: "on Wednesday" in a Thursday paper is the day
before, and a weekday equal to the anchor's is the anchor itself. Calendar
dates without a year ("March 3", "in March") are the most recent such date
not after the anchor.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Callable, Optional, Union

from ..model import TimeRef

__all__ = ["resolve", "find_times", "published_ref", "dateline_date", "dateline_span"]

DateLike = Union[date, datetime, str, None]

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "a few": 3, "few": 3,
}

# Month and weekday names must be capitalised: "may" and "march" are verbs.
_MON = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|"
    r"AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)"
)
_MON_ABBR_DOT = r"\.?"
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:[ \t]+(?P<part>morning|afternoon|evening|night|overnight))"
_NUM = r"(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few)"
_B = r"(?<![\w-])"  # word start
_E = r"(?![\w])"  # word end

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(_B + r"(?P<year>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])" + _E)),
    ("slash", re.compile(_B + r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>(?:19|20)\d\d)" + _E)),
    ("mdy", re.compile(_B + _MON + _MON_ABBR_DOT + r"[ \t]+" + _DAY + r",?[ \t]+" + _YEAR + _E)),
    ("dmy", re.compile(_B + _DAY + r"[ \t]+(?:of[ \t]+)?" + _MON + _MON_ABBR_DOT + r",?[ \t]+" + _YEAR + _E)),
    ("my", re.compile(_B + r"(?:(?P<mod>early|mid|late|the end of|the beginning of|the start of|end of)[ \t-]+)?"
                      + _MON + _MON_ABBR_DOT + r"[ \t]+(?:of[ \t]+)?" + _YEAR + _E)),
    ("md", re.compile(_B + _MON + _MON_ABBR_DOT + r"[ \t]+" + _DAY + _E + r"(?![ \t]*[,-]?[ \t]*\d)")),
    ("dm", re.compile(_B + _DAY + r"[ \t]+(?:of[ \t]+)?" + _MON + _E + r"(?!\.?,?[ \t]*(?:19|20)\d\d)")),
    # (the preposition is matched, not looked behind for: the expression is the group "x")
    ("m", re.compile(r"\b(?:in|In|during|since|until|by|of|from|through|throughout|before|after) "
                     r"(?P<x>(?:(?P<mod>early|mid|late|last|this)[ \t-]+)?" + _MON + _E + r")(?![ \t]*\d)")),
    ("m2", re.compile(_B + r"(?P<mod>early|mid|late|last|Early|Mid|Late|Last)[ \t-]+" + _MON + _E + r"(?![ \t]*\d)")),
    ("y", re.compile(r"\b(?:in|In|during|since|Since|until|by|from|through|throughout|before|after|of) "
                     r"(?P<x>(?:(?P<mod>early|mid|late|the end of|the start of|the beginning of)[ \t-]+)?" + _YEAR
                     + _E + r")(?![ \t]*(?:%|percent|per cent|people|soldiers|troops|[a-z]{3,}s\b))")),
    ("y2", re.compile(_B + r"(?P<mod>[Ee]arly|[Mm]id|[Ll]ate)[ \t-]+" + _YEAR + _E)),
    ("wd", re.compile(_B + r"(?:(?P<rel>last|this|past|next|Last|This|Next)[ \t]+|(?P<lat>late|early|Late|Early)[ \t]+)?"
                      + _WD + _E + _PART + r"?")),
    ("ago", re.compile(_B + _NUM + r"[ \t]+(?P<unit>days?|weeks?|months?|years?)[ \t]+(?:ago|earlier|before)" + _E,
                       re.I)),
    ("lastn", re.compile(_B + r"the[ \t]+(?:past|last|previous)[ \t]+" + _NUM.replace("several|a few", "several|few")
                         + r"[ \t]+(?P<unit>days|weeks|months)" + _E, re.I)),
    ("rel", re.compile(
        _B + r"(?P<rel>the day before yesterday|yesterday|today|tonight|this morning|this afternoon|this evening|"
        r"earlier today|later today|earlier in the day|last night|overnight|the previous day|the day before|"
        r"the previous night|the night before|(?:in |over )?the (?:past|last) day(?![ \t]+of\b)|"
        r"(?:earlier |later )?this week|last week|the past week|the previous week|past week|"
        r"(?:earlier |later )?this month|last month|the past month|the previous month|"
        r"(?:earlier |later )?this year|last year|the past year|the previous year|"
        r"last weekend|this weekend|over the weekend|the weekend|"
        r"(?:in )?the (?:past|last) (?:24|twenty-four|48|forty-eight) hours)" + _E,
        re.I)),
]

_DATELINE_PATTERNS = [
    # KABUL, Afghanistan (Nov. 20, 2011)   /   KABUL, Afghanistan (Oct. 8)
    re.compile(r"\b[A-Z][A-Z'’.\- ]{2,},[ \t]*[A-Z][\w'’.\- ]{1,40}?[ \t]*\([ \t]*" + _MON + _MON_ABBR_DOT
               + r"[ \t]+" + _DAY + r"(?:[,.]?[ \t]*" + _YEAR + r")?[ \t]*\)"),
    # WASHINGTON, May 1 (Reuters) -   /   KYIV, Ukraine, May 1, 2025 (AP)
    re.compile(r"\b[A-Z][A-Z'’.\- ]{2,},(?:[ \t]*[A-Z][\w'’.\- ]{1,30}?,)?[ \t]*" + _MON + _MON_ABBR_DOT
               + r"[ \t]+" + _DAY + r"(?:,?[ \t]*" + _YEAR + r")?[ \t]*(?:\([A-Za-z .]{2,20}\)|[—–-])"),
    # a release headed by its date: "June 20: Afghan-ISAF Operations in ..."
    re.compile(r"\A\s*" + _MON + _MON_ABBR_DOT + r"[ \t]+" + _DAY + r"(?:,?[ \t]*" + _YEAR + r")?[ \t]*:"),
]
# ISAF release numbers carry the year and month: "2011-11-S-034", "2010-10-CA-087"
_ISAF_REF = re.compile(r"\b(?P<year>20\d\d)-(?P<m>0[1-9]|1[0-2])-[A-Z]{1,3}-\d{2,4}\b")


def _as_date(value: DateLike) -> Optional[date]:
    """Callers hold dates as dates, datetimes or ISO strings; a date that cannot
    be read only loses the anchor for relative dates."""
    from ..ingest.readers import parse_published

    try:
        return parse_published(value)
    except ValueError:
        return None


def published_ref(published: DateLike) -> TimeRef:
    """The fallback time of a claim with no time expression: the day it was
    published (basis "published"), or nothing if that is unknown too."""
    d = _as_date(published)
    return TimeRef(text=None, date=d.isoformat() if d else None, precision="day" if d else None, basis="published")


def _month_num(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _safe_date(y: int, m: int, d: int) -> Optional[date]:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _recent(month: int, day: int, anchor: Optional[date]) -> Optional[date]:
    """The most recent month/day not after the anchor (reports look back)."""
    if anchor is None:
        return None
    for y in (anchor.year, anchor.year - 1):
        d = _safe_date(y, month, day)
        if d and d <= anchor:
            return d
    return None


def _add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    return date(d.year + m // 12, m % 12 + 1, 1)


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _num(word: str) -> Optional[int]:
    w = word.lower()
    if w.isdigit():
        return int(w)
    return _NUMBERS.get(w)


def _ref(kind: str, m: re.Match, anchor: Optional[date]) -> Optional[TimeRef]:
    """Resolve one matched expression against the anchor date."""
    g = m.groupdict()
    x = "x" if g.get("x") is not None else 0  # the expression without the preposition matched before it
    text = m.group(x)

    def out(d: Optional[date], precision: str, basis: str) -> TimeRef:
        return TimeRef(text=text, date=d.isoformat() if d else None, precision=precision, basis=basis,
                       start=m.start(x), end=m.end(x))

    if kind == "iso":
        return out(_safe_date(int(g["year"]), int(g["m"]), int(g["day"])), "day", "stated")
    if kind == "slash":
        a, b = int(g["a"]), int(g["b"])
        month, day = (a, b) if a <= 12 else (b, a)  # US order unless impossible
        d = _safe_date(int(g["year"]), month, day)
        return out(d, "day", "stated") if d else None
    if kind in ("mdy", "dmy"):
        d = _safe_date(int(g["year"]), _month_num(g["mon"]), int(g["day"]))
        return out(d, "day", "stated") if d else None
    if kind == "my":
        return out(date(int(g["year"]), _month_num(g["mon"]), 1), "month", "stated")
    if kind in ("md", "dm"):
        month, day = _month_num(g["mon"]), int(g["day"])
        if _safe_date(2000, month, day) is None:
            return None
        return out(_recent(month, day, anchor), "day", "stated")
    if kind in ("m", "m2"):
        month = _month_num(g["mon"])
        mod = (g.get("mod") or "").lower()
        if anchor is None:
            return out(None, "month", "stated")
        y = anchor.year if month <= anchor.month else anchor.year - 1
        if mod == "last" and month == anchor.month:
            y -= 1
        return out(date(y, month, 1), "month", "stated" if mod != "last" else "relative")
    if kind in ("y", "y2"):
        return out(date(int(g["year"]), 1, 1), "year", "stated")
    if kind == "wd":
        wd = _WEEKDAYS[g["wd"].lower()]
        rel = (g.get("rel") or "").lower()
        if anchor is None:
            return out(None, "day", "relative")
        back = (anchor.weekday() - wd) % 7
        if rel == "next":
            fwd = (wd - anchor.weekday()) % 7 or 7
            return out(anchor + timedelta(days=fwd), "day", "relative")
        if rel in ("last", "past") and back == 0:
            back = 7
        return out(anchor - timedelta(days=back), "day", "relative")
    if kind == "ago":
        n = _num(g["n"])
        if n is None:
            return None
        unit = g["unit"].lower().rstrip("s")
        if anchor is None:
            return out(None, {"day": "day", "week": "week", "month": "month", "year": "year"}[unit], "relative")
        if unit == "day":
            return out(anchor - timedelta(days=n), "day", "relative")
        if unit == "week":
            return out(anchor - timedelta(days=7 * n), "week", "relative")
        if unit == "month":
            return out(_add_months(anchor, -n), "month", "relative")
        return out(date(anchor.year - n, 1, 1), "year", "relative")
    if kind == "lastn":  # "during the past two days": the period began n days back
        n = _num(g["n"])
        if n is None:
            return None
        unit = g["unit"].lower().rstrip("s")
        if anchor is None:
            return out(None, unit, "relative")
        if unit == "day":
            return out(anchor - timedelta(days=n), "day", "relative")
        if unit == "week":
            return out(anchor - timedelta(days=7 * n), "week", "relative")
        return out(_add_months(anchor, -n), "month", "relative")
    if kind == "rel":
        rel = re.sub(r"\s+", " ", g["rel"].lower())
        precision, fn = _RELATIVE[_rel_key(rel)]
        return out(fn(anchor) if anchor else None, precision, "relative")
    return None


def _rel_key(rel: str) -> str:
    rel = re.sub(r"^(earlier|later) ", "", rel)
    if rel == "in the day":
        return rel
    rel = rel.replace("in the ", "the ")
    if re.fullmatch(r"(?:over )?the (?:past|last) (?:\S+ hours|day)", rel):
        return "24h"
    return rel


def _weekend(a: date) -> date:
    """The Saturday of the most recent weekend (this one on Sat/Sun)."""
    return a - timedelta(days=(a.weekday() - 5) % 7)


_RELATIVE: dict[str, tuple[str, Callable[[date], date]]] = {
    "the day before yesterday": ("day", lambda a: a - timedelta(days=2)),
    "yesterday": ("day", lambda a: a - timedelta(days=1)),
    "today": ("day", lambda a: a),
    "tonight": ("day", lambda a: a),
    "this morning": ("day", lambda a: a),
    "this afternoon": ("day", lambda a: a),
    "this evening": ("day", lambda a: a),
    "in the day": ("day", lambda a: a),  # "earlier in the day"
    "last night": ("day", lambda a: a - timedelta(days=1)),
    # the night that ended on the anchor day began the day before
    "overnight": ("day", lambda a: a - timedelta(days=1)),
    "the previous day": ("day", lambda a: a - timedelta(days=1)),
    "the day before": ("day", lambda a: a - timedelta(days=1)),
    "the previous night": ("day", lambda a: a - timedelta(days=1)),
    "the night before": ("day", lambda a: a - timedelta(days=1)),
    "this week": ("week", _monday),
    "last week": ("week", lambda a: _monday(a) - timedelta(days=7)),
    "the previous week": ("week", lambda a: _monday(a) - timedelta(days=7)),
    "the past week": ("week", lambda a: a - timedelta(days=7)),
    "past week": ("week", lambda a: a - timedelta(days=7)),
    "this month": ("month", lambda a: a.replace(day=1)),
    "last month": ("month", lambda a: _add_months(a, -1)),
    "the previous month": ("month", lambda a: _add_months(a, -1)),
    "the past month": ("month", lambda a: _add_months(a, -1)),
    "this year": ("year", lambda a: date(a.year, 1, 1)),
    "last year": ("year", lambda a: date(a.year - 1, 1, 1)),
    "the previous year": ("year", lambda a: date(a.year - 1, 1, 1)),
    "the past year": ("year", lambda a: date(a.year - 1, 1, 1)),
    "last weekend": ("week", lambda a: _weekend(a - timedelta(days=1)) if a.weekday() >= 5 else _weekend(a)),
    "this weekend": ("week", _weekend),
    "over the weekend": ("week", _weekend),
    "the weekend": ("week", _weekend),
    "24h": ("day", lambda a: a),
}


def _scan(text: str, anchor: Optional[date]) -> list[TimeRef]:
    found: list[TimeRef] = []
    for kind, pat in _PATTERNS:
        for m in pat.finditer(text):
            try:
                ref = _ref(kind, m, anchor)
            except (ValueError, KeyError, OverflowError):
                ref = None
            if ref is not None:
                found.append(ref)
    # keep the longest of overlapping matches (then the earliest)
    found.sort(key=lambda r: (r.start, -(r.end - r.start)))
    out: list[TimeRef] = []
    for r in sorted(found, key=lambda r: (-(r.end - r.start), r.start)):
        if all(r.end <= o.start or r.start >= o.end for o in out):
            out.append(r)
    out.sort(key=lambda r: r.start)
    return out


def find_times(text: str, published: DateLike = None) -> list[TimeRef]:
    """Every time expression in ``text``, in order, resolved against the
    text's dateline if it has one, else against ``published``.
    ``text[t.start:t.end] == t.text`` for each result."""
    if not text:
        return []
    anchor = dateline_date(text, published) or _as_date(published)
    return _scan(text, anchor)


_LEADING = re.compile(r"^(?:on|in|at|during|since|by|from|until|of)\s+", re.I)


def resolve(expression: str, published: DateLike = None) -> TimeRef:
    """One time expression ("on Wednesday", "Nov. 20, 2011", "a fortnight
    ago") resolved against ``published``. Unknown expressions go to
    dateparser; what neither understands comes back with ``date`` None."""
    anchor = _as_date(published)
    expr = (expression or "").strip()
    if not expr:
        return published_ref(anchor)
    body = _LEADING.sub("", expr)
    for candidate in (expr, body, body[:1].upper() + body[1:]):
        refs = _scan(candidate, anchor)
        if refs:
            best = max(refs, key=lambda r: r.end - r.start)
            if best.end - best.start >= len(body) * 0.6:
                return TimeRef(text=expr, date=best.date, precision=best.precision, basis=best.basis)
    got = _dateparser(body, anchor)
    if got is not None:
        d, precision = got
        return TimeRef(text=expr, date=d.isoformat(), precision=precision,
                       basis="stated" if re.search(r"\d{4}", body) else "relative")
    return TimeRef(text=expr, date=None, precision=None, basis=None)


@lru_cache(maxsize=4096)
def _dateparser(expr: str, anchor: Optional[date]) -> Optional[tuple[date, str]]:
    if not re.search(r"[A-Za-z0-9]", expr):
        return None
    base = datetime.combine(anchor, datetime.min.time()) if anchor else datetime(2000, 1, 1)
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DAY_OF_MONTH": "first",
        "STRICT_PARSING": False,
    }
    try:
        from dateparser.date import DateDataParser

        data = DateDataParser(languages=["en"], settings=settings).get_date_data(expr)
    except Exception:
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    if anchor is None and not re.search(r"\d{4}", expr):
        return None  # relative to nothing
    precision = {"day": "day", "time": "day", "week": "week", "month": "month", "year": "year"}.get(
        data.period or "day", "day")
    if precision == "month":
        d = d.replace(day=1)
    elif precision == "year":
        d = date(d.year, 1, 1)
    return d, precision


def dateline_span(text: str) -> Optional[tuple[int, int]]:
    """Where the dateline sits in ``text`` (start, end), if it has one: its date is
    the text's "today", not the date of an event it reports."""
    if not text:
        return None
    head = text[:1500]
    for pat in _DATELINE_PATTERNS:
        m = pat.search(head)
        if m:
            return m.start(), m.end()
    return None


def dateline_date(text: str, published: DateLike = None) -> Optional[date]:
    """The date in a news dateline ("KABUL, Afghanistan (Nov. 20, 2011)",
    "WASHINGTON, May 1 (Reuters) -"), which is the "today" of the text.

    A dateline without a year takes it from an ISAF release number in the
    text ("2010-10-CA-087"), else from ``published`` (the most recent such
    day not after it); with neither, None.
    """
    if not text:
        return None
    head = text[:1500]
    for pat in _DATELINE_PATTERNS:
        m = pat.search(head)
        if not m:
            continue
        month, day = _month_num(m.group("mon")), int(m.group("day"))
        if m.group("year"):
            d = _safe_date(int(m.group("year")), month, day)
            if d:
                return d
            continue
        ref = _ISAF_REF.search(text)
        if ref:
            y, rm = int(ref.group("year")), int(ref.group("m"))
            # a January dateline in a December-numbered release is next year's
            if rm == 12 and month == 1:
                y += 1
            elif rm == 1 and month == 12:
                y -= 1
            d = _safe_date(y, month, day)
            if d:
                return d
        pub = _as_date(published)
        if pub:
            return _recent(month, day, pub)
        return None
    return None
