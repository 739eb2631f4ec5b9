"""Benchmark: the whole report analysis against raw pypdfium2 text extraction.

For every corpus PDF, in the same run and interleaved (so both see the same machine state):
  raw    open with pypdfium2, get every page's text, close  (the floor any reader pays)
  whole  pipeline.reports.analyse_report (extraction + metadata + parsing + Document)
Prints ms per report and the ratio; the target is whole <= 1.3 x raw.

    .venv/bin/python bench/reports.py [--rounds N] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.reports import analyse_report  # noqa: E402

DEFAULT_CORPUS = Path(os.environ.get("CSWATCH_SHARED", ROOT.parent / "shared")) / "corpus"
TARGET = 1.3


def raw_text(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return out
    finally:
        pdf.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()
    files = sorted((args.corpus / "ofsted" / "pdf").glob("*.pdf"))
    if not files:
        print(f"no PDFs under {args.corpus}/ofsted/pdf", file=sys.stderr)
        return 2
    blobs = [(f.name, f.read_bytes()) for f in files]
    for _, data in blobs:  # warm-up: library load, regex compilation, register load
        raw_text(data)
        analyse_report(data, url="bench")
    raw_totals, whole_totals = [], []
    for _ in range(args.rounds):
        raw_s = whole_s = 0.0
        for _, data in blobs:
            t0 = time.perf_counter()
            raw_text(data)
            t1 = time.perf_counter()
            analyse_report(data, url="bench")
            t2 = time.perf_counter()
            raw_s += t1 - t0
            whole_s += t2 - t1
        raw_totals.append(raw_s)
        whole_totals.append(whole_s)
    n = len(blobs)
    pages = sum(len(raw_text(d)) for _, d in blobs)
    raw_ms = statistics.median(raw_totals) / n * 1000
    whole_ms = statistics.median(whole_totals) / n * 1000
    ratio = whole_ms / raw_ms
    print(f"reports: {n} PDFs, {pages} pages, {args.rounds} rounds (median)")
    print(f"raw pypdfium2 text : {raw_ms:7.2f} ms/report")
    print(f"whole analyse      : {whole_ms:7.2f} ms/report")
    print(f"parse overhead     : {whole_ms - raw_ms:7.2f} ms/report")
    print(f"ratio whole/raw    : {ratio:7.3f}  (target <= {TARGET})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
