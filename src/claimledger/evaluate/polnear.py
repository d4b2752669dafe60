"""PolNeAR: attribution source, cue and content spans, after PARC 3.0 conventions.

A **predicted attribution** is one claim record with a cue (``cue_span``): its
source is ``source.start/end`` (none when the claim names no source), its cue is
``cue_span`` and its content is the statement's ``content`` span, or for a
figure claim its ``evidence``. Claims that share one cue span (two figures
reported by one "said") are one attribution, their content the stretch from
the first to the last; unattributed hedged statements (no cue) are not
attributions.

A **gold attribution** is one E-line of an annotator's BRAT file: its source,
cue and content spans (a role may have several discontinuous pieces;
``Content2`` is part of the content).

**Matching a span** (both sides trimmed of whitespace and edge punctuation):

* *exact*: the predicted span equals one piece of the gold role, or the
  stretch from its first piece to its last;
* *overlap*: the predicted span shares at least one character with a piece of
  the gold role;
* a span of punctuation alone (the cue ":" of "PENCE: Well, look, ...") would
  trim to nothing: it is compared with whitespace trimmed only;
* *exact, complementizer-tolerant* (content only, reported besides the strict
  figure as ``content_exact_tolerant_*``): exact, or exact once the gold
  content's leading "that", "whether" or "if" is dropped (claimledger's
  content starts after the complementizer, PolNeAR's includes it).

**Same relation**: predicted and gold attributions are aligned one to one per
document (greedily, the pairs that match in the most roles first; ties go to
the pair whose cue matches, then to the larger character overlap). A pair may
be aligned only when its cues or its contents match (a source alone does not
make two attributions the same). A predicted span of role R is a true positive
when its aligned gold attribution has a matching R span. Precision divides by
the predicted attributions that have an R span, recall by the gold
attributions that have one. Alignment is done separately for exact and for
overlap matching.

**Annotation sets**: every annotator's set is gold. A document with k sets
(two dev documents have 6) is scored against each and each set weighs 1/k, so
every document weighs the same. Predictions whose cue lies inside a span an
annotator flagged ``Discard`` (page boilerplate) are left out for that set.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

from ..ingest.document import Document
from .common import (
    Timer, corpus_file, exact_match, extract_all, overlap_chars, overlap_match, prf, read_jsonl, record_date,
    snippet, trim, words,
)

ROLES = ("source", "cue", "content")
MODES = ("exact", "overlap")
# A third alignment, reported for the content only (``content_exact_tolerant_*``):
# exact matching that lets a gold content's leading complementizer go. PolNeAR's
# annotators keep "that" in the content ("reports that Hillary Clinton's team
# avoided ..."), claimledger's content (like the seed gold) starts after it.
TOLERANT = "exact_tolerant"
_COMPLEMENTIZER = re.compile(r"\s*(?:that|whether|if)\s+", re.IGNORECASE)
_WEIGHT = {"cue": 3, "content": 2, "source": 1}


@dataclass
class Relation:
    """One attribution: per role a list of (start, end) pieces (empty: no such role)."""
    source: list = field(default_factory=list)
    cue: list = field(default_factory=list)
    content: list = field(default_factory=list)
    id: Optional[str] = None

    def role(self, r: str) -> list:
        return getattr(self, r)


def relations_from_claims(claims) -> list[Relation]:
    """The predicted attributions of one document's claims (see the module doc)."""
    by_cue: dict[tuple[int, int], Relation] = {}
    order = []
    for c in claims:
        if c.cue_span is None:
            continue
        key = (c.cue_span.start, c.cue_span.end)
        content = c.content if (c.kind == "statement" and c.content is not None) else c.evidence
        rel = by_cue.get(key)
        if rel is None:
            rel = Relation(cue=[key], id=c.id)
            if c.source is not None and c.source.start is not None and c.source.end is not None:
                rel.source = [(c.source.start, c.source.end)]
            if content is not None:
                rel.content = [(content.start, content.end)]
            by_cue[key] = rel
            order.append(key)
        elif content is not None:
            s = min([content.start] + [a for a, _ in rel.content])
            e = max([content.end] + [b for _, b in rel.content])
            rel.content = [(s, e)]
            if not rel.source and c.source is not None and c.source.start is not None:
                rel.source = [(c.source.start, c.source.end)]
    return [by_cue[k] for k in order]


def relations_from_gold(annotation_set: dict) -> list[Relation]:
    out = []
    for a in annotation_set.get("attributions") or []:
        out.append(Relation(
            source=[(s["start"], s["end"]) for s in a.get("source") or []],
            cue=[(s["start"], s["end"]) for s in a.get("cue") or []],
            content=[(s["start"], s["end"]) for s in a.get("content") or []],
            id=a.get("id"),
        ))
    return out


def _without_complementizer(text: str, gold: list) -> Optional[list]:
    """The gold pieces with the first one's leading "that"/"whether"/"if" dropped
    (None when it has none)."""
    first = min(gold)
    m = _COMPLEMENTIZER.match(text, first[0], first[1])
    if m is None or m.end() >= first[1]:
        return None
    return [(m.end(), first[1]) if x == first else x for x in gold]


def _punctuation(text: str, span: tuple[int, int]) -> bool:
    s, e = trim(text, *span)
    return e <= s and bool(text[span[0]:span[1]].strip())


def _bare(text: str, span: tuple[int, int]) -> tuple[int, int]:
    s, e = span
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _match(text: str, mode: str, pred: list, gold: list, role: Optional[str] = None) -> bool:
    if not pred or not gold:
        return False
    if _punctuation(text, pred[0]) or any(_punctuation(text, g) for g in gold):
        # a cue of punctuation alone ("PENCE: ...") would trim to nothing: compared as it stands
        p = _bare(text, pred[0])
        pieces = [_bare(text, g) for g in gold]
        if mode == "overlap":
            return any(p[0] < ge and gs < p[1] for gs, ge in pieces)
        return p in pieces
    if mode == "overlap":
        return overlap_match(text, pred[0], gold)
    if exact_match(text, pred[0], gold):
        return True
    if mode == TOLERANT and role == "content":
        alt = _without_complementizer(text, gold)
        return alt is not None and exact_match(text, pred[0], alt)
    return False


def align(text: str, preds: list[Relation], golds: list[Relation], mode: str):
    """One-to-one alignment of predicted to gold attributions; returns
    ``[(pred_index, gold_index, {role: matched})]``."""
    cands = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            m = {r: _match(text, mode, p.role(r), g.role(r), r) for r in ROLES}
            if not (m["cue"] or m["content"]):
                continue
            weight = sum(_WEIGHT[r] for r in ROLES if m[r])
            ov = sum(overlap_chars(trim(text, *x), g.role(r)) for r in ROLES for x in p.role(r))
            cands.append((sum(m.values()), m["cue"], weight, ov, i, j, m))
    cands.sort(key=lambda x: (-x[0], -x[1], -x[2], -x[3], x[4], x[5]))
    used_p, used_g, out = set(), set(), []
    for *_, i, j, m in cands:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j, m))
    return out


def score_document(text: str, preds: list[Relation], golds: list[Relation], mode: str):
    """Per role: (true positives, predicted, gold) counts, and the alignment."""
    pairs = align(text, preds, golds, mode)
    counts = {}
    for r in ROLES:
        tp = sum(1 for _, _, m in pairs if m[r])
        counts[r] = (tp, sum(1 for p in preds if p.role(r)), sum(1 for g in golds if g.role(r)))
    return counts, pairs


def _in_discard(rel: Relation, flags: list[dict]) -> bool:
    if not rel.cue:
        return False
    s, e = rel.cue[0]
    for f in flags or []:
        if f.get("flag") != "Discard":
            continue
        for sp in f.get("spans") or []:
            if sp["start"] <= s and e <= sp["end"]:
                return True
    return False


def _role_text(text: str, spans: list, width: int = 80) -> Optional[str]:
    """The text of a role (its pieces joined by " … "), shortened to ``width``."""
    if not spans:
        return None
    out = " … ".join(re.sub(r"\s+", " ", text[s:e]).strip() for s, e in spans[:3])
    return out if len(out) <= width else out[: width - 1] + "…"


def _context(text: str, spans: list) -> Optional[str]:
    if not spans:
        return None
    s, e = spans[0]
    return snippet(text, s, e, width=120)


def score(path=None, errors: bool = False, peers: bool = False, limit: Optional[int] = None,
          progress=None) -> dict[str, Any]:
    recs = read_jsonl(corpus_file("polnear", path), limit)
    docs = [Document(text=r["text"], ref=r["id"], title=r.get("title"), published=record_date(r.get("publication_date")))
            for r in recs]
    by_id = {r["id"]: r for r in recs}
    tot = {mode: {r: [0.0, 0.0, 0.0] for r in ROLES} for mode in MODES + (TOLERANT,)}
    errs: list[dict] = []
    n_pred = n_gold = 0.0
    n_words = sum(words(d.text) for d in docs)
    with Timer() as t:
        for d, claims in extract_all(docs, progress, "polnear"):
            text = d.text
            sets = by_id[d.ref]["gold"]["annotation_sets"]
            w = 1.0 / len(sets) if sets else 0.0
            all_preds = relations_from_claims(claims)
            for k, aset in enumerate(sets):
                golds = relations_from_gold(aset)
                preds = [p for p in all_preds if not _in_discard(p, aset.get("flags"))]
                n_pred += w * len(preds)
                n_gold += w * len(golds)
                for mode in MODES + (TOLERANT,):
                    counts, pairs = score_document(text, preds, golds, mode)
                    for r in ROLES:
                        for x in range(3):
                            tot[mode][r][x] += w * counts[r][x]
                    if errors and mode == "overlap" and k == 0:
                        errs.extend(_errors(d.ref, text, preds, golds, pairs, aset.get("annotator")))
    metrics: dict[str, Any] = {}
    for mode in MODES:
        for r in ROLES:
            tp, np_, ng = tot[mode][r]
            p, rc, f = prf(tp, np_, ng)
            metrics[f"{r}_{mode}_p"] = p
            metrics[f"{r}_{mode}_r"] = rc
            metrics[f"{r}_{mode}_f1"] = f
    p, rc, f = prf(*tot[TOLERANT]["content"])
    metrics.update({f"content_{TOLERANT}_p": p, f"content_{TOLERANT}_r": rc, f"content_{TOLERANT}_f1": f})
    out: dict[str, Any] = {
        "corpus": "polnear", "split": "dev", "documents": len(docs),
        "metrics": metrics,
        "counts": {"documents": len(docs), "predicted_attributions": round(n_pred, 1),
                   "gold_attributions": round(n_gold, 1),
                   **{f"{r}_{mode}_tp": round(tot[mode][r][0], 1) for mode in MODES for r in ROLES},
                   f"content_{TOLERANT}_tp": round(tot[TOLERANT]["content"][0], 1)},
        "settings": {"limit": limit, "annotation_sets": "each set weighs 1/k"},
        "seconds": round(t.seconds, 1), "words": n_words,
        "words_per_second": round(n_words / t.seconds) if t.seconds else None,
    }
    if errors:
        out["errors"] = errs
    return out


def _errors(doc_id, text, preds, golds, pairs, annotator):
    """Misses, spurious attributions and wrong roles under overlap matching, and
    roles that overlap but are not exact (the first annotation set of a document)."""
    out = []
    pi = {i for i, _, _ in pairs}
    gi = {j for _, j, _ in pairs}
    for j, g in enumerate(golds):
        if j not in gi:
            out.append({"document": doc_id, "kind": "miss", "annotator": annotator,
                        "gold": {r: _role_text(text, g.role(r)) for r in ROLES}, "predicted": None,
                        "snippet": _context(text, g.cue or g.content)})
    for i, p in enumerate(preds):
        if i not in pi:
            out.append({"document": doc_id, "kind": "spurious", "annotator": annotator, "gold": None,
                        "predicted": {r: _role_text(text, p.role(r)) for r in ROLES},
                        "snippet": _context(text, p.cue)})
    for i, j, m in pairs:
        bad = [r for r in ROLES if not m[r] and (preds[i].role(r) or golds[j].role(r))]
        for r in bad:
            out.append({"document": doc_id, "kind": "wrong", "role": r, "annotator": annotator,
                        "gold": _role_text(text, golds[j].role(r)),
                        "predicted": _role_text(text, preds[i].role(r)),
                        "snippet": _context(text, golds[j].cue)})
        for r in ROLES:
            if m[r] and not _match(text, "exact", preds[i].role(r), golds[j].role(r)):
                out.append({"document": doc_id, "kind": "inexact", "role": r, "annotator": annotator,
                            "gold": _role_text(text, golds[j].role(r)),
                            "predicted": _role_text(text, preds[i].role(r)),
                            "snippet": _context(text, golds[j].cue)})
    return out
