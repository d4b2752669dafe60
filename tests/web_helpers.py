"""Shared data and servers for the web tests (test_web_api.py, test_web_browser.py).

The articles are extracted once per test process (spaCy is the slow part) and added
to each fresh ledger directly, so every test starts from the same real claims.
"""
from __future__ import annotations

import functools
import os
import socket
import threading
import time
import uuid
from pathlib import Path
from typing import Optional

import pytest

from claimledger.ingest import Document, read_text

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "gold" / "000_3f15263bc76710e2.txt"

# A hostile article: markup and script in the text, the title, the publisher and the URL.
# Every payload would set window.__xss; the browser test checks it never changes.
XSS_TEXT = (
    "<script>window.__xss = 1</script> At least 12 soldiers were killed in Kharkiv on Monday, "
    "the regional governor <img src=x onerror=\"window.__xss=2\"> said in a statement.\n"
    "About 40 civilians were wounded, according to <a href=\"javascript:window.__xss=3\">the health ministry</a>, "
    "which said the strike hit a market. \"><svg onload=window.__xss=4></svg> Officials said "
    "rescue work was continuing <iframe src=\"javascript:window.__xss=8\"></iframe> into the night.\n"
)
XSS_META = dict(title="<script>window.__xss=5</script>Strike on <b>Kharkiv</b>",
                publisher="\"><img src=x onerror=window.__xss=6>", url="javascript:window.__xss=7",
                published="2025-03-03")

# Short reports of one figure from different sources and dates: a figure with a timeline.
REPORTS = [
    ("Ukraine's military intelligence said on Friday that at least 300 North Korean soldiers have been "
     "killed in the Kursk region since they were deployed.", "2025-01-10", "Kyiv Independent"),
    ("About 1,000 North Korean soldiers have been killed in Kursk, a Pentagon spokesman said, "
     "citing U.S. intelligence estimates.", "2025-02-14", "Reuters"),
    ("Russia denied reports that North Korean soldiers were fighting in Kursk. Around 4,000 North Korean "
     "soldiers have been killed or wounded, according to Western officials.", "2025-03-20", "BBC"),
]


def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}: the shared/ folder must sit beside the repository")
    return SEED.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _extracted() -> tuple:
    from claimledger.extract import extract_documents, shared_nlp

    docs = [read_text(seed_text(), ref="seed.txt", published="2025-05-01", title="North Korean losses in Kursk",
                      publisher="Example Wire", url="https://news.example/seed")]
    for i, (text, pub, publisher) in enumerate(REPORTS):
        docs.append(read_text(text, ref=f"report-{i}.txt", published=pub, publisher=publisher,
                              title=f"Report {i + 1}", url=f"https://news.example/report-{i}"))
    docs.append(read_text(XSS_TEXT, ref="xss.txt", **XSS_META))
    claims = list(extract_documents(docs, nlp=shared_nlp()))
    return tuple(zip(docs, claims))


def corpus() -> list[tuple[Document, list]]:
    """[(document, claims)]: the seed article, three reports of one figure, the XSS article."""
    return list(_extracted())


def fill(url: str) -> None:
    from claimledger.ledger import Ledger

    with Ledger(url) as led:
        for doc, claims in corpus():
            led.add(doc, claims)


# --- a PostgreSQL schema or SQLite file per test module -------------------------------------------


def db_url(request, tmp_path_factory, backend: str) -> tuple[str, Optional[callable]]:
    """(url, cleanup) of an empty ledger database on ``backend``; as conftest's ``ledger_url``
    but for a whole module."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('web') / 'ledger.db'}", None
    from conftest import _pg_admin
    from sqlalchemy import text

    engine, base, error = _pg_admin()
    if engine is None:
        if os.environ.get("CLAIMLEDGER_REQUIRE_PG") == "1":
            pytest.fail(error)
        pytest.skip(error)
    schema = f"claimledger_web_{uuid.uuid4().hex[:12]}"
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop():
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))

    url = base.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), drop


# --- a real server on 127.0.0.1 ---------------------------------------------------------------------


class LiveServer:
    """Serve an ASGI app with uvicorn in a thread on an ephemeral loopback port."""

    def __init__(self, app):
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.sock.close()
