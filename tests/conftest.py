"""Shared fixtures. Resources that CI always has (the shared corpus, PostgreSQL, Redis) are
skipped with a reason on a developer's machine without them, and are a hard failure in CI,
where a silent skip would hide an untested submission."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CSWATCH_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
EVAL = SHARED / "eval"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(available: bool, reason: str) -> None:
    """Skip when a resource is missing, except in CI, where it must be present."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def corpus() -> Path:
    require(
        CORPUS.is_dir(), f"shared corpus not found at {CORPUS}; clone ../shared beside the repo"
    )
    return CORPUS


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    require(EVAL.is_dir(), f"shared eval sets not found at {EVAL}")
    return EVAL
