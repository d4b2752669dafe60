"""Creating and upgrading the ledger's schema with Alembic, from code.

A ledger is opened by CLIs, workers and web servers alike, often several at
once on a fresh database, so the upgrade runs inside one write transaction
(``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL, whose DDL is
transactional too): the first opener builds the schema, the others wait and
then find it at head. No alembic.ini is needed; the script location is this
package's ``migrations`` folder.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from .engine import WRITE

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Our own version table, so a PostgreSQL schema shared with another Alembic app is no clash.
VERSION_TABLE = "claimledger_version"
# pg_advisory_xact_lock key: any constant, so that all claimledger openers agree on it
_PG_LOCK_KEY = 0x636C6C67  # "cllg"


def _config(connection: Optional[Connection] = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    """The newest schema revision this code knows."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def current(engine: Engine) -> Optional[str]:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        return ctx.get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision``; a no-op when it is there already."""
    if revision == "head" and current(engine) == head():
        return  # the common case: skip taking the write lock on every open
    with engine.connect() as conn:
        conn = conn.execution_options(**WRITE)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
            command.upgrade(_config(conn), revision)
