"""Batch extraction on a Dask LocalCluster: 1 worker against 2, on the same corpus, in one run.

    .venv/bin/python benchmarks/bench_scale.py                 # 600 documents, best of 2 rounds
    .venv/bin/python benchmarks/bench_scale.py --docs 1200 --repeat 3 --json

Each round starts a fresh LocalCluster (worker processes with one thread each,
on 127.0.0.1, no dashboard) per worker count, waits until every worker has
loaded and warmed up its spaCy pipeline, then runs ``claimledger.scale.batch``
over the same JSONL shards into a fresh output folder. Documents per second
are measured from the first partition submitted to the last one written (the
figure in the run report); cluster start-up is reported beside it. Worker
counts alternate within a round so a noisy neighbour hurts both alike; the
best round of each counts. The goal: 2 workers at least 1.8 times one.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def write_shards(folder: Path, n_docs: int, n_shards: int) -> None:
    from claimledger.scale.corpus import sample_records

    recs = sample_records(n_docs)
    per = -(-n_docs // n_shards)
    for k in range(n_shards):
        with open(folder / f"shard-{k:02d}.jsonl", "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r) + "\n" for r in recs[k * per:(k + 1) * per])


def one_run(shards: Path, out: Path, workers: int, partition_size: int) -> dict:
    from distributed import Client, LocalCluster

    from claimledger import scale

    t0 = time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, silence_logs=40)
    client = Client(cluster)
    try:
        client.wait_for_workers(workers)
        client.register_plugin(scale.ExtractorPlugin(), name=scale.ExtractorPlugin.name)  # load + warm up
        startup = time.perf_counter() - t0
        cpu0 = client.run(_cpu_seconds)
        t1 = time.perf_counter()
        report = scale.batch([str(shards)], str(out), client=client, partition_size=partition_size)
        wall = time.perf_counter() - t1
        cpu1 = client.run(_cpu_seconds)
        cpu = sum(cpu1[a] - cpu0.get(a, 0.0) for a in cpu1)
    finally:
        client.close()
        cluster.close()
    assert report.ok and report.partitions_failed == 0, report.as_dict()
    return {
        "workers": workers,
        "documents": report.documents,
        "claims": report.claims,
        "partitions": report.partitions,
        "startup_seconds": round(startup, 2),
        "seconds": report.extract_seconds,
        "documents_per_second": report.documents_per_second,
        "worker_memory_mb": report.worker_memory_mb,
        # share of their cores the workers got: well under 1 means other processes took the rest
        "cpu_share": round(cpu / (wall * workers), 2),
        "documents_per_cpu_second": round(report.documents / cpu, 2) if cpu else None,
        "load_average": os.getloadavg()[0],
    }


def _cpu_seconds() -> float:
    import psutil

    t = psutil.Process().cpu_times()
    return t.user + t.system


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--docs", type=int, default=600, help="documents in the corpus (default 600)")
    ap.add_argument("--shards", type=int, default=4, help="JSONL shards to split them into (default 4)")
    ap.add_argument("--partition-size", type=int, default=25, help="records per partition (default 25)")
    ap.add_argument("--workers", default="1,2", help="worker counts to compare (default 1,2)")
    ap.add_argument("--repeat", type=int, default=2, help="rounds; the best of each worker count counts (default 2)")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    counts = [int(x) for x in args.workers.split(",")]

    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        shards = tmp / "shards"
        shards.mkdir()
        write_shards(shards, args.docs, args.shards)
        best: dict[int, dict] = {}
        rounds = []
        for r in range(args.repeat):
            for w in counts:
                print(f"round {r + 1}/{args.repeat}: {w} worker(s) …", file=sys.stderr, flush=True)
                res = one_run(shards, tmp / f"out-{r}-{w}", w, args.partition_size)
                rounds.append(res)
                print(f"  {res['documents_per_second']:.1f} documents/s ({res['seconds']:.1f} s, "
                      f"start-up {res['startup_seconds']:.1f} s, workers got {res['cpu_share']:.0%} of "
                      f"their cores)", file=sys.stderr, flush=True)
                if w not in best or res["documents_per_second"] > best[w]["documents_per_second"]:
                    best[w] = res
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    base = best[min(counts)]
    result = {
        "documents": args.docs, "partition_size": args.partition_size, "cores": os.cpu_count(),
        "rows": [dict(best[w], speedup=round(best[w]["documents_per_second"] / base["documents_per_second"], 2),
                      per_worker=round(best[w]["documents_per_second"] / w, 1),
                      # the speed-up had every worker had its whole core: what the workers did per
                      # CPU-second, times their number, against the same for the smallest count
                      cpu_speedup=round(best[w]["documents_per_cpu_second"] * w
                                        / (base["documents_per_cpu_second"] * base["workers"]), 2))
                 for w in counts],
        "rounds": rounds,
    }
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"batch extraction, {args.docs} documents, partitions of {args.partition_size}, "
          f"best of {args.repeat} round(s), {os.cpu_count()} cores")
    print(f"{'workers':>7}  {'docs/s':>8}  {'per worker':>10}  {'speed-up':>8}  {'seconds':>7}  "
          f"{'start-up s':>10}  {'worker RSS MB':>13}  {'cpu share':>9}  {'docs/cpu-s':>10}  {'cpu speed-up':>12}")
    for row in result["rows"]:
        rss = "/".join(f"{m:.0f}" for m in row["worker_memory_mb"])
        print(f"{row['workers']:>7}  {row['documents_per_second']:>8.1f}  {row['per_worker']:>10.1f}  "
              f"{row['speedup']:>7.2f}x  {row['seconds']:>7.1f}  {row['startup_seconds']:>10.1f}  {rss:>13}  "
              f"{row['cpu_share']:>9.0%}  {row['documents_per_cpu_second']:>10.1f}  {row['cpu_speedup']:>11.2f}x")
    print("cpu share: the part of their cores the workers got (the rest went to other processes); "
          "cpu speed-up: the speed-up had each worker had its whole core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
