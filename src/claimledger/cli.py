"""The ``claimledger`` command: a thin layer over :mod:`claimledger.api`.

It parses arguments, calls the library and prints. Errors about inputs go to
stderr, one line each, naming the input; the run goes on and the exit code
is 1 at the end if any input failed.
"""
from __future__ import annotations

import json
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__

app = typer.Typer(
    name="claimledger",
    help="A ledger of attributed, hedged numeric claims from war and crisis reporting.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
if not out.is_terminal:  # piped or captured: do not squeeze tables to 80 columns
    out = Console(soft_wrap=True, width=200)
err = Console(stderr=True, soft_wrap=True)

DB_HELP = "Ledger database: a SQLite file path or a URL (sqlite:///..., postgresql://...). Default: $CLAIMLEDGER_DB or ./claimledger.db"


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def _date(value: Optional[str], name: str) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name)


def _version(value: bool):
    if value:
        out.print(f"claimledger {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
):
    """Read articles, extract every figure and attributed statement with its
    source, cue, hedges and evidence, and keep them in a ledger."""


def _claims_table(rows: list[dict], title: Optional[str] = None) -> Table:
    t = Table(title=title, show_lines=False, expand=False)
    for col in ("doc", "kind", "metric", "value", "qualifier", "subject", "source", "cue", "hedges", "date", "evidence"):
        t.add_column(col, overflow="fold", max_width=60 if col == "evidence" else 24)
    for d in rows:
        if d["kind"] == "figure":
            if d["value"] is not None:
                val = d["value"]
            elif d.get("high") is not None:
                val = f"{d['low'] if d['low'] is not None else ''}–{d['high']}"
            else:
                val = f"≥{d['low']}" if d.get("low") is not None else ""
            subj = d["subject"].get("text") or ""
            if d["subject"].get("country"):
                subj += f" [{d['subject']['country']}]"
        else:
            val, subj = "", ""
        src = d["source"].get("name") or d["source"].get("text") or ""
        if d.get("via"):
            src += " ← " + " ← ".join(v["name"] for v in d["via"])
        ev = (d.get("content") or d["evidence"])["text"] if d["kind"] == "statement" else d["evidence"]["text"]
        t.add_row((d.get("document_ref") or d.get("document_id") or "")[-24:], d["kind"], d.get("metric") or "",
                  str(val), d.get("qualifier") or "", subj, src, d.get("cue") or "", ", ".join(d.get("hedges") or []),
                  (d.get("time") or {}).get("date") or "", ev)
    return t


def _emit(rows: list[dict], fmt: Format) -> None:
    if fmt == Format.jsonl:
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == Format.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    else:
        out.print(_claims_table(rows))


# -- inputs and fetching (shared by extract, ingest and watch) -------------------------

_INPUTS_HELP = ("Text, HTML (.html/.htm), feed (.rss/.atom/.xml), .jsonl and .csv files, folders (recursively), "
                "http(s) URLs of pages, feeds or corpora, or - for stdin.")


def _opt_urls():
    return typer.Option(None, "--urls", metavar="FILE", help="A file listing URLs, one per line (# comments); - for stdin. Repeatable.")


def _read_options(*, urls=None, no_follow=False, allow_private=False, allow_net=None, columns=None, timeout=20.0,
                  retries=3, host_delay=0.5, user_agent=None):
    """ReadOptions from the CLI's fetch and corpus options (BadParameter on nonsense)."""
    from .ingest import CORPUS_FIELDS, ReadOptions
    from .ingest.fetch import DEFAULT_USER_AGENT, FetchPolicy

    cols: dict[str, str] = {}
    for spec in columns or []:
        key, sep, name = spec.partition("=")
        key, name = key.strip().lower(), name.strip()
        if not sep or not name or key not in CORPUS_FIELDS:
            raise typer.BadParameter(f"{spec!r}: expected FIELD=COLUMN with FIELD one of {', '.join(CORPUS_FIELDS)}",
                                     param_hint="--column")
        cols[key] = name
    policy = FetchPolicy(timeout=timeout, retries=retries, host_delay=host_delay,
                         user_agent=user_agent or DEFAULT_USER_AGENT, allow_private=allow_private,
                         allow_networks=tuple(allow_net or ()))
    try:
        policy.networks()
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--allow-net")
    return ReadOptions(follow=not no_follow, columns=cols, urls=tuple(urls or ()), fetch=policy)


def _error_line(message: str) -> None:
    from rich.markup import escape

    err.print(f"[red]error[/red] {escape(message)}", highlight=False)


@app.command()
def extract(
    inputs: Optional[List[str]] = typer.Argument(None, help=_INPUTS_HELP),
    published: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) for inputs that carry none; anchors 'on Wednesday'."),
    fmt: Format = typer.Option(Format.jsonl, "--format", "-f", help="jsonl: one claim record per line (a stable contract); json; table."),
    summary: bool = typer.Option(False, "--summary", help="Also emit one record of kind 'summary' per document: totals per metric as a coder would record them."),
    quantities: bool = typer.Option(False, "--quantities", help="Also emit one record of kind 'quantity' per number read, whatever it counts."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes for extraction."),
    urls: Optional[List[str]] = _opt_urls(),
    no_follow: bool = typer.Option(False, "--no-follow", help="Feeds: keep each entry's own text; do not fetch its link."),
    column: Optional[List[str]] = typer.Option(None, "--column", metavar="FIELD=NAME", help="CSV/JSONL column for a field (text, url, id, published, title, publisher, language), e.g. --column text=body. Repeatable."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Allow URLs on loopback, private and link-local addresses (refused by default)."),
    allow_net: Optional[List[str]] = typer.Option(None, "--allow-net", metavar="CIDR", help="Allow this one non-public network, e.g. 10.1.2.0/24. Repeatable."),
    timeout: float = typer.Option(20.0, "--timeout", min=0.1, help="Seconds to wait for a connection or for data."),
    retries: int = typer.Option(3, "--retries", min=0, help="Retries on HTTP 429 and 5xx, with back-off."),
    host_delay: float = typer.Option(0.5, "--host-delay", min=0.0, help="Seconds between two requests to one host."),
    user_agent: Optional[str] = typer.Option(None, "--user-agent", help="User-Agent header (default: claimledger/VERSION ...)."),
    report: Optional[Path] = typer.Option(None, "--report", metavar="FILE", help="Write a JSON report of every input's outcome."),
):
    """Extract claims from articles and print them. No database is touched."""
    from .api import IngestReport, _now_iso, extract_inputs
    from .extract import extract_quantities
    from .ingest import ReadError

    if not inputs and not urls:
        raise typer.BadParameter("give at least one input or --urls FILE", param_hint="INPUTS")
    pub = _date(published, "--published")
    options = _read_options(urls=urls, no_follow=no_follow, allow_private=allow_private, allow_net=allow_net,
                            columns=column, timeout=timeout, retries=retries, host_delay=host_delay,
                            user_agent=user_agent)
    rep = IngestReport(command="extract", started=_now_iso())
    failed = 0
    collected: list[dict] = []
    try:
        for item in extract_inputs(inputs or [], published=pub, workers=workers, options=options):
            if isinstance(item, ReadError):
                failed += 1
                _error_line(str(item))
                rep.record(None, item.ref, "failed", error=str(item))
                continue
            rows = [c.to_dict() for c in item.claims]
            rep.record(None, item.document.ref or item.document.id, "new", document=item.document,
                       claims=len(item.claims))
            if summary:
                from .summary import summarize

                d = item.document  # its text and title tell the page's own story from the rest
                srow = summarize(item.claims, text=d.text, title=d.title, document_id=d.id, document_ref=d.ref,
                                 published=d.published.isoformat() if d.published else None)
                srow["document_id"], srow["document_ref"] = d.id, d.ref
                rows.append(srow)
            if quantities:
                for q in extract_quantities(item.document.text):
                    qd = q.to_dict()
                    qd["document_id"] = item.document.id
                    qd["document_ref"] = item.document.ref
                    rows.append(qd)
            if fmt == Format.jsonl:
                _emit(rows, fmt)
                sys.stdout.flush()
            else:
                collected.extend(r for r in rows if r.get("kind") in ("figure", "statement") or fmt == Format.json)
    except BaseException:
        rep.interrupted = True
        raise
    finally:
        if report is not None:
            rep.finished = _now_iso()
            rep.write(report)
    if fmt != Format.jsonl:
        _emit(collected, fmt)
    if failed:
        err.print(f"{failed} input(s) failed", highlight=False)
        raise typer.Exit(1)


@app.command()
def ingest(
    inputs: Optional[List[str]] = typer.Argument(None, help=_INPUTS_HELP),
    db: Optional[str] = typer.Option(None, "--db", envvar="CLAIMLEDGER_DB", help=DB_HELP),
    published: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) for inputs that carry none."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes for extraction."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    urls: Optional[List[str]] = _opt_urls(),
    no_follow: bool = typer.Option(False, "--no-follow", help="Feeds: keep each entry's own text; do not fetch its link."),
    column: Optional[List[str]] = typer.Option(None, "--column", metavar="FIELD=NAME", help="CSV/JSONL column for a field (text, url, id, published, title, publisher, language), e.g. --column text=body. Repeatable."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Allow URLs on loopback, private and link-local addresses (refused by default)."),
    allow_net: Optional[List[str]] = typer.Option(None, "--allow-net", metavar="CIDR", help="Allow this one non-public network, e.g. 10.1.2.0/24. Repeatable."),
    timeout: float = typer.Option(20.0, "--timeout", min=0.1, help="Seconds to wait for a connection or for data."),
    retries: int = typer.Option(3, "--retries", min=0, help="Retries on HTTP 429 and 5xx, with back-off."),
    host_delay: float = typer.Option(0.5, "--host-delay", min=0.0, help="Seconds between two requests to one host."),
    user_agent: Optional[str] = typer.Option(None, "--user-agent", help="User-Agent header (default: claimledger/VERSION ...)."),
    report: Optional[Path] = typer.Option(None, "--report", metavar="FILE", help="Write a JSON report of every input's outcome (also if interrupted)."),
):
    """Read articles, extract their claims and store both in the ledger.

    An article already in the ledger is stored once; its new sightings are recorded.
    A killed run leaves the ledger consistent; rerun the same command to finish it.
    See docs/ingest.md."""
    from .api import ingest as run_ingest

    if not inputs and not urls:
        raise typer.BadParameter("give at least one input or --urls FILE", param_hint="INPUTS")
    pub = _date(published, "--published")
    options = _read_options(urls=urls, no_follow=no_follow, allow_private=allow_private, allow_net=allow_net,
                            columns=column, timeout=timeout, retries=retries, host_delay=host_delay,
                            user_agent=user_agent)
    counts = {"new": 0, "known": 0, "failed": 0}
    with Progress(SpinnerColumn(), TextColumn("[bold]ingest[/bold]"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("done {task.fields[new]} · skipped {task.fields[known]} (already in the ledger) · "
                             "failed {task.fields[failed]}"),
                  TimeElapsedColumn(), console=err, disable=quiet or not err.is_terminal, transient=True) as bar:
        task = bar.add_task("ingest", total=None, new=0, known=0, failed=0)

        def progress(event: str, ref: str) -> None:
            from rich.markup import escape

            counts[event] += 1
            if event == "failed":
                bar.console.print(f"[red]error[/red] {escape(ref)}", highlight=False)  # one line per failed input, as it fails
            bar.update(task, advance=1, **counts)

        result = run_ingest(inputs or [], db=db, published=pub, workers=workers, progress=progress,
                            options=options, report=report)
    out.print(
        f"documents: {result.documents_new} new, {result.documents_known} already known, "
        f"{result.documents_failed} failed; claims added: {result.claims_added}", highlight=False)
    if not result.ok:
        raise typer.Exit(1)


@app.command()
def watch(
    feeds: List[str] = typer.Argument(..., help="RSS/Atom feed URLs (or files) to poll."),
    every: str = typer.Option("15m", "--every", help="Poll interval: 90s, 15m, 1h, 1h30m."),
    db: Optional[str] = typer.Option(None, "--db", envvar="CLAIMLEDGER_DB", help=DB_HELP),
    published: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) for entries that carry none."),
    once: bool = typer.Option(False, "--once", help="Poll each feed once and exit (for cron)."),
    no_follow: bool = typer.Option(False, "--no-follow", help="Keep each entry's own text; do not fetch its link."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Allow URLs on loopback, private and link-local addresses (refused by default)."),
    allow_net: Optional[List[str]] = typer.Option(None, "--allow-net", metavar="CIDR", help="Allow this one non-public network, e.g. 10.1.2.0/24. Repeatable."),
    timeout: float = typer.Option(20.0, "--timeout", min=0.1, help="Seconds to wait for a connection or for data."),
    retries: int = typer.Option(3, "--retries", min=0, help="Retries on HTTP 429 and 5xx, with back-off."),
    host_delay: float = typer.Option(0.5, "--host-delay", min=0.0, help="Seconds between two requests to one host."),
    user_agent: Optional[str] = typer.Option(None, "--user-agent", help="User-Agent header (default: claimledger/VERSION ...)."),
    report: Optional[Path] = typer.Option(None, "--report", metavar="FILE", help="Keep a JSON report of every entry's outcome (rewritten after each poll)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors and the final line."),
):
    """Poll feeds and ingest each new entry, until Ctrl-C.

    Seen entries and each feed's ETag / Last-Modified are kept in the ledger, so a
    restarted watch goes on where it was. See docs/ingest.md."""
    import signal
    import threading

    from rich.markup import escape

    from .watch import parse_interval
    from .watch import watch as run_watch

    try:
        interval = parse_interval(every)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--every")
    pub = _date(published, "--published")
    options = _read_options(no_follow=no_follow, allow_private=allow_private, allow_net=allow_net,
                            timeout=timeout, retries=retries, host_delay=host_delay, user_agent=user_agent)
    stop = threading.Event()

    def on_signal(signum, frame):
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        err.print("stopping after the current article (Ctrl-C again to stop at once)", highlight=False)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}

    def log(level: str, message: str) -> None:
        if level == "error":
            _error_line(message)
        elif not quiet:
            err.print(escape(message), highlight=False)

    if not quiet:
        err.print(f"watching {len(feeds)} feed(s) every {every}" + (" (once)" if once else "; Ctrl-C stops"),
                  highlight=False)
    try:
        result = run_watch(feeds, db=db, every=interval, options=options, published=pub, once=once, stop=stop,
                           log=log, report=str(report) if report is not None else None)
    except KeyboardInterrupt:
        err.print("stopped at once; the ledger is consistent (an unfinished article will be read next time)",
                  highlight=False)
        raise typer.Exit(130)
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
    out.print(
        f"{'stopped' if stop.is_set() else 'done'}: {result.documents_new} new, {result.documents_known} already known, "
        f"{result.documents_failed} failed; claims added: {result.claims_added}", highlight=False)
    if once and not result.ok:
        raise typer.Exit(1)


@app.command()
def claims(
    db: Optional[str] = typer.Option(None, "--db", envvar="CLAIMLEDGER_DB", help=DB_HELP),
    metric: Optional[List[str]] = typer.Option(None, "--metric", "-m", help="killed, wounded, casualties, captured, ... (repeatable)."),
    actor: Optional[str] = typer.Option(None, help="Actor name or ISO country code of the subject (North Korea, KP)."),
    source: Optional[str] = typer.Option(None, help="Part of the source's name or mention."),
    since: Optional[str] = typer.Option(None, help="Claims dated on or after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, help="Claims dated on or before YYYY-MM-DD."),
    kind: Optional[str] = typer.Option(None, help="figure or statement."),
    text: Optional[str] = typer.Option(None, "--search", help="Text the evidence contains."),
    limit: Optional[int] = typer.Option(None, min=1, help="At most this many claims."),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
):
    """List claims in the ledger."""
    from .api import claims as query

    rows = query(db, metric=metric or None, actor=actor, source=source, since=_date(since, "--since"),
                 until=_date(until, "--until"), kind=kind, text=text, limit=limit)
    _emit([c.to_dict() for c in rows], fmt)


@app.command()
def show(
    doc_id: str = typer.Argument(..., help="Document id (or a unique prefix of it)."),
    db: Optional[str] = typer.Option(None, "--db", envvar="CLAIMLEDGER_DB", help=DB_HELP),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
):
    """Show one document: its metadata, its text and its claims."""
    from .api import show as get

    d = get(doc_id, db=db)
    if d is None:
        err.print(f"error {doc_id}: no such document in the ledger", highlight=False)
        raise typer.Exit(1)
    rows = [c.to_dict() if hasattr(c, "to_dict") else c for c in d.get("claims", [])]
    if fmt != Format.table:
        d = dict(d, claims=rows)
        sys.stdout.write(json.dumps(d, ensure_ascii=False, default=str, indent=None if fmt == Format.jsonl else 1) + "\n")
        return
    meta = {k: d.get(k) for k in ("id", "title", "url", "publisher", "published")}
    out.print(" · ".join(f"[bold]{k}[/bold] {v}" for k, v in meta.items() if v))
    out.print(d.get("text", ""), highlight=False, markup=False)
    out.print(_claims_table(rows, title=f"{len(rows)} claims"))


@app.command()
def bench(
    docs: int = typer.Option(240, "--docs", min=10, help="Articles in the benchmark corpus (built from the bundled examples)."),
    workers: int = typer.Option(2, "--workers", "-w", min=1, help="Also measure with this many worker processes (1 to skip)."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
):
    """Extraction throughput (words/s) against bare spaCy nlp.pipe on the same texts, in the same run."""
    from .bench import run_bench

    res = run_bench(n_docs=docs, workers=workers, progress=lambda m: err.print(m, highlight=False))
    if as_json:
        sys.stdout.write(json.dumps(res, indent=1) + "\n")
        return
    t = Table(title=f"extraction vs bare nlp.pipe ({res['documents']} articles, {res['words']} words)")
    for col in ("processes", "bare nlp.pipe words/s", "claimledger words/s", "ratio"):
        t.add_column(col, justify="right")
    for row in res["rows"]:
        t.add_row(str(row["processes"]), f"{row['bare_wps']:,.0f}", f"{row['claimledger_wps']:,.0f}", f"{row['ratio']:.2f}")
    out.print(t)


@app.command("eval")
def eval_(
    corpus: str = typer.Argument(..., help="seed, isaf, gva, polnear or newsquant."),
    split: str = typer.Option("dev", help="Only the dev halves are here; the test halves are held out."),
    errors: bool = typer.Option(False, "--errors", help="List each miss and each spurious item with its text."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    peers: bool = typer.Option(False, "--peers", help="newsquant: also score quantulum3 on the same sentences."),
    limit: Optional[int] = typer.Option(None, min=1, help="Score only the first N records."),
):
    """Measure extraction on a real annotated corpus (see docs/evaluation.md)."""
    from .evaluate import evaluate, format_report

    try:
        res = evaluate(corpus, split=split, errors=errors, peers=peers, limit=limit,
                       progress=lambda m: err.print(m, highlight=False))
    except (ValueError, FileNotFoundError) as exc:
        err.print(f"error {corpus}: {exc}", highlight=False)
        raise typer.Exit(2)
    if as_json:
        sys.stdout.write(json.dumps(res, ensure_ascii=False, indent=1, default=str) + "\n")
    else:
        out.print(format_report(res), highlight=False, markup=False)


@app.command()
def batch(
    inputs: List[str] = typer.Argument(..., help="Corpus shards: .jsonl, .jsonl.gz, .csv, .parquet files, folders or glob patterns; local paths or fsspec URLs (s3://…)."),
    out_dir: str = typer.Option(..., "--out", "-o", help="Output folder (local or fsspec URL): claims/ and documents/ as Parquet, report.json."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Address of a running Dask scheduler (tcp://host:8786)."),
    local: Optional[int] = typer.Option(None, "--local", min=1, help="Start a local Dask cluster of N worker processes (default: one per core)."),
    partition_size: Optional[int] = typer.Option(None, "--partition-size", min=1, help="Records per partition, the unit of work and retry (default 500, or the folder's)."),
    published: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) for records that carry none."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
):
    """Extract claims from sharded corpora on a Dask cluster into partitioned Parquet.
    Bad records are reported and skipped; a rerun skips the partitions already written."""
    from .scale import BatchError, batch as run_batch

    if scheduler and local:
        raise typer.BadParameter("give --scheduler or --local, not both", param_hint="--scheduler")
    pub = _date(published, "--published")
    with Progress(SpinnerColumn(), TextColumn("[bold]batch[/bold] partitions"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("written {task.fields[written]} · skipped {task.fields[skipped]} · failed {task.fields[failed]}"
                             " · documents {task.fields[docs]}"),
                  TimeElapsedColumn(), console=err, disable=quiet or not err.is_terminal, transient=True) as bar:
        task = bar.add_task("batch", total=None, written=0, skipped=0, failed=0, docs=0)
        counts = {"written": 0, "skipped": 0, "failed": 0, "docs": 0}

        def progress(event: str, value) -> None:
            if event == "cluster":
                dash = value.get("dashboard") or "none"
                bar.console.print(f"scheduler {value.get('scheduler')} · {value.get('workers')} workers · "
                                  f"dashboard {dash}", highlight=False)
            elif event == "planned":
                bar.update(task, total=value)
            elif event == "error":
                bar.console.print(f"[red]error[/red] {value}", highlight=False)
            elif event == "partition":
                counts[value["status"]] += 1
                counts["docs"] += value.get("documents", 0) if value["status"] == "written" else 0
                bar.update(task, advance=1, **counts)

        try:
            report = run_batch(inputs, out_dir, scheduler=scheduler, local=local, partition_size=partition_size,
                               published=pub, progress=progress)
        except BatchError as exc:
            err.print(f"error {exc}", highlight=False)
            raise typer.Exit(2)
    out.print(
        f"partitions: {report.partitions_written} written, {report.partitions_skipped} already done, "
        f"{report.partitions_failed} failed; documents: {report.documents}; claims: {report.claims}; "
        f"bad records: {report.bad_records}; {report.documents_per_second:,.1f} documents/s; "
        f"report: {report.out.rstrip('/')}/report.json", highlight=False)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def load(
    out_dir: str = typer.Argument(..., help="A `claimledger batch` output folder."),
    db: Optional[str] = typer.Option(None, "--db", envvar="CLAIMLEDGER_DB", help=DB_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
):
    """Store the documents and claims of a `batch` output folder in the ledger.
    Loading twice stores everything once."""
    from .scale import load as run_load

    with Progress(SpinnerColumn(), TextColumn("[bold]load[/bold] partitions"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, disable=quiet or not err.is_terminal, transient=True) as bar:
        task = bar.add_task("load", total=None)

        def progress(event: str, value) -> None:
            if event == "planned":
                bar.update(task, total=value)
            elif event == "error":
                bar.console.print(f"[red]error[/red] {value}", highlight=False)
            elif event == "partition":
                bar.update(task, advance=1)

        report = run_load(out_dir, db=db, progress=progress)
    out.print(
        f"partitions: {report.partitions}; documents: {report.documents_new} new, {report.documents_known} already known, "
        f"{report.documents_failed} failed; claims added: {report.claims_added}", highlight=False)
    if not report.ok:
        raise typer.Exit(1)


# -- reconciliation: figures, sources, brief, export -----------------------------------------

_REGISTER_HELP = "Source register YAML (default: $CLAIMLEDGER_SOURCES or the bundled data/sources_register.yaml)."
_RULES_HELP = "YAML file overriding reconciliation rules (period_days, tolerance, reliable, best_order, ...; see docs/reconcile.md)."


def _reconcile_errors(fn):
    """Run ``fn``; a bad register, rules file or date is one error line and exit 2."""
    try:
        return fn()
    except (ValueError, FileNotFoundError) as exc:
        err.print(f"error: {exc}", highlight=False, markup=False)
        raise typer.Exit(2)


@app.command()
def figures(
    db: Optional[str] = typer.Option(None, "--db", envvar="CLAIMLEDGER_DB", help=DB_HELP),
    metric: Optional[List[str]] = typer.Option(None, "--metric", "-m", help="killed, wounded, casualties, ... (repeatable)."),
    actor: Optional[str] = typer.Option(None, help="Actor name or ISO country code (North Korea, KP)."),
    topic: Optional[str] = typer.Option(None, help="Words the figure's label, subjects, sources or evidence contain."),
    since: Optional[str] = typer.Option(None, help="Figures with a claim dated on or after YYYY-MM-DD."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Estimate as of YYYY-MM-DD (claims dated later are left out)."),
    register: Optional[str] = typer.Option(None, "--register", envvar="CLAIMLEDGER_SOURCES", help=_REGISTER_HELP),
    rules: Optional[str] = typer.Option(None, "--rules", help=_RULES_HELP),
    all_: bool = typer.Option(False, "--all", help="Also single-article counts with no actor (incident counts)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
):
    """Reconciled figures: best / low / high as of a date, timeline, corroboration and contradiction."""
    from .api import figures as query

    figs = _reconcile_errors(lambda: query(db, metric=metric or None, actor=actor, topic=topic,
                                           since=_date(since, "--since"), as_of=_date(as_of, "--as-of"),
                                           register=register, rules=rules))
    if not all_ and not actor and not topic:
        figs = [f for f in figs if f.scope == "actor"] or figs
    if fmt != Format.table:
        rows = [f.to_dict() for f in figs]
        if fmt == Format.jsonl:
            for r in rows:
                sys.stdout.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
        else:
            sys.stdout.write(json.dumps(rows, ensure_ascii=False, default=str, indent=1) + "\n")
        return
    t = Table(title=f"{len(figs)} figures" + (f" as of {as_of}" if as_of else ""))
    for col in ("figure", "label", "as of", "best", "low", "high", "source of best", "grade", "claims", "outlets",
                "timeline", "agree", "disagree"):
        t.add_column(col, overflow="fold", max_width=40 if col in ("label", "source of best", "timeline") else 16)
    from rich.markup import escape

    from .reconcile.restatements import fmt_number

    for f in figs:
        e = f.estimate
        timeline = ", ".join(f"{p.date or '?'}: {p.value_text()}" for p in f.points[-4:])
        t.add_row(f.id, escape(f.label), e.period_end if e else "", escape(e.best.value_text()) if e else "",
                  fmt_number(e.low) if e and e.low is not None else "", fmt_number(e.high) if e and e.high is not None else "",
                  escape(e.best.chain_text()) if e else "", e.best.grade.code if e else "", str(len(f.claims)),
                  str(len(f.outlets)), escape(timeline), str(len(f.corroborations())), str(len(f.contradictions())))
    out.print(t)


@app.command()
def sources(
    db: Optional[str] = typer.Option(None, "--db", envvar="CLAIMLEDGER_DB", help=DB_HELP),
    register: Optional[str] = typer.Option(None, "--register", envvar="CLAIMLEDGER_SOURCES", help=_REGISTER_HELP),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
):
    """The source register (reliability A-F and why), with how many claims in the ledger cite each source."""
    from rich.markup import escape

    from .api import sources as query

    res = _reconcile_errors(lambda: query(db, register=register))
    if fmt != Format.table:
        sys.stdout.write(json.dumps(res, ensure_ascii=False, indent=None if fmt == Format.jsonl else 1) + "\n")
        return
    t = Table(title=f"source register: {res['register']} (unlisted sources are {res['default']})")
    for col in ("source", "type", "country", "reliability", "claims", "as source", "as via", "notes"):
        t.add_column(col, overflow="fold", max_width=70 if col == "notes" else 34)
    for r in sorted(res["sources"], key=lambda r: (-r["claims"], r["name"])):
        t.add_row(escape(r["name"]), r["type"] or "", r["country"] or "", r["reliability"], str(r["claims"]),
                  str(r["as_source"]), str(r["as_via"]), escape(r["notes"]))
    out.print(t)
    if res["unregistered"]:
        u = Table(title="named sources not in the register (graded F)")
        for col in ("source", "type", "claims", "as source", "as via"):
            u.add_column(col, overflow="fold", max_width=40)
        for r in res["unregistered"][:40]:
            u.add_row(escape(r["name"]), r["type"] or "", str(r["claims"]), str(r["as_source"]), str(r["as_via"]))
        out.print(u)


class BriefFormat(str, Enum):
    md = "md"
    html = "html"


class ChartFormat(str, Enum):
    svg = "svg"
    png = "png"


@app.command()
def brief(
    db: Optional[str] = typer.Option(None, "--db", envvar="CLAIMLEDGER_DB", help=DB_HELP),
    topic: Optional[str] = typer.Option(None, help="Words the figures' labels, subjects, sources or evidence contain."),
    actor: Optional[str] = typer.Option(None, help="Actor name or ISO country code (North Korea, KP)."),
    since: Optional[str] = typer.Option(None, help="Only figures with claims dated on or after YYYY-MM-DD."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date of the briefing: claims dated later are left out."),
    fmt: BriefFormat = typer.Option(BriefFormat.md, "--format", "-f"),
    output: Optional[Path] = typer.Option(None, "--out", "-o", help="Write here (Markdown: charts go beside it); default stdout."),
    charts: ChartFormat = typer.Option(ChartFormat.svg, "--charts", help="Chart image format."),
    max_figures: Optional[int] = typer.Option(None, "--figures", min=1, help="Key figures to show (default 8)."),
    register: Optional[str] = typer.Option(None, "--register", envvar="CLAIMLEDGER_SOURCES", help=_REGISTER_HELP),
    rules: Optional[str] = typer.Option(None, "--rules", help=_RULES_HELP),
):
    """A situation briefing: key figures with best / low / high, how they moved, where sources
    disagree; every sentence cites its claims (outlet, date, source)."""
    from .api import brief as make

    text = _reconcile_errors(lambda: make(db, topic=topic, actor=actor, since=_date(since, "--since"),
                                          as_of=_date(as_of, "--as-of"), fmt=fmt.value,
                                          out=str(output) if output else None, register=register, rules=rules,
                                          chart_format=charts.value, max_figures=max_figures))
    if output is None:
        sys.stdout.write(text)
    else:
        err.print(f"briefing written to {output}", highlight=False)


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    geojson = "geojson"
    gkg = "gkg"
    stix = "stix"


class ExportWhat(str, Enum):
    claims = "claims"
    figures = "figures"


@app.command()
def export(
    fmt: ExportFormat = typer.Option(..., "--format", "-f", help="jsonl, csv, parquet, geojson, gkg (GDELT GKG counts) or stix (STIX 2.1 bundle)."),
    what: ExportWhat = typer.Option(ExportWhat.claims, "--what", help="Export claims or reconciled figures."),
    output: Optional[Path] = typer.Option(None, "--out", "-o", help="Output file (required for parquet); default stdout."),
    db: Optional[str] = typer.Option(None, "--db", envvar="CLAIMLEDGER_DB", help=DB_HELP),
    metric: Optional[List[str]] = typer.Option(None, "--metric", "-m", help="killed, wounded, ... (repeatable)."),
    actor: Optional[str] = typer.Option(None, help="Actor name or ISO country code of the subject."),
    source: Optional[str] = typer.Option(None, help="Claims: part of the source's name or mention."),
    since: Optional[str] = typer.Option(None, help="Claims dated on or after YYYY-MM-DD (figures: with such a claim)."),
    until: Optional[str] = typer.Option(None, help="Claims: dated on or before YYYY-MM-DD."),
    kind: Optional[str] = typer.Option(None, help="Claims: figure or statement."),
    text: Optional[str] = typer.Option(None, "--search", help="Claims: text the evidence contains."),
    topic: Optional[str] = typer.Option(None, help="Figures: words the figure's label, subjects, sources or evidence contain."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Leave out claims dated after YYYY-MM-DD."),
    register: Optional[str] = typer.Option(None, "--register", envvar="CLAIMLEDGER_SOURCES", help=_REGISTER_HELP),
    rules: Optional[str] = typer.Option(None, "--rules", help=_RULES_HELP),
):
    """Export claims or figures for other tools: JSONL, CSV, Parquet, GeoJSON, GDELT GKG counts, STIX 2.1."""
    from .api import export as run

    if fmt == ExportFormat.parquet and output is None:
        raise typer.BadParameter("Parquet is binary: give --out FILE", param_hint="--out")
    data = _reconcile_errors(lambda: run(db, fmt=fmt.value, what=what.value, out=str(output) if output else None,
                                         metric=metric or None, actor=actor, source=source,
                                         since=_date(since, "--since"), until=_date(until, "--until"), kind=kind,
                                         text=text, topic=topic, as_of=_date(as_of, "--as-of"),
                                         register=register, rules=rules))
    if output is None:
        sys.stdout.write(data)
    else:
        err.print(f"{fmt.value} export written to {output}", highlight=False)


@app.command()
def serve(
    db: Optional[str] = typer.Option(None, "--db", envvar="CLAIMLEDGER_DB", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on. Anything but loopback needs CLAIMLEDGER_TOKEN."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    private: bool = typer.Option(False, "--private", help="Reads need the token too (CLAIMLEDGER_TOKEN)."),
    max_body: int = typer.Option(5_000_000, "--max-body", min=1024, help="Largest request body in bytes (ingest)."),
    allow_host: Optional[List[str]] = typer.Option(None, "--allow-host", help="Host header names to answer to besides the bound address (repeatable; on loopback the default is localhost, 127.0.0.1, ::1)."),
    allow_private: bool = typer.Option(False, "--allow-private", help="URL ingest may fetch private and loopback addresses (off: refused)."),
    allow_net: Optional[List[str]] = typer.Option(None, "--allow-net", metavar="CIDR", help="URL ingest may fetch this network although it is not public (repeatable)."),
    register: Optional[str] = typer.Option(None, "--register", envvar="CLAIMLEDGER_SOURCES", help=_REGISTER_HELP),
    rules: Optional[str] = typer.Option(None, "--rules", help=_RULES_HELP),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Server processes. Each keeps its own response cache and reconciliation (memory and the first figures' time grow with it); more than one spreads requests over the cores."),
):
    """Serve the HTTP API (/api, /docs, /openapi.json) and the pages over the ledger. Writes need
    CLAIMLEDGER_TOKEN when it is set, and it must be set to listen beyond 127.0.0.1."""
    import os

    from .web import check_bind, create_app
    from .web.app import LOOPBACK_NAMES, WebConfig, is_loopback

    token = os.environ.get("CLAIMLEDGER_TOKEN") or None
    problem = check_bind(host, token, private)
    if problem:
        err.print(f"error: {problem}", highlight=False, markup=False)
        raise typer.Exit(2)
    hosts = None
    if is_loopback(host) or allow_host:
        hosts = [*(LOOPBACK_NAMES if is_loopback(host) else (host,)), *(allow_host or [])]
    options = _read_options(allow_private=allow_private, allow_net=allow_net)
    config = WebConfig(db=db, token=token, private=private, max_body=max_body, allowed_hosts=hosts,
                       fetch=options.fetch, register=register, rules=rules)
    import uvicorn

    from .ledger import Ledger
    from .web.app import CONFIG_ENV, config_to_env

    with Ledger(db) as ledger:  # migrated once, here, before any worker opens it
        shown_db = repr(ledger)
    shown = f"[{host}]" if ":" in host else host
    err.print(f"claimledger serving {shown_db} on http://{shown}:{port} "
              f"(writes {'need the token' if token else 'open: loopback only'}"
              f"{', reads need the token' if private else ''}"
              f"{f'; {workers} worker processes' if workers > 1 else ''})", highlight=False, markup=False)
    opts = dict(host=host, port=port, log_level="warning", server_header=False, proxy_headers=False,
                access_log=False)
    if workers > 1:
        os.environ[CONFIG_ENV] = config_to_env(config)
        uvicorn.run("claimledger.web.app:app_from_env", factory=True, workers=workers, **opts)
    else:
        uvicorn.run(create_app(config), **opts)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
