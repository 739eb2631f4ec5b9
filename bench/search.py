"""Search and timeline benchmark for the archive on SQLite and PostgreSQL.

Generates N synthetic documents (press articles, government notices and inspection reports
with judgements) over the authorities of the register (153 current ones; synthetic codes if
the register is unavailable) and 2009–2026, loads them through storage/ (the bulk path,
`Archive.bulk_insert_documents`), and times the query classes of the foundation issue:

    selective word · common word · phrase · word + authority + date range · timeline

Each query goes through the public Archive API (count + page of 20 + snippets + tags), with
its parameters rotated over a pool so no single cached answer is timed. Example:

    .venv/bin/python bench/search.py --n 1000000 --backends sqlite,postgresql

Text: a Zipf-distributed vocabulary (real children's-services words at the head, generated
words in the tail) with domain phrases mixed in, 80–400 words a document.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.records import AuthorityTag, Document, Inspection, Judgement  # noqa: E402
from storage import Archive  # noqa: E402

HEAD_WORDS = """the of and to in a for is that on was with by be council services children's
children social care as are at it from this has have which local authority report ofsted young
people an not their will been were or families support service inspection work staff more than
said also its new they all leaders had but one child who there education would after about
can year other government practice improvement help protection plans review over safeguarding
quality management some most when number out into these time schools health needs early
foster placements carers homes adoption court assessment cases caseloads agency workforce
budget funding cuts spending overspend director commissioner minister department directions
improvement notice trust partnership police partners leadership oversight audit practitioners
referrals front door thresholds missing exploitation criminal sexual county lines disabilities
send plans tribunal parents complaints ombudsman inquiry scrutiny cabinet members councillors
""".split()
PHRASES = [
    "care leavers",
    "looked after children",
    "serious case review",
    "child protection plans",
    "social workers",
    "children in care",
    "requires improvement",
    "independent reviewing officers",
    "multi agency safeguarding hub",
    "special educational needs",
]
SOURCES = ["communitycare", "cypnow", "bbc", "lgc", "localgov", "govuk", "ofsted"]
GRADES = ["outstanding", "good", "requires_improvement", "inadequate"]
START, END = date(2009, 1, 1), date(2026, 6, 30)


@dataclass
class Corpus:
    vocab: list[str]
    cum: list[float]
    codes: list[str]
    rng: random.Random

    def words(self, k: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=k)


def make_corpus(seed: int, tail: int = 30_000) -> Corpus:
    rng = random.Random(seed)
    letters = "bcdfghjklmnprstvwz"
    vowels = "aeiou"
    seen = set(HEAD_WORDS)
    generated: list[str] = []
    while len(generated) < tail:
        w = "".join(rng.choice(letters) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            generated.append(w)
    vocab = list(dict.fromkeys(HEAD_WORDS)) + generated
    weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(vocab))]  # Zipf-like
    try:
        from pipeline.authorities import register

        codes = [a.code for a in register().all() if a.valid_to is None]
    except Exception:  # noqa: BLE001 - the bench must run without the register
        codes = []
    if len(codes) < 100:
        codes = [f"E0{6 + i % 4}{i:06d}" for i in range(153)]
    return Corpus(vocab, list(accumulate(weights)), sorted(codes), rng)


def _sentence(c: Corpus, n: int) -> str:
    words = c.words(n)
    if c.rng.random() < 0.35:
        words.insert(c.rng.randrange(len(words) + 1), c.rng.choice(PHRASES))
    return " ".join(words).capitalize() + "."


def generate(c: Corpus, n: int) -> Iterator[Document]:
    span = (END - START).days
    for i in range(n):
        roll = c.rng.random()
        kind = (
            "news_article"
            if roll < 0.7
            else "government_notice"
            if roll < 0.9
            else ("inspection_report")
        )
        code = c.rng.choice(c.codes)
        published = START + timedelta(days=c.rng.randrange(span))
        length = c.rng.randint(80, 400)
        body = " ".join(_sentence(c, 16) for _ in range(length // 16))
        title = " ".join(c.words(c.rng.randint(5, 10))).capitalize()
        inspection = None
        if kind == "inspection_report":
            inspection = Inspection(
                type=c.rng.choice(["ilacs_standard", "ilacs_short", "focused_visit", "sif"]),
                framework="ilacs_2018",
                authority_code=code,
                published=published,
                judgements=[Judgement("overall_effectiveness", c.rng.choice(GRADES))],
            )
        yield Document(
            kind=kind,
            url=f"https://bench.example/{kind}/{i}",
            source="ofsted" if inspection else c.rng.choice(SOURCES),
            title=title,
            text=body,
            published=published,
            authorities=[AuthorityTag(code, "subject")],
            inspection=inspection,
        )


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, object]:
    fn()  # warm the caches the way a serving process would be warm
    samples, last = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        last = fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return percentile(samples, 50), percentile(samples, 95), last


def doc_frequency(archive: Archive, word: str) -> int:
    return archive.search(word, limit=0).total


def run_queries(archive: Archive, c: Corpus, n: int, runs: int) -> dict[str, dict]:
    rng = random.Random(7)
    # Word pools chosen by measured document frequency, so "selective" and "common" mean
    # the same at every N: selective ≈ 0.05–0.5 % of documents, common ≥ 20 %.
    tail = c.vocab[len(HEAD_WORDS) :]
    selective = rng.sample(tail[2500:15000], 80)
    selective = [w for w in selective if 0.0005 * n <= doc_frequency(archive, w) <= 0.005 * n]
    common = [
        w
        for w in ["council", "services", "social", "care", "local", "report", "young"]
        if doc_frequency(archive, w) >= 0.2 * n
    ]
    mid = [w for w in ["funding", "caseloads", "adoption", "tribunal", "ombudsman", "foster"]]
    pools: dict[str, Callable[[], object]] = {}
    cycle = {"i": 0}

    def pick(seq: list) -> object:
        cycle["i"] += 1
        return seq[cycle["i"] % len(seq)]

    def span() -> tuple[date, date]:
        y = rng.randint(2009, 2023)
        return date(y, 1, 1), date(y + 3, 12, 31)

    pools["selective word"] = lambda: archive.search(pick(selective))
    pools["common word"] = lambda: archive.search(pick(common))
    pools["phrase"] = lambda: archive.search(f'"{pick(PHRASES)}"')
    rare_phrases = _phrases_from_documents(archive, rng, n)
    pools["  … a selective phrase"] = lambda: archive.search(f'"{pick(rare_phrases)}"')

    def filtered(words: list[str]) -> Callable[[], object]:
        def run() -> object:
            since, until = span()
            return archive.search(pick(words), authority=pick(c.codes), since=since, until=until)

        return run

    # The word of the filtered class is taken from the mid pool (each in ~15-20 % of documents)
    # and, as a second line, from the selective pool.
    pools["word + authority + date range"] = filtered(mid)
    pools["  … with a selective word"] = filtered(selective)
    pools["timeline"] = lambda: archive.timeline(pick(c.codes))
    out: dict[str, dict] = {}
    for name, fn in pools.items():
        p50, p95, last = timed(fn, runs)
        size = len(last) if isinstance(last, list) else last.total  # type: ignore[attr-defined]
        out[name] = {"p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "last_result_size": size}
        print(f"  {name:32s} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   (last: {size} rows)")
    out["_pools"] = {"selective": selective[:5], "common": common, "mid": mid}
    return out


def _phrases_from_documents(archive: Archive, rng: random.Random, n: int) -> list[str]:
    """Two adjacent generated (tail) words read from random documents: phrases that exist
    but are rare, unlike the domain phrases mixed into ~40 % of documents."""
    from sqlalchemy import select

    from storage.models import Document as Row

    head = set(HEAD_WORDS)
    out: list[str] = []
    with archive.session() as s:
        for doc_id in rng.sample(range(1, n + 1), 40):
            body = s.execute(select(Row.text).where(Row.id == doc_id)).scalar() or ""
            words = body.replace(".", "").lower().split()
            pairs = [
                f"{a} {b}"
                for a, b in zip(words, words[1:], strict=False)
                if a not in head and b not in head
            ]
            if pairs:
                out.append(rng.choice(pairs))
    return out[:20]


def load(url: str, n: int, seed: int, batch: int) -> tuple[Archive, float | None]:
    archive = Archive.open(url)
    have = _count(archive)
    if have == n:
        print(f"  reusing {have} documents already loaded")
        return archive, None
    if have:
        raise SystemExit(f"{url} holds {have} documents, not {n}: use a fresh database")
    c = make_corpus(seed)
    # Generation is not ingest: documents are made in chunks outside the timed region, and
    # only Archive.bulk_insert_documents (rows, tags, inspections, events, FTS) is timed.
    spent, done, step = 0.0, 0, max(min(n // 10, 100_000), batch)
    it = generate(c, n)
    while done < n:
        chunk = [next(it) for _ in range(min(step, n - done))]
        t0 = time.perf_counter()
        done += archive.bulk_insert_documents(chunk, batch_size=batch)
        spent += time.perf_counter() - t0
        print(f"  loaded {done:>9,} docs  {done / spent:8.0f} docs/s", flush=True)
    return archive, n / spent


def _count(archive: Archive) -> int:
    from sqlalchemy import func, select

    from storage.models import Document as Row

    with archive.session() as s:
        return s.execute(select(func.count()).select_from(Row)).scalar_one()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000, help="documents to generate")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument(
        "--sqlite-path", default=None, help="default: $TMPDIR/cswatch-bench-search-N.db"
    )
    ap.add_argument(
        "--pg-url",
        default=os.environ.get("CSWATCH_BENCH_PG"),
        help="default: a database cswatch_bench_N on postgres@127.0.0.1:5432",
    )
    ap.add_argument("--runs", type=int, default=40, help="timed runs per query class")
    ap.add_argument("--batch", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=2009)
    ap.add_argument("--json", dest="json_out", default=None, help="write results here too")
    args = ap.parse_args(argv)

    results: dict[str, dict] = {}
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        if backend == "sqlite":
            default = Path(tempfile.gettempdir()) / f"cswatch-bench-search-{args.n}.db"
            path = Path(args.sqlite_path or default)
            path.parent.mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{path}"
        else:
            url = args.pg_url or _pg_database(args.n)
        print(f"[{backend}] {url}")
        archive, rate = load(url, args.n, args.seed, args.batch)
        if rate is not None:
            print(f"  ingest: {rate:,.0f} docs/s")
        c = make_corpus(args.seed)
        queries = run_queries(archive, c, args.n, args.runs)
        results[backend] = {"n": args.n, "ingest_docs_per_s": rate and round(rate), **queries}
        archive.close()
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=2, default=str))
    return 0


def _pg_database(n: int) -> str:
    from sqlalchemy import create_engine, text

    base = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    name = f"cswatch_bench_{n}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).first():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.rsplit("/", 1)[0] + "/" + name


if __name__ == "__main__":
    raise SystemExit(main())
