"""Figures of war and crisis reporting, on sentences written in the manner of
wire services and humanitarian updates: what a careful analyst records for
each number (metric, bounds, qualifier, part of which whole)."""
from claimledger.extract import extract

PUBLISHED = "2025-03-04"


def figures(text):
    return [c for c in extract(text, published=PUBLISHED) if c.kind == "figure"]


def rows(text):
    """(metric, value, qualifier, index of the whole or None) per figure."""
    figs = figures(text)
    index = {c.id: i for i, c in enumerate(figs)}
    return [(c.metric, c.value, c.qualifier, index.get(c.part_of)) for c in figs]


# --- a part counts what its whole counts ----------------------------------------------

def test_people_included_in_a_toll_count_what_the_toll_counts():
    assert rows("At least 20 people were killed, including eight children, in an air strike on a "
                "market in El Fasher.") == [("killed", 20, "at_least", None), ("killed", 8, "exact", 0)]
    assert rows("The death toll from the missile strike on Sumy rose to 35, including two children, "
                "officials said.") == [("killed", 35, "exact", None), ("killed", 2, "exact", 0)]


def test_a_part_of_the_wounded_is_wounded():
    got = rows("The attack killed three people and wounded 17 others, including four children.")
    assert got[-1] == ("wounded", 4, "exact", 1)


def test_among_them_is_a_part():
    assert rows("At least 15 people were killed in Khartoum, among them three children.") == [
        ("killed", 15, "at_least", None), ("killed", 3, "exact", 0)]


# --- "N of M": a partitive is part of the figure it is taken from -------------------

def test_drones_shot_down_are_part_of_those_launched():
    got = rows("Ukraine's air force said it shot down 40 of 48 drones launched by Russia overnight.")
    assert sorted(got, key=lambda r: r[1]) == [("count", 40, "exact", 0), ("count", 48, "exact", None)]


def test_a_fronted_of_phrase_names_the_whole():
    assert rows("Of the 80 people killed in Gaza, 30 were children.") == [
        ("killed", 80, "exact", None), ("killed", 30, "exact", 0)]


def test_a_number_of_the_dead_is_a_death_figure():
    got = figures("Two of the dead were children, according to the ministry.")
    assert [(c.metric, c.value) for c in got] == [("killed", 2)]


def test_them_stands_for_the_figure_just_before():
    assert rows("Ukraine said 58 people were wounded in Kharkiv, 12 of them children.") == [
        ("wounded", 58, "exact", None), ("wounded", 12, "exact", 0)]
    # the parser hangs "two of them" on the soldiers killed; the wounded are meant
    got = rows("The army said 7 soldiers were killed and 12 others injured, two of them seriously.")
    assert got == [("killed", 7, "exact", None), ("wounded", 12, "exact", None), ("wounded", 2, "exact", 1)]


# --- killed or wounded ------------------------------------------------------------------

def test_killed_or_wounded_are_casualties():
    assert rows("Between 50 and 60 civilians were killed or wounded in the shelling, OCHA said.") == [
        ("casualties", None, "range", None)]
    assert rows("More than 100 people were killed or injured in the attack.") == [
        ("casualties", 100, "at_least", None)]
    assert [r[0] for r in rows("Around 1,000 Russian troops are killed or wounded each day.")] == ["casualties"]


def test_killed_and_wounded_sharing_one_number_are_casualties():
    assert [r[0] for r in rows("The strike killed and wounded dozens of people in Sanaa.")] == ["casualties"]


def test_shot_and_killed_is_still_a_killing():
    assert [r[0] for r in rows("Gunmen shot and killed 12 villagers in Borno state.")] == ["killed"]


def test_dead_or_missing_is_no_figure():
    assert rows("Dozens of people were dead or missing after the attack on the village in North Kivu.") == []
    assert rows("At least 300 people were killed, wounded or missing.") == []
    assert rows("The army said 25 soldiers were killed or captured.") == []


def test_a_word_with_its_own_number_keeps_its_own_figure():
    assert rows("Fifteen people were killed and 40 wounded or missing.") == [("killed", 15, "exact", None)]
    assert [r[:2] for r in rows("Militants killed 12 soldiers and wounded 20 in an ambush.")] == [
        ("killed", 12), ("wounded", 20)]


# --- tolls revised ---------------------------------------------------------------------

def test_a_toll_revised_up_to_a_number_is_that_number():
    got = figures("The toll was later revised up to 47 after rescuers pulled more bodies from the rubble.")
    assert [(c.metric, c.value, c.high, c.qualifier) for c in got] == [("killed", 47, None, "exact")]
    assert got[0].to_dict()["quantity_span"]["text"] == "47"


def test_up_to_before_a_number_is_still_a_bound():
    got = figures("Gunmen killed up to 50 people in the village.")
    assert [(c.metric, c.value, c.high, c.qualifier) for c in got] == [("killed", 50, 50, "at_most")]


# --- things and deaths -----------------------------------------------------------------

def test_drones_shot_down_are_a_count():
    got = rows("Russia launched 147 drones overnight; 97 drones were shot down, the air force said.")
    assert ("count", 97, "exact", None) in got


def test_things_that_are_no_war_materiel_are_still_no_figure():
    assert rows("The force seized multiple grenades.") == []



# --- tolls and their subjects --------------------------------------------------------

def test_losses_amounting_to_a_number_are_casualties():
    got = figures("Russian losses over the past day amounted to 1,150 personnel, Ukraine's General Staff said.")
    assert [(c.metric, c.value) for c in got] == [("casualties", 1150)]


def test_a_number_of_people_killed_counts_the_people():
    got = figures("The number of Palestinians killed in Gaza has risen to 48,405, the health ministry said.")
    assert [(c.metric, c.value, c.subject.text) for c in got] == [("killed", 48405, "Palestinians")]


# --- running totals since the war began ------------------------------------------------

def test_a_toll_since_the_war_began_is_no_event_total():
    from claimledger.summary import summarize
    text = ("An Israeli strike killed 12 people in Rafah on Monday. The health ministry said 48,405 people "
            "have been killed since the war began.")
    claims = extract(text, published=PUBLISHED)
    assert any(c.value == 48405 and "since the war began" in c.evidence.text for c in claims)
    assert summarize(claims)["totals"]["killed"] == 12
    text = ("A Russian strike killed four people in Kharkiv. At least 12,300 civilians have been killed "
            "since the full-scale invasion, the UN says.")
    assert summarize(extract(text, published=PUBLISHED))["totals"]["killed"] == 4


def test_a_toll_carried_to_a_number_through_a_long_phrase():
    got = figures("Three soldiers were killed in southern Gaza, bringing the toll since the ground offensive "
                  "began to 400.")
    assert [(c.metric, c.value) for c in got] == [("killed", 3), ("killed", 400)]
    got = figures("Russian strikes killed 14 people overnight, bringing the total killed in the region this "
                  "week to 52.")
    assert [(c.metric, c.value) for c in got] == [("killed", 14), ("killed", 52)]


def test_a_weak_vague_word_with_no_event_is_no_figure():
    assert rows("The toll could rise as many people remain trapped under the rubble.") == []
    # an event still makes it one
    assert [r[0] for r in rows("Many people were killed in the shelling of Kherson.")] == ["killed"]


def test_an_estimate_at_a_number_when_at_hangs_on_the_object():
    """The parser hangs "at" on "losses" in "estimate Russian losses at more than 200,000"."""
    figs = [c.to_dict() for c in extract("Analysts estimate Russian losses at more than 150,000.",
                                         published="2025-03-04") if c.kind == "figure"]
    assert [(f["metric"], f["low"], f["qualifier"]) for f in figs] == [("casualties", 150_000, "at_least")]
