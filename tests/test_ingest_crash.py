"""Crash safety: a real ``claimledger ingest`` process is killed with SIGKILL at 20 random
moments of a 300-document ingest and rerun each time; in the end every document is in the
ledger exactly once with all its claims, and SQLite's integrity check is clean. After every
kill the ledger is consistent: no document without its extraction, no extraction missing a
claim, no claim without its extraction.

The moments are drawn from two kinds, so both the start-up (opening and migrating the
ledger, loading the model) and the writing phase are hit: a random delay after the process
starts, or a random number of newly stored documents plus a random jitter of a few ms (so
kills land between and inside transactions). Set CLAIMLEDGER_CRASH_SEED to replay a run.
"""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from claimledger import api
from ledger_probe import count

N_DOCS = 300
N_KILLS = 20

CITIES = ["Kharkiv", "Kherson", "Odesa", "Zaporizhzhia", "Dnipro", "Sumy", "Mykolaiv", "Kramatorsk", "Bakhmut",
          "Pokrovsk", "Kupiansk", "Chernihiv", "Poltava", "Lviv", "Kyiv"]
EVENTS = ["a missile strike", "a drone attack", "shelling", "an artillery barrage", "a glide bomb attack"]
SOURCES = ["the regional governor", "the health ministry", "local officials", "the city administration",
           "emergency services"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def corpus(path: Path) -> list[dict]:
    recs = []
    for i in range(N_DOCS):
        city, event = CITIES[i % len(CITIES)], EVENTS[(i // len(CITIES)) % len(EVENTS)]
        src, day = SOURCES[i % len(SOURCES)], DAYS[i % len(DAYS)]
        killed, wounded, held = 2 + i % 37, 5 + (i * 7) % 90, 1 + i % 9
        text = (f"At least {killed} people were killed and {wounded} others wounded in {event} on {city} on "
                f"{day}, {src} said. Police said {held} suspects were detained after the attack, "
                f"report number {i + 1}.")
        recs.append({"id": f"art-{i:03d}", "text": text, "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"})
    with open(path, "w", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r) + "\n")
    return recs


def check_consistent(db: Path) -> None:
    if not db.exists():
        return
    con = sqlite3.connect(db, timeout=30)  # read-write: recovers a hot WAL left by the killed writer
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {r for (r,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "documents" not in tables:
            return  # killed before the schema was committed: nothing at all, which is consistent
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        # every document has exactly one extraction (this extractor) and a sighting
        assert con.execute("SELECT count(*) FROM documents d WHERE (SELECT count(*) FROM extractions e "
                           "WHERE e.document_id = d.id) != 1").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM document_sightings s "
                           "WHERE s.document_id = d.id)").fetchone()[0] == 0
        # every extraction has all its claims, and no claim is without its extraction
        assert con.execute("SELECT count(*) FROM extractions e WHERE e.claims != (SELECT count(*) FROM claims c "
                           "WHERE c.extraction_id = e.id)").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM claims c WHERE NOT EXISTS (SELECT 1 FROM extractions e "
                           "WHERE e.id = c.extraction_id AND e.document_id = c.document_id)").fetchone()[0] == 0
    finally:
        con.close()


def claims_by_document(db: Path) -> dict[str, dict[str, dict]]:
    con = sqlite3.connect(db)
    try:
        out: dict[str, dict[str, dict]] = {}
        for doc_id, cid, rec in con.execute("SELECT document_id, id, record FROM claims"):
            out.setdefault(doc_id, {})[cid] = json.loads(rec)
        return out
    finally:
        con.close()


def test_sigkill_at_20_random_moments_then_rerun_loses_and_duplicates_nothing(tmp_path):
    seed = int(os.environ.get("CLAIMLEDGER_CRASH_SEED") or random.randrange(1 << 30))
    rng = random.Random(seed)
    src = tmp_path / "corpus.jsonl"
    recs = corpus(src)

    # what an uninterrupted ingest stores (in-process, the same code path)
    ref_db = tmp_path / "reference.db"
    rep = api.ingest([str(src)], db=str(ref_db))
    assert rep.documents_new == N_DOCS and rep.ok
    expected = claims_by_document(ref_db)
    assert sum(len(v) for v in expected.values()) >= 2 * N_DOCS  # articles with figures

    db = tmp_path / "ledger.db"
    cmd = [sys.executable, "-m", "claimledger.cli", "ingest", str(src), "--db", str(db), "-q"]
    # 5 moments during start-up (opening and migrating the ledger, loading the model, the
    # first batch), 15 in the writing phase: once a random number of documents is stored
    # (spread over the whole ingest), plus a jitter of a few ms
    startup = set(rng.sample(range(N_KILLS), 5))
    targets = iter(sorted(rng.sample(range(1, N_DOCS), N_KILLS - len(startup))))
    moments, killed = [], 0
    for k in range(N_KILLS):
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        started = time.monotonic()
        try:
            if k in startup:
                delay = rng.uniform(0.05, 3.0)
                moment = f"t+{delay:.2f}s"
                while time.monotonic() - started < delay and p.poll() is None:
                    time.sleep(0.01)
            else:
                target = next(targets)
                jitter = rng.uniform(0.0, 0.02)
                moment = f"at {target} stored + {jitter * 1000:.0f} ms"
                deadline = started + 120
                while p.poll() is None and time.monotonic() < deadline \
                        and count(db, "SELECT count(*) FROM extractions") < target:
                    time.sleep(0.01)
                time.sleep(jitter)
            finished_alone = p.poll() is not None
            if not finished_alone:
                os.kill(p.pid, signal.SIGKILL)
            p.wait(timeout=60)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        if finished_alone:
            assert p.returncode == 0, p.stderr.read().decode()
        else:
            assert p.returncode == -signal.SIGKILL
            killed += 1
        p.stderr.close()
        moments.append(f"{moment}: {count(db, 'SELECT count(*) FROM extractions')} stored")
        check_consistent(db)
    assert killed >= N_KILLS - 2, f"seed {seed}: most runs should have been killed, not finished: {moments}"

    print(f"seed {seed}; kills: {moments}")
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, f"seed {seed}: {r.stderr}"
    assert "0 failed" in r.stdout

    check_consistent(db)
    con = sqlite3.connect(db)
    try:
        ids = [d for (d,) in con.execute("SELECT id FROM documents")]
        refs = sorted(r for (r,) in con.execute("SELECT ref FROM document_sightings"))
        n_ex = con.execute("SELECT count(*) FROM extractions").fetchone()[0]
    finally:
        con.close()
    assert len(ids) == N_DOCS == len(set(ids)), f"seed {seed}"
    assert set(ids) == set(expected)
    assert refs == sorted(r["id"] for r in recs)  # each document seen once, under its record id
    assert n_ex == N_DOCS
    got = claims_by_document(db)
    for doc_id, want in expected.items():
        assert got.get(doc_id) == want, f"seed {seed}: document {doc_id} claims differ; kills: {moments}"
