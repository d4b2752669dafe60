"""Where and when a figure claim happened, read from the clause around it."""
import claimledger


def _figures(text, published="2025-03-04"):
    return [c.to_dict() for c in claimledger.extract(text, published=published) if c.kind == "figure"]


def test_coordinated_verbs_share_one_place_phrase():
    text = ("At least 35 people were killed and more than 100 injured in airstrikes across the Gaza Strip, "
            "the health ministry said.")
    got = {(f["metric"], f["location"]["country"]) for f in _figures(text)}
    assert got == {("killed", "PS"), ("wounded", "PS")}


def test_each_coordinated_verb_keeps_its_own_place():
    text = "Three people were killed in Kharkiv and two were wounded in Sumy, officials said."
    got = {(f["metric"], f["location"]["text"]) for f in _figures(text)}
    assert got == {("killed", "Kharkiv"), ("wounded", "Sumy")}


def test_a_when_clause_names_where_it_happened():
    text = "Four people died when a missile struck an apartment block in Kramatorsk, prosecutors said."
    (f,) = _figures(text)
    assert f["location"]["text"] == "Kramatorsk" and f["location"]["country"] == "UA"


def test_since_opens_a_period_and_dates_no_event():
    """A running total "since October 7" is the toll as of publication."""
    text = "More than 30,000 people have been killed since October 7, according to the health ministry."
    (f,) = _figures(text)
    assert f["time"]["date"] == "2025-03-04" and f["time"]["basis"] == "published"


def test_a_count_the_tagger_calls_a_date_is_still_a_figure():
    """spaCy tags a sentence-initial "Between 50 and 70" as DATE; the number
    reader sees it counts fighters."""
    (f,) = _figures("Between 50 and 70 fighters were killed in clashes near the border.")
    assert (f["metric"], f["low"], f["high"], f["qualifier"]) == ("killed", 50, 70, "range")


def test_may_have_been_killed_is_a_hedged_figure():
    (f,) = _figures("As many as 40 people may have been killed in the attack, local officials said.")
    assert (f["metric"], f["high"], f["qualifier"], f["hedges"]) == ("killed", 40, "at_most", ["may"])


def test_counterfactuals_and_forecasts_are_no_figures():
    assert _figures("The bullet could have killed her, the officer said.") == []
    assert _figures("The storm may kill 30 people if it reaches the coast.") == []


def test_the_number_of_a_counted_group_is_a_toll():
    got = {(f["metric"], f["value"]) for f in _figures(
        "The number of refugees has risen to 1.4 million. The number of people killed in the region rose to 310. "
        "The number of injured stands at 85.")}
    assert got == {("displaced", 1_400_000), ("killed", 310), ("wounded", 85)}


def test_a_number_of_people_with_nothing_done_to_them_is_no_toll():
    assert _figures("The number of people living in the camp has risen to 5,000.") == []


def test_bringing_the_toll_to_a_number():
    got = [(f["metric"], f["value"]) for f in _figures("A second blast killed 6, bringing the death toll to 31.")]
    assert got == [("killed", 6), ("killed", 31)]


def test_verbs_that_bound_the_toll():
    (f,) = _figures("The death toll has topped 200, rescuers said.")
    assert (f["metric"], f["low"], f["qualifier"]) == ("killed", 200, "at_least")
    (f,) = _figures("The number of displaced people reached 2 million.")
    assert (f["metric"], f["value"], f["qualifier"]) == ("displaced", 2_000_000, "exact")


def test_putting_the_number_of_dead_at_a_figure():
    got = [(f["metric"], f["value"]) for f in _figures("The health ministry put the number of dead at 124.")]
    assert got == [("killed", 124)]


def test_coordinated_actors_are_not_where_it_happened():
    """"Russia and Ukraine exchanged ...": both countries act; neither is the place."""
    (f,) = _figures("Armenia and Azerbaijan exchanged 32 prisoners of war on Friday.")
    assert f["location"]["country"] is None


def test_a_total_of_a_group_of_and_the_bodies_of():
    got = [(f["metric"], f["value"]) for f in _figures(
        "A total of 26 people were killed. A group of 14 migrants was detained near the border. "
        "The bodies of nine men were recovered from the river.")]
    assert got == [("killed", 26), ("detained", 14), ("killed", 9)]


def test_a_further_and_an_additional_count():
    got = [(f["metric"], f["value"]) for f in _figures(
        "A further 18 people were killed on Monday. An additional 7 soldiers were wounded.")]
    assert got == [("killed", 18), ("wounded", 7)]


def test_forces_lost_are_casualties_other_losses_are_not():
    got = [(f["metric"], f["value"]) for f in _figures(
        "The brigade lost 40 soldiers and 6 tanks in the battle. The firm lost 300 jobs. "
        "She lost both of her parents as a child.")]
    assert ("casualties", 40) in got and ("count", 6) in got
    assert all(v not in (300, 2) for _, v in got)


def test_members_of_a_group_something_happened_to():
    got = [(f["metric"], f["value"]) for f in _figures(
        "Six medics were among the injured. Among the dead were 11 children. "
        "Two reporters were among those killed. The dead included three women.")]
    assert got == [("wounded", 6), ("killed", 11), ("killed", 2), ("killed", 3)]


def test_members_of_a_group_nothing_happened_to_are_no_figure():
    assert all(f["metric"] == "count" for f in _figures("The delegation included 4 women."))


def test_a_number_that_is_its_own_subject_never_breaks_extraction():
    """"hundreds of thousands" is both the number and what it counts."""
    got = [(f["metric"], f["low"]) for f in _figures("Hundreds of thousands were displaced by the fighting.")]
    assert got == [("displaced", 200_000)]
    assert _figures("Thousands upon thousands were displaced.")[0]["metric"] == "displaced"


def test_a_capitalised_number_the_tagger_calls_a_name():
    (f,) = _figures("Millions have fled the fighting since April.")
    assert (f["metric"], f["low"], f["qualifier"]) == ("displaced", 2_000_000, "vague")
    assert [g["value"] for g in _figures("The Eight Trey Crips shot two men.")] == [2]


def test_some_before_a_number_word_qualifies_it():
    (f,) = _figures("Some two dozen civilians were wounded in the shelling.")
    assert (f["metric"], f["value"], f["qualifier"]) == ("wounded", 24, "approximate")


def test_a_bare_number_shares_the_people_of_the_whole_not_of_a_part():
    got = [(f["metric"], f["subject"]["text"]) for f in _figures(
        "The strike killed 40 people, including 13 children, and wounded dozens more.")]
    assert got[-1] == ("wounded", "people")
    got = [(f["metric"], f["subject"]["text"]) for f in _figures("120 dead and 300 wounded in the attack.")]
    assert ("wounded", "dead") not in got
