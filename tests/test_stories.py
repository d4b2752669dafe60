"""Finding a page's story: hand-written noisy pages in the shapes real page dumps take."""
from claimledger.extract import extract
from claimledger.stories import in_story, main_story, stories
from claimledger.summary import summarize

NOISY = """Police News Links
Officer injured after cleaver attack
By Staff NEW YORK — A man with a meat cleaver hacked an officer in the face after a chase through ...

Two dead after shooting at Elm Street bar
Two men were killed and three other people were wounded in a shooting at a bar on Elm Street late Saturday, police said.
RELATED: Five shot, one killed in weekend violence across the city
Caption Mother charged with killing her 5 children The woman was arrested Friday.
Police said the gunman fled in a gray car and no arrests have been made.
Related Stories
Three people were killed in a crash on Route 9 on Friday night, police said.
"""


def test_main_story_starts_at_the_titled_headline():
    st = main_story(NOISY, title="Two dead after shooting at Elm Street bar - WXYZ News")
    assert st is not None
    assert NOISY[st.start:].startswith("Two dead after shooting")
    # the section of other stories after "Related Stories" is left out
    assert "Route 9" not in NOISY[st.start:st.end]


def test_links_and_captions_inside_the_story_are_furniture():
    st = main_story(NOISY, title="Two dead after shooting at Elm Street bar")
    assert not st.holds(NOISY.index("Five shot, one killed"))
    assert not st.holds(NOISY.index("Mother charged"))
    assert st.holds(NOISY.index("Police said the gunman"))


def test_summary_counts_only_the_story():
    claims = extract(NOISY, published="2016-04-24")
    whole = summarize(claims)["totals"]
    s = summarize(claims, text=NOISY, title="Two dead after shooting at Elm Street bar")
    assert s["totals"]["killed"] == 2 and s["totals"]["wounded"] == 3
    assert whole["killed"] > 2  # the page's other stories add their dead
    assert s["outside_story"]


def test_without_a_title_the_first_story_with_prose():
    text = ("Home\nNews\nSports\n* * *\nLocal News\nMan killed on Main Street\n"
            "A man was shot and killed on Main Street on Sunday, police said.\n")
    st = main_story(text)
    assert text[st.start:].startswith("Local News")
    assert st.holds(text.index("A man was shot"))


RELEASES = """Afghan, Coalition Forces Detain Insurgents in Kandahar
ISAF Joint Command - Afghanistan
2011-01-S-055
For Immediate Release

KABUL, Afghanistan (Jan. 5, 2011) - Afghan and coalition forces detained two suspected insurgents in Kandahar province yesterday.

UPDATE: ISAF Confirms Capture of Taliban Leader
ISAF Joint Command - Afghanistan
2011-01-S-092
KABUL, Afghanistan (Jan. 8, 2011) - ISAF confirmed that four more insurgents were detained in Kandahar province Jan. 5.
"""


def test_a_second_release_with_its_own_header_is_another_story():
    found = stories(RELEASES)
    assert len(found) == 2
    assert RELEASES[found[1].start:].startswith("UPDATE: ISAF Confirms")
    claims = extract(RELEASES, published="2011-01-05")
    inside, outside = in_story(claims, RELEASES)
    assert outside and all(c.evidence.start >= found[1].start for c in outside)
    assert summarize(claims, text=RELEASES)["totals"]["captured_or_detained"] == 2


def test_a_rule_before_an_earlier_version_of_the_story_does_not_cut():
    text = ("UPDATE: The coroner identified the teen killed Friday night.\n------\n"
            "ROCKFORD, Ill. (WIFR) -- A 14-year-old boy was killed and a 17-year-old was wounded Friday.\n")
    assert len(stories(text)) == 1
    # nor does a dateline right after the lede: the same story told again
    lede = "A man was shot in Spanish Fork on Thursday, police said.\n\nSPANISH FORK — A man was shot late Thursday at a home.\n"
    assert len(stories(lede)) == 1


def test_a_rule_before_a_new_headline_cuts():
    text = ("Man killed on Oak Street\nA man was killed on Oak Street on Monday, police said.\n* * *\n"
            "Other news\nWeather update\nRain is expected all week across the region, forecasters said.\n")
    assert len(stories(text)) == 2


def test_a_section_header_with_the_sites_name_cuts():
    page = ("Girl wounded on Pine Street\n"
            "A 9-year-old girl was wounded by a stray bullet on Pine Street on Tuesday, police said.\n"
            "More stories you may like on WKXT\n"
            "Two people were killed in a house fire on Lake Road on Monday, firefighters said.\n")
    st = main_story(page, title="Girl wounded on Pine Street")
    assert "Lake Road" not in page[st.start:st.end]
    s = summarize(extract(page, published="2016-04-24"), text=page, title="Girl wounded on Pine Street")
    assert s["totals"]["killed"] == 0


def test_a_headline_ending_on_a_place_is_no_section_header():
    page = ("Shots fired on Friday at home\n"
            "A man was wounded when shots were fired at his home on Friday, police said in a statement.\n")
    assert len(stories(page)) == 1
