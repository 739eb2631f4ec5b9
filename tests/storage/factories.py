"""Small builders for records and register entries used across the storage tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from pipeline.records import AuthorityTag, Capture, Document, Inspection, Judgement

BIRMINGHAM = "E08000025"
KENT = "E10000016"
NORTHAMPTONSHIRE = "E10000021"
NORTH_NORTHANTS = "E06000061"
WEST_NORTHANTS = "E06000062"


@dataclass(frozen=True)
class FakeAuthority:
    """Shaped like pipeline.authorities.Authority, so the tests do not depend on the register."""

    code: str
    name: str
    dfe_code: str | None = None
    urn: str | None = None
    short_name: str | None = None
    aliases: tuple[str, ...] = ()
    region: str | None = None
    kind: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    predecessors: tuple[str, ...] = ()
    successors: tuple[str, ...] = ()
    domain: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "extra"}


AUTHORITIES = [
    FakeAuthority(BIRMINGHAM, "Birmingham", "330", "2531139", aliases=("Birmingham City Council",)),
    FakeAuthority(KENT, "Kent", "886", "2616130"),
    FakeAuthority(
        NORTHAMPTONSHIRE,
        "Northamptonshire",
        "928",
        valid_to=date(2021, 3, 31),
        successors=(NORTH_NORTHANTS, WEST_NORTHANTS),
    ),
    FakeAuthority(
        NORTH_NORTHANTS,
        "North Northamptonshire",
        "940",
        valid_from=date(2021, 4, 1),
        predecessors=(NORTHAMPTONSHIRE,),
    ),
    FakeAuthority(
        WEST_NORTHANTS,
        "West Northamptonshire",
        "941",
        valid_from=date(2021, 4, 1),
        predecessors=(NORTHAMPTONSHIRE,),
    ),
]


def capture(
    url: str = "https://files.ofsted.gov.uk/v1/file/1", body: bytes = b"%PDF-1.4 x", **headers: str
) -> Capture:
    return Capture(
        url=url,
        final_url=url,
        status=200,
        headers={"Content-Type": "application/pdf", **headers},
        body=body,
        fetched_at=datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
        source="ofsted",
    )


def report(
    code: str = BIRMINGHAM,
    published: date = date(2016, 7, 21),
    grade: str = "inadequate",
    url: str = "https://files.ofsted.gov.uk/v1/file/1",
    text: str = "Children's services in the authority are inadequate. Leaders have not acted.",
    itype: str = "sif",
    title: str = "Inspection of services for children in need of help and protection",
) -> Document:
    return Document(
        kind="inspection_report",
        url=url,
        source="ofsted",
        title=title,
        text=text,
        published=published,
        authorities=[AuthorityTag(code, "subject", 1.0, "title")],
        inspection=Inspection(
            type=itype,
            framework="sif_2013",
            authority_code=code,
            published=published,
            judgements=[Judgement("overall_effectiveness", grade, "Overall: " + grade, 1)],
        ),
    )


def article(
    url: str,
    title: str,
    text: str,
    published: date | None,
    subjects: tuple[str, ...] = (BIRMINGHAM,),
    mentioned: tuple[str, ...] = (),
    source: str = "communitycare",
    kind: str = "news_article",
) -> Document:
    return Document(
        kind=kind,
        url=url,
        source=source,
        title=title,
        text=text,
        published=published,
        authorities=[AuthorityTag(c, "subject") for c in subjects]
        + [AuthorityTag(c, "mentioned") for c in mentioned],
    )
