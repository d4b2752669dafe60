"""The server's response cache and its figures while the ledger changes, on a real SQLite ledger.

* identical requests that arrive together are answered by one computation;
* the cache keeps to its byte budget;
* while a newer reconciliation is being worked out, figures are answered from the previous
  one after ``figure_wait`` seconds and say so (``X-Claimledger-Figures: updating``), then
  from the new one (``current``).
"""
from __future__ import annotations

import threading
import time
import warnings

import pytest

from web_helpers import corpus, fill

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from claimledger.ledger import Ledger
from claimledger.web import WebConfig, create_app
from claimledger.web.app import Web

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_identical_requests_share_one_computation(tmp_path):
    web = Web(WebConfig(db=str(tmp_path / "l.db"), reconcile_at_start=False))
    calls = []

    def make():
        calls.append(1)
        time.sleep(0.3)
        return b"x" * 10, "text/plain", {}

    out = []
    threads = [threading.Thread(target=lambda: out.append(web.cached(("k",), make))) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    web.close()
    assert len(calls) == 1 and len(out) == 6
    assert all(o[0] == b"x" * 10 and o[2]["ETag"].startswith('"') for o in out)


def test_cache_keeps_to_its_byte_budget(tmp_path):
    web = Web(WebConfig(db=str(tmp_path / "l.db"), cache_bytes=10_000, reconcile_at_start=False))
    for i in range(20):
        web.cached(("k", i), lambda: (b"y" * 900, "text/plain", {}))
    assert web._cache_size <= 10_000 and len(web._responses) == 11
    assert ("k", 19) in web._responses and ("k", 0) not in web._responses
    web.cached(("big",), lambda: (b"z" * 1_001, "text/plain", {}))  # over a tenth of the budget: not kept
    assert ("big",) not in web._responses
    web.close()


def test_figures_answer_from_the_previous_reconciliation_while_updating(tmp_path, monkeypatch):
    url = str(tmp_path / "l.db")
    fill(url)
    app = create_app(WebConfig(db=url, figure_wait=0.2))
    with TestClient(app) as client:
        first = client.get("/api/figures", params={"scope": "all", "limit": 500})
        assert first.status_code == 200 and first.headers["X-Claimledger-Figures"] == "current"
        n_before = first.json()["total"]

        import claimledger.reconcile as reconcile_pkg

        real = reconcile_pkg.reconcile_ledger
        gate = threading.Event()

        def slow(*a, **kw):  # the real reconciliation, held until the test lets it go
            gate.wait(10)
            return real(*a, **kw)

        monkeypatch.setattr(reconcile_pkg, "reconcile_ledger", slow)
        doc, claims = corpus()[0]
        doc2 = type(doc)(doc.text + "\nUpdated later.", ref="later", published=doc.published)
        with Ledger(url) as led:
            led.add(doc2, None)  # a new sighting changes the ledger's state
        t0 = time.monotonic()
        stale = client.get("/api/figures", params={"scope": "all", "limit": 500})
        assert time.monotonic() - t0 < 5
        assert stale.status_code == 200 and stale.headers["X-Claimledger-Figures"] == "updating"
        assert stale.json()["total"] == n_before
        assert client.get("/healthz").json()["figures"] == "updating"
        gate.set()
        for _ in range(100):
            if client.get("/healthz").json()["figures"] == "current":
                break
            time.sleep(0.1)
        fresh = client.get("/api/figures", params={"scope": "all", "limit": 500})
        assert fresh.headers["X-Claimledger-Figures"] == "current"
        assert fresh.headers["ETag"] != stale.headers["ETag"] or fresh.json() == stale.json()


def test_large_answers_are_gzipped_for_clients_that_accept_it(tmp_path):
    url = str(tmp_path / "l.db")
    fill(url)
    with TestClient(create_app(WebConfig(db=url))) as client:
        plain = client.get("/api/claims", params={"limit": 100}, headers={"Accept-Encoding": "identity"})
        packed = client.get("/api/claims", params={"limit": 100}, headers={"Accept-Encoding": "gzip, br"})
        assert "content-encoding" not in plain.headers and packed.headers["content-encoding"] == "gzip"
        assert packed.json() == plain.json() and len(plain.content) > 2_000
        assert int(packed.headers["content-length"]) < len(plain.content) / 3  # bytes on the wire
        assert packed.headers["etag"] == plain.headers["etag"][:-1] + '-gz"'
        assert "Accept-Encoding" in packed.headers["vary"]
        again = client.get("/api/claims", params={"limit": 100},
                           headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["etag"]})
        assert again.status_code == 304
        refused = client.get("/api/claims", params={"limit": 100}, headers={"Accept-Encoding": "gzip;q=0"})
        assert "content-encoding" not in refused.headers
        small = client.get("/api/stats", headers={"Accept-Encoding": "gzip"})
        assert "content-encoding" not in small.headers or len(small.content) >= 2_000


def test_serve_with_two_worker_processes(tmp_path):
    """`claimledger serve --workers 2`: two processes answer the same ledger, figures included."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    from pathlib import Path

    import httpx

    url = str(tmp_path / "l.db")
    fill(url)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cli = Path(sys.executable).parent / "claimledger"
    proc = subprocess.Popen([str(cli), "serve", "--db", url, "--port", str(port), "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stdout.read().decode()
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.3)
        with Ledger(url) as led:
            expected = [c.id for c in led.claims()][:20]
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(10):  # new connections land on either worker
                with httpx.Client(base_url=base, timeout=30) as one:
                    body = one.get("/api/claims", params={"limit": 20}).json()
                    assert [c["id"] for c in body["items"]] == expected
            figs = client.get("/api/figures", params={"scope": "all"})
            assert figs.status_code == 200 and figs.json()["total"] > 0
        workers = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _parent(p) == proc.pid]
        assert len(workers) >= 2
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def _parent(proc_dir) -> int:
    try:
        stat = (proc_dir / "stat").read_text()
    except OSError:
        return -1
    return int(stat.rsplit(")", 1)[1].split()[1])
