"""``claimledger bench``: what extraction costs against parsing alone.

The baseline is bare ``nlp.pipe`` of the same spaCy model over the same
texts, measured in the same process and run, so the ratio holds on a noisy,
shared machine where absolute seconds do not. A ratio above 1 means claim
extraction costs less than parsing every text would: the number reader and
a keyword scan skip what cannot hold a claim.
"""
from __future__ import annotations

import json
import time
from importlib import resources
from typing import Callable, Optional

from .ingest import Document
from .ingest.readers import parse_published


def bench_corpus(n_docs: int = 240) -> list[Document]:
    """``n_docs`` articles cycled from the bundled examples (the seed and real
    ISAF press releases), each made distinct by its position."""
    path = resources.files("claimledger").joinpath("data", "examples", "articles.jsonl")
    base = []
    with path.open("r", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            base.append(rec)
    docs = []
    for i in range(n_docs):
        rec = base[i % len(base)]
        docs.append(Document(text=rec["text"], ref=f"{rec['id']}#{i}", published=parse_published(rec.get("published"))))
    return docs


def _words(docs: list[Document]) -> int:
    return sum(len(d.text.split()) for d in docs)


def run_bench(n_docs: int = 240, workers: int = 2, repeat: int = 2,
              progress: Optional[Callable[[str], None]] = None) -> dict:
    from .api import extract_stream
    from .extract import shared_nlp

    say = progress or (lambda m: None)
    docs = bench_corpus(n_docs)
    words = _words(docs)
    nlp = shared_nlp()
    texts = [d.text for d in docs]
    list(nlp.pipe(texts[:8]))  # warm up both paths
    list(extract_stream(docs[:8]))
    rows = []
    for procs in sorted({1, workers}):
        bare_best = ours_best = float("inf")
        for r in range(repeat):
            say(f"processes={procs} round {r + 1}/{repeat}: bare nlp.pipe …")
            t = time.perf_counter()
            for _ in nlp.pipe(texts, n_process=procs, batch_size=32):
                pass
            bare_best = min(bare_best, time.perf_counter() - t)
            say(f"processes={procs} round {r + 1}/{repeat}: claimledger extract …")
            t = time.perf_counter()
            n_claims = sum(len(x.claims) for x in extract_stream(docs, workers=procs) if hasattr(x, "claims"))
            ours_best = min(ours_best, time.perf_counter() - t)
        rows.append({
            "processes": procs,
            "bare_seconds": round(bare_best, 3),
            "claimledger_seconds": round(ours_best, 3),
            "bare_wps": words / bare_best,
            "claimledger_wps": words / ours_best,
            "ratio": round(bare_best / ours_best, 3),
            "claims": n_claims,
        })
    return {"documents": len(docs), "words": words, "model": nlp.meta.get("name"), "rows": rows}
