"""The pages in a real browser: Debian's headless Chromium driven by Playwright.

The claims table filters through the URL, the seed article's evidence is highlighted
at the right characters, the figure page draws its chart, the hostile article runs
nothing, the ingest form works, and every page is screenshotted (desktop and phone)
into out/screenshots/ for review.

Chromium is the system one (``/usr/bin/chromium``, or ``$CLAIMLEDGER_CHROMIUM``):
Playwright's own browser download is not used. Without it the tests are skipped,
except in CI (``CLAIMLEDGER_REQUIRE_BROWSER=1`` or ``CI``), where they must run.
"""
from __future__ import annotations

import json
import os
import shutil
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from web_helpers import LiveServer, XSS_TEXT, corpus, fill, seed_text

CHROMIUM = os.environ.get("CLAIMLEDGER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(os.environ.get("CLAIMLEDGER_SCREENSHOTS") or Path(__file__).resolve().parents[1] / "out" / "screenshots")
REQUIRED = os.environ.get("CLAIMLEDGER_REQUIRE_BROWSER") == "1" or bool(os.environ.get("CI"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _unavailable() -> str | None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CLAIMLEDGER_CHROMIUM)"
    return None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    reason = _unavailable()
    if reason:
        if REQUIRED:
            pytest.fail(reason)
        pytest.skip(reason)
    from claimledger.web import create_app
    from claimledger.web.app import LOOPBACK_NAMES

    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'ledger.db'}"
    fill(url)
    app = create_app(db=url, allowed_hosts=list(LOOPBACK_NAMES))
    with LiveServer(app) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.errors = errors  # type: ignore[attr-defined]
    yield pg
    ctx.close()


def api(server, path: str):
    with urllib.request.urlopen(server.url + path) as r:
        return json.load(r)


def shot(pg, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path


# --- the claims table ------------------------------------------------------------------------------


def test_claims_table_filters_live_in_the_url(server, page):
    page.goto(server.url + "/claims")
    total = len(api(server, "/api/claims?limit=500")["items"])
    assert page.locator("tbody tr[data-claim]").count() == total

    page.select_option("#f-metric", "killed")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/claims?*metric=killed*")
    killed = api(server, "/api/claims?metric=killed&limit=500")["items"]
    rows = page.locator("tbody tr[data-claim]")
    assert rows.count() == len(killed) > 0
    assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.metric)")) == {"killed"}
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.claim)") == [c["id"] for c in killed]

    page.fill("#f-q", "Kursk")
    page.press("#f-q", "Enter")  # the keyboard submits the form too
    page.wait_for_url("**q=Kursk*")
    query = parse_qs(urlsplit(page.url).query)
    assert query["metric"] == ["killed"] and query["q"] == ["Kursk"]  # both filters kept, in the URL
    both = api(server, "/api/claims?metric=killed&q=Kursk&limit=500")["items"]
    assert page.locator("tbody tr[data-claim]").evaluate_all("rs => rs.map(r => r.dataset.claim)") == [
        c["id"] for c in both]
    assert 0 < len(both) < len(killed)

    shared = page.url  # the link is the view: a fresh page on it shows the same rows and filters
    other = page.context.new_page()
    other.goto(shared)
    assert other.locator("#f-metric").input_value() == "killed" and other.locator("#f-q").input_value() == "Kursk"
    assert other.locator("tbody tr[data-claim]").count() == len(both)
    other.close()
    assert not page.errors, page.errors


def test_claims_table_pages_by_cursor(server, page):
    page.goto(server.url + "/claims?limit=5")
    seen = []
    for _ in range(20):
        seen += page.locator("tbody tr[data-claim]").evaluate_all("rs => rs.map(r => r.dataset.claim)")
        nxt = page.locator("a[rel=next]")
        if nxt.count() == 0:
            break
        nxt.click()
        page.wait_for_load_state()
    assert seen == [c["id"] for c in api(server, "/api/claims?limit=500")["items"]]


def test_keyboard_reaches_the_content(server, page):
    page.goto(server.url + "/claims")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


# --- the document page ---------------------------------------------------------------------------


JS_SPANS = """
(ids) => {
  const article = document.getElementById('article');
  const cp = s => Array.from(s).length;  // code points, as Python counts them
  const out = {};
  for (const id of ids) {
    const marks = Array.from(article.querySelectorAll('a.ev')).filter(
      a => (a.dataset.claims || '').split(' ').includes(id));
    if (!marks.length) { out[id] = null; continue; }
    const r = document.createRange();
    r.setStart(article, 0);
    r.setEndBefore(marks[0]);
    const start = cp(r.toString());
    const text = marks.map(m => m.textContent).join('');
    // the pieces must be contiguous: each begins where the previous one ended
    let contiguous = true, pos = start;
    for (const m of marks) {
      const q = document.createRange(); q.setStart(article, 0); q.setEndBefore(m);
      if (cp(q.toString()) !== pos) contiguous = false;
      pos += cp(m.textContent);
    }
    out[id] = {start, end: start + cp(text), text, contiguous};
  }
  return out;
}
"""


def test_document_highlights_the_seed_evidence_at_the_right_characters(server, page):
    doc_id = corpus()[0][0].id
    doc = api(server, f"/api/documents/{doc_id}")
    assert doc["text"] == seed_text() and len(doc["claims"]) >= 10
    page.goto(server.url + f"/documents/{doc_id}")
    assert page.evaluate("document.getElementById('article').textContent") == doc["text"]
    got = page.evaluate(JS_SPANS, [c["id"] for c in doc["claims"]])
    for c in doc["claims"]:
        ev = c["evidence"]
        assert got[c["id"]] == {"start": ev["start"], "end": ev["end"], "text": ev["text"], "contiguous": True}, c["id"]
    # the seed's headline claim: "Around 600 North Korean soldiers ... killed" from character 0
    first = next(c for c in doc["claims"] if c.get("value") == 600 and c["evidence"]["start"] == 0)
    assert got[first["id"]]["text"].startswith("Around 600 North Korean soldiers")

    # select a highlight: its claim is shown and marked, with every piece of its evidence
    mark = page.locator(f"#article a.ev[href='#c-{first['id']}']").first
    mark.click()
    assert page.evaluate("location.hash") == f"#c-{first['id']}"
    item = page.locator(f"#c-{first['id']}")
    assert item.is_visible() and "active" in item.get_attribute("class")
    assert "600" in item.inner_text()
    assert page.locator("#article a.ev.active").count() >= 1
    # and back from the claim to its evidence, with the keyboard
    page.locator(f"#c-{first['id']} a[href='#ev-{first['id']}']").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == f"#ev-{first['id']}"
    # hovering a highlight tells what it claims
    assert "killed" in (mark.get_attribute("title") or "")
    assert not page.errors, page.errors


# --- the figure page -----------------------------------------------------------------------------


def _timeline_figure(server):
    figs = api(server, "/api/figures?scope=all&limit=500")["items"]
    best = max(figs, key=lambda f: f["underlying_claims"])
    assert best["underlying_claims"] >= 3
    return api(server, f"/api/figures/{best['id']}")


def test_figure_page_draws_its_chart(server, page):
    fig = _timeline_figure(server)
    page.goto(server.url + f"/figures/{fig['id']}")
    svg = page.locator("svg#timeline")
    assert svg.is_visible()
    box = svg.bounding_box()
    assert box["width"] > 400 and box["height"] > 150
    dated = [p for p in fig["timeline"] if p["date"]]
    assert page.locator("svg#timeline g.point").count() == len(dated)
    assert page.locator("svg#timeline g.point circle.dot").count() == len(dated)
    assert page.locator("svg#timeline g.point line.bar").count() == len(dated)
    # points run left to right by date
    xs = page.locator("svg#timeline circle.dot").evaluate_all("cs => cs.map(c => +c.getAttribute('cx'))")
    assert xs == sorted(xs)
    # an open bound ("at least") is drawn as a dashed bar to the top
    open_points = [p for p in dated if p["qualifier"] in ("at_least", "vague") and p["high"] is None]
    assert page.locator("svg#timeline line.bar.open").count() == len(open_points)
    # coloured by source: one legend entry per origin, and the colours differ
    origins = list(dict.fromkeys(p["origin"] for p in dated))
    assert page.locator(".legend li").count() == len(origins) + 1
    fills = set(page.locator("svg#timeline circle.dot").evaluate_all("cs => cs.map(c => c.getAttribute('fill'))"))
    assert len(fills) == len(origins)
    # best / low / high as the API gives them
    est = fig["estimate"]
    assert page.locator("#est-best").inner_text() == est["best_text"]
    assert page.locator("svg#timeline .best-line").count() == 1
    # the chart is drawn (pixels, not only markup): the dots are painted in their colours
    rendered = page.evaluate("""() => { const c = document.querySelector('svg#timeline circle.dot');
        return getComputedStyle(c).fill; }""")
    assert rendered.startswith("rgb(")
    assert page.locator("#contradictions").count() == 1
    assert not page.errors, page.errors


# --- hostile input ------------------------------------------------------------------------------


INIT = """
window.__xss = 0;
window.alert = window.confirm = window.prompt = function () { window.__xss = 'dialog'; };
"""

ATTACK_SURFACE_JS = """() => ({
  handlers: Array.from(document.querySelectorAll('*')).filter(
      el => Array.from(el.attributes).some(a => a.name.toLowerCase().startsWith('on'))).length,
  scripts: Array.from(document.scripts).map(s => s.getAttribute('src')),
  jsLinks: Array.from(document.querySelectorAll('[href],[src],[action]')).filter(el =>
      /^\\s*(javascript|data):/i.test(el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('action') || '')).length,
  embedded: document.querySelectorAll('main img, main iframe, main object, main embed, main script').length,
})"""


def test_payload_in_a_plain_page_would_run(browser):
    """The check below is meaningful: the same payloads, unescaped, do change the flag."""
    ctx = browser.new_context()
    pg = ctx.new_page()
    pg.add_init_script(INIT)
    pg.set_content(f"<html><body>{XSS_TEXT}</body></html>")
    pg.wait_for_timeout(300)
    assert pg.evaluate("window.__xss") != 0
    ctx.close()


def test_hostile_article_runs_nothing(server, browser):
    xss_id = corpus()[-1][0].id
    ctx = browser.new_context()
    pg = ctx.new_page()
    pg.add_init_script(INIT)
    dialogs = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    csp = []
    pg.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    figs = [f["id"] for f in api(server, "/api/figures?scope=all&limit=500")["items"]
            if f["id"] and any(o.get("document_id") == xss_id for p in api(server, f"/api/figures/{f['id']}")["timeline"]
                               for o in p["outlets"])]
    assert figs  # the article's own figures carry its publisher in their labels
    paths = [f"/documents/{xss_id}", "/claims?q=Kharkiv", "/claims", "/documents", "/figures?scope=all", "/sources",
             *(f"/figures/{f}" for f in figs)]
    for path in paths:
        pg.goto(server.url + path)
        pg.wait_for_load_state("load")
        for el in pg.locator("#article a.ev").all():  # click and hover every highlight
            el.hover()
            el.click()
        assert pg.evaluate("window.__xss") == 0, path
        surface = pg.evaluate(ATTACK_SURFACE_JS)
        assert surface == {"handlers": 0, "scripts": ["/static/app.js"], "jsLinks": 0, "embedded": 0}, (path, surface)
    pg.goto(server.url + f"/documents/{xss_id}")
    assert "<script>window.__xss = 1</script>" in pg.locator("#article").inner_text()  # shown as text
    assert pg.locator("h1").inner_text().startswith("<script>")
    pg.wait_for_timeout(300)
    assert pg.evaluate("window.__xss") == 0 and not dialogs and not csp, (dialogs, csp)
    shot(pg, "hostile-article-desktop")
    ctx.close()


# --- the ingest form ------------------------------------------------------------------------------


def test_ingest_form(server, page):
    page.goto(server.url + "/ingest")
    page.fill("#i-text", "At least 23 people were killed when a drone hit a bus near Kherson, the regional "
                         "governor said on Saturday.")
    page.fill("#i-title", "Bus hit near Kherson")
    page.fill("#i-published", "2025-06-07")
    shot(page, "ingest-form-desktop")
    page.click("form.ingest button[type=submit]")
    page.wait_for_url("**/documents/*")
    assert page.locator("h1").inner_text() == "Bus hit near Kherson"
    assert page.locator("#article a.ev").count() >= 1
    doc_id = page.url.rsplit("/", 1)[1]
    assert any((c.get("low") == 23 or c.get("value") == 23)
               for c in api(server, f"/api/claims?document={doc_id}")["items"])
    page.goto(server.url + "/ingest")
    page.click("form.ingest button[type=submit]")  # nothing filled in: the form says what is missing
    assert "paste the article" in page.locator("#ingest-error").inner_text()


# --- screenshots of every page ------------------------------------------------------------------


def test_screenshots_of_every_page(server, browser):
    doc_id = corpus()[0][0].id
    fig = _timeline_figure(server)
    pages = {"claims": "/claims", "claims-filtered": "/claims?metric=killed&actor=KP", "documents": "/documents",
             "document-seed": f"/documents/{doc_id}", "figures": "/figures", "figure": f"/figures/{fig['id']}",
             "sources": "/sources", "ingest": "/ingest", "api-docs": "/docs", "not-found": "/claims/nope"}
    written = []
    for device, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})):
        ctx = browser.new_context(viewport=viewport, device_scale_factor=1,
                                  is_mobile=device == "phone", has_touch=device == "phone")
        pg = ctx.new_page()
        for name, path in pages.items():
            pg.goto(server.url + path)
            pg.wait_for_load_state("load")
            if device == "phone":  # nothing but wide tables may scroll sideways on a phone
                overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 1, (name, overflow)
            written.append(shot(pg, f"{name}-{device}"))
        ctx.close()
    assert all(p.exists() and p.stat().st_size > 5000 for p in written)
