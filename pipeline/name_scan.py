"""Scanning a text for the names the index knows, each judged in its context into a `Hit`.

One pass with the big name pattern at each capital letter; `accept` (pipeline.name_hits) says
whether a match is the English place at all, the context cues (place_context) whether it is
in a children's-services phrase, a side role or only linked to a person, and
passing_mentions which hits the text only passes over. Rules: pipeline.attribution's
docstring.
"""

from __future__ import annotations

import re

from pipeline.name_hits import CAPITAL, SENTENCE_END, Hit, accept, name_key, next_word
from pipeline.name_index import name_matcher, name_table
from pipeline.passing_mentions import is_linked, is_side_role, mark_passing
from pipeline.place_context import CS_AFTER, CS_BEFORE, LOCATIVE_BEFORE, RATED_AFTER

_CS_BEFORE_WORDS = ("child", "ofsted", "social", "safeguard", "foster", "adopt", "send", "care")

_ALSO = re.compile(r"\balso\b", re.I)
# Two capitalised words (not a title such as "Councillor") right before a name.
_LONGER_NAME_BEFORE = re.compile(
    r"(?<![\w.])(?!(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor|Sir|Lord|Lady)\b)[A-Z][\w'’-]*"
    r"[ \t]+[A-Z][\w'’-]*[ \t]+$"
)


def scan(text: str, in_title: bool, people: set[str], compounds: set[tuple[str, str]]) -> list[Hit]:
    """Accepted name matches in `text`. The body is scanned first: the names it shows as a
    person's (`people`: "Thomas Telford") or as part of another name (`compounds`: "Halton
    Moor") are refused in the title too, where Title Case hides both."""
    hits: list[Hit] = []
    table = name_table()
    matcher = name_matcher()
    pos = 0
    # Try the big pattern only where a capitalised word starts: every name must (module doc),
    # and it makes the scan about ten times faster than finditer over every character.
    for cap in CAPITAL.finditer(text):
        if cap.start() < pos:
            continue
        m = matcher.match(text, cap.start())
        if m is None:
            continue
        pos = m.end()
        key = name_key(m.group(0))
        entry = table.get(key)
        if entry is None:
            continue
        keep, styled = accept(text, m, key, in_title)
        if not keep:
            if styled is None and not in_title:
                # "Kate York" makes later bare "York"s the person; "Send Action Suffolk", a
                # longer proper name, is an organisation's and leaves Suffolk a place.
                if not _LONGER_NAME_BEFORE.search(text, max(0, m.start() - 60), m.start()):
                    people.add(key)
            elif not in_title and (nxt := next_word(text, m.end())):
                compounds.add((key, nxt))
            continue
        if in_title and not styled and compounds and (key, next_word(text, m.end())) in compounds:
            continue
        after = text[m.end() : m.end() + 80]
        window = text[max(0, m.start() - 60) : m.start()]
        # "A school in Harrow has been rated": the rated thing is what the name locates.
        rated = RATED_AFTER.match(after) and not LOCATIVE_BEFORE.search(window)
        strong = bool(CS_AFTER.match(after) or rated)
        low = window.lower()
        if not strong and any(w in low for w in _CS_BEFORE_WORDS):  # cheap test first
            # "... which also runs children's services in Richmond": an aside about another
            # authority the same body serves, not what the sentence is about.
            clause = SENTENCE_END.split(window)[-1]
            strong = bool(CS_BEFORE.search(window)) and not _ALSO.search(clause)
        hit = Hit(m.start(), m.end(), m.group(0), entry, in_title, bool(styled), strong)
        hit.linked = is_linked(text, hit, after)
        hit.side = is_side_role(window, after, hit.linked)
        hit.strong = strong and not hit.linked and not hit.side
        hits.append(hit)
    # Once a name is a person's ("Kate York"), its bare uses are that person ("York said").
    # In a title a children's-services phrase outweighs a namesake seen in the body.
    hits = [
        h for h in hits if h.styled or (in_title and h.strong) or name_key(h.span) not in people
    ]
    mark_passing(text, hits, in_title)
    return hits


def names_english_place(text: str) -> bool:
    """Whether `text` names any English authority or place the index knows, in any role
    (a club, a university, a council): a sign that a story is English at all."""
    matcher, table = name_matcher(), name_table()
    for cap in CAPITAL.finditer(text):
        m = matcher.match(text, cap.start())
        if m is not None and m.group(0)[0].isupper() and name_key(m.group(0)) in table:
            return True
    return False
