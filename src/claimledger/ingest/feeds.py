"""RSS and Atom feeds to entries, refusing XML bombs first.

A feed is parsed twice: first by defusedxml, which refuses entity
declarations (the "billion laughs" expansion bomb and its relatives), external
entities and DTD tricks, and tells plainly when the bytes are not XML at all;
only XML that passes is handed to feedparser, which knows the many dialects
of RSS and Atom (dates, authors, content vs summary, relative links).

An entry carries *full text* when its content (``content:encoded``,
``atom:content``) has at least :data:`FULL_TEXT_MIN_CHARS` characters of
text; then that text is the document. Otherwise the entry's link is fetched
and the page's article text is the document (unless ``--no-follow``, which
keeps the feed's own text: content, else summary).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from .readers import _Refused, parse_published

__all__ = ["Feed", "FeedEntry", "parse_feed", "looks_like_feed", "FULL_TEXT_MIN_CHARS"]

#: Entry content at least this long (in characters of text) counts as the full article.
FULL_TEXT_MIN_CHARS = 500
_FEED_ROOTS = {"rss", "feed", "RDF", "channel"}


@dataclass
class FeedEntry:
    key: str  # stable identity within the feed: guid / id, else link, else a hash
    link: Optional[str]
    title: Optional[str]
    published: Optional[date]
    author: Optional[str]
    content: Optional[str]  # text of content:encoded / atom:content
    summary: Optional[str]  # text of description / summary
    index: int = 0

    @property
    def full_text(self) -> bool:
        return bool(self.content) and len(self.content) >= FULL_TEXT_MIN_CHARS

    @property
    def own_text(self) -> Optional[str]:
        """What the feed itself says: content, else summary."""
        return self.content or self.summary or None


@dataclass
class Feed:
    title: Optional[str]
    link: Optional[str]
    version: str
    entries: list[FeedEntry] = field(default_factory=list)


def looks_like_feed(head: bytes) -> bool:
    """A cheap sniff of the first bytes: an RSS/Atom/RDF root near the top."""
    h = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if h.startswith((b"<rss", b"<feed", b"<rdf:rdf")):
        return True
    return h.startswith(b"<?xml") and any(t in h for t in (b"<rss", b"<feed", b"<rdf:rdf"))


def _check_xml(data: bytes) -> str:
    """Parse with defusedxml; return the root's local name or raise ``_Refused``."""
    import defusedxml
    import defusedxml.ElementTree as DET

    try:
        root = DET.fromstring(data)
    except defusedxml.EntitiesForbidden as e:
        raise _Refused(f"refused: the XML declares entity {e.name!r}; entity declarations are not accepted "
                       f"(an entity-expansion bomb?)") from None
    except defusedxml.ExternalReferenceForbidden as e:
        raise _Refused(f"refused: the XML references an external entity ({e.sysid or e.pubid})") from None
    except defusedxml.DTDForbidden:
        raise _Refused("refused: the XML has a DTD") from None
    except defusedxml.DefusedXmlException as e:
        raise _Refused(f"refused unsafe XML: {e}") from None
    except DET.ParseError as e:
        raise _Refused(f"not XML: {e}") from None
    except (ValueError, RecursionError) as e:
        raise _Refused(f"not XML: {e}") from None
    tag = root.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else str(tag)


def _entry_date(e) -> Optional[date]:
    for key in ("published", "updated", "created"):
        raw = e.get(key)
        if raw:
            try:
                d = parse_published(raw)
                if d is not None:
                    return d
            except ValueError:
                pass
        parsed = e.get(f"{key}_parsed")
        if parsed:
            return date(*parsed[:3])
    return None


def _text(detail) -> Optional[str]:
    from .html import fragment_text

    if not detail:
        return None
    value = detail.get("value") if isinstance(detail, dict) else str(detail)
    if not value:
        return None
    kind = (detail.get("type") or "") if isinstance(detail, dict) else ""
    text = value.strip() if kind == "text/plain" else fragment_text(value)
    return text or None


def parse_feed(data: bytes, *, url: Optional[str] = None, content_type: Optional[str] = None) -> Feed:
    """Entries of an RSS/Atom feed. Raises ``_Refused`` with the reason."""
    import feedparser

    if not data.strip():
        raise _Refused("empty feed")
    root = _check_xml(data)
    if root not in _FEED_ROOTS:
        raise _Refused(f"XML but not an RSS or Atom feed (root element <{root}>)")
    headers = {"content-type": content_type or "application/xml"}
    if url:
        headers["content-location"] = url
    fp = feedparser.parse(data, response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    if not fp.get("version") and not fp.entries:
        why = f": {fp.bozo_exception}" if fp.get("bozo") else ""
        raise _Refused(f"not an RSS or Atom feed{why}")
    feed = Feed(title=(fp.feed.get("title") or None), link=fp.feed.get("link"), version=fp.get("version") or "")
    for i, e in enumerate(fp.entries):
        content = None
        for c in e.get("content") or []:
            content = _text(c)
            if content:
                break
        summary = _text(e.get("summary_detail")) or (_text({"value": e.get("summary")}) if e.get("summary") else None)
        link = e.get("link") or None
        key = e.get("id") or link
        if not key:
            basis = f"{e.get('title', '')}\n{content or summary or ''}"
            key = "sha256:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]
        feed.entries.append(FeedEntry(
            key=str(key), link=link, title=e.get("title") or None, published=_entry_date(e),
            author=e.get("author") or None, content=content, summary=summary, index=i,
        ))
    return feed
