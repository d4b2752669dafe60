"""Loads the vocabularies in ``data/``: metrics, cues, hedges, vague words.

Every list of words claimledger matches on lives in a YAML file there, so an
analyst can read and extend them without touching code.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    """The parsed contents of ``data/<name>.yaml``."""
    with resources.files("claimledger").joinpath("data", f"{name}.yaml").open("r", encoding="utf-8") as fh:
        return yaml.safe_load(fh)
