"""The ledger's tables as SQLAlchemy Core objects, for building queries.

The migrations in ``migrations/versions`` create these tables; this module
only describes them, and a test checks the two agree. Free-text columns are
``Text`` rather than ``String(n)`` because PostgreSQL enforces lengths and an
unusually long actor name must not make a whole document fail to store.
Dates are ISO strings (``YYYY-MM-DD``) so a claim's date and its document's
published date compare the same way on every backend.
"""
from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData,
                        String, Table, Text, UniqueConstraint, func, literal_column, true)
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
    # migration 0005_listing: the document's published date, and whether the claim is of the
    # document's newest extraction (cleared when a newer one arrives)
    Column("published", String(10)),
    Column("latest", Boolean, nullable=False, server_default=true()),
    Index("ix_claims_document_id", "document_id"),
    Index("ix_claims_extraction_id", "extraction_id"),
    Index("ix_claims_metric", "metric"),
    Index("ix_claims_kind", "kind"),
    Index("ix_claims_time_date", "time_date"),
)
# case-insensitive actor / country filters (expression indexes: both backends have them)
Index("ix_claims_actor_lower", func.lower(claims.c.actor))
Index("ix_claims_country_lower", func.lower(claims.c.country))

#: Constants of the claim sort keys: undated and valueless claims sort last either way. They are
#: literal in the SQL, not parameters, so that the expression indexes below serve the queries.
LAST_DAY, FIRST_DAY = literal_column("'9999-12-31'"), literal_column("'0000-00-00'")
NO_VALUE_ASC, NO_VALUE_DESC = literal_column("1000000000000000.0"), literal_column("-1.0")


def claim_sort_keys(sort: str) -> list:
    """The columns a claim list is ordered by (``sort``: a name of ``CLAIM_SORTS`` in
    store.py, '-' for descending); the list indexes of migration 0005_listing are these,
    led by ``latest``."""
    c = claims.c
    desc = sort.startswith("-")
    base = sort.lstrip("-")
    if base == "published":
        return [func.coalesce(c.published, FIRST_DAY if desc else LAST_DAY), c.document_id, c.extraction_id,
                func.coalesce(c.evidence_start, literal_column("0")), c.id]
    if base == "date":
        return [func.coalesce(c.time_date, c.published, FIRST_DAY if desc else LAST_DAY), c.id]
    if base == "value":
        return [func.coalesce(c.value, c.low, c.high, NO_VALUE_DESC if desc else NO_VALUE_ASC), c.id]
    return [c.extraction_id, c.id]


def list_filter_columns() -> list:
    """What the common claim filters read (metric, kind, actor, country, the claim's date), at
    the end of each list index: a page scan checks them in the index and visits the table
    only for rows that match."""
    c = claims.c
    return [c.metric, c.kind, func.lower(c.actor), func.lower(c.country), func.coalesce(c.time_date, c.published)]


for _name, _sort in (("published", "published"), ("published_desc", "-published"), ("date", "date"),
                     ("date_desc", "-date"), ("value", "value"), ("value_desc", "-value"),
                     ("created", "created")):
    Index(f"ix_claims_list_{_name}", claims.c.latest, *claim_sort_keys(_sort), *list_filter_columns())
# the most common filter, a metric, with the default orders: a page scans that metric's claims only
for _name, _sort in (("published", "published"), ("published_desc", "-published")):
    Index(f"ix_claims_list_metric_{_name}", claims.c.latest, claims.c.metric, *claim_sort_keys(_sort),
          *list_filter_columns()[1:])

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started", DateTime(timezone=True), nullable=False),
    Column("finished", DateTime(timezone=True)),
    Column("command", Text, nullable=False),
    Column("counts", JSONType),
)
