"""What the scorers share: where the corpora are, reading them, spans, percentages."""
from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

SPLITS = ("dev",)
FILES = {
    "isaf": "isaf/isaf_dev.jsonl",
    "gva": "gva/gva_dev.jsonl",
    "polnear": "polnear/polnear_dev.jsonl",
    "newsquant": "newsquant/newsquant_dev.jsonl",
}
SEED_NAME = "000_3f15263bc76710e2"
SNIPPET = 160  # characters of text an error listing shows (the corpora may not be redistributed)

# progress(done, total), or progress(message) for a callback of one argument
Progress = Optional[Callable[..., None]]


class CorpusNotFound(FileNotFoundError):
    """The corpora folder (or one corpus file) is not where we looked."""


def _repo_root() -> Path:
    # src/claimledger/evaluate/common.py -> the repository (or site-packages) root
    return Path(__file__).resolve().parents[3]


def _candidates(*parts: str) -> list[Path]:
    out = [_repo_root().parent / "shared" / Path(*parts)]
    cwd = Path.cwd().resolve()
    for p in (cwd, *cwd.parents):
        out.append(p / "shared" / Path(*parts))
    seen, uniq = set(), []
    for p in out:
        if p not in seen:
            seen.add(p)
            uniq.append(p)
    return uniq


def corpora_dir(required: bool = True) -> Optional[Path]:
    """The folder with the evaluation corpora: ``$CLAIMLEDGER_CORPORA``, else the
    ``shared/corpora`` folder next to the repository (found from the package or
    from the working directory)."""
    env = os.environ.get("CLAIMLEDGER_CORPORA")
    if env:
        p = Path(env).expanduser()
        if p.is_dir():
            return p
        if not required:
            return None
        raise CorpusNotFound(f"CLAIMLEDGER_CORPORA points to {p}, which is not a folder")
    tried = _candidates("corpora")
    for p in tried:
        if p.is_dir():
            return p
    if not required:
        return None
    raise CorpusNotFound(
        "the evaluation corpora were not found; looked in " + ", ".join(str(p) for p in tried[:3])
        + (" and the parents of the working directory" if len(tried) > 3 else "")
        + ". Set CLAIMLEDGER_CORPORA to the folder that holds isaf/, gva/, polnear/ and newsquant/."
    )


def gold_dir(required: bool = True) -> Optional[Path]:
    """The folder with the seed article and its gold: ``$CLAIMLEDGER_GOLD``, else
    ``gold/`` beside the corpora folder, else ``shared/gold`` found like the corpora."""
    env = os.environ.get("CLAIMLEDGER_GOLD")
    tried: list[Path] = []
    if env:
        tried.append(Path(env).expanduser())
    else:
        c = corpora_dir(required=False)
        if c is not None:
            tried.append(c.parent / "gold")
        tried += _candidates("gold")
    for p in tried:
        if (p / f"{SEED_NAME}.gold.json").is_file():
            return p
    if not required:
        return None
    raise CorpusNotFound(
        f"the seed gold ({SEED_NAME}.gold.json) was not found; looked in "
        + ", ".join(str(p) for p in tried[:3]) + ". Set CLAIMLEDGER_GOLD to the folder that holds it."
    )


def check_split(split: str) -> None:
    if split not in SPLITS:
        raise ValueError(
            f"split {split!r} is not available: only the development halves ('dev') are here; "
            "the test halves are held out and scored separately"
        )


def corpus_file(corpus: str, path: Optional[Path] = None) -> Path:
    """The dev file of one corpus (``path`` may name the file or the corpora folder)."""
    if path is not None:
        p = Path(path)
        if p.is_dir():
            p = p / FILES[corpus]
    else:
        p = corpora_dir() / FILES[corpus]
    if not p.is_file():
        raise CorpusNotFound(f"the {corpus} corpus file is missing: {p}")
    return p


def read_jsonl(path: Path, limit: Optional[int] = None) -> list[dict[str, Any]]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            out.append(json.loads(line))
            if limit is not None and len(out) >= limit:
                break
    return out


def record_date(value):
    """A corpus record's date field as a date; the corpora carry ISO dates and
    datetimes, and an unreadable one only loses the anchor, not the record."""
    from datetime import date

    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def pct(num: float, den: float) -> Optional[float]:
    """A percentage with one decimal (None when there is nothing to measure)."""
    if not den:
        return None
    return round(100.0 * num / den, 1)


def prf(tp: float, n_pred: float, n_gold: float) -> tuple[Optional[float], Optional[float], Optional[float]]:
    """Precision, recall and F1 as percentages with one decimal."""
    p = tp / n_pred if n_pred else None
    r = tp / n_gold if n_gold else None
    f = None
    if p is not None and r is not None:
        f = 2 * p * r / (p + r) if p + r else 0.0
    r1 = lambda x: None if x is None else round(100.0 * x, 1)  # noqa: E731
    return r1(p), r1(r), r1(f)


def snippet(text: str, start: int = 0, end: Optional[int] = None, width: int = SNIPPET) -> str:
    """A short piece of text around [start, end), whitespace collapsed."""
    if end is None:
        end = start + width
    if end - start > width:
        end = start + width
    pad = max(0, (width - (end - start)) // 2)
    s, e = max(0, start - pad), min(len(text), end + pad)
    out = re.sub(r"\s+", " ", text[s:e]).strip()
    return ("…" if s > 0 else "") + out + ("…" if e < len(text) else "")


def words(text: str) -> int:
    return len(text.split())


class Timer:
    def __enter__(self):
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0


def _arity(fn: Callable) -> int:
    import inspect

    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return 2
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return 2
    return sum(1 for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))


def reporter(progress: Optional[Callable], label: str, total: int) -> Callable[[int], None]:
    """Calls ``progress(done, total)`` after each document, or, for a callback of
    one argument, ``progress("label: done/total documents")`` every 50 documents
    and at the end."""
    if progress is None:
        return lambda done: None
    if _arity(progress) >= 2:
        return lambda done: progress(done, total)

    def say(done: int) -> None:
        if done == total or done % 50 == 0:
            progress(f"{label}: {done}/{total} documents")
    return say


def extract_all(docs: Sequence, progress: Progress = None, label: str = "evaluating") -> Iterator[tuple[Any, list]]:
    """(document, claims) for each document, parsed in batches, reporting progress."""
    from ..extract.pipeline import extract_documents

    report = reporter(progress, label, len(docs))
    for i, claims in enumerate(extract_documents(iter(docs))):
        report(i + 1)
        yield docs[i], claims


# --- spans ------------------------------------------------------------------------

_EDGE = " \t\r\n\u00a0.,;:!?\"'“”‘’«»()[]—–-"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without surrounding whitespace and edge punctuation (quotes, commas,
    the final full stop): annotators and extractors disagree on these, PARC 3.0
    evaluations ignore them."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def exact_match(text: str, pred: tuple[int, int], gold: Iterable[tuple[int, int]]) -> bool:
    """The predicted span equals the gold role after trimming: equal to one piece
    of a discontinuous gold span, or to the whole stretch from its first piece
    to its last."""
    pieces = [trim(text, s, e) for s, e in gold]
    pieces = [p for p in pieces if p[1] > p[0]]
    if not pieces:
        return False
    p = trim(text, *pred)
    if p[1] <= p[0]:
        return False
    hull = (min(s for s, _ in pieces), max(e for _, e in pieces))
    return p in pieces or p == hull


def overlap_match(text: str, pred: tuple[int, int], gold: Iterable[tuple[int, int]]) -> bool:
    """The predicted span shares at least one character with a piece of the gold
    role, both trimmed (so a shared comma or space does not count)."""
    p = trim(text, *pred)
    if p[1] <= p[0]:
        return False
    for s, e in gold:
        g = trim(text, s, e)
        if g[1] > g[0] and p[0] < g[1] and g[0] < p[1]:
            return True
    return False


def overlap_chars(pred: tuple[int, int], gold: Iterable[tuple[int, int]]) -> int:
    return sum(max(0, min(pred[1], e) - max(pred[0], s)) for s, e in gold)
