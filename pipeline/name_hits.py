"""Whether a name the index matched in a text is the English place at all, and the match record.

Most place names are also other things: a word ("reading"), a person ("Thomas Telford"), part
of another name ("Halton Moor", "New York") or another body ("Durham University", "Hull
City"). `accept` judges one match by the words around it and says whether it is written as the
council; the rules are listed in pipeline.attribution's docstring. `Hit` is what the later
stages (pipeline.passing_mentions, pipeline.authority_resolution, the scoring in
pipeline.attribution) read and mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.authorities import normalise_name
from pipeline.name_index import NameEntry
from pipeline.place_context import (
    AFTER_ALLOWED,
    BEFORE_ALLOWED,
    BEFORE_REFUSE,
    COMMON_WORD_REFUSE,
    COMMON_WORDS,
    COUNCIL_WORDS,
    FIRST_NAMES,
    FOREIGN_AFTER,
    INSTITUTION_AFTER,
    NEXT_WORD_BODIES,
    OF_REFUSE,
    OTHER_BODIES,
)

_FOLLOW = re.compile(r"(?:[ \t]+(?:[A-Z][\w'’-]*|and|of|the|&|for|on))*")
_TOKEN = re.compile(r"[A-Za-z][\w'’-]*")
_GLUED_WORD = re.compile(r"([A-Za-z][\w'’-]*)[ \t]+$")

CAPITAL = re.compile(r"(?<![\w&])[A-Z]")
SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")

# A place's own mayor right after its name ("Croydon's mayor Jason Perry has approved",
# "Wolverhampton's new mayor") is the council's elected or civic head: the name is there as
# the council, as if styled. Not "X and Y mayor" (a combined authority's mayor, checked in
# accept) nor "Greater Manchester mayor" (refused as part of another name).
_OWN_MAYOR = re.compile(
    r"(?:['’]s)?[ \t]+(?:new[ \t]+|elected[ \t]+|directly[ \t]+elected[ \t]+)?"
    r"[Mm]ayor\b"
)
_JOINED_BEFORE = re.compile(r"\b[A-Z][\w'’-]*[ \t]+(?:and|&)[ \t]+$")

# "The Royal Borough of Greenwich", "London Borough of Barnet": a borough's corporate name is
# the council itself, as styled as "Greenwich Council" (a place is never called that).
_BOROUGH_OF = re.compile(r"^(?:(?:royal|london|metropolitan) )?borough of ")
_POSSESSIVE = re.compile(r"['’]s$")

name_key = lru_cache(maxsize=4096)(normalise_name)


def starts_sentence(before: str) -> bool:
    """Whether a word after `before` opens a sentence (or a line, or a quotation)."""
    stripped = before.rstrip()
    if not stripped or "\n" in before[len(stripped) :]:
        return True
    return stripped[-1] in '.!?:;"“‘(\n'


@dataclass
class Hit:
    """One accepted name match in a title or body; the later stages set the passing marks."""

    start: int
    end: int
    span: str
    entry: NameEntry
    in_title: bool
    styled: bool
    strong: bool
    listed: bool = False
    locator: bool = False  # "Rochester, Kent": the name only says where the place before is
    linked: bool = False  # only a person's employer, or history (place_context.LINKED_BEFORE)
    side: bool = False  # agent of a passive or a body's client ("led by X", place_context)


def accept(text: str, m: re.Match[str], key: str, in_title: bool) -> tuple[bool, bool | None]:
    """(keep the match?, council-styled?) from the words around it (rules: pipeline.
    attribution's docstring); styled is None when the name was refused as part of a
    person's or another place's name."""
    span = m.group(0)
    if not span[0].isupper():
        return False, False
    follow = _TOKEN.findall(_FOLLOW.match(text, m.end()).group(0))[:8]
    # "Airport's" is "airport": strip the possessive before removing apostrophes.
    words = [_POSSESSIVE.sub("", w.lower()).replace("'", "").replace("’", "") for w in follow]
    styled = any(w in COUNCIL_WORDS for w in key.split()) or bool(_BOROUGH_OF.match(key))
    decided = False
    for i, w in enumerate(words):
        if w in COUNCIL_WORDS:
            styled = decided = True
            break
        if w in OTHER_BODIES:
            return False, False
        if i == 0 and w in NEXT_WORD_BODIES:
            nxt = words[1] if len(words) > 1 else ""
            if w not in ("city", "county", "town") or nxt not in COUNCIL_WORDS:
                return False, False
    if (
        not styled
        and _OWN_MAYOR.match(text, m.end())
        and not _JOINED_BEFORE.search(text, max(0, m.start() - 40), m.start())
    ):
        styled = True  # "Croydon's mayor approved": the council (_OWN_MAYOR)
    if words and not decided and not in_title and words[0] not in AFTER_ALLOWED:
        # Another capitalised word glued after the name makes a different proper name
        # ("Halton Moor", "Sefton Park", "Birmingham New Street"). Not in titles, where
        # Title Case capitalises ordinary words; pipeline.attribution's scan carries these
        # over to the title.
        return False, False
    before = text[max(0, m.start() - 40) : m.start()]
    prev = _TOKEN.findall(before)[-2:]
    if prev:
        last = prev[-1].lower()
        if last in BEFORE_REFUSE and prev[-1][0].isupper():
            return False, False
        if last == "of" and len(prev) == 2 and prev[0].lower() in OF_REFUSE:
            return False, False
    glued = _GLUED_WORD.search(before)
    if glued and not decided and not in_title and _part_of_other_name(glued, before):
        return False, None  # "John Bolton", "Kate York", "North Manchester", "WATER BATH"
    if key in FIRST_NAMES and not decided and words and words[0] not in AFTER_ALLOWED:
        return False, None  # "Brent Sherwood"
    if not decided and INSTITUTION_AFTER.match(text, m.end()):
        return False, False  # "Medway secure training centre" is not Medway Council
    if not decided and FOREIGN_AFTER.match(text, m.end()):
        return False, False
    if key in COMMON_WORDS and prev and prev[-1].lower() in COMMON_WORD_REFUSE:
        return False, False  # "Continue Reading", "Further Reading"
    if key in COMMON_WORDS and starts_sentence(before) and not styled:
        after = text[m.end() : m.end() + 3]
        if not after.startswith(("'s", "’s")):
            return False, False
    return True, styled


def _part_of_other_name(glued: re.Match[str], before: str) -> bool:
    """A capitalised word right before the name (no comma) makes it part of another name,
    unless that word opens the sentence or is one that goes before council names."""
    word = glued.group(1)
    if not word[0].isupper() or word.lower() in BEFORE_ALLOWED or word.endswith(("'s", "’s")):
        return False
    return not starts_sentence(before[: glued.start(1)])


def next_word(text: str, end: int) -> str:
    """The capitalised word glued after a name ending at `end`, lower-cased, or ""."""
    glued = _TOKEN.match(text, end + 1) if text[end : end + 1] == " " else None
    return glued.group(0).lower() if glued and glued.group(0)[0].isupper() else ""
