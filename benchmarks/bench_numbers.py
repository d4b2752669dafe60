"""The number reader against spaCy, on the same text, in one run.

    .venv/bin/python benchmarks/bench_numbers.py            # ~1 MB of news-like text, best of 3
    .venv/bin/python benchmarks/bench_numbers.py --mb 4 --json

The number reader runs over every paragraph of every article before the
triage decides what to parse, so it must cost a small part of what the
parse it saves would: the goal is the reader at least 20 times as fast as
the spaCy pipeline claimledger parses with (tagger, parser, NER). spaCy's
tokenizer alone is printed beside them for scale. All read the same text (a
figure-heavy sentence among ordinary ones, about one number per 100
characters; the pipeline a 50 kB slice of it); the runs alternate so a noisy
neighbour hurts all alike, and the best of each counts.
"""
from __future__ import annotations

import argparse
import json
import time

PARA = ("Around 600 North Korean soldiers have been killed, with thousands more wounded, according to a "
        "lawmaker who said on March 3, 2024 that about 18,000 troops were deployed in two phases. "
        "The revelation comes after Pyongyang officially confirmed for the first time that it had deployed "
        "troops to assist Moscow in its ongoing war, and officials said between 50 and 60 drones, worth "
        "$1.5bn, hit 12 villages at 11 a.m. Bodies of those killed were reportedly cremated and sent back. ")


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0, help="megabytes of text (default 1)")
    ap.add_argument("--repeat", type=int, default=3, help="rounds; the best of each counts (default 3)")
    ap.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    args = ap.parse_args(argv)

    from claimledger.extract import load_nlp
    from claimledger.extract.numbers import read_quantities

    text = PARA * max(1, int(args.mb * 1_000_000 / len(PARA)))
    nlp = load_nlp()
    tokenizer = nlp.tokenizer
    sample = [PARA * 10] * max(1, 50_000 // (len(PARA) * 10))  # ~50 kB in paragraph-sized docs
    # the tokenizer has a length limit per call: feed it paragraph-sized pieces, as the pipeline does
    pieces = [text[i:i + 100_000] for i in range(0, len(text), 100_000)]
    read_quantities(PARA)  # compile the reader's patterns outside the timing
    list(nlp.pipe(sample[:1]))  # warm the pipeline up
    best = {"numbers": 0.0, "tokenizer": 0.0, "pipeline": 0.0}
    found = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        found = len(read_quantities(text))
        best["numbers"] = max(best["numbers"], len(text) / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        for p in pieces:
            tokenizer(p)
        best["tokenizer"] = max(best["tokenizer"], len(text) / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        for _ in nlp.pipe(sample):
            pass
        best["pipeline"] = max(best["pipeline"], sum(map(len, sample)) / (time.perf_counter() - t0))
    out = {"bytes": len(text), "quantities": found,
           "numbers_mb_s": round(best["numbers"] / 1e6, 2), "tokenizer_mb_s": round(best["tokenizer"] / 1e6, 2),
           "pipeline_mb_s": round(best["pipeline"] / 1e6, 3),
           "ratio_to_pipeline": round(best["numbers"] / best["pipeline"], 1),
           "ratio_to_tokenizer": round(best["numbers"] / best["tokenizer"], 2)}
    if args.json:
        print(json.dumps(out))
    else:
        print(f"number reader  {out['numbers_mb_s']:6.2f} MB/s  ({found} quantities)")
        print(f"spaCy pipeline {out['pipeline_mb_s']:6.3f} MB/s")
        print(f"spaCy tokenizer {out['tokenizer_mb_s']:5.2f} MB/s (for scale)")
        print(f"reader / pipeline {out['ratio_to_pipeline']:5.1f}  (goal >= 20)")
    return out


if __name__ == "__main__":
    main()
