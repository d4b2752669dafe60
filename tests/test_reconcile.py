"""Reconciliation checked exactly on a hand-made ledger (tests/story.py) in a real SQLite file:
figures, restatements, timelines, best / low / high, corroboration, contradiction, denial, grades."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from claimledger import api
from claimledger.cli import app
from claimledger.ledger import Ledger
from claimledger.reconcile import (
    Rules,
    SourceRegister,
    estimate,
    load_register,
    reconcile_ledger,
    stix_confidence,
)
from claimledger.reconcile.corroboration import content_words

from story import build_ledger


@pytest.fixture(scope="module")
def story_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("story") / "ledger.db"
    docs, claims = build_ledger(str(path))
    return str(path), docs, claims


@pytest.fixture(scope="module")
def rec(story_db):
    with Ledger(story_db[0]) as ledger:
        return reconcile_ledger(ledger)


def _fig(rec, metric, actor="North Korea"):
    found = [f for f in rec.figures if f.metric == metric and f.actor == actor]
    assert len(found) == 1, [f.label for f in rec.figures]
    return found[0]


def _by_value(fig):
    return {p.value: p for p in fig.points}


def test_figures_group_by_metric_and_actor(rec):
    labels = sorted(f.label for f in rec.figures)
    assert labels == ["North Korea: casualties", "North Korea: killed", "North Korea: wounded", "Russia: killed"]
    killed = _fig(rec, "killed")
    assert killed.country == "KP" and killed.place == "UA" and killed.scope == "actor"
    # 8 reports of North Korean killed -> 5 underlying claims, 7 outlets (Yonhap counted per article)
    assert len(killed.claims) == 7
    assert [(p.date, p.value) for p in killed.points] == [
        ("2024-12-19", 100), ("2025-01-13", 300), ("2025-01-15", 1000), ("2025-04-30", 600), ("2025-05-02", 620)]


def test_restatements_count_once_and_keep_every_outlet(rec):
    pts = _by_value(_fig(rec, "killed"))
    dec = pts[100]
    assert [o.name for o in dec.outlets] == ["Yonhap", "Reuters"]
    assert [o.published for o in dec.outlets] == ["2024-12-19", "2024-12-20"]
    assert len(dec.claim_ids) == 2 and dec.chain_text() == "Lee Seong-kweun via National Intelligence Service"
    apr = pts[600]
    # The Guardian's "South Korea's spy agency" is the NIS of the register: same origin, same value, a day later
    assert [o.name for o in apr.outlets] == ["Yonhap", "The Guardian"]
    assert apr.origin == "National Intelligence Service"
    assert "a restatement is not a corroboration" in apr.grade.credibility_reason


def test_timeline_is_a_rising_curve_not_rivals(rec):
    killed = _fig(rec, "killed")
    # December, January and April are different periods: no relation across them
    for r in killed.relations:
        assert r.days is not None and r.days <= 14
    assert [(h.period_end, h.best_value) for h in killed.history] == [
        ("2024-12-19", 100), ("2025-01-15", 300), ("2025-05-02", 600)]


def test_best_low_high_latest(rec):
    e = _fig(rec, "killed").estimate
    assert (e.best_value, e.low, e.high) == (600, 600, 620)
    assert e.best.chain_text() == "Lee Seong-kweun via National Intelligence Service"  # unhedged beats "estimated"
    assert (e.period_start, e.period_end) == ("2025-04-18", "2025-05-02")
    assert e.reliable_only is True
    assert e.low_point.value == 600 and e.high_point.value == 620


def test_best_low_high_as_of_earlier_dates(story_db):
    with Ledger(story_db[0]) as ledger:
        jan = reconcile_ledger(ledger, as_of="2025-01-31")
        dec = reconcile_ledger(ledger, as_of="2024-12-31")
    e = _fig(jan, "killed").estimate
    assert (e.as_of, e.best_value, e.low, e.high) == ("2025-01-31", 300, 300, 1000)
    assert e.best.source == "Lee Seong-kweun" and e.high_point.source == "Defence Intelligence of Ukraine"
    e = _fig(dec, "killed").estimate
    assert (e.best_value, e.low, e.high) == (100, 100, 100)
    # claims after the date are unknown then
    assert [p.value for p in _fig(dec, "killed").points] == [100]


def test_rule_is_configurable(story_db):
    with Ledger(story_db[0]) as ledger:
        strict = reconcile_ledger(ledger, as_of="2025-01-31", rules=Rules(reliable=("A", "B")))
        recent = reconcile_ledger(ledger, rules=Rules(best_order=("recency", "reliability", "hedges")))
    e = _fig(strict, "killed").estimate
    assert (e.best_value, e.low, e.high) == (300, 300, 300)  # HUR (C) is no longer "reliable"
    assert _fig(recent, "killed").estimate.best_value == 620
    with pytest.raises(ValueError):
        Rules(best_order=("loudness",))


def test_corroboration_and_contradiction(rec):
    killed = _fig(rec, "killed")
    pts = _by_value(killed)
    cor = killed.corroborations()
    assert [(r.a.value, r.b.value) for r in cor] == [(600, 620)]
    contra = [r for r in killed.contradictions() if r.kind == "contradicts"]
    assert [(r.a.value, r.b.value) for r in contra] == [(300, 1000)]
    assert pts[600].corroborated_by == [pts[620].id]
    assert pts[300].contradicted_by == [pts[1000].id]
    # restated 100 is corroborated by nobody: Reuters relays the same NIS claim
    assert pts[100].corroborated_by == [] and pts[100].contradicted_by == []


def test_denial_contradicts_what_it_denies(rec):
    killed = _fig(rec, "killed")
    pts = _by_value(killed)
    [denial] = [s for s in rec.statements if s.first.claim.denial]
    assert denial.source == "Government of Russia"  # "Kremlin" is an alias in the register
    denied = sorted(r.b.value for r in rec.denials)
    assert denied == [600, 620]  # same period only: the January and December claims are not denied
    assert denial.id in pts[600].contradicted_by and denial.id in pts[620].contradicted_by
    assert sorted(denial.contradicted_by) == sorted([pts[600].id, pts[620].id])


def test_grades_exact(rec):
    pts = _by_value(_fig(rec, "killed"))
    codes = {v: (p.grade.code, p.grade.confidence) for v, p in pts.items()}
    assert codes == {100: ("B3", 50), 300: ("B4", 30), 1000: ("C5", 10), 600: ("B3", 50), 620: ("B3", 50)}
    [denial] = [s for s in rec.statements if s.first.claim.denial]
    assert (denial.grade.code, denial.grade.confidence) == ("D5", 10)
    g = pts[1000].grade
    assert g.reliability_reason.startswith("C: Defence Intelligence of Ukraine is C in the register")
    assert g.credibility_reason.startswith("5 (improbable): contradicted by Lee Seong-kweun via National "
                                           "Intelligence Service (about 300, 2025-01-13)")
    assert pts[300].grade.credibility_reason.startswith("4 (doubtful): contradicted by Defence Intelligence of Ukraine")
    assert "corroborated by" in pts[600].grade.credibility_reason and "but contradicted by" in pts[600].grade.credibility_reason
    assert "weakest link" not in pts[600].grade.reliability_reason  # Lee is not in the register, NIS is
    assert "Lee Seong-kweun not in the register" in pts[600].grade.reliability_reason
    russia = _fig(rec, "killed", "Russia")
    assert russia.points[0].grade.code == "D3"  # alone, unhedged, a party to the war


def test_via_stated_once_applies_to_the_sources_other_claims(rec):
    wounded = _fig(rec, "wounded")
    p = wounded.points[0]
    assert p.via == ["National Intelligence Service"] and p.best_report.via_inherited
    assert p.grade.reliability == "B"


def test_stix_mapping():
    assert [stix_confidence(c) for c in range(1, 7)] == [90, 70, 50, 30, 10, None]


def test_register_lookup_and_defaults(tmp_path):
    reg = load_register()
    assert reg.lookup("NIS").name == "National Intelligence Service"
    assert reg.lookup("South Korea's National Intelligence Service").reliability == "B"
    assert reg.lookup("the Kremlin").name == "Government of Russia"
    assert reg.lookup("ISAF Joint Command").reliability == "B"
    assert reg.lookup("Some Blogger") is None
    assert reg.grade_chain([("Some Blogger", "source")]).letter == "F"
    g = reg.grade_chain([("TASS", "source"), ("NIS", "via")])
    assert g.letter == "D" and "weakest link" in g.reason
    for e in reg.entries:
        assert e.reliability in "ABCDEF" and e.notes, e.name
    own = tmp_path / "reg.yaml"
    own.write_text("default: F\nsources:\n  - name: Lee Seong-kweun\n    reliability: A\n    type: person\n"
                   "    notes: trusted\n")
    assert SourceRegister.load(own).lookup("Lee Seong-kweun").reliability == "A"
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - name: X\n    reliability: Z\n")
    with pytest.raises(ValueError):
        SourceRegister.load(bad)


def test_analyst_register_changes_grades(story_db, tmp_path):
    own = tmp_path / "reg.yaml"
    own.write_text("sources:\n  - name: Defence Intelligence of Ukraine\n    aliases: [HUR]\n    reliability: A\n"
                   "    notes: test\n  - name: National Intelligence Service\n    aliases: [NIS, South Korea's spy agency]\n"
                   "    reliability: C\n    notes: test\n")
    rec = api.reconcile(story_db[0], as_of="2025-01-31", register=str(own))
    pts = _by_value(_fig(rec, "killed"))
    assert pts[1000].grade.code == "A4" and pts[300].grade.code == "C5"
    assert _fig(rec, "killed").estimate.best_value == 1000


def test_content_words():
    assert content_words("The Kremlin denied that North Korean soldiers had been killed") == \
        {"kremlin", "north", "korean", "soldier", "killed"}


def test_estimate_of_nothing():
    assert estimate([], Rules()) is None


def test_cli_figures_and_sources(story_db):
    db = story_db[0]
    runner = CliRunner()
    res = runner.invoke(app, ["figures", "--db", db, "--metric", "killed", "--actor", "KP", "--format", "json"])
    assert res.exit_code == 0, res.output
    [fig] = json.loads(res.stdout)
    assert fig["estimate"]["best"] == 600 and fig["estimate"]["low"] == 600 and fig["estimate"]["high"] == 620
    assert [p["value"] for p in fig["timeline"]] == [100, 300, 1000, 600, 620]
    assert fig["timeline"][0]["grade"]["code"] == "B3"
    assert len(fig["corroborations"]) == 1 and len(fig["contradictions"]) == 3
    res = runner.invoke(app, ["figures", "--db", db, "--as-of", "2025-01-31"])
    assert res.exit_code == 0 and "North Korea: killed" in res.stdout
    res = runner.invoke(app, ["figures", "--db", db, "--as-of", "January"])
    assert res.exit_code != 0
    res = runner.invoke(app, ["sources", "--db", db, "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    by = {r["name"]: r for r in data["sources"]}
    assert by["National Intelligence Service"]["as_via"] == 4 and by["National Intelligence Service"]["as_source"] == 1
    assert by["Government of Russia"]["as_source"] == 1
    assert {r["name"] for r in data["unregistered"]} >= {"Lee Seong-kweun"}
    res = runner.invoke(app, ["sources", "--db", db])
    assert res.exit_code == 0 and "National Intelligence Service" in res.stdout


def test_api_twins(story_db):
    figs = api.figures(story_db[0], metric="killed", actor="North Korea")
    assert [f.estimate.best_value for f in figs] == [600]
    assert api.figures(story_db[0], topic="Kursk")[0].label == "North Korea: killed"
    src = api.sources(story_db[0])
    assert src["default"] == "F"


def test_seed_article_alone_yields_its_figures(tmp_path):
    """The seed article, extracted for real: killed 600, casualties 4,700, deployed 18,000,
    repatriated 2,000, each citing MP Lee Seong-kweun via the NIS."""
    from pathlib import Path

    import claimledger

    examples = Path(claimledger.__file__).parent / "data" / "examples" / "articles.jsonl"
    seed = json.loads(examples.read_text(encoding="utf-8").splitlines()[0])
    assert seed["id"].startswith("seed-")
    src = tmp_path / "seed.jsonl"
    src.write_text(json.dumps(seed) + "\n", encoding="utf-8")
    db = str(tmp_path / "seed.db")
    api.ingest([str(src)], db=db)
    rec = api.reconcile(db)
    got = {}
    for f in rec.select(actor="KP"):
        e = f.estimate
        got[f.metric] = (e.best_value, e.best.source, e.best.via)
    for metric, value in (("killed", 600), ("casualties", 4700), ("deployed", 18000), ("repatriated", 2000)):
        assert got[metric] == (value, "Lee Seong-kweun", ["National Intelligence Service"]), (metric, got)
    killed = rec.select(metric="killed", actor="KP")[0]
    assert len(killed.points) == 1 and len(killed.claims) == 2  # "around 600" and "around 600 deaths": one claim


def test_same_answers_on_every_backend(ledger_url):
    """The reconciliation reads through the Ledger API only: SQLite and PostgreSQL agree."""
    build_ledger(ledger_url)
    with Ledger(ledger_url) as ledger:
        r = reconcile_ledger(ledger)
    killed = _fig(r, "killed")
    assert (killed.estimate.best_value, killed.estimate.low, killed.estimate.high) == (600, 600, 620)
    assert [p.grade.code for p in killed.points] == ["B3", "B4", "C5", "B3", "B3"]
