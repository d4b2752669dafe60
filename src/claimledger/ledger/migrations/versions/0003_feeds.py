"""Feeds being watched: their HTTP validators and the entries already seen.

``claimledger watch`` polls feeds; to poll politely it sends the ETag and
Last-Modified a feed last answered with (``feed_state``), and to ingest each
entry once it remembers every entry it has handled (``feed_entries``), keyed by
the feed's URL and the entry's id (guid / atom:id, else its link).

Revision ID: 0003_feeds
Revises: 0002
Create Date: 2026-05-10
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_feeds"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_state",
        sa.Column("feed", sa.Text, primary_key=True),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("last_polled", sa.DateTime(timezone=True)),
        sa.Column("last_status", sa.Text),
    )
    op.create_table(
        "feed_entries",
        sa.Column("feed", sa.Text, primary_key=True),
        sa.Column("entry", sa.Text, primary_key=True),
        # 'stored' (its document is in the ledger) or 'failed' (given up after repeated errors)
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("document_id", sa.String(64)),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("error", sa.Text),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("feed_entries")
    op.drop_table("feed_state")
