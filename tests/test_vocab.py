"""The vocabulary loader keeps words as words."""
import yaml

from claimledger import vocab
from claimledger.vocab import _WordLoader


def test_on_off_yes_no_are_words_and_true_false_booleans():
    data = yaml.load("w: [on, off, yes, no, y, n, true, False, 3, 2.5, null]", Loader=_WordLoader)
    assert data["w"] == ["on", "off", "yes", "no", "y", "n", True, False, 3, 2.5, None]


def test_no_vocabulary_holds_a_boolean_where_a_word_belongs():
    preps = vocab.load("cues")["prepositions"]
    assert all(isinstance(w, str) for ws in preps.values() for w in ws)
    assert any("on" in ws for ws in preps.values())


def test_norway_keeps_its_code():
    # YAML 1.1 would read the key NO as False
    assert vocab.load("actors")["demonyms"]["NO"] == ["Norwegian"]
    from claimledger import extract

    (claim,) = [c for c in extract("At least 12 Norwegian soldiers were killed, officials said.",
                                   published="2025-01-01") if c.kind == "figure"]
    assert claim.subject.country == "NO"


def test_a_source_register_may_name_norway():
    from claimledger.reconcile import SourceRegister

    reg = SourceRegister.from_yaml("sources:\n  - name: Norwegian Armed Forces\n    reliability: B\n    country: NO\n")
    assert reg.lookup("Norwegian Armed Forces").country == "NO"
