"""Loads the vocabularies in ``data/``: metrics, cues, hedges, vague words.

Every list of words claimledger matches on lives in a YAML file there, so an
analyst can read and extend them without touching code.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


class _WordLoader(yaml.SafeLoader):
    """YAML 1.1 reads a bare on, off, yes, no, y or n as a boolean; in a list of words
    ("commented on") they are words. Only true and false are booleans here (YAML 1.2)."""


_WordLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WordLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                  list("tTfF"))


def parse(text: str) -> Any:
    """YAML text read as the vocabularies are (on/off/yes/no/NO stay words: Norway's
    code is NO): for the source register and other word lists a user supplies."""
    return yaml.load(text, Loader=_WordLoader)  # noqa: S506 - a SafeLoader


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    """The parsed contents of ``data/<name>.yaml``."""
    with resources.files("claimledger").joinpath("data", f"{name}.yaml").open("r", encoding="utf-8") as fh:
        return parse(fh.read())
