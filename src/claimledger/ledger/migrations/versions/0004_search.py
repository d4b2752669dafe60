"""Full-text search over claims: evidence, source and actor, stemmed English.

PostgreSQL: a GIN index on ``to_tsvector('english', <text>)``, queried with
``websearch_to_tsquery`` (see ``Ledger.claims_page(q=...)``). SQLite: an FTS5
table ``claims_search`` (claim id + the same text, Porter-stemmed) kept up to
date by an insert trigger on ``claims``; claims are append-only, so inserts
are all it has to follow. The indexed text is :data:`SEARCH_TEXT`; the query
side in ``store.py`` uses the very same expression, which PostgreSQL needs to
use the index.

A later SQLite migration that rebuilds ``claims`` in batch mode drops the
trigger with the old table and must create it again.

Revision ID: 0004_search
Revises: 0003_feeds
Create Date: 2026-05-11
"""
from alembic import op

revision = "0004_search"
down_revision = "0003_feeds"
branch_labels = None
depends_on = None

# keep in step with claimledger.ledger.store._SEARCH_TEXT
SEARCH_TEXT = ("coalesce({p}evidence_text, '') || ' ' || coalesce({p}source_name, '') || ' ' || "
               "coalesce({p}source_text, '') || ' ' || coalesce({p}actor, '')")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE INDEX ix_claims_search ON claims USING gin "
                   f"(to_tsvector('english'::regconfig, {SEARCH_TEXT.format(p='')}))")
    elif dialect == "sqlite":
        op.execute("CREATE VIRTUAL TABLE claims_search USING fts5("
                   "claim_id UNINDEXED, body, tokenize = 'porter unicode61 remove_diacritics 2')")
        op.execute("CREATE TRIGGER claims_search_insert AFTER INSERT ON claims BEGIN "
                   f"INSERT INTO claims_search (claim_id, body) VALUES (new.id, {SEARCH_TEXT.format(p='new.')}); "
                   "END")
        op.execute(f"INSERT INTO claims_search (claim_id, body) SELECT id, {SEARCH_TEXT.format(p='')} FROM claims")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_claims_search")
    elif dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS claims_search_insert")
        op.execute("DROP TABLE IF EXISTS claims_search")
