"""Feeds that lower-case everything: council names capitalised back.

Names must be capitalised to match (pipeline.attribution: lower-case "reading" and "bath" are
words), so a feed that lower-cases every headline and summary would name no council at all.
"""

from __future__ import annotations

import re

from pipeline.name_hits import CAPITAL, name_key
from pipeline.name_index import name_matcher, name_table

_WORD_START = re.compile(r"\b[a-z]")
_CASE_READ = 2000  # characters read to tell a lower-cased feed
_COUNCIL_AFTER = re.compile(
    r"(?:[ \t]+(?:city|county|borough|metropolitan borough|district))?[ \t]+councils?\b"
)
_KEY_COUNCIL = re.compile(r"\b(?:council|councils|children|childrens|trust|borough)\b")


def capitalise_councils(text: str) -> str:
    """A feed that lower-cases everything ("leeds city council is to close ...") would match
    no name, since names must be capitalised (module doc). In such a text, names written as
    councils ("leeds city council", "brighter futures for children") are capitalised back;
    a bare lower-case place name stays a word ("reading", "bath"), as it must."""
    words = text[:_CASE_READ].split()  # the opening shows the feed's style
    if not words or len(CAPITAL.findall(text, 0, _CASE_READ)) > 0.05 * len(words):
        return text
    matcher, table = name_matcher(), name_table()
    out, pos = [], 0
    for start in _WORD_START.finditer(text):
        if start.start() < pos:
            continue
        m = matcher.match(text, start.start())
        if m is None or name_key(m.group(0)) not in table:
            continue
        council = _COUNCIL_AFTER.match(text, m.end())
        if not (council or _KEY_COUNCIL.search(name_key(m.group(0)))):
            continue
        end = council.end() if council else m.end()
        out += [text[pos : m.start()], text[m.start() : end].title()]
        pos = end
    return "".join(out) + text[pos:] if out else text
