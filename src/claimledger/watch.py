"""``claimledger watch``: poll feeds and ingest each new entry once, until stopped.

What it remembers lives in the ledger (migration 0003_feeds), so a watch can be
stopped, killed or moved to another machine and picks up where it was:

* per feed, the ``ETag`` and ``Last-Modified`` of its last complete poll, sent
  back as ``If-None-Match`` / ``If-Modified-Since``; a ``304 Not Modified``
  costs the publisher nothing. The validators are saved only after every new
  entry of that poll has been handled: a poll cut short (Ctrl-C, a crash, an
  entry whose page failed) asks for the whole feed again next time;
* per entry (its guid / atom:id, else its link), whether it is stored or was
  given up after :data:`MAX_ATTEMPTS` failed tries; seen entries are not fetched
  again.

Each document and its claims are stored in one transaction, and the entry is
marked after that, so a kill between the two only means the entry is looked
at again next poll, found in the ledger and marked. Ctrl-C (or SIGTERM) stops
after the entry in hand; a second Ctrl-C stops at once (the transaction in
flight, if any, is rolled back).
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Optional

from .api import IngestReport, _now_iso, extract_stream
from .ingest import Document, ReadError, ReadOptions
from .model import EXTRACTOR

__all__ = ["watch", "parse_interval", "MAX_ATTEMPTS", "PollResult"]

#: An entry whose document could not be read this many times is given up (marked 'failed').
MAX_ATTEMPTS = 3
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|secs|m|min|mins|h|hr|hrs|d)?\s*$", re.I)
_UNIT = {"ms": 0.001, "s": 1, "sec": 1, "secs": 1, "m": 60, "min": 60, "mins": 60, "h": 3600, "hr": 3600,
         "hrs": 3600, "d": 86400, None: 1}

Log = Callable[[str, str], None]  # (level: info|error|event, message)


def parse_interval(value: str) -> float:
    """'90s', '15m', '1h', '1.5h', '30' (seconds) -> seconds."""
    total = 0.0
    parts = re.findall(r"\d+(?:\.\d+)?\s*[a-zA-Z]*", value or "")
    if not parts or "".join(p.replace(" ", "") for p in parts) != (value or "").replace(" ", ""):
        raise ValueError(f"{value!r} is not an interval (like 90s, 15m, 1h, 1h30m)")
    for p in parts:
        m = _INTERVAL.match(p)
        if not m:
            raise ValueError(f"{value!r} is not an interval (like 90s, 15m, 1h, 1h30m)")
        total += float(m.group(1)) * _UNIT[(m.group(2) or "").lower() or None]
    if total <= 0:
        raise ValueError(f"{value!r}: the interval must be more than zero")
    return total


@dataclass
class PollResult:
    feed: str
    status: str  # 'ok', 'not modified', 'error'
    new: int = 0
    known: int = 0
    failed: int = 0
    seen: int = 0  # entries skipped because they were handled in an earlier poll
    complete: bool = True


def watch(feeds: Iterable[str], *, db: Optional[str] = None, every: float = 900.0,
          options: Optional[ReadOptions] = None, published: Optional[date] = None, once: bool = False,
          stop: Optional[threading.Event] = None, log: Optional[Log] = None,
          report: Optional[str] = None, max_polls: Optional[int] = None) -> IngestReport:
    """Poll ``feeds`` every ``every`` seconds until ``stop`` is set (or once / ``max_polls`` rounds).

    Returns the cumulative report; with ``report`` it is also written (JSON)
    after every round and at the end."""
    from .ingest.fetch import Fetcher, FetchPolicy
    from .ledger import Ledger

    feeds = list(feeds)
    stop = stop or threading.Event()
    options = options or ReadOptions()
    log = log or (lambda level, msg: None)
    rep = IngestReport(command="watch", started=_now_iso())
    fetcher = options.fetcher or Fetcher(options.fetch or FetchPolicy())
    opts = ReadOptions(follow=options.follow, columns=dict(options.columns), fetch=options.fetch, fetcher=fetcher)
    rounds = 0
    try:
        with Ledger(db) as ledger:
            rep.db = ledger.engine.url.render_as_string(hide_password=True)
            run = ledger.start_run("watch " + " ".join(feeds))
            try:
                while not stop.is_set():
                    for feed in feeds:
                        if stop.is_set():
                            break
                        res = _poll(feed, ledger, fetcher, opts, published, rep, stop, log)
                        if res.status == "not modified":
                            log("info", f"{feed}: not modified")
                        elif res.status == "ok":
                            log("info", f"{feed}: {res.new} new, {res.known} already known, {res.failed} failed, "
                                        f"{res.seen} seen before" + ("" if res.complete else " (poll cut short)"))
                    rounds += 1
                    if report is not None:
                        rep.finished = _now_iso()
                        rep.write(report)
                    if once or (max_polls is not None and rounds >= max_polls):
                        break
                    stop.wait(every)
            finally:
                ledger.finish_run(run, rep.as_dict())
    except BaseException:
        rep.interrupted = True
        raise
    finally:
        if options.fetcher is None:
            fetcher.close()
        rep.finished = _now_iso()
        if report is not None:
            rep.write(report)
    return rep


def _poll(feed: str, ledger, fetcher, options: ReadOptions, published, rep: IngestReport,
          stop: threading.Event, log: Log) -> PollResult:
    from .ingest.feeds import parse_feed
    from .ingest.fetch import FetchError, conditional_headers, is_url
    from .ingest.readers import DEFAULT_MAX_BYTES, _Refused, feed_entry_ref, read_feed_entries

    state = ledger.feed_state(feed)
    res = PollResult(feed, "ok")

    def fail(reason: str) -> PollResult:
        res.status = "error"
        rep.record(feed, feed, "failed", error=f"{feed}: {reason}")
        log("error", f"{feed}: {reason}")
        ledger.save_feed_state(feed, status=f"error: {reason}"[:500])
        return res

    validators = None
    if is_url(feed):
        try:
            resp = fetcher.get(feed, headers=conditional_headers(state["etag"], state["last_modified"]))
        except FetchError as e:
            return fail(e.reason)
        if resp.not_modified:
            ledger.save_feed_state(feed, status="304 not modified")
            res.status = "not modified"
            return res
        data, url, ct = resp.content, resp.final_url, resp.content_type or None
        validators = (resp.headers.get("etag"), resp.headers.get("last-modified"))
    else:
        try:
            with open(Path(feed), "rb") as fh:
                data = fh.read(DEFAULT_MAX_BYTES + 1)
        except OSError as e:
            return fail(f"cannot read: {e.strerror or e}")
        if len(data) > DEFAULT_MAX_BYTES:
            return fail(f"too large: over the limit of {DEFAULT_MAX_BYTES:,} bytes")
        url, ct = None, None
    try:
        parsed = parse_feed(data, url=url, content_type=ct)
    except _Refused as e:
        return fail(str(e))

    todo = []
    for entry in parsed.entries:
        st = state["entries"].get(entry.key)
        if st is not None and st["status"] in ("stored", "failed"):
            res.seen += 1
        else:
            todo.append(entry)

    def entries_until_stopped():
        for e in todo:
            if stop.is_set():
                res.complete = False
                return
            yield e

    for entry, item in read_feed_entries(parsed, entries_until_stopped(), feed, published=published,
                                         options=options):
        ref = feed_entry_ref(feed, entry)
        if isinstance(item, Document):
            item = _store(item, ledger, rep, feed, log)
            if isinstance(item, str):  # stored or known
                if item == "new":
                    res.new += 1
                else:
                    res.known += 1
                continue
        # a ReadError: try again next poll, up to MAX_ATTEMPTS
        prior = (state["entries"].get(entry.key) or {}).get("attempts", 0)
        final = prior + 1 >= MAX_ATTEMPTS
        ledger.mark_feed_entry(feed, entry.key, "failed" if final else "retry", error=item.reason[:1000])
        if not final:
            res.complete = False
        res.failed += 1
        rep.record(feed, ref, "failed", error=str(item) + ("" if not final else f" (given up after {MAX_ATTEMPTS} tries)"))
        log("error", str(item))
        if stop.is_set():
            res.complete = False
            break
    if stop.is_set() and len(todo) > res.new + res.known + res.failed:
        res.complete = False
    ledger.save_feed_state(feed, status="200 ok", title=parsed.title,
                           validators=validators if res.complete else (None, None))
    return res


def _store(doc: Document, ledger, rep: IngestReport, feed: str, log: Log):
    """Extract and store one entry's document, then mark the entry; 'new', 'known' or a ReadError."""
    ref = doc.ref or doc.id
    entry_key = (doc.meta or {}).get("entry")
    if ledger.has_extraction(doc.id, EXTRACTOR):
        ledger.add(doc, None)  # the sighting only
        outcome, claims = "known", None
    else:
        out = next(iter(extract_stream([doc], workers=1)))
        if isinstance(out, ReadError):
            return out
        try:
            added = ledger.add(out.document, out.claims)
        except Exception as exc:  # noqa: BLE001 - reported, the watch goes on
            return ReadError(ref, f"could not store: {exc}")
        outcome = "new" if (added.new_document or added.claims_added) else "known"
        claims = added.claims_added
    if entry_key is not None:
        ledger.mark_feed_entry(feed, entry_key, "stored", document_id=doc.id)
    rep.record(feed, ref, outcome, document=doc, claims=claims)
    log("event", f"{outcome} {ref}")
    return outcome
