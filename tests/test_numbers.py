"""The number reader: values, bounds, qualifiers, categories and spans."""
from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.extract.numbers import CATEGORIES, read_quantities
from claimledger.model import QUALIFIERS, Quantity

N = None  # shorthand for "no value / bound"


def find(text: str, span: str) -> Quantity:
    """The quantity whose text is ``span`` (which must be unique in ``text``)."""
    qs = read_quantities(text)
    hits = [q for q in qs if q.text == span]
    assert hits, f"{span!r} not read from {text!r}; got {[q.text for q in qs]}"
    q = hits[0]
    assert text[q.start:q.end] == q.text
    assert text.index(span) == q.start
    return q


# text, span, value, low, high, qualifier, category
CASES = [
    # digits
    ("About 18,000 troops were deployed.", "About 18,000", 18000, N, N, "approximate", "count"),
    ("casualties are estimated at approximately 4,700", "approximately 4,700", 4700, N, N, "approximate", "count"),
    ("The toll rose to 4,700 on Monday.", "4,700", 4700, N, N, "exact", "count"),
    ("The shell hit 3.5 kilometres away.", "3.5", 3.5, N, N, "exact", "measure"),
    ("Some 1.2 million people fled.", "Some 1.2 million", 1.2e6, N, N, "approximate", "count"),
    ("The war cost $1.5bn so far.", "$1.5bn", 1.5e9, N, N, "exact", "money"),
    ("They pledged €20m in aid.", "€20m", 2e7, N, N, "exact", "money"),
    ("a crowd of 25k protesters", "25k", 25000, N, N, "exact", "count"),
    ("There were 4 hundred million people.", "4 hundred million", 4e8, N, N, "exact", "count"),
    ("The 1,307,000 Americans who claim aid", "1,307,000", 1307000, N, N, "exact", "count"),
    ("rates fell to .001 per cent", ".001 per cent", 0.001, N, N, "exact", "percent"),
    # number words
    ("six soldiers were wounded", "six", 6, N, N, "exact", "count"),
    ("twenty-three people died", "twenty-three", 23, N, N, "exact", "count"),
    ("two hundred and fifty prisoners were exchanged", "two hundred and fifty", 250, N, N, "exact", "count"),
    ("a dozen drones were shot down", "a dozen", 12, N, N, "exact", "count"),
    ("two dozen tanks", "two dozen", 24, N, N, "exact", "count"),
    ("a hundred villages", "a hundred", 100, N, N, "exact", "count"),
    ("one soldier was captured", "one", 1, N, N, "exact", "count"),
    ("twenty-eight thousand six hundred forty-two students", "twenty-eight thousand six hundred forty-two",
     28642, N, N, "exact", "count"),
    ("one and a half million refugees", "one and a half million", 1.5e6, N, N, "exact", "count"),
    ("half a million people", "half a million", 5e5, N, N, "exact", "count"),
    ("There are four to five thousand people.", "four to five thousand", N, 4000, 5000, "range", "count"),
    # fractions
    ("a third of the population fled", "a third", 1 / 3, N, N, "exact", "percent"),
    ("half of them were civilians", "half", 0.5, N, N, "exact", "percent"),
    ("two-thirds majority", "two-thirds", 2 / 3, N, N, "exact", "percent"),
    ("1/2 pound of flour", "1/2", 0.5, N, N, "exact", "measure"),
    # qualifiers before
    ("around 600 North Korean soldiers", "around 600", 600, N, N, "approximate", "count"),
    ("nearly 1,000 civilians", "nearly 1,000", 1000, N, N, "approximate", "count"),
    ("almost 50 tanks", "almost 50", 50, N, N, "approximate", "count"),
    ("at least 12 people were killed", "at least 12", 12, 12, N, "at_least", "count"),
    ("more than 300 houses", "more than 300", 300, 300, N, "at_least", "count"),
    ("over 40 wounded", "over 40", 40, 40, N, "at_least", "count"),
    ("up to 50 fighters", "up to 50", 50, N, 50, "at_most", "count"),
    ("fewer than 10 survivors", "fewer than 10", 10, N, 10, "at_most", "count"),
    ("no more than 20 guards", "no more than 20", 20, N, 20, "at_most", "count"),
    ("as many as 37 rounds", "as many as 37", 37, N, 37, "at_most", "count"),
    ("upwards of 1,000 refugees", "upwards of 1,000", 1000, 1000, N, "at_least", "count"),
    ("in excess of 300 vehicles", "in excess of 300", 300, 300, N, "at_least", "count"),
    ("close to 500 prisoners", "close to 500", 500, N, N, "approximate", "count"),
    ("some 200 families", "some 200", 200, N, N, "approximate", "count"),
    ("an estimated 30,000 people", "an estimated 30,000", 30000, N, N, "approximate", "count"),
    ("just under 20 percent", "just under 20 percent", 20, N, 20, "at_most", "percent"),
    ("~25 drones", "~25", 25, N, N, "approximate", "count"),
    # qualifiers after
    ("300 or so protesters", "300 or so", 300, N, N, "approximate", "count"),
    ("40-plus casualties", "40-plus", 40, 40, N, "at_least", "count"),
    ("100+ soldiers", "100+", 100, 100, N, "at_least", "count"),
    ("50 or more deaths", "50 or more", 50, 50, N, "at_least", "count"),
    ("a 40-odd strong unit", "40-odd", 40, N, N, "approximate", "count"),
    # ranges
    ("between 50 and 60 dogs", "between 50 and 60", N, 50, 60, "range", "count"),
    ("50 to 60 dogs", "50 to 60", N, 50, 60, "range", "count"),
    ("50-60 dogs", "50-60", N, 50, 60, "range", "count"),
    ("50–60 dogs", "50–60", N, 50, 60, "range", "count"),
    ("from 50 to 60 dogs", "from 50 to 60", N, 50, 60, "range", "count"),
    ("two or three soldiers", "two or three", N, 2, 3, "range", "count"),
    ("$89 to $93 billion", "$89 to $93 billion", N, 89e9, 93e9, "range", "money"),
    ("between $48,000 and $90,000 a year", "between $48,000 and $90,000", N, 48000, 90000, "range", "money"),
    ("1.3 A/cm2 to 0.03 A/cm2", "1.3 A/cm2 to 0.03", N, 0.03, 1.3, "range", "measure"),
    ("about 14-18 mpg", "about 14-18", N, 14, 18, "range", "measure"),
    # vague words
    ("dozens of civilians", "dozens", N, 24, 120, "vague", "count"),
    ("hundreds of soldiers", "hundreds", N, 200, 1000, "vague", "count"),
    ("with thousands more wounded", "thousands", N, 2000, 10000, "vague", "count"),
    ("tens of thousands of people", "tens of thousands", N, 20000, 100000, "vague", "count"),
    ("several insurgents were detained", "several", N, 3, N, "vague", "count"),
    ("numerous attacks", "numerous", N, 4, N, "vague", "count"),
    ("a number of cities", "a number of", N, 3, N, "vague", "count"),
    ("a few minutes later", "a few", N, 2, N, "vague", "duration"),
    ("scores of homes were destroyed", "scores of", N, 40, N, "vague", "count"),
    ("several hundred troops", "several hundred", N, 300, N, "vague", "count"),
    ("tens of millions of dollars", "tens of millions", N, 1e7, 9.9e7, "vague", "money"),
    # negatives
    ("temperatures of -5 degrees", "-5", -5, N, N, "exact", "measure"),
    ("about minus 387 Fahrenheit", "about minus 387", -387, N, N, "approximate", "measure"),
    ("dip down to minus-130 degrees Fahrenheit", "minus-130", -130, N, N, "exact", "measure"),
    # money, percent, measures
    ("$6 each", "$6", 6, N, N, "exact", "money"),
    ("US $58.24 per barrel", "US $58.24", 58.24, N, N, "exact", "money"),
    ("rose 18 sen to RM23.50", "RM23.50", 23.5, N, N, "exact", "money"),
    ("shares rose 6.5% to 164p", "164p", 164, N, N, "exact", "money"),
    ("a £1,000 payment", "£1,000", 1000, N, N, "exact", "money"),
    ("9 billion yuan", "9 billion", 9e9, N, N, "exact", "money"),
    ("more than 60 per cent of its revenue", "more than 60 per cent", 60, 60, N, "at_least", "percent"),
    ("rose 60% in 2018", "60%", 60, N, N, "exact", "percent"),
    ("the 40 yard line", "40", 40, N, N, "exact", "measure"),
    ("256GB of storage", "256GB", 256, N, N, "exact", "measure"),
    ("a 2.4-liter engine", "2.4", 2.4, N, N, "exact", "measure"),
    ("87 mph (140 km/h)", "87", 87, N, N, "exact", "measure"),
    # not figures
    ("in 2019, the army", "2019", 2019, N, N, "exact", "year"),
    ("the 1988 horror film", "1988", 1988, N, N, "exact", "year"),
    ("in the 1970s", "1970s", 1970, N, N, "exact", "year"),
    ("between 2014 and 2017", "between 2014 and 2017", N, 2014, 2017, "range", "year"),
    ("The 2014-15 Highlander", "2014-15", N, 2014, 2015, "range", "year"),
    ("on February 11 this year", "February 11", N, N, N, "exact", "date"),
    ("KABUL, Afghanistan (Dec. 7, 2012)", "Dec. 7, 2012", N, N, N, "exact", "date"),
    ("from 31 August onwards", "31 August", N, N, N, "exact", "date"),
    ("on 2019-05-01 at dawn", "2019-05-01", N, N, N, "exact", "date"),
    ("at 11 a.m. on Sunday", "11 a.m.", N, N, N, "exact", "time"),
    ("just before 8:00 p.m. Tuesday", "8:00 p.m.", N, N, N, "exact", "time"),
    ("after 12:01 a.m. EDT (0401 GMT)", "0401 GMT", N, N, N, "exact", "time"),
    ("the 22nd amendment", "22nd", 22, N, N, "exact", "ordinal"),
    ("the 47th Brigade", "47th", 47, N, N, "exact", "ordinal"),
    ("after six months of combat", "six", 6, N, N, "exact", "duration"),
    ("another two hours", "two", 2, N, N, "exact", "duration"),
    ("in two phases", "two", 2, N, N, "exact", "other"),
    ("a 23-year-old man", "23", 23, N, N, "exact", "age"),
    ("He will be 30 years old", "30", 30, N, N, "exact", "age"),
    ("women aged 25 to 54", "25 to 54", N, 25, 54, "range", "age"),
    ("Berling Robinson, 36, was shot", "36", 36, N, N, "exact", "age"),
    ("call 555-123-4567 now", "555-123-4567", N, N, N, "exact", "phone"),
    ("call +44 20 7946 0958 now", "+44 20 7946 0958", N, N, N, "exact", "phone"),
    ("at 10 Downing Street", "10", 10, N, N, "exact", "address"),
    ("in the 1600 block of South Street", "1600", 1600, N, N, "exact", "address"),
    ("release 2011-11-S-034 says", "2011-11-S-034", N, N, N, "exact", "other"),
    ("was hurt in Game 2 was strong", "2", 2, N, N, "exact", "other"),
    ("an AK-47 rifle", "AK-47", 47, N, N, "exact", "other"),
    ("it ended 2-2 on aggregate", "2-2", N, N, N, "exact", "other"),
    ("open 24/7 now", "24/7", 24, N, N, "exact", "other"),
]


@pytest.mark.parametrize("text,span,value,low,high,qualifier,category", CASES,
                         ids=[f"{i:03d}-{c[1]}" for i, c in enumerate(CASES)])
def test_phrasing(text, span, value, low, high, qualifier, category):
    q = find(text, span)
    for name, want, got in (("value", value, q.value), ("low", low, q.low), ("high", high, q.high)):
        if want is None:
            assert got is None, f"{name}: {got}"
        elif category not in ("date", "time", "phone", "other") or got is not None:
            assert got is not None and math.isclose(got, want, rel_tol=1e-9), f"{name}: {got} != {want}"
    assert q.qualifier == qualifier
    assert q.category == category


def test_at_least_60_distinct_phrasings():
    assert len({c[1] for c in CASES}) >= 60


# --- units -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,span,unit", [
    ("600 North Korean soldiers were killed", "600", "soldiers"),
    ("$6 each", "$6", "$"),
    ("the 40 yard line", "40", "yard"),
    ("60% of them", "60%", "%"),
    ("40 attack drones", "40", "drones"),
    ("7.5 million Danish crowns", "7.5 million", "crowns"),
    ("a 12 page document", "12", "page"),
    ("thousands of people", "thousands", "people"),
    ("HK $216,925 in fares", "HK $216,925", "HK$"),
])
def test_unit(text, span, unit):
    assert find(text, span).unit == unit


def test_vague_count_reading():
    q = find("dozens of civilians", "dozens")
    assert q.count == 12 and q.value is None
    q = find("thousands of people", "thousands")
    assert (q.low, q.count, q.high) == (2000, 1000, 10000)


def test_bracketed_conversion_shares_the_hedge():
    text = "customers with more than 7.5 million Danish crowns (US $1.1 million) in deposits"
    q = find(text, "US $1.1 million")
    assert q.qualifier == "at_least" and q.low == 1.1e6


def test_articles_are_not_counts():
    # "a soldier" is the figure extractor's business, not the reader's
    assert read_quantities("A soldier was killed and an officer was wounded.") == []
    assert read_quantities("The one who fled; each one they lose; no one knows.") == []
    assert read_quantities("some say the first half was better") == []


def test_seed_article_sentence():
    text = ("Around 600 North Korean soldiers fighting alongside Russian forces in Ukraine have been killed, "
            "with thousands more wounded, according to a South Korean lawmaker.")
    qs = read_quantities(text)
    assert [(q.text, q.value, q.low, q.qualifier, q.category) for q in qs] == [
        ("Around 600", 600, None, "approximate", "count"),
        ("thousands", None, 2000, "vague", "count"),
    ]


def test_no_overlaps_and_in_order():
    text = "Between 50 and 60 soldiers, about 18,000 troops in two phases, 2011-11-S-034, $1.5bn, 12-120."
    qs = read_quantities(text)
    for a, b in zip(qs, qs[1:]):
        assert a.end <= b.start
    assert all(q.category in CATEGORIES and q.qualifier in QUALIFIERS for q in qs)


def test_empty_and_no_numbers():
    assert read_quantities("") == []
    assert read_quantities("No numbers here at all.") == []


def test_a_megabyte_of_figure_dense_text():
    """The reader's speed is measured by benchmarks/bench_numbers.py against
    spaCy in the same run; here, that a megabyte of dense text is read whole."""
    # news-like density: a figure-heavy sentence among ordinary ones (~1 number per 100 characters)
    para = ("Around 600 North Korean soldiers have been killed, with thousands more wounded, according to a "
            "lawmaker who said on March 3, 2024 that about 18,000 troops were deployed in two phases. "
            "The revelation comes after Pyongyang officially confirmed for the first time that it had deployed "
            "troops to assist Moscow in its ongoing war, and officials said between 50 and 60 drones, worth "
            "$1.5bn, hit 12 villages at 11 a.m. Bodies of those killed were reportedly cremated and sent back. ")
    text = para * 2500  # ~1 MB
    qs = read_quantities(text)
    assert len(qs) == 2500 * len(read_quantities(para))
    assert all(text[q.start:q.end] == q.text for q in qs[-20:])


# --- never raises, spans always match ---------------------------------------------------------

_num_text = st.lists(
    st.one_of(
        st.text(max_size=30),
        st.text(alphabet="0123456789,.-/ $%+~", max_size=40),
        st.sampled_from(["about", "at least", "between", "and", "to", "or so", "-plus", "dozens of", "a third of",
                         "million", "bn", "m", "k", "%", "per cent", "minus", "-", "–", "year-old", "March", "a.m.",
                         "two hundred and", "twenty-", "half a", "tens of thousands", "1,000", "½", "⁄", "″", "'",
                         "US $", "RM", "Y=", "No.", "Game", "(", ")", "\n", "\u00a0"]),
        st.integers(min_value=-10**30, max_value=10**30).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        st.integers(min_value=1, max_value=5000).map(lambda n: "9" * n),
    ),
    max_size=25,
).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_num_text)
def test_never_raises_and_spans_match(text):
    last = 0
    for q in read_quantities(text):
        assert text[q.start:q.end] == q.text
        assert 0 <= q.start <= q.end <= len(text)
        assert q.start >= last
        last = q.end
        assert q.qualifier in QUALIFIERS
        assert q.category in CATEGORIES


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode(text):
    for q in read_quantities(text):
        assert text[q.start:q.end] == q.text


def test_long_digit_runs_and_huge_numbers():
    for text in ("1" * 5000, "9" * 400 + " million soldiers", "$" + "9" * 400 + "bn", "-" + "9" * 1000,
                 "between " + "9" * 500 + " and " + "9" * 600, "1,000," * 2000, "½" * 1000, "a" * 100000):
        for q in read_quantities(text):
            assert text[q.start:q.end] == q.text
