"""Reconciliation: figures across articles and over time, corroboration and
contradiction, Admiralty-style grades (see docs/reconcile.md).

Reads claims from the ledger (or any list of claims) and never writes to it.
"""
from .corroboration import Relation
from .figures import Estimate, Figure, Reconciliation, estimate, history, reconcile, reconcile_ledger
from .grades import CREDIBILITY_WORDS, STIX_CONFIDENCE, Grade, stix_confidence
from .register import RELIABILITY_WORDS, SourceEntry, SourceRegister, load_register
from .restatements import Outlet, Point, Report
from .rules import Rules

__all__ = [
    "CREDIBILITY_WORDS", "RELIABILITY_WORDS", "STIX_CONFIDENCE", "Estimate", "Figure", "Grade", "Outlet",
    "Point", "Reconciliation", "Relation", "Report", "Rules", "SourceEntry", "SourceRegister", "estimate",
    "history", "load_register", "reconcile", "reconcile_ledger", "stix_confidence",
]
