"""The figure rules on short made-up sentences: which mentions are figures of
people, what they count, and how a document's summary adds them up."""
import pytest

from claimledger.extract import extract
from claimledger.summary import summarize


def figures(text, published="2011-11-20"):
    return [c for c in extract(text, published=published) if c.kind == "figure"]


def of(text, metric, published="2011-11-20"):
    return [c for c in figures(text, published) if c.metric == metric]


def totals(text, published="2011-11-20", **kw):
    return summarize(extract(text, published=published), **kw)["totals"]


# --- what is not a figure of people -------------------------------------------------

def test_things_are_not_people():
    assert not of("The force seized multiple grenades and two assault rifles.", "captured")


def test_a_number_glued_to_a_model_name_is_no_count():
    text = "The security force seized AK-47 rifles and detained two suspects."
    assert [c.value for c in of(text, "captured") + of(text, "detained")] == [2]


def test_what_was_meant_is_not_what_was_done():
    assert not of("The force conducted an operation to detain a Taliban leader.", "detained")


def test_a_figure_in_someones_record_is_not_the_event():
    assert not of("The leader was responsible for an attack that killed four soldiers.", "killed")


def test_negated_and_modal_events_did_not_happen():
    assert not of("The two children were not injured.", "wounded")
    assert not of("She told police that he would kill her.", "killed")


# --- what the words count ------------------------------------------------------------

def test_people_shot_are_casualties_not_deaths():
    got = figures("Police said four people were shot, one fatally, at the park.")
    assert [(c.metric, c.value) for c in got] == [("casualties", 4), ("killed", 1)]
    t = totals("Police said four people were shot, one fatally, at the park.", derive_wounded=True)
    assert (t["killed"], t["wounded"]) == (1, 3)


@pytest.mark.parametrize("text", [
    "A man was shot and killed on Friday.",
    "A man was shot dead on Friday.",
    "A man was fatally shot on Friday.",
])
def test_words_that_make_a_shooting_a_killing(text):
    assert [c.value for c in of(text, "killed")] == [1]
    assert not of(text, "casualties")


@pytest.mark.parametrize("text", [
    "A 6-year-old boy is dead after a shooting.",
    "The boy was pronounced dead at the hospital.",
    "Police said a man has died after the shooting.",
    "The man was charged with murder in the death of his three-year-old son.",
    "Officers found the girl dead inside the home.",
])
def test_singular_deaths_count_one(text):
    assert [c.value for c in of(text, "killed")] == [1]


def test_a_named_person_counts_one():
    assert [c.value for c in of("Coalition forces killed Taliban leader Saifullah during an operation.", "killed")] == [1]


def test_a_person_who_harms_himself_is_the_one_harmed():
    assert [c.value for c in of("The boy accidentally shot himself in the arm.", "casualties")] == [1]


@pytest.mark.parametrize("text,metric,value", [
    ("Four people are recovering after the shooting.", "wounded", 4),
    ("Two men were in critical condition at the hospital.", "wounded", 2),
    ("Six other people were treated for gunshot wounds.", "wounded", 6),
    ("Three people were struck by bullets outside the club.", "casualties", 3),
])
def test_harm_reported_without_an_event_verb(text, metric, value):
    assert [c.value for c in of(text, metric)] == [value]


@pytest.mark.parametrize("text,metric", [
    ("Police found a 4-year-old girl who was shot in the face.", "casualties"),
    ("The boy was flown to a hospital and is expected to recover.", "wounded"),
])
def test_singular_harm_in_relative_and_complement_clauses(text, metric):
    assert [c.value for c in of(text, metric)] == [1]


def test_the_quantity_of_a_partitive_takes_its_place_in_the_clause():
    got = of("The force returned fire, killing several of the insurgents.", "killed")
    assert [c.qualifier for c in got] == ["vague"]


def test_ages_after_names_are_no_counts():
    got = of("Kelly Boren, 32, and Marie King, 55, were found dead in the house.", "killed")
    assert sorted(c.value for c in got) == [1, 1]


# --- how the summary adds them up ----------------------------------------------------

def test_a_group_of_people_adds_up():
    assert totals("Forces killed a Taliban leader and two of his associates.")["killed"] == 3
    text = "The force detained the targeted individual along with three of his associates."
    assert totals(text)["captured_or_detained"] == 4


def test_a_fuller_account_replaces_the_lede():
    text = ("Forces captured a Taliban commander and a facilitator yesterday.\n"
            "The force detained the commander, the facilitator and two of their associates.")
    assert totals(text)["captured_or_detained"] == 4


def test_a_vague_lede_is_restated_by_the_details():
    text = "Several insurgents were killed during operations.\nThe force returned fire, killing two insurgents."
    assert totals(text)["killed"] == 2


def test_a_singled_out_leader_is_no_account_of_the_group():
    text = "The force captured a Taliban leader.\nThe force also detained multiple suspected insurgents."
    assert totals(text)["captured_or_detained"] == 4


def test_cumulative_totals_are_background():
    text = "The force killed two insurgents yesterday.\nForces have killed more than 80 Haqqani leaders since January."
    assert totals(text)["killed"] == 2


def test_details_of_people_already_counted_do_not_add():
    text = ("Four people were wounded in a shooting at the club.\n"
            "A 22-year-old man was seriously injured.\nTwo men and a woman were treated at the hospital.")
    assert totals(text)["wounded"] == 4


def test_one_of_the_group_is_a_part():
    text = "The force killed two insurgents.\nOne of the insurgents died at the scene."
    assert totals(text)["killed"] == 2


# --- event dates -----------------------------------------------------------------------

def test_a_figure_takes_the_event_date_of_its_sentence_or_the_lede():
    text = ("KABUL, Afghanistan (Nov. 20, 2011) - A coalition security force detained two insurgents "
            "in Helmand province yesterday.\nDuring the operation the force killed one insurgent.")
    got = figures(text, published=None)
    assert [c.time.date for c in got] == ["2011-11-19", "2011-11-19"]
    assert summarize(extract(text))["date"] == "2011-11-19"


def test_the_past_n_days_start_n_days_back():
    text = "KABUL, Afghanistan (March 17, 2011) - Forces killed more than 30 insurgents during the past two days."
    assert [c.time.date for c in figures(text, published=None)] == ["2011-03-15"]


def test_a_person_wounded_then_killed_counts_as_killed():
    text = "A 17-year-old boy was killed in a shooting on Monday.\nThe victim suffered a gunshot wound to the chest."
    t = totals(text, derive_wounded=True)
    assert (t["killed"], t["wounded"]) == (1, 0)


def test_an_age_written_y_o_is_no_count():
    assert not [c for c in figures("Police said a 43 y/o man was shot on Main Street.") if c.value == 43]


def test_how_often_is_not_how_many():
    assert not of("Police said the gunman shot about 10 times at the occupants of a silver car.", "casualties")
    assert [c.value for c in of("Two people were shot multiple times.", "casualties")] == [2]


# --- singular mentions the triage and the parse used to miss --------------------------

@pytest.mark.parametrize("text,metric", [
    ("He was taken to a hospital for his injuries.", "wounded"),
    ("Police said Derek Rivers was shot in the hand.", "casualties"),
    ("DENTON, Texas - A 12-year-old girl was shot in the arm on Sunday.", "casualties"),
])
def test_singular_harm_without_an_event_word_counts_one(text, metric):
    got = of(text, metric)
    assert len(got) == 1 and got[0].value == 1


# --- harm told by where the bullet landed or where the person went -------------------

@pytest.mark.parametrize("text", [
    "The toddler was hit in the arm and is expected to recover.",
    "A cashier was struck in the thigh during the robbery.",
    "The rifle went off and struck a hunter in the foot.",
    "It discharged and hit a neighbor in the hip.",
    "A clerk was struck by what appeared to be a stray bullet.",
    "A minor was wounded in the shooting on Elm Street.",
])
def test_a_hit_on_the_body_or_by_a_weapon_is_one_wounded(text):
    t = totals(text, derive_wounded=True)
    assert (t["wounded"], t["killed"]) == (1, 0)


@pytest.mark.parametrize("text", [
    "The van was hit by a truck on the highway.",
    "He swung the bat and hit the ball over the fence.",
    "It rained and struck the region with floods.",
])
def test_hits_that_are_no_gunshot_count_nobody(text):
    t = totals(text, derive_wounded=True)
    assert (t["wounded"], t["casualties"]) == (0, 0)


@pytest.mark.parametrize("text", [
    "A cyclist was taken to the hospital after the shooting on Oak Street.",
    "The accident sent a 9-year-old girl to a local hospital.",
    "The victim was rushed to the County Medical Center.",
])
def test_taken_to_a_hospital_is_one_hurt(text):
    assert totals(text, derive_wounded=True)["wounded"] == 1


def test_taken_to_a_hospital_where_he_died_is_a_death_only():
    t = totals("A cyclist was shot and rushed to Mercy Hospital, where he died.", derive_wounded=True)
    assert (t["killed"], t["wounded"]) == (1, 0)


def test_the_hospitals_town_is_not_where_it_happened():
    text = ("A farmer was shot in the arm in Millbrook on Sunday. "
            "Jones was taken to Riverside Hospital in Dayton for treatment.")
    assert totals(text, derive_wounded=True)["wounded"] == 1


def test_jail_is_no_hospital():
    assert totals("The suspect was taken to the county jail.", derive_wounded=True)["casualties"] == 0


def test_brain_dead_is_not_dead():
    t = totals("A 12-year-old boy shot himself and has been declared brain dead.", derive_wounded=True)
    assert (t["killed"], t["wounded"]) == (0, 1)


def test_a_list_after_one_person_is_no_apposition():
    t = totals("The gunman killed his neighbor, three young boys and their grandmother on Monday.")
    assert t["killed"] == 5


def test_the_shooter_who_killed_himself_is_none_of_his_victims():
    t = totals("A father fatally shot his wife and three daughters before killing himself at home.")
    assert t["killed"] == 5


def test_the_members_of_a_dash_breakdown_are_parts():
    t = totals("Four men were wounded — three in serious condition, and one with a graze wound.",
               derive_wounded=True)
    assert t["wounded"] == 4


@pytest.mark.parametrize("text", [
    "County data show 73 residents died from gunfire in 2014.",
    "In the past eight weeks, five teenagers have been killed in the city.",
])
def test_totals_over_a_year_or_weeks_are_background(text):
    assert totals(text)["killed"] == 0


def test_succumbed_is_a_death_and_no_wound():
    t = totals("The clerk was flown to a trauma hospital, where he succumbed to his injuries.", derive_wounded=True)
    assert (t["killed"], t["wounded"]) == (1, 0)


def test_died_shares_the_subject_of_the_verb_before_it():
    t = totals("The hunter shot himself while cleaning a rifle and died at the scene.", derive_wounded=True)
    assert (t["killed"], t["wounded"]) == (1, 0)


def test_a_name_pronounced_dead_is_one_killed_but_not_who_pronounced_it():
    assert totals("Okafor was pronounced dead at the scene.")["killed"] == 1
    # (the coroner's name is the subject of the active verb: never a death)
    assert totals("Coroner Lindqvist pronounced the driver dead at the scene.")["killed"] <= 1


def test_passed_away_is_a_death_of_a_person_only():
    assert totals("The girl was taken off life support and passed away on Sunday.")["killed"] == 1
    assert totals("The measure passed away from public view.")["killed"] == 0
    assert totals("The player passed the ball away to a teammate.")["killed"] == 0


def test_found_dead_with_wounds_is_a_death_not_a_wound():
    t = totals("A 19-year-old woman was found dead with gunshot wounds behind a store.", derive_wounded=True)
    assert (t["killed"], t["wounded"]) == (1, 0)
    t = totals("A 19-year-old woman was found with gunshot wounds behind a store.", derive_wounded=True)
    assert (t["killed"], t["wounded"]) == (0, 1)


def test_pronounced_dead_with_the_object_in_between():
    assert totals("Medics pronounced the cyclist dead at the scene.")["killed"] == 1


def test_a_headline_fatally_shot_counts_its_subject():
    assert totals("Marcus Whitby fatally shot.")["killed"] == 1
    # the object of an active verb is the victim, never its subject
    assert totals("Deputies said the trooper fatally shot the gunman.")["killed"] == 1


def test_a_count_before_an_age_is_a_count():
    assert totals("Three 31-year-old men were wounded in the crossfire.")["wounded"] == 3
    assert totals("A 31-year-old man was wounded in the crossfire.")["wounded"] == 1


def test_things_recovered_are_no_one_recovering():
    assert totals("Several bags of cash were recovered at the scene.")["wounded"] == 0
    assert totals("Officers recovered two rifles from the car.")["wounded"] == 0
    assert totals("The clerk is recovering at a local hospital.")["wounded"] == 1


def test_a_death_of_years_before_is_not_the_event():
    assert totals("Two of her cousins died in a flood years ago.")["killed"] == 0
    assert totals("Two years earlier, Dale Ortman was shot and killed outside the bar.")["killed"] == 0
    assert totals("Two men died in the shooting on Friday.")["killed"] == 2


# --- lists, companions and surrender ------------------------------------------------

def test_a_bare_noun_in_a_comma_list_is_a_person_of_its_own():
    text = "Soldiers arrested the smuggler, courier and three of their helpers."
    assert totals(text)["captured_or_detained"] == 5


def test_two_nouns_under_one_article_without_a_list_stay_one_mention():
    # ("a commander and facilitator" may be one man: no comma makes it a list)
    assert totals("Police arrested a gang leader and financier in the city.")["captured_or_detained"] == 1


def test_along_with_after_a_relative_clause_joins_the_noun():
    text = ("Troops detained a smuggler who worked along the northern border, "
            "along with one of his drivers.")
    assert totals(text)["captured_or_detained"] == 2


def test_along_with_inside_a_relative_clause_without_a_comma_is_not_lifted():
    text = "Troops detained a smuggler who worked along with his cousin."
    assert totals(text)["captured_or_detained"] == 1


def test_turning_oneself_in_is_a_detention():
    assert totals("The gunman turned himself in to police on Monday.")["captured_or_detained"] == 1
    assert totals("The gunman turned in his weapon.")["captured_or_detained"] == 0


# --- broken parses of single deaths --------------------------------------------------

def test_an_age_folded_into_a_time_phrase_is_the_victim():
    text = "Police said a neighbor shot and killed a 15-year-old Sunday evening."
    assert totals(text)["killed"] == 1


def test_a_time_phrase_without_an_age_is_no_victim():
    assert totals("The gunman shot and killed Sunday evening.")["killed"] == 0


def test_shot_and_killed_with_no_object_is_a_reduced_relative():
    text = "Neighbors of a 19-year-old man shot and killed early Sunday in Dayton gathered at a park."
    assert totals(text)["killed"] == 1


def test_shot_and_killed_with_an_object_counts_the_object_only():
    text = "Neighbors said the man shot and killed his roommate early Sunday."
    assert totals(text)["killed"] == 1


def test_an_alternative_of_verbs_after_a_leader_is_no_event():
    text = "The smuggler is the fifth gang leader arrested or killed in the province this year."
    assert totals(text)["captured_or_detained"] == 0


def test_a_participle_after_a_coordination_counts_every_conjunct():
    # "left three men and three women injured": the participle is each conjunct's
    t = totals("A crash on the bridge left four men and two women injured late Friday, officers said.")
    assert t["wounded"] == 6


def test_a_round_up_of_several_incidents_is_no_incident_figure():
    text = ("Nine people were wounded in three separate shootings on Saturday, police said. "
            "A man was shot in the arm near the park. He was listed in stable condition.")
    assert totals(text, derive_wounded=True)["wounded"] == 1


def test_a_wound_that_tells_how_the_dead_were_hurt_is_no_injury():
    text = ("Two cousins were fatally shot outside a diner on Friday. "
            "Deputies found two men suffering from gunshot wounds in the lot.")
    t = totals(text, derive_wounded=True)
    assert t["killed"] == 2 and t["wounded"] == 0
    # a wound of someone else is
    t = totals("A man was killed on Pine Road. A woman suffered a gunshot wound to the leg.", derive_wounded=True)
    assert t["killed"] == 1 and t["wounded"] == 1


def test_an_article_shared_by_a_list_counts_each_person():
    assert totals("Police are investigating the deaths of a mother, son and grandfather at a farm.")["killed"] == 3


def test_the_rest_of_a_listed_group_counts_once():
    text = ("Police said a girl, two women and a man were shot outside a store. "
            "The other woman and man were hit in the legs.")
    assert totals(text, derive_wounded=True)["wounded"] == 4


def test_other_people_with_no_number_are_at_least_two():
    text = "Police arrested a gang leader at the house and also detained other suspects."
    assert totals(text)["captured_or_detained"] == 3


def test_an_additional_person_after_the_retold_lead_is_the_ledes_companion():
    text = ("Security forces detained a Taliban leader along with one suspected insurgent in Kunduz. "
            "The Taliban leader was detained after a search. "
            "An additional suspected insurgent was detained at the scene.")
    assert totals(text)["captured_or_detained"] == 2
    # with no companion in the lede, the additional one is new
    text = ("Security forces detained a Taliban leader in Kunduz. The Taliban leader was detained "
            "after a search. An additional suspected insurgent was detained at the scene.")
    assert totals(text)["captured_or_detained"] == 2


def test_the_others_of_a_group_already_counted_count_once():
    text = ("Police say five men were shot, one fatally, outside a bar on Friday. "
            "The four others who were shot are expected to survive.")
    t = summarize(extract(text), derive_wounded=True, text=text)["totals"]
    assert t["killed"] == 1 and t["wounded"] == 4


def test_a_participle_after_leave_says_what_happened_to_its_subject():
    assert totals("Officers are probing a fight that left a 20-year-old man critically injured.")["wounded"] == 1
    assert totals("The explosion left three workers badly hurt on Tuesday.")["wounded"] == 3


def test_behind_bars_is_no_record_of_a_past_attack():
    assert totals("A woman is behind bars for shooting a 9-year-old boy.", derive_wounded=True)["wounded"] == 1
    assert totals("He was behind the attack that killed two guards.")["killed"] == 0


def test_a_gun_turned_on_oneself_is_one_more_dead():
    text = "Deputies said a man fatally shot his neighbor before turning the gun on himself."
    t = totals(text, derive_wounded=True)
    assert t["killed"] == 2 and t["wounded"] == 0
    # not one of the people he shot: his sons were wounded
    t = totals("The father shot his two sons and then turned the gun on himself.", derive_wounded=True)
    assert t["killed"] == 1 and t["wounded"] == 2
    assert totals("He threatened to turn the gun on himself.")["killed"] == 0
    # the shooter is none of the people he killed
    assert totals("A woman shot and killed her two sons, then turned the gun on herself.")["killed"] == 3


def test_a_bare_plural_of_shootings_is_a_round_up():
    text = ("Four people were wounded in shootings from Friday night to Sunday morning, police said. "
            "A man was shot in the hand on Oak Street.")
    assert summarize(extract(text), derive_wounded=True, text=text)["totals"]["wounded"] == 1
    # "used in attacks" is no round-up of people harmed
    text = "Troops detained a facilitator of weapons used in attacks, along with two of his associates."
    assert summarize(extract(text), text=text)["totals"]["captured_or_detained"] == 3


def test_a_complement_clause_without_that_counts_its_subject():
    # parsed as "confirmed [two boys]" and a subjectless "were killed"
    assert totals("Deputies confirmed two boys, ages 6 and 8, were killed in the fire.")["killed"] == 2


def test_equal_conjuncts_with_a_clause_of_their_own_add_up():
    text = ("Two girls, ages 5 and 9, and two adults were found dead in a cabin, deputies said. "
            "Officials did not say how the four died.")
    assert totals(text)["killed"] == 4


def test_a_death_noun_with_an_article_is_one_death():
    assert totals("Deputies are investigating an accidental shooting death near the lake on Friday.")["killed"] == 1
    # a deadly shooting may have killed several; a predicate noun restates
    assert totals("Police are investigating a deadly shooting on Elm Street.")["killed"] == 0
    assert totals("A man was shot and killed at a bar. It was a murder, the chief said.")["killed"] == 1
