"""The scorers' own logic, on small hand-made gold / prediction pairs (no corpora,
no extractor): span matching, alignment, accuracy, error listings, the dispatcher."""
import json

import pytest

from claimledger import evaluate as ev
from claimledger.evaluate import common, gva, isaf, polnear, seed
from claimledger.model import Claim, Source, Span, Subject

# --- spans ---------------------------------------------------------------------

TEXT = 'The New York Post reports that "Clinton was taken home," sources said.'
#       0123456789012345678901234567890123456789012345678901234567890123456789


def test_trim_drops_whitespace_and_edge_punctuation():
    s = TEXT.index('"Clinton')
    e = TEXT.index('home,"') + len('home,"')
    assert TEXT[slice(*common.trim(TEXT, s, e))] == "Clinton was taken home"


def test_exact_match():
    src = (0, 17)  # The New York Post
    assert common.exact_match(TEXT, (0, 17), [src])
    assert common.exact_match(TEXT, (0, 18), [src])  # a trailing space is trimmed
    assert not common.exact_match(TEXT, (4, 17), [src])  # "New York Post": not exact
    # discontinuous gold: one piece or the whole stretch matches, a part of a piece does not
    pieces = [(0, 3), (4, 8)]
    assert common.exact_match(TEXT, (4, 8), pieces)
    assert common.exact_match(TEXT, (0, 8), pieces)
    assert not common.exact_match(TEXT, (5, 8), pieces)


def test_overlap_match():
    src = (0, 17)
    assert common.overlap_match(TEXT, (4, 17), [src])
    assert common.overlap_match(TEXT, (16, 30), [src])  # shares the final "t"
    assert not common.overlap_match(TEXT, (17, 25), [src])  # touches, shares nothing
    # a shared space or quote mark is no overlap
    q = TEXT.index('"Clinton')
    assert not common.overlap_match(TEXT, (q - 1, q + 1), [(q, q + 20)])  # ' "' against '"Clinton …' 


def test_prf_and_pct():
    assert common.prf(8, 10, 16) == (80.0, 50.0, 61.5)
    assert common.prf(0, 0, 5) == (None, 0.0, None)
    assert common.pct(1, 3) == 33.3
    assert common.pct(1, 0) is None


# --- PolNeAR relations -----------------------------------------------------------

def _rel(src=None, cue=None, content=None):
    return polnear.Relation(source=[src] if src else [], cue=[cue] if cue else [], content=[content] if content else [])


def _spans(text, *words):
    out = []
    for w in words:
        i = text.index(w)
        out.append((i, i + len(w)))
    return out


def test_polnear_exact_vs_overlap():
    text = TEXT
    g_src, g_cue, g_con = _spans(text, "The New York Post", "reports", 'that "Clinton was taken home,"')
    gold = [_rel(g_src, g_cue, g_con)]
    p_src, p_cue, p_con = _spans(text, "New York Post", "reports", "Clinton was taken home")
    pred = [_rel(p_src, p_cue, p_con)]
    counts, pairs = polnear.score_document(text, pred, gold, "exact")
    assert counts["cue"] == (1, 1, 1)
    assert counts["source"] == (0, 1, 1)  # "New York Post" is not "The New York Post"
    assert counts["content"] == (0, 1, 1)  # the gold content starts with "that"
    counts, _ = polnear.score_document(text, pred, gold, "overlap")
    assert counts == {"source": (1, 1, 1), "cue": (1, 1, 1), "content": (1, 1, 1)}


def test_polnear_same_relation_required():
    text = "Smith said the plan failed. Jones said it worked."
    g1 = _rel(*_spans(text, "Smith", "said", "the plan failed"))
    g2 = _rel(*_spans(text, "Jones", "said it", "it worked"))
    g2.cue = [(text.index("said it"), text.index("said it") + 4)]
    g2.content = [_spans(text, "it worked")[0]]
    # the source of g1 with the cue and content of g2: only cue and content count
    p = _rel(_spans(text, "Smith")[0], g2.cue[0], g2.content[0])
    counts, pairs = polnear.score_document(text, [p], [g1, g2], "exact")
    assert counts["source"] == (0, 1, 2)
    assert counts["cue"] == (1, 1, 2) and counts["content"] == (1, 1, 2)
    # a source alone does not make two attributions the same
    lone = _rel(_spans(text, "Smith")[0], None, None)
    counts, pairs = polnear.score_document(text, [lone], [g1], "overlap")
    assert pairs == [] and counts["source"] == (0, 1, 1)


def test_polnear_alignment_is_one_to_one():
    text = "Smith said the plan failed and the team left."
    g = _rel(*_spans(text, "Smith", "said", "the plan failed and the team left"))
    p1 = _rel(*_spans(text, "Smith", "said", "the plan failed"))
    p2 = _rel(*_spans(text, "Smith", "said", "the team left"))
    counts, pairs = polnear.score_document(text, [p1, p2], [g], "overlap")
    assert len(pairs) == 1
    assert counts["cue"] == (1, 2, 1)


def _claim(kind, text, *, cue=None, source=None, content=None, evidence=None, cid=None):
    def sp(w):
        if w is None:
            return None
        i = text.index(w)
        return Span(i, i + len(w), w)
    s = sp(source)
    c = Claim(kind=kind, evidence=sp(evidence or content or text), cue=cue, cue_span=sp(cue),
              content=sp(content) if kind == "statement" else None,
              source=Source(text=source, start=s.start if s else None, end=s.end if s else None))
    c.id = cid
    return c


def test_relations_from_claims():
    text = "Officials said 3 people were killed and 5 were wounded. Rain is reportedly likely."
    a = _claim("figure", text, cue="said", source="Officials", evidence="3 people were killed")
    b = _claim("figure", text, cue="said", source="Officials", evidence="5 were wounded")
    h = _claim("statement", text, content="Rain is reportedly likely")  # no cue: not an attribution
    rels = polnear.relations_from_claims([a, b, h])
    assert len(rels) == 1
    r = rels[0]
    assert text[slice(*r.source[0])] == "Officials"
    assert text[slice(*r.content[0])] == "3 people were killed and 5 were wounded"


def test_polnear_score_on_a_tiny_corpus(tmp_path, monkeypatch):
    text = "Smith said the plan failed. Jones claimed it worked."
    gs = lambda w: {"start": text.index(w), "end": text.index(w) + len(w), "text": w}  # noqa: E731
    rec = {"id": "d1", "text": text, "gold": {"annotation_sets": [
        {"annotator": "a", "flags": [], "attributions": [
            {"id": "E1", "type": "Attribution", "source": [gs("Smith")], "cue": [gs("said")],
             "content": [gs("the plan failed")]},
            {"id": "E2", "type": "Attribution", "source": [gs("Jones")], "cue": [gs("claimed")],
             "content": [gs("it worked")]}]}]}}
    path = tmp_path / "polnear_dev.jsonl"
    path.write_text(json.dumps(rec) + "\n")
    pred = [_claim("statement", text, cue="said", source="Smith", content="the plan failed")]
    monkeypatch.setattr(polnear, "extract_all", lambda docs, progress=None, label=None: [(d, pred) for d in docs])
    r = polnear.score(path=path, errors=True)
    m = r["metrics"]
    assert m["cue_exact_p"] == 100.0 and m["cue_exact_r"] == 50.0 and m["cue_exact_f1"] == 66.7
    misses = [e for e in r["errors"] if e["kind"] == "miss"]
    assert len(misses) == 1 and misses[0]["gold"]["cue"] == "claimed" and misses[0]["document"] == "d1"


# --- ISAF and GVA: accuracy of the summary --------------------------------------------

def _fig(metric, value, text, word, qualifier="exact"):
    i = text.index(word)
    c = Claim(kind="figure", evidence=Span(i, i + len(word), word), metric=metric, value=value, qualifier=qualifier,
              quantity=Span(i, i + len(word.split()[0]), word.split()[0]), subject=Subject())
    c.id = f"{metric}{i}"
    return c


def test_isaf_accuracy_and_errors(tmp_path, monkeypatch):
    recs = [
        {"id": "r1", "text": "Forces killed two insurgents and detained three suspects.",
         "gold": {"min_killed": 2, "min_captured": 3, "start_date": "2011-01-01", "province": ["helmand"]}},
        {"id": "r2", "text": "Forces detained four suspects.",
         "gold": {"min_killed": 0, "min_captured": 5, "start_date": "2011-01-02", "province": ["??"]}},
    ]
    path = tmp_path / "isaf_dev.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs))
    preds = {
        "r1": [_fig("killed", 2, recs[0]["text"], "two insurgents"), _fig("detained", 3, recs[0]["text"], "three suspects")],
        "r2": [_fig("detained", 4, recs[1]["text"], "four suspects")],
    }
    monkeypatch.setattr(isaf, "extract_all", lambda docs, progress=None, label=None: [(d, preds[d.ref]) for d in docs])
    monkeypatch.setattr(isaf, "predicted_provinces", lambda text, s: frozenset({"helmand"}))
    r = isaf.score(path=path, errors=True)
    assert r["metrics"]["killed_exact"] == 100.0
    assert r["metrics"]["captured_exact"] == 50.0
    assert r["metrics"]["province_exact"] == 100.0  # "??" is not scored
    assert r["counts"]["province_scored"] == 1
    err = [e for e in r["errors"] if e["field"] == "captured"]
    assert err == [{**err[0], "document": "r2", "gold": 5, "predicted": 4, "kind": "miss"}]
    assert err[0]["counted"] == [("four suspects", 4)]


def test_isaf_provinces_fold_spellings():
    assert isaf.norm_province("Paktiya province") == "paktia"
    assert isaf.norm_province("paktya") == "paktia"
    assert isaf.norm_province("Sar-e Pul") == "sar-e pul"
    assert isaf.norm_province("??") is None
    assert isaf.gold_provinces({"province": ["kunar;nuristan"]}) == frozenset({"kunar", "nuristan"})
    assert isaf.gold_provinces({"province": [""]}) is None


def test_gva_injured_is_wounded(tmp_path, monkeypatch):
    text = "Four people were shot, one fatally."
    rec = {"id": "g1", "text": text, "dct": "2014-01-02", "gold": {"num_killed": 1, "num_injured": 3}}
    path = tmp_path / "gva_dev.jsonl"
    path.write_text(json.dumps(rec) + "\n")
    claims = [_fig("casualties", 4, text, "Four people were shot"), _fig("killed", 1, text, "one fatally")]
    monkeypatch.setattr(gva, "extract_all", lambda docs, progress=None, label=None: [(d, claims) for d in docs])
    r = gva.score(path=path, errors=True)
    assert r["metrics"] == {"killed_exact": 100.0, "injured_exact": 100.0, "both_exact": 100.0}
    r = gva.score(path=path, errors=True, derive_wounded=False)
    assert r["metrics"]["injured_exact"] == 0.0
    (e,) = r["errors"]
    assert (e["field"], e["gold"], e["predicted"], e["kind"]) == ("injured", 3, 0, "miss")


# --- the seed ------------------------------------------------------------------------

def _gold_fig(fid, metric, value, start, end, **kw):
    g = {"id": fid, "metric": metric, "value": value, "low": None, "high": None, "qualifier": "exact",
         "subject": {"text": "x", "actor": None, "country": None}, "source": {"name": "Lee", "aliases": ["he"],
                                                                              "type": "person"},
         "cue": "said", "via": [], "hedges": [], "evidence": {"start": start, "end": end, "text": ""}}
    g.update(kw)
    return g


def _pred_fig(pid, metric, value, start, end, **kw):
    p = {"id": pid, "kind": "figure", "metric": metric, "value": value, "low": None, "high": None,
         "qualifier": "exact", "part_of": None, "subject": {"text": "x", "actor": None, "country": None},
         "location": {}, "time": {}, "source": {"name": "he", "type": "person"}, "cue": "said", "via": [],
         "hedges": [], "evidence": {"start": start, "end": end, "text": ""}, "quantity_span": {"text": str(value)}}
    p.update(kw)
    return p


def test_seed_field_by_field():
    gold = {"figures": [_gold_fig("F1", "killed", 600, 0, 50), _gold_fig("F2", "wounded", 10, 60, 80)],
            "statements": [{"id": "S1", "source": {"name": "NIS", "type": "organization"}, "cue": "confirmed",
                            "content": {"start": 100, "end": 120, "text": "t"}}],
            "not_figures": ["2023"]}
    preds = [
        _pred_fig("a", "killed", 600, 0, 50),
        _pred_fig("b", "wounded", 12, 55, 70, cue="stated"),  # found, two fields wrong
        _pred_fig("c", "killed", 2023, 200, 210),  # spurious, and a not-figure
        {"id": "s", "kind": "statement", "cue": "confirmed", "source": {"name": "NIS", "type": "organization"},
         "content": {"start": 100, "end": 118, "text": "t"}},
    ]
    r = seed.score_records(gold, preds, errors=True)
    m = r["metrics"]
    assert m["figures_found"] == 100.0
    assert m["figures_precision"] == 66.7
    assert m["figure.value"] == 50.0 and m["figure.cue"] == 50.0 and m["figure.source"] == 100.0
    assert m["statement.content"] == 0.0 and m["statement.cue"] == 100.0
    assert r["counts"]["spurious_figures"] == 1 and r["counts"]["not_figures_read_as_figures"] == 1
    wrong = {(e["item"], e["field"]): (e["gold"], e["predicted"]) for e in r["errors"] if e["kind"] == "wrong"}
    assert wrong[("F2", "figure.value")] == (10, 12)
    assert wrong[("F2", "figure.cue")] == ("said", "stated")
    assert any(e["kind"] == "spurious" and "2023" in e["predicted"] for e in r["errors"])


def test_seed_missed_figure_is_wrong_in_every_field():
    gold = {"figures": [_gold_fig("F1", "killed", 600, 0, 50)], "statements": []}
    r = seed.score_records(gold, [_pred_fig("a", "wounded", 600, 0, 50)], errors=True)  # other metric: no match
    assert r["metrics"]["figures_found"] == 0.0
    assert r["metrics"]["figure.value"] == 0.0
    assert any(e["kind"] == "miss" and e["item"] == "F1" for e in r["errors"])


# --- the dispatcher and the report ----------------------------------------------------

def test_unknown_corpus_and_held_out_split():
    with pytest.raises(ValueError, match="unknown corpus"):
        ev.evaluate("nope")
    with pytest.raises(ValueError, match="held out"):
        ev.evaluate("isaf", split="test")


def test_missing_corpora_names_the_path(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMLEDGER_CORPORA", str(tmp_path))
    with pytest.raises(common.CorpusNotFound, match=str(tmp_path / "isaf" / "isaf_dev.jsonl")):
        ev.evaluate("isaf")
    monkeypatch.setenv("CLAIMLEDGER_CORPORA", str(tmp_path / "absent"))
    with pytest.raises(common.CorpusNotFound, match="absent"):
        common.corpora_dir()


def test_format_report():
    r = {"corpus": "polnear", "split": "dev", "documents": 2, "seconds": 1.5,
         "metrics": {"cue_exact_p": 50.0, "cue_exact_r": 25.0, "cue_exact_f1": 33.3, "extra": 10.0},
         "errors": [{"document": "d1", "kind": "miss", "gold": {"cue": "said"}, "predicted": None,
                     "snippet": "Smith said"}]}
    out = ev.format_report(r)
    assert "polnear (dev): 2 documents" in out
    assert "cue_exact" in out and "33.3" in out and "extra" in out
    assert "[miss] d1" in out and "«Smith said»" in out
    # the newsquant shape: value/value_qualifier blocks and peers by tool
    nq = ev._normalize_prf_result({"value": {"p": 94.12, "r": 96.8, "f1": 95.43}, "value_qualifier": {"p": 1, "r": 2, "f1": 3},
                                   "peers": {"quantulum3": {"value": {"p": 67.5, "r": 83.3, "f1": 74.6},
                                                            "words_per_second": 9000}},
                                   "errors": [{"id": "n1", "kind": "miss", "sentence": "x"}], "documents": 1})
    assert nq["metrics"]["value_f1"] == 95.4
    assert [row["tool"] for row in nq["peers"]] == ["claimledger", "quantulum3"]
    assert nq["errors"][0]["document"] == "n1"
    assert "quantulum3" in ev.format_report(nq)


def test_progress_callbacks_of_one_or_two_arguments():
    pairs, msgs = [], []
    rep = common.reporter(lambda done, total: pairs.append((done, total)), "isaf", 120)
    for i in range(1, 121):
        rep(i)
    assert pairs[0] == (1, 120) and pairs[-1] == (120, 120) and len(pairs) == 120
    rep = common.reporter(msgs.append, "isaf", 120)
    for i in range(1, 121):
        rep(i)
    assert msgs == ["isaf: 50/120 documents", "isaf: 100/120 documents", "isaf: 120/120 documents"]
