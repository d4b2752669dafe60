"""Which part of a page is the story: the incident a coder would record.

A page dump is more than its story. Web pages carry site chrome, lists of
other headlines with their teasers, caption boxes of other videos, "RELATED:"
links; a press-release archive pastes the update under the release it
updates. A per-document summary that counts the figures of all of it adds
other incidents to the one reported ("nine people ... wounded in shootings
across the city", "Texas mother charged with killing her 5 children").

The page is cut into stories at the marks that end one: a rule line ("---",
"* * *"), a section header of other content ("Related stories", "Most
popular"; ``data/stories.yaml``), and a second dateline ("KABUL, Afghanistan
(Jan. 28, 2011) —") with the headline block above it. The story is the one
whose headline the page's title names, else the first that holds prose.
Inside it, lines of page furniture (captions, "RELATED:" links, teasers that
trail off in "...") are left out too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from . import vocab

# lines: newlines and the Unicode line/paragraph separators some page dumps use
_LINE = re.compile(r"[^\n\u2028\u2029]+")
_RULE = re.compile(r"^\s*(?:[-*=_~#•·]\s*){3,}$")
# "KABUL, Afghanistan (Jan. 28, 2011) —", "CHICAGO (STMW) —", "FORT MYERS, Fla.-",
# "SPANISH FORK —", "KABUL, Afghanistan (May 17)" alone on its line
_DATELINE = re.compile(
    r"^[\s\"“'‘*•]{0,3}(?-i:[A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+)*)"
    r"(?:,\s*(?-i:[A-Z])[\w.]*(?:\s+(?-i:[A-Z])[\w.]*){0,2})?\s*"
    r"(?:\([^)\n]{1,40}\)\s*)?(?:(?:[—–]|-{1,2})(?=\s)|$)")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = {"the", "and", "for", "with", "from", "after", "into", "that", "this", "are", "was", "were", "has",
         "have", "its", "his", "her", "their", "who", "new", "news"}
# a site name after the headline: "Teen shot ... - WKRN News 2", "... :: WRAL.com", "... « CBS Chicago"
_TITLE_SEP = re.compile(r"\s+(?:[-–—|«»]|::)\s+")
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_ON_SITE = re.compile(r"\s+(?:on|from|at)\s+\S+(?:\s+\S+)?\s*$", re.IGNORECASE)
_TEASER_END = re.compile(r"(?:\s\.{3}|…)\s*$")


@dataclass(frozen=True)
class Story:
    """One story of a page: its character span and the lines inside it that
    are page furniture, not the story's prose."""
    start: int
    end: int
    furniture: tuple[tuple[int, int], ...] = field(default=())

    def holds(self, offset: int) -> bool:
        """Whether a character of the page belongs to the story's own text."""
        if not (self.start <= offset < self.end):
            return False
        return not any(a <= offset < b for a, b in self.furniture)


@lru_cache(maxsize=None)
def _vocab() -> tuple[frozenset, re.Pattern, re.Pattern]:
    v = vocab.load("stories")
    headers = frozenset(_norm(h) for h in v.get("section_headers") or ())
    labels = "|".join(sorted((re.escape(x) for x in v.get("line_labels") or ()), key=len, reverse=True))
    captions = "|".join(re.escape(x) for x in v.get("caption_words") or ())
    label_re = re.compile(rf"^[\W_]{{0,3}}(?:{labels})\s*(?::|\s[-–—]\s)", re.IGNORECASE)
    caption_re = re.compile(rf"^\s*(?:{captions})\s+\S") if captions else re.compile(r"(?!x)x")
    return headers, label_re, caption_re


def _norm(s: str) -> str:
    return " ".join(_WORD.findall(s.lower()))


def _lines(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _LINE.finditer(text):
        s = m.group(0)
        if s.strip():
            lead = len(s) - len(s.lstrip())
            out.append((m.start() + lead, m.end(), s.strip()))
    return out


def _prose(line: str) -> bool:
    """A sentence of running text, not a headline, label or link."""
    n = len(line.split())
    return n >= 25 or (n >= 8 and line.rstrip()[-1:] in '.!?"”’\')')


def _headerish(line: str) -> bool:
    """A line of a story's header: headline, release number, "For Immediate Release"."""
    return not _prose(line) and len(line.split()) <= 20


def _section_header(line: str) -> bool:
    headers, _, _ = _vocab()
    s = line.strip().rstrip(":").strip()
    if len(s.split()) <= 6 and _norm(s) in headers:
        return True
    # "More stories you may like on 7News", "Trending on KSL": a header with the site's name
    site = _ON_SITE.search(s)
    return site is not None and len(s[:site.start()].split()) <= 6 and _norm(s[:site.start()]) in headers


def _furniture_line(line: str, prev: Optional[str]) -> bool:
    _, label_re, caption_re = _vocab()
    if label_re.match(line) or caption_re.match(line):
        return True
    # a teaser: a headline, then its first words trailing off ("... across the nation ...")
    return bool(_TEASER_END.search(line)) and prev is not None and _headerish(prev)


def _opens_story(lines: list[tuple[int, int, str]]) -> bool:
    """Whether the lines after a rule open a story of their own: a header
    block (headline, release number ...) before its prose or its dateline. A
    rule before an earlier version of the same story ("***UPDATED at 11:37
    A.M.***", or its dateline straight away) does not."""
    head = 0
    for _, _, line in lines[:6]:
        if _DATELINE.match(line):
            return head >= 1
        if _prose(line):
            break
        head += 1
    return head >= 2


def stories(text: str) -> list[Story]:
    """The stories of a page in order; the blocks that follow a section header
    of other content are left out."""
    lines = _lines(text)
    cuts: list[tuple[int, bool]] = [(0, False)]  # (line index where a story starts, after a section header)
    dated = False
    for i, (_, _, line) in enumerate(lines):
        if _RULE.match(line):
            if _opens_story(lines[i + 1:]):
                cuts.append((i + 1, False))
                dated = False
        elif _section_header(line):
            cuts.append((i + 1, True))
            dated = False
        elif _DATELINE.match(line):
            if dated:
                # the new story starts at its header block: the headline lines just above
                # (a dateline straight after prose is the same story told again: a lede, then the article)
                j = i
                while j > cuts[-1][0] and _headerish(lines[j - 1][2]) and not _RULE.match(lines[j - 1][2]):
                    j -= 1
                if j < i:
                    cuts.append((j, False))
            dated = True
    out = []
    for k, (i, chrome) in enumerate(cuts):
        j = cuts[k + 1][0] if k + 1 < len(cuts) else len(lines)
        if chrome or j <= i:
            continue
        block = lines[i:j]
        furniture = tuple((a, b) for n, (a, b, s) in enumerate(block)
                          if _furniture_line(s, block[n - 1][2] if n else None))
        out.append(Story(block[0][0], block[-1][1], furniture))
    return out


def _headline_text(title: str) -> str:
    """A page title without the site's name after it."""
    parts = [p for p in _TITLE_SEP.split(title) if p.strip()]
    return max(parts, key=lambda p: len(p.split())) if parts else title


def _headline(title: Optional[str]) -> list[str]:
    """The content words of a page title's headline."""
    if not title:
        return []
    return [w for w in _WORD.findall(_headline_text(title).lower()) if len(w) > 2 and w not in _STOP]


def main_story(text: str, title: Optional[str] = None) -> Optional[Story]:
    """The story a page is about: the one that opens with (or holds) the
    headline its title names, else the first that holds prose; None for a page
    without any."""
    found = stories(text)
    words = _headline(title)
    head = _WORD.findall(_headline_text(title).lower()) if title else []
    if len(words) >= 3:
        want = set(words)
        for st in found:
            for a, b, line in _lines(text[st.start:st.end]):
                if _URL.search(line) or not st.holds(st.start + a):
                    continue  # "Read or Share this story: http://…/3-dead-2-injured-in-…", "[VIDEO: …]"
                got = _WORD.findall(line.lower())
                # a headline line, or a line that opens with the headline ("… Posted: Friday, March 7")
                if (_headerish(line) and len(want & set(got)) >= 0.8 * len(want)) or \
                        " ".join(got).startswith(" ".join(head[:-1])):
                    return Story(st.start + a, st.end, tuple(f for f in st.furniture if f[1] > st.start + a))
    for st in found:
        if any(_prose(line) and st.holds(st.start + a) for a, _, line in _lines(text[st.start:st.end])):
            return st
    return found[0] if found else None


def in_story(claims: Iterable, text: str, title: Optional[str] = None) -> tuple[list, list]:
    """The claims whose evidence lies in the page's main story, and the others."""
    story = main_story(text, title)
    inside, outside = [], []
    for c in claims:
        ev = getattr(c, "evidence", None)
        if story is None or ev is None or story.holds(ev.start):
            inside.append(c)
        else:
            outside.append(c)
    return inside, outside
