"""Reading a SQLite ledger from the side while a real claimledger process writes it."""
from __future__ import annotations

import sqlite3
from pathlib import Path


def count(db: Path, sql: str) -> int:
    """A count from a read-only connection; 0 while the file or its schema does not exist yet
    (not created, or mid-migration), so a poll can start before the writer does."""
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute(sql).fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0
