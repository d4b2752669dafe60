"""Parameters shared by the API and the pages: claim filters, figure filters, cursors.

FastAPI validates types and ranges (a wrong type, a date that is not one, a page
size over :data:`MAX_PAGE` are 422 problems); :func:`~.app.strict_query` refuses
unknown and repeated parameters. Cursors are opaque to clients: base64url JSON
holding the sort, the last row's sort key and a hash of the filters, so a
cursor used with other filters or another sort is a 400, never a wrong page.
"""
from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Annotated, Any, Literal, Optional

from fastapi import Query
from pydantic import StringConstraints

from ..ledger.store import CLAIM_SORTS, DOCUMENT_SORTS
from .problems import Problem

MAX_PAGE = 500
DEFAULT_PAGE = 50
GRADE_PATTERN = r"^[A-Fa-f][1-6]?$"

# constraints on each value of a repeatable parameter (FastAPI cannot put them on the list)
Metric = Annotated[str, StringConstraints(max_length=64)]
GradeCode = Annotated[str, StringConstraints(pattern=GRADE_PATTERN)]

ClaimSort = Literal[CLAIM_SORTS]  # type: ignore[valid-type]
DocumentSort = Literal[DOCUMENT_SORTS]  # type: ignore[valid-type]


@dataclass
class ClaimFilters:
    metric: Optional[list[str]] = None
    kind: Optional[str] = None
    actor: Optional[str] = None
    source: Optional[str] = None
    place: Optional[str] = None
    since: Optional[date] = None
    until: Optional[date] = None
    grade: Optional[list[str]] = None
    q: Optional[str] = None
    document: Optional[str] = None

    def ledger_kwargs(self) -> dict[str, Any]:
        return dict(metric=self.metric or None, kind=self.kind, actor=self.actor or None,
                    source=self.source or None, place=self.place or None, since=self.since, until=self.until,
                    document_id=self.document or None, q=self.q if self.q and self.q.strip() else None)

    def grade_match(self, grade) -> bool:
        """Whether a claim graded ``grade`` passes the grade filter ("B" any B, "B2" exactly)."""
        if not self.grade:
            return True
        if grade is None:
            return False
        for g in self.grade:
            g = g.upper()
            if g == grade.code or (len(g) == 1 and g == grade.reliability):
                return True
        return False

    def fingerprint(self) -> str:
        return _hash(asdict(self))

    def active(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, [], "")}


def claim_filters(
    metric: Optional[list[Metric]] = Query(None, description="killed, wounded, casualties, deployed, ... "
                                                             "(repeatable: any of)"),
    kind: Optional[Literal["figure", "statement"]] = Query(None, description="figure or statement"),
    actor: Optional[str] = Query(None, max_length=200, description="the subject's actor name or ISO country code "
                                                                    "(case-insensitive, whole value)"),
    source: Optional[str] = Query(None, max_length=200, description="part of the source's name or mention"),
    place: Optional[str] = Query(None, max_length=200, description="the location's ISO country code, region, "
                                                                    "or part of its name"),
    since: Optional[date] = Query(None, description="claims dated on or after (the claim's date, else the "
                                                    "article's published date)"),
    until: Optional[date] = Query(None, description="claims dated on or before"),
    grade: Optional[list[GradeCode]] = Query(None, description="Admiralty grade: a reliability letter (B) or a code (B2); "
                                                   "repeatable: any of"),
    q: Optional[str] = Query(None, max_length=500,
                             description='full-text search of evidence, source and actor: words (all), '
                                         '"a phrase", or, -word; stemmed English'),
    document: Optional[str] = Query(None, pattern=r"^[0-9a-f]{16}$", description="one document's claims"),
) -> ClaimFilters:
    return ClaimFilters(metric=metric, kind=kind, actor=actor, source=source, place=place, since=since,
                        until=until, grade=grade, q=q, document=document)


@dataclass
class FigureFilters:
    metric: Optional[list[str]] = None
    actor: Optional[str] = None
    topic: Optional[str] = None
    since: Optional[date] = None
    as_of: Optional[date] = None
    scope: str = "actor"

    def fingerprint(self) -> str:
        return _hash(asdict(self))

    def active(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, [], "")}


def figure_filters(
    metric: Optional[list[Metric]] = Query(None, description="repeatable: any of"),
    actor: Optional[str] = Query(None, max_length=200, description="actor name or ISO country code"),
    topic: Optional[str] = Query(None, max_length=200, description="words found in the figure's label, subjects, "
                                                                    "sources or evidence"),
    since: Optional[date] = Query(None, description="figures with a claim dated on or after"),
    as_of: Optional[date] = Query(None, description="estimate as of this date (later claims left out)"),
    scope: Literal["actor", "article", "all"] = Query(
        "actor", description="actor: figures across articles; article: actor-less counts within one article; all"),
) -> FigureFilters:
    return FigureFilters(metric=metric, actor=actor, topic=topic, since=since, as_of=as_of, scope=scope)


def page_limit(limit: int = Query(DEFAULT_PAGE, ge=1, le=MAX_PAGE, description=f"page size, at most {MAX_PAGE}"),
               ) -> int:
    return limit


def cursor_param(cursor: Optional[str] = Query(None, max_length=2000,
                                               description="the `next` cursor of the previous page")
                 ) -> Optional[str]:
    return cursor


# --- cursors -------------------------------------------------------------------------------------


def _hash(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:12]


def encode_cursor(sort: str, key: Any, fingerprint: str) -> str:
    raw = json.dumps({"s": sort, "k": key, "f": fingerprint}, separators=(",", ":"), default=str)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: Optional[str], sort: str, fingerprint: str) -> Any:
    """The key inside ``cursor`` (None if there is none); a 400 problem if it is not ours."""
    if cursor is None or cursor == "":
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise Problem(400, "bad-cursor", "the cursor is not valid") from None
    if not isinstance(data, dict) or "k" not in data:
        raise Problem(400, "bad-cursor", "the cursor is not valid")
    if data.get("s") != sort:
        raise Problem(400, "bad-cursor", "the cursor belongs to another sort order")
    if data.get("f") != fingerprint:
        raise Problem(400, "bad-cursor", "the cursor belongs to other filters")
    return data["k"]
