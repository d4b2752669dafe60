"""Runs: when each ingest / extract command ran and what it counted.

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-09
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished", sa.DateTime(timezone=True)),
        sa.Column("command", sa.Text, nullable=False),
        sa.Column("counts", sa.JSON().with_variant(JSONB(), "postgresql")),
    )


def downgrade() -> None:
    op.drop_table("runs")
