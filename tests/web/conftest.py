"""A small archive for the web tests, built through the Archive API in a temporary SQLite
file: Birmingham's inspections (inadequate → requires improvement → good), Northamptonshire
and its successor, a Kent notice, and a press article whose title, text and URL carry a
planted <script> and a javascript: URL, as a hostile page might."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pipeline.authorities import register
from pipeline.records import AuthorityTag, Capture, Document, Inspection, Judgement
from storage import Archive
from tests.web.browser_support import chromium, new_page

BIRMINGHAM, KENT = "E08000025", "E10000016"
NORTHANTS, NORTH_NORTHANTS, WEST_NORTHANTS = "E10000021", "E06000061", "E06000062"
SCRIPT = "<script>window.__pwned = true; alert(1)</script>"
HOSTILE_URL = "javascript:window.__pwned=true"
FETCHED = datetime(2024, 5, 1, 12, 30, tzinfo=UTC)


def report(
    n: int,
    code: str,
    published: date,
    grade: str | None,
    itype: str = "ilacs_standard",
    title: str | None = None,
    text: str | None = None,
) -> Document:
    judgements = (
        [Judgement("overall_effectiveness", grade, f"The overall effectiveness is {grade}", 2)]
        if grade
        else []
    )
    if grade:
        judgements.append(Judgement("leadership", grade, f"Leadership is {grade}", 3))
    return Document(
        kind="inspection_report",
        url=f"https://files.ofsted.gov.uk/v1/file/{n}",
        source="ofsted",
        title=title or f"Inspection of {register().get(code).name} children's services {n}",
        text=text
        or f"Leaders and managers in the council. Children's services are {grade}. "
        f"Social workers know their children well. Report {n}.",
        published=published,
        relevant=True,
        authorities=[AuthorityTag(code, "subject", 1.0, "title")],
        inspection=Inspection(
            type=itype,
            framework="ilacs_2018",
            authority_code=code,
            published=published,
            start=published.replace(day=1),
            end=published.replace(day=12),
            judgements=judgements,
        ),
    )


def press(
    n: int,
    title: str,
    text: str,
    published: date,
    code: str = BIRMINGHAM,
    url: str | None = None,
    kind: str = "news_article",
    source: str = "communitycare",
) -> Document:
    return Document(
        kind=kind,
        url=url or f"https://www.communitycare.co.uk/2020/01/01/story-{n}/",
        source=source,
        title=title,
        text=text,
        published=published,
        relevant=True,
        authorities=[AuthorityTag(code, "subject", 0.9, "Birmingham")],
    )


DOCUMENTS = [
    report(101, BIRMINGHAM, date(2014, 5, 23), "inadequate", "sif"),
    report(102, BIRMINGHAM, date(2019, 1, 17), "requires_improvement"),
    report(103, BIRMINGHAM, date(2023, 4, 18), "good"),
    report(
        104,
        BIRMINGHAM,
        date(2024, 10, 24),
        None,
        "focused_visit",
        title="Focused visit to Birmingham children's services",
    ),
    report(201, NORTHANTS, date(2019, 7, 29), "inadequate"),
    report(202, NORTH_NORTHANTS, date(2022, 11, 25), "requires_improvement"),
    press(
        301,
        f"Council news {SCRIPT}",
        f"Birmingham social workers said the trust improved. {SCRIPT} "
        '<img src=x onerror="window.__pwned=true"> inadequate caseloads were cut.',
        date(2020, 3, 2),
        url=HOSTILE_URL,
    ),
    press(
        302,
        "Kent children's services improvement notice lifted",
        "The Department for Education lifted the improvement notice on Kent.",
        date(2021, 6, 1),
        code=KENT,
        kind="government_notice",
        source="govuk",
        url="https://www.gov.uk/government/publications/kent-notice",
    ),
]
# Enough matches for "caseloads" to need two pages of search results.
DOCUMENTS += [
    press(
        400 + i,
        f"Caseloads report {i}",
        f"Birmingham caseloads story number {i}.",
        date(2015 + i % 8, 1 + i % 12, 1 + i % 27),
    )
    for i in range(25)
]


def build_archive(url: str) -> Archive:
    archive = Archive.open(url)
    archive.sync_authorities(register().all())
    for i, doc in enumerate(DOCUMENTS):
        capture = Capture(
            url=doc.url,
            final_url=doc.url,
            status=200,
            headers={"Content-Type": "application/pdf"},
            body=f"captured bytes {i}".encode(),
            fetched_at=FETCHED,
            source=doc.source,
        )
        archive.store_document(doc, archive.record_capture(capture))
    return archive


@pytest.fixture(scope="session")
def archive_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("web") / "archive.db"
    url = f"sqlite:///{path}"
    build_archive(url).close()
    return url


@pytest.fixture(scope="session")
def exports_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("exports")
    (base / "inside").mkdir()
    (base / "inside" / "archive.csv").write_text("id,title\n1,kept\n", encoding="utf-8")
    (base / "full.jsonl").write_text('{"id": 1}\n', encoding="utf-8")
    # A secret beside the export directory: no request may reach it.
    (base.parent / "secret.txt").write_text("do not serve", encoding="utf-8")
    return base


@pytest.fixture(scope="session")
def client(archive_url: str, exports_dir: Path) -> Iterator[TestClient]:
    from cswatch.web import create_app

    with TestClient(create_app(archive_url, exports_dir=exports_dir)) as c:
        yield c


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium, one per browser-test module."""
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, server):  # type: ignore[no-untyped-def]
    """A fresh page; `server` is the browser-test module's own (it picks the archive)."""
    with new_page(browser) as pg:
        yield pg


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives Debian's headless Chromium (/usr/bin/chromium); required in CI"
    )
