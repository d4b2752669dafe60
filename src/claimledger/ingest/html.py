"""HTML pages to documents: main text and metadata via trafilatura.

The article text trafilatura keeps (navigation, footers, comments and
boilerplate dropped; paragraphs one per line) *is* the document text: evidence
offsets point into it, and the document's identity is its hash, so the same
page saved to disk and fetched from its URL is one document.

Decoding follows the order browsers use, but stops where a browser would
guess: a byte-order mark, then the HTTP ``charset``, then a ``<meta charset>``
or ``http-equiv`` declaration in the first 4 kB; with none of these the page
must be valid UTF-8, or it is refused (a guessed legacy encoding would quietly
corrupt names and figures). ``iso-8859-1`` and ``ascii`` labels are read as
windows-1252, as every browser does.
"""
from __future__ import annotations

import codecs
import logging
import re
from typing import Optional, Union

from .readers import ReadError, _binary_reason, _make_document, _Refused  # noqa: F401 - shared checks

__all__ = ["decode_html", "html_document", "fragment_text", "looks_like_html", "MIN_WORDS"]

#: Fewer words than this in the extracted main text: the page has no article.
MIN_WORDS = 6
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "l1": "cp1252",
                   "us-ascii": "cp1252", "ascii": "cp1252", "iso8859-1": "cp1252", "x-user-defined": "cp1252"}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))

for _name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_config = None


def _trafilatura_config():
    global _config
    if _config is None:
        from trafilatura.settings import use_config

        cfg = use_config()
        # keep short articles (one-paragraph press releases): no minimum before fallbacks
        cfg.set("DEFAULT", "MIN_EXTRACTED_SIZE", "0")
        cfg.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
        # no SIGALRM timers: extraction also runs in fetch threads
        cfg.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
        _config = cfg
    return _config


def _codec(label: str) -> str:
    label = label.strip().lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        raise _Refused(f"unknown charset {label!r}") from None


def decode_html(data: bytes, declared: Optional[str] = None, *, served_as: str = "text/html") -> str:
    """Bytes of a page to text (see module doc for the order). Raises ``_Refused``."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc)
            except UnicodeDecodeError as e:
                raise _Refused(f"invalid {enc} after its byte-order mark at byte {e.start + len(bom)}") from None
    reason = _binary_reason(data)
    if reason:
        raise _Refused(f"{reason.replace('binary file', 'binary content')}, served as {served_as}")
    source = "Content-Type header"
    if not declared:
        m = _META_CHARSET.search(data[:4096])
        if m:
            declared, source = m.group(1).decode("ascii", "replace"), "<meta> tag"
    if declared:
        enc = _codec(declared)
        try:
            return data.decode(enc)
        except UnicodeDecodeError as e:
            bad = data[e.start:e.start + 4].hex(" ")
            raise _Refused(f"not valid {declared} as its {source} declares: bad bytes {bad} at offset {e.start}") \
                from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad = data[e.start:e.start + 4].hex(" ")
        raise _Refused(
            f"not UTF-8 (bytes {bad} at offset {e.start}) and no charset declared in the Content-Type "
            f"header or a <meta> tag; refusing to guess the encoding") from None


def looks_like_html(head: bytes) -> bool:
    h = head[:1024].lstrip().lower()
    for bom, _ in _BOMS:
        if h.startswith(bom):
            h = h[len(bom):]
    return h.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or (
        h.startswith(b"<!--") and b"<html" in h)


def _parse(text: str):
    from trafilatura.utils import load_html

    tree = load_html(text)
    if tree is None and _TAG.search(text[:100_000]):
        # a fragment ("<p>...</p>") or a page lacking <html>: give it one
        tree = load_html("<html><body>" + text + "</body></html>")
    if tree is None or not any(True for _ in tree.iter()):
        raise _Refused("malformed HTML: no HTML elements could be parsed")
    return tree


def html_document(
    data: Union[bytes, str],
    ref: str,
    *,
    url: Optional[str] = None,
    charset: Optional[str] = None,
    served_as: str = "text/html",
    published=None,
    title: Optional[str] = None,
    publisher: Optional[str] = None,
    language: Optional[str] = None,
    meta: Optional[dict] = None,
    overrides: Optional[dict] = None,
):
    """A :class:`Document` from an HTML page. Raises :class:`ReadError`.

    Metadata precedence: ``overrides`` (what a corpus record or feed entry
    says explicitly) > the page's own metadata (trafilatura: JSON-LD, Open
    Graph, <meta>, <title>) > ``published`` etc. (the run's defaults).
    """
    import trafilatura

    try:
        text = decode_html(data, charset, served_as=served_as) if isinstance(data, (bytes, bytearray)) else data
        if not text.strip():
            raise _Refused("empty page")
        tree = _parse(text)
        try:
            res = trafilatura.bare_extraction(
                tree, url=url, with_metadata=True, include_comments=False, include_tables=False,
                include_images=False, include_links=False, config=_trafilatura_config(),
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
        except Exception as e:  # noqa: BLE001 - a parser failure is this input's problem only
            raise _Refused(f"malformed HTML: extraction failed ({type(e).__name__}: {e})") from None
        body = (res.text if res is not None else None) or ""
        words = len(body.split())
        if words < MIN_WORDS:
            shown = f" (only {body.strip()!r})" if body.strip() else ""
            raise _Refused(f"no article text found in the page{shown}")
        page = {
            "title": res.title, "publisher": res.sitename, "published": res.date,
        }
        m = dict(meta or {})
        for key, value in (("author", res.author), ("canonical_url", res.url), ("description", res.description),
                           ("hostname", res.hostname)):
            if value and key not in m:
                m[key] = value
        o = {k: v for k, v in (overrides or {}).items() if v not in (None, "")}
        if "author" in o:
            m["author"] = o.pop("author")
        pub = o.get("published") or page["published"] or published
        return _make_document(
            body, ref=ref, url=url,
            title=o.get("title") or page["title"] or title,
            publisher=o.get("publisher") or page["publisher"] or publisher,
            published=pub, language=o.get("language") or language, meta=m,
        )
    except _Refused as e:
        raise ReadError(ref, str(e)) from None


# --------------------------------------------------------------------------- fragments

_BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "table",
           "section", "article", "header", "footer", "pre", "figure", "figcaption", "dd", "dt", "hr"}


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content): one paragraph per line.

    Trafilatura is built for whole pages and drops short fragments; this keeps
    every paragraph, without scripts and styles.
    """
    import lxml.html

    if not _TAG.search(fragment) and "&" not in fragment:
        return _tidy(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - unparseable markup: fall back to stripping tags
        return _tidy(re.sub(r"<[^>]*>", " ", fragment))
    for bad in root.xpath(".//script|.//style|.//noscript|.//iframe"):
        bad.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            if el.text is not None or len(el):
                el.text = "\n" + (el.text or "")
    return _tidy(root.text_content())


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)
