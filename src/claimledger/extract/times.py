"""Placeholder while time resolution is written."""
from __future__ import annotations

from ..model import TimeRef


def published_ref(published) -> TimeRef:
    return TimeRef(date=published.isoformat() if published else None, precision="day" if published else None, basis="published")


def find_times(text: str, published=None) -> list[TimeRef]:
    return []


def resolve(expression: str, published=None) -> TimeRef:
    return TimeRef(text=expression)


def dateline_date(text: str, published=None):
    return None
