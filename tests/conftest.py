"""Shared fixtures.

``ledger_url`` runs a ledger test twice: on a fresh SQLite file and on a fresh
PostgreSQL schema, because the ledger promises the same behaviour on both and
the two differ exactly where it matters (locking, upserts, JSON, ordering of
NULLs). PostgreSQL comes from ``CLAIMLEDGER_TEST_PG_URL`` (default: the local
test server); if it does not answer the PostgreSQL half is skipped, unless
``CLAIMLEDGER_REQUIRE_PG=1`` (CI), where a silent skip would hide a broken
setup, so it fails instead.
"""
from __future__ import annotations

import os
import uuid

import pytest

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

_pg_state: dict = {}  # probe the server once per session, not once per test


def _pg_base_url():
    from sqlalchemy.engine import make_url

    url = make_url(os.environ.get("CLAIMLEDGER_TEST_PG_URL") or PG_DEFAULT)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def _pg_admin():
    """An engine on the test server, or the reason there is none."""
    if "engine" not in _pg_state:
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        base = _pg_base_url()
        shown = base.render_as_string(hide_password=True)
        try:
            engine = create_engine(base, poolclass=NullPool, connect_args={"connect_timeout": 5})
            with engine.connect():
                pass
            _pg_state.update(engine=engine, base=base, error=None)
        except Exception as e:  # no server, no such database, bad credentials…
            reason = (str(getattr(e, "orig", None) or e).strip().splitlines() or [""])[0]
            _pg_state.update(engine=None, base=base, error=(
                f"PostgreSQL at {shown} did not answer ({reason}). "
                "Point the tests at a server with "
                "CLAIMLEDGER_TEST_PG_URL=postgresql+psycopg://USER[:PASSWORD]@HOST:PORT/DATABASE "
                "(the user needs CREATE SCHEMA); set CLAIMLEDGER_REQUIRE_PG=1 to make this a failure."))
    return _pg_state["engine"], _pg_state["base"], _pg_state["error"]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ledger_url(request, tmp_path):
    """A URL for an empty ledger database; each test gets its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return

    engine, base, error = _pg_admin()
    if engine is None:
        if os.environ.get("CLAIMLEDGER_REQUIRE_PG") == "1":
            pytest.fail(error)
        pytest.skip(error)

    from sqlalchemy import text

    schema = f"claimledger_test_{uuid.uuid4().hex[:12]}"
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    # every connection of the ledger (and of its subprocesses) lands in this schema
    url = base.update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


def pytest_sessionfinish(session, exitstatus):
    engine = _pg_state.get("engine")
    if engine is not None:
        engine.dispose()
