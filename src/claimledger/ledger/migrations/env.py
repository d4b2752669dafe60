"""Alembic environment for the ledger, used only through ``claimledger.ledger.migrate``.

There is no alembic.ini: the caller hands over an open connection, already in
the transaction (and, on PostgreSQL, holding the advisory lock) that makes
concurrent openers of one database take turns.
"""
from alembic import context

from claimledger.ledger.migrate import VERSION_TABLE
from claimledger.ledger.schema import metadata
from claimledger.ledger.store import include_schema_name

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("claimledger migrations run from claimledger.ledger.migrate.upgrade(), "
                       "which passes a connection; there is no offline mode")

context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    # the full-text search objects are made by hand in 0004_search, not from the metadata
    include_name=include_schema_name,
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead
    render_as_batch=connection.dialect.name == "sqlite",
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
