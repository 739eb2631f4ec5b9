"""Text normalisation shared by the report readers.

Reports come from a dozen typesetting pipelines (Word 2010 to 365, Acrobat Distiller, PScript),
so the same words arrive with curly or straight quotes, assorted dashes, non-breaking spaces and
line breaks in the middle of phrases. Readers match against one flattened form of each page.
"""

from __future__ import annotations

_REPLACEMENTS = (
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
).items()


def clean(text: str) -> str:
    """Unify quotes, dashes and odd spaces; keep line breaks."""
    # a membership test per character is far cheaper than str.translate with a dict table,
    # and most pages hold only two or three of these characters
    for char, replacement in _REPLACEMENTS:
        if char in text:
            text = text.replace(char, replacement)
    return text


def flat(text: str) -> str:
    """One line: cleaned text with every run of whitespace collapsed to one space."""
    return " ".join(clean(text).split())  # str.split is several times faster than re.sub


def lines(text: str) -> list[str]:
    """Non-empty stripped lines of cleaned text."""
    return [s for s in (line.strip() for line in clean(text).split("\n")) if s]


def snippet(text: str, start: int, end: int, pad: int = 0) -> str:
    """A quote for citations: the matched span (optionally padded), whitespace collapsed."""
    return " ".join(text[max(0, start - pad) : end + pad].split())
