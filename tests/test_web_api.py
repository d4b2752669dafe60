"""The HTTP API of ``claimledger serve``, on SQLite and on PostgreSQL.

Every endpoint, its pagination, ETags, problem details for bad input (never a 500),
the token rules, size limits, URL ingest through the private-address guard, and the
escaping of hostile articles in the server-rendered HTML.
"""
from __future__ import annotations

import base64
import csv
import io
import json
import warnings
from html.parser import HTMLParser

import pytest

from web_helpers import REPORTS, corpus, db_url, fill, seed_text

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from claimledger.ingest.fetch import FetchPolicy
from claimledger.ledger import Ledger
from claimledger.web import WebConfig, check_bind, create_app
from claimledger.web.params import encode_cursor

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TOKEN = "s3cret-token-for-tests-0123456789"


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def filled(request, tmp_path_factory):
    """A ledger URL holding the test corpus (read-only for the tests that use it)."""
    url, drop = db_url(request, tmp_path_factory, request.param)
    fill(url)
    yield url
    if drop:
        drop()


@pytest.fixture(scope="module")
def client(filled):
    with TestClient(create_app(db=filled)) as c:
        yield c


def _problem(r, status=None):
    assert r.headers["content-type"].startswith("application/problem+json"), (r.status_code, r.text[:300])
    body = r.json()
    assert body["status"] == r.status_code and body["title"] and body["type"].startswith("/docs#problem-")
    if status is not None:
        assert r.status_code == status, body
    return body


def _all(client, path, **params):
    items, cursor, seen = [], None, 0
    while True:
        q = dict(params, **({"cursor": cursor} if cursor else {}))
        r = client.get(path, params=q)
        assert r.status_code == 200, r.text
        body = r.json()
        items.extend(body["items"])
        cursor = body["next"]
        seen += 1
        assert seen < 200
        if cursor is None:
            return items


# --- claims -------------------------------------------------------------------------------------------


def test_claims_are_the_design_record(client, filled):
    body = client.get("/api/claims", params={"limit": 500}).json()
    with Ledger(filled) as led:
        expected = [c.to_dict() for c in led.claims()]
    assert body["next"] is None
    assert body["items"] == expected  # the stored record, field for field, in the ledger's order
    seed = next(c for c in body["items"] if c.get("metric") == "killed" and c.get("value") == 600
                and c["evidence"]["start"] == 0)
    assert seed["qualifier"] == "approximate" and seed["subject"]["actor"] == "North Korea"
    assert set(seed) >= {"id", "document_id", "kind", "metric", "value", "low", "high", "qualifier", "subject",
                         "location", "time", "source", "cue", "via", "hedges", "evidence", "document_ref", "extractor"}


@pytest.mark.parametrize("sort", ["published", "-published", "date", "-date", "value", "-value", "created",
                                  "-created"])
def test_cursor_pages_cover_every_claim_once_in_a_stable_order(client, sort):
    whole = client.get("/api/claims", params={"sort": sort, "limit": 500}).json()["items"]
    paged = _all(client, "/api/claims", sort=sort, limit=4)
    assert [c["id"] for c in paged] == [c["id"] for c in whole]
    assert len({c["id"] for c in paged}) == len(paged) == len(corpus_claims())
    if sort.lstrip("-") == "value":
        vals = [c.get("value") if c.get("value") is not None else c.get("low") if c.get("low") is not None
                else c.get("high") for c in whole]
        nums = [v for v in vals if v is not None]
        assert nums == sorted(nums, reverse=sort.startswith("-"))
        assert all(v is not None for v in vals[:len(nums)])  # claims without a number come last


def corpus_claims():
    return [c for _, cl in corpus() for c in cl]


def test_pages_neither_skip_nor_repeat_while_the_ledger_grows(ledger_url):
    fill(ledger_url)
    with TestClient(create_app(db=ledger_url)) as c:
        first = c.get("/api/claims", params={"limit": 5}).json()
        from claimledger.ingest import read_text

        # an article dated before everything: it sorts first, before the page already read
        doc = read_text("About 50 soldiers were killed in Donetsk, the army said.", ref="late.txt",
                        published="2024-01-01")
        from claimledger.extract import extract_documents, shared_nlp

        (claims,) = extract_documents([doc], nlp=shared_nlp())
        assert claims
        with Ledger(ledger_url) as led:
            led.add(doc, claims)
        rest = _all(c, "/api/claims", limit=5, **({"cursor": first["next"]} if first["next"] else {}))
        ids = [x["id"] for x in first["items"] + rest]
        assert len(ids) == len(set(ids)) == len(corpus_claims())  # the new claims sort before the cursor
        assert not {x.id for x in claims} & set(ids)
        now = _all(c, "/api/claims", limit=5)
        assert now[0]["document_id"] == doc.id and len(now) == len(ids) + len(claims)


def test_filters(client):
    everything = client.get("/api/claims", params={"limit": 500}).json()["items"]

    def ids(**params):
        return {c["id"] for c in _all(client, "/api/claims", limit=7, **params)}

    assert ids(metric="killed") == {c["id"] for c in everything if c.get("metric") == "killed"} != set()
    assert ids(metric=["killed", "wounded"]) == {c["id"] for c in everything
                                                 if c.get("metric") in ("killed", "wounded")}
    assert ids(kind="statement") == {c["id"] for c in everything if c["kind"] == "statement"} != set()
    assert ids(actor="kp") == ids(actor="North Korea") == {
        c["id"] for c in everything if c["kind"] == "figure" and (c["subject"].get("country") == "KP"
                                                                  or c["subject"].get("actor") == "North Korea")}
    src = ids(source="intelligence")
    assert src and all("intelligence" in ((c["source"].get("name") or "") + (c["source"].get("text") or "")).lower()
                       for c in everything if c["id"] in src)
    ua = ids(place="UA")
    assert ua == {c["id"] for c in everything if (c.get("location") or {}).get("country") == "UA"} != set()
    assert ids(place="kharkiv") <= ua
    assert ids(since="2025-02-01", until="2025-02-28") == {
        c["id"] for c in everything if "2025-02-01" <= ((c.get("time") or {}).get("date") or "") <= "2025-02-28"}
    doc = corpus()[0][0]
    assert ids(document=doc.id) == {c["id"] for c in everything if c["document_id"] == doc.id}
    # grades come from reconciliation: the filter agrees with each claim's own grade
    graded = _all(client, "/api/claims", limit=500, grades="true")
    by_letter = {}
    for c in graded:
        by_letter.setdefault(c["grade"]["reliability"] if c.get("grade") else None, set()).add(c["id"])
    for letter in "BF":
        assert ids(grade=letter) == by_letter.get(letter, set())
    code = next(c["grade"]["code"] for c in graded if c.get("grade"))
    assert ids(grade=code) == {c["id"] for c in graded if c.get("grade") and c["grade"]["code"] == code}
    # filters combine
    assert ids(metric="killed", actor="KP", q="Kursk") <= ids(metric="killed") & ids(actor="KP")


def test_full_text_search(client):
    everything = client.get("/api/claims", params={"limit": 500}).json()["items"]

    def hits(q):
        return {c["id"]: c for c in _all(client, "/api/claims", q=q, limit=50)}

    def text(c):
        s = c["source"]
        return " ".join(x or "" for x in (c["evidence"]["text"], s.get("name"), s.get("text"),
                                          c.get("subject", {}).get("actor") if c["kind"] == "figure" else "")).lower()

    killed = hits("killed")
    assert killed and all("kill" in text(c) for c in killed.values())
    assert set(hits("kill")) == set(killed)  # stemmed: kill, killed, killing
    seed600 = next(c["id"] for c in everything if c.get("value") == 600 and c["evidence"]["start"] == 0)
    assert seed600 in killed and seed600 in hits('"have been killed"')
    assert seed600 in hits("Lee Seong-kweun")  # the source's resolved name is searched too
    no_kursk = hits("killed -Kursk")
    assert no_kursk and all("kursk" not in text(c) for c in no_kursk.values())
    either = hits("Pyongyang or Moscow")
    assert either and all("pyongyang" in text(c) or "moscow" in text(c) for c in either.values())
    assert set(hits("Pyongyang")) | set(hits("Moscow")) == set(either)
    assert hits("zzyzzyx") == {} and hits("the of") == {}
    for hostile in ['"', "NEAR(a b)", "a* OR", "')--", "\\", "-", "kill AND", "col:val", "^x"]:
        r = client.get("/api/claims", params={"q": hostile})
        assert r.status_code == 200, (hostile, r.text)


def test_search_means_the_same_on_both_backends(request, tmp_path_factory):
    urls = []
    try:
        for backend in ("sqlite", "postgresql"):
            url, drop = db_url(request, tmp_path_factory, backend)
            urls.append((url, drop))
            fill(url)
        queries = ["killed", "kill", "soldiers killed", '"North Korean soldiers"', "killed -Kursk",
                   "Pyongyang or Moscow", "intelligence service", "wounded civilians", "deployed troops",
                   "Lee", "the", "Kharkiv market"]
        for q in queries:
            found = []
            for url, _ in urls:
                with Ledger(url) as led:
                    found.append({r["id"] for r in led.claims_page(q=q, limit=500)[0]})
            assert found[0] == found[1], q
    finally:
        for _, drop in urls:
            if drop:
                drop()


def test_one_claim(client):
    claims = client.get("/api/claims", params={"limit": 500}).json()["items"]
    c = next(x for x in claims if x.get("metric") == "killed" and x["subject"].get("actor") == "North Korea")
    assert client.get(f"/api/claims/{c['id']}").json() == c  # the record as stored
    r = client.get(f"/api/claims/{c['id']}", params={"grades": "true"})
    assert r.status_code == 200
    body = r.json()
    assert {k: v for k, v in body.items() if k not in ("grade", "figure_id")} == c
    assert body["grade"]["code"][0] in "ABCDEF" and body["figure_id"]
    assert client.get(f"/api/figures/{body['figure_id']}").status_code == 200
    _problem(client.get("/api/claims/0000000000000000"), 404)
    _problem(client.get("/api/claims/not-an-id"), 404)


# --- documents, figures, sources, stats ----------------------------------------------------------------


def test_documents(client):
    docs = _all(client, "/api/documents", limit=2)
    assert len(docs) == len(corpus()) and all("text" not in d for d in docs)
    assert [d["id"] for d in docs] == [d.id for d, _ in corpus()]  # order first seen
    newest = _all(client, "/api/documents", sort="-published", limit=2)
    assert [d["published"] for d in newest] == sorted((d["published"] for d in docs), reverse=True)
    assert {d["id"] for d in _all(client, "/api/documents", since="2025-02-01", until="2025-03-31")} == {
        d.id for d, _ in corpus() if "2025-02-01" <= d.published.isoformat() <= "2025-03-31"}
    seed = client.get(f"/api/documents/{corpus()[0][0].id}").json()
    assert seed["text"] == seed_text() and seed["claims"] and seed["sightings"][0]["ref"] == "seed.txt"
    for c in seed["claims"]:
        assert seed["text"][c["evidence"]["start"]:c["evidence"]["end"]] == c["evidence"]["text"]
    _problem(client.get("/api/documents/ffffffffffffffff"), 404)
    _problem(client.get("/api/documents/..%2F..%2Fetc"), 404)


def test_figures(client):
    body = client.get("/api/figures", params={"scope": "all", "limit": 500}).json()
    assert body["total"] == len(body["items"]) > 0 and body["next"] is None
    paged = _all(client, "/api/figures", scope="all", limit=2)
    assert [f["id"] for f in paged] == [f["id"] for f in body["items"]]
    nk = next(f for f in body["items"] if f["actor"] == "North Korea" and f["metric"] == "killed"
              and f["claims"] >= 3)
    assert nk["estimate"]["best"] is not None and "low" in nk["estimate"] and "high" in nk["estimate"]
    full = client.get(f"/api/figures/{nk['id']}").json()
    dates = [p["date"] for p in full["timeline"]]
    assert len(dates) >= 3 and dates == sorted(dates)
    assert {"estimate", "history", "contradictions", "corroborations"} <= set(full)
    # as of an earlier date the estimate comes from the claims known then
    early = client.get(f"/api/figures/{nk['id']}", params={"as_of": "2025-02-20"}).json()
    assert all(p["date"] <= "2025-02-20" for p in early["timeline"] if p["date"])
    assert early["estimate"]["period"]["end"] <= "2025-02-20"
    only_kp = client.get("/api/figures", params={"actor": "KP", "scope": "all"}).json()["items"]
    assert only_kp and all(f["country"] == "KP" or f["actor"] == "North Korea" for f in only_kp)
    assert all(f["metric"] == "killed" for f in
               client.get("/api/figures", params={"metric": "killed", "scope": "all"}).json()["items"])
    _problem(client.get("/api/figures/abcdefabcdef"), 404)


def test_figure_relations_are_capped_counted_and_paged(client):
    figs = client.get("/api/figures", params={"scope": "all", "limit": 500}).json()["items"]
    fid = max(figs, key=lambda f: f["contradictions"] + f["corroborations"])["id"]
    full = client.get(f"/api/figures/{fid}", params={"relations": 500, "detail": "full"})
    assert full.headers["X-Claimledger-Figures"] == "current"
    body = full.json()
    counts = body["relation_counts"]
    assert counts["contradictions"] + counts["corroborations"] > 0
    for key in ("corroborations", "consistent", "contradictions"):
        assert len(body[key]) == counts[key]
        one = client.get(f"/api/figures/{fid}", params={"relations": 1}).json()
        assert len(one[key]) == min(1, counts[key]) and one["relation_counts"] == counts
        paged = _all(client, f"/api/figures/{fid}/relations", kind=key, limit=1)
        assert [(r["a"]["point"], r["b"]["point"]) for r in paged] == [
            (r["a"]["point"], r["b"]["point"]) for r in body[key]]
    # brief points (the default) count what full points list
    brief = client.get(f"/api/figures/{fid}").json()
    full_points = {p["id"]: p for p in body["timeline"]}
    for p in brief["timeline"]:
        q = full_points[p["id"]]
        assert p["related"] == {k: len(q[k]) for k in ("corroborated_by", "consistent_with", "contradicted_by")}
        assert p["grade"]["code"] == q["grade"]["code"] and "credibility_reason" in q["grade"]
        assert "credibility_reason" not in p["grade"]
    _problem(client.get(f"/api/figures/{fid}/relations", params={"kind": "rumours"}), 422)
    _problem(client.get(f"/api/figures/{fid}", params={"relations": 501}), 422)
    _problem(client.get("/api/figures/abcdefabcdef/relations"), 404)
    _problem(client.get(f"/api/figures/{fid}/relations", params={"cursor": "bm90LWEtY3Vyc29y"}), 400)
    health = client.get("/healthz").json()
    assert health["figures"] == "current" and health["figure_bodies"][1] == len(figs)


def test_sources_and_stats(client):
    src = client.get("/api/sources").json()
    assert src["sources"] and all(s["reliability"] in "ABCDEF" for s in src["sources"])
    assert sum(s["claims"] for s in src["sources"]) + sum(u["claims"] for u in src["unregistered"]) > 0
    stats = client.get("/api/stats").json()
    assert stats["documents"] == len(corpus()) and stats["claims"] == len(corpus_claims())


def test_export(client):
    n = len(corpus_claims())
    r = client.get("/api/export", params={"format": "jsonl"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    assert "attachment" in r.headers["content-disposition"]
    lines = [json.loads(x) for x in r.text.splitlines()]
    assert len(lines) == n and all("grade" in x for x in lines if x["kind"] == "figure")
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export", params={"format": "csv",
                                                                            "metric": "killed"}).text)))
    assert rows and all(x["metric"] == "killed" for x in rows)
    geo = client.get("/api/export", params={"format": "geojson"}).json()
    assert geo["type"] == "FeatureCollection"
    assert client.get("/api/export", params={"format": "stix"}).json()["type"] == "bundle"
    assert client.get("/api/export", params={"format": "parquet"}).content[:4] == b"PAR1"
    assert client.get("/api/export", params={"format": "gkg"}).status_code == 200
    figs = client.get("/api/export", params={"format": "jsonl", "what": "figures"}).text.splitlines()
    assert figs and all("timeline" in json.loads(x) for x in figs)
    searched = client.get("/api/export", params={"format": "jsonl", "q": "Kursk"}).text.splitlines()
    assert 0 < len(searched) < n


# --- caching --------------------------------------------------------------------------------------------


def test_etags_on_reads(ledger_url):
    fill(ledger_url)
    with TestClient(create_app(db=ledger_url)) as c:
        paths = ["/api/claims", "/api/claims?metric=killed", f"/api/documents/{corpus()[0][0].id}", "/api/figures",
                 "/api/sources", "/api/documents", "/api/stats", "/claims", "/figures"]
        tags = {}
        for p in paths:
            r = c.get(p)
            tag = r.headers["etag"]
            assert r.status_code == 200 and tag.startswith('"') and "no-cache" in r.headers["cache-control"]
            again = c.get(p, headers={"If-None-Match": tag})
            assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
            assert c.get(p, headers={"If-None-Match": '"other"'}).status_code == 200
            tags[p] = tag
        r = c.post("/api/ingest", json={"text": "At least 7 soldiers were killed in Sumy, the governor said.",
                                        "published": "2025-06-01"})
        assert r.status_code == 201, r.text
        for p in ("/api/claims", "/api/documents", "/api/stats"):
            r = c.get(p, headers={"If-None-Match": tags[p]})
            assert r.status_code == 200 and r.headers["etag"] != tags[p]  # the ledger changed


# --- bad requests: problem details, never a 500 ----------------------------------------------------------


def _cursor(obj) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")


BAD_GETS = [
    ("/api/claims?limit=abc", 422), ("/api/claims?limit=0", 422), ("/api/claims?limit=-5", 422),
    ("/api/claims?limit=501", 422), ("/api/claims?limit=100000000000000000000000000000", 422),
    ("/api/claims?limit=1.5", 422), ("/api/claims?since=2025-13-01", 422), ("/api/claims?since=yesterday", 422),
    ("/api/claims?until=99999-01-01", 422), ("/api/claims?sort=bogus", 422), ("/api/claims?kind=thing", 422),
    ("/api/claims?grade=Z", 422), ("/api/claims?grade=A7", 422), ("/api/claims?metric=" + "k" * 65, 422),
    ("/api/claims?q=" + "x" * 1001, 400), ("/api/claims?document=nothex", 422), ("/api/claims?grades=maybe", 422),
    ("/api/claims?colour=red", 400), ("/api/claims?Metric=killed", 400), ("/api/claims?limit=1&limit=2", 400),
    ("/api/claims?q=a%00b", 400), ("/api/claims?actor=%00", 400),
    ("/api/claims?cursor=%%%", 400), ("/api/claims?cursor=bm90IGpzb24", 400),
    ("/api/claims?cursor=" + _cursor({"s": "value", "k": [1, "a"], "f": "x"}), 400),
    ("/api/claims?cursor=" + _cursor([1, 2]), 400),
    ("/api/documents?limit=0", 422), ("/api/documents?sort=size", 422), ("/api/documents?since=bad", 422),
    ("/api/documents?x=1", 400), ("/api/documents?cursor=" + _cursor({"s": "first_seen", "k": 5, "f": "None|None"}),
                                  400),
    ("/api/documents/%00", 404), ("/api/claims/%00", 404), ("/api/figures/..%2F..", 404),
    ("/api/figures?scope=galaxy", 422), ("/api/figures?as_of=soon", 422), ("/api/figures?limit=99999", 422),
    ("/api/figures?cursor=" + _cursor({"s": "rank", "k": -3, "f": "x"}), 400), ("/api/figures?topic=a&topic=b", 400),
    ("/api/figures/0123456789ab?as_of=never", 422), ("/api/sources?page=2", 400), ("/api/stats?x=1", 400),
    ("/api/export", 422), ("/api/export?format=xml", 422), ("/api/export?format=csv&what=everything", 422),
    ("/api/export?format=csv&limit=5", 400), ("/api/nothing-here", 404),
    ("/api/export?format=csv&what=figures&q=x", 400), ("/api/export?format=csv&topic=x", 400),
    ("/claims/%00", 404), ("/documents/" + "%00" * 16, 404), ("/documents/zz", 404), ("/figures/%00", 404),
    ("/claims?limit=0", 422), ("/claims?since=nope", 422), ("/claims?bogus=1", 400), ("/figures?scope=x", 422),
]


@pytest.mark.parametrize("path,status", BAD_GETS)
def test_bad_parameters_are_problems_not_500(client, path, status):
    r = client.get(path, headers={"Accept": "application/json"})  # pages too: a problem when JSON is asked for
    body = _problem(r, status)
    if status == 422:
        assert body["errors"] and all({"in", "name", "detail"} <= set(e) for e in body["errors"])


def test_cursors_are_tied_to_their_filters_and_sort(client):
    page = client.get("/api/claims", params={"limit": 2, "metric": "killed"}).json()
    assert page["next"]
    assert client.get("/api/claims", params={"limit": 2, "metric": "killed", "cursor": page["next"]}).status_code == 200
    _problem(client.get("/api/claims", params={"limit": 2, "metric": "wounded", "cursor": page["next"]}), 400)
    _problem(client.get("/api/claims", params={"limit": 2, "metric": "killed", "sort": "value",
                                               "cursor": page["next"]}), 400)
    # a forged cursor with values of the wrong kinds or out of range is refused, not sent to the database
    from claimledger.web.params import ClaimFilters

    fp = ClaimFilters(metric=["killed"]).fingerprint()
    for key in (["2025", "x", 2**40, 0, "y"], ["2025", "x", "1", 0, "y"], [None, None, None, None, None],
                ["2025", "x", 1, 0], [1e999, "a"], "text"):
        cur = encode_cursor("published", key, fp)
        _problem(client.get("/api/claims", params={"metric": "killed", "cursor": cur}), 400)
    _problem(client.get("/api/claims", params={"sort": "value", "cursor": encode_cursor("value", [float("nan"), "a"],
                                                                                         ClaimFilters().fingerprint())}),
             400)


def test_wrong_methods_are_problems(client):
    _problem(client.post("/api/claims", json={}), 405)
    _problem(client.put("/api/ingest", json={}), 405)
    _problem(client.delete(f"/api/documents/{corpus()[0][0].id}"), 405)


# --- ingest -------------------------------------------------------------------------------------------


ARTICLE = "At least 15 people were killed in an attack on a market in Kherson, the regional governor said."


@pytest.fixture
def writable(ledger_url):
    return ledger_url


def test_ingest_text_batch_and_errors(writable):
    with TestClient(create_app(db=writable, max_body=200_000)) as c:
        r = c.post("/api/ingest", json={"text": ARTICLE, "published": "2025-06-02", "title": "Market attack",
                                        "publisher": "Example", "ref": "mine-1"})
        assert r.status_code == 201, r.text
        out = r.json()
        assert out["documents_new"] == 1 and out["claims_added"] >= 1
        doc_id = out["items"][0]["document_id"]
        doc = c.get(f"/api/documents/{doc_id}").json()
        assert doc["title"] == "Market attack" and doc["published"] == "2025-06-02"
        assert any(x.get("value") == 15 or x.get("low") == 15 for x in doc["claims"])

        again = c.post("/api/ingest", json={"text": ARTICLE, "ref": "mine-2"})
        assert again.status_code == 200 and again.json()["items"][0]["outcome"] == "known"
        assert {s["ref"] for s in c.get(f"/api/documents/{doc_id}").json()["sightings"]} == {"mine-1", "mine-2"}

        batch = c.post("/api/ingest", json={"items": [
            {"text": REPORTS[0][0], "published": REPORTS[0][1]},
            {"text": "   "},
            {"text": "Dies ist ein deutscher Text über das Wetter in Berlin und die Politik der Regierung."}]})
        assert batch.status_code == 201, batch.text
        outcomes = [i["outcome"] for i in batch.json()["items"]]
        assert outcomes == ["new", "failed", "failed"]
        assert all(i["error"] for i in batch.json()["items"][1:])

        _problem(c.post("/api/ingest", json={"items": [{"text": ""}, {"text": "\x00"}]}), 422)
        _problem(c.post("/api/ingest", json={"text": "ab\x00cd is a text with a NUL in it, about soldiers"}), 422)
        _problem(c.post("/api/ingest", content=ARTICLE, headers={"content-type": "text/plain"}), 415)
        _problem(c.post("/api/ingest", content=b"{not json", headers={"content-type": "application/json"}), 422)
        for bad in ({}, {"title": "only a title"}, {"text": ARTICLE, "colour": "red"}, {"text": 12},
                    {"items": []}, {"items": [{"text": "a"}], "text": "b"}, {"items": [{"text": "a"}] * 51},
                    {"text": ARTICLE, "published": "last week"}, {"url": "file:///etc/passwd"},
                    {"url": " http://example.org/x"}, {"url": "javascript:alert(1)"}, [1, 2], "text"):
            _problem(c.post("/api/ingest", json=bad), 422)
        big = c.post("/api/ingest", json={"text": "x" * 300_000})
        _problem(big, 413)
        # a body that lies about its length (streamed): still capped
        def chunks():
            yield b'{"text": "'
            for _ in range(30):
                yield b"y" * 10_000
            yield b'"}'
        _problem(c.post("/api/ingest", content=chunks(), headers={"content-type": "application/json"}), 413)


def test_url_ingest_goes_through_the_private_address_guard(writable):
    from httpserver import Route, TestServer

    page = (b"<html><head><title>Strike</title></head><body><article><h1>Strike on Odesa</h1>"
            b"<p>At least 9 people were killed in a missile strike on Odesa, the regional governor said on "
            b"Tuesday. Rescue teams were searching the rubble of the building for survivors.</p>"
            b"<p>Officials said about 20 people were wounded in the attack.</p></article></body></html>")
    with TestServer() as srv:
        srv.routes["/strike.html"] = Route(body=page)
        with TestClient(create_app(db=writable)) as c:  # default policy: public addresses only
            r = c.post("/api/ingest", json={"url": srv.url("/strike.html")})
            body = _problem(r, 422)
            assert "loopback" in body["detail"] and body["items"][0]["outcome"] == "failed"
            for sneaky in ("http://localhost:%d/strike.html" % srv.port, "http://[::1]:%d/strike.html" % srv.port,
                           "http://0.0.0.0:%d/strike.html" % srv.port, "http://169.254.169.254/latest/meta-data"):
                _problem(c.post("/api/ingest", json={"url": sneaky}), 422)
            assert srv.requests == []  # nothing was fetched
        policy = FetchPolicy(allow_networks=("127.0.0.1/32",), host_delay=0)
        with TestClient(create_app(WebConfig(db=writable, fetch=policy))) as c:
            r = c.post("/api/ingest", json={"url": srv.url("/strike.html"), "published": "2025-06-03"})
            assert r.status_code == 201, r.text
            item = r.json()["items"][0]
            doc = c.get(f"/api/documents/{item['document_id']}").json()
            assert doc["url"] == srv.url("/strike.html") and "Odesa" in doc["text"] and doc["claims"]
            assert len(srv.requests) == 1


# --- token, hosts, origins, headers -------------------------------------------------------------------------


def test_token_guards_writes_and_optionally_reads(filled):
    article = {"text": ARTICLE}
    with TestClient(create_app(db=filled, token=TOKEN)) as c:
        assert c.get("/api/claims").status_code == 200 and c.get("/claims").status_code == 200
        r = c.post("/api/ingest", json=article)
        _problem(r, 401)
        assert r.headers["www-authenticate"].startswith("Bearer")
        _problem(c.post("/api/ingest", json=article, headers={"Authorization": "Bearer wrong-token-000000000"}), 401)
        _problem(c.post("/api/ingest", json=article, headers={"Authorization": f"Basic {TOKEN}"}), 401)
        # past the token, refused for what it asks (a loopback URL), so nothing is written here
        refused = {"url": "http://127.0.0.1:9/x"}
        ok = c.post("/api/ingest", json=refused, headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 422 and ok.json()["type"].endswith("ingest-failed")
        basic = base64.b64encode(f"analyst:{TOKEN}".encode()).decode()
        ok = c.post("/api/ingest", json=refused, headers={"Authorization": f"Basic {basic}"})
        assert ok.status_code == 422 and ok.json()["type"].endswith("ingest-failed")
        form = c.post("/ingest", data={"text": ARTICLE})
        assert form.status_code == 401 and form.headers["www-authenticate"].startswith("Basic")
    with TestClient(create_app(db=filled, token=TOKEN, private=True)) as c:
        for path in ("/api/claims", "/api/figures", f"/api/documents/{corpus()[0][0].id}", "/claims", "/sources"):
            r = c.get(path, headers={"Accept": "application/json"})
            assert r.status_code == 401, path
            assert c.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert "private" in c.get("/api/claims", headers={"Authorization": f"Bearer {TOKEN}"}).headers["cache-control"]


def test_binding_beyond_loopback_needs_a_token():
    assert check_bind("127.0.0.1", None) is None and check_bind("::1", None) is None
    assert check_bind("localhost", None) is None
    assert "CLAIMLEDGER_TOKEN" in check_bind("0.0.0.0", None)
    assert "CLAIMLEDGER_TOKEN" in check_bind("192.168.1.20", None)
    assert check_bind("0.0.0.0", TOKEN) is None
    assert "short" in check_bind("0.0.0.0", "abc")
    assert "--private" in check_bind("127.0.0.1", None, private=True)

    from typer.testing import CliRunner

    from claimledger.cli import app

    res = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--db", "unused.db"],
                             env={"CLAIMLEDGER_TOKEN": ""})
    assert res.exit_code == 2 and "CLAIMLEDGER_TOKEN" in res.output


def test_host_header_guard(filled):
    app = create_app(db=filled, allowed_hosts=["127.0.0.1", "localhost", "::1"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/stats").status_code == 200
        _problem(c.get("/api/stats", headers={"Host": "attacker.example"}), 400)
        _problem(c.get("/api/stats", headers={"Host": "localhost.attacker.example:8000"}), 400)
        assert c.get("/api/stats", headers={"Host": "localhost:8000"}).status_code == 200
        assert c.get("/api/stats", headers={"Host": "[::1]:8000"}).status_code == 200


def test_cross_site_form_posts_are_refused(filled):
    with TestClient(create_app(db=filled)) as c:
        r = c.post("/ingest", data={"text": ARTICLE}, headers={"Origin": "https://evil.example"})
        assert r.status_code == 403
        r = c.post("/ingest", data={"text": ARTICLE}, headers={"Sec-Fetch-Site": "cross-site"})
        assert r.status_code == 403
        r = c.post("/ingest", content=b"text=x", headers={"content-type": "text/plain"})
        assert r.status_code == 415
        r = c.post("/ingest", data={"text": ""})
        assert r.status_code == 422 and "paste the article" in r.text


def test_security_headers_everywhere(client):
    for path in ("/api/claims", "/claims", "/docs", "/static/style.css", "/api/claims?limit=0", "/nowhere"):
        h = client.get(path).headers
        csp = h["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"


class _Attrs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def _html_tags(html: str) -> list[tuple[str, dict]]:
    p = _Attrs()
    p.feed(html)
    return p.tags


def test_pages_escape_the_hostile_article(client):
    xss_id = corpus()[-1][0].id
    pages = ["/claims", "/claims?q=Kharkiv", "/documents", f"/documents/{xss_id}", "/figures?scope=all", "/sources"]
    pages += [f"/figures/{f['id']}" for f in client.get("/api/figures", params={"scope": "all"}).json()["items"]]
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        html = r.text
        for tag, attrs in _html_tags(html):
            assert tag not in ("iframe", "img", "object", "embed"), (path, tag)
            assert not any(k.startswith("on") for k in attrs), (path, tag, attrs)
            for k in ("href", "src", "action"):
                assert not attrs.get(k, "").strip().lower().startswith(("javascript:", "data:")), (path, attrs)
            if tag == "script":
                assert attrs.get("src") == "/static/app.js", (path, attrs)
        assert "<script>window" not in html and "<svg onload" not in html and "<img src=x" not in html
    page = client.get(f"/documents/{xss_id}").text
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in page
    assert "javascript:window.__xss=7" in page  # shown as text, not made a link


def test_openapi_and_docs_without_cdn(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/claims", "/api/claims/{claim_id}", "/api/documents", "/api/documents/{document_id}",
            "/api/figures", "/api/figures/{figure_id}", "/api/sources", "/api/ingest", "/api/export",
            "/api/stats"} <= paths
    assert not any(p.startswith(("/claims", "/documents", "/figures")) for p in paths)  # pages are not API
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/claims" in docs.text and "problem-bad-parameter" in docs.text
    for tag, attrs in _html_tags(docs.text):
        for k in ("src", "href"):
            v = attrs.get(k, "")
            if tag in ("script", "link") and v:
                assert v.startswith("/"), (tag, v)  # every asset from this server
    assert "cdn" not in docs.text.lower()
    for asset in ("/static/style.css", "/static/app.js", "/static/favicon.svg"):
        r = client.get(asset)
        assert r.status_code == 200 and r.headers.get("etag")


def test_pages_do_not_wait_for_reconciliation(filled, monkeypatch):
    """On a large ledger reconciliation takes a while: the claims table and the article are
    served at once, and show grades when the background computation is done."""
    import threading
    import time

    import claimledger.reconcile as rc

    gate = threading.Event()
    real = rc.reconcile_ledger

    def slow(*a, **kw):
        gate.wait(30)
        return real(*a, **kw)

    monkeypatch.setattr(rc, "reconcile_ledger", slow)
    with TestClient(create_app(db=filled)) as c:
        doc = corpus()[0][0].id
        t0 = time.monotonic()
        for path in ("/claims", f"/documents/{doc}"):
            r = c.get(path)
            assert r.status_code == 200 and 'id="grading"' in r.text
        assert time.monotonic() - t0 < 10
        gate.set()
        for _ in range(100):
            if 'id="grading"' not in c.get("/claims").text:
                break
            time.sleep(0.1)
        page = c.get("/claims").text
        assert 'id="grading"' not in page and 'class="grade grade-' in page
        assert 'id="grading"' not in c.get(f"/documents/{doc}").text


def test_page_errors_are_html_pages(client):
    for path, status in (("/claims?limit=0", 422), ("/claims?colour=red", 400), ("/documents/ffffffffffffffff", 404),
                         ("/figures/abcdefabcdef", 404), ("/no/such/page", 404)):
        r = client.get(path, headers={"Accept": "text/html"})
        assert r.status_code == status and r.headers["content-type"].startswith("text/html"), path
        assert "<h1>" in r.text and f"HTTP {status}" in r.text
    # a form's empty fields do not make a bad request: the page redirects to the link without them
    r = client.get("/claims?q=&metric=killed&since=&grade=", follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == "/claims?metric=killed"
