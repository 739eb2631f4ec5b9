"""Records passed from crawlers through pipeline/ into storage/.

Plain dataclasses: the crawl, `cswatch analyse` and `cswatch reprocess` all build the same
records from bytes, and storage/ is the only layer that turns them into rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Capture:
    """One HTTP fetch as the crawler saw it. Never modified once stored."""

    url: str  # the URL as requested, in its real-world form (never the sample web's port)
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime  # timezone-aware, UTC
    source: str  # source key, e.g. "ofsted"

    @property
    def sha256(self) -> str:
        return sha256_hex(self.body)


@dataclass(frozen=True)
class AuthorityTag:
    """Which authority a document is about (subject) or only names (mentioned), and why."""

    code: str  # ONS code, e.g. E08000025
    role: str  # vocabulary.SUBJECT | vocabulary.MENTIONED
    score: float = 1.0
    evidence: str = ""  # the matched span or the rule that decided


@dataclass(frozen=True)
class Judgement:
    area: str  # vocabulary.JUDGEMENT_AREAS
    grade: str  # vocabulary.ALL_GRADES
    quote: str = ""  # the text the grade was read from
    page: int | None = None  # 1-based page of the PDF


@dataclass(frozen=True)
class Missing:
    """Something a parser looked for and could not read: reported, never guessed."""

    field: str  # e.g. "judgement:leadership", "start", "published"
    reason: str


@dataclass
class Inspection:
    type: str  # vocabulary.INSPECTION_TYPES
    framework: str  # e.g. "ilacs_2023", "sif_2013", "send_2023"
    authority_code: str | None = None  # ONS code of the authority inspected
    start: date | None = None
    end: date | None = None
    published: date | None = None
    judgements: list[Judgement] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)  # headline findings (visits)
    theme: str | None = None  # JTAI theme
    missing: list[Missing] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # e.g. authority disagrees with crawl URN


@dataclass
class Document:
    kind: str  # vocabulary.DOCUMENT_KINDS
    url: str
    source: str
    title: str = ""
    text: str = ""
    canonical_url: str | None = None
    published: date | None = None
    content_hash: str = ""  # sha256 of the normalised text
    fingerprint: int | None = None  # 64-bit near-duplicate fingerprint
    extraction_method: str = ""
    extraction_version: str = ""
    language: str | None = None
    relevant: bool | None = None
    authorities: list[AuthorityTag] = field(default_factory=list)
    inspection: Inspection | None = None
    pages: list[str] = field(default_factory=list)  # per-page text of PDFs, for citations
    listing: dict[str, str] = field(default_factory=dict)  # facts printed on a listing page
