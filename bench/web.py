"""Web benchmark: server time of the authority page and the search page on a large archive.

Builds (or reuses) a synthetic archive with bench/search.py's generator (press articles,
notices and inspection reports with judgements over the 153 current authorities, 2009–2026)
plus the authority register, then requests pages in-process through the ASGI app (Starlette's
TestClient: no sockets, so the figure is the server's own time: routing, queries, templates).
Each page class rotates its parameters over a pool so no single cached answer is timed.

    .venv/bin/python bench/web.py --n 1000000
    .venv/bin/python bench/web.py --db sqlite:///path/to/archive.db   # an existing archive

Targets (issue 5): authority page < 200 ms, search page < 300 ms at 1M documents.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.search import PHRASES, load, make_corpus  # noqa: E402
from pipeline.authorities import register  # noqa: E402
from storage import Archive  # noqa: E402
from storage.db import create_engine_for  # noqa: E402
from storage.migrate import current_revision, head_revision, upgrade  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))]


def timed(get: Callable[[], object], runs: int, status: int = 200) -> dict[str, float]:
    """Wall-clock time per request, and the process's CPU time per request: SQLite, the app
    and the test client all run in this process, so on a machine shared with other work the
    CPU time is what the request cost, and the wall clock adds the time spent waiting for a
    core."""
    get()  # warm: a serving process has its caches warm
    samples, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        response = get()
        samples.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        assert response.status_code == status, response.text[:300]  # type: ignore[attr-defined]
    return {
        "p50_ms": round(percentile(samples, 50), 1),
        "p95_ms": round(percentile(samples, 95), 1),
        "mean_ms": round(statistics.fmean(samples), 1),
        "cpu_p50_ms": round(percentile(cpu, 50), 1),
        "cpu_p95_ms": round(percentile(cpu, 95), 1),
    }


def run(url: str, runs: int, seed: int) -> dict[str, dict[str, float]]:
    from fastapi.testclient import TestClient

    from cswatch.web import create_app

    rng = random.Random(seed)
    codes = [a.code for a in register().current()]
    corpus = make_corpus(2009)
    tail = corpus.vocab[len(corpus.vocab) - 25_000 :]
    words = {
        "selective word": [rng.choice(tail[:10_000]) for _ in range(40)],
        "common word": ["council", "services", "social", "care", "children"],
        "phrase": [f'"{p}"' for p in PHRASES],
    }
    state = {"i": 0}

    def pick(seq: list) -> object:
        state["i"] += 1
        return seq[state["i"] % len(seq)]

    client = TestClient(create_app(url))
    drawn = codes[:10]
    etags: dict[str, str] = {}

    def etag(code: str) -> str:
        if code not in etags:
            etags[code] = client.get(f"/authorities/{code}/chart.svg").headers["etag"]
        return etags[code]

    def revalidate(code: str) -> object:
        return client.get(f"/authorities/{code}/chart.svg", headers={"if-none-match": etag(code)})

    pages: dict[str, Callable[[], object]] = {
        "authority page": lambda: client.get(f"/authorities/{pick(codes)}"),
        "authority JSON": lambda: client.get(f"/api/authorities/{pick(codes)}"),
        "search page: selective word": lambda: client.get(
            "/search", params={"q": pick(words["selective word"])}
        ),
        "search page: common word": lambda: client.get(
            "/search", params={"q": pick(words["common word"])}
        ),
        "search page: phrase": lambda: client.get("/search", params={"q": pick(words["phrase"])}),
        "search page: word + authority + year": lambda: client.get(
            "/search",
            params={"q": "funding", "authority": pick(codes), "year": rng.randint(2010, 2025)},
        ),
        "search page: common word + grade filter": lambda: client.get(
            "/search", params={"q": pick(words["common word"]), "grade": "inadequate"}
        ),
        "search feed (Atom, newest 50)": lambda: client.get(
            "/search/feed.atom", params={"q": pick(words["selective word"])}
        ),
        "authority feed (Atom, newest 50)": lambda: client.get(
            f"/authorities/{pick(codes)}/feed.atom"
        ),
        "home page": lambda: client.get("/"),
        # Each authority's chart once: drawn by matplotlib, then kept in the app's cache.
        "chart SVG, first request (drawn)": lambda: client.get(
            f"/authorities/{pick(codes)}/chart.svg"
        ),
        # The same charts again, as the authority pages of a running server ask for them.
        "chart SVG, cached": lambda: client.get(f"/authorities/{pick(drawn)}/chart.svg"),
        # A browser revalidating its copy (If-None-Match): 304, no body.
        "chart SVG, revalidated (304)": lambda: revalidate(pick(drawn)),
    }
    out = {}
    for name, get in pages.items():
        if "cached" in name or "revalidated" in name:
            for code in drawn:  # drawn and cached before timing, outside the timed region
                etag(code)
        status = 304 if "revalidated" in name else 200
        out[name] = timed(get, runs if "home" not in name else max(5, runs // 4), status)
        r = out[name]
        print(
            f"  {name:40s} p50 {r['p50_ms']:8.1f} ms   p95 {r['p95_ms']:8.1f} ms"
            f"   cpu p50 {r['cpu_p50_ms']:7.1f} ms   p95 {r['cpu_p95_ms']:7.1f} ms",
            flush=True,
        )
    return out


def upgrade_in_place(url: str) -> None:
    """Bring an archive built by an older cswatch to the current schema (Archive.open would do
    it too), timed: e.g. 0005 builds the index of graded documents."""
    engine = create_engine_for(url)
    with engine.connect() as conn:
        before = current_revision(conn)
    if before is not None and before != head_revision():
        t0 = time.perf_counter()
        upgrade(engine)
        print(f"  migrated {before} -> {head_revision()} in {time.perf_counter() - t0:.1f} s")
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="documents to generate")
    ap.add_argument("--db", default=None, help="an existing archive URL (skips generation)")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--batch", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", dest="json_out", default=None)
    args = ap.parse_args(argv)
    url = args.db
    if url is None:
        path = Path(__file__).parent / ".data" / f"web-{args.n}.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
        if path.exists():
            upgrade_in_place(url)
        archive, rate = load(url, args.n, 2009, args.batch)
        if rate:
            print(f"  ingest: {rate:,.0f} docs/s")
        archive.close()
    upgrade_in_place(url)
    archive = Archive.open(url)
    # The register gives the authority pages their names, predecessors and national grid.
    archive.sync_authorities(register().all())
    documents = archive.stats()["documents"]
    archive.close()
    print(f"[web] {url}: {documents:,} documents")
    results = {"documents": documents, **run(url, args.runs, args.seed)}
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
