"""Scores the number reader on NewsQuant, the news-sentence set of the CQE
quantity-extraction paper (Almasian et al., EMNLP 2023), after CQE's own scoring
(``evaluate_models.py`` in satya77/CQE_Evaluation).

How a prediction is compared with the gold
- Per sentence, a predicted quantity matches a gold quantity when their values
  are equal (``numpy.isclose``-style, rtol 1e-5, atol 1e-8, as CQE). Gold values
  are strings; "12-120" is a range and compares, in either order, with our
  ``(low, high)``; "-130" is a negative number. Each gold and each prediction is
  used at most once (CQE lets one prediction match several golds whose units
  differ; we do not).
- Precision = matches / predictions, recall = matches / gold, in percent as CQE
  reports them (CQE: value F1 92.0, quantulum3 73.0 on the full set).
- Only numbers NewsQuant annotates are predictions: categories count, money,
  percent, duration, age and measure. Years, dates, times, ordinals, phone
  numbers, addresses and ``other`` (labels such as "Game 2", reference numbers,
  scores) are not scored, because NewsQuant never annotates them.
- Vague words: NewsQuant writes the plural scale words as a range from the
  conservative count to the upper reading ("dozens" = 12-120, "thousands" =
  1000-10000, "millions" = 1e6-1e7), so a vague quantity matches a gold range
  equal to ``(count, high)`` or to ``(low, high)``, or a single gold value
  equal to the count (NewsQuant once writes "dozens of vehicles" as 12). Vague words without an upper
  reading in vague.yaml ("several", "a few", "a number of") are not annotated
  in NewsQuant and are left out of the predictions.
- value+qualifier: a value match whose qualifier agrees with CQE's ``change``:
  "=" -> exact, "~" -> approximate, ">" -> at_least, "<" -> at_most; "up" and
  "down" (a rise or fall, not a hedge) count as exact. A gold range with "=",
  "up" or "down" wants our ``range`` (or ``vague`` for a vague word); with "~"
  it accepts ``range`` or ``approximate`` ("about 14-18 mpg"). A vague word
  matched to a plain gold value agrees with "=" (NewsQuant has no vague mark).
- quantulum3 (peers=True) is scored on the same sentences in the same run.
  It reads a range as its mean, so for it a gold range is its mean (as CQE
  does); it has no qualifiers, so all its quantities count as exact.
- words_per_second: whitespace words of all sentences over the reader's time.

``score()`` returns ``{"value": {"p", "r", "f1"}, "value_qualifier": {...},
"words_per_second", "counts", "errors", "peers"}``.
"""
from __future__ import annotations

import json
import math
import os
import time
import warnings
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence, Union

from ..extract.numbers import read_quantities
from ..model import Quantity

DEFAULT_PATH = "/work/shared/corpora/newsquant/newsquant_dev.jsonl"
RELATIVE = ("newsquant", "newsquant_dev.jsonl")
SCORED_CATEGORIES = frozenset({"count", "money", "percent", "duration", "age", "measure"})
CHANGE_QUALIFIER = {"=": "exact", "up": "exact", "down": "exact", "~": "approximate", ">": "at_least",
                    "<": "at_most"}

Target = Union[float, tuple[float, float]]


def default_path() -> Path:
    """``$CLAIMLEDGER_CORPORA/newsquant/newsquant_dev.jsonl``, else the shared copy."""
    env = os.environ.get("CLAIMLEDGER_CORPORA")
    if env:
        return Path(env).expanduser().joinpath(*RELATIVE)
    return Path(DEFAULT_PATH)


def load(path: Union[str, Path, None] = None) -> list[dict]:
    """The records of a NewsQuant JSONL file: {id, text, gold: {quantities: [...]}}."""
    p = Path(path) if path is not None else default_path()
    if not p.is_file():
        raise FileNotFoundError(
            f"NewsQuant file not found: {p} (set CLAIMLEDGER_CORPORA to the folder holding newsquant/)")
    out = []
    with p.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                out.append(json.loads(line))
    return out


# --- values --------------------------------------------------------------------------------

def gold_target(value: Any, average_ranges: bool = False) -> Optional[Target]:
    """A gold value as CQE decodes it: "12-120" -> (12.0, 120.0); "-130" -> -130.0."""
    if isinstance(value, (int, float)):
        return float(value)
    s = str(value).strip()
    try:
        if "E" not in s and "e" not in s and not s.startswith("-") and "-" in s:
            a, b = s.split("-", 1)
            lo, hi = float(a), float(b)
            if average_ranges:
                return (lo + hi) / 2
            return (lo, hi)
        return float(s)
    except ValueError:
        return None


def prediction_targets(q: Quantity) -> list[Target]:
    """What a predicted quantity may match: its value; its (low, high) for a
    range; (count, high) or (low, high) for a vague word. Empty when the
    quantity is not scored (see the module notes)."""
    if getattr(q, "category", "count") not in SCORED_CATEGORIES:
        return []
    if q.qualifier == "vague":
        if q.high is None:
            return []
        out: list[Target] = []
        count = getattr(q, "count", None)
        if count is not None:
            out.append((float(count), float(q.high)))
        if q.low is not None:
            out.append((float(q.low), float(q.high)))
        if count is not None:
            out.append(float(count))
        return out
    if q.value is not None:
        return [float(q.value)]
    if q.low is not None and q.high is not None:
        return [(float(q.low), float(q.high))]
    if q.low is not None:
        return [float(q.low)]
    if q.high is not None:
        return [float(q.high)]
    return []


def _close(a: float, b: float) -> bool:
    if not (math.isfinite(a) and math.isfinite(b)):
        return a == b
    return abs(a - b) <= 1e-8 + 1e-5 * abs(b)


def values_match(gold: Target, pred: Target) -> bool:
    if isinstance(gold, tuple) != isinstance(pred, tuple):
        return False
    if isinstance(gold, tuple):
        g, p = sorted(gold), sorted(pred)  # type: ignore[arg-type]
        return _close(p[0], g[0]) and _close(p[1], g[1])
    return _close(float(pred), float(gold))  # type: ignore[arg-type]


def qualifier_ok(change: Optional[str], gold: Target, qualifier: Optional[str]) -> bool:
    change = (change or "=").strip()
    if isinstance(gold, tuple):
        if change == "~":
            return qualifier in ("range", "approximate")
        if change in ("=", "up", "down"):
            return qualifier in ("range", "vague")
        return qualifier == CHANGE_QUALIFIER.get(change)
    if qualifier == "vague":  # NewsQuant has no mark for vague words: "dozens of vehicles" is "=" 12
        return change in ("=", "up", "down")
    return qualifier == CHANGE_QUALIFIER.get(change, "exact")


# --- scoring --------------------------------------------------------------------------------

def _prf(tp: int, n_gold: int, n_pred: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(100 * p, 2), "r": round(100 * r, 2), "f1": round(100 * f1, 2)}


Predictor = Callable[[str], list[tuple[list[Target], Optional[str], str]]]


def _ours(text: str) -> list[tuple[list[Target], Optional[str], str]]:
    out = []
    for q in read_quantities(text):
        t = prediction_targets(q)
        if t:
            out.append((t, q.qualifier, q.text))
    return out


def score_records(records: Iterable[dict], predict: Optional[Predictor] = None, errors: bool = False,
                  average_ranges: bool = False) -> dict[str, Any]:
    """Scores ``predict`` (default: our reader) on NewsQuant-shaped records.

    ``predict(text)`` returns, per predicted quantity, (targets, qualifier, text).
    """
    predict = predict or _ours
    tp_v = tp_vq = n_gold = n_pred = 0
    errs: list[dict] = []
    n_words = 0
    elapsed = 0.0
    for rec in records:
        text = rec["text"]
        n_words += len(text.split())
        t0 = time.perf_counter()
        preds = predict(text)
        elapsed += time.perf_counter() - t0
        golds = []
        for g in (rec.get("gold") or {}).get("quantities") or []:
            tgt = gold_target(g.get("value"), average_ranges=average_ranges)
            if tgt is not None:
                golds.append((tgt, g.get("change"), g))
        n_gold += len(golds)
        n_pred += len(preds)
        used: set[int] = set()
        for gt, change, g in golds:
            best = None
            for i, (targets, qual, _) in enumerate(preds):
                if i in used or not any(values_match(gt, t) for t in targets):
                    continue
                if qualifier_ok(change, gt, qual):
                    best = i
                    break
                if best is None:
                    best = i
            if best is None:
                if errors:
                    errs.append({"id": rec.get("id"), "kind": "miss", "gold": g.get("value"),
                                 "change": g.get("change"), "unit": g.get("unit"), "sentence": text})
                continue
            used.add(best)
            tp_v += 1
            if qualifier_ok(change, gt, preds[best][1]):
                tp_vq += 1
            elif errors:
                errs.append({"id": rec.get("id"), "kind": "qualifier", "gold": g.get("value"),
                             "change": g.get("change"), "predicted": preds[best][2],
                             "qualifier": preds[best][1], "sentence": text})
        if errors:
            for i, (targets, qual, ptext) in enumerate(preds):
                if i not in used:
                    errs.append({"id": rec.get("id"), "kind": "spurious", "predicted": ptext,
                                 "values": [list(t) if isinstance(t, tuple) else t for t in targets],
                                 "qualifier": qual, "sentence": text})
    out: dict[str, Any] = {
        "value": _prf(tp_v, n_gold, n_pred),
        "value_qualifier": _prf(tp_vq, n_gold, n_pred),
        "words_per_second": round(n_words / elapsed) if elapsed > 0 else None,
        "counts": {"gold": n_gold, "predicted": n_pred, "value_matches": tp_v, "value_qualifier_matches": tp_vq},
    }
    if errors:
        out["errors"] = errs
    return out


def _quantulum_predictor() -> Predictor:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser as qparser  # optional dependency (the "eval" extra)

    def predict(text: str):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                found = qparser.parse(text)
            except Exception:  # quantulum3 raises on some inputs; count them as nothing found
                found = []
        return [([float(q.value)], "exact", q.surface) for q in found]

    return predict


def _reader_speed(texts: Sequence[str], min_seconds: float = 0.3) -> Optional[float]:
    """Words per second of our reader, timed over repeated passes for a stable figure."""
    n_words = sum(len(t.split()) for t in texts)
    if not n_words:
        return None
    passes = 0
    t0 = time.perf_counter()
    while True:
        for t in texts:
            read_quantities(t)
        passes += 1
        el = time.perf_counter() - t0
        if el >= min_seconds or passes >= 50:
            return round(passes * n_words / el)


def score(path: Union[str, Path, None] = None, errors: bool = False, peers: bool = False) -> dict[str, Any]:
    """Scores the number reader on the NewsQuant dev file (see the module notes).

    ``path`` defaults to ``$CLAIMLEDGER_CORPORA/newsquant/newsquant_dev.jsonl``
    or ``/work/shared/corpora/newsquant/newsquant_dev.jsonl``.
    """
    records = load(path)
    res = score_records(records, errors=True)
    res["words_per_second"] = _reader_speed([r["text"] for r in records]) or res["words_per_second"]
    if not errors:
        res["errors"] = []
    out: dict[str, Any] = {
        "value": res["value"],
        "value_qualifier": res["value_qualifier"],
        "words_per_second": res["words_per_second"],
        "counts": res["counts"],
        "errors": res["errors"],
        "peers": {},
    }
    if peers:
        predict = _quantulum_predictor()
        predict("warm up 1 km")  # loading its unit tables is not reading speed
        q = score_records(records, predict=predict, errors=False, average_ranges=True)
        out["peers"]["quantulum3"] = {"value": q["value"], "value_qualifier": q["value_qualifier"],
                                      "words_per_second": q["words_per_second"], "counts": q["counts"]}
    return out


if __name__ == "__main__":  # python -m claimledger.evaluate.newsquant
    import sys

    r = score(errors="-v" in sys.argv, peers="--peers" in sys.argv)
    for e in r["errors"]:
        print(json.dumps(e, ensure_ascii=False))
    print(json.dumps({k: v for k, v in r.items() if k != "errors"}, indent=1))
