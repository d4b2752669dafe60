"""Reconciliation made fast for large ledgers gives the same answers as the plain definitions.

The fast paths (same-period pairs walked in date order, denials found through an index of
content words, restatements grouped by origin and numbers) are checked against the
definitions written out naively, on a synthetic ledger of a few thousand claims with many
sources, dates, ranges, bounds and denials (the generator of benchmarks/bench_api.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from claimledger.ledger import Ledger
from claimledger.reconcile import Rules, reconcile_ledger
from claimledger.reconcile.corroboration import (agree, compare_points, denial_matches, independent,
                                                 match_denials, same_period)
from claimledger.reconcile.restatements import _days, _numbers, group_restatements

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_api  # noqa: E402


@pytest.fixture(scope="module")
def rec(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("scale") / "ledger.db")
    bench_api.build_ledger(path, n_docs=120, n_claims=3000, seed=5)
    with Ledger(path) as led:
        return reconcile_ledger(led, rules=Rules(period_days=20))


def _naive_pairs(points, rules):
    out = []
    dated = [p for p in points if p.date]
    for i, p in enumerate(dated):
        for q in dated[i + 1:]:
            if p.origin_key == q.origin_key or not same_period(p, q, rules):
                continue
            if agree(p, q, rules):
                if not independent(p, q):
                    continue
                kind = "corroborates" if (p.pointlike and q.pointlike) else "consistent"
            else:
                kind = "contradicts"
            out.append((kind, p.id, q.id))
    return out


def test_same_period_comparison_equals_all_pairs(rec):
    assert len(rec.figures) > 20
    total = 0
    for f in rec.figures:
        fast = [(r.kind, r.a.id, r.b.id) for r in compare_points(f.points, rec.rules, f.id)]
        assert fast == _naive_pairs(f.points, rec.rules), f.label
        # the order of the points does not change which pairs relate
        rev = {(r.kind, frozenset((r.a.id, r.b.id))) for r in compare_points(f.points[::-1], rec.rules)}
        assert rev == {(k, frozenset((a, b))) for k, a, b in fast}
        total += len(fast)
    assert total > 1000  # the ledger has plenty of each kind to compare
    kinds = {r.kind for f in rec.figures for r in f.relations}
    assert {"corroborates", "consistent", "contradicts"} <= kinds


def test_denial_index_finds_what_the_definition_does(rec):
    denials = [s for s in rec.statements if s.first.claim.denial]
    targets = [p for f in rec.figures for p in f.points] + [s for s in rec.statements if not s.first.claim.denial]
    assert denials
    naive = [(d.id, t.id) for d in denials for t in targets if t is not d and denial_matches(d, t, rec.rules)]
    fast = [(r.a.id, r.b.id) for r in match_denials(denials, targets, rec.rules)]
    assert fast == naive and len(naive) > 10
    strict = Rules(period_days=20, denial_overlap=1.0)
    assert [(r.a.id, r.b.id) for r in match_denials(denials, targets, strict)] == [
        (d.id, t.id) for d in denials for t in targets if t is not d and denial_matches(d, t, strict)]


def test_restatement_grouping_equals_the_definition(rec):
    rules = rec.rules
    for f in rec.figures[:40]:
        reports = [r for p in f.points for r in p.reports]
        ordered = sorted(reports, key=lambda r: (r.date or "9999-99-99", r.outlet.published or "9999-99-99",
                                                 r.outlet.document_id, r.claim.evidence.start, r.claim.id or ""))
        naive: list[list] = []  # [first report, last date, reports]
        for r in ordered:
            home = None
            for g in naive:
                if g[0].origin_key != r.origin_key or _numbers(g[0].claim) != _numbers(r.claim):
                    continue
                if (r.date is None and g[0].date is None) or (
                        (gap := _days(r.date, g[1])) is not None and gap <= rules.restatement_days):
                    home = g
                    break
            if home is None:
                naive.append([r, r.date, [r]])
            else:
                home[2].append(r)
                if r.date and (home[1] is None or r.date > home[1]):
                    home[1] = r.date
        fast = group_restatements(reports, rules)
        assert [[x.claim.id for x in p.reports] for p in fast] == [[x.claim.id for x in g[2]] for g in naive]


def test_credibility_reasons_stay_short(rec):
    """A claim contradicted by dozens names a few of them and counts the rest."""
    import re

    from claimledger.reconcile.grades import REASON_NAMES

    reasons = [p.grade.credibility_reason for p in rec.points()]
    counted = [r for r in reasons if re.search(r"; and \d+ more", r)]
    assert counted
    for r in counted:
        named = re.split(r"; and \d+ more", r)[0]
        assert named.count("; ") <= 2 * (REASON_NAMES - 1)  # corroborated by 5 ... contradicted by 5
    assert max(len(r) for r in reasons) < 2000
