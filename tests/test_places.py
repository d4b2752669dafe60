"""The offline gazetteer: places with coordinates and offsets, and the
ordinary capitalised words that must not become places."""
import pytest

from claimledger.extract.places import find_places, lookup, province_of

SEED = (
    "Around 600 North Korean soldiers fighting alongside Russian forces in Ukraine have been killed. "
    "These figures follow a briefing from the National Intelligence Service (NIS), which also confirmed "
    "reports of North Korean soldiers aiding Russia in the contested Kursk region, near Ukraine’s border. "
    "Bodies of those killed were reportedly cremated in Kursk and sent back to North Korea. "
    "The elite Storm Corps, reportedly part of the deployment, has allegedly received orders."
)

ISAF = (
    "2011-11-S-034\nISAF Joint Command - Afghanistan\nFor Immediate Release\n\n"
    "KABUL, Afghanistan (Nov. 20, 2011)\nA coalition security force detained numerous suspected insurgents "
    "during an operation in Marjeh district, Helmand province, yesterday."
)


def _texts(text, **kw):
    return [(p.text, p.country, p.precision) for p in find_places(text, **kw)]


def test_offsets_match_text():
    for text in (SEED, ISAF):
        for p in find_places(text):
            assert text[p.start:p.end] == p.text


def test_seed_article_places():
    got = _texts(SEED)
    assert ("Ukraine", "UA", "country") in got
    assert ("Kursk region", "RU", "region") in got
    assert ("Kursk", "RU", "city") in got
    assert ("North Korea", "KP", "country") in got
    assert not any(t in ("Bodies", "Storm", "Storm Corps", "North") for t, _, _ in got)


def test_ukraine_country_coordinates():
    loc = lookup("Ukraine")
    assert (loc.country, loc.lat, loc.lon, loc.precision) == ("UA", 49.0, 32.0, "country")


def test_isaf_district_and_province():
    got = find_places(ISAF)
    marjeh = next(p for p in got if p.text == "Marjeh district")
    helmand = next(p for p in got if p.text == "Helmand province")
    assert (marjeh.precision, marjeh.country, marjeh.admin1) == ("district", "AF", "Helmand")
    assert (helmand.precision, helmand.admin1) == ("region", "Helmand")
    assert 31 < helmand.lat < 32 and 64 < helmand.lon < 65


@pytest.mark.parametrize(
    "name, country, precision",
    [
        ("Helmand province", "AF", "region"),
        ("Kandahar", "AF", "city"),
        ("Kandahar province", "AF", "region"),
        ("Nangarhar", "AF", "region"),
        ("Paktika", "AF", "region"),
        ("Paktia", "AF", "region"),
        ("Sar-e Pul", "AF", "region"),
        ("Marjeh district", "AF", "district"),
        ("Sangin", "AF", "district"),
        ("Lashkar Gah", "AF", "city"),
        ("Kiev", "UA", "city"),
        ("Kyiv", "UA", "city"),
        ("Donetsk", "UA", "city"),
        ("Donetsk oblast", "UA", "region"),
        ("Luhansk region", "UA", "region"),
        ("Zaporizhzhia", "UA", "city"),
        ("Kherson", "UA", "city"),
        ("Bakhmut", "UA", "city"),
        ("Avdiivka", "UA", "city"),
        ("Crimea", "UA", "region"),
        ("Kursk region", "RU", "region"),
        ("Gaza Strip", "PS", "region"),
        ("Gaza", "PS", "city"),
        ("West Bank", "PS", "region"),
        ("Texas", "US", "region"),
        ("Chicago", "US", "city"),
        ("Spanish Fork", "US", "city"),
        ("North Korea", "KP", "country"),
    ],
)
def test_lookup(name, country, precision):
    loc = lookup(name)
    assert loc is not None, name
    assert (loc.country, loc.precision) == (country, precision)
    assert loc.lat is not None and loc.lon is not None


def test_lookup_us_state_has_admin1():
    loc = lookup("Texas")
    assert loc.admin1 == "Texas" and loc.country == "US"
    assert 25 < loc.lat < 37 and -107 < loc.lon < -93


def test_lookup_country_hint():
    assert lookup("Georgia").country == "GE"
    ga = lookup("Georgia", country_hint="US")
    assert (ga.country, ga.precision, ga.admin1) == ("US", "region", "Georgia")
    assert lookup("Birmingham").country == "GB"
    assert lookup("Birmingham", country_hint="US").admin1 == "Alabama"


def test_lookup_unknown():
    assert lookup("Xyzzyville") is None
    assert lookup("") is None


def test_us_city_with_state():
    text = "A man was shot and killed in Dallas, Texas, on Sunday."
    got = find_places(text)
    assert [(p.text, p.precision, p.admin1) for p in got] == [
        ("Dallas", "city", "Texas"), ("Texas", "region", "Texas")
    ]


def test_state_after_comma_disambiguates():
    got = find_places("He grew up in Delaware, Ohio.")
    assert (got[0].text, got[0].precision, got[0].admin1) == ("Delaware", "city", "Ohio")


def test_document_country_decides_georgia():
    text = "Police in Atlanta said the shooting was the third in Georgia this year."
    got = {p.text: p for p in find_places(text)}
    assert got["Georgia"].country == "US" and got["Georgia"].precision == "region"


def test_dateline_caps():
    got = _texts("SPANISH FORK — A shocking discovery was made late Thursday.")
    assert got == [("SPANISH FORK", "US", "city")]


@pytest.mark.parametrize(
    "text",
    [
        "Bodies of those killed were reportedly cremated.",
        "Reading the report, officials were alarmed.",
        "Mobile phones were seized.",
        "Will said he would return.",
        "Storm clouds gathered.",
        "Police said the suspect fled.",
        "Officials met in March and May.",
        "President Andrew Jackson signed it.",
        "Clinton said the vote was close.",
        "The Washington Post reported the figures.",
        "Moscow said it had no troops there.",
        "Most of them were released.",
        "U.S. forces killed three insurgents.",
        "",
    ],
)
def test_no_false_places(text):
    assert find_places(text) == []


def test_common_word_place_with_cue():
    assert _texts("He was shot in Mobile on Friday.") == [("Mobile", "US", "city")]
    assert [t for t, _, _ in _texts("They met near Reading.")] == ["Reading"]


def test_country_acronym_needs_place_position():
    assert _texts("He returned to the U.S.") == [("U.S.", "US", "country")]


def test_continents_are_not_places():
    assert find_places("Fighting spread across Asia and the Middle East.") == []


@pytest.mark.parametrize(
    "text, province",
    [
        (ISAF, "helmand"),
        ("PAKTIKA PROVINCE, Afghanistan – Afghan National Security Forces conducted an air assault "
         "operation in Monari village, Kushamond District, Paktika Province, Afghanistan, June 25.", "paktika"),
        ("KABUL, Afghanistan (Oct. 6, 2012) An Afghan and coalition force detained insurgents in Dzadran "
         "district, Paktiya province, today.", "paktya"),
        ("KABUL, Afghanistan (Nov. 5, 2012) Afghan and coalition forces killed two insurgents during "
         "separate operations in Kunar and Logar provinces Sunday.", "kunar"),
        ("KABUL, Afghanistan (Dec. 12) - Afghan and coalition forces killed two insurgents in Sangin.", "helmand"),
        ("A patrol was attacked near Lashkar Gah.", "helmand"),
        ("Security forces operated in Sar-e Pul province.", "sar-e pul"),
        ("Insurgents attacked an outpost in Nangarhar.", "nangarhar"),
        ("KABUL, Afghanistan (Nov. 20, 2011) Officials met.", None),
        ("Fighting continued in Kursk region.", None),
    ],
)
def test_province_of(text, province):
    assert province_of(text) == province


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_find_places_never_raises_and_spans_match(text):
    for p in find_places(text):
        assert text[p.start:p.end] == p.text
        assert p.precision in ("country", "region", "city", "district")
    province_of(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["in", "Helmand", "province", "Kabul", ",", "Reading", "Texas", "Dallas",
                                 "Kursk", "region", "the", "U.S.", "Will", "\n", "Ohio", "said"]), max_size=12))
def test_find_places_on_place_like_text(words):
    text = " ".join(words)
    for p in find_places(text):
        assert text[p.start:p.end] == p.text


@pytest.mark.parametrize("text, expected", [
    ("Fighting spread across Rakhine state on Monday.", ("Rakhine state", "MM", "region")),
    ("The paramilitary attacked villages in Gezira state.", ("Gezira state", "SD", "region")),
    ("Clashes in Ituri province left a dozen dead.", ("Ituri province", "CD", "region")),
    ("Gunmen ambushed a convoy in Lower Shabelle.", ("Lower Shabelle", "SO", "region")),
    ("Airstrikes hit the province of Idlib overnight.", ("Idlib", "SY", "region")),
])
def test_subdivisions_of_uncurated_countries(text, expected):
    """ISO 3166-2 gives every country's states and provinces; English
    reporting forms ("Lower Shabelle") come from places.yaml."""
    assert expected in _texts(text)


@pytest.mark.parametrize("text", [
    "Mr Shan told the court he was innocent.",       # a surname, no cue
    "Attacks on shipping in the Red Sea continued.",  # excluded: the sea, not Sudan's state
    "Violence has spread across the Sahel.",          # excluded: the belt, not Burkina's region
    "Somali forces said they repelled the attack.",   # a demonym is not Ethiopia's Somali region
    "A spokesman from Meta declined to comment.",     # excluded: mostly the company
])
def test_subdivision_names_that_mean_something_else(text):
    got = _texts(text)
    assert all(c not in ("MM", "SD", "BF", "ET", "CO") for _, c, _ in got), got


def test_subdivision_takes_the_coordinates_of_its_namesake_capital():
    loc = lookup("Kidal region")
    assert loc is not None and loc.country == "ML" and loc.precision == "region"
    assert loc.lat is not None and 17 < loc.lat < 20
