"""Placeholder while the gazetteer is written."""
from __future__ import annotations

from ..model import Location


def find_places(text: str) -> list[Location]:
    return []


def lookup(name: str, country_hint=None):
    return None


def province_of(text: str):
    return None
