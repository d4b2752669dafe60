"""actor_for / find_actors: every way reporting names a side ends in one
(name, alpha-2) pair, and words that only look like sides do not."""
import pytest

from claimledger.extract.actors import actor_for, country_name, find_actors


@pytest.mark.parametrize(
    "text, expected",
    [
        # demonyms
        ("North Korean soldiers", ("North Korea", "KP")),
        ("Russian forces", ("Russia", "RU")),
        ("a South Korean lawmaker", ("South Korea", "KR")),
        ("Afghan troops", ("Afghanistan", "AF")),
        ("Ukrainian drones", ("Ukraine", "UA")),
        ("American contractors", ("United States", "US")),
        ("U.S. troops", ("United States", "US")),
        ("US officials", ("United States", "US")),
        ("British soldiers", ("United Kingdom", "GB")),
        ("Israeli strikes", ("Israel", "IL")),
        ("Palestinian civilians", ("Palestine", "PS")),
        ("Iranian drones", ("Iran", "IR")),
        ("Syrian refugees", ("Syria", "SY")),
        ("Sudanese civilians", ("Sudan", "SD")),
        ("South Sudanese civilians", ("South Sudan", "SS")),
        ("Nigerien soldiers", ("Niger", "NE")),
        ("Nigerian soldiers", ("Nigeria", "NG")),
        ("Burkinabe soldiers", ("Burkina Faso", "BF")),
        # plural nouns of nationality
        ("three Afghans", ("Afghanistan", "AF")),
        ("Israelis", ("Israel", "IL")),
        ("dozens of Ukrainians", ("Ukraine", "UA")),
        # country names and short forms
        ("Russia", ("Russia", "RU")),
        ("the UK", ("United Kingdom", "GB")),
        ("the US", ("United States", "US")),
        ("America", ("United States", "US")),
        ("Britain", ("United Kingdom", "GB")),
        ("North Korea", ("North Korea", "KP")),
        ("Türkiye", ("Turkey", "TR")),
        ("Turkiye", ("Turkey", "TR")),
        # capitals as metonyms
        ("Pyongyang", ("North Korea", "KP")),
        ("Moscow", ("Russia", "RU")),
        ("Seoul", ("South Korea", "KR")),
        ("Washington", ("United States", "US")),
        ("Kyiv", ("Ukraine", "UA")),
        ("Kiev", ("Ukraine", "UA")),
        ("Kabul", ("Afghanistan", "AF")),
        ("Tehran", ("Iran", "IR")),
        ("Beijing", ("China", "CN")),
        # seats of power
        ("the Kremlin", ("Russia", "RU")),
        ("the Pentagon", ("United States", "US")),
        # groups, forces, alliances
        ("Taliban fighters", ("Taliban", "AF")),
        ("Hamas", ("Hamas", "PS")),
        ("Hezbollah", ("Hezbollah", "LB")),
        ("Wagner mercenaries", ("Wagner Group", "RU")),
        ("ISIS", ("Islamic State", None)),
        ("Islamic State militants", ("Islamic State", None)),
        ("Daesh", ("Islamic State", None)),
        ("al-Qaeda", ("al-Qaeda", None)),
        ("al Qaeda operatives", ("al-Qaeda", None)),
        ("the Haqqani network", ("Haqqani network", "AF")),
        ("ISAF", ("ISAF", None)),
        ("coalition forces", ("coalition", None)),
        ("NATO", ("NATO", None)),
        ("Afghan National Security Forces", ("Afghan National Security Forces", "AF")),
        ("ANSF", ("Afghan National Security Forces", "AF")),
        ("Storm Corps", ("Storm Corps", "KP")),
        ("the IDF", ("Israel Defense Forces", "IL")),
        ("Houthi rebels", ("Houthis", "YE")),
        ("Arakan Army fighters", ("Arakan Army", "MM")),  # fights the Tatmadaw, is not it
        ("the Myanmar military", ("Tatmadaw", "MM")),
        ("JNIM militants", ("JNIM", "ML")),
        ("Jaish-e-Mohammed militants", ("Jaish-e-Mohammed", "PK")),  # not Lashkar-e-Taiba
    ],
)
def test_actor_for(text, expected):
    assert actor_for(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the North",  # which north?
        "Korean",  # which Korea?
        "Korean soldiers",
        "Latin America",
        "South American nations",
        "us",  # pronoun, not the US
        "turkey dinner",
        "Bodies of those killed",
        "Male soldiers",  # capital of the Maldives, but here an adjective
        "Let them go",  # "LeT" only in its own case
        "three KIA",  # killed in action, not the Kachin Independence Army
        "Download PDF",
        "",
    ],
)
def test_not_an_actor(text):
    assert actor_for(text) is None


def test_longest_match_wins():
    assert actor_for("Afghan National Security Forces and coalition") == ("Afghan National Security Forces", "AF")
    assert actor_for("South Korean") == ("South Korea", "KR")  # not "Korean"


def test_head_modifier_beats_possessor():
    # the demonym that modifies the head noun wins over a possessor
    assert actor_for("Russia's North Korean allies") == ("North Korea", "KP")
    assert actor_for("Russia’s North Korean allies") == ("North Korea", "KP")


def test_prepositional_object_loses():
    text = "North Korean soldiers fighting alongside Russian forces in Ukraine"
    assert actor_for(text) == ("North Korea", "KP")


def test_possessor_alone_still_counts():
    assert actor_for("Russia's losses") == ("Russia", "RU")
    assert actor_for("soldiers of the Russian army") == ("Russia", "RU")


def test_backer_is_not_the_side():
    assert actor_for("Russian-backed separatists") is None
    assert actor_for("U.S.-led coalition forces") == ("coalition", None)


def test_find_actors_offsets_and_order():
    text = "Around 600 North Korean soldiers fighting alongside Russian forces in Ukraine have been killed"
    found = find_actors(text)
    assert [(text[s:e], name, code) for s, e, name, code in found] == [
        ("North Korean", "North Korea", "KP"),
        ("Russian", "Russia", "RU"),
        ("Ukraine", "Ukraine", "UA"),
    ]


def test_find_actors_seed_article_has_no_korea_from_the_north():
    text = "In return, the North is believed to have received assistance from Russia."
    assert [(n, c) for _, _, n, c in find_actors(text)] == [("Russia", "RU")]


def test_country_name():
    assert country_name("KP") == "North Korea"
    assert country_name("ps") == "Palestine"


def test_every_un_member_has_a_demonym():
    """The YAML promises demonyms for all UN member states."""
    from claimledger import vocab

    demonyms = vocab.load("actors")["demonyms"]
    assert len(demonyms) >= 193
    for code, words in demonyms.items():
        assert words, code
        assert actor_for(words[0]) is not None, (code, words[0])


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_find_actors_never_raises_and_spans_are_ordered(text):
    found = find_actors(text)
    last = -1
    for s, e, name, code in found:
        assert 0 <= s < e <= len(text) and s >= last
        assert name and (code is None or len(code) == 2)
        last = e
    actor_for(text)
