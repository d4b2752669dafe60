"""The source register: the analyst-editable list of known sources and their
reliability on the Admiralty code's A-F scale (``data/sources_register.yaml``).

A claim's source and the intermediaries it cites (``via``) are looked up by
name and alias. What is not in the register is graded ``default`` (F,
"reliability cannot be judged"): the register says what the analyst knows,
and nothing is guessed.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional, Union

from .. import vocab

LETTERS = "ABCDEF"
RELIABILITY_WORDS = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
SOURCE_TYPES = ("person", "organization", "government", "media", "unnamed")
ENV = "CLAIMLEDGER_SOURCES"

_WS = re.compile(r"\s+")
_EDGE = re.compile(r"^[\s\"'“”‘’(\[]+|[\s\"'“”‘’)\].,;:]+$")


def normalise_name(text: Optional[str]) -> str:
    """The form names are compared in: NFKC, straight quotes, lower case, no leading
    article, single spaces ("The Kremlin’s" -> "kremlin's")."""
    if not text:
        return ""
    t = unicodedata.normalize("NFKC", text)
    t = t.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    t = _EDGE.sub("", _WS.sub(" ", t).strip()).lower()
    if t.startswith("the "):
        t = t[4:]
    return t


@dataclass
class SourceEntry:
    name: str
    reliability: str = "F"
    aliases: list[str] = field(default_factory=list)
    type: Optional[str] = None
    country: Optional[str] = None
    notes: str = ""

    def to_dict(self) -> dict:
        return {"name": self.name, "aliases": list(self.aliases), "type": self.type, "country": self.country,
                "reliability": self.reliability, "notes": self.notes}


@dataclass
class ChainGrade:
    """The reliability of one claim's chain of sources, and why."""

    letter: str
    reason: str
    registered: list[str] = field(default_factory=list)  # register names of the links found


class SourceRegister:
    """Sources by name and alias. ``lookup`` resolves a mention to its entry."""

    def __init__(self, entries: Iterable[SourceEntry], default: str = "F", path: Optional[str] = None):
        self.entries = list(entries)
        self.default = default
        self.path = path
        self._exact: dict[str, SourceEntry] = {}
        self._phrases: list[tuple[re.Pattern, SourceEntry]] = []
        for e in self.entries:
            for alias in [e.name, *e.aliases]:
                key = normalise_name(alias)
                if not key:
                    continue
                self._exact.setdefault(key, e)
                if " " in key:
                    self._phrases.append((re.compile(r"(?<![\w-])" + re.escape(key) + r"(?![\w-])"), e))
        # longest phrase first, so "south korea's national intelligence service" beats "national intelligence service"
        self._phrases.sort(key=lambda pe: -len(pe[0].pattern))

    # -- loading ------------------------------------------------------------------

    @classmethod
    def load(cls, path: Optional[Union[str, os.PathLike]] = None) -> "SourceRegister":
        """The register at ``path``; else ``$CLAIMLEDGER_SOURCES``; else the bundled one."""
        path = path or os.environ.get(ENV)
        if path:
            text = Path(path).read_text(encoding="utf-8")
            where = str(path)
        else:
            text = resources.files("claimledger").joinpath("data/sources_register.yaml").read_text(encoding="utf-8")
            where = "claimledger/data/sources_register.yaml"
        return cls.from_yaml(text, where)

    @classmethod
    def from_yaml(cls, text: str, where: str = "<register>") -> "SourceRegister":
        data = vocab.parse(text) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{where}: the register must be a mapping with a 'sources' list")
        default = str(data.get("default", "F")).upper()
        if default not in LETTERS:
            raise ValueError(f"{where}: default reliability {default!r} is not one of A-F")
        entries = []
        for i, item in enumerate(data.get("sources") or []):
            if not isinstance(item, dict) or not item.get("name"):
                raise ValueError(f"{where}: source #{i + 1} has no name")
            letter = str(item.get("reliability", default)).upper()
            if letter not in LETTERS:
                raise ValueError(f"{where}: {item['name']}: reliability {letter!r} is not one of A-F")
            stype = item.get("type")
            if stype is not None and stype not in SOURCE_TYPES:
                raise ValueError(f"{where}: {item['name']}: type {stype!r} is not one of {', '.join(SOURCE_TYPES)}")
            entries.append(SourceEntry(
                name=str(item["name"]), reliability=letter,
                aliases=[str(a) for a in item.get("aliases") or []], type=stype,
                country=item.get("country"), notes=" ".join(str(item.get("notes") or "").split()),
            ))
        return cls(entries, default=default, path=where)

    # -- lookup --------------------------------------------------------------------

    def lookup(self, *mentions: Optional[str]) -> Optional[SourceEntry]:
        """The entry the first resolvable mention names: an exact alias match, else a
        register phrase (two words or more) inside the mention. Answers are remembered:
        a ledger names the same few hundred sources again and again."""
        memo = self.__dict__.setdefault("_memo", {})
        if mentions in memo:
            return memo[mentions]
        entry = self._lookup(mentions)
        if len(memo) < 200_000:
            memo[mentions] = entry
        return entry

    def _lookup(self, mentions: tuple[Optional[str], ...]) -> Optional[SourceEntry]:
        for m in mentions:
            key = normalise_name(m)
            if key and key in self._exact:
                return self._exact[key]
        for m in mentions:
            key = normalise_name(m)
            if not key:
                continue
            for pat, entry in self._phrases:
                if pat.search(key):
                    return entry
        return None

    def grade_chain(self, links: list[tuple[str, Optional[str]]]) -> ChainGrade:
        """Reliability of a chain of sources, given as ``(display name, role)`` pairs
        (role: "source" for who spoke, "via" for whom they cite, "outlet" when the outlet
        speaks in its own voice).

        Rule: the worst letter among the links the register knows (a relay cannot make
        information more reliable than its origin, nor an origin more reliable than the
        relay that carries it); links not in the register are left out of the judgement
        rather than dragging it to F; with no link in the register, the default (F)."""
        known: list[tuple[str, SourceEntry, Optional[str]]] = []
        unknown: list[str] = []
        for name, role in links:
            e = self.lookup(name)
            if e is None:
                unknown.append(name)
            elif e.reliability != "F" and all(k[1] is not e for k in known):
                known.append((name, e, role))
            elif e.reliability == "F":
                unknown.append(name)
        if not known:
            who = ", ".join(dict.fromkeys(unknown)) or "no named source"
            return ChainGrade(self.default, f"{self.default}: {who} not in the source register "
                                            f"({RELIABILITY_WORDS[self.default]})")
        worst = max(known, key=lambda k: LETTERS.index(k[1].reliability))
        letter = worst[1].reliability
        parts = []
        for _name, e, role in known:
            what = f"{e.name} is {e.reliability} in the register ({RELIABILITY_WORDS[e.reliability]})"
            if role == "via":
                what += ", cited as the origin"
            elif role == "outlet":
                what += ", speaking in its own voice"
            parts.append(what)
        reason = f"{letter}: " + "; ".join(parts)
        if len(known) > 1:
            reason += f"; the chain takes its weakest link ({worst[1].name})"
        if unknown:
            reason += "; " + ", ".join(dict.fromkeys(unknown)) + " not in the register"
        return ChainGrade(letter, reason, [k[1].name for k in known])


@lru_cache(maxsize=1)
def _bundled() -> SourceRegister:
    return SourceRegister.load(None)


def load_register(path: Optional[Union[str, os.PathLike]] = None) -> SourceRegister:
    """The register at ``path``, else ``$CLAIMLEDGER_SOURCES``, else the bundled one
    (read once per process; an analyst's own file is read afresh each time)."""
    path = path or os.environ.get(ENV)
    return SourceRegister.load(path) if path else _bundled()
