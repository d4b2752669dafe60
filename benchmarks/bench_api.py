"""Load benchmark of the HTTP API (``claimledger serve``) over a ledger of 100,000+ claims.

    .venv/bin/python benchmarks/bench_api.py                 # 100,000 claims, 200 req/s, 20 s per endpoint
    .venv/bin/python benchmarks/bench_api.py --claims 20000 --duration 5 --json

What it does, in order:

1. builds a SQLite ledger in a temporary directory: ``--docs`` synthetic articles
   (default 4,000) carrying ``--claims`` claims between them (default 100,000): figure
   claims (8 % statements) with varied metrics, actors, places, named sources, hedges,
   and dates over two years, each with its evidence span in the article text; stored
   through :meth:`Ledger.add` (one transaction per article, as ingest does);
2. starts ``claimledger serve --db <file>`` on 127.0.0.1 at a free port (a subprocess);
3. waits for it, warms it up, and times the first answer of a figure (the reconciliation
   of the whole ledger is computed on the first request that needs it, then cached);
4. from a second process (Python, asyncio + httpx, one keep-alive pool) sends an
   open-loop load: requests are *scheduled* at a fixed rate (``--rate``, default 200/s)
   for ``--duration`` seconds per endpoint, at most ``rate * duration`` of them, whatever
   the server does; latency is counted from the scheduled time (so a stalled server
   cannot hide queueing: no coordinated omission). A request not answered within
   ``--timeout`` of its scheduled time ("late", abandoned then, so a run is bounded) or
   answered with a status other than 200 is an error.

Runs (each ``--duration`` seconds at ``--rate``), in this order:

* ``claim``: ``/api/claims/{id}`` for a random one of 5,000 of the ids (uncached);
* ``claims-first-page``: ``/api/claims?limit=50``, one URL (served from the response cache);
* ``figure-one``: ``/api/figures/{id}`` of one figure (from the response cache);
* ``claims``: ``/api/claims?limit=50`` with one of ~5,000 filter combinations (metric,
  actor, since; some with a sort or a text search): mostly uncached;
* ``figure-any``: ``/api/figures/{id}`` for a random one of the reconciled figures
  (uncached until each has been asked once).

Not part of the test suite: it takes a few minutes and measures this machine.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / ".venv" / "bin" / "claimledger"

METRICS = [
    ("killed", "people were killed", "killed"), ("wounded", "people were wounded", "wounded"),
    ("displaced", "people were displaced", "displaced"), ("arrested", "people were arrested", "arrested"),
    ("missing", "people are missing", "missing"), ("detained", "people were detained", "detained"),
    ("injured", "people were injured", "injured"), ("evacuated", "people were evacuated", "evacuated"),
]
ACTORS = [  # (subject text, actor, country)
    ("Ukrainian soldiers", "UA", "UA"), ("Russian troops", "RU", "RU"), ("civilians in Gaza", "PS", "PS"),
    ("Israeli soldiers", "IL", "IL"), ("Sudanese civilians", "SD", "SD"), ("Afghan police", "AF", "AF"),
    ("Syrian civilians", "SY", "SY"), ("Yemeni fighters", "YE", "YE"), ("Malian soldiers", "ML", "ML"),
    ("North Korean soldiers", "KP", "KP"), ("Congolese civilians", "CD", "CD"), ("Haitian police", "HT", "HT"),
]
PLACES = [
    ("Kharkiv", "UA", 49.99, 36.23, "Kharkiv Oblast"), ("Donetsk", "UA", 48.0, 37.8, "Donetsk Oblast"),
    ("Kursk", "RU", 51.73, 36.19, "Kursk Oblast"), ("Gaza City", "PS", 31.5, 34.47, "Gaza"),
    ("Khan Younis", "PS", 31.34, 34.3, "Gaza"), ("El Fasher", "SD", 13.63, 25.35, "North Darfur"),
    ("Kandahar", "AF", 31.61, 65.71, "Kandahar"), ("Helmand", "AF", 31.0, 64.0, "Helmand"),
    ("Aleppo", "SY", 36.2, 37.16, "Aleppo"), ("Sanaa", "YE", 15.37, 44.19, "Sanaa"),
    ("Gao", "ML", 16.27, -0.04, "Gao"), ("Goma", "CD", -1.68, 29.22, "North Kivu"),
    ("Port-au-Prince", "HT", 18.59, -72.31, "Ouest"),
]
SOURCES = [  # (text as written, resolved name, type, country)
    ("the health ministry", "Ministry of Health", "government", None), ("the UN", "United Nations", "organization", None),
    ("OCHA", "UN Office for the Coordination of Humanitarian Affairs", "organization", None),
    ("the Red Cross", "International Committee of the Red Cross", "organization", None),
    ("the defence ministry", "Ministry of Defence", "government", None), ("Reuters", "Reuters", "media", "GB"),
    ("the governor", "regional governor", "person", None), ("a military spokesman", "military spokesman", "person", None),
    ("Amnesty International", "Amnesty International", "organization", None),
    ("Human Rights Watch", "Human Rights Watch", "organization", None), ("ACLED", "ACLED", "organization", None),
    ("the interior ministry", "Ministry of the Interior", "government", None), ("AFP", "Agence France-Presse", "media", "FR"),
    ("local officials", None, "unnamed", None), ("witnesses", None, "unnamed", None),
    ("the army", "armed forces", "government", None), ("MSF", "Medecins Sans Frontieres", "organization", None),
    ("the mayor", "mayor", "person", None), ("UNHCR", "UNHCR", "organization", None),
    ("the police", "police", "government", None),
]
PUBLISHERS = ["Reuters", "AP", "AFP", "BBC", "Al Jazeera", "Kyiv Independent", "The Guardian", "Le Monde",
              "Deutsche Welle", "Radio Free Europe"]
QUALS = [("exact", ""), ("approximate", "about "), ("at_least", "at least "), ("at_most", "up to "),
         ("range", None)]
HEDGES = ["reportedly", "allegedly", "unconfirmed"]
START = date(2024, 1, 1)
DAYS = 730


# --- the ledger ----------------------------------------------------------------------------------


def build_ledger(path: str, n_docs: int, n_claims: int, seed: int = 7) -> dict:
    from claimledger.ingest.document import Document
    from claimledger.ledger.store import Ledger
    from claimledger.model import Claim, Location, Source, Span, Subject, TimeRef, Via

    rnd = random.Random(seed)
    ledger = Ledger(path)
    per_doc = [n_claims // n_docs + (1 if i < n_claims % n_docs else 0) for i in range(n_docs)]
    t0 = time.perf_counter()
    stored = 0
    for i, k in enumerate(per_doc):
        pub = START + timedelta(days=rnd.randrange(DAYS))
        theatre = rnd.randrange(len(ACTORS))  # an article is mostly about one conflict
        parts = [f"Dispatch {i}: report of {pub.isoformat()}. "]
        pos = len(parts[0])
        claims = []
        for j in range(k):
            subj, actor, ctry = ACTORS[theatre if rnd.random() < 0.7 else rnd.randrange(len(ACTORS))]
            place = rnd.choice([p for p in PLACES if p[1] == ctry] or PLACES)
            src = rnd.choice(SOURCES)
            day = pub - timedelta(days=rnd.choice((0, 0, 1, 1, 2, 3, 7)))
            if rnd.random() < 0.08:  # a statement
                content = f"the attack in {place[0]} was a violation of the ceasefire"
                sent = f"{src[0].capitalize()} said {content}. "
                ev = Span(pos, pos + len(sent) - 1, sent[:-1])
                cstart = pos + sent.index(content)
                claims.append(Claim(
                    kind="statement", evidence=ev, content=Span(cstart, cstart + len(content), content),
                    location=Location(place[0], place[1], place[2], place[3], "city", None, None, place[4]),
                    time=TimeRef(None, pub.isoformat(), "day", "published"),
                    source=Source(src[0], src[1], src[2], pos, pos + len(src[0]), src[3]),
                    cue="said", cue_span=Span(pos + len(src[0]) + 1, pos + len(src[0]) + 5, "said"),
                    denial=rnd.random() < 0.05))
            else:
                metric, phrase, _ = rnd.choice(METRICS)
                base = int(rnd.lognormvariate(3.0, 1.4)) + 1
                qual, word = rnd.choice(QUALS)
                if qual == "range":
                    lo, hi = base, base + max(1, base // 4)
                    num = f"between {lo} and {hi}"
                    value, low, high = None, lo, hi
                else:
                    num = f"{word}{base}"
                    value = base
                    low = base if qual in ("exact", "at_least") else (round(base * 0.9) if qual == "approximate" else None)
                    high = base if qual in ("exact", "at_most") else (round(base * 1.1) if qual == "approximate" else None)
                hedge = rnd.choice(HEDGES) if rnd.random() < 0.15 else None
                via = rnd.random() < 0.1
                sent = (f"{num.capitalize()} {subj if metric == 'killed' else phrase.split()[0]} "
                        f"{'' if metric == 'killed' else phrase.split(' ', 1)[1] + ' '}"
                        f"{'were killed ' if metric == 'killed' else ''}in {place[0]} on {day:%d %B}, "
                        f"{src[0]} {'reportedly ' if hedge == 'reportedly' else ''}said"
                        f"{', citing ' + rnd.choice(PUBLISHERS) if via else ''}. ")
                sent = " ".join(sent.split()) + " "
                qs = pos
                ss = pos + sent.index(src[0] + " ")
                cs = pos + sent.index("said")
                ps = pos + sent.index(place[0])
                ev = Span(pos, pos + len(sent) - 1, sent[:-1])
                claims.append(Claim(
                    kind="figure", evidence=ev, metric=metric, value=value, low=low, high=high, qualifier=qual,
                    subject=Subject(subj, actor, ctry),
                    location=Location(place[0], place[1], place[2], place[3], "city", ps, ps + len(place[0]), place[4]),
                    time=TimeRef(f"{day:%d %B}", day.isoformat(), "day", "stated"),
                    source=Source(src[0], src[1], src[2], ss, ss + len(src[0]), src[3]),
                    cue="said", cue_span=Span(cs, cs + 4, "said"),
                    via=[Via(name=sent.split("citing ")[1].rstrip(". "), type="media")] if via else [],
                    hedges=[hedge] if hedge else [],
                    quantity=Span(qs, qs + len(num), sent[:len(num)])))
            parts.append(sent)
            pos += len(sent)
        doc = Document(text="".join(parts), ref=f"bench-{i}.txt", url=f"https://news.example/{i}",
                       title=f"Dispatch {i}", publisher=rnd.choice(PUBLISHERS), published=pub, language="en")
        stored += ledger.add(doc, claims).claims_added
    secs = time.perf_counter() - t0
    stats = ledger.stats()
    ledger.close()
    return {"documents": n_docs, "claims": stored, "build_seconds": round(secs, 1), "stats": stats}


def claim_ids(db: str) -> list[str]:
    from sqlalchemy import select

    from claimledger.ledger.schema import claims
    from claimledger.ledger.store import Ledger

    with Ledger(db) as led, led.engine.connect() as conn:
        return [r[0] for r in conn.execute(select(claims.c.id))]


def is_url(db: str) -> bool:
    return "://" in db


def ledger_exists(db: str) -> bool:
    """A SQLite file that exists, or a PostgreSQL database that holds claims already."""
    if not is_url(db):
        return os.path.exists(db)
    from sqlalchemy import inspect

    from claimledger.ledger.store import Ledger

    with Ledger(db) as led:
        if "claims" not in inspect(led.engine).get_table_names():
            return False
        return led.stats()["claims"] > 0


def db_megabytes(db: str):
    if not is_url(db):
        return round(os.path.getsize(db) / 1e6, 1)
    from sqlalchemy import text

    from claimledger.ledger.store import Ledger

    with Ledger(db) as led, led.engine.connect() as conn:
        return round(conn.execute(text("SELECT pg_database_size(current_database())")).scalar() / 1e6, 1)


# --- the server -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int, log, workers: int = 1) -> subprocess.Popen:
    return subprocess.Popen([str(CLI), "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port),
                             "--workers", str(workers)],
                            stdout=log, stderr=subprocess.STDOUT, cwd=os.path.dirname(db) if not is_url(db) else None,
                            start_new_session=True)


def wait_up(base: str, proc: subprocess.Popen, timeout: float = 60) -> float:
    import httpx

    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(base + "/api/stats", timeout=2).status_code == 200:
                return time.perf_counter() - t0
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server did not answer")


def settle(base: str, limit: float = 90) -> None:
    """Wait until the server answers a light request quickly (work left by an earlier run is done)."""
    import httpx

    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit:
        t1 = time.perf_counter()
        try:
            httpx.get(base + "/api/stats", timeout=limit)
        except httpx.HTTPError:
            pass
        if time.perf_counter() - t1 < 0.05:
            return
        time.sleep(0.5)


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# --- the load generator (runs in its own process) ----------------------------------------------------


def pct(sorted_vals: list[float], p: float) -> float:
    if not sorted_vals:
        return float("nan")
    k = min(len(sorted_vals) - 1, max(0, int(round(p / 100 * len(sorted_vals) + 0.5)) - 1))
    return sorted_vals[k]


async def drive(base: str, urls: list[str], rate: float, duration: float, timeout: float) -> dict:
    import httpx

    n = int(rate * duration)  # the hard cap
    lat: list[float] = []
    errors: dict[str, int] = {}
    limits = httpx.Limits(max_connections=128, max_keepalive_connections=128)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        loop = asyncio.get_running_loop()
        start = loop.time() + 0.05

        async def one(i: int, url: str):
            due = start + i / rate
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            try:
                left = timeout - (loop.time() - due)  # the deadline counts from the scheduled time
                if left <= 0:
                    raise asyncio.TimeoutError
                r = await asyncio.wait_for(client.get(url), left)
                if r.status_code != 200:
                    errors[str(r.status_code)] = errors.get(str(r.status_code), 0) + 1
                    return
            except asyncio.TimeoutError:
                errors["late"] = errors.get("late", 0) + 1
                return
            except Exception as e:  # refused or reset connections, pool exhaustion
                errors[type(e).__name__] = errors.get(type(e).__name__, 0) + 1
                return
            lat.append(loop.time() - due)

        tasks = [asyncio.create_task(one(i, urls[i % len(urls)])) for i in range(n)]
        await asyncio.gather(*tasks)
        wall = loop.time() - start
    lat.sort()
    ok = len(lat)
    return {"sent": n, "ok": ok, "errors": sum(errors.values()), "error_kinds": errors,
            "wall_s": round(wall, 2), "achieved_rps": round(ok / wall, 1) if wall else 0.0,
            "p50_ms": round(pct(lat, 50) * 1000, 1), "p99_ms": round(pct(lat, 99) * 1000, 1),
            "max_ms": round(lat[-1] * 1000, 1) if lat else None, "load": loadavg()}


def client_main(argv: list[str]) -> None:
    spec = json.loads(sys.stdin.read())
    res = asyncio.run(drive(spec["base"], spec["urls"], spec["rate"], spec["duration"], spec["timeout"]))
    print(json.dumps(res))


def run_client(base: str, urls: list[str], rate: float, duration: float, timeout: float) -> dict:
    spec = json.dumps({"base": base, "urls": urls, "rate": rate, "duration": duration, "timeout": timeout})
    out = subprocess.run([sys.executable, __file__, "--client"], input=spec, capture_output=True, text=True,
                         timeout=duration * 3 + timeout + 60)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- main ----------------------------------------------------------------------------------------------


def claims_urls(rnd: random.Random, n: int) -> list[str]:
    urls = []
    for _ in range(n):
        q = ["limit=50"]
        r = rnd.random()
        if r < 0.2:
            pass  # the first page, newest articles
        if r >= 0.2:
            q.append(f"metric={rnd.choice(METRICS)[0]}")
        if r >= 0.45:
            q.append(f"actor={rnd.choice(ACTORS)[1]}")
        if r >= 0.2 and rnd.random() < 0.7:
            q.append(f"since={(START + timedelta(days=rnd.randrange(DAYS))).isoformat()}")
        if rnd.random() < 0.1:
            q.append("sort=-value")
        if rnd.random() < 0.05:
            q.append(f"q={rnd.choice(PLACES)[0].split()[0]}")
        urls.append("/api/claims?" + "&".join(q))
    return urls


def main() -> None:
    if "--client" in sys.argv:
        client_main(sys.argv)
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--docs", type=int, default=4_000)
    ap.add_argument("--rate", type=float, default=200.0, help="requests per second (open loop)")
    ap.add_argument("--duration", type=float, default=20.0, help="seconds per endpoint")
    ap.add_argument("--timeout", type=float, default=5.0, help="a slower answer is an error")
    ap.add_argument("--figure-wait", type=float, default=240.0,
                    help="longest wait for the first figure (the reconciliation of the ledger)")
    ap.add_argument("--db", help="reuse (or keep) the ledger at this path, or a postgresql:// URL (an empty "
                                 "database is filled first)")
    ap.add_argument("--only", nargs="*", choices=["claim", "claims-first-page", "figure-one", "claims", "figure-any"])
    ap.add_argument("--workers", type=int, default=1, help="server processes (claimledger serve --workers)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    import httpx

    tmp = tempfile.mkdtemp(prefix="claimledger-bench-api-")
    db = args.db or os.path.join(tmp, "ledger.db")
    report: dict = {"rate": args.rate, "duration_s": args.duration, "cpus": os.cpu_count(), "load_before": loadavg()}
    proc = None
    try:
        if not ledger_exists(db):
            report["ledger"] = build_ledger(db, args.docs, args.claims)
            print(f"ledger: {report['ledger']['claims']:,} claims in {report['ledger']['documents']:,} documents, "
                  f"built in {report['ledger']['build_seconds']} s", file=sys.stderr)
        ids = claim_ids(db)
        report["claims_in_ledger"] = len(ids)
        report["db_mb"] = db_megabytes(db)
        report["backend"] = "postgresql" if is_url(db) else "sqlite"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(os.path.join(tmp, "server.log"), "w")
        proc = start_server(db, port, log, args.workers)
        report["workers"] = args.workers
        report["startup_s"] = round(wait_up(base, proc), 2)
        rnd = random.Random(11)
        # warm up: the code paths and SQLite's page cache (not the response cache: other URLs are measured)
        with httpx.Client(base_url=base, timeout=60) as c:
            for u in claims_urls(random.Random(99), 30):
                c.get(u)
            for cid in random.Random(98).sample(ids, 30):
                c.get(f"/api/claims/{cid}")
            # the first figure: reconciliation of the whole ledger happens here
            t0 = time.perf_counter()
            fig_ids: list[str] = []
            first = None
            while time.perf_counter() - t0 < args.figure_wait:
                try:
                    r = c.get("/api/figures?limit=500&scope=all", timeout=args.figure_wait)
                except httpx.TimeoutException:
                    break
                if r.status_code == 200:
                    first = time.perf_counter() - t0
                    fig_ids = [f["id"] for f in r.json()["items"]]
                    report["figures_total"] = r.json()["total"]
                    break
                time.sleep(1)
            report["first_figure_list_s"] = round(first, 2) if first is not None else None
            if fig_ids:
                t1 = time.perf_counter()
                c.get(f"/api/figures/{fig_ids[0]}")
                report["first_figure_s"] = round(time.perf_counter() - t1, 3)
            # the server makes every figure's JSON once the reconciliation is done: wait for that
            while time.perf_counter() - t0 < args.figure_wait:
                h = c.get("/healthz").json()
                made, total = h.get("figure_bodies", [0, 0])
                if h.get("figures") == "current" and made >= total:
                    break
                time.sleep(0.5)
            report["figures_ready_s"] = round(time.perf_counter() - t0, 2)
        print(f"server up in {report['startup_s']} s; reconciliation (first figure list) "
              f"{report['first_figure_list_s']} s; every figure's JSON ready after {report['figures_ready_s']} s; "
              f"figures: {report.get('figures_total')}", file=sys.stderr)

        # the order matters: an overloaded run leaves work queued in the server, so the
        # runs expected to overload it come last, and each run waits for the server to settle
        one_fig = f"/api/figures/{fig_ids[0]}" if fig_ids else None
        plans = {
            "claim": [f"/api/claims/{cid}" for cid in rnd.sample(ids, min(len(ids), 5000))],
            "claims-first-page": ["/api/claims?limit=50"],
            "figure-one": [one_fig] if one_fig else [],
            "claims": claims_urls(rnd, 5000),
            "figure-any": [f"/api/figures/{rnd.choice(fig_ids)}" for _ in range(5000)] if fig_ids else [],
        }
        report["endpoints"] = {}
        for name, urls in plans.items():
            if args.only and name not in args.only:
                continue
            if not urls:
                report["endpoints"][name] = {"skipped": "no figure within --figure-wait"}
                continue
            settle(base)
            if len(set(urls)) <= 10:  # a "cached" run: put its answers in the cache first, one at a time
                with httpx.Client(base_url=base, timeout=60) as c:
                    for u in sorted(set(urls)):
                        c.get(u)
            res = run_client(base, urls, args.rate, args.duration, args.timeout)
            res["urls"] = len(set(urls))
            report["endpoints"][name] = res
            print(f"{name:18} {res['achieved_rps']:7.1f} req/s  p50 {res['p50_ms']:7.1f} ms  p99 "
                  f"{res['p99_ms']:7.1f} ms  max {res['max_ms']} ms  errors {res['errors']} {res['error_kinds'] or ''}"
                  f"  load {res['load']}", file=sys.stderr)
        report["server_rss_mb"] = _rss_mb(proc.pid)
    finally:
        if proc is not None:  # the server and its worker processes
            import signal

            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        if not args.db:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"| endpoint | sent | req/s | p50 ms | p99 ms | max ms | errors | load (1/5/15) |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for name, r in report["endpoints"].items():
            if "skipped" in r:
                print(f"| {name} | – | – | – | – | – | – | {r['skipped']} |")
            else:
                print(f"| {name} | {r['sent']} | {r['achieved_rps']} | {r['p50_ms']} | {r['p99_ms']} | "
                      f"{r['max_ms']} | {r['errors']} | {r['load']} |")


def _rss_mb(pid: int):
    """Resident memory of the server and its worker processes."""
    def one(p) -> int:
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    kids = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        kids.append(int(d))
            except (OSError, ValueError, IndexError):
                pass
    total = one(pid) + sum(one(k) for k in kids)
    return round(total / 1024, 1) if total else None


if __name__ == "__main__":
    main()
