"""Evaluation on real annotated corpora: one scorer per corpus, one entry point.

    from claimledger.evaluate import evaluate, format_report
    result = evaluate("isaf", split="dev", errors=True)
    print(format_report(result))

The corpora are read from ``$CLAIMLEDGER_CORPORA`` or the ``shared/corpora``
folder next to the repository (see ``common.corpora_dir``). Only the
development halves are here; the test halves are held out. See
docs/evaluation.md for what each scorer measures.
"""
from __future__ import annotations

import importlib
import inspect
import time
from typing import Any, Callable, Optional

from .common import CorpusNotFound, check_split, corpora_dir, gold_dir  # noqa: F401

CORPORA = ("seed", "isaf", "gva", "polnear", "newsquant")


def evaluate(corpus: str, split: str = "dev", errors: bool = False, peers: bool = False,
             limit: Optional[int] = None, progress: Optional[Callable[[int, int], None]] = None) -> dict[str, Any]:
    """Score claimledger on one corpus.

    ``corpus``: seed, isaf, gva, polnear or newsquant. ``split``: only "dev".
    ``errors``: add an ``errors`` list (each miss, spurious and wrong item with
    its document id, gold and predicted values and a short snippet).
    ``peers``: also score peer tools where the scorer has them (newsquant:
    quantulum3). ``limit``: the first N records only. ``progress(done, total)``
    is called after each document (a callback of one argument gets a message
    "isaf: 50/357 documents" every 50 documents instead).

    Returns ``{"corpus", "split", "documents", "metrics": {name: percent}, "counts",
    "seconds", "words_per_second", ...}``; metrics are percentages with one decimal.
    """
    name = (corpus or "").lower()
    if name not in CORPORA:
        raise ValueError(f"unknown corpus {corpus!r}: choose one of {', '.join(CORPORA)}")
    check_split(split)
    mod = importlib.import_module(f".{name}", __name__)
    fn = mod.score
    kwargs: dict[str, Any] = {"errors": errors, "peers": peers}
    params = inspect.signature(fn).parameters
    has_var_kw = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    for key, value in (("limit", limit), ("progress", progress)):
        if key in params or has_var_kw:
            kwargs[key] = value
    if name != "seed":
        # check the file is there first, for a clear error naming the path
        from .common import corpus_file

        path = corpus_file(name)
        if "path" in params:
            kwargs["path"] = path
    t0 = time.perf_counter()
    result = fn(**kwargs)
    elapsed = time.perf_counter() - t0
    result = dict(result)
    if name == "newsquant":
        result = _normalize_prf_result(result)
    result.setdefault("corpus", name)
    result["split"] = split
    result.setdefault("seconds", round(elapsed, 1))
    result["wall_seconds"] = round(elapsed, 1)
    if limit is not None:
        result.setdefault("settings", {})
        if isinstance(result["settings"], dict):
            result["settings"].setdefault("limit", limit)
        if "limit" not in params and not has_var_kw:
            result["settings"]["limit_ignored"] = True
    if not errors:
        result.pop("errors", None)
    return result


_PRF_KEYS = ("value", "value_qualifier")


def _normalize_prf_result(result: dict) -> dict:
    """The newsquant scorer reports ``{"value": {"p", "r", "f1"}, ..., "peers": {tool: {...}}}``;
    give it the common shape too: flat ``metrics`` (one decimal), ``peers`` as rows,
    ``documents``, and errors with ``document`` and ``snippet``."""
    from .common import snippet

    def flat(block: dict) -> dict:
        out = {}
        for key in _PRF_KEYS:
            sub = block.get(key)
            if isinstance(sub, dict):
                for k in ("p", "r", "f1"):
                    if sub.get(k) is not None:
                        out[f"{key}_{k}"] = round(float(sub[k]), 1)
        return out

    if "metrics" not in result:
        result["metrics"] = flat(result)
    peers = result.get("peers")
    if isinstance(peers, dict):
        rows = []
        if peers:
            rows.append({"tool": "claimledger", "metrics": result["metrics"],
                         "words_per_second": result.get("words_per_second")})
        for tool, block in peers.items():
            rows.append({"tool": tool, "metrics": flat(block), "words_per_second": block.get("words_per_second"),
                         "counts": block.get("counts")})
        result["peers_raw"] = peers
        result["peers"] = rows
    if "documents" not in result:
        from .common import corpus_file, read_jsonl

        try:
            result["documents"] = len(read_jsonl(corpus_file("newsquant")))
        except Exception:
            pass
    for e in result.get("errors") or []:
        e.setdefault("document", e.get("id"))
        if "snippet" not in e and e.get("sentence"):
            e["snippet"] = snippet(e["sentence"], 0, len(e["sentence"]), width=200)
    return result


def _fmt(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.1f}"
    return str(v)


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for k, r in enumerate(rows):
        out.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)).rstrip())
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def _flat_metrics(result: dict) -> dict[str, Any]:
    m = result.get("metrics")
    if isinstance(m, dict):
        flat = {}
        for k, v in m.items():
            if isinstance(v, dict):
                for k2, v2 in v.items():
                    flat[f"{k}.{k2}"] = v2
            else:
                flat[k] = v
        return flat
    return {k: v for k, v in result.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}


def format_report(result: dict) -> str:
    """A plain-text table of one evaluation result (and its errors, if listed)."""
    lines = []
    head = f"{result.get('corpus', '?')} ({result.get('split', 'dev')}): {result.get('documents', '?')} documents"
    if result.get("seconds") is not None:
        head += f", {result['seconds']} s"
    if result.get("words_per_second"):
        head += f", {result['words_per_second']} words/s"
    settings = result.get("settings") or {}
    if isinstance(settings, dict) and settings.get("limit"):
        head += f" (first {settings['limit']} records)"
    lines.append(head)
    lines.append("")
    metrics = _flat_metrics(result)
    p_r_f = [k for k in metrics if k.endswith("_p")]
    if p_r_f and all(k[:-2] + "_r" in metrics and k[:-2] + "_f1" in metrics for k in p_r_f):
        rows = [["span", "P", "R", "F1"]]
        for k in p_r_f:
            base = k[:-2]
            rows.append([base, _fmt(metrics[k]), _fmt(metrics[base + "_r"]), _fmt(metrics[base + "_f1"])])
        lines += _table(rows)
        rest = {k: v for k, v in metrics.items() if not any(k == b[:-2] + s for b in p_r_f for s in ("_p", "_r", "_f1"))}
    else:
        rest = metrics
    if rest:
        if p_r_f:
            lines.append("")
        rows = [["metric", "%"]] + [[k, _fmt(v)] for k, v in rest.items()]
        lines += _table(rows)
    peers = result.get("peers")
    if isinstance(peers, list) and peers:
        lines.append("")
        keys = []
        for row in peers:
            for k in (row.get("metrics") or {}):
                if k not in keys:
                    keys.append(k)
        cols = keys + ["words/s"]
        rows = [["tool"] + cols]
        for row in peers:
            m = row.get("metrics") or {}
            rows.append([str(row.get("tool") or row.get("name") or "?")]
                        + [_fmt(m.get(k)) for k in keys] + [_fmt(row.get("words_per_second"))])
        lines += _table(rows)
    counts = result.get("counts")
    if isinstance(counts, dict) and counts:
        lines.append("")
        lines.append("counts: " + ", ".join(f"{k}={_fmt(v)}" for k, v in counts.items()))
    errs = result.get("errors")
    if errs:
        lines.append("")
        lines.append(f"errors ({len(errs)}):")
        for e in errs:
            lines.append(_error_line(e))
    return "\n".join(lines)


def _error_line(e: dict) -> str:
    kind = e.get("kind", "?")
    what = e.get("field") or e.get("role") or ""
    if e.get("role") and e.get("field") is None and kind in ("wrong", "inexact"):
        what = e["role"]
    parts = [f"[{kind}] {e.get('document', '?')}", what]
    if "gold" in e or "predicted" in e:
        parts.append(f"gold={_short(e.get('gold'))} predicted={_short(e.get('predicted'))}")
    if e.get("counted"):
        parts.append("counted=" + _short(e["counted"]))
    if e.get("snippet"):
        parts.append(f"«{e['snippet']}»")
    return "  " + " ".join(p for p in parts if p)


def _short(v: Any, width: int = 200) -> str:
    s = v if isinstance(v, str) else repr(v)
    return s if len(s) <= width else s[: width - 1] + "…"
