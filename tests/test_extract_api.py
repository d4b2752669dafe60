"""The Python API and the spaCy component give the same claims, with sound spans."""
from datetime import date

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimledger
from claimledger.extract import load_nlp

SEED_PARA = (
    "Around 600 North Korean soldiers fighting alongside Russian forces in Ukraine have been killed, "
    "with thousands more wounded, according to a South Korean lawmaker briefed by the country's "
    "intelligence service."
)


def _check_spans(text, claims):
    for c in claims:
        d = c.to_dict()
        ev = d["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"]
        if d.get("content"):
            assert text[d["content"]["start"]:d["content"]["end"]] == d["content"]["text"]
        src = d["source"]
        if src.get("start") is not None:
            assert text[src["start"]:src["end"]] == src["text"]
        if d.get("cue_span"):
            assert d["cue_span"]["end"] > d["cue_span"]["start"]
        if d.get("quantity_span"):
            q = d["quantity_span"]
            assert text[q["start"]:q["end"]] == q["text"]


def test_extract_returns_claims():
    claims = claimledger.extract(SEED_PARA, published="2025-05-01")
    figs = [c for c in claims if c.kind == "figure"]
    assert [(c.metric, c.value, c.low, c.qualifier) for c in figs] == [
        ("killed", 600, None, "approximate"), ("wounded", None, 2000, "vague")]
    assert figs[0].subject.country == "KP"
    assert figs[0].source.text == "a South Korean lawmaker"
    assert figs[0].cue == "according to"
    assert figs[0].time.date == "2025-05-01" and figs[0].time.basis == "published"
    _check_spans(SEED_PARA, claims)


def test_extract_accepts_date_objects_and_none():
    a = claimledger.extract(SEED_PARA, published=date(2025, 5, 1))
    b = claimledger.extract(SEED_PARA)
    assert len(a) == len(b)
    assert b[0].time.date is None


def test_ids_are_stable():
    a = [c.id for c in claimledger.extract(SEED_PARA, published="2025-05-01")]
    b = [c.id for c in claimledger.extract(SEED_PARA, published="2025-05-01")]
    assert a == b and len(set(a)) == len(a)


def test_spacy_component_matches_library():
    nlp = load_nlp()
    nlp.add_pipe("claimledger", config={"published": "2025-05-01"})
    doc = nlp(SEED_PARA)
    comp = [(c.metric, c.value, c.low, c.cue, c.source.name) for c in doc._.claims]
    lib = [(c.metric, c.value, c.low, c.cue, c.source.name) for c in claimledger.extract(SEED_PARA, published="2025-05-01")]
    assert comp == lib


def test_sub_components_set_extensions():
    nlp = load_nlp()
    nlp.add_pipe("claimledger_quantities")
    nlp.add_pipe("claimledger_attributions")
    nlp.add_pipe("claimledger_figures")
    doc = nlp(SEED_PARA)
    assert [q.text for q in doc._.quantities][:2] == ["Around 600", "thousands"]
    assert doc._.attributions[0].cue == "according to"
    assert {f.metric for f in doc._.figures} == {"killed", "wounded"}


def test_not_text_is_a_clear_error():
    with pytest.raises(TypeError, match="str"):
        claimledger.extract(b"bytes")


text_strategy = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from([
        "Around 600 soldiers were killed", ", according to officials.", " 99999999999999999999999 ",
        "-5 ", "“", "\"", "He said", " at least 12 ", "between 50 and 60", "\n", "2023", "thousands",
        "of 1.2 million people", " ", ".", "Lee said ", "\u200b", "١٢٣", "½", "killed", "12,000,000,000,000,000 troops",
    ]), max_size=60).map("".join),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_extract_never_raises_and_spans_hold(text):
    claims = claimledger.extract(text, published="2025-05-01")
    _check_spans(text, claims)


def test_thousands_of_sentences_and_no_sentences():
    many = "Two soldiers were killed in the attack, officials said. " * 2000
    claims = claimledger.extract(many, published="2025-05-01")
    assert len([c for c in claims if c.kind == "figure"]) == 2000
    assert claimledger.extract("", published=None) == []
    assert claimledger.extract("no sentence here at all") == []


def test_cue_whose_object_is_only_punctuation():
    # a cue verb glued to the next sentence ("said.Two") leaves an object with no text
    text = ("He was released from hospital on Sunday, FOP Lodge No. 5 President John McNesby said.Two of the "
            "other victims - a female bartender and a customer - were wounded.")
    claims = claimledger.extract(text, published="2016-05-02")
    _check_spans(text, claims)
