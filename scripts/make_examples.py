#!/usr/bin/env python3
"""Rebuild src/claimledger/data/examples/articles.jsonl, the articles bundled with the package.

Why a script and not a hand-made file: the bundle must be reproducible and its
provenance checkable. Re-running this on the same inputs yields the same bytes.

What goes in, and why:

* the seed article (the design's canonical example), first;
* ISAF press releases from the ISAF development corpus, the only corpus we may
  redistribute (CC BY-SA 4.0, attribution in LICENSE-ISAF.md beside the
  output). Each keeps its ISAF record id so its origin can be traced.

A release is eligible only when its dateline carries a full date
("KABUL, Afghanistan (Nov. 20, 2011)"): that date becomes ``published``, which
the extractor needs to resolve "yesterday" and "today". The corpus's gold
labels are used only to choose a varied set (killed, captured, airstrikes,
civilian casualties, vague counts such as "several" and "numerous") and to
sanity-check the dateline; they are never written to the bundle.

Usage: python scripts/make_examples.py [--isaf PATH] [--seed PATH] [--out PATH]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimledger.ingest import read_text  # noqa: E402

SHARED = Path("/work/shared")
DEFAULT_ISAF = SHARED / "corpora/isaf/isaf_dev.jsonl"
DEFAULT_SEED = SHARED / "gold/000_3f15263bc76710e2.txt"
DEFAULT_OUT = ROOT / "src/claimledger/data/examples/articles.jsonl"

SEED = {
    "id": "seed-3f15263bc76710e2",
    "published": "2025-05-01",
    "title": None,
    "publisher": None,
    "licence": "not stated: the project's seed example (shared/gold/000_3f15263bc76710e2.txt), "
    "not covered by LICENSE-ISAF.md",
}
ISAF_LICENCE = "CC BY-SA 4.0; ISAF press release via strickvl/isafpressreleases (see LICENSE-ISAF.md)"

# How many releases of each kind; the kinds are checked in this order and a
# release counts for the first kind its gold event_type matches.
QUOTAS = [
    ("civiliancasualty", 4),
    ("airstrike", 5),
    ("captureandkill", 6),
    ("insurgentskilled", 9),
    ("detention", 12),
]
# Vague count words the set must show, and how many releases each should appear in.
VAGUE_TARGETS = {
    "several": 4, "multiple": 4, "numerous": 4, "a group of": 2,
    "a number of": 2, "more than": 2,
}
MAX_CHARS = 3000  # keep the bundle small; long multi-incident updates add little

_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
DATELINE = re.compile(
    r"(?P<city>[A-Z][A-Za-z .'’-]*), Afghanistan\s*\("
    r"(?P<mon>[A-Z][a-z]+)\.?\s+(?P<day>\d{1,2}),\s*(?P<year>20\d\d)\)"
)
REFNO = re.compile(r"^\s*20\d\d-\d\d-[A-Z]+-\d+\s*$")
HEADER = re.compile(r"^ISAF Joint Command\s*[-–]\s*Afghanistan")


def dateline_date(text: str) -> date | None:
    m = DATELINE.search(text)
    if not m:
        return None
    month = _MONTHS.get(m["mon"][:3].lower())
    if month is None:
        return None
    try:
        return date(int(m["year"]), month, int(m["day"]))
    except ValueError:
        return None


def title_of(text: str) -> str | None:
    """The release's headline when its first line is one, not a header or reference number."""
    first = re.split(r"[\n\u2028]", text.strip(), maxsplit=1)[0].strip(" |–-")
    if not first or REFNO.match(first) or HEADER.match(first) or first.startswith("KABUL"):
        return None
    if len(first) > 120:
        return None
    return first


def publisher_of(text: str) -> str:
    return "ISAF Joint Command" if "ISAF Joint Command" in text else "ISAF"


def kind_of(gold: dict) -> str | None:
    types = ";".join(gold.get("event_type") or [])
    for kind, _ in QUOTAS:
        if kind in types:
            return kind
    return None


def vague_words(text: str) -> set[str]:
    low = text.lower()
    return {w for w in VAGUE_TARGETS if re.search(r"\b" + re.escape(w) + r"\b", low)}


def eligible(rec: dict) -> date | None:
    text = rec["text"]
    if len(text) > MAX_CHARS or "N.B." in text or text.lstrip().startswith("["):
        return None  # annotator notes are not press-release text
    pub = dateline_date(text)
    if pub is None:
        return None
    start = rec.get("gold", {}).get("start_date")
    if start:
        # The dateline is the release date; the event is the same day or a few days before.
        lag = pub - date.fromisoformat(start)
        if not timedelta(0) <= lag <= timedelta(days=14):
            return None
    try:
        read_text(text)  # same checks as the reader: English, not empty
    except ValueError:
        return None
    return pub


def choose(records: list[dict]) -> list[tuple[dict, date]]:
    cands = []
    for rec in records:
        pub = eligible(rec)
        kind = kind_of(rec.get("gold", {}))
        if pub and kind:
            cands.append((rec, pub, kind))
    # A stable pseudo-random order spreads picks over the years instead of the lowest ids.
    cands.sort(key=lambda c: hashlib.sha256(c[0]["id"].encode()).hexdigest())

    seen_vague = {w: 0 for w in VAGUE_TARGETS}
    seen_refs: set[str] = set()
    chosen: list[tuple[dict, date]] = []
    for kind, quota in QUOTAS:
        pool = [c for c in cands if c[2] == kind]
        for _ in range(quota):
            best = None
            for pos, (rec, pub, _k) in enumerate(pool):
                refno = rec.get("event_ref_number_in_text")
                if refno and refno in seen_refs:
                    continue  # one excerpt per release keeps the set varied
                gain = sum(1 for w in vague_words(rec["text"]) if seen_vague[w] < VAGUE_TARGETS[w])
                if best is None or gain > best[0]:
                    best = (gain, pos)
            if best is None:
                break
            rec, pub, _k = pool.pop(best[1])
            chosen.append((rec, pub))
            if rec.get("event_ref_number_in_text"):
                seen_refs.add(rec["event_ref_number_in_text"])
            for w in vague_words(rec["text"]):
                seen_vague[w] += 1
    chosen.sort(key=lambda c: (c[1], c[0]["id"]))
    return chosen


def build(isaf: Path, seed: Path) -> list[dict]:
    seed_text = seed.read_bytes().decode("utf-8").replace("\r\n", "\n")
    out = [{"id": SEED["id"], "text": seed_text, "published": SEED["published"],
            "title": SEED["title"], "publisher": SEED["publisher"], "licence": SEED["licence"]}]
    with isaf.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    for rec, pub in choose(records):
        out.append({
            "id": rec["id"],
            "text": rec["text"],
            "published": pub.isoformat(),
            "title": title_of(rec["text"]),
            "publisher": publisher_of(rec["text"]),
            "licence": ISAF_LICENCE,
        })
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--isaf", type=Path, default=DEFAULT_ISAF)
    ap.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    rows = build(args.isaf, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            line = json.dumps(row, ensure_ascii=False)
            # Escape the Unicode line separators in the ISAF texts so tools that
            # split lines with str.splitlines() still see one record per line.
            line = line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
            fh.write(line + "\n")
    print(f"wrote {len(rows)} articles to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
