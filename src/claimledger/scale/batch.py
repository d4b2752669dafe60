"""``claimledger batch``: claim extraction over a Dask cluster, written as partitioned Parquet.

How a run goes:

1. The client finds the shards (:func:`shards.find_shards`) and checks the
   output folder (one partition size per output folder).
2. Each shard is cut into partitions by a *plan* task on the workers, next to
   the data; plans are cached in ``OUT/_plan`` under the shard's size and
   modification time, so a rerun does not count lines again.
3. One task per partition reads its records, runs the same extraction code as
   ``claimledger extract`` with the worker's spaCy pipeline (loaded once per
   worker process by :class:`ExtractorPlugin`), and writes
   ``OUT/claims/part-<id>.parquet`` and ``OUT/documents/part-<id>.parquet``,
   each atomically (temporary name, then rename), then the partition's
   manifest ``OUT/_partitions/<id>.json`` last: a partition is done exactly
   when its manifest exists.

Failures stay small. A bad record becomes an error in its partition's
manifest and the run report, and the partition goes on. A task that raises
is retried; a worker that dies has its tasks rescheduled by Dask on the
others (up to ``distributed.scheduler.allowed-failures`` deaths per task). A
partition that still fails is reported, writes nothing, and is done by the
next run; a rerun skips every partition whose manifest matches.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import socket
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Callable, Iterator, Optional

import fsspec

from ..ingest.document import Document
from ..ingest.readers import DEFAULT_MAX_BYTES, ReadError
from ..model import EXTRACTOR, Claim
from .parquet import SCHEMA_VERSION, claims_table, documents_table, write_bytes_atomic, write_table_atomic
from .shards import Partition, Shard, find_shards, fingerprint, plan_shard, read_partition

try:  # the plugin base class; only needed where a cluster runs
    from distributed import WorkerPlugin
except ImportError:  # pragma: no cover - dask is a dependency
    WorkerPlugin = object  # type: ignore[misc,assignment]

__all__ = ["batch", "BatchReport", "BatchError", "ExtractorPlugin", "DEFAULT_PARTITION_SIZE"]

DEFAULT_PARTITION_SIZE = 500
#: Retries of a partition task that raised (a worker's death is retried by Dask itself).
TASK_RETRIES = 2
_MAX_LISTED_ERRORS = 1000

Progress = Optional[Callable[[str, Any], None]]


class BatchError(RuntimeError):
    """The run cannot start: no cluster, or an output folder written another way."""


class ExtractorPlugin(WorkerPlugin):
    """Loads the spaCy pipeline once per worker process, when the worker joins
    (and again in a worker that replaces a dead one), so no partition pays for it."""

    name = "claimledger-extractor"

    def setup(self, worker=None):
        warm_up()


#: One short article that touches every step (number reader, figures, actors,
#: places, times, attribution, hedges), so their vocabularies and gazetteers
#: are loaded before the first partition rather than during it.
_WARM_UP = ("Around 600 North Korean soldiers have reportedly been killed in Kursk since Monday, "
            "according to a South Korean lawmaker briefed by the country's intelligence service.")


def warm_up() -> None:
    """Load the spaCy pipeline of this process and run it once."""
    from ..extract import extract_documents, shared_nlp

    next(extract_documents([Document(text=_WARM_UP, published=date(2025, 5, 1))], nlp=shared_nlp()))


# --------------------------------------------------------------------------- output layout


def _out_fs(out: str):
    if "://" not in out:
        out = os.path.abspath(out)
    fs, root = fsspec.core.url_to_fs(out)
    return fs, root.rstrip("/")


def _out_url(out: str) -> str:
    """The output folder as workers should open it (absolute for local paths)."""
    return out if "://" in out else os.path.abspath(out)


def _read_json(fs, path: str) -> Optional[dict]:
    try:
        with fs.open(path, "rb") as fh:
            return json.loads(fh.read().decode("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return None  # unreadable or half-written by a foreign tool: treat as absent


def _json_bytes(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1, default=str) + "\n").encode("utf-8")


_SLUG = re.compile(r"[^A-Za-z0-9_-]+")


def partition_id(shard: Shard, index: int) -> str:
    """Stable name of a partition: the shard's base name, a hash of its URL, the index."""
    base = shard.url.rstrip("/").rsplit("/", 1)[-1]
    stem = base.split(".", 1)[0] or "shard"
    h = hashlib.sha1(shard.url.encode("utf-8")).hexdigest()[:8]
    return f"{_SLUG.sub('_', stem)[:40]}-{h}-{index:05d}"


# --------------------------------------------------------------------------- worker tasks


def plan_task(shard: dict, out: str, partition_size: int) -> dict:
    """Cut one shard into partitions (cached in ``OUT/_plan``)."""
    s = Shard(**shard)
    fs, root = _out_fs(out)
    h = hashlib.sha1(s.url.encode("utf-8")).hexdigest()[:16]
    path = f"{root}/_plan/{h}.json"
    fp = fingerprint(s)
    cached = _read_json(fs, path)
    if (cached and cached.get("url") == s.url and cached.get("fingerprint") == fp
            and cached.get("partition_size") == partition_size):
        return cached
    plan = plan_shard(s, partition_size)
    plan.update(url=s.url, fingerprint=fp, partition_size=partition_size)
    fs.makedirs(f"{root}/_plan", exist_ok=True)
    write_bytes_atomic(fs, path, _json_bytes(plan))
    return plan


def _extract(docs: list[Document]) -> list[tuple[Document, Optional[list[Claim]], Optional[str]]]:
    """``(document, claims, error)`` for each document, in order; the same calls as
    ``claimledger extract`` (``extract_documents`` with the process's pipeline)."""
    from ..extract import extract_documents, shared_nlp

    nlp = shared_nlp()
    try:
        return [(d, cl, None) for d, cl in zip(docs, extract_documents(docs, nlp=nlp))]
    except Exception:  # one bad document must not sink its partition: redo one by one
        out = []
        for d in docs:
            try:
                out.append((d, next(extract_documents([d], nlp=nlp)), None))
            except Exception as exc:  # noqa: BLE001 - reported per document
                out.append((d, None, f"extraction failed: {type(exc).__name__}: {exc}"))
        return out


def _manifest_matches(m: Optional[dict], part: Partition, published: Optional[str]) -> bool:
    """Whether a written partition is the one asked for now: same records, same
    extractor and schema, same default date for undated records."""
    return bool(m) and m.get("url") == part.shard.url and m.get("start") == part.start \
        and m.get("stop") == part.stop and m.get("extractor") == EXTRACTOR \
        and m.get("schema") == SCHEMA_VERSION and m.get("published") == published


def _error_dict(e: ReadError) -> dict:
    return {"ref": e.ref, "location": e.location, "reason": e.reason, "message": str(e)}


def partition_task(part: dict, out: str, published: Optional[str] = None,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> dict:
    """Extract one partition and write its Parquet files and manifest; returns the
    manifest with ``status`` ``written``, or ``skipped`` if it was already written."""
    p = Partition(**{**part, "shard": Shard(**part["shard"])})
    fs, root = _out_fs(out)
    manifest_path = f"{root}/_partitions/{p.id}.json"
    existing = _read_json(fs, manifest_path)
    if _manifest_matches(existing, p, published):
        return dict(existing, status="skipped")

    t0 = time.perf_counter()
    pub = date.fromisoformat(published) if published else None
    docs: list[Document] = []
    errors: list[dict] = []
    for item in read_partition(p, published=pub, max_bytes=max_bytes):
        if isinstance(item, ReadError):
            errors.append(_error_dict(item))
        else:
            docs.append(item)
    t_read = time.perf_counter() - t0

    records: list[dict] = []
    kept: list[tuple[Document, int]] = []
    for d, claims, error in _extract(docs):
        if error is not None:
            errors.append(_error_dict(ReadError(d.ref or d.id, error, (d.meta or {}).get("location"))))
            continue
        records.extend(c.to_dict() for c in claims)
        kept.append((d, len(claims)))
    t_extract = time.perf_counter() - t0 - t_read

    claims_path = f"{root}/claims/part-{p.id}.parquet"
    docs_path = f"{root}/documents/part-{p.id}.parquet"
    for folder in ("claims", "documents", "_partitions"):
        fs.makedirs(f"{root}/{folder}", exist_ok=True)
    write_table_atomic(fs, claims_path, claims_table(records))
    write_table_atomic(fs, docs_path, documents_table(kept, extractor=EXTRACTOR))
    manifest = {
        "id": p.id, "shard": p.shard.ref, "url": p.shard.url, "format": p.shard.format,
        "index": p.index, "start": p.start, "stop": p.stop,
        "extractor": EXTRACTOR, "schema": SCHEMA_VERSION, "published": published,
        "documents": len(kept), "claims": len(records), "bad_records": len(errors), "errors": errors,
        "files": {"claims": f"claims/part-{p.id}.parquet", "documents": f"documents/part-{p.id}.parquet"},
        "seconds": {"read": round(t_read, 3), "extract": round(t_extract, 3),
                    "total": round(time.perf_counter() - t0, 3)},
        "worker": _worker_name(), "written": _now(),
    }
    write_bytes_atomic(fs, manifest_path, _json_bytes(manifest))
    return dict(manifest, status="written")


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return f"{socket.gethostname()}:{os.getpid()}"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _worker_rss() -> int:
    import psutil

    return psutil.Process().memory_info().rss


# --------------------------------------------------------------------------- the run


@dataclass
class BatchReport:
    """What one ``batch`` run did; also written to ``OUT/report.json``."""

    out: str
    inputs: list[str]
    partition_size: int
    extractor: str = EXTRACTOR
    scheduler: Optional[str] = None
    dashboard: Optional[str] = None
    workers: int = 0
    shards: int = 0
    partitions: int = 0
    partitions_written: int = 0
    partitions_skipped: int = 0
    partitions_failed: int = 0
    documents: int = 0  # read and extracted by this run
    claims: int = 0  # written by this run
    bad_records: int = 0  # reported by this run
    totals: dict = field(default_factory=lambda: {"documents": 0, "claims": 0, "bad_records": 0})
    errors: list[str] = field(default_factory=list)  # bad records and inputs (first 1000)
    failed: list[dict] = field(default_factory=list)  # partitions that wrote nothing, and why
    started: Optional[str] = None
    finished: Optional[str] = None
    seconds: float = 0.0  # whole run, cluster start included
    extract_seconds: float = 0.0  # from the first partition submitted to the last done
    documents_per_second: float = 0.0  # documents / extract_seconds
    worker_memory_mb: list[float] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.failed and self.bad_records == 0

    def as_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


def _add_error(report: BatchReport, message: str) -> None:
    if len(report.errors) < _MAX_LISTED_ERRORS:
        report.errors.append(message)


@contextmanager
def cluster_client(scheduler: Optional[str] = None, local: Optional[int] = None,
                   dashboard: bool = True, timeout: float = 60) -> Iterator[Any]:
    """A Dask client: to the scheduler at ``scheduler``, else on a new
    ``LocalCluster`` of ``local`` worker processes (one thread each) bound to
    127.0.0.1, with its dashboard on 127.0.0.1:8787 (or a free port)."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=timeout)
        except OSError as e:
            raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
        try:
            client.wait_for_workers(1, timeout=timeout)
        except TimeoutError:
            client.close()
            raise BatchError(f"the Dask scheduler at {scheduler} has no workers (waited {timeout:.0f} s)") from None
        try:
            yield client
        finally:
            client.close()
        return
    n = local or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address="127.0.0.1:8787" if dashboard else None,
                           silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def dashboard_link(client) -> Optional[str]:
    try:
        services = client.scheduler_info().get("services", {})
        if "dashboard" not in services:
            return None
        return client.dashboard_link
    except Exception:  # noqa: BLE001 - a missing dashboard must not stop a run
        return None


def _check_output(fs, root: str, partition_size: Optional[int]) -> int:
    """The partition size of this output folder; refuses to mix two sizes in one."""
    meta_path = f"{root}/_batch.json"
    meta = _read_json(fs, meta_path)
    if meta is not None:
        if partition_size is not None and meta.get("partition_size") != partition_size:
            raise BatchError(
                f"{root} holds partitions of {meta.get('partition_size')} records; rerun with "
                f"--partition-size {meta.get('partition_size')} or write to a new --out folder")
        return int(meta["partition_size"])
    size = partition_size or DEFAULT_PARTITION_SIZE
    fs.makedirs(root, exist_ok=True)
    write_bytes_atomic(fs, meta_path, _json_bytes({
        "partition_size": size, "schema": SCHEMA_VERSION, "created": _now(),
        "layout": {"claims": "claims/part-*.parquet", "documents": "documents/part-*.parquet",
                   "manifests": "_partitions/*.json"}}))
    return size


def batch(inputs: list[str], out: str, *, client=None, scheduler: Optional[str] = None,
          local: Optional[int] = None, partition_size: Optional[int] = None,
          published: Optional[date] = None, max_bytes: int = DEFAULT_MAX_BYTES,
          dashboard: bool = True, progress: Progress = None) -> BatchReport:
    """``claimledger batch``: extract claims from sharded corpora on a Dask cluster
    into partitioned Parquet under ``out``.

    The cluster is ``client`` if given, else the scheduler at ``scheduler``,
    else a new local cluster of ``local`` workers. ``progress(event, value)`` is
    called with ``("cluster", {...})``, ``("planned", partitions)``,
    ``("error", message)`` and ``("partition", manifest)``.
    """
    say = progress or (lambda event, value: None)
    t_start = time.perf_counter()
    inputs = [os.fspath(i) for i in inputs]
    out_url = _out_url(out)
    fs, root = _out_fs(out_url)
    size = _check_output(fs, root, partition_size)
    report = BatchReport(out=out_url, inputs=list(inputs), partition_size=size, started=_now())

    shards, errors = find_shards(inputs)
    for e in errors:
        _add_error(report, str(e))
        say("error", str(e))
    report.shards = len(shards)

    if client is None:
        with cluster_client(scheduler, local, dashboard=dashboard) as c:
            # a local cluster started without its dashboard still serves health checks: no link then
            return _run(c, shards, report, out_url, published, max_bytes, say, t_start,
                        show_dashboard=dashboard or bool(scheduler))
    return _run(client, shards, report, out_url, published, max_bytes, say, t_start)


def _run(client, shards: list[Shard], report: BatchReport, out: str, published: Optional[date],
         max_bytes: int, say: Callable[[str, Any], None], t_start: float,
         show_dashboard: bool = True) -> BatchReport:
    from distributed import as_completed

    fs, root = _out_fs(out)
    report.scheduler = client.scheduler.address if client.scheduler else None
    report.dashboard = dashboard_link(client) if show_dashboard else None
    report.workers = len(client.scheduler_info(n_workers=-1).get("workers", {}))
    say("cluster", {"scheduler": report.scheduler, "dashboard": report.dashboard, "workers": report.workers})
    try:
        client.register_plugin(ExtractorPlugin(), name=ExtractorPlugin.name)
    except Exception as e:  # noqa: BLE001 - e.g. claimledger not installed on the workers
        raise BatchError(f"the workers cannot load claimledger's extractor: {type(e).__name__}: {e}") from None

    token = uuid.uuid4().hex[:8]
    size = report.partition_size
    # 1. plans
    plan_futures = {
        client.submit(plan_task, {"ref": s.ref, "url": s.url, "format": s.format, "compression": s.compression},
                      out, size, key=f"claimledger-plan-{i}-{token}", retries=TASK_RETRIES): s
        for i, s in enumerate(shards)
    }
    plans: dict[Shard, dict] = {}
    for fut in as_completed(list(plan_futures)):
        s = plan_futures[fut]
        if fut.status == "error":
            msg = f"{s.ref}: cannot read: {_describe(fut.exception())}"
            _add_error(report, msg)
            report.failed.append({"shard": s.ref, "error": msg})
            say("error", msg)
        else:
            plan = fut.result()
            if plan["records"] == 0:
                what = "JSONL records" if s.format == "jsonl" else "records"
                msg = str(ReadError(s.ref, f"empty: no {what}"))
                _add_error(report, msg)
                report.bad_records += 1
                say("error", msg)
            plans[s] = plan
        fut.release()

    parts: list[Partition] = []
    for s in shards:  # partitions in input order, whatever order the plans came back in
        plan = plans.get(s)
        if plan is None:
            continue
        n = plan["records"]
        for k, offset in enumerate(plan["offsets"]):
            parts.append(Partition(id=partition_id(s, k), shard=s, index=k, start=k * size,
                                   stop=min(n, (k + 1) * size), offset=offset))
    report.partitions = len(parts)
    say("planned", len(parts))

    # 2. partitions
    pub = published.isoformat() if published else None
    t0 = time.perf_counter()
    futures = {
        client.submit(partition_task, p.as_dict(), out, pub, max_bytes,
                      key=f"claimledger-partition-{p.id}-{token}", retries=TASK_RETRIES): p
        for p in parts
    }
    try:
        for fut in as_completed(list(futures)):
            p = futures.pop(fut)
            if fut.status == "error":
                msg = f"partition {p.id} ({p.shard.ref} records {p.start + 1}-{p.stop}): {_describe(fut.exception())}"
                report.partitions_failed += 1
                report.failed.append({"partition": p.id, "shard": p.shard.ref, "start": p.start,
                                      "stop": p.stop, "error": msg})
                say("error", msg)
                say("partition", {"id": p.id, "status": "failed", "error": msg})
                fut.release()
                continue
            m = fut.result()
            fut.release()
            report.totals["documents"] += m["documents"]
            report.totals["claims"] += m["claims"]
            report.totals["bad_records"] += m["bad_records"]
            if m["status"] == "skipped":
                report.partitions_skipped += 1
            else:
                report.partitions_written += 1
                report.documents += m["documents"]
                report.claims += m["claims"]
                report.bad_records += m["bad_records"]
                for e in m["errors"]:
                    _add_error(report, e["message"])
                    say("error", e["message"])
            say("partition", m)
    except BaseException:
        client.cancel(list(futures))
        raise
    report.extract_seconds = round(time.perf_counter() - t0, 3)
    if report.documents and report.extract_seconds:
        report.documents_per_second = round(report.documents / report.extract_seconds, 2)
    try:
        report.worker_memory_mb = sorted(round(v / 2**20, 1) for v in client.run(_worker_rss).values())
    except Exception:  # noqa: BLE001 - psutil missing on a remote worker: no figure
        report.worker_memory_mb = []
    report.finished = _now()
    report.seconds = round(time.perf_counter() - t_start, 3)
    _write_report(fs, root, report)
    return report


def _describe(exc: BaseException) -> str:
    name = type(exc).__name__
    if name == "KilledWorker":
        return "its worker died each time it ran it (KilledWorker)"
    return f"{name}: {exc}"


def _write_report(fs, root: str, report: BatchReport) -> None:
    data = _json_bytes(report.as_dict())
    fs.makedirs(f"{root}/_runs", exist_ok=True)
    stamp = report.started.replace(":", "").replace("+0000", "Z") if report.started else _now()
    write_bytes_atomic(fs, f"{root}/_runs/{stamp}-{uuid.uuid4().hex[:6]}.json", data)
    write_bytes_atomic(fs, f"{root}/report.json", data)
