"""Attribution on the sentences war and crisis reports are made of: two reports
joined in one sentence, a participle of saying after a denial, the type of a
capital, an agency or a group that speaks, and a speaker's name behind a title.
Made-up sentences; each figure must carry the source of its own clause."""
from __future__ import annotations

import pytest

from claimledger.extract.attribution import find_attributions
from claimledger.extract.pipeline import extract, shared_nlp
from claimledger.extract.spans import doc_text

PUBLISHED = "2025-03-04"


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp()


def figures(text):
    """{value: (source text, source name, source type, cue)} of the figure claims."""
    out = {}
    for c in extract(text, published=PUBLISHED):
        d = c.to_dict()
        if d["kind"] != "figure":
            continue
        s = d.get("source") or {}
        out[d["value"]] = (s.get("text"), s.get("name"), s.get("type"), d.get("cue"))
    return out


def source_of(text, value):
    return figures(text)[value]


# --- two reports joined in one sentence ----------------------------------------------

def test_final_cue_after_while_takes_only_its_own_clause():
    text = ("The navy said 14 sailors were killed in the strike, while "
            "five fishermen were injured in Odesa, port official Maria Kovalenko said.")
    got = figures(text)
    assert got[14][0] == "The navy"
    assert got[5][1] == "Maria Kovalenko"


def test_parenthetical_cue_before_while_does_not_take_the_next_report():
    text = ("Militants ambushed a convoy and killed four soldiers near the town, the defence ministry said, "
            "while the local hospital said 19 civilians were wounded in the crossfire.")
    got = figures(text)
    assert got[4][0] == "the defence ministry"
    assert got[19][0] == "the local hospital"


def test_semicolon_and_but_bound_each_report(nlp):
    text = ("Shelling killed seven people in Kherson, police said; in Zaporizhzhia, 14 people were hurt, "
            "the regional administration said.")
    got = figures(text)
    assert got[7][0] == "police"
    assert got[14][0] == "the regional administration"
    text = "The army said 30 insurgents were killed in the raid, but a local elder said 9 farmers were killed."
    got = figures(text)
    assert got[30][0] == "The army"
    assert got[9][0] == "a local elder" and got[9][2] == "person"


def test_according_to_on_each_side_of_a_join():
    text = ("Airstrikes killed 40 people, according to the health ministry, while 6 soldiers died, "
            "according to the military.")
    got = figures(text)
    assert got[40][0] == "the health ministry"
    assert got[6][0] == "the military"


def test_one_report_with_a_while_clause_keeps_both(nlp):
    # no second speaker: the join bounds nothing
    text = "The ministry said 12 people were killed, while 30 others were wounded."
    got = figures(text)
    assert got[12][0] == got[30][0] == "The ministry"


def test_a_report_within_a_quotation_is_not_split(nlp):
    doc = nlp("“Our units held the line, and the enemy said it lost 200 men,” the commander said.")
    t = doc_text(doc)
    got = [(t[a.cue_start:a.cue_end], t[a.source.start:a.source.end]) for a in find_attributions(doc)]
    assert got == [("said", "the commander")]


# --- a participle of saying after a denial or a confirmation ----------------------------

@pytest.mark.parametrize("text,value,source,cue", [
    ("Separatists claimed they had killed 30 soldiers, but the ministry rejected the claim, "
     "saying only two soldiers were killed.", 2, "the ministry", "saying"),
    ("The governor confirmed the attack, noting that 8 rescuers were injured.", 8, "The governor", "noting"),
    ("The army denied the report, adding that 2 of its soldiers had been captured.", 2, "The army", "adding"),
])
def test_participle_of_saying_takes_the_subject_it_hangs_on(text, value, source, cue):
    got = source_of(text, value)
    assert got[0] == source and got[3] == cue


def test_participle_without_a_figure_stays_one_speech_act(nlp):
    doc = nlp("The agency acknowledged the delay, stating that the convoy would leave later.")
    assert [doc_text(doc)[a.cue_start:a.cue_end] for a in find_attributions(doc)] == ["acknowledged"]


# --- source types ---------------------------------------------------------------------

@pytest.mark.parametrize("text,value,name", [
    ("Moscow says 1,200 Ukrainian soldiers surrendered near the river.", 1200, "Moscow"),
    ("Kiev says 300 Russian tanks were destroyed last month.", 300, "Kiev"),
    ("Tehran said 25 people were killed in the blast.", 25, "Tehran"),
])
def test_capital_for_its_government(text, value, name):
    got = source_of(text, value)
    assert got[1] == name and got[2] == "government"


@pytest.mark.parametrize("text,value,typ", [
    ("The UN children's agency UNICEF said 4,000 children had been displaced.", 4000, "organization"),
    ("The UN relief agency said 120 people were killed.", 120, "organization"),
    ("The Syrian Observatory for Human Rights said 33 fighters were killed.", 33, "organization"),
    ("The state news agency said 17 people were killed.", 17, "media"),
])
def test_agencies_and_monitors(text, value, typ):
    assert source_of(text, value)[2] == typ


@pytest.mark.parametrize("text,value", [
    ("Insurgents said they had killed 11 police officers.", 11),
    ("Villagers said 6 people were buried under the rubble.", 6),
    ("Gunmen said they were holding 20 hostages.", 20),
])
def test_plural_groups_are_unnamed(text, value):
    assert source_of(text, value)[2] == "unnamed"


# --- a name behind a title ---------------------------------------------------------------

@pytest.mark.parametrize("text,value,name", [
    ("District governor Serhiy Lysak said 4 officers were wounded.", 4, "Serhiy Lysak"),
    ("According to military spokesman Yuriy Ihnat, 9 soldiers were wounded.", 9, "Yuriy Ihnat"),
])
def test_name_without_descriptor(text, value, name):
    got = source_of(text, value)
    assert got[1] == name and got[2] == "person"
    assert name in got[0] and got[0] != name  # the source text keeps the title


# --- sources a report cites: intermediaries ("via") --------------------------------

def _via(text, value):
    for c in extract(text, published=PUBLISHED):
        d = c.to_dict()
        if d["kind"] == "figure" and d["value"] == value:
            return (d["source"] or {}).get("text"), [v["name"] or v.get("text") for v in d["via"]]
    raise AssertionError(f"no figure {value} in {text!r}")


@pytest.mark.parametrize("text, value, source, via", [
    ("AFP, citing three medical sources, reported that 17 fighters died in the raid.", 17, "AFP",
     "three medical sources"),
    ("The agency said, citing hospital officials, that 9 people were killed in the shelling.", 9, "The agency",
     "hospital officials"),
    ("The agency said 9 people were killed in the shelling, citing hospital officials.", 9, "The agency",
     "hospital officials"),
    ("According to the Financial Times, which cited European officials, about 400 troops were wounded.", 400,
     "the Financial Times", "European officials"),
    ("Local media quoted the provincial governor as saying 52 insurgents had been killed.", 52, "Local media",
     "the provincial governor"),
])
def test_a_cited_source_is_an_intermediary(text, value, source, via):
    got_source, got_via = _via(text, value)
    assert got_source == source
    assert [v.lower() for v in got_via] == [via.lower()] or via.lower() in " ".join(got_via).lower()


def test_the_citation_is_no_part_of_the_content(nlp):
    doc = nlp("The agency said, citing hospital officials, that 9 people were killed in the shelling.")
    (a,) = [a for a in find_attributions(doc) if a.cue == "said"]
    assert doc_text(doc)[a.content[0]:a.content[1]] == "9 people were killed in the shelling"


def test_quoting_a_text_is_no_intermediary():
    text = "The minister, quoting a line of scripture, said 3 soldiers were wounded."
    assert _via(text, 3)[1] == []


@pytest.mark.parametrize("text", ["State media said 5 soldiers died in the blast.",
                                  "Local media reported that 5 soldiers died in the blast."])
def test_media_is_media_though_the_tagger_lemmatises_it_medium(text):
    assert source_of(text, 5)[2] == "media"


# --- war reporting's physical senses and headline topics ---------------------------

def _statements(text):
    return [(c.source.text if c.source else None, c.cue) for c in extract(text, published=PUBLISHED)
            if c.kind == "statement"]


@pytest.mark.parametrize("text", [
    "Government forces attacked the rebel-held town at dawn.",
    "Artillery strikes hit a market in the city centre.",
    "Drones pounded the outskirts of the capital overnight.",
])
def test_an_attack_on_a_place_is_no_attribution(text):
    assert _statements(text) == []


@pytest.mark.parametrize("text, cue", [
    ("The opposition leader attacked the minister over the budget.", "attacked"),
    ("The senator hit the president for his remarks.", "hit"),
    ("Aid groups slammed the decision as reckless.", "slammed"),
])
def test_criticism_with_a_reason_or_verdict_is_an_attribution(text, cue):
    assert [c for _, c in _statements(text)] == [cue]


def test_a_place_before_a_headline_colon_is_its_topic():
    assert _statements("Khartoum: Shelling kills 12 near the airport") == []
    assert source_of("Darfur: Militia kills 30 in village raid, witnesses say", 30)[0] == "witnesses"


def test_ruling_a_country_is_no_ruling():
    assert _statements("The general, 64, has ruled the country for 12 years.") == []
    assert [c for _, c in _statements("The tribunal ruled that the detentions were unlawful.")] == ["ruled"]
    assert [c for _, c in _statements("The court ruled against the ministry.")] == ["ruled"]


def test_an_estimate_at_a_number_is_the_estimators_figure():
    assert source_of("Local officials estimated the death toll at 85.", 85)[::3] == ("Local officials", "estimated")
    assert _statements("Local officials estimated the death toll at 85.") == []
