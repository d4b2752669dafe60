"""ISAF press releases: the per-document summary against the annotator's counts.

Per release the gold has ``min_killed``, ``min_captured``, ``start_date`` and
``province``. We score, as exact-match accuracy over the releases:

* ``killed``: the summary's ``killed`` total against ``min_killed``;
* ``captured``: the summary's ``captured_or_detained`` total against
  ``min_captured`` (ISAF's "captured" is what other sources call detained or
  arrested: the annotator counts "detained two suspects" as captured 2);
* ``date``: the summary's date against ``start_date`` (releases carry no
  metadata date: the dateline, "KABUL, Afghanistan (Nov. 20, 2011)", is passed
  to the extractor as the published date when ``times.dateline_date`` reads it);
* ``province``: ``places.province_of(text)`` (else the summary's first place with
  an ``admin1``) against ``province``, names folded to one spelling
  (paktia = paktya, oruzgan = uruzgan ...); releases whose gold is "??" or empty
  are left out of this one.

Conventions: vague words take the ``count`` reading of vague.yaml ("several" =
3, "numerous" = 4, "multiple" = 3, "a number of" = 3: the values ISAF's
annotator uses most). The gold counts are *minimums*, and the annotator reads
"more than 30" as 31 (10 of 10 such dev releases), so the summary is made with
``exclusive_bounds=True``. Some texts hold an update release pasted under the
release (its own headline, number and dateline); the annotator codes the first,
so the summary counts the first story only (``claimledger.stories``).
"""
from __future__ import annotations

import re
from typing import Any, Optional

from ..ingest.document import Document
from ..summary import explain, summarize
from .common import Timer, corpus_file, extract_all, pct, read_jsonl, snippet, words

PROVINCE_ALIASES = {
    "paktya": "paktia", "paktiya": "paktia", "paktia": "paktia",
    "sar e pul": "sar-e pul", "sari pul": "sar-e pul", "sar i pul": "sar-e pul", "sar e pol": "sar-e pul",
    "sar-e pul": "sar-e pul", "sarepul": "sar-e pul", "sar pul": "sar-e pul",
    "oruzgan": "uruzgan", "urozgan": "uruzgan", "uruzgan": "uruzgan", "orozgan": "uruzgan",
    "maidan wardak": "wardak", "wardak": "wardak", "vardak": "wardak", "maydan wardak": "wardak",
    "ningarhar": "nangarhar", "nangarhar": "nangarhar", "nangahar": "nangarhar",
    "konar": "kunar", "kunar": "kunar", "zabol": "zabul", "zabul": "zabul",
    "jawzjan": "jowzjan", "jozjan": "jowzjan", "jowzjan": "jowzjan", "nimruz": "nimroz", "nimroz": "nimroz",
    "hilmand": "helmand", "helmand": "helmand", "khowst": "khost", "khost": "khost", "lowgar": "logar",
    "logar": "logar", "hirat": "herat", "herat": "herat", "kondoz": "kunduz", "qonduz": "kunduz",
    "kunduz": "kunduz", "nurestan": "nuristan", "nuristan": "nuristan", "bamiyan": "bamyan", "bamyan": "bamyan",
    "daikundi": "daykundi", "daykundi": "daykundi", "panjsher": "panjshir", "panjshir": "panjshir",
    "parvan": "parwan", "parwan": "parwan", "faryob": "faryab", "faryab": "faryab",
}


def norm_province(name: Optional[str]) -> Optional[str]:
    if not name:
        return None
    s = name.lower().replace("province", "").replace("-", " ").strip()
    s = re.sub(r"\s+", " ", s)
    if s in ("", "??", "?"):
        return None
    return PROVINCE_ALIASES.get(s, PROVINCE_ALIASES.get(s.replace(" ", ""), s))


def gold_provinces(gold: dict) -> Optional[frozenset]:
    """The gold provinces of a release (None: not scored)."""
    names = [p for item in gold.get("province") or [] for p in str(item).split(";")]
    got = {norm_province(p) for p in names}
    got.discard(None)
    return frozenset(got) if got else None


def predicted_provinces(text: str, summary: dict) -> frozenset:
    got = None
    try:
        from ..extract.places import province_of
    except ImportError:
        province_of = None
    if province_of is not None:
        got = province_of(text)
    if not got:
        got = [p.get("admin1") for p in summary.get("places") or [] if p.get("admin1")][:1]
    if isinstance(got, str):
        got = [got]
    out = {norm_province(p) for p in got or []}
    out.discard(None)
    return frozenset(out)


def _published(text: str):
    try:
        from ..extract.times import dateline_date
    except ImportError:
        return None
    try:
        return dateline_date(text)
    except Exception:
        return None


def score(path=None, errors: bool = False, peers: bool = False, limit: Optional[int] = None,
          progress=None, vague: str = "count", exclusive_bounds: bool = True) -> dict[str, Any]:
    recs = read_jsonl(corpus_file("isaf", path), limit)
    docs = [Document(text=r["text"], ref=r["id"], published=_published(r["text"])) for r in recs]
    gold = {r["id"]: r["gold"] for r in recs}
    right = {"killed": 0, "captured": 0, "date": 0, "province": 0}
    n_prov = 0
    errs: list[dict] = []
    n_words = sum(words(d.text) for d in docs)
    with Timer() as t:
        for d, claims in extract_all(docs, progress, "isaf"):
            g = gold[d.ref]
            s = summarize(claims, vague=vague, exclusive_bounds=exclusive_bounds, document_ref=d.ref,
                          published=d.published.isoformat() if d.published else None,
                          text=d.text)
            checks = [
                ("killed", g.get("min_killed") or 0, s["totals"].get("killed", 0), "killed"),
                ("captured", g.get("min_captured") or 0, s["totals"].get("captured_or_detained", 0),
                 "captured_or_detained"),
            ]
            for field, gv, pv, metric in checks:
                if gv == pv:
                    right[field] += 1
                elif errors:
                    why = explain(claims, metric, vague=vague, exclusive_bounds=exclusive_bounds, text=d.text)
                    errs.append({
                        "document": d.ref, "field": field, "gold": gv, "predicted": pv,
                        "kind": "miss" if pv < gv else "spurious",
                        "counted": why["counted"], "restated": why["restated"], "parts": why["parts"],
                        "snippet": _body_snippet(d.text),
                    })
            gd = g.get("start_date")
            if gd == s["date"]:
                right["date"] += 1
            elif errors:
                errs.append({"document": d.ref, "field": "date", "gold": gd, "predicted": s["date"],
                             "kind": "wrong", "snippet": _body_snippet(d.text)})
            gp = gold_provinces(g)
            if gp is not None:
                n_prov += 1
                pp = predicted_provinces(d.text, s)
                if pp == gp:
                    right["province"] += 1
                elif errors:
                    errs.append({"document": d.ref, "field": "province", "gold": sorted(gp),
                                 "predicted": sorted(pp), "kind": "wrong", "snippet": _body_snippet(d.text)})
    n = len(docs)
    out: dict[str, Any] = {
        "corpus": "isaf", "split": "dev", "documents": n,
        "metrics": {
            "killed_exact": pct(right["killed"], n),
            "captured_exact": pct(right["captured"], n),
            "date_exact": pct(right["date"], n),
            "province_exact": pct(right["province"], n_prov),
        },
        "counts": {"documents": n, "province_scored": n_prov, **{f"{k}_right": v for k, v in right.items()}},
        "settings": {"vague": vague, "exclusive_bounds": exclusive_bounds, "captured": "captured_or_detained",
                     "limit": limit},
        "seconds": round(t.seconds, 1), "words": n_words,
        "words_per_second": round(n_words / t.seconds) if t.seconds else None,
    }
    if errors:
        out["errors"] = errs
    return out


def _body_snippet(text: str) -> str:
    """The release body, past its header (reference number, "For Immediate Release", dateline)."""
    m = re.search(r"\(\w+\.? \d{1,2}, \d{4}\)\s*", text)
    start = m.end() if m else 0
    return snippet(text, start, start + 240, width=240)
