"""Documents, where they were seen, extractions and their claims.

Revision ID: 0001
Revises:
Create Date: 2026-05-09
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("publisher", sa.Text),
        sa.Column("published", sa.String(10)),
        sa.Column("language", sa.Text),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("meta", JSONType),
    )
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_index("ix_documents_first_seen", "documents", ["first_seen"])

    op.create_table(
        "document_sightings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("ref", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("document_id", "ref", name="uq_document_sightings_document_ref"),
    )

    op.create_table(
        "extractions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("extractor", sa.Text, nullable=False),
        sa.Column("claims", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("document_id", "extractor", name="uq_extractions_document_extractor"),
    )

    op.create_table(
        "claims",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("extraction_id", sa.Integer, sa.ForeignKey("extractions.id"), nullable=False),
        sa.Column("extractor", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("metric", sa.Text),
        sa.Column("value", sa.Float),
        sa.Column("low", sa.Float),
        sa.Column("high", sa.Float),
        sa.Column("qualifier", sa.Text),
        sa.Column("actor", sa.Text),
        sa.Column("country", sa.Text),
        sa.Column("source_name", sa.Text),
        sa.Column("source_text", sa.Text),
        sa.Column("time_date", sa.String(10)),
        sa.Column("evidence_start", sa.Integer),
        sa.Column("evidence_end", sa.Integer),
        sa.Column("evidence_text", sa.Text),
        sa.Column("record", JSONType, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_claims_document_id", "claims", ["document_id"])
    op.create_index("ix_claims_extraction_id", "claims", ["extraction_id"])
    op.create_index("ix_claims_metric", "claims", ["metric"])
    op.create_index("ix_claims_kind", "claims", ["kind"])
    op.create_index("ix_claims_time_date", "claims", ["time_date"])
    op.create_index("ix_claims_actor_lower", "claims", [sa.text("lower(actor)")])
    op.create_index("ix_claims_country_lower", "claims", [sa.text("lower(country)")])


def downgrade() -> None:
    op.drop_table("claims")
    op.drop_table("extractions")
    op.drop_table("document_sightings")
    op.drop_table("documents")
