"""Ingesting the real world: HTML pages, URLs, feeds, CSV corpora, URL lists, fetch safety,
watching feeds, run reports; every bad input one error line, the run going on, nothing
stored changing. All network traffic goes to a real HTTP server on 127.0.0.1
(tests/httpserver.py); URLs on other addresses are only ever *refused*, never contacted.
"""
from __future__ import annotations

import csv
import gzip
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))
from httpserver import Route, TestServer, make_self_signed_cert  # noqa: E402
from ledger_probe import count  # noqa: E402

from claimledger.cli import app  # noqa: E402
from claimledger.ingest import Document, ReadError, ReadOptions, read_inputs  # noqa: E402
from claimledger.ingest.fetch import Fetcher, FetchError, FetchPolicy, check_url  # noqa: E402

LOCAL = ("--allow-private", "--host-delay", "0")


def page(title: str, paras: list[str], *, site="Example News", author="Jane Roe", date="2024-03-05",
         charset_meta: str | None = None) -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f"<!DOCTYPE html><html><head>{meta}<title>{title} - {site}</title>"
            f'<meta property="og:site_name" content="{site}"><meta name="author" content="{author}">'
            f'<meta property="article:published_time" content="{date}T10:00:00Z"></head>'
            f"<body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Copyright 2024 {site}</footer></body></html>")


STRIKE = page("Strike kills 12 in Kharkiv", [
    "At least 12 people were killed in a missile strike on Kharkiv on Tuesday, the regional governor said.",
    "The health ministry said 40 others were wounded, according to local media reports.",
])
SHELLING = page("Shelling wounds 7", [
    "Seven civilians were wounded by shelling in Kherson on Monday, officials said.",
    "Three houses were destroyed, the city administration said in a statement.",
])
CONVOY = page("Convoy attacked", [
    "Two soldiers were killed and five wounded when a convoy was ambushed near Bakhmut, the army said.",
    "The military said 14 attackers were captured after the fighting.",
])


def rss(items: list[dict], title="Example Feed") -> str:
    out = [f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
           f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>{title}</title>'
           f"<link>http://news.example/</link><description>d</description>"]
    for it in items:
        out.append("<item>")
        for k in ("title", "link", "pubDate", "author"):
            if it.get(k):
                out.append(f"<{k}>{it[k]}</{k}>")
        if it.get("guid"):
            out.append(f'<guid isPermaLink="false">{it["guid"]}</guid>')
        if it.get("description"):
            out.append(f"<description><![CDATA[{it['description']}]]></description>")
        if it.get("content"):
            out.append(f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>")
        out.append("</item>")
    out.append("</channel></rss>")
    return "".join(out)


def cli(*args):
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error ")]


def rows(db: Path) -> dict[str, set]:
    con = sqlite3.connect(db)
    try:
        return {t: set(con.execute(f"SELECT * FROM {t}").fetchall())
                for t in ("documents", "document_sightings", "extractions", "claims")}
    finally:
        con.close()


def docs(db: Path) -> list[dict]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute("SELECT * FROM documents ORDER BY first_seen")]
    finally:
        con.close()


def sightings(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return sorted(r for (r,) in con.execute("SELECT ref FROM document_sightings"))
    finally:
        con.close()


@pytest.fixture
def srv():
    with TestServer() as s:
        yield s


# ----------------------------------------------------------------------------- inputs


def test_same_article_from_file_url_and_feed_is_one_document_seen_three_times(srv, tmp_path):
    url = srv.route("/world/strike.html", STRIKE)
    feed = srv.route("/feed.xml", rss([{"title": "Strike kills 12", "link": url, "guid": "strike-1",
                                        "pubDate": "Tue, 05 Mar 2024 09:00:00 GMT",
                                        "description": "A strike on Kharkiv."}]),
                     content_type="application/rss+xml")
    saved = tmp_path / "strike.html"
    saved.write_text(STRIKE, encoding="utf-8")
    db = tmp_path / "l.db"
    r = cli("ingest", saved, url, feed, "--db", db, *LOCAL)
    assert r.exit_code == 0, r.stderr
    (d,) = docs(db)
    assert sightings(db) == sorted([str(saved), url, f"{feed}#strike-1"])
    # metadata from the page (trafilatura): title, site, date; the author goes to meta
    assert d["title"] == "Strike kills 12 in Kharkiv" and d["publisher"] == "Example News"
    assert d["published"] == "2024-03-05"
    assert json.loads(d["meta"])["author"] == "Jane Roe"
    # the kept text is the article, no navigation or footer, and evidence offsets point into it
    assert "Home" not in d["text"] and "Copyright" not in d["text"]
    assert "At least 12 people were killed" in d["text"]
    con = sqlite3.connect(db)
    recs = [json.loads(r) for (r,) in con.execute("SELECT record FROM claims")]
    con.close()
    assert any(c["metric"] == "killed" and c["value"] == 12 for c in recs)
    for c in recs:
        ev = c["evidence"]
        assert d["text"][ev["start"]:ev["end"]] == ev["text"]


def test_feed_entry_link_followed_unless_full_text_or_no_follow(srv, tmp_path):
    long_text = " ".join(["Officials said at least 30 people were killed in the attack on the market."] * 8)
    a = srv.route("/a.html", STRIKE)
    b = srv.route("/b.html", SHELLING)
    feed = srv.route("/feed.xml", rss([
        {"title": "A", "link": a, "guid": "a", "description": "Summary of A: 12 killed, officials said."},
        {"title": "B", "link": b, "guid": "b", "content": f"<p>{long_text}</p>"},
    ]), content_type="application/rss+xml")
    opts = ReadOptions(fetch=FetchPolicy(allow_private=True, host_delay=0))
    da, db_ = list(read_inputs([feed], options=opts))
    assert "At least 12 people were killed" in da.text  # followed: the page's article text
    assert db_.text.startswith("Officials said at least 30")  # full text in the feed: not followed
    assert len(srv.hits("/a.html")) == 1 and srv.hits("/b.html") == []
    # --no-follow keeps the feed's own text
    opts = ReadOptions(follow=False, fetch=FetchPolicy(allow_private=True, host_delay=0))
    na, nb = list(read_inputs([feed], options=opts))
    assert na.text == "Summary of A: 12 killed, officials said." and na.title == "A"
    assert na.publisher == "Example Feed" and na.url == a
    assert len(srv.hits("/a.html")) == 1


def test_atom_feed_file(tmp_path):
    atom = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Atom News</title><id>urn:x</id><updated>2024-03-06T00:00:00Z</updated>"
            "<entry><title>Raid</title><id>urn:e1</id><updated>2024-03-06T08:00:00+02:00</updated>"
            "<author><name>Desk</name></author>"
            "<summary>Police said 4 suspects were detained in a raid on Wednesday.</summary></entry></feed>")
    p = tmp_path / "news.atom"
    p.write_text(atom, encoding="utf-8")
    (d,) = read_inputs([p], options=ReadOptions(follow=False))
    assert d.ref == f"{p}#urn:e1" and d.title == "Raid" and d.publisher == "Atom News"
    assert str(d.published) == "2024-03-06" and d.meta["author"] == "Desk"


def test_csv_corpus_with_named_columns_text_or_url(srv, tmp_path):
    url = srv.route("/c.html", CONVOY)
    p = tmp_path / "monitor.csv"
    with open(p, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["guid", "headline", "body", "link", "date", "outlet"])
        w.writerow(["m1", "Shelling", "Seven civilians were wounded by shelling in Kherson on Monday, officials "
                    "said.", "", "2024-02-26", "Kyiv Daily"])
        w.writerow(["m2", "Convoy (from monitor)", "", url, "2024-02-27", ""])
        w.writerow(["m3", "nothing", "", "", "", ""])
    db = tmp_path / "l.db"
    r = cli("ingest", p, "--db", db, "--column", "text=body", "--column", "url=link", "--column", "id=guid",
            "--column", "title=headline", "--column", "published=date", "--column", "publisher=outlet", *LOCAL)
    assert r.exit_code == 1
    (line,) = error_lines(r.stderr)
    assert "m3" in line and f"{p}:4" in line and "no 'body' or 'link'" in line
    got = {d["title"]: d for d in docs(db)}
    assert got["Shelling"]["publisher"] == "Kyiv Daily" and got["Shelling"]["published"] == "2024-02-26"
    # a record with only a URL is fetched; the record's own fields win over the page's
    conv = got["Convoy (from monitor)"]
    assert "convoy was ambushed" in conv["text"] and conv["published"] == "2024-02-27"
    assert conv["publisher"] == "Example News"
    assert sorted(sightings(db)) == ["m1", "m2"]


def test_urls_file_and_report(srv, tmp_path):
    a = srv.route("/a.html", STRIKE)
    b = srv.route("/b.html", SHELLING)
    lst = tmp_path / "urls.txt"
    lst.write_text(f"# morning list\n{a}\n\n{b}\n{srv.url('/gone.html')}\nnot a url\n", encoding="utf-8")
    good = tmp_path / "c.txt"
    good.write_text("Police said at least 3 people were detained on Friday.\n", encoding="utf-8")
    db, rep = tmp_path / "l.db", tmp_path / "run.json"
    r = cli("ingest", good, "--urls", lst, "--db", db, "--report", rep, *LOCAL)
    assert r.exit_code == 1
    assert len(error_lines(r.stderr)) == 2
    report = json.loads(rep.read_text("utf-8"))
    assert report["command"] == "ingest" and report["ok"] is False and report["interrupted"] is False
    assert report["totals"] == {"inputs": 2, "items": 5, "new": 3, "known": 0, "failed": 2,
                                "claims_added": report["totals"]["claims_added"]}
    by_ref = {i["ref"]: i for i in report["items"]}
    assert by_ref[a]["outcome"] == "new" and by_ref[a]["input"] == str(lst) and by_ref[a]["document_id"]
    assert by_ref[srv.url("/gone.html")]["outcome"] == "failed"
    assert "HTTP 404" in by_ref[srv.url("/gone.html")]["error"]
    assert by_ref[f"{lst}:6"]["error"].endswith("not a URL: 'not a url'")
    assert {i["input"] for i in report["inputs"]} == {str(good), str(lst)}
    # a rerun: everything known, nothing stored twice
    r = cli("ingest", good, "--urls", lst, "--db", db, "--report", rep, *LOCAL)
    report = json.loads(rep.read_text("utf-8"))
    assert report["totals"]["new"] == 0 and report["totals"]["known"] == 3
    assert len(docs(db)) == 3


def test_extract_takes_urls_too(srv):
    url = srv.route("/a.html", STRIKE)
    r = cli("extract", url, *LOCAL)
    assert r.exit_code == 0, r.stderr
    recs = [json.loads(x) for x in r.stdout.splitlines()]
    assert any(c["metric"] == "killed" and c["value"] == 12 and c["document_ref"] == url for c in recs)


def test_gzip_charsets_and_retries(srv):
    srv.route("/gz.html", STRIKE, gzip=True)
    latin = page("Caf\u00e9 strike", ["At least 5 people were killed near the Caf\u00e9 Odesa on Sunday, "
                                      "police said."])
    srv.route("/latin-header.html", latin.encode("latin-1"), content_type="text/html; charset=ISO-8859-1")
    srv.route("/latin-meta.html", page("Caf\u00e9 strike", ["At least 5 people were killed near the "
                                                             "Caf\u00e9 Odesa on Sunday, police said."],
                                        charset_meta="windows-1252").encode("cp1252"), content_type="text/html")
    calls = {"n": 0}

    def flaky(req):
        calls["n"] += 1
        if calls["n"] <= 2:
            return Route(status=503 if calls["n"] == 1 else 429, body=b"busy", content_type="text/plain",
                         headers={"Retry-After": "0"})
        return Route(body=SHELLING.encode())

    srv.route("/flaky.html", Route(handler=flaky))
    opts = ReadOptions(fetch=FetchPolicy(allow_private=True, host_delay=0, backoff=0.01))
    out = list(read_inputs([srv.url(p) for p in ("/gz.html", "/latin-header.html", "/latin-meta.html",
                                                   "/flaky.html")], options=opts))
    assert all(isinstance(d, Document) for d in out), out
    assert "At least 12 people" in out[0].text
    assert "Caf\u00e9 Odesa" in out[1].text and "Caf\u00e9 Odesa" in out[2].text
    assert "Seven civilians" in out[3].text and calls["n"] == 3
    ua = srv.hits("/gz.html")[0].headers["user-agent"]
    assert ua.startswith("claimledger/")


def test_polite_per_host_delay(srv):
    for i in range(3):
        srv.route(f"/p{i}.html", STRIKE.replace("12", str(12 + i)))
    opts = ReadOptions(fetch=FetchPolicy(allow_private=True, host_delay=0.3))
    t = time.monotonic()
    out = list(read_inputs([srv.url(f"/p{i}.html") for i in range(3)], options=opts))
    assert all(isinstance(d, Document) for d in out)
    assert time.monotonic() - t >= 0.6  # three requests to one host, 0.3 s apart


# ----------------------------------------------------------------------------- the address guard


def _resolver(table):
    def resolve(host, port):
        if host in table:
            return table[host]
        raise OSError(f"unknown host {host}")
    return resolve


@pytest.mark.parametrize("target", [
    "http://127.0.0.1:{port}/a.html",
    "http://10.0.0.1/a.html",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]:{port}/a.html",
    "http://localhost:{port}/a.html",
])
def test_private_addresses_refused_without_allow_private(srv, tmp_path, target):
    srv.route("/a.html", STRIKE)
    url = target.format(port=srv.port)
    db = tmp_path / "l.db"
    r = cli("ingest", url, "--db", db, "--host-delay", "0")
    assert r.exit_code == 1
    (line,) = error_lines(r.stderr)
    assert url in line and "refused" in line and "--allow-private" in line
    assert any(k in line for k in ("loopback", "private", "link-local"))
    assert srv.requests == []  # never contacted
    # and --allow-private lets the local test server through
    if "127.0.0.1" in url:
        r = cli("ingest", url, "--db", db, *LOCAL)
        assert r.exit_code == 0, r.stderr
        assert len(docs(db)) == 1


def test_hostnames_resolving_to_private_addresses_are_refused():
    resolve = _resolver({"intranet.example": ["10.0.0.1"], "metadata.example": ["169.254.169.254"],
                         "v6.example": ["::1"], "mixed.example": ["93.184.216.34", "127.0.0.1"],
                         "mapped.example": ["::ffff:10.0.0.1"]})
    for host, kind in [("intranet.example", "private"), ("metadata.example", "link-local"),
                       ("v6.example", "loopback"), ("mixed.example", "loopback"), ("mapped.example", "private")]:
        with pytest.raises(FetchError) as e:
            check_url(f"http://{host}/x", FetchPolicy(), resolve)
        assert f"{host} resolves to" in e.value.reason and kind in e.value.reason
    for bad in ("ftp://news.example/a", "file:///etc/passwd", "gopher://x/", "javascript://x"):
        with pytest.raises(FetchError) as e:
            check_url(bad, FetchPolicy(), resolve)
        assert "unsupported URL scheme" in e.value.reason


@pytest.mark.parametrize("location", [
    "http://10.0.0.1/admin",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]:{port}/a.html",
    "http://intranet.example/a.html",
    "file:///etc/passwd",
])
def test_redirect_to_a_private_address_is_refused(srv, location):
    """The first hop is allowed (only 127.0.0.1 itself, by --allow-net); the redirect is checked again."""
    srv.route("/a.html", STRIKE)
    loc = location.format(port=srv.port)
    srv.route("/go", Route(status=302, headers={"Location": loc}, content_type=None))
    policy = FetchPolicy(allow_networks=("127.0.0.1/32",), host_delay=0)
    resolve = _resolver({"127.0.0.1": ["127.0.0.1"], "intranet.example": ["10.0.0.1"]})
    with Fetcher(policy, resolver=resolve) as f:
        with pytest.raises(FetchError) as e:
            f.get(srv.url("/go"))
        assert "redirect" in e.value.reason and loc in e.value.reason
        assert "refused" in e.value.reason or "unsupported URL scheme" in e.value.reason
        assert [r.path for r in srv.requests] == ["/go"]
        # a redirect within the allowed address goes through
        srv.route("/ok", Route(status=301, headers={"Location": "/a.html"}, content_type=None))
        resp = f.get(srv.url("/ok"))
        assert resp.status == 200 and resp.final_url == srv.url("/a.html") and resp.redirects == [srv.url("/a.html")]


# ----------------------------------------------------------------------------- bad inputs

BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
                            for i in range(1, 10))
                  + ']><rss version="2.0"><channel><title>&lol9;</title></channel></rss>')


def _gzip_bomb() -> bytes:
    return gzip.compress(b"\0" * 12_000_000, compresslevel=9)


BAD = {
    # name: (path, Route, expected words in the error, extra CLI args)
    "malformed HTML": ("/bad.html", Route(body=b"<<<<>>>> </div></p> &&& <<!-- <<>>"), "malformed HTML", ()),
    "HTML with no article text": (
        "/empty.html", Route(body=b"<html><head><title>Home</title></head><body><nav>Home</nav></body></html>"),
        "no article text", ()),
    "feed that is not XML": ("/feed.xml", Route(body=b"this is not a feed at all {}",
                                                content_type="application/rss+xml"), "not XML", ()),
    "XML entity bomb": ("/bomb.xml", Route(body=BILLION_LAUGHS.encode(), content_type="application/rss+xml"),
                        "entity", ()),
    "gzip bomb": ("/bomb.html", Route(raw_gzip=_gzip_bomb()), "compression bomb", ()),
    "404": ("/missing.html", None, "HTTP 404", ()),
    "timeout": ("/slow.html", Route(body=STRIKE.encode(), delay=3.0), "timed out", ("--timeout", "0.5")),
    "redirect loop": ("/loop/a", None, "redirect loop", ()),
    "too many redirects": ("/chain/0", None, "too many redirects", ()),
    "non-UTF-8 page without a charset": (
        "/latin.html", Route(body=page("Caf\u00e9", ["Five people were killed near the Caf\u00e9 Odesa, "
                                                      "police said on Sunday."]).encode("latin-1"),
                             content_type="text/html"), "not UTF-8", ()),
    "binary served as text/html": ("/bin.html", Route(body=bytes(range(256)) * 40), "binary content", ()),
    "empty CSV": ("/empty.csv", Route(body=b"", content_type="text/csv"), "empty", ()),
    "CSV without the text column": ("/notext.csv", Route(body=b"id,headline\n1,Strike\n", content_type="text/csv"),
                                    "no 'text' or 'url' column", ()),
    "JSONL line that is not JSON": (
        "/c.jsonl", Route(body=b'{"id": "x1", "text": "Police said 3 people were detained on Friday in Kyiv."}\n'
                               b"{not json\n", content_type="application/x-ndjson"), "not valid JSON", ()),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_one_error_line_run_goes_on_nothing_stored_changes(srv, tmp_path, name):
    path, route, words, extra = BAD[name]
    if route is not None:
        srv.route(path, route)
    for i in range(8):  # redirect chain, and a loop
        srv.route(f"/chain/{i}", Route(status=302, headers={"Location": f"/chain/{i + 1}"}, content_type=None))
    srv.route("/loop/a", Route(status=301, headers={"Location": "/loop/b"}, content_type=None))
    srv.route("/loop/b", Route(status=302, headers={"Location": "/loop/a"}, content_type=None))
    before_url = srv.route("/before.html", STRIKE)
    after_url = srv.route("/after.html", SHELLING)
    db = tmp_path / "l.db"
    r = cli("ingest", before_url, "--db", db, *LOCAL)
    assert r.exit_code == 0, r.stderr
    stored = rows(db)

    bad = srv.url(path)
    r = cli("ingest", bad, after_url, "--db", db, *LOCAL, *extra)
    assert r.exit_code == 1
    lines = error_lines(r.stderr)
    assert len(lines) == 1, r.stderr
    assert bad in lines[0] and words in lines[0], lines[0]
    now = rows(db)
    for table, old in stored.items():
        assert old <= now[table], f"{table}: stored rows changed"
    # the run went on: the input after the bad one is stored (and, for the JSONL, its good record)
    assert {before_url, after_url} <= {d["url"] for d in docs(db)}
    assert len(docs(db)) == 2 + (name == "JSONL line that is not JSON")


def test_bad_local_files_too(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "cols.csv").write_text("id,headline\n1,Strike\n", encoding="utf-8")
    (tmp_path / "broken.html").write_text("<<<>>> no markup here", encoding="utf-8")
    (tmp_path / "bomb.xml").write_text(BILLION_LAUGHS, encoding="utf-8")
    out = list(read_inputs([tmp_path / n for n in ("empty.csv", "cols.csv", "broken.html", "bomb.xml")]))
    assert all(isinstance(e, ReadError) for e in out)
    assert ["empty CSV" in out[0].reason, "no 'text' or 'url' column" in out[1].reason,
            "malformed HTML" in out[2].reason, "entity" in out[3].reason] == [True] * 4


def test_tls_errors(srv, tmp_path):
    srv.route("/a.html", STRIKE)
    plain_as_tls = f"https://127.0.0.1:{srv.port}/a.html"  # the server does not speak TLS
    urls = [plain_as_tls]
    cert = make_self_signed_cert(tmp_path)
    tls_srv = None
    if cert is not None:
        tls_srv = TestServer(tls=cert).__enter__()
        urls.append(tls_srv.route("/a.html", STRIKE))  # a certificate nobody vouches for
    try:
        db = tmp_path / "l.db"
        after = srv.route("/after.html", SHELLING)
        r = cli("ingest", *urls, after, "--db", db, *LOCAL, "--timeout", "5")
        assert r.exit_code == 1
        lines = error_lines(r.stderr)
        assert len(lines) == len(urls)
        for url, line in zip(urls, lines):
            assert url in line and "TLS error" in line, line
        if cert is not None:
            assert "certificate" in lines[1].lower()
        assert [d["url"] for d in docs(db)] == [after]
    finally:
        if tls_srv is not None:
            tls_srv.__exit__(None, None, None)


# ----------------------------------------------------------------------------- watch


def _run_cli(*args, **kw):
    return subprocess.Popen([sys.executable, "-m", "claimledger.cli", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def _wait(pred, timeout=60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.1)
    return False


def test_watch_polls_remembers_honours_etag_and_stops_cleanly_on_ctrl_c(srv, tmp_path):
    a = srv.route("/a.html", STRIKE)
    b = srv.route("/b.html", SHELLING)
    c = srv.route("/c.html", CONVOY)
    items = [{"title": "A", "link": a, "guid": "a"}, {"title": "B", "link": b, "guid": "b"}]
    state = {"etag": '"v1"'}

    def feed(req):
        return Route(body=rss(items).encode(), content_type="application/rss+xml", etag=state["etag"])

    url = srv.route("/feed.xml", Route(handler=feed))
    db, rep = tmp_path / "l.db", tmp_path / "watch.json"
    p = _run_cli("watch", url, "--every", "1s", "--db", db, "--report", rep, *LOCAL)
    try:
        assert _wait(lambda: count(db, "SELECT count(*) FROM feed_entries WHERE status='stored'") == 2), \
            p.stderr.read() if p.poll() is not None else "timeout"
        assert _wait(lambda: any(r.headers.get("if-none-match") == '"v1"' for r in srv.hits("/feed.xml")))
        # a new entry and a new ETag: picked up on the next poll, old entries not fetched again
        items.append({"title": "C", "link": c, "guid": "c"})
        state["etag"] = '"v2"'
        assert _wait(lambda: count(db, "SELECT count(*) FROM feed_entries WHERE status='stored'") == 3)
        time.sleep(1.5)
        assert len(srv.hits("/a.html")) == 1 and len(srv.hits("/c.html")) == 1
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert p.returncode == 0, err
    assert "stopping" in err and out.startswith("stopped: 3 new")
    assert count(db, "SELECT count(*) FROM documents") == 3
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT etag FROM feed_state").fetchone()[0] == '"v2"'
    con.close()
    report = json.loads(rep.read_text("utf-8"))
    assert report["command"] == "watch" and report["totals"]["new"] == 3
    # a new watch remembers: a 304, nothing fetched again
    n_pages = len(srv.hits("/a.html")) + len(srv.hits("/b.html")) + len(srv.hits("/c.html"))
    r = cli("watch", url, "--once", "--db", db, *LOCAL)
    assert r.exit_code == 0, r.stderr
    assert "not modified" in r.stderr
    assert srv.hits("/feed.xml")[-1].headers.get("if-none-match") == '"v2"'
    assert len(srv.hits("/a.html")) + len(srv.hits("/b.html")) + len(srv.hits("/c.html")) == n_pages


def test_watch_retries_a_failed_entry_then_gives_up(srv, tmp_path):
    a = srv.route("/a.html", STRIKE)
    items = [{"title": "A", "link": a, "guid": "a"}, {"title": "X", "link": srv.url("/gone.html"), "guid": "x"}]
    url = srv.route("/feed.xml", Route(body=rss(items).encode(), content_type="application/rss+xml", etag='"1"'))
    db = tmp_path / "l.db"
    for i in range(4):
        r = cli("watch", url, "--once", "--db", db, *LOCAL)
    # the poll that had a failing entry did not keep the ETag, so the feed was asked again in full
    assert [bool(h.headers.get("if-none-match")) for h in srv.hits("/feed.xml")] == [False, False, False, True]
    assert len(srv.hits("/gone.html")) == 3 and len(srv.hits("/a.html")) == 1
    con = sqlite3.connect(db)
    st = dict(con.execute("SELECT entry, status FROM feed_entries").fetchall())
    con.close()
    assert st == {"a": "stored", "x": "failed"}


def test_watch_interval_parsing():
    from claimledger.watch import parse_interval

    assert parse_interval("15m") == 900 and parse_interval("90s") == 90 and parse_interval("1h30m") == 5400
    assert parse_interval("2") == 2
    for bad in ("", "soon", "0s", "15 parsecs"):
        with pytest.raises(ValueError):
            parse_interval(bad)


def test_feed_state_in_the_ledger_on_both_backends(ledger_url):
    from claimledger.ledger import Ledger

    with Ledger(ledger_url) as led:
        assert led.feed_state("f") == {"etag": None, "last_modified": None, "title": None, "last_polled": None,
                                       "last_status": None, "entries": {}}
        led.save_feed_state("f", status="200 ok", title="Feed", validators=('"v1"', "Tue, 05 Mar 2024 10:00:00 GMT"))
        assert led.mark_feed_entry("f", "e1", "retry", error="HTTP 503") == 1
        assert led.mark_feed_entry("f", "e1", "stored", document_id="abc") == 2
        led.mark_feed_entry("f", "e2", "failed", error="HTTP 404")
        led.save_feed_state("f", status="304 not modified")  # keeps the validators
        st = led.feed_state("f")
    assert (st["etag"], st["title"], st["last_status"]) == ('"v1"', "Feed", "304 not modified")
    assert st["entries"] == {"e1": {"status": "stored", "attempts": 2}, "e2": {"status": "failed", "attempts": 1}}


def test_slow_drip_hits_the_whole_response_deadline(srv):
    srv.route("/drip.html", Route(body=STRIKE.encode()[:400], drip=0.01))
    with Fetcher(FetchPolicy(allow_private=True, host_delay=0, deadline=1.0, timeout=5)) as f:
        t = time.monotonic()
        with pytest.raises(FetchError) as e:
            f.get(srv.url("/drip.html"))
    assert "took longer than 1 s" in e.value.reason and time.monotonic() - t < 3


def test_size_cap_on_plain_bodies(srv):
    srv.route("/big.html", Route(body=b"<html><body><p>" + b"word " * 50_000 + b"</p></body></html>"))
    with Fetcher(FetchPolicy(allow_private=True, host_delay=0, max_bytes=100_000)) as f:
        with pytest.raises(FetchError) as e:
            f.get(srv.url("/big.html"))
    assert "too large" in e.value.reason and "100,000" in e.value.reason


def test_watch_a_feed_file_without_following(tmp_path):
    p = tmp_path / "feed.rss"
    p.write_text(rss([{"title": "Raid", "guid": "r1", "link": "http://10.0.0.1/never-fetched",
                       "description": "Police said 4 suspects were detained in a raid on Wednesday."}]),
                 encoding="utf-8")
    db = tmp_path / "l.db"
    r = cli("watch", p, "--once", "--no-follow", "--db", db)
    assert r.exit_code == 0, r.stderr
    (d,) = docs(db)
    assert d["title"] == "Raid" and d["text"].startswith("Police said 4 suspects")
    r = cli("watch", p, "--once", "--no-follow", "--db", db)
    assert "0 new" in r.stdout and "1 seen before" in r.stderr
