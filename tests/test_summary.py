"""The per-document summary: how an ACLED coder totals one article's figures.
Built from hand-made claims, so these tests pin the counting rules, not the extractor."""
import pytest

from claimledger.model import Claim, Location, Span, Subject, TimeRef
from claimledger.summary import counted_value, explain, summarize, vague_reading

_n = iter(range(10_000))


def fig(metric, value=None, *, qualifier="exact", low=None, high=None, qtext=None, ev=None, start=None,
        part_of=None, place=None, subject=None, date=None, basis="published", cid=None):
    k = next(_n)
    start = k * 100 if start is None else start
    qtext = qtext if qtext is not None else (str(int(value)) if value is not None else "")
    ev = ev or f"{qtext} {subject or 'people'} {metric}"
    c = Claim(
        kind="figure", evidence=Span(start, start + len(ev), ev), metric=metric, value=value, low=low, high=high,
        qualifier=qualifier, part_of=part_of, document_id="doc1", document_ref="a.txt",
        subject=Subject(text=subject), location=Location(text=place),
        time=TimeRef(date=date or "2025-05-01", basis=basis),
        quantity=Span(start + ev.find(qtext), start + ev.find(qtext) + len(qtext), qtext) if qtext in ev else None,
    )
    c.id = cid or f"c{k}"
    return c


def totals(claims, **kw):
    return summarize(claims, **kw)["totals"]


def test_shape():
    s = summarize([fig("killed", 2)])
    assert s["kind"] == "summary"
    assert s["document_id"] == "doc1" and s["document_ref"] == "a.txt"
    assert {"killed", "wounded", "captured", "detained", "captured_or_detained"} <= set(s["totals"])
    assert s["totals"]["wounded"] == 0
    assert isinstance(s["totals"]["killed"], int)
    assert s["date"] == "2025-05-01"
    assert summarize([], document_ref="x", published="2024-01-02")["date"] == "2024-01-02"


def test_restatement_counts_once():
    # the seed: "Around 600 ... killed" and "4,700 casualties, including around 600 deaths"
    whole = fig("casualties", 4700, qualifier="approximate", qtext="approximately 4,700", cid="w")
    claims = [
        fig("killed", 600, qualifier="approximate", qtext="Around 600", subject="North Korean soldiers"),
        fig("wounded", None, low=2000, high=10000, qualifier="vague", qtext="thousands"),
        whole,
        fig("killed", 600, qualifier="approximate", qtext="around 600", subject="deaths", part_of="w"),
    ]
    t = totals(claims)
    assert t["killed"] == 600
    assert t["casualties"] == 4700
    assert t["wounded"] == 1000  # "thousands", count reading


def test_disjoint_figures_add_up():
    # "two killed in Kandahar and three in Helmand"
    t = totals([fig("killed", 2, place="Kandahar"), fig("killed", 3, place="Helmand")])
    assert t["killed"] == 5


def test_same_value_in_different_places_adds_up():
    t = totals([fig("killed", 2, place="Kandahar"), fig("killed", 2, place="Helmand")])
    assert t["killed"] == 4
    # the same figure, once with a place and once without: one figure
    t = totals([fig("killed", 2, place="Kandahar"), fig("killed", 2)])
    assert t["killed"] == 2


def test_part_not_added_to_whole():
    # "12 people were killed, including three children"
    whole = fig("killed", 12, cid="w12")
    part = fig("killed", 3, subject="children", part_of="w12")
    assert totals([whole, part])["killed"] == 12
    why = explain([whole, part], "killed")
    assert [v for _, v in why["counted"]] == [12] and [v for _, v in why["parts"]] == [3]


def test_part_of_another_metric_counts_for_its_own():
    whole = fig("casualties", 40, cid="cas")
    part = fig("killed", 10, part_of="cas")
    t = totals([whole, part])
    assert t["casualties"] == 40 and t["killed"] == 10


def test_singular_mentions_count_as_one():
    # "killed the Taliban leader" and "a civilian was wounded": figures of value 1
    t = totals([fig("killed", 1, qtext="the", subject="Taliban leader"),
                fig("wounded", 1, qtext="a", subject="civilian")])
    assert t["killed"] == 1 and t["wounded"] == 1
    # restated: "a Taliban leader was killed ... the leader, killed in the strike, ..."
    t = totals([fig("killed", 1, qtext="a", subject="Taliban leader"), fig("killed", 1, qtext="the", subject="leader")])
    assert t["killed"] == 1
    # two different people: "a man was killed ... a woman was killed"
    t = totals([fig("killed", 1, qtext="a", subject="man"), fig("killed", 1, qtext="a", subject="woman")])
    assert t["killed"] == 2


def test_additional_group_is_not_a_restatement():
    # "captured a Taliban facilitator ... One additional suspected insurgent was detained"
    a = fig("captured", 1, qtext="a", subject="Taliban facilitator")
    b = fig("detained", 1, qtext="One", subject="suspected insurgent",
            ev="One additional suspected insurgent was detained")
    assert totals([a, b])["captured_or_detained"] == 2
    c = fig("detained", 2, qtext="two", ev="the force also detained two suspects")
    d = fig("detained", 2, qtext="two", ev="detained two suspects")
    assert totals([d, c])["detained"] == 4


def test_captured_or_detained_is_one_union():
    # "detained two suspects ... the two captured men": one figure under two verbs
    t = totals([fig("detained", 2), fig("captured", 2)])
    assert t["detained"] == 2 and t["captured"] == 2
    assert t["captured_or_detained"] == 2
    t = totals([fig("detained", 3), fig("captured", 1, qtext="a", subject="leader")])
    assert t["captured_or_detained"] == 4


@pytest.mark.parametrize("word,count,low", [
    ("dozens", 12, 24), ("hundreds", 100, 200), ("several", 3, 3), ("numerous", 4, 4),
    ("a number of", 3, 3), ("tens of", 10, 10), ("thousands", 1000, 2000), ("a few", 3, 2),
])
def test_vague_words_count_reading(word, count, low):
    c = fig("killed", None, low=low, qualifier="vague", qtext=word)
    assert totals([c])["killed"] == count
    assert totals([c], vague="low")["killed"] == low
    assert totals([c], vague="skip")["killed"] == 0


def test_vague_multiplied_and_high_reading():
    assert vague_reading("several hundred") == 300
    assert vague_reading("dozens", "high") == 120
    assert vague_reading("several", "high") == 3  # no upper reading: its count
    assert vague_reading("no vague word here") is None
    # the words are not at hand: the reader's low maps back where unambiguous
    c = fig("killed", None, low=24, qualifier="vague", qtext="")
    c.quantity = None
    assert counted_value(c) == 12
    with pytest.raises(ValueError):
        summarize([c], vague="nonsense")


def test_ranges_and_bounds():
    assert totals([fig("killed", None, low=50, high=60, qualifier="range", qtext="between 50 and 60")])["killed"] == 50
    assert totals([fig("killed", 12, low=12, qualifier="at_least", qtext="at least 12")])["killed"] == 12
    assert totals([fig("killed", 30, low=30, qualifier="at_least", qtext="more than 30")])["killed"] == 30
    assert totals([fig("killed", 30, high=30, qualifier="at_most", qtext="up to 30")])["killed"] == 30
    assert totals([fig("killed", 40, qualifier="approximate", qtext="about 40")])["killed"] == 40


def test_exclusive_bounds():
    more = fig("killed", 30, low=30, qualifier="at_least", qtext="more than 30")
    least = fig("wounded", 12, low=12, qualifier="at_least", qtext="at least 12")
    fewer = fig("missing", 10, high=10, qualifier="at_most", qtext="fewer than 10")
    t = totals([more, least, fewer], exclusive_bounds=True)
    assert t["killed"] == 31 and t["wounded"] == 12 and t["missing"] == 9


def test_date_is_most_common_stated_date():
    claims = [fig("killed", 2, date="2011-11-19", basis="relative"), fig("killed", 3, date="2011-11-19", basis="stated"),
              fig("wounded", 1, date="2011-11-18", basis="stated"), fig("detained", 4, date="2011-11-20")]
    assert summarize(claims)["date"] == "2011-11-19"
    assert summarize([fig("killed", 2, date="2011-11-20")])["date"] == "2011-11-20"


def test_places_listed_by_mentions():
    claims = [fig("killed", 2, place="Kandahar"), fig("killed", 3, place="Helmand"), fig("wounded", 3, place="Helmand")]
    places = summarize(claims)["places"]
    assert [p["text"] for p in places] == ["Helmand", "Kandahar"]
    assert {"text", "country", "admin1"} <= set(places[0])


def test_statements_do_not_count():
    st = Claim(kind="statement", evidence=Span(0, 10, "x said y z"), content=Span(7, 10, "y z"), cue="said")
    assert totals([st, fig("killed", 2)])["killed"] == 2


def test_compound_figure_restates_its_sum():
    # "Seven people were shot ... six men and one woman were shot"
    seven = fig("casualties", 7, qtext="Seven")
    ev = "six men and one woman were shot"
    six = fig("casualties", 6, qtext="six", ev=ev, start=5000)
    one = fig("casualties", 1, qtext="one", ev=ev, start=5000)
    assert totals([seven, six, one])["casualties"] == 7
    assert totals([six, one, seven])["casualties"] == 7
    assert totals([six, one])["casualties"] == 7


def test_derive_wounded():
    shot = fig("casualties", 4, qtext="four", ev="four people were shot")
    dead = fig("killed", 1, qtext="one", ev="one fatally")
    assert totals([shot, dead])["wounded"] == 0
    s = summarize([shot, dead], derive_wounded=True)
    assert s["totals"]["wounded"] == 3 and s["derived"] == {"wounded": "casualties - killed"}
    hurt = fig("wounded", 2, qtext="two")
    assert summarize([shot, dead, hurt], derive_wounded=True)["totals"]["wounded"] == 2


def test_vague_figure_restates_specific_ones():
    # headline "Several Insurgents Detained in Khost" over "the force detained eight insurgents"
    head = fig("detained", None, low=3, qualifier="vague", qtext="Several", ev="Several Insurgents Detained in Khost")
    body = fig("detained", 8, qtext="eight", ev="the force detained eight insurgents")
    assert totals([head, body])["detained"] == 8
    # in one clause the vague word is another group: "detained two suspects and several others"
    ev = "detained two suspects and several others"
    two = fig("detained", 2, qtext="two", ev=ev, start=7000)
    others = fig("detained", None, low=3, qualifier="vague", qtext="several", ev=ev, start=7000)
    assert totals([two, others])["detained"] == 5
    # a vague lede over specifics of a group is the same group, even when they fall short of
    # its reading (ISAF's annotator: "Several insurgents were killed ... killing two insurgents" = 2)
    assert totals([head, fig("detained", 2, qtext="two", ev="detained two suspects")])["detained"] == 2
    # "several other suspects were also detained": a further group
    more = fig("detained", None, low=3, qualifier="vague", qtext="several", ev="several other suspects were detained")
    assert totals([body, more])["detained"] == 11


def test_a_country_contains_its_places():
    a = fig("killed", 3, place="Afghanistan")
    a.location.precision, a.location.country = "country", "AF"
    b = fig("killed", 3, place="Khost")
    b.location.country = "AF"
    assert totals([a, b])["killed"] == 3


def test_others_after_a_figure_of_another_metric_is_no_marker():
    # a page that prints its lede twice: "One person was killed and three others wounded"
    ev = "three others wounded in a shooting"
    a = fig("wounded", 3, qtext="three", ev=ev)
    b = fig("wounded", 3, qtext="three", ev=ev)
    assert totals([a, b])["wounded"] == 3
    c = fig("wounded", 3, qtext="three", ev="three other people were wounded")
    assert totals([a, c])["wounded"] == 6


# --- remainders, contrasts and period tallies (issue 3) ------------------------------

def test_the_other_n_is_the_rest_of_a_group_already_counted():
    four = fig("wounded", 4, ev="four people were injured in a shooting", qtext="four")
    rest = fig("wounded", 2, ev="The other two sustained less serious injuries", qtext="two")
    assert totals([four, rest])["wounded"] == 4
    # "the other five victims" after "wounded five people" is the same five
    five = fig("wounded", 5, ev="wounded five people on Friday", qtext="five")
    same = fig("wounded", 5, ev="The other five victims were in good condition", qtext="five")
    assert totals([five, same])["wounded"] == 5
    # without a larger group it is a group of its own
    alone = fig("wounded", 2, ev="The other two sustained less serious injuries", qtext="two")
    assert totals([alone])["wounded"] == 2
    # "two additional victims" is still a new group
    more = fig("wounded", 2, ev="two additional victims were wounded", qtext="two")
    assert totals([fig("wounded", 4, ev="four people were injured", qtext="four"), more])["wounded"] == 6


def test_other_set_apart_from_another_metric_is_no_new_group():
    head = fig("wounded", 3, ev="3 wounded in West Englewood shooting", qtext="3", start=0)
    dead = fig("killed", 2, ev="Two men were killed", qtext="Two", start=200)
    others = fig("wounded", 3, ev="three other people wounded in a shooting Sunday night", qtext="three", start=224)
    assert totals([head, dead, others])["wounded"] == 3
    # far from any figure of another metric, "three other people" stays a further group
    lone = fig("wounded", 3, ev="three other people wounded in a shooting Sunday night", qtext="three", start=900)
    assert totals([head, lone])["wounded"] == 6


def test_a_tally_over_a_month_or_year_is_not_the_days_event():
    day = fig("killed", 1, ev="one man was killed Sunday", qtext="one", date="2015-08-02", basis="relative")
    july = fig("killed", 45, ev="after 45 people were killed in July", qtext="45", date="2015-07-01", basis="stated")
    july.time.precision = "month"
    day.time.precision = "day"
    assert totals([day, july])["killed"] == 1
    year = fig("killed", 47, ev="at least 47 people have been killed in Chicago", qtext="47", date="2015-01-01",
               basis="stated")
    year.time.precision = "year"
    assert totals([day, year])["killed"] == 1
    # the event's own month names the event: "killed in August" of an article about Aug. 2
    aug = fig("killed", 2, ev="two men were killed in August", qtext="two", date="2015-08-01", basis="stated")
    aug.time.precision = "month"
    assert totals([day, aug])["killed"] == 3
    # without a day for the event, nothing is set aside
    assert totals([july])["killed"] == 45


# --- condition details and people "also" shot ------------------------------------------

def test_a_condition_detail_is_part_of_the_harm_figure_that_covers_it():
    crit = fig("wounded", 2, qtext="Two", ev="Two women were in critical condition")
    whole = fig("wounded", 5, qtext="Five", ev="Five people suffered injuries in the attack")
    assert totals([crit, whole])["wounded"] == 5
    assert totals([whole, crit])["wounded"] == 5
    # no figure covers the details: they are the count
    stable = fig("wounded", 3, qtext="three", ev="three were listed in stable condition")
    assert totals([crit, stable])["wounded"] == 5
    # "N others injured" are people besides the ones in critical condition
    others = fig("wounded", 2, qtext="two", ev="two others injured after the fight")
    one = fig("wounded", 1, qtext="One", ev="One man was in critical condition")
    assert totals([one, others])["wounded"] == 3


def test_a_condition_does_not_stand_for_all_the_people_shot():
    shot = fig("casualties", 6, qtext="Six", ev="Six people were shot on Friday night")
    crit = fig("wounded", 2, qtext="two", ev="two of them were in serious condition")
    assert totals([shot, crit], derive_wounded=True)["wounded"] == 6
    # a count of the people hospitalized is the article's own wounded figure
    hosp = fig("wounded", 4, qtext="Four", ev="Four men were hospitalized")
    assert totals([shot, hosp], derive_wounded=True)["wounded"] == 4


def test_someone_also_shot_is_not_the_person_killed():
    dead = fig("killed", 1, qtext="a", ev="a woman was killed in the home", subject="woman")
    also = fig("casualties", 1, qtext="her", ev="her brother was also shot", subject="brother")
    s = summarize([dead, also], derive_wounded=True)
    assert s["totals"]["wounded"] == 1 and s["derived"]["wounded"] == "people also shot"
    plain = fig("casualties", 1, qtext="a", ev="a woman was shot", subject="woman")
    assert totals([dead, plain], derive_wounded=True)["wounded"] == 0


def test_a_wounded_mention_that_says_its_person_lives_is_not_the_person_killed():
    dead = fig("killed", 1, qtext="A", ev="A man was killed in the alley", subject="man")
    he = fig("wounded", 1, qtext="He", ev="He suffered a gunshot wound to the chest", subject="He")
    # the wounded man of the same story died: one person, killed
    assert totals([dead, he])["wounded"] == 0
    lives = fig("wounded", 1, qtext="He", ev="He is expected to recover", subject="He")
    assert totals([dead, lives])["wounded"] == 1
    stable = fig("wounded", 1, qtext="The", ev="The victim was listed in stable condition", subject="victim")
    assert totals([dead, stable])["wounded"] == 1
    # words of a death in the same clause: no proof of life
    later = fig("wounded", 1, qtext="The", ev="The victim was in stable condition but later died", subject="victim")
    assert totals([dead, later])["wounded"] == 0


def test_mentions_of_different_ages_are_different_people():
    dead = fig("killed", 1, qtext="A", ev="A 17-year-old was killed on the porch", subject="old")
    other = fig("wounded", 1, qtext="The", ev="The 16-year-old was hospitalized", subject="old")
    assert totals([dead, other])["wounded"] == 1
    same = fig("wounded", 1, qtext="The", ev="The 17-year-old suffered a gunshot wound", subject="old")
    assert totals([dead, same])["wounded"] == 0
    # two wounded mentions of two ages are two people, not a restatement
    w1 = fig("wounded", 1, qtext="Seventeen", ev="Seventeen-year-old Ann Lee suffered a gunshot wound", subject="Ann Lee")
    w2 = fig("wounded", 1, qtext="The", ev="The 16-year-old suffered a gunshot wound", subject="old")
    assert totals([w1, w2])["wounded"] == 2


def test_the_rest_of_a_group_does_not_stand_for_all_the_people_shot():
    # "Five people were shot ... The other three have minor injuries": the two others were hurt too
    t = totals([fig("casualties", 5, subject="people", ev="5 people were shot"),
                fig("wounded", 3, subject="people", ev="The other 3 people have minor injuries")],
               derive_wounded=True)
    assert t["wounded"] == 5


def test_each_of_the_dead_explains_one_wound():
    # "a man and a woman suffered gunshot wounds ... the victim died": one of them lives
    man = fig("wounded", 1, qtext="A", subject="man", ev="A man suffered gunshot wounds")
    woman = fig("wounded", 1, qtext="a", subject="woman", ev="a woman suffered gunshot wounds")
    dead = fig("killed", 1, qtext="The", subject="victim", ev="The victim died")
    t = totals([man, woman, dead], derive_wounded=True)
    assert t["killed"] == 1 and t["wounded"] == 1


def test_a_partitive_names_the_whole_group_harmed():
    # "two of the five victims were in critical condition": five were hurt
    part = fig("wounded", 2, subject="victims", ev="2 of the five victims were listed in critical condition")
    assert totals([part], derive_wounded=True)["wounded"] == 5


def test_a_pronoun_is_not_a_person_of_the_other_sex():
    # "he was shot, while a girl was grazed": two people
    he = fig("casualties", 1, qtext="he", subject="he", ev="when he was shot")
    girl = fig("casualties", 1, qtext="a", subject="girl", ev="while a girl was grazed by a bullet")
    assert totals([he, girl], derive_wounded=True)["wounded"] == 2
    she = fig("casualties", 1, qtext="she", subject="she", ev="after she was shot")
    woman = fig("casualties", 1, qtext="A", subject="woman", ev="A woman was shot")
    assert totals([woman, she], derive_wounded=True)["wounded"] == 1


def test_ordinal_victim_sets_the_series_count():
    # "a fourth victim" says there were four, whatever the article counted before it
    shot = fig("casualties", 3, qtext="Three", subject="men", ev="Three men were shot outside a diner")
    fourth = fig("wounded", 1, qtext="A", subject="fourth victim", ev="A fourth victim was also hurt")
    assert totals([shot, fourth], derive_wounded=True)["wounded"] == 4
    # the series runs over the dead too: the third death, then a fourth victim who lived
    died = fig("killed", 1, qtext="A", subject="third man", ev="A third man has died after the attack")
    hurt = fig("wounded", 1, qtext="A", subject="fourth victim", ev="A fourth victim was badly hurt")
    t = totals([died, hurt], derive_wounded=True)
    assert t["killed"] == 3 and t["wounded"] == 1
    # one dead and three hurt are four victims already: "a fourth person" is one of them
    dead = fig("killed", 1, qtext="One", subject="man", ev="One man was killed")
    others = fig("wounded", 3, qtext="three", subject="others", ev="three others were hurt")
    again = fig("wounded", 1, qtext="A", subject="fourth person", ev="A fourth person was hurt")
    assert totals([dead, others, again], derive_wounded=True)["wounded"] == 3
    # a definite ordinal points back; an ordinal in a compound word is no ordinal
    back = fig("wounded", 1, qtext="the", subject="third victim", ev="the third victim was treated")
    assert totals([back])["wounded"] == 1
    pupil = fig("killed", 1, qtext="An", subject="eighth-grade pupil", ev="An eighth-grade pupil was killed")
    assert totals([pupil])["killed"] == 1
