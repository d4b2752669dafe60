"""``claimledger batch`` and ``load`` on a real Dask LocalCluster started here.

One cluster (two worker processes, one thread each, on 127.0.0.1, no
dashboard) and one batch run over a corpus of a few hundred documents serve
most tests, so the module costs one cluster start and one extraction pass on
each side (batch, and ``claimledger extract`` for the comparison).
"""
from __future__ import annotations

import csv
import gzip
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import cloudpickle
import pytest
from distributed import WorkerPlugin

from claimledger import scale
from claimledger.ingest import Document, ReadError, read_inputs
from claimledger.scale.corpus import sample_records
from claimledger.scale.parquet import CLAIM_SCHEMA, DOCUMENT_SCHEMA, claim_records, claims_table
from claimledger.scale.shards import Partition, Shard, find_shards, plan_shard, read_partition

N_DOCS = 240
PARTITION = 25
GERMAN = ("Die Regierung hat am Mittwoch bestätigt, dass mindestens zwölf Menschen bei dem Angriff getötet wurden, "
          "wie die Behörden mitteilten. Die Lage in der Region bleibt nach Angaben der Polizei angespannt.")
BAD_LINES = [
    "{this is not json\n",
    json.dumps({"id": "no-text-here", "title": "a record without its text"}) + "\n",
    json.dumps({"id": "german-article", "text": GERMAN}) + "\n",
]


def cli(*args):
    return subprocess.run([sys.executable, "-m", "claimledger.cli", *args], capture_output=True, text=True)


def _key(rec: dict) -> tuple:
    return (rec["document_ref"] or "", rec["evidence"]["start"], rec["evidence"]["end"], rec["id"])


def _snapshot(root: Path) -> dict:
    """Every file a rerun could touch, with its modification time (reports excepted)."""
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*")
            if p.is_file() and p.name != "report.json" and "_runs" not in p.parts}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, silence_logs=40)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    """The same records as four shards (JSONL with bad lines, JSONL.gz, CSV, Parquet)
    and as one JSONL file for ``claimledger extract``."""
    root = tmp_path_factory.mktemp("corpus")
    recs = sample_records(N_DOCS)
    a, b, c, d = recs[:100], recs[100:160], recs[160:200], recs[200:]
    shards = root / "shards"
    shards.mkdir()
    lines_a = [json.dumps(r) + "\n" for r in a]
    lines_a[40:40] = BAD_LINES  # bad records in the middle of a partition
    (shards / "part-1.jsonl").write_text("".join(lines_a), encoding="utf-8")
    with gzip.open(shards / "part-2.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in b)
    with open(shards / "part-3.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "published", "url", "title", "text"])
        w.writeheader()
        w.writerows(c)
    table = pa.Table.from_pylist([dict(r, published=date.fromisoformat(r["published"])) for r in d])
    pq.write_table(table, shards / "part-4.parquet", row_group_size=15)
    (shards / "README.md").write_text("not a shard\n", encoding="utf-8")
    whole = root / "all.jsonl"
    whole.write_text("".join(lines_a) + "".join(json.dumps(r) + "\n" for r in b + c + d), encoding="utf-8")
    return {"root": root, "shards": shards, "all": whole, "records": recs}


@pytest.fixture(scope="module")
def run(client, corpus, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("batch") / "out"
    report = scale.batch([str(corpus["shards"])], str(out), client=client, partition_size=PARTITION)
    return {"out": out, "report": report}


@pytest.fixture(scope="module")
def extracted(corpus) -> list[dict]:
    """What ``claimledger extract`` prints for the same corpus."""
    r = cli("extract", str(corpus["all"]))
    assert r.returncode == 1, r.stderr  # the bad records make it exit 1 at the end
    assert len([x for x in r.stderr.splitlines() if x.startswith("error")]) == 3, r.stderr
    return [json.loads(x) for x in r.stdout.splitlines()]


def _batch_claims(out: Path) -> list[dict]:
    return claim_records(ds.dataset(out / "claims", format="parquet", schema=CLAIM_SCHEMA).to_table())


# --------------------------------------------------------------------------- batch


def test_batch_equals_extract_claim_for_claim(run, extracted):
    report = run["report"]
    assert report.partitions == 12 and report.partitions_written == 12 and report.partitions_failed == 0
    assert report.documents == N_DOCS
    got = sorted(_batch_claims(run["out"]), key=_key)
    want = sorted(extracted, key=_key)
    assert len(got) == len(want) == report.claims > N_DOCS
    assert {r["kind"] for r in got} == {"figure", "statement"}
    for g, w in zip(got, want):
        assert g == w


def test_documents_written_with_typed_schema(run, corpus):
    out = run["out"]
    docs = ds.dataset(out / "documents", format="parquet").to_table()
    assert docs.schema.equals(DOCUMENT_SCHEMA, check_metadata=False)
    claims = ds.dataset(out / "claims", format="parquet").to_table()
    assert claims.schema.equals(CLAIM_SCHEMA, check_metadata=False)
    assert claims.schema.field("value").type == pa.float64()
    assert claims.schema.field("time").type.field("date").type == pa.date32()
    assert claims.column("extra").null_count == claims.num_rows  # the typed columns hold everything
    rows = {r["ref"]: r for r in docs.to_pylist()}
    want = {r["id"]: r for r in corpus["records"]}
    assert set(rows) == set(want)
    for ref, r in rows.items():
        assert r["text"] == want[ref]["text"].replace("\r\n", "\n")
        assert r["published"] == date.fromisoformat(want[ref]["published"])  # from JSONL, CSV and Parquet alike
        assert r["url"] == want[ref]["url"]
    assert sum(r["claims"] for r in rows.values()) == claims.num_rows


def test_bad_records_reported_and_skipped(run, corpus):
    report = run["report"]
    assert report.bad_records == 3 and not report.ok
    shard = str(corpus["shards"] / "part-1.jsonl")
    assert any(e.startswith(f"{shard}:41: not valid JSON") for e in report.errors), report.errors
    assert any(f"{shard}:42 (id no-text-here)" in e and "no 'text' field" in e for e in report.errors)
    assert any(f"{shard}:43 (id german-article)" in e and "not English" in e for e in report.errors)
    saved = json.loads((run["out"] / "report.json").read_text())
    assert saved["bad_records"] == 3 and saved["documents"] == N_DOCS and saved["partitions_written"] == 12
    # the partition holding them wrote its good documents all the same
    manifests = {m["id"]: m for m in scale.partitions(str(run["out"]))}
    hit = [m for m in manifests.values() if m["bad_records"]]
    assert len(hit) == 1 and hit[0]["documents"] == PARTITION - 3 and hit[0]["start"] == 25


def test_rerun_writes_nothing_new(run, client, corpus):
    out = run["out"]
    before = _snapshot(out)
    r = cli("batch", str(corpus["shards"]), "--out", str(out), "--scheduler", client.scheduler.address, "-q")
    assert r.returncode == 0, r.stderr
    assert "0 written, 12 already done, 0 failed" in r.stdout
    assert f"scheduler {client.scheduler.address}" in r.stderr and "dashboard" in r.stderr
    assert _snapshot(out) == before
    saved = json.loads((out / "report.json").read_text())
    assert saved["partitions_skipped"] == 12 and saved["documents"] == 0
    assert saved["totals"] == {"documents": N_DOCS, "claims": run["report"].claims, "bad_records": 3}


def test_unfinished_partition_is_redone(run, client, corpus):
    """A partition whose manifest is missing (its worker died between writing the
    Parquet files and the manifest) is written again, whole, by the next run."""
    out = run["out"]
    victim = sorted((out / "_partitions").glob("part-3-*.json"))[0]
    victim.unlink()
    (out / "claims" / ".part-x.parquet.tmp-123").write_bytes(b"half a file")  # a write cut short
    report = scale.batch([str(corpus["shards"])], str(out), client=client)
    assert report.partitions_written == 1 and report.partitions_skipped == 11
    assert report.partition_size == PARTITION  # taken from the folder
    assert victim.exists()
    assert len(_batch_claims(out)) == run["report"].claims  # nothing doubled


def test_cli_local_cluster(corpus, tmp_path):
    """--local starts its own cluster on 127.0.0.1 and prints where its dashboard is."""
    out = tmp_path / "out"
    r = cli("batch", str(corpus["shards"] / "part-3.csv"), "--out", str(out), "--local", "1",
            "--partition-size", "20")
    assert r.returncode == 0, r.stderr
    assert "1 workers · dashboard http://127.0.0.1:" in r.stderr
    assert "partitions: 2 written, 0 already done, 0 failed; documents: 40;" in r.stdout
    report = json.loads((out / "report.json").read_text())
    assert report["dashboard"].startswith("http://127.0.0.1:") and report["workers"] == 1


def test_other_partition_size_refused(run, corpus, client):
    with pytest.raises(scale.BatchError, match="--partition-size 25"):
        scale.batch([str(corpus["shards"])], str(run["out"]), client=client, partition_size=30)


# --------------------------------------------------------------------------- load


def test_load_twice_stores_everything_once(run, ledger_url):
    from claimledger.ledger import Ledger

    first = scale.load(str(run["out"]), db=ledger_url)
    assert first.ok, first.errors
    assert first.documents_new == N_DOCS and first.claims_added == run["report"].claims
    second = scale.load(str(run["out"]), db=ledger_url)
    assert second.ok and second.documents_new == 0 and second.documents_known == N_DOCS
    assert second.claims_added == 0
    with Ledger(ledger_url) as ledger:
        stats = ledger.stats()
        assert stats["documents"] == N_DOCS
        assert stats["claims"] == stats["claims_all_versions"] == run["report"].claims
        one = next(r for r in _batch_claims(run["out"]) if r["kind"] == "figure")
        doc = ledger.document(one["document_id"])
        assert one in doc["claims"]


def test_load_cli(run, tmp_path):
    db = tmp_path / "ledger.db"
    r1 = cli("load", str(run["out"]), "--db", str(db))
    assert r1.returncode == 0, r1.stderr
    assert f"documents: {N_DOCS} new, 0 already known, 0 failed; claims added: {run['report'].claims}" in r1.stdout
    r2 = cli("load", str(run["out"]), "--db", str(db))
    assert r2.returncode == 0, r2.stderr
    assert f"documents: 0 new, {N_DOCS} already known, 0 failed; claims added: 0" in r2.stdout
    wrong = scale.load(str(tmp_path), db=str(db))
    assert not wrong.ok and "not a claimledger batch output folder" in wrong.errors[0]


# --------------------------------------------------------------------------- failures


class KillOnce(WorkerPlugin):
    """Kills its worker process the first time any worker starts a partition task
    (a marker file makes it once per cluster)."""

    name = "test-kill-once"

    def __init__(self, marker: str):
        self.marker = marker

    def transition(self, key, start, finish, **kwargs):
        if finish == "executing" and "claimledger-partition" in str(key):
            try:
                fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                return
            os.write(fd, str(key).encode())
            os.close(fd)
            os._exit(1)


def test_dead_worker_partitions_retried(client, corpus, tmp_path):
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this file
    client.register_plugin(KillOnce(str(tmp_path / "killed")), name=KillOnce.name)
    try:
        report = scale.batch([str(corpus["shards"] / "part-3.csv")], str(tmp_path / "out"), client=client,
                             partition_size=10)
    finally:
        client.unregister_worker_plugin(KillOnce.name)
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert (tmp_path / "killed").exists()  # a worker did die mid-run
    assert report.partitions == 4 and report.partitions_written == 4 and report.partitions_failed == 0
    assert report.documents == 40 and report.ok
    client.wait_for_workers(2, timeout=60)


# --------------------------------------------------------------------------- no cluster


def test_schema_round_trip_is_exact(extracted):
    assert claim_records(claims_table(extracted)) == extracted
    odd = dict(extracted[0], new_field={"a": 1}, time=dict(extracted[0]["time"], date="2025-W18"))
    odd["subject"] = dict(odd.get("subject") or {}, extra_key="x")
    odd.pop("cue")
    back = claim_records(claims_table([odd]))
    assert back == [odd]


def test_partitions_of_a_jsonl_shard_read_like_the_whole(tmp_path):
    """Partition boundaries, blank lines, a BOM, a last line without newline:
    reading partition by partition gives what reading the file whole gives."""
    recs = sample_records(9)
    lines = [json.dumps(r) for r in recs]
    lines.insert(3, "")
    lines.insert(6, "[1, 2]")
    p = tmp_path / "s.jsonl"
    p.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8"))  # no final newline
    shard = Shard(ref=str(p), url=str(p), format="jsonl")
    plan = plan_shard(shard, 4)
    assert plan["records"] == 11 and len(plan["offsets"]) == 3
    got = []
    for k, off in enumerate(plan["offsets"]):
        part = Partition(id=f"p{k}", shard=shard, index=k, start=4 * k, stop=min(11, 4 * k + 4), offset=off)
        got.extend(read_partition(part))
    want = list(read_inputs([str(p)]))

    def norm(x):
        return ("doc", x.id, x.ref, x.published, x.meta.get("location")) if isinstance(x, Document) else ("err", str(x))

    assert [norm(x) for x in got] == [norm(x) for x in want]
    assert sum(isinstance(x, ReadError) for x in got) == 1


def test_find_shards(tmp_path):
    (tmp_path / "a.jsonl").write_text("{}\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.csv.gz").write_bytes(gzip.compress(b"text\nx\n"))
    (tmp_path / "sub" / "notes.txt").write_text("x")
    (tmp_path / "c.txt").write_text("x")
    shards, errors = find_shards([str(tmp_path), str(tmp_path / "c.txt"), str(tmp_path / "missing.jsonl"),
                                  str(tmp_path / "*.jsonl")])
    assert [(Path(s.ref).name, s.format, s.compression) for s in shards] == [
        ("a.jsonl", "jsonl", None), ("b.csv.gz", "csv", "gzip")]
    assert sorted(e.reason.split(":")[0] for e in errors) == ["no such file or directory", "not a corpus shard"]
