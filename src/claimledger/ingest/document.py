"""A document: one article's text and what is known about where it came from.

Identity is the hash of the *normalised* text, so the same article stored
from a file, a feed and a URL is one document; evidence offsets point into
the original ``text``, which is kept as read.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFC, unified quotes and dashes, collapsed whitespace: the identity of an article's text."""
    t = unicodedata.normalize("NFKC", text)
    t = t.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    t = t.replace("\u2013", "-").replace("\u2014", "-")
    return _WS.sub(" ", t).strip()


def document_id(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


@dataclass
class Document:
    text: str
    ref: Optional[str] = None  # the caller's own name: a path, a JSONL record id
    url: Optional[str] = None
    title: Optional[str] = None
    publisher: Optional[str] = None
    published: Optional[date] = None
    language: Optional[str] = None
    meta: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return document_id(self.text)
