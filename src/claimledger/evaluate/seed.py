"""The seed article, field by field against its hand-made gold.

The extractor runs on the seed text with published date 2025-05-01. A gold
figure is matched to the predicted figure of the same metric whose evidence
overlaps its own (one to one, the largest overlap first); a gold statement to
the predicted attributed statement whose content overlaps its own; an
unsourced hedged statement to a predicted statement without a cue whose
content overlaps.

Per field, accuracy is over the gold items the field applies to; a gold item
that was not found counts as wrong in every field. Figure fields: value, low,
high, qualifier, subject country and actor, location country and resolved
date (where the gold has them), source (the predicted name is the gold name or
one of its aliases), source type, cue, via (the same set of names, aliases
allowed), hedges, part_of (points to the match of the gold whole), and the
evidence span (exact offsets). Statement fields: source, source type, cue,
content (exact offsets). ``fields_all`` is the accuracy over every field check.
Spurious figures are the predicted figures that match no gold figure
(``figures_precision``); the gold's ``not_figures`` ("two phases", "2023")
must not be the number of any predicted figure.
"""
from __future__ import annotations

import json
from typing import Any, Optional

from .common import SEED_NAME, Timer, gold_dir, pct, words

PUBLISHED = "2025-05-01"


def _overlap(a, b) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def _names(src: dict) -> set:
    return {src.get("name"), *src.get("aliases", [])} - {None}


def _greedy(golds: list[dict], preds: list[dict], key_g, key_p, same) -> dict[int, int]:
    pairs = []
    for i, g in enumerate(golds):
        for j, p in enumerate(preds):
            if not same(g, p):
                continue
            ov = _overlap(key_g(g), key_p(p))
            if ov > 0:
                pairs.append((ov, i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    out, used = {}, set()
    for _, i, j in pairs:
        if i in out or j in used:
            continue
        out[i] = j
        used.add(j)
    return out


def figure_checks(g: dict, p: Optional[dict], gold_to_pred_id: dict) -> dict[str, bool]:
    """Field -> correct, for one gold figure and its predicted match (None: missed)."""
    checks: dict[str, Any] = {
        "value": lambda: p["value"] == g["value"],
        "low": lambda: p["low"] == g["low"],
        "high": lambda: p["high"] == g["high"],
        "qualifier": lambda: p["qualifier"] == g["qualifier"],
        "subject_country": lambda: p["subject"]["country"] == g["subject"]["country"],
        "subject_actor": lambda: p["subject"]["actor"] == g["subject"]["actor"],
        "source": lambda: p["source"]["name"] in _names(g["source"]),
        "source_type": lambda: p["source"]["type"] == g["source"]["type"],
        "cue": lambda: p["cue"] == g["cue"],
        "via": lambda: _via_ok(g["via"], p["via"]),
        "hedges": lambda: sorted(p["hedges"]) == sorted(g["hedges"]),
        "part_of": lambda: p["part_of"] == gold_to_pred_id.get(g.get("part_of")),
        "evidence": lambda: (p["evidence"]["start"], p["evidence"]["end"]) == (g["evidence"]["start"], g["evidence"]["end"]),
    }
    if "location" in g:
        checks["location_country"] = lambda: (p.get("location") or {}).get("country") == g["location"]["country"]
    if "time" in g:
        want = g["time"].get("date_if_published", {}).get(PUBLISHED)
        checks["time_date"] = lambda: (p.get("time") or {}).get("date") == want
    return {k: (p is not None and bool(f())) for k, f in checks.items()}


def _via_ok(gold_via: list, pred_via: list) -> bool:
    if len(gold_via) != len(pred_via):
        return False
    left = [_names(v) for v in gold_via]
    for v in pred_via:
        hit = next((k for k, names in enumerate(left) if v.get("name") in names), None)
        if hit is None:
            return False
        left.pop(hit)
    return True


def statement_checks(g: dict, p: Optional[dict]) -> dict[str, bool]:
    checks = {
        "source": lambda: p["source"]["name"] in _names(g["source"]),
        "source_type": lambda: p["source"]["type"] == g["source"]["type"],
        "cue": lambda: p["cue"] == g["cue"],
        "content": lambda: (p["content"]["start"], p["content"]["end"]) == (g["content"]["start"], g["content"]["end"]),
    }
    return {k: (p is not None and bool(f())) for k, f in checks.items()}


def score_records(gold: dict, records: list[dict], text: str = "", errors: bool = False) -> dict[str, Any]:
    """Score predicted claim records (``Claim.to_dict`` shape) against the seed gold."""
    figs = [r for r in records if r["kind"] == "figure"]
    stmts = [r for r in records if r["kind"] == "statement" and r.get("cue")]
    hedged = [r for r in records if r["kind"] == "statement" and not r.get("cue")]
    gfigs, gstmts, ghedged = gold["figures"], gold["statements"], gold.get("unsourced_hedged", [])

    fmatch = _greedy(gfigs, figs, lambda g: g["evidence"], lambda p: p["evidence"],
                     lambda g, p: g["metric"] == p["metric"])
    smatch = _greedy(gstmts, stmts, lambda g: g["content"], lambda p: p["content"] or {"start": 0, "end": 0},
                     lambda g, p: True)
    hmatch = _greedy(ghedged, hedged, lambda g: g["content"], lambda p: p["content"] or {"start": 0, "end": 0},
                     lambda g, p: True)
    gid_to_pid = {g["id"]: figs[fmatch[i]]["id"] for i, g in enumerate(gfigs) if i in fmatch}

    right: dict[str, list[int]] = {}
    errs: list[dict] = []

    def tally(prefix: str, item_id: str, checks: dict[str, bool], g: dict, p: Optional[dict]):
        for k, ok in checks.items():
            cell = right.setdefault(f"{prefix}.{k}", [0, 0])
            cell[0] += ok
            cell[1] += 1
            if errors and not ok and p is not None:
                errs.append({"document": SEED_NAME, "kind": "wrong", "item": item_id, "field": f"{prefix}.{k}",
                             "gold": _field(g, k, prefix), "predicted": _field(p, k, prefix, figs)})

    for i, g in enumerate(gfigs):
        p = figs[fmatch[i]] if i in fmatch else None
        if p is None and errors:
            errs.append({"document": SEED_NAME, "kind": "miss", "item": g["id"], "field": "figure",
                         "gold": g["evidence"]["text"], "predicted": None})
        tally("figure", g["id"], figure_checks(g, p, gid_to_pid), g, p)
    for i, g in enumerate(gstmts):
        p = stmts[smatch[i]] if i in smatch else None
        if p is None and errors:
            errs.append({"document": SEED_NAME, "kind": "miss", "item": g["id"], "field": "statement",
                         "gold": g["content"]["text"], "predicted": None})
        tally("statement", g["id"], statement_checks(g, p), g, p)
    hedged_ok = 0
    for i, g in enumerate(ghedged):
        p = hedged[hmatch[i]] if i in hmatch else None
        want = g["hedges"][0].split()[-1] if g.get("hedges") else None
        ok = p is not None and (want is None or any(want in h for h in p.get("hedges") or []))
        hedged_ok += ok
        if errors and not ok:
            errs.append({"document": SEED_NAME, "kind": "miss", "item": g["id"], "field": "hedged",
                         "gold": g["content"]["text"], "predicted": p["hedges"] if p else None})

    spurious = [p for j, p in enumerate(figs) if j not in set(fmatch.values())]
    not_figs = [(nf, p) for p in figs for nf in gold.get("not_figures", [])
                if nf in ((p.get("quantity_span") or {}).get("text") or "")]
    if errors:
        for p in spurious:
            errs.append({"document": SEED_NAME, "kind": "spurious", "field": "figure", "gold": None,
                         "predicted": f"{p['metric']} {p['value']}: {p['evidence']['text']}"})
        for j, p in enumerate(stmts):
            if j not in set(smatch.values()):
                errs.append({"document": SEED_NAME, "kind": "spurious", "field": "statement", "gold": None,
                             "predicted": f"{p['cue']}: {(p.get('content') or {}).get('text')}"})

    all_ok = sum(v[0] for v in right.values())
    all_n = sum(v[1] for v in right.values())
    metrics: dict[str, Any] = {
        "figures_found": pct(len(fmatch), len(gfigs)),
        "figures_precision": pct(len(fmatch), len(figs)) if figs else 0.0,
        "statements_found": pct(len(smatch), len(gstmts)),
        "statements_precision": pct(len(smatch), len(stmts)) if stmts else 0.0,
        "hedged_found": pct(hedged_ok, len(ghedged)),
        "fields_all": pct(all_ok, all_n),
    }
    for k in sorted(right):
        metrics[k] = pct(*right[k])
    out = {
        "corpus": "seed", "split": "dev", "documents": 1, "metrics": metrics,
        "counts": {"gold_figures": len(gfigs), "predicted_figures": len(figs), "spurious_figures": len(spurious),
                   "not_figures_read_as_figures": len(not_figs), "gold_statements": len(gstmts),
                   "predicted_statements": len(stmts), "field_checks": all_n, "field_checks_right": all_ok},
    }
    if errors:
        out["errors"] = errs
    return out


def _field(rec: dict, k: str, prefix: str, figs=None):
    path = {
        "subject_country": ("subject", "country"), "subject_actor": ("subject", "actor"),
        "source": ("source", "name"), "source_type": ("source", "type"),
        "location_country": ("location", "country"), "time_date": ("time", "date"),
        "content": ("content", "text"), "evidence": ("evidence", "text"),
    }.get(k, (k,))
    cur: Any = rec
    for part in path:
        cur = (cur or {}).get(part) if isinstance(cur, dict) else None
    if k == "time_date" and cur is None and "time" in rec:
        cur = rec["time"].get("date_if_published", {}).get(PUBLISHED)
    if k == "via" and isinstance(cur, list):
        cur = [v.get("name") for v in cur]
    return cur


def score(path=None, errors: bool = False, peers: bool = False, limit: Optional[int] = None,
          progress=None) -> dict[str, Any]:
    from ..extract.pipeline import extract

    d = gold_dir() if path is None else path
    from pathlib import Path

    d = Path(d)
    if d.is_file():
        d = d.parent
    text = (d / f"{SEED_NAME}.txt").read_text(encoding="utf-8")
    gold = json.loads((d / f"{SEED_NAME}.gold.json").read_text(encoding="utf-8"))
    with Timer() as t:
        claims = extract(text, published=PUBLISHED, document_ref=f"{SEED_NAME}.txt")
    from .common import reporter

    reporter(progress, "seed", 1)(1)
    out = score_records(gold, [c.to_dict() for c in claims], text, errors=errors)
    out["seconds"] = round(t.seconds, 2)
    out["words"] = words(text)
    out["words_per_second"] = round(words(text) / t.seconds) if t.seconds else None
    return out
