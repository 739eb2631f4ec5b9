"""Which accepted names a text only passes over: it names the council without writing about it.

A name in a list or a league table, in an examples clause, under a "Related stories" line, at
either end of "from Cornwall to Gloucestershire", one that only locates another place
("Rochester, Kent", "a children's home in south Shropshire" run privately), a council only
linked to a person or to history ("joins from Lambeth Council", "X Council had refused"), or
in a side role ("led by Surrey County Council", "the adoption agency for Devon") is named, not
the story's subject. These marks on a `Hit` make the scoring in pipeline.attribution count it
as a passing mention (rules: pipeline.attribution's docstring).
"""

from __future__ import annotations

import re

from pipeline.name_hits import SENTENCE_END, Hit, starts_sentence
from pipeline.place_context import (
    APPOSITION_BEFORE,
    HISTORY_AFTER,
    LINKED_BEFORE,
    LINKED_POSSESSIVE_AFTER,
    PERMISSION_AFTER,
    PLACED_IN_BEFORE,
    PRIVATE_IN_BEFORE,
    RELATED_BLOCK,
    ROLE,
    SIDE_BEFORE,
    TITLE_MOVE,
    TITLE_ROLE_AFTER,
)

_EXAMPLE_WORDS = ("such as", "ncluding", "among them", "for example", "e.g.")

# Words one of place_context.LINKED_BEFORE's forms needs before a name (substring prefilters).
_MOVE_CUES = (
    "from",
    "former",
    "previously",
    "currently",
    "worked",
    "employed",
    "led ",
    "oversaw",
    "ran ",
    "headed",
    "spent",
)
_ROLE_CUES = (
    "director",
    "leader",
    "head",
    "chief",
    "boss",
    "member",
    "portfolio",
    "spokes",
    "chair",
    "manager",
    "officer",
)

_TITLE_FROM = re.compile(
    r"\b(?:moves?|moving|joins?|joining|switch(?:es)?|comes?|poached|lured|heads?)\s+from\s+"
    r"(?:the\s+)?$",
    re.I,
)

_THE_COUNCIL = re.compile(r"\b[Tt]he (?:county |city |borough )?council\b")

# A capitalised word and a comma right before a name ("Rochester, Kent"): the name only
# locates the place before it.
_NEAR = re.compile(r"\b(?:near|close to)[ \t]+$", re.I)
_LOCATOR = re.compile(r"([A-Z][\w'’-]*),[ \t]*$")
_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split()
)

# One person employed by a council ("A Walsall Council social worker said"): a source, not
# the council's services.
_ONE_EMPLOYEE_AFTER = re.compile(
    r"^(?:\s*(?:city|county|borough|metropolitan borough)?\s*council)?['’]?s?\s+"
    r"(?:social worker|employee|officer|worker|manager|spokes(?:man|woman|person))\b(?!s)",
    re.I,
)
_INDEFINITE = re.compile(r"\b[Aa]n?\s+$")
_MODEL_AFTER = re.compile(
    r"['’]s\s+(?:[A-Z][\w'’-]*\s+){1,4}(?:model|approach|programme|framework)\b"
)
_APPOINTED = re.compile(
    r"\b(?:appointed|appoints|named|names|hired|hires|recruited)\s+(?:the\s+)?$"
)
# "... has appointed the director of children's services at neighbouring Torbay as its new
# director": the appointee's present employer.
_APPOINTED_ROLE_AT = re.compile(
    rf"\b(?:appointed|appoints|named|names|hired|hires|recruited)\s+(?:the|its|a|an)\s+"
    rf"[^.;]{{0,60}}?\b{ROLE}\b[^.;]{{0,60}}?\b(?:at|of|from)\s+(?:neighbouring\s+|nearby\s+)?"
    r"(?:the\s+)?$"
)

_PLACEMENT_WORDS = re.compile(r"\bin care\b|placement|accommodation|care of")
_LIVING_WORDS = re.compile(r"\b(?:living|housed|moved|sent)\b")

_RELATIVE = re.compile(r",\s+(?:which|who|whose)\b")
_AMONG = re.compile(r"(?:\s+(?:are|were|is))?\s+among\b")
_LIST_GAP = re.compile(r"^\s*(?:,|and|&|,\s*and|or|,\s*or)\s*$")

_EXAMPLES = re.compile(r"\b(?:such as|including|among them|for example|e\.g\.)\s", re.I)


def is_linked(text: str, hit: Hit, after: str) -> bool:
    """Whether the name only links a person to a council, or is history (place_context
    LINKED_BEFORE): "joins from Lambeth", "Ann Graham, Haringey's director, is to join
    Ealing", "Gough, leader of Kent County Council, said", "X Council had refused". Such a
    council is named, not written about, unless the text names it in other ways too."""
    if hit.in_title:
        # "Director moves from Hampshire to lead Surrey children's services": the council a
        # title's person moves from is the one they leave, not the story's.
        if _TITLE_FROM.search(text, max(0, hit.start - 40), hit.start):
            return True
        return bool(TITLE_ROLE_AFTER.match(after) and TITLE_MOVE.search(text))
    if HISTORY_AFTER.match(after):
        # ... unless the story goes on with the council as an actor ("Hackney Council had
        # proposed closing three centres. The council said it would now merge services").
        return not _THE_COUNCIL.search(text, hit.end)
    window = text[max(0, hit.start - 120) : hit.start]
    if _INDEFINITE.search(window[-4:]) and _ONE_EMPLOYEE_AFTER.match(after):
        return True
    # "North Yorkshire's No Wrong Door model": where a practice model comes from, in a story
    # about other councils adopting it.
    if _MODEL_AFTER.match(after):
        return True
    # "Lancashire County Council has appointed Wirral Council's director of children": the
    # appointee's present employer, which the story's council takes them from.
    if _APPOINTED.search(window[-30:]) and LINKED_POSSESSIVE_AFTER.match(after):
        return True
    if "appoint" in window and _APPOINTED_ROLE_AT.search(window):
        return True
    # The clause before the name: after the last sentence end (cheaper than a regex split).
    cut = max(window.rfind(". "), window.rfind("\n"), window.rfind("? "), window.rfind("! "))
    clause = window[cut + 1 :]
    low = clause.lower()
    # Cheap substring tests first: most names have none of these words before them.
    moved = any(w in low for w in _MOVE_CUES)
    role = "," in clause and any(w in low for w in _ROLE_CUES)
    if (moved or role) and LINKED_BEFORE.search(clause):
        return True
    appositive = clause.rstrip().endswith(",") or clause.endswith(", the ")
    return bool(
        appositive
        and APPOSITION_BEFORE.search(clause[-40:])
        and LINKED_POSSESSIVE_AFTER.match(after)
    )


def is_side_role(window: str, after: str, linked: bool) -> bool:
    """Whether a name not already `linked` is in a side role: the agent of a passive or a
    joint body's client (place_context.SIDE_BEFORE: "led by X", "the adoption agency for
    Devon"), or the council that granted planning permission (PERMISSION_AFTER). `window` is
    the text before the name, `after` the text after it."""
    # Cheap test first: SIDE_BEFORE's forms all end in "by", "for", "of", "to" or "with"
    # (+ "the").
    tail = window[-9:].rstrip().lower()
    side = tail.endswith((" by", " for", " of", " to", " with", " the")) and not linked
    return (side and bool(SIDE_BEFORE.search(window))) or (
        not linked and "planning" in after.lower() and bool(PERMISSION_AFTER.match(after))
    )


def mark_passing(text: str, hits: list[Hit], in_title: bool) -> None:
    """Mark the hits of one text (its title when `in_title`) that only locate another place
    (a district's own council among them), stand in a list, an examples clause or a "Related
    stories" block, or hang off a passing name in a relative clause (module doc)."""
    # "Rochester, Kent", "Halton Moor, Leeds": a bare name after a capitalised word that is not
    # itself a name it matched (that would be a list) and a comma only locates that place;
    # "a bridge near Shrewsbury" is not in Shrewsbury at all.
    ends = {h.end for h in hits}
    for hit in hits:
        if hit.styled:
            # "Harlow Council", "Preston City Council": a district's own council is a lower-
            # tier body that runs no children's services; its housing, halls and finances are
            # not the county's business, so the name only says where (the county in force).
            if hit.entry.district is not None and not hit.entry.codes:
                hit.locator, hit.strong = True, False
            continue
        # "A privately run children's home in south Shropshire": a provider's home the name
        # only locates, even though "children's home in" reads as the council's service
        # (cheap substring test first: most texts never say "privat"/"independ"/"profit").
        wide = text[max(0, hit.start - 90) : hit.start]
        low_wide = wide.lower()
        if ("privat" in low_wide or "independ" in low_wide or "profit" in low_wide) and (
            PRIVATE_IN_BEFORE.search(wide)
        ):
            hit.locator, hit.strong = True, False
            continue
        # "... placed in a children's home in Cornwall": where a placement is, not whose.
        # ... and "a teenager in care was living alone in Hastings": where a child in care
        # lives, when the words around say it is a placement.
        if (
            "placed" in low_wide
            or (_PLACEMENT_WORDS.search(low_wide) and _LIVING_WORDS.search(low_wide))
        ) and PLACED_IN_BEFORE.search(wide):
            hit.locator, hit.strong = True, False
            continue
        if hit.strong:
            continue
        before = text[max(0, hit.start - 40) : hit.start]
        if _NEAR.search(before):
            hit.locator = True
            continue
        if "," not in before[-3:]:
            continue
        loc = _LOCATOR.search(before)
        if loc is None or loc.group(1).lower() in _CALENDAR:
            continue
        if hit.start - len(before) + loc.end(1) in ends or starts_sentence(before[: loc.start(1)]):
            continue
        hit.locator = True
    # A run of three or more names joined by commas/"and" is a list (league table, round-up);
    # so are two followed by "among" ("Knowsley and Blackpool among biggest gainers").
    run: list[Hit] = []
    for hit in [*hits, None]:
        if hit is not None and run and _LIST_GAP.match(text[run[-1].end : hit.start]):
            run.append(hit)
            continue
        if len(run) >= 3 or (len(run) == 2 and _AMONG.match(text, run[-1].end)):
            for h in run:
                h.listed = True
        run = [hit] if hit is not None else []
    # A relative clause hanging off a passing name is passing too: "Jill Colbert, chief
    # executive of Together for Children, which runs children's services for Sunderland".
    for prev, hit in zip(hits, hits[1:], strict=False):
        if not (prev.linked or prev.side) or hit.start - prev.end > 80:
            continue
        gap = text[prev.end : hit.start]
        if _RELATIVE.search(gap) and not SENTENCE_END.search(gap):
            hit.linked, hit.strong = True, False
    # "From Cornwall to Gloucestershire" spans a region: the two ends are a list, not topics.
    for prev, hit in zip(hits, hits[1:], strict=False):
        if text[prev.end : hit.start].strip() == "to" and text[: prev.start].rstrip().endswith(
            ("from", "From")
        ):
            prev.listed = hit.listed = True
    # Names under a "Related stories" line are other stories' headlines: list entries.
    related = related_block(text) if not in_title else None
    if related is not None:
        for hit in hits:
            if hit.start > related.start():
                hit.listed = True
    # Names in an examples clause ("such as Barnet and Croydon, and in Kent") are examples.
    for hit in hits:
        window = text[max(0, hit.start - 200) : hit.start]
        if not any(w in window for w in _EXAMPLE_WORDS):
            continue
        if _EXAMPLES.search(SENTENCE_END.split(window)[-1]):
            hit.listed = True


def related_block(text: str) -> re.Match[str] | None:
    """The "Related stories" line that ends a story's own text, if any (place_context)."""
    return RELATED_BLOCK.search(text)
