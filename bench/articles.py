"""Benchmark: article main-text extraction against trafilatura alone, speed and F1.

Over the article-extraction-benchmark pages (181 real news/blog pages), in the same run,
interleaved page by page so every extractor sees the same machine state:
  plain       trafilatura.extract(html)                      (library defaults)
  plain-nc    trafilatura.extract(html, include_comments=False)  (the benchmark's usual setting)
  ours        pipeline.text.extract_article(html_bytes, url)  (decode, extract, clean, fallback)
  ours+date   extract_article + pipeline.dates.published_date (its own parse for the date)
  whole       pipeline.articles.analyse_article_html: what the crawl runs per article page
              (text, date from the same tree, authorities, relevance, hash, fingerprint);
              pages it refuses as non-articles count with empty text
Prints pages/s, ratio to plain, and each extractor's F1/precision/recall with the benchmark's
own metric (../shared/eval/score_extraction.py), measured on the outputs of this very run.
Targets (issue 4): whole >= 0.8 x plain pages/s (the exit status); ours F1 >= 0.965.

    .venv/bin/python bench/articles.py [--rounds N] [--eval DIR]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.analyse import AnalyseError  # noqa: E402
from pipeline.articles import analyse_article_html  # noqa: E402
from pipeline.dates import published_date  # noqa: E402
from pipeline.text import extract_article  # noqa: E402

DEFAULT_EVAL = Path(os.environ.get("CSWATCH_SHARED", ROOT.parent / "shared")) / "eval"
TARGET_SPEED = 0.8
FETCHED = datetime(2026, 1, 1, tzinfo=UTC)


def load_scorer(eval_dir: Path):
    spec = importlib.util.spec_from_file_location(
        "score_extraction", eval_dir / "score_extraction.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def whole(html: bytes, url: str) -> str:
    """The crawl's whole per-page normalisation; non-articles are refused, as in a crawl."""
    try:
        return analyse_article_html(
            html, url=url or "https://example.invalid/", fetched_at=FETCHED
        ).text
    except AnalyseError:
        return ""


def ours_with_date(html: bytes, url: str) -> str:
    text = extract_article(html, url).text
    published_date(html=html, url=url, fetched_at=FETCHED)
    return text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    args = ap.parse_args()
    data_dir = args.eval / "article-extraction-benchmark"
    if not data_dir.is_dir():
        print(f"benchmark not found under {data_dir}", file=sys.stderr)
        return 2
    se = load_scorer(args.eval)
    gt = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf8"))
    ids = sorted(gt)
    # the crawler hands over bytes; trafilatura alone gets the same bytes
    pages = [(i, gzip.decompress((data_dir / "html" / f"{i}.html.gz").read_bytes())) for i in ids]
    urls = {i: gt[i].get("url") or "" for i in ids}

    extractors: dict[str, Callable[[bytes, str], str | None]] = {
        "plain": lambda h, u: trafilatura.extract(h),
        "plain-nc": lambda h, u: trafilatura.extract(h, include_comments=False),
        "ours": lambda h, u: extract_article(h, u).text,
        "ours+date": ours_with_date,
        "whole": whole,
    }
    for i, html in pages[:20]:  # warm-up: imports, regex compilation, caches
        for fn in extractors.values():
            fn(html, urls[i])

    totals = {name: [0.0] * args.rounds for name in extractors}
    outputs: dict[str, dict[str, str]] = {name: {} for name in extractors}
    for r in range(args.rounds):
        for i, html in pages:
            for name, fn in extractors.items():
                t0 = time.perf_counter()
                out = fn(html, urls[i])
                totals[name][r] += time.perf_counter() - t0
                outputs[name][i] = out or ""

    truth = {i: gt[i].get("articleBody", "") for i in ids}
    best = {name: min(t) for name, t in totals.items()}
    base = len(pages) / best["plain"]
    print(
        f"{len(pages)} pages, best of {args.rounds} rounds; F1 with the benchmark metric (4-grams)"
    )
    print(f"{'extractor':<10} {'pages/s':>8} {'x plain':>8} {'F1':>7} {'P':>7} {'R':>7}")
    for name in extractors:
        m, _ = se.score(truth, outputs[name], n=4, n_bootstrap=0)
        pps = len(pages) / best[name]
        print(
            f"{name:<10} {pps:8.1f} {pps / base:8.2f} "
            f"{m['f1']:7.4f} {m['precision']:7.4f} {m['recall']:7.4f}"
        )
    ratio = best["plain"] / best["whole"]
    print(
        f"whole normalisation / plain trafilatura speed: {ratio:.2f}x (target >= {TARGET_SPEED}x)"
    )
    return 0 if ratio >= TARGET_SPEED else 1


if __name__ == "__main__":
    sys.exit(main())
