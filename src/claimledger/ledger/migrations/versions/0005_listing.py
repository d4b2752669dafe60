"""Claim lists that stay fast on a large ledger: sort keys and the latest flag on the claim.

A page of claims (``Ledger.claims_page``) is "the first 50 of the latest versions that
match, in this order". Answered from the documents table (published date) and a
"newest extraction per document" subquery, every page sorted every match: tens of
milliseconds on 100,000 claims. Here the claim row carries what the order and the
filter need:

* ``published``: its document's published date (copied when the claim is stored;
  a document's metadata does not change once stored);
* ``latest``: whether the claim belongs to its document's newest extraction (set when
  stored, cleared on the older claims when a newer extraction of the document arrives:
  the only change a stored claim row ever sees; its record never changes);

and an index per sort order, led by ``latest`` and ending with the columns the common
filters read, so a page is read in order from an index, checks the filters there, and
stops after ``limit`` matching rows. The expressions are the sort keys of
``claimledger.ledger.store._claim_sort_keys`` with the same literal constants (an
expression index serves only a query that spells it the same way).

ALTER TABLE ADD COLUMN keeps the SQLite table (and the search trigger of 0004) as it is.

Revision ID: 0005_listing
Revises: 0004_search
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_listing"
down_revision = "0004_search"
branch_labels = None
depends_on = None

# name -> index expressions; keep in step with store._claim_sort_keys and schema.LIST_INDEXES
LIST_INDEXES = {
    "ix_claims_list_published": ("latest", "coalesce(published, '9999-12-31')", "document_id", "extraction_id",
                                 "coalesce(evidence_start, 0)", "id"),
    "ix_claims_list_published_desc": ("latest", "coalesce(published, '0000-00-00')", "document_id",
                                      "extraction_id", "coalesce(evidence_start, 0)", "id"),
    "ix_claims_list_date": ("latest", "coalesce(time_date, published, '9999-12-31')", "id"),
    "ix_claims_list_date_desc": ("latest", "coalesce(time_date, published, '0000-00-00')", "id"),
    "ix_claims_list_value": ("latest", "coalesce(value, low, high, 1000000000000000.0)", "id"),
    "ix_claims_list_value_desc": ("latest", "coalesce(value, low, high, -1.0)", "id"),
    "ix_claims_list_created": ("latest", "extraction_id", "id"),
    # the most common filter, a metric, with the default orders: a page scans that metric's claims only
    "ix_claims_list_metric_published": ("latest", "metric", "coalesce(published, '9999-12-31')", "document_id",
                                        "extraction_id", "coalesce(evidence_start, 0)", "id"),
    "ix_claims_list_metric_published_desc": ("latest", "metric", "coalesce(published, '0000-00-00')",
                                             "document_id", "extraction_id", "coalesce(evidence_start, 0)", "id"),
}


# after each list index's sort key: what the common filters read (see schema.list_filter_columns)
FILTER_COLUMNS = ("metric", "kind", "lower(actor)", "lower(country)", "coalesce(time_date, published)")


def upgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    op.add_column("claims", sa.Column("published", sa.String(10)))
    op.add_column("claims", sa.Column("latest", sa.Boolean, nullable=False,
                                      server_default=sa.text("true" if pg else "1")))
    op.execute("UPDATE claims SET published = (SELECT d.published FROM documents d WHERE d.id = claims.document_id)")
    op.execute("UPDATE claims SET latest = (extraction_id IN "
               "(SELECT max(e.id) FROM extractions e GROUP BY e.document_id))")
    for name, cols in LIST_INDEXES.items():
        op.create_index(name, "claims", [sa.text(c) for c in (*cols, *(f for f in FILTER_COLUMNS if f not in cols))])


def downgrade() -> None:
    for name in LIST_INDEXES:
        op.drop_index(name, table_name="claims")
    # plain DROP COLUMN (SQLite 3.35+): a batch rebuild would lose 0004's search trigger
    op.execute("ALTER TABLE claims DROP COLUMN latest")
    op.execute("ALTER TABLE claims DROP COLUMN published")
