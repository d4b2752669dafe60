"""The floor gate: the dev figures may not fall more than 0.5 points below
``eval_baseline.json``.

Each corpus is evaluated as the baseline says (GVA on a fixed subset, its first
records, so the suite stays within minutes on two cores). Where the corpora
are not on this machine the gate skips with a message; with ``CI=true`` it
fails instead, because a silent skip would hide a broken setup.

Floors are only raised. ``test_floors_never_lowered`` compares the file with
its last committed version and fails when a floor went down without an entry
in the file's ``lowered`` list ({corpus, metric, from, to, reason}).
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from claimledger.evaluate import CORPORA, evaluate
from claimledger.evaluate.common import CorpusNotFound, corpus_file, gold_dir

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "eval_baseline.json"
SLOW = {"isaf", "gva", "polnear"}


def _baseline() -> dict:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def _need(corpus: str) -> None:
    try:
        if corpus == "seed":
            gold_dir()
        else:
            corpus_file(corpus)
    except CorpusNotFound as e:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{e} (CI=true: the floor gate must run, not skip)")
        pytest.skip(f"floor gate for {corpus} skipped: {e}")


@pytest.mark.parametrize("corpus", [pytest.param(c, marks=pytest.mark.slow) if c in SLOW else c for c in CORPORA])
def test_no_figure_below_its_floor(corpus):
    base = _baseline()
    tol = float(base.get("tolerance", 0.5))
    spec = base["corpora"].get(corpus)
    assert spec is not None, f"eval_baseline.json has no floors for {corpus}"
    _need(corpus)
    result = evaluate(corpus, split="dev", limit=spec.get("limit"))
    got = result["metrics"]
    below = []
    for metric, floor in spec["metrics"].items():
        value = got.get(metric)
        if value is None or value < floor - tol:
            below.append(f"{metric}: {value} < floor {floor} - {tol}")
    assert not below, f"{corpus} dev figures fell below their floors:\n  " + "\n  ".join(below)


def test_baseline_is_well_formed():
    base = _baseline()
    assert set(base["corpora"]) == set(CORPORA)
    for corpus, spec in base["corpora"].items():
        assert spec["metrics"], corpus
        for metric, v in spec["metrics"].items():
            assert isinstance(v, (int, float)) and 0 <= v <= 100, (corpus, metric, v)
            assert round(v, 1) == v, f"{corpus}.{metric}: floors are percentages with one decimal"


def _committed_baseline():
    try:
        out = subprocess.run(["git", "show", "HEAD:eval_baseline.json"], cwd=ROOT, capture_output=True,
                             text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    try:
        return json.loads(out.stdout)
    except json.JSONDecodeError:
        return None


def test_floors_never_lowered():
    old = _committed_baseline()
    if old is None:
        pytest.skip("no committed eval_baseline.json to compare with (or no git)")
    new = _baseline()
    reasons = {(x.get("corpus"), x.get("metric")) for x in new.get("lowered") or [] if x.get("reason")}
    lowered = []
    for corpus, spec in (old.get("corpora") or {}).items():
        new_spec = new["corpora"].get(corpus)
        if new_spec is None:
            lowered.append(f"{corpus}: all floors removed")
            continue
        if new_spec.get("limit") != spec.get("limit") and (corpus, "*") not in reasons:
            lowered.append(f"{corpus}: subset changed from {spec.get('limit')} to {new_spec.get('limit')} records")
        for metric, floor in (spec.get("metrics") or {}).items():
            now = new_spec["metrics"].get(metric)
            if (now is None or now < floor) and (corpus, metric) not in reasons:
                lowered.append(f"{corpus}.{metric}: {floor} -> {now}")
    assert not lowered, ("floors are only raised; a floor that goes down needs an entry "
                         "{corpus, metric, from, to, reason} in the `lowered` list:\n  " + "\n  ".join(lowered))
