"""Reconciliation end to end: fictional wire reports (tests/data/wire_reports.jsonl) go through REAL
extraction into a SQLite ledger (``api.ingest``), then figures, restatements, timelines, best / low /
high, corroboration, contradiction, denial and grades are checked exactly (issue 5, "What must show").

The story (outlets and cyclone invented; 2031): floods in central Mozambique, reported over three
months by four outlets relaying five sources.

| date (claim) | outlet              | source (chain)                           | claim                                     |
|--------------|---------------------|------------------------------------------|-------------------------------------------|
| 2031-01-09   | Meridian Wire       | INGD (disaster agency)                   | about 120 Mozambicans killed; 40,000 displaced |
| 2031-01-09   | Coastline Press     | "Mozambique's disaster agency" (= INGD)  | about 120 killed (restatement)            |
| 2031-01-11   | Equator News Agency | Malawi's Dept of Disaster Management     | about 30 Malawians killed (another actor) |
| 2031-02-12   | Meridian Wire       | INGD                                     | about 350 killed; 140,000 displaced       |
| 2031-02-13   | Equator News Agency | UN OCHA                                  | about 150,000 displaced (corroborates)    |
| 2031-02-14   | Harbour Daily       | Mozambique Red Cross                     | about 900 killed (contradicts the 350)    |
| 2031-03-20   | Meridian Wire       | INGD                                     | around 610 killed                         |
| 2031-03-21   | Southern Courier    | a lawmaker via "the country's disaster agency" | around 610 killed (restatement)     |
| 2031-03-22   | Equator News Agency | UN OCHA, "an estimated"                  | 640 killed (corroborates the 610)         |
| 2031-03-22   | Harbour Daily       | Sofala's provincial government           | *denied* that Mozambicans had been killed |

Register (written here): INGD B, OCHA B, Red Cross C, Sofala provincial government D; Malawi's
department is not in it (F).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from claimledger import api
from claimledger.reconcile import Rules

DATA = Path(__file__).parent / "data" / "wire_reports.jsonl"

REGISTER = """\
default: F
sources:
  - name: National Institute for Disaster Risk Management
    aliases: [INGD, Mozambique's disaster agency, the country's disaster agency]
    type: government
    country: MZ
    reliability: B
    notes: Mozambique's disaster management agency; its tolls have been borne out by later counts.
  - name: UN Office for the Coordination of Humanitarian Affairs
    aliases: [OCHA, UN humanitarian office]
    type: organization
    reliability: B
    notes: UN humanitarian coordination; compiles figures from agencies on the ground.
  - name: Mozambique Red Cross
    aliases: [Red Cross]
    type: organization
    country: MZ
    reliability: C
    notes: Volunteers in the field; early tolls include the missing.
  - name: Sofala Provincial Government
    aliases: [Sofala's provincial government]
    type: government
    country: MZ
    reliability: D
    notes: Accountable for the flood response; an interested party.
"""

INGD = "National Institute for Disaster Risk Management"
OCHA = "UN Office for the Coordination of Humanitarian Affairs"


@pytest.fixture(scope="module")
def wire(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wire")
    db = str(tmp / "ledger.db")
    reg = tmp / "register.yaml"
    reg.write_text(REGISTER, encoding="utf-8")
    report = api.ingest([str(DATA)], db=db)
    return db, str(reg), report


@pytest.fixture(scope="module")
def rec(wire):
    db, reg, _ = wire
    return api.reconcile(db, register=reg)


def _fig(rec, metric, actor="Mozambique"):
    found = [f for f in rec.figures if f.metric == metric and f.actor == actor]
    assert len(found) == 1, [f.label for f in rec.figures]
    return found[0]


def _by_value(fig):
    return {p.value: p for p in fig.points}


def test_ingest_reads_every_report(wire):
    report = wire[2]
    assert report.ok and report.documents_new == 10 and report.documents_failed == 0
    # 9 figure claims + 1 denial; no stray statements from the background sentences
    assert report.claims_added == 12
    claims = api.claims(wire[0])
    assert sorted((c.kind, c.metric, c.value) for c in claims if c.kind == "figure") == [
        ("figure", "displaced", 40000), ("figure", "displaced", 140000), ("figure", "displaced", 150000),
        ("figure", "killed", 30), ("figure", "killed", 120), ("figure", "killed", 120),
        ("figure", "killed", 350), ("figure", "killed", 610), ("figure", "killed", 610),
        ("figure", "killed", 640), ("figure", "killed", 900)]
    [denial] = [c for c in claims if c.kind == "statement"]
    assert denial.denial is True and denial.cue == "denied"


def test_figures_group_by_metric_and_actor(rec):
    assert sorted(f.label for f in rec.figures) == ["Malawi: killed", "Mozambique: displaced", "Mozambique: killed"]
    killed = _fig(rec, "killed")
    assert (killed.country, killed.place, killed.scope) == ("MZ", "MZ", "actor")
    assert len(killed.claims) == 7  # 7 reports -> 5 underlying claims
    assert [(p.date, p.value) for p in killed.points] == [
        ("2031-01-09", 120), ("2031-02-12", 350), ("2031-02-14", 900), ("2031-03-20", 610), ("2031-03-22", 640)]
    displaced = _fig(rec, "displaced")
    assert len(displaced.claims) == 3
    assert [(p.date, p.value) for p in displaced.points] == [
        ("2031-01-09", 40000), ("2031-02-12", 140000), ("2031-02-13", 150000)]
    malawi = _fig(rec, "killed", "Malawi")
    assert malawi.place == "MW" and [(p.date, p.value) for p in malawi.points] == [("2031-01-11", 30)]


def test_restatements_count_once_and_keep_every_outlet(rec):
    pts = _by_value(_fig(rec, "killed"))
    jan = pts[120]
    # "Mozambique's disaster agency" is INGD in the register: same origin, same value, "on Thursday" = Jan 9
    assert [o.name for o in jan.outlets] == ["Meridian Wire", "Coastline Press"]
    assert [o.published for o in jan.outlets] == ["2031-01-10", "2031-01-11"]
    assert len(jan.claim_ids) == 2 and jan.origin == INGD
    mar = pts[610]
    # the lawmaker briefed by "the country's disaster agency" relays INGD: one claim, two outlets
    assert [o.name for o in mar.outlets] == ["Meridian Wire", "Southern Courier"]
    assert [o.published for o in mar.outlets] == ["2031-03-20", "2031-03-21"]
    assert len(mar.claim_ids) == 2 and mar.origin == INGD
    assert mar.chain_text() == f"a lawmaker via {INGD}"
    assert "carried by 2 outlets, which count once (a restatement is not a corroboration)" in \
        mar.grade.credibility_reason
    for v in (350, 900, 640):
        assert len(pts[v].outlets) == 1


def test_timeline_is_a_rising_curve(rec):
    killed = _fig(rec, "killed")
    for r in killed.relations:  # January, February and March are different periods
        assert r.days is not None and r.days <= 14
    assert [(h.period_end, h.best_value) for h in killed.history] == [
        ("2031-01-09", 120), ("2031-02-14", 350), ("2031-03-22", 610)]
    assert [(h.period_end, h.best_value) for h in _fig(rec, "displaced").history] == [
        ("2031-01-09", 40000), ("2031-02-13", 150000)]


def test_best_low_high_latest(rec):
    e = _fig(rec, "killed").estimate
    assert (e.best_value, e.low, e.high) == (610, 610, 640)
    assert (e.period_start, e.period_end, e.reliable_only) == ("2031-03-08", "2031-03-22", True)
    assert e.best.origin == INGD  # unhedged INGD beats OCHA's "an estimated" 640, though OCHA is later
    assert e.high_point.source == OCHA and e.high_point.hedges == ["estimated"]
    d = _fig(rec, "displaced").estimate
    # both B, both unhedged: the most recent wins
    assert (d.best_value, d.low, d.high) == (150000, 140000, 150000)
    assert (d.period_start, d.period_end) == ("2031-01-30", "2031-02-13")
    m = _fig(rec, "killed", "Malawi").estimate
    assert (m.best_value, m.low, m.high, m.reliable_only) == (30, 30, 30, False)  # only an unrated source


def test_best_low_high_on_earlier_dates(wire):
    db, reg, _ = wire
    feb = api.reconcile(db, register=reg, as_of="2031-02-28")
    jan = api.reconcile(db, register=reg, as_of="2031-01-31")
    e = _fig(feb, "killed").estimate
    assert (e.as_of, e.best_value, e.low, e.high) == ("2031-02-28", 350, 350, 900)
    assert e.best.source == INGD and e.high_point.source == "Mozambique Red Cross"
    assert [p.value for p in _fig(feb, "killed").points] == [120, 350, 900]  # March is not known yet
    e = _fig(jan, "killed").estimate
    assert (e.best_value, e.low, e.high) == (120, 120, 120)
    assert [p.value for p in _fig(jan, "killed").points] == [120]
    assert [p.value for p in _fig(jan, "displaced").points] == [40000]
    # the rule is configurable: with only A and B reliable, the Red Cross (C) drops out of low / high
    strict = api.reconcile(db, register=reg, as_of="2031-02-28", rules=Rules(reliable=("A", "B")))
    e = _fig(strict, "killed").estimate
    assert (e.best_value, e.low, e.high) == (350, 350, 350)


def test_corroboration_counts(rec):
    killed, displaced = _fig(rec, "killed"), _fig(rec, "displaced")
    kp, dp = _by_value(killed), _by_value(displaced)
    assert [(r.a.value, r.b.value) for r in killed.corroborations()] == [(610, 640)]
    assert [(r.a.value, r.b.value) for r in displaced.corroborations()] == [(140000, 150000)]
    counts = {v: len(p.corroborated_by) for v, p in kp.items()}
    assert counts == {120: 0, 350: 0, 900: 0, 610: 1, 640: 1}
    assert kp[610].corroborated_by == [kp[640].id] and kp[640].corroborated_by == [kp[610].id]
    assert {v: len(p.corroborated_by) for v, p in dp.items()} == {40000: 0, 140000: 1, 150000: 1}
    # the restated 120 and 610 are not corroborated by their own relays
    assert kp[120].corroborated_by == [] and kp[120].contradicted_by == []


def test_contradiction_shows_both_sides(rec):
    killed = _fig(rec, "killed")
    pts = _by_value(killed)
    assert [(r.kind, r.a.value if r.a.value is not None else "denial", r.b.value)
            for r in killed.contradictions()] == [
        ("contradicts", 350, 900), ("denies", "denial", 610), ("denies", "denial", 640)]
    [c] = [r for r in killed.contradictions() if r.kind == "contradicts"]
    assert (c.a.source, c.a.date, c.b.source, c.b.date) == (INGD, "2031-02-12", "Mozambique Red Cross", "2031-02-14")
    assert pts[350].contradicted_by == [pts[900].id] and pts[900].contradicted_by == [pts[350].id]
    assert _fig(rec, "displaced").contradictions() == []


def test_denial_contradicts_what_it_denies(rec):
    pts = _by_value(_fig(rec, "killed"))
    [denial] = rec.statements
    assert denial.first.claim.denial is True
    assert denial.source == "Sofala Provincial Government"  # alias "Sofala's provincial government"
    assert sorted(r.b.value for r in rec.denials) == [610, 640]  # same period only: not Jan / Feb
    assert sorted(denial.contradicted_by) == sorted([pts[610].id, pts[640].id])
    assert denial.id in pts[610].contradicted_by and denial.id in pts[640].contradicted_by
    assert denial.id not in pts[350].contradicted_by and denial.id not in pts[900].contradicted_by


def test_grades_exact(rec):
    killed = {v: (p.grade.code, p.grade.confidence) for v, p in _by_value(_fig(rec, "killed")).items()}
    assert killed == {120: ("B3", 50), 350: ("B4", 30), 900: ("C5", 10), 610: ("B3", 50), 640: ("B3", 50)}
    displaced = {v: (p.grade.code, p.grade.confidence) for v, p in _by_value(_fig(rec, "displaced")).items()}
    assert displaced == {40000: ("B3", 50), 140000: ("B1", 90), 150000: ("B1", 90)}
    [malawi] = _fig(rec, "killed", "Malawi").points
    assert (malawi.grade.code, malawi.grade.confidence) == ("F6", None)
    [denial] = rec.statements
    assert (denial.grade.code, denial.grade.confidence) == ("D5", 10)

    pts = _by_value(_fig(rec, "killed"))
    assert pts[900].grade.reliability_reason.startswith("C: Mozambique Red Cross is C in the register")
    assert pts[900].grade.credibility_reason.startswith(
        f"5 (improbable): contradicted by {INGD} (about 350, 2031-02-12), at least as reliable (B vs C)")
    assert pts[350].grade.credibility_reason.startswith(
        "4 (doubtful): contradicted by Mozambique Red Cross (about 900, 2031-02-14), a less reliable")
    assert pts[610].grade.credibility_reason.startswith(
        f"3 (possibly true): corroborated by {OCHA} (about 640, 2031-03-22) but contradicted by "
        "Sofala Provincial Government (denial, 2031-03-22)")
    # "an estimated" marks an estimate, not doubt: OCHA's 640 is graded like the 610
    assert pts[640].grade.credibility_reason.startswith(f"3 (possibly true): corroborated by a lawmaker via {INGD}")
    assert pts[120].grade.credibility_reason.startswith("3 (possibly true): no independent source spoke of the "
                                                        "same period")
    dp = _by_value(_fig(rec, "displaced"))
    assert dp[140000].grade.credibility_reason.startswith(
        f"1 (confirmed by other sources): corroborated within 10% by {OCHA} (about 150,000, 2031-02-13)")
    assert malawi.grade.reliability_reason.startswith("F: Department of Disaster Management Affairs not in the "
                                                      "source register")
    assert denial.grade.credibility_reason.startswith("5 (improbable): contradicted by")
