"""Gun Violence Archive: the per-document summary against the incident record.

Each record is one noisy news page (site boilerplate, other stories) about one
shooting; the gold is GVA's database record for the incident. We score, as
exact-match accuracy over the pages:

* ``killed``: the summary's ``killed`` total against ``num_killed``;
* ``injured``: the summary's ``wounded`` total against ``num_injured``.

GVA's ``num_injured`` counts the people shot and not killed, so the summary
is made with ``derive_wounded=True``: a page that gives people shot
(casualties) and killed but no wounded figure has wounded = casualties − killed.
Vague words take the ``count`` reading of vague.yaml.

The page's ``dct`` (document creation date) is passed as the published date.
Figures are read from the page text only. The record's ``title`` (the page's
<title>, which a crawler always has) only says which of the page's stories is
the incident's: the summary counts the figures of that story, not the other
stories, captions and link lists of the page dump (``claimledger.stories``).
"""
from __future__ import annotations

from typing import Any, Optional

from ..ingest.document import Document
from ..summary import explain, summarize
from .common import Timer, corpus_file, extract_all, pct, read_jsonl, record_date, snippet, words


def _evidence_snippets(text: str, claims, metric: str) -> str:
    """Where the counted figures sit, else the page start."""
    figs = [c for c in claims if c.kind == "figure" and c.metric == metric]
    if figs:
        return " | ".join(snippet(text, c.evidence.start, c.evidence.end, width=100) for c in figs[:3])
    return snippet(text, 0, 160)


def score(path=None, errors: bool = False, peers: bool = False, limit: Optional[int] = None,
          progress=None, vague: str = "count", derive_wounded: bool = True) -> dict[str, Any]:
    recs = read_jsonl(corpus_file("gva", path), limit)
    docs = [Document(text=r["text"], ref=r["id"], title=r.get("title"), published=record_date(r.get("dct")))
            for r in recs]
    gold = {r["id"]: r["gold"] for r in recs}
    right = {"killed": 0, "injured": 0, "both": 0}
    errs: list[dict] = []
    n_words = sum(words(d.text) for d in docs)
    with Timer() as t:
        for d, claims in extract_all(docs, progress, "gva"):
            g = gold[d.ref]
            s = summarize(claims, vague=vague, derive_wounded=derive_wounded, document_ref=d.ref,
                          published=d.published.isoformat() if d.published else None,
                          text=d.text, title=d.title)
            ok_all = True
            for field, gv, metric in (("killed", g.get("num_killed") or 0, "killed"),
                                      ("injured", g.get("num_injured") or 0, "wounded")):
                pv = s["totals"].get(metric, 0)
                if gv == pv:
                    right[field] += 1
                    continue
                ok_all = False
                if errors:
                    why = explain(claims, metric, vague=vague, text=d.text, title=d.title)
                    errs.append({
                        "document": d.ref, "field": field, "gold": gv, "predicted": pv,
                        "kind": "miss" if pv < gv else "spurious",
                        "counted": [(snippet(e, 0, len(e), width=100), v) for e, v in why["counted"]],
                        "restated": [(snippet(e, 0, len(e), width=100), v) for e, v in why["restated"]],
                        "snippet": _evidence_snippets(d.text, claims, metric),
                    })
            right["both"] += ok_all
    n = len(docs)
    out: dict[str, Any] = {
        "corpus": "gva", "split": "dev", "documents": n,
        "metrics": {
            "killed_exact": pct(right["killed"], n),
            "injured_exact": pct(right["injured"], n),
            "both_exact": pct(right["both"], n),
        },
        "counts": {"documents": n, **{f"{k}_right": v for k, v in right.items()}},
        "settings": {"vague": vague, "injured": "wounded", "derive_wounded": derive_wounded, "limit": limit},
        "seconds": round(t.seconds, 1), "words": n_words,
        "words_per_second": round(n_words / t.seconds) if t.seconds else None,
    }
    if errors:
        out["errors"] = errs
    return out
