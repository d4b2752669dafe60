"""Turning what a user types (nothing, a file path, a database URL) into an engine.

SQLite is the default because a ledger should work with no server at all; it
is opened in WAL mode so readers (the web page, a report) never block the
batch that is writing, with foreign keys on (SQLite leaves them off) and a
busy timeout so two writers queue instead of failing. PostgreSQL URLs are
mapped to psycopg 3, the one driver we install and test.
"""
from __future__ import annotations

import os
import random
import sqlite3
import time
from pathlib import Path
from typing import Optional

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

DEFAULT_FILE = "claimledger.db"
ENV_VAR = "CLAIMLEDGER_DB"
BUSY_TIMEOUT_S = 60.0

#: Execution option asking for a write transaction (``BEGIN IMMEDIATE`` on SQLite).
WRITE = {"claimledger_write": True}


def resolve_url(url: Optional[str] = None) -> str:
    """The SQLAlchemy URL for ``url``.

    Relative SQLite paths are made absolute now, so a later ``chdir`` cannot
    quietly open a second, empty ledger somewhere else.
    """
    if url is None:
        url = os.environ.get(ENV_VAR) or DEFAULT_FILE
    url = str(url)
    if url == ":memory:":
        return "sqlite://"
    if "://" not in url:
        return "sqlite:///" + str(Path(url).expanduser().resolve())
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:" \
            and not u.database.startswith("file:"):
        u = u.set(database=str(Path(u.database).expanduser().resolve()))
        return u.render_as_string(hide_password=False)
    return url


def make_engine(url: Optional[str] = None) -> Engine:
    """An engine for ``url`` (see :func:`resolve_url`) with the ledger's connection settings."""
    full = resolve_url(url)
    u = make_url(full)
    backend = u.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(full, memory=not u.database or u.database == ":memory:")
    if backend == "postgresql":
        return create_engine(full, pool_pre_ping=True)
    raise ValueError(f"claimledger supports SQLite and PostgreSQL, not {backend!r} ({u!r})")


def _sqlite_engine(url: str, memory: bool) -> Engine:
    if memory:
        # one connection shared, or every checkout would see its own empty database
        engine = create_engine(url, poolclass=StaticPool,
                               connect_args={"check_same_thread": False})
    else:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # SQLAlchemy, not the sqlite3 module, decides where transactions begin:
        # the module's legacy mode does not BEGIN before DDL or SELECT, which
        # would let migrations and multi-statement reads run outside a transaction.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cur.execute("PRAGMA foreign_keys = ON")
        if not memory:
            _set_wal(cur)
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A deferred transaction that reads and then writes cannot wait for a
        # lock held by another writer (SQLite answers SQLITE_BUSY at once), so
        # writers take the write lock up front and queue on the busy timeout.
        if conn.get_execution_options().get("claimledger_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def _set_wal(cur) -> None:
    """Switch the file to WAL (a persistent setting), waiting out other openers.

    Changing the journal mode needs an exclusive lock and SQLite answers
    "database is locked" at once rather than calling the busy handler, so
    two processes opening a new ledger together would fail without this loop.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.02 + random.random() * 0.05)
