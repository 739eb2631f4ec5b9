"""Attribution and relevance figures: subject F1 and relevance accuracy on labelled press sets,
and milliseconds per 5,000-word article.

Run: .venv/bin/python bench/attribution_eval.py [SET ...] [--no-timing]

SET is a case file under tests/data or one of its short names: `old` (press_cases.jsonl, the
150 development cases whose last 28 were the first held-out set), `dev2` and `test2` (203 cases
written blind in one go and split at random; rules were tuned on dev2, test2 was measured once and
has since been used for development), `test3`, `test4` and `test5` (151, 178 and 164 cases, each
written blind before any run and measured blind once; their misses have since been used for
development), `test6` (199 cases written blind before any run as an ordinary daily mix, measured
blind once; its misses have since been used for development), `test7` (181 cases written blind
the same way, measured blind once; its misses have since been used for development), `test8`
(208 cases written blind the same way, measured blind once; its misses have since been used for
development) and `test9` (188 cases written blind the same way; its misses' kinds were used in
round 9). `test10` to `test18` are full-length articles (median ~370 words), two or three
sets a round, each written blind (from round 10 on from docs/LABELLING.md alone), measured
once and then used for the next round's rules; `test21` to `test24` measured the final rules
blind, twice (bench/RESULTS.md, "Full-length articles").
`real` is the 181 real news and blog pages of ../shared/eval/article-extraction-benchmark (their
ground-truth bodies, untitled): general news from 2019 (US politics, science, sport, tech), none
about English councils' children's services (checked by reading every page that says council,
Ofsted, social care or foster), so each is labelled not relevant with no subject: a check of
false positives on text nobody here wrote. With no SET, `old` is used."""

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

DATA = ROOT / "tests" / "data"
CASES = DATA / "press_cases.jsonl"
REAL = ROOT.parent / "shared" / "eval" / "article-extraction-benchmark" / "ground-truth.json"
# Short names: every tests/data/press_cases_NAME.jsonl is NAME ("dev2", "test2" ... "test24").
SETS = {
    "old": CASES,
    "real": REAL,
    **{p.stem.removeprefix("press_cases_"): p for p in DATA.glob("press_cases_*.jsonl")},
}


def load(path: Path) -> list[dict]:
    if path == REAL:
        pages = json.loads(path.read_text(encoding="utf-8"))
        return [
            {
                "id": key[:12],
                "title": "",
                "text": page["articleBody"],
                "published": "2019-11-20",
                "subjects": [],
                "mentioned": [],
                "relevant": False,
            }
            for key, page in sorted(pages.items())
        ]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def evaluate(path: Path = CASES) -> None:
    cases = load(path)
    print(f"== {path.name}")
    tp = fp = fn = right = 0
    named = found = 0  # labelled mentions, and those tagged in either role
    for c in cases:
        on = date.fromisoformat(c["published"]) if c["published"] else None
        tags = tag_authorities(c["title"], c["text"], published=on)
        got = {t.code for t in tags if t.role == SUBJECT}
        want = set(c["subjects"])
        named += len(c["mentioned"])
        found += len(set(c["mentioned"]) & {t.code for t in tags})
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        relevant = assess_relevance(c["title"], c["text"], tags=tags).relevant
        right += relevant == c["relevant"]
        if relevant != c["relevant"]:
            print(f"  relevance miss {c['id']}: got {relevant} want {c['relevant']}")
        if got != want:
            print(f"  subject miss {c['id']}: got {sorted(got)} want {sorted(want)}")
    if tp + fn == 0:  # a set of negatives only: every subject given is a false one
        print(f"cases {len(cases)}  subjects given {fp} (none wanted)")
    else:
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        print(f"cases {len(cases)}  subject F1 {f1:.3f} (P {precision:.3f} R {recall:.3f})")
    print(f"relevance accuracy {right / len(cases):.3f}")
    print(f"labelled mentions tagged (either role) {found}/{named}")


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
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    for name in args or ["old"]:
        evaluate(SETS.get(name) or DATA / name)
    if "--no-timing" not in sys.argv:
        timing()
