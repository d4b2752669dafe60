"""The command line, end to end: real files, a real SQLite ledger, real processes."""
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from claimledger import api

ARTICLE = (
    "KABUL, Afghanistan (Nov. 20, 2011)\n"
    "A coalition security force killed two insurgents and detained three suspected insurgents "
    "during an operation in Nad-e Ali district, Helmand province, yesterday, officials said.\n"
)
OTHER = "Police said at least 12 people were wounded in the shooting on Sunday, according to the sheriff's office.\n"
GERMAN = ("Die Regierung hat am Mittwoch bestätigt, dass mindestens zwölf Menschen bei dem Angriff getötet wurden, "
          "wie die Behörden mitteilten. Die Lage in der Region bleibt nach Angaben der Polizei angespannt.\n")


def run(*args, input=None, env=None):
    e = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "claimledger.cli", *args], capture_output=True, text=True,
                          input=input, env=e)


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "articles"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "sub" / "b.txt").write_text(OTHER, encoding="utf-8")
    return d


def test_extract_jsonl_contract(corpus):
    r = run("extract", str(corpus / "a.txt"), "--published", "2011-11-20", "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    figs = [x for x in rows if x["kind"] == "figure"]
    assert {(f["metric"], f["value"]) for f in figs} >= {("killed", 2), ("detained", 3)}
    for f in figs:
        assert f["document_ref"] == str(corpus / "a.txt")
        for key in ("id", "document_id", "metric", "value", "low", "high", "qualifier", "part_of", "subject",
                    "location", "time", "source", "cue", "cue_span", "via", "hedges", "evidence", "extractor"):
            assert key in f
        assert f["time"]["date"] == "2011-11-19"


def test_extract_jsonl_records_each_with_own_date(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_text(json.dumps({"id": "r1", "text": OTHER, "published": "2016-05-02"}) + "\n"
                 + json.dumps({"id": "r2", "text": OTHER.replace("Sunday", "Monday"), "published": "2017-01-03"}) + "\n",
                 encoding="utf-8")
    r = run("extract", str(p))
    assert r.returncode == 0, r.stderr
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    refs = {x["document_ref"]: x["time"]["date"] for x in rows if x["kind"] == "figure"}
    assert refs == {"r1": "2016-05-01", "r2": "2017-01-02"}


def test_extract_stdin_and_table():
    r = run("extract", "-", "--format", "table", input=OTHER)
    assert r.returncode == 0, r.stderr
    assert "wounded" in r.stdout


def test_quantities_flag(corpus):
    r = run("extract", str(corpus / "sub" / "b.txt"), "--quantities")
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    qs = [x for x in rows if x["kind"] == "quantity"]
    assert any(q["value"] == 12 and q["qualifier"] == "at_least" for q in qs)


def test_ingest_twice_same_counts(corpus, tmp_path):
    db = tmp_path / "l.db"
    r1 = run("ingest", str(corpus), "--db", str(db))
    assert r1.returncode == 0, r1.stderr
    assert "2 new, 0 already known, 0 failed" in r1.stdout
    con = sqlite3.connect(db)
    n_claims = con.execute("select count(*) from claims").fetchone()[0]
    n_docs = con.execute("select count(*) from documents").fetchone()[0]
    con.close()
    r2 = run("ingest", str(corpus), "--db", str(db))
    assert r2.returncode == 0, r2.stderr
    assert "0 new, 2 already known, 0 failed; claims added: 0" in r2.stdout
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from claims").fetchone()[0] == n_claims > 0
    assert con.execute("select count(*) from documents").fetchone()[0] == n_docs == 2
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    con.close()
    listed = run("claims", "--db", str(db), "--format", "jsonl", "--metric", "killed")
    assert [json.loads(x)["value"] for x in listed.stdout.splitlines()] == [2]
    doc_id = json.loads(listed.stdout.splitlines()[0])["document_id"]
    shown = run("show", doc_id[:8], "--db", str(db))
    assert shown.returncode == 0 and "Helmand" in shown.stdout


def _bad_inputs(tmp_path):
    bad = {}
    bad["empty"] = tmp_path / "empty.txt"
    bad["empty"].write_text("", encoding="utf-8")
    bad["binary"] = tmp_path / "image.txt"
    bad["binary"].write_bytes(bytes(range(256)) * 40)
    bad["utf8"] = tmp_path / "latin1.txt"
    bad["utf8"].write_bytes("Twelve people were killed in the café attack, officials said.".encode("latin-1"))
    bad["huge"] = tmp_path / "huge.txt"
    with open(bad["huge"], "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    bad["german"] = tmp_path / "german.txt"
    bad["german"].write_text(GERMAN, encoding="utf-8")
    bad["missing"] = tmp_path / "nope.txt"
    return bad


@pytest.mark.parametrize("kind", ["empty", "binary", "utf8", "huge", "german", "missing"])
def test_bad_input_one_error_run_goes_on_nothing_touched(kind, corpus, tmp_path):
    db = tmp_path / "l.db"
    assert run("ingest", str(corpus / "a.txt"), "--db", str(db)).returncode == 0
    con = sqlite3.connect(db)
    before = con.execute("select id, extractor, record from claims order by id").fetchall()
    con.close()
    bad = _bad_inputs(tmp_path)[kind]
    r = run("ingest", str(bad), str(corpus / "sub" / "b.txt"), "--db", str(db))
    assert r.returncode == 1
    lines = [x for x in r.stderr.splitlines() if x.startswith("error")]
    assert len(lines) == 1, r.stderr
    assert str(bad) in lines[0]
    assert "1 new, 0 already known, 1 failed" in r.stdout
    con = sqlite3.connect(db)
    after = con.execute("select id, extractor, record from claims order by id").fetchall()
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    con.close()
    assert set(before) <= set(after) and len(after) > len(before)
    # extract reports the same way without a database
    r = run("extract", str(bad), str(corpus / "sub" / "b.txt"))
    assert r.returncode == 1
    assert len([x for x in r.stderr.splitlines() if x.startswith("error")]) == 1
    assert any(json.loads(x)["kind"] == "figure" for x in r.stdout.splitlines())


def test_workers_give_the_same_claims(corpus):
    one = run("extract", str(corpus), "--published", "2011-11-20")
    two = run("extract", str(corpus), "--published", "2011-11-20", "--workers", "2")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout


def test_python_twins(corpus, tmp_path):
    db = str(tmp_path / "t.db")
    rep = api.ingest([str(corpus)], db=db)
    assert rep.documents_new == 2 and rep.ok
    assert len(api.claims(db, metric="wounded")) == 1
    doc_id = api.claims(db, metric="wounded")[0].document_id
    assert api.show(doc_id, db=db)["id"] == doc_id


def test_help_texts():
    for cmd in ("extract", "ingest", "claims", "show", "bench"):
        r = run(cmd, "--help")
        assert r.returncode == 0 and "Usage" in r.stdout


def test_extract_summary_counts_the_page_story_only(tmp_path):
    """`extract --summary` on a page dump: the other stories under "Related stories" add nothing."""
    page = tmp_path / "page.txt"
    page.write_text(
        "Two men wounded in overnight shooting\n"
        "SPRINGFIELD — Two men were wounded in a shooting early Sunday, police said. Both were taken to a "
        "hospital in stable condition.\n"
        "Related stories\n"
        "Five people killed in highway crash near the river, state police said.\n"
        "Three teenagers were shot and wounded at a party last month.\n", encoding="utf-8")
    r = run("extract", str(page), "--published", "2025-03-02", "--format", "jsonl", "--summary")
    assert r.returncode == 0, r.stderr
    (summary,) = [json.loads(line) for line in r.stdout.splitlines() if '"summary"' in line]
    assert summary["totals"]["wounded"] == 2 and summary["totals"]["killed"] == 0
    assert summary["outside_story"]  # the related stories' figures, left out by name
