"""The ledger's promises, checked on SQLite and PostgreSQL alike (``ledger_url``).

Claims are built by hand so these tests do not move when the extractor does.
"""
from __future__ import annotations

import json
import multiprocessing as mp
from datetime import date

import pytest
from sqlalchemy import create_engine, text

from claimledger.ingest.document import Document
from claimledger.ledger import AddResult, Ledger
from claimledger.ledger import migrate as migrations
from claimledger.ledger.engine import resolve_url
from claimledger.ledger.schema import metadata
from claimledger.model import EXTRACTOR, Claim, Location, Source, Span, Subject, TimeRef, Via

SEED = ("Around 600 North Korean soldiers have been killed in Russia's Kursk region, according "
        "to a South Korean lawmaker briefed by the National Intelligence Service. Moscow confirmed "
        "the presence of North Korean troops.")


def make_doc(i: int, ref: str | None = None, **kw) -> Document:
    text_ = (f"Report {i}. Around {100 + i} soldiers were killed and {10 + i} wounded near "
             f"Kursk, officials said on day {i}.")
    kw.setdefault("published", date(2025, 5, 1 + i % 28))
    return Document(text_, ref=ref or f"articles/{i}.txt", url=f"https://example.org/{i}", **kw)


def make_claims(doc: Document, extractor: str = EXTRACTOR, bump: int = 0) -> list[Claim]:
    """Three claims per document: two figures and a statement."""
    t = doc.text
    killed = t.index("Around")
    wounded = t.index("and ") + 4
    said = t.index("officials")
    out = [
        Claim(kind="figure", evidence=Span(0, len(t), t), document_id=doc.id, metric="killed",
              value=100 + bump, qualifier="approximate",
              subject=Subject("soldiers", "Russia", "RU"),
              source=Source("officials", None, "unnamed", said, said + 9),
              quantity=Span(killed, killed + 10, t[killed:killed + 10]),
              document_ref=doc.ref, extractor=extractor),
        Claim(kind="figure", evidence=Span(0, len(t), t), document_id=doc.id, metric="wounded",
              value=10 + bump, qualifier="exact",
              subject=Subject("soldiers", "Ukraine", "UA"),
              source=Source("officials", None, "unnamed", said, said + 9),
              quantity=Span(wounded, wounded + 2, t[wounded:wounded + 2]),
              document_ref=doc.ref, extractor=extractor),
        Claim(kind="statement", evidence=Span(said, len(t), t[said:]), document_id=doc.id,
              content=Span(said, len(t), t[said:]), cue="said",
              source=Source("officials", None, "unnamed", 0, 9),
              document_ref=doc.ref, extractor=extractor),
    ]
    for c in out:
        c.assign_id()
    return out


def seed_claim(doc: Document) -> Claim:
    """The DESIGN.md record with every field filled, for the round trip."""
    t = doc.text
    c = Claim(
        kind="figure", evidence=Span(0, 163, t[:163]), document_id=doc.id, metric="killed",
        value=600, low=None, high=None, qualifier="approximate", part_of=None,
        subject=Subject("North Korean soldiers", "North Korea", "KP"),
        location=Location("Russia's Kursk region", "RU", 51.73, 36.19, "region", 46, 67),
        time=TimeRef(None, "2025-05-01", "day", "published"),
        source=Source("a South Korean lawmaker", "Lee Seong-kweun", "person", 84, 107, "KR"),
        cue="according to", cue_span=Span(71, 83, ""),  # the record keeps no cue text
        via=[Via("National Intelligence Service", "organization", "the National Intelligence Service", "KR")],
        hedges=["reportedly"], quantity=Span(0, 10, "Around 600"),
        document_ref="articles/seed.txt", extractor=EXTRACTOR,
    )
    c.assign_id()
    return c


def count(url: str, table: str) -> int:
    engine = create_engine(resolve_url(url))
    try:
        with engine.connect() as conn:
            return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    finally:
        engine.dispose()


# -- adding -------------------------------------------------------------------------


def test_add_then_same_document_again_stores_nothing_new(ledger_url):
    doc = make_doc(1)
    with Ledger(ledger_url) as led:
        first = led.add(doc, make_claims(doc))
        assert first == AddResult(new_document=True, claims_added=3, document_id=doc.id,
                                  new_sighting=True, claim_ids=[c.id for c in make_claims(doc)])
        again = led.add(doc, make_claims(doc, bump=5))  # same extractor, even if it now reads differently
        assert (again.new_document, again.claims_added, again.new_sighting) == (False, 0, False)
        assert [c.value for c in led.claims(metric="killed")] == [100]
        assert led.has_document(doc.id) and led.has_extraction(doc.id, EXTRACTOR)
        assert not led.has_document("0" * 16) and not led.has_extraction(doc.id, "other 9")
        st = led.stats()
        assert st["documents"] == 1 and st["claims"] == 3 and st["sightings"] == 1
        assert st["by_kind"] == {"figure": 2, "statement": 1}
        assert st["by_metric"] == {"killed": 1, "wounded": 1}
    for table, n in (("documents", 1), ("claims", 3), ("document_sightings", 1), ("extractions", 1)):
        assert count(ledger_url, table) == n


def test_same_article_elsewhere_is_one_document_with_sightings(ledger_url):
    doc = make_doc(2, ref="feed.xml#7")
    # the same article from a web page: other whitespace and quotes, same normalised text
    elsewhere = Document("  " + doc.text.replace(" ", "\n  ", 3) + "\n", ref="https://news.example/a",
                         url="https://news.example/a", title="Other title")
    assert elsewhere.id == doc.id
    with Ledger(ledger_url) as led:
        led.add(doc, make_claims(doc))
        r = led.add(elsewhere, [])
        assert (r.new_document, r.new_sighting, r.claims_added) == (False, True, 0)
        assert led.add(elsewhere, []).new_sighting is False
        stored = led.document(doc.id)
    assert stored["text"] == doc.text  # kept as first read
    assert stored["title"] is None and stored["published"] == doc.published.isoformat()
    assert [(s["ref"], s["url"]) for s in stored["sightings"]] == [
        ("feed.xml#7", doc.url), ("https://news.example/a", "https://news.example/a")]
    assert len(stored["claims"]) == 3


def test_claims_without_ids_are_completed_on_copies(ledger_url):
    doc = make_doc(3)
    bare = [Claim(kind="figure", evidence=Span(0, 9, doc.text[:9]), metric="killed", value=1),
            # same id inputs, different content: both kept
            Claim(kind="figure", evidence=Span(0, 9, doc.text[:9]), metric="killed", value=2),
            # an exact repeat: stored once
            Claim(kind="figure", evidence=Span(0, 9, doc.text[:9]), metric="killed", value=2)]
    with Ledger(ledger_url) as led:
        r = led.add(doc, bare)
        assert r.claims_added == 2 and r.claim_ids[1] == r.claim_ids[0] + ".2"
        assert all(c.id is None and c.document_id is None for c in bare)  # caller's objects untouched
        got = led.claims(document_id=doc.id)
        assert [c.value for c in got] == [1, 2]
        assert {c.document_id for c in got} == {doc.id} and {c.document_ref for c in got} == {doc.ref}
        with pytest.raises(ValueError):
            led.add(make_doc(4), [make_claims(doc)[0]])  # a claim of another document
        assert not led.has_document(make_doc(4).id)


def test_empty_extraction_is_recorded(ledger_url):
    doc = make_doc(5)
    with Ledger(ledger_url) as led:
        r = led.add(doc, [], extractor="claimledger 0.0.9")
        assert r.new_document and r.claims_added == 0
        assert led.has_extraction(doc.id, "claimledger 0.0.9")
        assert led.documents()[0]["claims"] == 0
        # None: only the document and where it was seen, no extraction
        other = make_doc(55)
        r = led.add(other, None)
        assert r.new_document and r.new_sighting and r.claims_added == 0
        assert led.has_document(other.id) and not led.has_extraction(other.id, EXTRACTOR)
        assert led.document(other.id)["extractions"] == []
        assert led.add(other, make_claims(other)).claims_added == 3


def test_newer_extractor_adds_a_version_and_keeps_the_old(ledger_url):
    doc, other = make_doc(6), make_doc(7)
    with Ledger(ledger_url) as led:
        led.add(doc, make_claims(doc, extractor="claimledger 0.1.0"))
        led.add(other, make_claims(other, extractor="claimledger 0.1.0"))
        r = led.add(doc, make_claims(doc, extractor="claimledger 0.2.0", bump=1))
        assert (r.new_document, r.claims_added) == (False, 3)
        assert led.has_extraction(doc.id, "claimledger 0.1.0") and led.has_extraction(doc.id, "claimledger 0.2.0")

        latest = led.claims(document_id=doc.id)
        assert {c.extractor for c in latest} == {"claimledger 0.2.0"}
        assert [c.value for c in latest if c.kind == "figure"] == [101, 11]
        every = led.claims(document_id=doc.id, all_versions=True)
        assert len(every) == 6 and {c.extractor for c in every} == {"claimledger 0.1.0", "claimledger 0.2.0"}
        # the other document's only version is still its latest
        assert {c.extractor for c in led.claims(document_id=other.id)} == {"claimledger 0.1.0"}

        stored = led.document(doc.id)
        assert [e["extractor"] for e in stored["extractions"]] == ["claimledger 0.1.0", "claimledger 0.2.0"]
        assert len(stored["claims"]) == 3 and len(led.document(doc.id, all_versions=True)["claims"]) == 6
        st = led.stats()
        assert st["claims"] == 6 and st["claims_all_versions"] == 9
        assert st["extractors"] == {"claimledger 0.1.0": {"documents": 2, "claims": 6},
                                    "claimledger 0.2.0": {"documents": 1, "claims": 3}}


def test_claim_round_trips_exactly(ledger_url):
    doc = Document(SEED, ref="articles/seed.txt", published=date(2025, 5, 1), language="en",
                   meta={"feed": "x", "fetched": date(2025, 5, 2)})
    claim = seed_claim(doc)
    statement = Claim(kind="statement", evidence=Span(163, len(SEED), SEED[163:]), document_id=doc.id,
                      content=Span(170, len(SEED) - 1, SEED[170:-1]), cue="confirmed",
                      source=Source("Moscow", "Russia", "government", 0, 6, "RU"),
                      hedges=["allegedly"], document_ref=doc.ref)
    statement.assign_id()
    with Ledger(ledger_url) as led:
        led.add(doc, [claim, statement])
        got = led.claims(document_id=doc.id)
        assert got == [claim, statement]
        records = led.document(doc.id)["claims"]
        assert records == [claim.to_dict(), statement.to_dict()]
        assert [Claim.from_dict(r) for r in records] == [claim, statement]
        assert led.document(doc.id)["meta"] == {"feed": "x", "fetched": "2025-05-02"}


# -- querying -----------------------------------------------------------------------


def _filter_corpus(led: Ledger) -> dict[str, Document]:
    docs = {
        "may": Document("In May, 30 soldiers were killed, the ministry said.", ref="may",
                        published=date(2025, 5, 10)),
        "june": Document("In June, 40 civilians were wounded, Reuters reported.", ref="june",
                         published=date(2025, 6, 10)),
        "undated": Document("Some 7 drones were shot down, a spokesman said.", ref="undated"),
    }
    d = docs["may"]
    led.add(d, [
        Claim(kind="figure", evidence=Span(0, len(d.text), d.text), metric="killed", value=30,
              subject=Subject("soldiers", "North Korea", "KP"),
              source=Source("the ministry", "Ministry of Defence of Ukraine", "government", 37, 49),
              time=TimeRef("In May", "2025-04-30", "month", "stated"), quantity=Span(8, 10, "30")),
        Claim(kind="statement", evidence=Span(0, len(d.text), d.text), content=Span(8, 31, d.text[8:31]),
              source=Source("the ministry", "Ministry of Defence of Ukraine", "government", 37, 49)),
    ])
    d = docs["june"]
    led.add(d, [Claim(kind="figure", evidence=Span(0, len(d.text), d.text), metric="wounded", value=40,
                      subject=Subject("civilians", "Ukraine", "UA"),
                      source=Source("Reuters", "Reuters", "media", 34, 41), quantity=Span(9, 11, "40"))])
    d = docs["undated"]
    led.add(d, [Claim(kind="figure", evidence=Span(0, len(d.text), d.text), metric="count", value=7,
                      subject=Subject("drones", "Russia", "RU"),
                      source=Source("a spokesman", None, "person", 32, 43), quantity=Span(5, 6, "7"))])
    return docs


def test_filters_and_order(ledger_url):
    with Ledger(ledger_url) as led:
        docs = _filter_corpus(led)

        def values(**kw):
            return [(c.metric, c.value) if c.kind == "figure" else "statement" for c in led.claims(**kw)]

        # published order, undated last, then position in the document
        assert values() == [("killed", 30), "statement", ("wounded", 40), ("count", 7)]
        assert values(metric="wounded") == [("wounded", 40)]
        assert values(metric=["killed", "count"]) == [("killed", 30), ("count", 7)]
        assert values(kind="statement") == ["statement"]
        assert values(actor="north korea") == values(actor="kp") == [("killed", 30)]
        assert values(actor="North") == []  # a whole name, not a fragment
        assert values(source="MINISTRY") == [("killed", 30), "statement"]
        assert values(source="spokes") == [("count", 7)]  # the mention, when the name is unknown
        assert values(source="%") == []  # LIKE wildcards are literal
        assert values(text="drones") == [("count", 7)]
        assert values(document_id=docs["june"].id) == [("wounded", 40)]
        # the claim's own date wins (2025-04-30), else the published date; undated never matches
        assert values(since="2025-05-01") == ["statement", ("wounded", 40)]
        assert values(until=date(2025, 5, 1)) == [("killed", 30)]
        assert values(since=date(2025, 5, 1), until="2025-05-31") == ["statement"]
        assert values(limit=2) == values()[:2] and values(limit=2, offset=2) == values()[2:]
        assert values(offset=3) == [("count", 7)]
        assert values(metric="killed", actor="ru") == []

        listed = led.documents()
        assert [d["id"] for d in listed] == [docs[k].id for k in ("may", "june", "undated")]
        assert [d["claims"] for d in listed] == [2, 1, 1]
        assert "text" not in listed[0]
        assert [d["id"] for d in led.documents(limit=1, offset=1)] == [docs["june"].id]
        assert led.document("nope") is None


def test_runs(ledger_url):
    with Ledger(ledger_url) as led:
        run = led.start_run("claimledger ingest corpus/")
        assert led.runs()[0]["finished"] is None
        led.finish_run(run, {"documents": 3, "claims": 9})
        (r,) = led.runs()
        assert r["id"] == run and r["command"] == "claimledger ingest corpus/"
        assert r["counts"] == {"documents": 3, "claims": 9} and r["finished"] >= r["started"]
        assert led.stats()["runs"] == 1


# -- schema -------------------------------------------------------------------------


# SQLite cannot reflect expression indexes, so autogenerate says it skips them
@pytest.mark.filterwarnings("ignore:.*expression-based index:UserWarning",
                            "ignore:.*expression-based index")
def test_migrations_from_empty_and_reopen(ledger_url):
    doc = make_doc(8)
    with Ledger(ledger_url) as led:
        assert migrations.current(led.engine) == migrations.head()
        led.add(doc, make_claims(doc))
        # the tables the migrations built are the tables the queries use
        from alembic.autogenerate import compare_metadata
        from alembic.runtime.migration import MigrationContext

        with led.engine.connect() as conn:
            from claimledger.ledger.store import include_schema_name

            ctx = MigrationContext.configure(conn, opts={"version_table": migrations.VERSION_TABLE,
                                                         "include_name": include_schema_name})
            assert compare_metadata(ctx, metadata) == []
    for _ in range(2):  # re-opening changes nothing
        with Ledger(ledger_url) as led:
            led.migrate()
            assert migrations.current(led.engine) == migrations.head()
            assert len(led.claims()) == 3


def test_older_schema_is_upgraded_on_open(ledger_url):
    engine = create_engine(resolve_url(ledger_url))
    try:
        migrations.upgrade(engine, "0001")
        assert migrations.current(engine) == "0001"
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO documents (id, text, first_seen) "
                              "VALUES ('00000000000000aa', 'old text', '2025-01-01 00:00:00')"))
    finally:
        engine.dispose()
    with Ledger(ledger_url) as led:
        assert migrations.current(led.engine) == migrations.head() != "0001"
        assert led.document("00000000000000aa")["text"] == "old text"
        led.finish_run(led.start_run("after upgrade"))  # the table 0002 added


def test_sqlite_opens_in_wal_with_foreign_keys(tmp_path, monkeypatch):
    ledger_url = f"sqlite:///{tmp_path / 'wal.db'}"  # SQLite's own settings: no PostgreSQL twin
    with Ledger(ledger_url) as led, led.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    # a plain path is an SQLite file too, and no argument means $CLAIMLEDGER_DB
    monkeypatch.setenv("CLAIMLEDGER_DB", str(tmp_path / "env.db"))
    with Ledger() as led:
        assert led.url == f"sqlite:///{tmp_path / 'env.db'}"
    with Ledger(str(tmp_path / "plain.db")):
        pass
    assert (tmp_path / "env.db").exists() and (tmp_path / "plain.db").exists()


def test_url_resolution(tmp_path, monkeypatch):
    monkeypatch.delenv("CLAIMLEDGER_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'claimledger.db'}"
    assert resolve_url("sub/x.db") == f"sqlite:///{tmp_path / 'sub' / 'x.db'}"
    assert resolve_url("sqlite:///rel.db") == f"sqlite:///{tmp_path / 'rel.db'}"
    assert resolve_url("postgresql://u:p@h:5/db") == "postgresql+psycopg://u:p@h:5/db"
    assert resolve_url("postgresql+psycopg://h/db") == "postgresql+psycopg://h/db"
    monkeypatch.setenv("CLAIMLEDGER_DB", "postgresql://h/db")
    assert resolve_url(None) == "postgresql+psycopg://h/db"
    with pytest.raises(ValueError):
        Ledger("mysql://h/db")


# -- failures and concurrency -------------------------------------------------------------


class Unserialisable(Claim):
    def to_dict(self):
        raise RuntimeError("this claim cannot be written")


def test_failed_add_leaves_nothing_of_the_document(ledger_url):
    doc = make_doc(9)
    good = make_claims(doc)
    bad = Unserialisable(kind="figure", evidence=Span(0, 5, doc.text[:5]), metric="killed", value=1)
    with Ledger(ledger_url) as led:
        led.add(make_doc(10), make_claims(make_doc(10)))
        with pytest.raises(RuntimeError, match="cannot be written"):
            led.add(doc, good + [bad])
        assert not led.has_document(doc.id)
        assert led.claims(document_id=doc.id) == []
        assert led.stats()["documents"] == 1 and led.stats()["sightings"] == 1
        # nothing half-stored blocks a later, good add
        assert led.add(doc, good).claims_added == 3
    assert count(ledger_url, "claims") == 6


def _add_in_process(url, indices, tag, barrier, queue):
    try:
        barrier.wait(timeout=60)
        with Ledger(url) as led:  # both open a fresh database: the migrations race too
            out = []
            for i in indices:
                doc = make_doc(i, ref=f"{tag}/{i}")
                r = led.add(doc, make_claims(doc))
                out.append((i, r.new_document, r.claims_added, r.new_sighting))
        queue.put((tag, out))
    except BaseException as e:  # report, so the parent does not wait for nothing
        queue.put((tag, repr(e)))
        raise


def test_two_processes_adding_overlapping_documents(ledger_url):
    n, overlap_from, overlap_to = 40, 10, 30
    a = list(range(0, overlap_to))
    b = list(reversed(range(overlap_from, n)))  # meet the other process head-on
    ctx = mp.get_context("spawn")
    barrier, queue = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_add_in_process, args=(ledger_url, idx, tag, barrier, queue))
             for tag, idx in (("a", a), ("b", b))]
    for p in procs:
        p.start()
    results = dict(queue.get(timeout=180) for _ in procs)
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0, results
    assert all(isinstance(v, list) for v in results.values()), results

    added = [row for rows in results.values() for row in rows]
    assert sum(new for _, new, _, _ in added) == n  # each document new exactly once
    per_doc: dict[int, int] = {}
    for i, _, k, sighting in added:
        per_doc[i] = per_doc.get(i, 0) + k
        assert sighting  # every (document, ref) is new
    assert per_doc == {i: 3 for i in range(n)}  # all claims, stored by one process only

    with Ledger(ledger_url) as led:
        st = led.stats()
        assert st["documents"] == n and st["claims_all_versions"] == 3 * n
        assert st["sightings"] == n + (overlap_to - overlap_from)
        for i in range(n):
            doc = make_doc(i)
            assert sorted(c.id for c in led.claims(document_id=doc.id)) == sorted(
                c.id for c in make_claims(doc))
        both = led.document(make_doc(overlap_from).id)
        assert sorted(s["ref"] for s in both["sightings"]) == [f"a/{overlap_from}", f"b/{overlap_from}"]


# -- the latest flag and sort keys on claims (migration 0005_listing) -------------------------


def _flags(led, doc_id):
    with led.engine.connect() as conn:
        return sorted(conn.execute(text(
            "SELECT e.extractor, c.latest, c.published FROM claims c JOIN extractions e ON e.id = c.extraction_id "
            "WHERE c.document_id = :d"), {"d": doc_id}).all())


def test_latest_flag_follows_the_newest_extraction(ledger_url):
    doc = make_doc(61)
    with Ledger(ledger_url) as led:
        led.add(doc, make_claims(doc, extractor="claimledger 0.1.0"))
        assert {(e, bool(f)) for e, f, _ in _flags(led, doc.id)} == {("claimledger 0.1.0", True)}
        led.add(doc, make_claims(doc, extractor="claimledger 0.2.0", bump=1))
        flags = _flags(led, doc.id)
        assert {(e, bool(f)) for e, f, _ in flags} == {("claimledger 0.1.0", False), ("claimledger 0.2.0", True)}
        # the claim carries its document's published date, the column lists sort and filter on
        assert {p for _, _, p in flags} == {doc.published.isoformat()}
        # an extractor that read the document already changes nothing
        led.add(doc, make_claims(doc, extractor="claimledger 0.1.0"))
        assert _flags(led, doc.id) == flags
        page, _ = led.claims_page(document_id=doc.id)
        assert {r["extractor"] for r in page} == {"claimledger 0.2.0"}
        page, _ = led.claims_page(document_id=doc.id, all_versions=True)
        assert len(page) == 6


def test_upgrade_to_0005_fills_latest_and_published(ledger_url):
    """A ledger written before 0005 (two versions of one document) gets the flags right."""
    engine = create_engine(resolve_url(ledger_url))
    try:
        migrations.upgrade(engine, "0004_search")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO documents (id, text, published, first_seen) "
                              "VALUES ('00000000000000bb', 'old text', '2025-02-03', '2025-02-03 00:00:00')"))
            for n, ex in ((1, "claimledger 0.1.0"), (2, "claimledger 0.2.0")):
                eid = conn.execute(text(
                    "INSERT INTO extractions (document_id, extractor, claims, created_at) "
                    "VALUES ('00000000000000bb', :ex, 1, '2025-02-03 00:00:00') RETURNING id"), {"ex": ex}).scalar()
                rec = {"id": f"{n:016x}", "document_id": "00000000000000bb", "kind": "figure", "metric": "killed",
                       "value": n, "extractor": ex, "evidence": {"start": 0, "end": 3, "text": "old"}}
                conn.execute(text(
                    "INSERT INTO claims (id, document_id, extraction_id, extractor, kind, metric, value, record, "
                    "created_at) VALUES (:id, '00000000000000bb', :eid, :ex, 'figure', 'killed', :v, :rec, "
                    "'2025-02-03 00:00:00')"), {"id": rec["id"], "eid": eid, "ex": ex, "v": n, "rec": json.dumps(rec)})
    finally:
        engine.dispose()
    with Ledger(ledger_url) as led:
        assert migrations.current(led.engine) == migrations.head()
        assert [(e, bool(f), p) for e, f, p in _flags(led, "00000000000000bb")] == [
            ("claimledger 0.1.0", False, "2025-02-03"), ("claimledger 0.2.0", True, "2025-02-03")]
        assert [r["value"] for r in led.claims_page(document_id="00000000000000bb")[0]] == [2]
        assert [c.value for c in led.claims(since="2025-02-01", until="2025-02-28")] == [2]
