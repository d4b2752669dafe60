"""Two ingests at once, on PostgreSQL (and SQLite): nothing lost, nothing twice.

Two ``claimledger ingest`` processes read overlapping folders into one fresh ledger
at the same moment (their migrations race too). Afterwards every article is stored
exactly once with exactly the claims a single extraction gives, every file is
recorded as a sighting, and each article has one extraction. The same holds for two
API servers ingesting overlapping batches side by side.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import pytest

from web_helpers import corpus

from claimledger.ledger import Ledger

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _folders(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    docs = [d for d, _ in corpus()]
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    names = {}
    for i, d in enumerate(docs):
        names[d.id] = f"{i:02d}.txt"
    # a: articles 0-3, b: articles 2-4 (and 0 under another name): 2, 3 and 0 are in both
    for i, d in enumerate(docs):
        if i <= 3:
            (a / names[d.id]).write_text(d.text, encoding="utf-8")
        if i >= 2:
            (b / names[d.id]).write_text(d.text, encoding="utf-8")
    (b / "copy-of-00.txt").write_text(docs[0].text, encoding="utf-8")
    return a, b, names


def test_two_ingest_processes_at_once(ledger_url, tmp_path):
    a, b, _ = _folders(tmp_path)
    env = dict(os.environ, CLAIMLEDGER_DB=ledger_url, PYTHONUNBUFFERED="1")
    cmd = [sys.executable, "-m", "claimledger.cli", "ingest", "--published", "2025-05-01"]
    procs = [subprocess.Popen([*cmd, str(folder)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for folder in (a, b)]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, (out, err)

    expected = {d.id: sorted(c.id for c in cl) for d, cl in corpus()}
    files = list(a.iterdir()) + list(b.iterdir())
    with Ledger(ledger_url) as led:
        st = led.stats()
        assert st["documents"] == len(expected)  # each article once
        assert st["sightings"] == len(files)  # each file seen, none twice
        assert st["claims_all_versions"] == st["claims"] == sum(len(v) for v in expected.values())
        for doc_id, ids in expected.items():
            d = led.document(doc_id)
            assert len(d["extractions"]) == 1, doc_id  # one process stored it, the other saw it
            assert sorted(c["id"] for c in d["claims"]) == ids, doc_id  # all its claims, none twice
        assert {s for doc_id in expected for s in (x["ref"] for x in led.document(doc_id)["sightings"])} == {
            str(f) for f in files}


def test_two_api_servers_ingest_overlapping_batches(ledger_url):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from claimledger.web import create_app

    docs = corpus()[1:4]  # the three short reports
    batches = [[docs[0], docs[1]], [docs[2], docs[1], docs[0]]]
    results: list = [None, None]
    barrier = threading.Barrier(2)

    def run(i):
        with TestClient(create_app(db=ledger_url)) as c:  # two apps: two engines, two extraction locks
            barrier.wait(timeout=60)
            items = [{"text": d.text, "published": d.published.isoformat(), "ref": f"server{i}/{n}"}
                     for n, (d, _) in enumerate(batches[i])]
            r = c.post("/api/ingest", json={"items": items})
            results[i] = (r.status_code, r.json())

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert all(r is not None and r[0] in (200, 201) for r in results), results
    outcomes = [it["outcome"] for _, body in results for it in body["items"]]
    assert "failed" not in outcomes and outcomes.count("new") == len(docs)
    with Ledger(ledger_url) as led:
        st = led.stats()
        assert st["documents"] == len(docs) and st["sightings"] == 5
        assert st["claims_all_versions"] == sum(len(cl) for _, cl in docs)
