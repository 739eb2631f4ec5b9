"""Text normalisation shared by the report readers.

Reports come from a dozen typesetting pipelines (Word 2010 to 365, Acrobat Distiller, PScript),
so the same words arrive with curly or straight quotes, assorted dashes, non-breaking spaces and
line breaks in the middle of phrases. Readers match against one flattened form of each page.
"""

from __future__ import annotations

import re

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",  # minus
        "\u2500": "-",  # box-drawing line, used as a dash in some 2017 reports
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200b": "",
        "\ufeff": "",
        "\ufffe": "-",
        "\u00ad": "",  # soft hyphen
    }
)
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Unify quotes, dashes and odd spaces; keep line breaks."""
    return text.translate(_TRANSLATE)


def flat(text: str) -> str:
    """One line: cleaned text with every run of whitespace collapsed to one space."""
    return _SPACE.sub(" ", clean(text)).strip()


def lines(text: str) -> list[str]:
    """Non-empty stripped lines of cleaned text."""
    return [s for s in (line.strip() for line in clean(text).split("\n")) if s]


def snippet(text: str, start: int, end: int, pad: int = 0) -> str:
    """A quote for citations: the matched span (optionally padded), whitespace collapsed."""
    return _SPACE.sub(" ", text[max(0, start - pad) : end + pad]).strip()
