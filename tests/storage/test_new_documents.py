"""The crawl's set-wise batch store (storage/new_documents.py via storage/batch.py) stores and
links exactly as storing one document at a time does: same rows, same duplicates and rules,
same press ↔ inspection links, same results — on a mixed stream of press stories, copies,
near-copies, undated and unfingerprinted documents, and stories of graded inspections."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

import storage.batch as batch_module
from pipeline import dedupe
from pipeline.records import AuthorityTag, Capture, Document, Inspection, Judgement
from storage.archive import Archive
from storage.batch import BatchEntry, BatchResult, store_batch
from storage.links import link_document

BIRMINGHAM, KENT, LEEDS = "E08000025", "E10000016", "E08000035"
PLACES = {BIRMINGHAM: "Birmingham", KENT: "Kent", LEEDS: "Leeds"}
GRADES = ["good", "inadequate", "outstanding", "requires improvement"]
WORDS = (
    "inspectors found that social workers knew the children they worked with well and that "
    "leaders understood where practice still needed to improve across help and protection "
    "children in care and care leavers while caseloads had fallen since the last visit and "
    "the council said it welcomed the findings and would publish a plan for the year ahead "
    "with partners in health and the police so that families get help sooner"
).split()

CANONICAL = {
    "documents": "select d.canonical_url, d.kind, d.title, d.published, d.source_key, "
    "d.content_hash, d.fingerprint, d.relevant, d.capture_id is null, o.canonical_url "
    "from document d left join document o on o.id = d.duplicate_of",
    "tags": "select d.canonical_url, t.authority_code, t.role, t.score from document_authority t "
    "join document d on d.id = t.document_id",
    "events": "select e.authority_code, e.date, e.kind, e.title, d.canonical_url, "
    "di.canonical_url from event e left join document d on d.id = e.document_id "
    "left join inspection i on i.id = e.inspection_id "
    "left join document di on di.id = i.document_id",
    "captures": "select url, sha256, status from capture",
}


def canonical(archive: Archive) -> dict[str, list[tuple]]:
    with archive.engine.connect() as conn:
        out = {name: [tuple(r) for r in conn.execute(text(sql))] for name, sql in CANONICAL.items()}
    return {name: sorted(rows, key=repr) for name, rows in out.items()}


def capture(url: str, body: str) -> Capture:
    return Capture(
        url=url,
        final_url=url,
        status=200,
        headers={"Content-Type": "text/html; charset=utf-8"},
        body=body.encode(),
        fetched_at=datetime(2023, 6, 1, tzinfo=UTC),
        source="press",
    )


def report(n: int, code: str, grade: str, published: date) -> Document:
    return Document(
        kind="inspection_report",
        url=f"https://reports.test/{n}",
        source="ofsted",
        title=f"Inspection of {PLACES[code]}",
        text=f"report {n} {code} {grade}",
        published=published,
        relevant=True,
        authorities=[AuthorityTag(code, "subject", 1.0)],
        inspection=Inspection(
            type="ilacs_standard",
            framework="ilacs_2023",
            authority_code=code,
            published=published,
            judgements=[Judgement("overall_effectiveness", grade)],
        ),
    )


def stream(rng: random.Random, count: int) -> list[Document]:
    """Press-like documents that repeat each other in every way the links know about."""
    bases = [" ".join(rng.choice(WORDS) for _ in range(90)) for _ in range(30)]
    days = [date(2023, 4, 1) + timedelta(days=rng.randrange(60)) for _ in range(8)] + [None]
    docs = []
    for n in range(count):
        code = rng.choice(list(PLACES))
        grade = rng.choice(GRADES)
        words = rng.choice(bases).split()
        for _ in range(rng.choice([0, 0, 2, 6, 40])):  # a copy, a near-copy, a new story
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        body = " ".join(words) if rng.random() > 0.1 else "too short to fingerprint"
        title = rng.choice(
            [f"{PLACES[code]} children's services rated {grade}", f"Story {n}", "Council news"]
        )
        tags = [AuthorityTag(code, "subject", 1.0)]
        if rng.random() < 0.3:
            tags.append(
                AuthorityTag(rng.choice(list(PLACES)), rng.choice(["subject", "mentioned"]))
            )
        docs.append(
            Document(
                kind=rng.choice(["news_article"] * 6 + ["government_notice", "other"]),
                url=f"https://{rng.choice(['bbc', 'itv'])}.test/{n}",
                source=rng.choice(["bbc", "itv"]),
                title=title,
                text=f"{title}. {body}",
                published=rng.choice(days),
                content_hash=dedupe.content_hash(f"{title}. {body}"),
                fingerprint=dedupe.fingerprint(body),
                relevant=rng.random() > 0.1,
                authorities=tags,
            )
        )
    return docs


def one_at_a_time(archive: Archive, docs: list[Document]) -> list[tuple]:
    out = []
    for doc in docs:
        capture_id = archive.record_capture(capture(doc.url, doc.text))
        stored = archive.store_document(doc, capture_id=capture_id)
        linked = None
        if stored.status in ("new", "updated"):
            linked = link_document(archive, stored.document_id)
        out.append(BatchResult(capture_id, stored, linked))
    return out


def in_batches(archive: Archive, docs: list[Document], rng: random.Random) -> list[tuple]:
    out: list[BatchResult] = []
    start = 0
    while start < len(docs):
        size = rng.choice([1, 3, 7, 16, 64])
        part = docs[start : start + size]
        entries = [BatchEntry(capture(d.url, d.text), {}, None, d) for d in part]
        out += store_batch(archive, entries)
        start += size
    return out


def described(archive: Archive, results: list[BatchResult]) -> list[tuple]:
    """Results with ids replaced by the documents' URLs (ids are the same, but say so)."""
    with archive.engine.connect() as conn:
        urls = dict(conn.execute(text("select id, canonical_url from document")).all())
    out = []
    for r in results:
        s, link = r.stored, r.linked
        out.append(
            (
                s and (urls[s.document_id], s.status, urls.get(s.duplicate_of)),
                link and (urls.get(link.duplicate_of), link.rule, link.inspections_linked),
            )
        )
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_batches_store_and_link_as_one_at_a_time(
    db_url: str, tmp_path, request, monkeypatch, seed: int
) -> None:
    rng = random.Random(seed)
    setup = [
        report(1, BIRMINGHAM, "good", date(2023, 4, 20)),
        report(2, KENT, "inadequate", date(2023, 5, 2)),
        report(3, BIRMINGHAM, "inadequate", date(2023, 5, 25)),
        report(4, LEEDS, "outstanding", date(2023, 4, 5)),
    ]
    docs = stream(rng, 240)
    # The second half comes again, one of them changed: unchanged documents, and an update
    # (which is stored one at a time inside the batch).
    again = docs[120:]
    changed = Document(**{**again[5].__dict__, "title": again[5].title + " (updated)"})
    again = again[:5] + [changed] + again[6:]

    fast_batches = []
    real_store_new = batch_module.store_new

    def counting(conn: Any, pairs: Any) -> Any:
        result = real_store_new(conn, pairs)
        fast_batches.append(result is not None)
        return result

    monkeypatch.setattr(batch_module, "store_new", counting)
    outcomes = []
    for name, store in (("one", one_at_a_time), ("batched", None)):
        url = db_url if name == "batched" else _sibling(db_url, tmp_path, request, seed)
        with Archive.open(url) as archive:
            if store is None:
                results = in_batches(archive, setup + docs + again, random.Random(seed))
            else:
                results = store(archive, setup + docs + again)
            outcomes.append((canonical(archive), described(archive, results)))
    (one_rows, one_results), (batch_rows, batch_results) = outcomes
    assert batch_rows == one_rows
    assert batch_results == one_results
    # The comparison means something: duplicates of each kind, links, and the fast path.
    rules = {r[1][1] for r in one_results if r[1]}
    assert {"same_story", "near_duplicate"} <= rules
    assert any(r[1] and r[1][2] for r in one_results), "no story linked to an inspection"
    assert any(r[0] and r[0][2] for r in one_results), "no exact copy"
    assert sum(fast_batches) > len(fast_batches) / 2


def _sibling(db_url: str, tmp_path, request, seed: int) -> str:
    """A second empty database on the same backend, for the one-at-a-time reference."""
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / f'reference-{seed}.db'}"
    return request.getfixturevalue("new_pg_url")().render_as_string(hide_password=False)
