"""The situation briefing: its date and disclaimer, citations on every sentence, charts, escaping;
the HTML rendered in headless Chromium."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger import api
from claimledger.cli import app
from claimledger.ingest.document import Document
from claimledger.ledger import Ledger
from claimledger.model import Claim, Location, Source, Span, Subject, TimeRef

from story import build_ledger

CITE = re.compile(r"\[([^\[\]]+?, \d{4}-\d{2}-\d{2}, [^\[\]]+?)(; [^\[\]]+?, \d{4}-\d{2}-\d{2}, [^\[\]]+?)*\]$")


@pytest.fixture(scope="module")
def story_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("brief") / "ledger.db"
    build_ledger(str(path))
    return str(path)


def _bullets(md: str, section: str) -> list[str]:
    part = md.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return [line[2:] for line in part.splitlines() if line.startswith("- ")]


def test_markdown_briefing_cites_every_sentence(story_db):
    md = api.brief(story_db, fmt="md", charts=False)
    assert md.startswith("# Situation briefing")
    assert "Briefing date: 2 May 2025 (claims dated up to 2025-05-02)" in md
    assert "This briefing reports claims, not facts" in md
    sentences = _bullets(md, "Key figures") + _bullets(md, "Where sources disagree")
    assert len(sentences) >= 10
    for s in sentences:
        assert CITE.search(s), s
    text = "\n".join(sentences)
    assert "the best estimate for killed (North Korea) is about 600, from Lee Seong-kweun via National " \
           "Intelligence Service (graded B3" in text
    assert "reliable sources range from 600 to 620." in text
    assert "it rose from about 100 (19 December 2024) to about 300 (13 January 2025), then about 600 " \
           "(30 April 2025)." in text
    assert "[Yonhap, 2024-12-19, Lee Seong-kweun via National Intelligence Service; Reuters, 2024-12-20, " \
           "Lee Seong-kweun via National Intelligence Service" in text
    disagree = _bullets(md, "Where sources disagree")
    assert any("about 300 (13 January 2025) while Defence Intelligence of Ukraine said about 1,000" in s
               for s in disagree)
    assert any(s.startswith("Government of Russia denied that North Korean soldiers had been killed in Ukraine")
               for s in disagree)


def test_briefing_filters_and_as_of(story_db):
    md = api.brief(story_db, fmt="md", charts=False, as_of="2025-01-31", actor="KP", topic="killed")
    assert "Briefing date: 31 January 2025" in md
    assert "### North Korea: killed" in md and "Russia: killed" not in md and "620" not in md
    assert "is about 300, from Lee Seong-kweun" in md
    md = api.brief(story_db, fmt="md", charts=False, actor="Russia")
    assert "### Russia: killed" in md and "### North Korea" not in md


def test_markdown_with_charts_written_beside(story_db, tmp_path):
    out = tmp_path / "brief.md"
    res = CliRunner().invoke(app, ["brief", "--db", story_db, "--out", str(out)])
    assert res.exit_code == 0, res.output
    md = out.read_text(encoding="utf-8")
    links = re.findall(r"!\[timeline: [^\]]*\]\((brief_charts/[0-9a-f]+\.svg)\)", md)
    assert len(links) == 4
    for link in links:
        root = ET.parse(tmp_path / link).getroot()
        assert root.tag.endswith("svg")


def test_png_charts(story_db):
    html = api.brief(story_db, fmt="html", chart_format="png", actor="KP", max_figures=1)
    assert html.count('src="data:image/png;base64,') == 1


def _hostile_db(tmp_path) -> str:
    """A ledger whose article strings try to inject markup."""
    evil = '<script>alert("x")</script><img src=x onerror="alert(1)">'
    text = f"Officials said 40 {evil} soldiers were killed, {evil} claimed."
    doc = Document(text, ref="evil.txt", url='javascript:alert(1)', publisher=f"Evil {evil} Times",
                   published=date(2025, 3, 1), title=evil)
    c = Claim(kind="figure", evidence=Span(0, len(text), text), document_id=doc.id, metric="killed", value=40,
              qualifier="exact", subject=Subject(f"{evil} soldiers", "Syria", "SY"),
              location=Location("Idlib", "SY", 35.93, 36.63, "city"),
              time=TimeRef(date="2025-03-01", precision="day", basis="published"),
              source=Source(evil, f"Mr {evil}", "person"), cue="said", quantity=Span(15, 17, "40"),
              document_ref=doc.ref)
    c.assign_id()
    db = str(tmp_path / "evil.db")
    with Ledger(db) as ledger:
        ledger.add(doc, [c])
    return db


def test_html_escapes_article_strings(tmp_path):
    db = _hostile_db(tmp_path)
    page = api.brief(db, fmt="html")
    assert "<script" not in page and "onerror=\"alert" not in page and "javascript:" not in page
    assert "&lt;script&gt;" in page
    assert "Content-Security-Policy" in page
    md = api.brief(db, fmt="md", charts=False)
    assert "<script" not in md and "&lt;script&gt;" in md


# -- headless Chromium ------------------------------------------------------------------------------

PROBE = """<script>
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.querySelectorAll('img.timeline'));
  var links = Array.prototype.slice.call(document.querySelectorAll('.cite a'));
  var items = Array.prototype.slice.call(document.querySelectorAll('li.sentence'));
  var r = {
    charts: imgs.length,
    drawn: imgs.filter(function (i) { return i.complete && i.naturalWidth > 200 && i.getBoundingClientRect().height > 100; }).length,
    cites: links.length,
    dangling: links.filter(function (a) { return !document.getElementById(a.getAttribute('href').slice(1)); }).length,
    sentences: items.length,
    uncited: items.filter(function (li) { return !li.querySelector('.cite a'); }).length,
    disclaimer: (document.getElementById('disclaimer') || {}).textContent || '',
    date: document.querySelector('#briefing-date time').getAttribute('datetime'),
    scripts: document.querySelectorAll('script').length,
    handlers: document.querySelectorAll('[onerror],[onload]').length
  };
  var pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
});
</script>"""


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CLAIMLEDGER_REQUIRE_BROWSER") == "1":
        pytest.fail("headless Chromium is required (apt-get install chromium)")
    pytest.skip("no Chromium on this machine (apt-get install chromium)")


def render(page: str, tmp_path: Path) -> dict:
    """Load the page in headless Chromium and read what the browser drew. The page forbids
    scripts (CSP), so the probe runs on a copy without that one meta tag."""
    probe_page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    probe_page = probe_page.replace("</body>", PROBE + "\n</body>")
    target = tmp_path / "probe.html"
    target.write_text(probe_page, encoding="utf-8")
    profile = tmp_path / "chromium-profile"
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           f"--user-data-dir={profile}", "--virtual-time-budget=10000", "--dump-dom", target.as_uri()]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    m = re.search(r'<pre id="probe">(.*?)</pre>', res.stdout, re.S)
    assert m, (res.returncode, res.stderr[-2000:])
    return json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def test_html_briefing_in_chromium(story_db, tmp_path):
    page = api.brief(story_db, fmt="html")
    r = render(page, tmp_path)
    assert r["charts"] == 4 and r["drawn"] == 4
    assert r["sentences"] >= 10 and r["uncited"] == 0 and r["cites"] >= r["sentences"]
    assert r["dangling"] == 0
    assert r["disclaimer"].startswith("This briefing reports claims, not facts")
    assert r["date"] == "2025-05-02"


def test_bundled_examples_brief_in_chromium(tmp_path):
    """`claimledger brief --format html` on the bundled example articles: charts and citations."""
    import claimledger

    examples = Path(claimledger.__file__).parent / "data" / "examples"
    db = str(tmp_path / "examples.db")
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(examples), "--db", db])
    assert res.exit_code == 0, res.output
    out = tmp_path / "brief.html"
    res = runner.invoke(app, ["brief", "--db", db, "--format", "html", "--out", str(out)])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert "North Korea: killed" in page and "Lee Seong-kweun via National Intelligence Service" in page
    r = render(page, tmp_path)
    assert r["charts"] >= 5 and r["drawn"] == r["charts"]
    assert r["uncited"] == 0 and r["cites"] >= r["sentences"] > 0 and r["dangling"] == 0


def test_hostile_page_in_chromium(tmp_path):
    page = api.brief(_hostile_db(tmp_path), fmt="html")
    r = render(page, tmp_path)
    assert r["scripts"] == 1 and r["handlers"] == 0  # only the probe
    assert r["charts"] == 1 and r["drawn"] == 1
