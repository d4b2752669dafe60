"""The ledger's tables as SQLAlchemy Core objects, for building queries.

The migrations in ``migrations/versions`` create these tables; this module
only describes them, and a test checks the two agree. Free-text columns are
``Text`` rather than ``String(n)`` because PostgreSQL enforces lengths and an
unusually long actor name must not make a whole document fail to store.
Dates are ISO strings (``YYYY-MM-DD``) so a claim's date and its document's
published date compare the same way on every backend.
"""
from __future__ import annotations

from sqlalchemy import (JSON, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData,
                        String, Table, Text, UniqueConstraint, func)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

#: JSON everywhere, JSONB on PostgreSQL (indexable, compact).
JSONType = JSON().with_variant(JSONB(), "postgresql")

documents = Table(
    "documents", metadata,
    Column("id", String(64), primary_key=True),
    Column("text", Text, nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("publisher", Text),
    Column("published", String(10)),
    Column("language", Text),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("meta", JSONType),
    Index("ix_documents_published", "published"),
    Index("ix_documents_first_seen", "first_seen"),
)

document_sightings = Table(
    "document_sightings", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(64), ForeignKey("documents.id"), nullable=False),
    Column("ref", Text, nullable=False),
    Column("url", Text),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("document_id", "ref", name="uq_document_sightings_document_ref"),
)

# One row per (document, extractor): the unit that is stored whole or not at
# all, and the key two concurrent writers race on, so that only the winner
# inserts claims. "Latest version" of a document = its highest extraction id.
extractions = Table(
    "extractions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(64), ForeignKey("documents.id"), nullable=False),
    Column("extractor", Text, nullable=False),
    Column("claims", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("document_id", "extractor", name="uq_extractions_document_extractor"),
)

claims = Table(
    "claims", metadata,
    Column("id", Text, primary_key=True),
    Column("document_id", String(64), ForeignKey("documents.id"), nullable=False),
    Column("extraction_id", Integer, ForeignKey("extractions.id"), nullable=False),
    Column("extractor", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("metric", Text),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("qualifier", Text),
    Column("actor", Text),
    Column("country", Text),
    Column("source_name", Text),
    Column("source_text", Text),
    Column("time_date", String(10)),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("evidence_text", Text),
    Column("record", JSONType, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_claims_document_id", "document_id"),
    Index("ix_claims_extraction_id", "extraction_id"),
    Index("ix_claims_metric", "metric"),
    Index("ix_claims_kind", "kind"),
    Index("ix_claims_time_date", "time_date"),
)
# case-insensitive actor / country filters (expression indexes: both backends have them)
Index("ix_claims_actor_lower", func.lower(claims.c.actor))
Index("ix_claims_country_lower", func.lower(claims.c.country))

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started", DateTime(timezone=True), nullable=False),
    Column("finished", DateTime(timezone=True)),
    Column("command", Text, nullable=False),
    Column("counts", JSONType),
)
