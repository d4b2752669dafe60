"""The ledger: the only part of claimledger that talks to a database.

An append-only store of documents and the claims extracted from them,
SQLite by default and PostgreSQL by URL. See :class:`Ledger`.
"""
from .store import AddResult, Ledger

__all__ = ["AddResult", "Ledger"]
