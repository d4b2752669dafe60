"""The situation briefing: key figures, how they moved, where sources disagree.

Every sentence about the situation ends in citations to the claims it rests
on (outlet, date, source), and the briefing says its own date and that it
reports claims, not facts. Markdown or HTML; in HTML every string that comes
from an article is escaped (Jinja2 autoescape) and the page loads nothing
(its charts are embedded ``data:`` images and a Content-Security-Policy
forbids everything else).
"""
from __future__ import annotations

import base64
import html as _html
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Optional, Union

from .. import __version__
from ..reconcile.corroboration import Relation
from ..reconcile.figures import Figure, Reconciliation
from ..reconcile.grades import CREDIBILITY_WORDS
from ..reconcile.register import RELIABILITY_WORDS
from ..reconcile.restatements import Point, fmt_number

DISCLAIMER = ("This briefing reports claims, not facts: every figure below is what a named source said, "
              "as carried by the outlets cited, and none has been verified by claimledger.")


@dataclass
class Citation:
    claim_id: str
    outlet: str
    date: Optional[str]
    source: str
    url: Optional[str] = None

    def text(self) -> str:
        return f"{self.outlet}, {self.date or 'undated'}, {self.source}"


@dataclass
class Sentence:
    text: str
    cites: list[Citation]


@dataclass
class Section:
    figure: Figure
    title: str
    sentences: list[Sentence]
    chart: Optional[bytes] = None
    chart_format: str = "svg"


@dataclass
class Briefing:
    title: str
    as_of: str
    produced: str
    intro: list[str]
    sections: list[Section]
    disagreements: list[Sentence]
    claims: dict[str, dict] = field(default_factory=dict)  # claim id -> what the appendix shows
    rule: str = ""
    counts: dict = field(default_factory=dict)

    def sentences(self) -> list[Sentence]:
        return [s for sec in self.sections for s in sec.sentences] + list(self.disagreements)


# -- citations -----------------------------------------------------------------------------------


def cite(p: Point) -> list[Citation]:
    """One citation per outlet that carried the underlying claim."""
    out = []
    chain = p.chain_text()
    for o in p.outlets:
        out.append(Citation(o.claim_ids[0] if o.claim_ids else p.id, o.name, o.published or p.date, chain, o.url))
    return out


def _cites(*points: Optional[Point]) -> list[Citation]:
    seen, out = set(), []
    for p in points:
        if p is None:
            continue
        for c in cite(p):
            if c.claim_id not in seen:
                seen.add(c.claim_id)
                out.append(c)
    return out


def _day(d: Optional[str]) -> str:
    if not d:
        return "an unknown date"
    x = date.fromisoformat(d)
    return f"{x.day} {x.strftime('%B %Y')}"


def _grade_words(p: Point) -> str:
    g = p.grade
    conf = f", confidence {g.confidence}" if g.confidence is not None else ""
    return (f"graded {g.code}: {RELIABILITY_WORDS[g.reliability]}, "
            f"{CREDIBILITY_WORDS[g.credibility]}{conf}")


# -- sentences ----------------------------------------------------------------------------------


def _what(f: Figure) -> str:
    """ "North Korean soldiers killed" / "the killed count for North Korea" """
    metric = f.metric if f.metric != "count" else f"number of {f.unit or 'items'}"
    who = f.actor or f.subject or "unspecified"
    civ = " civilians" if f.civilian and "civilian" not in who.lower() else ""
    return f"{metric} ({who}{civ})"


def figure_sentences(f: Figure, rec: Reconciliation) -> list[Sentence]:
    e = f.estimate
    out: list[Sentence] = []
    if e is None:
        return out
    b = e.best
    out.append(Sentence(
        f"As of {_day(e.period_end)}, the best estimate for {_what(f)} is {b.value_text()}, "
        f"from {b.chain_text()} ({_grade_words(b)}).", _cites(b)))
    others = [p for p in e.candidates if p is not b]
    if others:
        reliable = set(rec.rules.reliable)
        left_out = [p for p in e.candidates if e.reliable_only and p.grade.reliability not in reliable]
        pool = "reliable sources" if e.reliable_only else \
            f"sources (none of them rated {'/'.join(rec.rules.reliable)})"
        low = fmt_number(e.low) if e.low is not None else "?"
        high = fmt_number(e.high) if e.high is not None else "no upper bound"
        text = f"For the same period ({_day(e.period_start)} to {_day(e.period_end)}), {pool} range from {low} to {high}"
        if left_out:
            text += "; left out as not reliable: " + ", ".join(
                f"{p.chain_text()} ({p.value_text()}, rated {p.grade.reliability})" for p in left_out)
        in_pool = [p for p in e.candidates if p not in left_out]
        out.append(Sentence(text + ".", _cites(e.low_point, e.high_point, *in_pool, *left_out)))
    else:
        out.append(Sentence(
            f"No other source gave this figure for the same period ({_day(e.period_start)} to "
            f"{_day(e.period_end)}), so low and high are that one claim.", _cites(b)))
    if len(f.history) > 1:
        steps = list(f.history)
        values = [h.best_value for h in steps]
        marks = [f"{h.best.value_text()} ({_day(h.best.date)})" for h in steps]
        if all(a <= b for a, b in zip(values, values[1:])) and values[-1] > values[0]:
            path = f"from {marks[0]} to {marks[1]}" + "".join(f", then {m}" for m in marks[2:])
            text = f"Read as a cumulative tally, it rose {path}."
        else:
            text = (f"Over time it was reported as {', '.join(marks[:-1])} and {marks[-1]}; these values do not "
                    f"rise as a cumulative tally would, so they may count separate incidents.")
        out.append(Sentence(text, _cites(*[h.best for h in steps])))
    restated = [p for p in f.points if len(p.outlets) > 1]
    for p in restated[-2:]:
        names = ", ".join(o.name for o in p.outlets)
        out.append(Sentence(
            f"The claim of {p.value_text()} by {p.chain_text()} was carried by {len(p.outlets)} outlets "
            f"({names}) and counts once.", _cites(p)))
    for r in f.corroborations()[-3:]:
        out.append(Sentence(
            f"{r.a.chain_text()} ({r.a.value_text()}, {_day(r.a.date)}) and {r.b.chain_text()} "
            f"({r.b.value_text()}, {_day(r.b.date)}) are independent and agree within "
            f"{rec.rules.tolerance:.0%}.", _cites(r.a, r.b)))
    return out


def relation_sentence(r: Relation, rec: Reconciliation) -> Sentence:
    if r.kind == "denies":
        d, t = r.a, r.b
        content = (d.first.claim.content or d.first.claim.evidence).text.strip().rstrip(".")
        if d.first.claim.content is not None and not content.lower().startswith(("that ", "reports", "claims")):
            content = "that " + content
        what = f"the claim of {t.value_text()} by {t.chain_text()}" if t.kind == "figure" else \
            f"the statement by {t.chain_text()}"
        return Sentence(f"{d.chain_text()} denied {content} ({_day(d.date)}), contradicting {what} "
                        f"({_day(t.date)}).", _cites(d, t))
    a, b = (r.a, r.b) if (r.a.date or "") <= (r.b.date or "") else (r.b, r.a)
    return Sentence(
        f"{a.chain_text()} put {_what_short(rec, a)} at {a.value_text()} ({_day(a.date)}) while "
        f"{b.chain_text()} said {b.value_text()} ({_day(b.date)}): the same period, more than "
        f"{rec.rules.tolerance:.0%} apart ({a.grade.code} against {b.grade.code}).", _cites(a, b))


def _what_short(rec: Reconciliation, p: Point) -> str:
    f = rec.figure(p.figure_id) if p.figure_id else None
    return _what(f) if f else "the figure"


# -- building --------------------------------------------------------------------------------------


def build_briefing(rec: Reconciliation, *, topic: Optional[str] = None, actor: Optional[str] = None,
                   since: Union[date, str, None] = None, as_of: Union[date, str, None] = None,
                   max_figures: Optional[int] = None, charts: bool = True, chart_format: str = "svg",
                   today: Optional[date] = None) -> Briefing:
    """The briefing of the key figures of ``rec`` that match the filters."""
    from .charts import timeline_chart

    figures = [f for f in rec.select(actor=actor, topic=topic, since=since) if f.estimate is not None]
    produced = (today or datetime.now(timezone.utc).date()).isoformat()
    as_of_s = str(as_of)[:10] if as_of else (rec.as_of or max(
        (f.estimate.period_end for f in figures), default=produced))
    # key figures: cross-article figures before single-article counts, figures with a claim in the
    # last `brief_recent_days` before the briefing date before stale ones, then the most reported
    fresh_from = (date.fromisoformat(as_of_s) - timedelta(days=rec.rules.brief_recent_days)).isoformat()
    figures.sort(key=lambda f: (f.scope != "actor", f.estimate.period_end < fresh_from, -len(f.outlets),
                                -len(f.points), -len(f.contradictions()), f.label))
    figures = figures[: max_figures or rec.rules.brief_figures]
    since_s = str(since)[:10] if since else None

    sections = []
    for f in figures:
        sents = figure_sentences(f, rec)
        if since_s:
            sents = [s for s in sents if any((c.date or "") >= since_s for c in s.cites)] or sents[:1]
        chart = timeline_chart(f, chart_format) if charts else None
        sections.append(Section(f, f.label, sents, chart, chart_format))

    shown = {f.id for f in figures}
    disagreements = [relation_sentence(r, rec) for r in rec.contradictions()
                     if (r.a.figure_id in shown or r.b.figure_id in shown)
                     or (r.kind == "denies" and r.b.kind == "statement" and _statement_in_scope(r, topic, actor))]

    claims: dict[str, dict] = {}
    for s in [x for sec in sections for x in sec.sentences] + disagreements:
        for c in s.cites:
            if c.claim_id not in claims:
                p = rec.point_of_claim(c.claim_id)
                rep = next((r for r in p.reports if r.claim.id == c.claim_id), p.first) if p else None
                claims[c.claim_id] = {
                    "id": c.claim_id, "outlet": c.outlet, "date": c.date, "source": c.source, "url": c.url,
                    "evidence": rep.claim.evidence.text if rep else "",
                    "grade": p.grade.code if p and p.grade else None,
                    "reliability_reason": p.grade.reliability_reason if p and p.grade else "",
                    "credibility_reason": p.grade.credibility_reason if p and p.grade else "",
                }

    what = topic or actor or "all figures"
    title = f"Situation briefing: {what}"
    n_claims = len({cid for f in figures for cid in f.claims})
    n_docs = len({d for f in figures for d in f.outlets})
    intro = [
        f"Briefing date: {_day(as_of_s)} (claims dated up to {as_of_s}); produced on {produced} by claimledger "
        f"{__version__} from {n_claims} claims in {n_docs} articles.",
        DISCLAIMER,
        "Grades follow the Admiralty code: source reliability A (completely reliable) to F (cannot be judged), "
        "from the source register; information credibility 1 (confirmed by independent sources) to 6 (cannot "
        "be judged), from corroboration, contradiction and hedging; confidence is the STIX 2.1 reading of "
        "the credibility (0-100).",
    ]
    if since_s:
        intro.append(f"Only figures with claims dated on or after {since_s} are shown.")
    return Briefing(title=title, as_of=as_of_s, produced=produced, intro=intro, sections=sections,
                    disagreements=disagreements, claims=claims, rule=rec.rules.describe(),
                    counts={"figures": len(figures), "claims": n_claims, "articles": n_docs})


def _statement_in_scope(r: Relation, topic: Optional[str], actor: Optional[str]) -> bool:
    if not topic and not actor:
        return True
    text = " ".join((p.first.claim.content or p.first.claim.evidence).text for p in (r.a, r.b)).lower()
    words = [w.lower() for w in (topic or "").split()] + ([actor.lower()] if actor else [])
    return all(w in text for w in words)


# -- rendering --------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|])")


def md_escape(text: Optional[str]) -> str:
    """Article text made inert in Markdown: no HTML, no links, no emphasis."""
    t = _html.escape(text or "", quote=False)
    return _MD_SPECIAL.sub(r"\\\1", t).replace("\n", " ")


def _md_cites(cites: list[Citation]) -> str:
    return "[" + "; ".join(md_escape(c.text()) for c in cites) + "]"


def render_markdown(b: Briefing, chart_paths: Optional[dict[str, str]] = None) -> str:
    """Markdown; charts are linked when ``chart_paths`` (figure id -> relative path) is given."""
    lines = [f"# {md_escape(b.title)}", ""]
    for s in b.intro:
        lines.append(md_escape(s))
        lines.append("")
    lines += ["## Key figures", ""]
    if not b.sections:
        lines += ["No figure in the ledger matches this briefing's filters.", ""]
    for sec in b.sections:
        lines += [f"### {md_escape(sec.title)}", ""]
        for s in sec.sentences:
            lines.append(f"- {md_escape(s.text)} {_md_cites(s.cites)}")
        lines.append("")
        if chart_paths and sec.figure.id in chart_paths:
            lines += [f"![timeline: {md_escape(sec.title)}]({chart_paths[sec.figure.id]})", ""]
    lines += ["## Where sources disagree", ""]
    if b.disagreements:
        for s in b.disagreements:
            lines.append(f"- {md_escape(s.text)} {_md_cites(s.cites)}")
    else:
        lines.append("No contradiction or denial among the figures shown.")
    lines += ["", "## How the estimates are made", "", md_escape(b.rule), "", "## Claims cited", ""]
    for c in b.claims.values():
        lines.append(f"- `{c['id']}` {md_escape(c['outlet'])}, {c['date'] or 'undated'}, {md_escape(c['source'])} "
                     f"({c['grade'] or '-'}): “{md_escape(c['evidence'])}”")
    return "\n".join(lines).rstrip() + "\n"


def _data_uri(data: bytes, fmt: str) -> str:
    mime = "image/svg+xml" if fmt == "svg" else "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def render_html(b: Briefing) -> str:
    """A self-contained HTML page (charts embedded, every article string escaped)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("claimledger", "report/templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    tpl = env.get_template("brief.html.j2")
    sections = [{
        "id": sec.figure.id, "title": sec.title, "sentences": sec.sentences,
        "chart": _data_uri(sec.chart, sec.chart_format) if sec.chart else None,
        "estimate": sec.figure.estimate,
    } for sec in b.sections]
    return tpl.render(b=b, sections=sections)


def write_briefing(b: Briefing, fmt: str = "md", out: Optional[str] = None) -> str:
    """Render; with ``out`` (a file path) also write it, and for Markdown the charts beside it
    (``<name>_charts/<figure id>.<svg|png>``). Returns the rendered text."""
    from pathlib import Path

    if fmt == "html":
        text = render_html(b)
    elif fmt == "md":
        paths = None
        if out:
            target = Path(out)
            folder = target.with_name(target.stem + "_charts")
            paths = {}
            for sec in b.sections:
                if sec.chart:
                    folder.mkdir(parents=True, exist_ok=True)
                    name = f"{sec.figure.id}.{sec.chart_format}"
                    (folder / name).write_bytes(sec.chart)
                    paths[sec.figure.id] = f"{folder.name}/{name}"
        text = render_markdown(b, paths)
    else:
        raise ValueError("briefing format: md or html")
    if out:
        Path(out).write_text(text, encoding="utf-8")
    return text
