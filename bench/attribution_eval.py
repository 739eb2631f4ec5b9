"""Attribution and relevance figures: subject F1 and relevance accuracy on the labelled press
set, and milliseconds per 5,000-word article. Run: .venv/bin/python bench/attribution_eval.py"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.attribution import tag_authorities  # noqa: E402
from pipeline.relevance import assess_relevance  # noqa: E402
from pipeline.vocabulary import SUBJECT  # noqa: E402

CASES = ROOT / "tests" / "data" / "press_cases.jsonl"


def evaluate() -> None:
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line]
    tp = fp = fn = right = 0
    for c in cases:
        on = date.fromisoformat(c["published"]) if c["published"] else None
        tags = tag_authorities(c["title"], c["text"], published=on)
        got = {t.code for t in tags if t.role == SUBJECT}
        want = set(c["subjects"])
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        right += assess_relevance(c["title"], c["text"], tags=tags).relevant == c["relevant"]
        if got != want:
            print(f"  subject miss {c['id']}: got {sorted(got)} want {sorted(want)}")
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    print(f"cases {len(cases)}  subject F1 {f1:.3f} (P {precision:.3f} R {recall:.3f})")
    print(f"relevance accuracy {right / len(cases):.3f}")


def article(words: int = 5000) -> tuple[str, str]:
    """A long article: the labelled texts joined until `words` words."""
    texts = [json.loads(line)["text"] for line in CASES.read_text(encoding="utf-8").splitlines()]
    body, i = [], 0
    while sum(len(t.split()) for t in body) < words:
        body.append(texts[i % len(texts)])
        i += 1
    text = "\n\n".join(body)
    return "Birmingham children's services rated inadequate", " ".join(text.split()[:words])


def timing(runs: int = 30) -> None:
    title, text = article()
    tag_authorities(title, text)  # compile the matcher once
    for name, fn in [
        ("tag_authorities", lambda: tag_authorities(title, text, published=date(2020, 1, 1))),
        ("assess_relevance (with tagging)", lambda: assess_relevance(title, text)),
    ]:
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - start) * 1000)
        print(f"{name}: median {statistics.median(samples):.1f} ms per 5,000-word article")


if __name__ == "__main__":
    evaluate()
    timing()
