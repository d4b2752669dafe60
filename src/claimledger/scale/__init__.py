"""Beyond one machine: claim extraction on a Dask cluster, and its output in a ledger.

The Python twins of ``claimledger batch`` and ``claimledger load``::

    from claimledger import scale
    report = scale.batch(["s3://archive/2015/*.jsonl.gz"], "out/", scheduler="tcp://10.0.0.5:8786")
    scale.load("out/", db="postgresql://ledger@db/claims")

``batch`` reads sharded corpora (JSONL, CSV, Parquet, compressed or not, local or
any fsspec URL), runs the extraction of ``claimledger extract`` in the Dask
workers and writes claims and documents as partitioned Parquet with the typed
schema of :mod:`claimledger.scale.parquet`, plus a run report. ``load`` stores
such output in a ledger through ``Ledger.add``: loading twice stores everything once.
See docs/scale.md.
"""
from .batch import DEFAULT_PARTITION_SIZE, BatchError, BatchReport, ExtractorPlugin, batch, cluster_client
from .load import LoadReport, load, partitions
from .parquet import CLAIM_SCHEMA, DOCUMENT_SCHEMA, SCHEMA_VERSION, claim_records, claims_table, documents_table

__all__ = [
    "batch",
    "load",
    "partitions",
    "cluster_client",
    "BatchReport",
    "LoadReport",
    "BatchError",
    "ExtractorPlugin",
    "DEFAULT_PARTITION_SIZE",
    "CLAIM_SCHEMA",
    "DOCUMENT_SCHEMA",
    "SCHEMA_VERSION",
    "claims_table",
    "claim_records",
    "documents_table",
]
