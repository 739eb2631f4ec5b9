"""Fixtures for the report parser tests: corpus PDFs read and analysed once per session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pipeline.pdftext import extract_pages
from pipeline.reports import analyse_report


@cache
def _pages(path: Path) -> list[str]:
    return extract_pages(path.read_bytes())


@cache
def _document(path: Path, urn: str | None):
    return analyse_report(path.read_bytes(), url=f"file://{path.name}", urn=urn)


@pytest.fixture(scope="session")
def pdf_dir(corpus: Path) -> Path:
    return corpus / "ofsted" / "pdf"


@pytest.fixture(scope="session")
def pages_of():
    return _pages


@pytest.fixture(scope="session")
def document_of():
    return _document
