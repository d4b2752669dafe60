"""Title Case headlines are parsed in the case their article writes its words."""
import claimledger
from claimledger.extract.casing import body_casing, is_title_case, sentence_case

BODY = "More than 200 people were killed in clashes in eastern Congo, officials in Goma said on Monday."


def test_title_case_lines():
    assert is_title_case("Over 200 Killed In Clashes In Eastern Congo")
    assert not is_title_case("More than 200 people were killed in clashes in eastern Congo.")
    assert not is_title_case("Goma")  # too short to tell


def test_words_take_the_case_of_the_body_and_names_keep_theirs():
    text = "Over 200 Killed In Clashes In Eastern Congo\n\n" + BODY
    line = "Over 200 Killed In Clashes In Eastern Congo"
    got = sentence_case(line, body_casing(text))
    assert got == "Over 200 killed in clashes in eastern Congo"
    assert len(got) == len(line)


def test_a_word_the_body_lacks_is_lowered_only_when_it_is_a_known_word():
    got = sentence_case("Rebels Say Militia Abducted Kamwiziku Villagers", body_casing(""))
    assert got.split()[1] == "say" and got.split()[3] == "abducted"
    assert "Kamwiziku" in got


def test_a_headline_figure_is_read_and_its_evidence_keeps_the_headline_case():
    text = "Over 200 Killed In Clashes In Eastern Congo\n\n" + BODY
    figs = [c.to_dict() for c in claimledger.extract(text, published="2025-03-04") if c.kind == "figure"]
    head = [f for f in figs if f["evidence"]["start"] < 44]
    assert head and head[0]["metric"] == "killed" and head[0]["low"] == 200
    assert head[0]["evidence"]["text"].startswith("Over 200 Killed")


def test_a_headlines_numbers_are_read_in_sentence_case_and_keep_their_spans():
    text = "Russian Strike On Kharkiv Kills 5, Injures 30\n\nThe governor said the strike hit a school."
    figs = [c.to_dict() for c in claimledger.extract(text, published="2025-03-04") if c.kind == "figure"]
    assert [(f["metric"], f["value"]) for f in figs] == [("killed", 5), ("wounded", 30)]
    for f in figs:
        q = f["quantity_span"]
        assert text[q["start"]:q["end"]] == q["text"]
