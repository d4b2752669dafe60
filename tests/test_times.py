"""Time expressions anchored to the publication date or a dateline."""
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.extract.times import dateline_date, find_times, published_ref, resolve

THU = date(2025, 5, 1)  # a Thursday


@pytest.mark.parametrize(
    "expr, iso, precision, basis",
    [
        ("on Wednesday", "2025-04-30", "day", "relative"),
        ("Wednesday", "2025-04-30", "day", "relative"),
        ("on Thursday", "2025-05-01", "day", "relative"),  # same weekday: the day itself
        ("on Friday", "2025-04-25", "day", "relative"),  # never after the published date
        ("last Wednesday", "2025-04-30", "day", "relative"),
        ("last Thursday", "2025-04-24", "day", "relative"),
        ("Sunday night", "2025-04-27", "day", "relative"),
        ("late Tuesday", "2025-04-29", "day", "relative"),
        ("yesterday", "2025-04-30", "day", "relative"),
        ("today", "2025-05-01", "day", "relative"),
        ("this morning", "2025-05-01", "day", "relative"),
        ("overnight", "2025-04-30", "day", "relative"),
        ("last night", "2025-04-30", "day", "relative"),
        ("two days ago", "2025-04-29", "day", "relative"),
        ("in the past 24 hours", "2025-05-01", "day", "relative"),
        ("over the past day", "2025-05-01", "day", "relative"),  # a daily loss report's window
        ("the previous night", "2025-04-30", "day", "relative"),
        ("the night before", "2025-04-30", "day", "relative"),
        ("last week", "2025-04-21", "week", "relative"),
        ("this week", "2025-04-28", "week", "relative"),
        ("over the weekend", "2025-04-26", "week", "relative"),
        ("3 weeks ago", "2025-04-10", "week", "relative"),
        ("last month", "2025-04-01", "month", "relative"),
        ("earlier this month", "2025-05-01", "month", "relative"),
        ("earlier this year", "2025-01-01", "year", "relative"),
        ("last year", "2024-01-01", "year", "relative"),
        ("in 2023", "2023-01-01", "year", "stated"),
        ("Nov. 20, 2011", "2011-11-20", "day", "stated"),
        ("November 20, 2011", "2011-11-20", "day", "stated"),
        ("20 November 2011", "2011-11-20", "day", "stated"),
        ("2011-11-20", "2011-11-20", "day", "stated"),
        ("March 3", "2025-03-03", "day", "stated"),
        ("June 25", "2024-06-25", "day", "stated"),  # not after published: last year's
        ("in March", "2025-03-01", "month", "stated"),
        ("in May", "2025-05-01", "month", "stated"),
        ("in June", "2024-06-01", "month", "stated"),
        ("December 2024", "2024-12-01", "month", "stated"),
        ("early March", "2025-03-01", "month", "stated"),
    ],
)
def test_resolve(expr, iso, precision, basis):
    ref = resolve(expr, THU)
    assert (ref.date, ref.precision, ref.basis) == (iso, precision, basis)
    assert ref.text == expr


def test_resolve_falls_back_to_dateparser():
    ref = resolve("a fortnight ago", THU)
    assert ref.date == "2025-04-17"


def test_resolve_unknown_and_empty():
    assert resolve("blah", THU).date is None
    assert resolve("", THU).basis == "published"


def test_resolve_without_published():
    ref = resolve("on Wednesday", None)
    assert ref.date is None and ref.basis == "relative"
    assert resolve("Nov. 20, 2011", None).date == "2011-11-20"


def test_published_accepts_datetime_and_iso():
    assert resolve("yesterday", datetime(2025, 5, 1, 13, 0)).date == "2025-04-30"
    assert resolve("yesterday", "2025-05-01").date == "2025-04-30"


def test_published_ref():
    ref = published_ref(THU)
    assert (ref.text, ref.date, ref.precision, ref.basis) == (None, "2025-05-01", "day", "published")
    assert published_ref(None).date is None


def test_find_times_seed_sentence():
    text = ("MP Lee Seong-kweun, a member of South Korea’s National Assembly Intelligence Committee, "
            "stated on Wednesday that North Korean casualties are estimated at approximately 4,700.")
    got = find_times(text, THU)
    assert [(t.text, t.date, t.precision, t.basis) for t in got] == [
        ("Wednesday", "2025-04-30", "day", "relative")
    ]
    assert text[got[0].start:got[0].end] == "Wednesday"


def test_find_times_ignores_numbers_and_modal_may():
    text = "The 2023 defense pact may hold; 600 soldiers died and 2,000 were wounded."
    assert find_times(text, THU) == []


def test_find_times_isaf_dateline_anchors_yesterday():
    text = ("2011-11-S-034\nISAF Joint Command - Afghanistan\n\nKABUL, Afghanistan (Nov. 20, 2011)\n"
            "A coalition security force detained numerous suspected insurgents during an operation in "
            "Marjeh district, Helmand province, yesterday.")
    got = find_times(text)
    assert [(t.text, t.date) for t in got] == [("Nov. 20, 2011", "2011-11-20"), ("yesterday", "2011-11-19")]
    # the dateline wins over a caller's published date
    assert find_times(text, date(2011, 11, 25))[-1].date == "2011-11-19"


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("KABUL, Afghanistan (Nov. 20, 2011)\nA coalition force", None, date(2011, 11, 20)),
        ("KABUL, Afghanistan (July 13. 2012)\nAn Afghan force", None, date(2012, 7, 13)),
        ("ISAF Joint Command - Afghanistan 2010-10-CA-087  For Immediate Release   "
         "KABUL, Afghanistan (Oct. 8) - Afghan and coalition forces", None, date(2010, 10, 8)),
        ("WASHINGTON, May 1 (Reuters) - The Pentagon said", date(2025, 5, 2), date(2025, 5, 1)),
        ("WASHINGTON, May 1 (Reuters) - The Pentagon said", None, None),  # no year anywhere
        ("KYIV, Ukraine, May 1, 2025 (AP) — Russia launched drones", None, date(2025, 5, 1)),
        ("June 20: Afghan-ISAF Operations\n2010-06-CA-074 For Immediate Release", None, date(2010, 6, 20)),
        ("No dateline here, just text from Tuesday.", THU, None),
    ],
)
def test_dateline_date(text, published, expected):
    assert dateline_date(text, published) == expected


def test_weekday_never_after_published():
    for offset in range(7):
        pub = date(2025, 4, 27 + offset) if offset < 4 else date(2025, 5, offset - 3)
        for wd in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
            d = date.fromisoformat(resolve(f"on {wd}", pub).date)
            assert 0 <= (pub - d).days < 7
            assert d.strftime("%A") == wd


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1))))
def test_find_times_never_raises_and_spans_match(text, published):
    for t in find_times(text, published):
        assert text[t.start:t.end] == t.text
        assert t.precision in ("day", "week", "month", "year")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["on Wednesday", "yesterday", "in March", "Nov. 20, 2011", "last week", "in 2023",
                         "killed", "600", "Kabul", ",", "(", ")", "May", "Sunday night", "\n", "x"]),
        max_size=12,
    ),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
)
def test_find_times_on_news_like_text(words, published):
    text = " ".join(words)
    for t in find_times(text, published):
        assert text[t.start:t.end] == t.text
        if t.basis == "relative" and t.precision == "day" and t.text.split()[-1] in (
            "Wednesday", "yesterday", "night"
        ):
            assert t.date <= published.isoformat()


def test_the_last_day_of_something_is_no_time():
    """"the last day of the offensive" names no day relative to publication."""
    assert find_times("on the last day of the offensive", THU) == []
