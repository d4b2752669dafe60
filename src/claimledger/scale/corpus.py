"""A sample corpus of any size for the batch tests and benchmark.

Built from the bundled examples (the seed article and real ISAF press
releases): record ``i`` is example ``i mod n`` with its own id, published
date and URL, and a closing line that makes its text, hence its document id,
unique. The closing line holds no number and no cue word, so it adds no
claim and costs no parsing.
"""
from __future__ import annotations

import json
from datetime import date, timedelta
from importlib import resources

_LETTERS = "BCDFGHJKLMNPQRSTVWXZ"


def _tag(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i, len(_LETTERS))
        s = _LETTERS[r] + s
    return s


def sample_records(n: int, start: date = date(2010, 1, 4)) -> list[dict]:
    """``n`` JSONL-style records: id, text, published, url, title."""
    path = resources.files("claimledger").joinpath("data", "examples", "articles.jsonl")
    with path.open("r", encoding="utf-8") as fh:
        base = [json.loads(line) for line in fh if line.strip()]
    out = []
    for i in range(n):
        rec = base[i % len(base)]
        pub = start + timedelta(days=(i * 7) % 3650)
        out.append({
            "id": f"{rec['id']}-{i:05d}",
            "text": rec["text"].rstrip("\n") + f"\nArchive copy {_tag(i)}.\n",
            "published": pub.isoformat(),
            "url": f"https://archive.example.org/{pub:%Y/%m}/{i}",
            "title": rec.get("title") or rec["text"].split("\n", 1)[0][:80],
        })
    return out
