"""Which English children's services authorities a text is about (subject) or only names.

`tag_authorities(title, text, published=...)` scans the text once with a regex compiled from
every name form the register knows (names, aliases, children's trusts), the lower-tier
districts in pipeline/data/districts.json and a small table of towns below. Each match is then
judged in its context and resolved to an ONS code.

Matching rules (why: most place names are also other things):
- A match must start with a capital letter (lower-case "reading", "bury", "bath" are words).
  Place names that are ordinary English words are also refused at the start of a sentence
  unless a council word or "'s" follows ("Reading the report, ..." is not Reading).
- The capitalised words that follow decide what the name belongs to: "Council", "Borough" or
  a trust name make it the council; "University", "Police", "NHS", "Hospital", "Crown Court",
  "United", "City"/"County" without "Council", newspaper titles ("Mail", "Echo") make it some
  other body, and the match is dropped (Durham University, Hull City, Birmingham Mail).
- Any other capitalised word glued after the name makes it part of a different name: a
  neighbourhood of another authority ("Halton Moor", "Sefton Park"), a landmark ("Birmingham
  New Street", "Greenwich Mean Time"), a club ("Hull KR"). Words that go with councils
  ("Children's Services", "Labour", "MP") are allowed (place_context.AFTER_ALLOWED).
- The word before can refuse it too: "New" (New York), "Greater" (Greater Manchester), a title
  ("Mr Bolton") or "University/Duke/Bishop of" (Archbishop of York).
- The body is read before the title: a name it shows as a person's ("Thomas Telford") or as
  part of another name ("Old Trafford", "Halton Moor") is refused in the title too, where
  Title Case would hide that.
- A place followed by ", Alabama" or another foreign place is dropped (Birmingham, Alabama),
  as is one followed by another UK nation, a Crown dependency or an Irish county ("Newcastle,
  County Down", "Newport, Wales").
- A name glued by a hyphen to a place-name connector starts another place's name ("Bromley-
  by-Bow", "Chester-le-Street"): only the whole name counts, when the index has it.
- Regional words ("West Midlands", "Yorkshire") are not in the table, so never match.
- "Westminster" (Parliament) and "the City of London" (the markets) count only when council-
  styled, beside a children's-services phrase, or when the text also names the council.

Resolution (name -> code):
- A register alias is settled by the article's date (`published`, else today): "Dorset" in
  2015 is the old county. A bare place name of an authority that had ended by then is its
  single successor ("Bournemouth" in 2022 -> BCP); a council-styled name is kept as written.
  A bare name whose only authority is not in force on the date is the predecessor before it
  began ("Cornwall" in 2008 -> the county council) or its successors after it ended
  ("Cumbria" in 2024 -> Cumberland and Westmorland and Furness, settled like a shared name).
- A district goes to the upper-tier authority of that date (Carlisle 2020 -> Cumbria, 2024 ->
  Cumberland). Districts whose names are also words, surnames or foreign places (Boston,
  Lincoln, Hart, Eden) count only when council-styled, when their county is also named, or
  in a sentence about children's services in a text that names a council ("A family hub has
  opened in Scarborough ... the council said"); a namesake abroad has no council beside it.
- A town inside a district resolves like the district (Aylesbury 2019 -> Buckinghamshire
  County Council, 2021 -> Buckinghamshire Council).
- A name shared by several authorities (Achieving for Children, bare "Richmond") goes to the
  candidates the text names in other ways, then to context cue words; failing both, every
  candidate is tagged `mentioned` with a low score: never a guessed subject. Shared among
  several named councils, a trust's name scores as a list entry: it is about none of them.

Subject scoring, per authority: title hit 3, opening sentence 2, each other hit 1, a
children's-services phrase around the hit ("Birmingham's children's services", "Ofsted rated
Kent", "children's services in Hull") 2, council style 0.5. Matches in a list (three or more
names joined by commas/"and", or two after "such as"/"including") score 0.3 and get no bonus:
a league table names councils, it is not about them; so do the two ends of "from Cornwall
to Gloucestershire". So do bare names in sports news (two
sports cues and no children's-services word in the opening: "Newcastle beat Reading 2-1").
A bare name that only locates another place ("Rochester, Kent", "a bridge near Shrewsbury",
"a privately run children's home in south Shropshire") scores 1 and has no opening bonus;
so does a council only linked to a person or only history
(place_context.LINKED_BEFORE: "she joins from Lambeth Council", "is currently assistant
director at Croydon Council", "who worked for Hackney Council", "Ann Graham, Haringey's
director, is to join Ealing", "Roger Gough, leader of Kent County Council, said", the title
"Trust appoints Kent director", "North Somerset Council had refused planning permission" when
"the council" does not act later), and such a hit does not count towards "named twice".
"Rated" after a name is a children's-services phrase only when the name is not after "in"/"at"
("a primary school in Harrow has been rated outstanding" rates the school). A
children's-services phrase after "also" ("which also runs children's services in Kingston")
is an aside and gives no bonus. An authority is a subject when it scores at least 2, at least
half the top score, and was named in the title, in a children's-services phrase, twice, or
as the only authority in the opening. A council
in a side role (the agent of a passive, "led by Surrey County Council", "hosted by Manchester
City Council", or the councils a joint body is for, "the regional adoption agency for Devon";
place_context.SIDE_BEFORE) scores like a passing mention, and so does a name in a relative
clause hanging off a passing one ("Jill Colbert, chief executive of Together for Children,
which runs children's services for Sunderland"). Names under a "Related stories" line are
other stories' headlines and score as list entries.

Topic test (on top of the scores): a story is about what its title and first sentence are
about. A council is a subject only when (a) the title or first sentence names it as a council
(council-styled, in a children's-services phrase, by its trust's or borough's name); or (b)
they name it as a place and either the opening is about children's services (place_context.
TOPIC_CS: "a family hub has opened in Nuneaton") or the text speaks of that council's
children's services somewhere ("murdered in Solihull ... Solihull children's services had
visited"); or (c) it acts as a council later in the opening and the opening is about
children's services or about the council's own business (place_context.COUNCIL_BUSINESS: bins,
housing, planning). A council that is only a source ("Cumbria County Council said gritters had
been out", "Birmingham City Council's director of public health said") in a story about snow,
measles, a stadium or an airport is `mentioned`, as is one that only granted planning
permission ("granted planning permission by X", "X granted planning permission"). A story
whose opening names a foreign state (relevance.ABROAD: "NSW Parliament") has no subject
unless it names a council as a council; so has one naming a foreign state further down ("NSW
Families Minister") when it also speaks of no place's children's services.

A feed that lower-cases everything gets its council-styled names capitalised back ("leeds city
council" -> "Leeds City Council"); bare lower-case names stay words.

The rest are
`mentioned`. A text with no council or children's-services word at all (place_context.
COUNCIL_EVIDENCE: a tram crash in Croydon, a stabbing in Manchester, Halifax the bank, crowds
in Windsor) only locates events: every authority it names is `mentioned`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pipeline.authorities import normalise_name, register
from pipeline.name_index import NameEntry, name_matcher, name_table
from pipeline.place_context import (
    AFTER_ALLOWED,
    APPOSITION_BEFORE,
    BEFORE_ALLOWED,
    BEFORE_REFUSE,
    COMMON_WORD_REFUSE,
    COMMON_WORDS,
    COUNCIL_BUSINESS,
    COUNCIL_EVIDENCE,
    COUNCIL_WORD,
    COUNCIL_WORDS,
    CS_AFTER,
    CS_ANYWHERE,
    CS_BEFORE,
    ENGLISH_SERVICE,
    FIRST_NAMES,
    FOREIGN_AFTER,
    HISTORY_AFTER,
    INSTITUTION_AFTER,
    LINKED_BEFORE,
    LINKED_POSSESSIVE_AFTER,
    LOCATIVE_BEFORE,
    NEXT_WORD_BODIES,
    OF_REFUSE,
    OTHER_BODIES,
    PERMISSION_AFTER,
    PLACED_IN_BEFORE,
    PRIVATE_IN_BEFORE,
    RATED_AFTER,
    RELATED_BLOCK,
    RESULT_WORDS,
    RISKY_DISTRICTS,
    RISKY_NAMES,
    SCORE,
    SIDE_BEFORE,
    SPORTS_CUE_WORDS,
    TITLE_MOVE,
    TITLE_ROLE_AFTER,
    TOPIC_CS,
)
from pipeline.records import AuthorityTag
from pipeline.relevance import ABROAD, names_abroad
from pipeline.vocabulary import MENTIONED, SUBJECT

__all__ = ["names_english_place", "related_block", "tag_authorities"]

_FOLLOW = re.compile(r"(?:[ \t]+(?:[A-Z][\w'’-]*|and|of|the|&|for|on))*")
_TOKEN = re.compile(r"[A-Za-z][\w'’-]*")
_GLUED_WORD = re.compile(r"([A-Za-z][\w'’-]*)[ \t]+$")
_AND = re.compile(r"\band\b|&")
_CAPITAL = re.compile(r"(?<![\w&])[A-Z]")
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_CS_BEFORE_WORDS = ("child", "ofsted", "social", "safeguard", "foster", "adopt", "send", "care")
_EXAMPLE_WORDS = ("such as", "ncluding", "among them", "for example", "e.g.")
# Children's-services words that keep a text with sports cues from counting as sports news.
_CS_WORDS = (
    "foster",
    "adopt",
    "in care",
    "care leaver",
    "social work",
    "children's services",
    "childrens services",
    "child protection",
    "safeguard",
    "ofsted",
    "special educational",
)
_SPORTS_READ = 2000  # characters of title and text that decide whether a text is sports news
_ALSO = re.compile(r"\balso\b", re.I)
# Words one of place_context.LINKED_BEFORE's forms needs before a name (substring prefilters).
_MOVE_CUES = ("from", "former", "previously", "currently", "worked", "employed")
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
# "the council agreed/voted/will/has ...", not "the council said" (a source, module doc).
_COUNCIL_ACTS = re.compile(
    r"\b[Tt]he (?:county |city |borough |district )?council(?:['’]s [a-z]+)?\s+(?!said\b|says\b"
    r"|say\b|spokes|confirmed\b|told\b|added\b|stated\b|explained\b|warned\b)(?:has |had |have "
    r"|is |was |will |would |voted|agreed|decided|approved|announced|plans|planned|launched"
    r"|opened|closed|agreed)",
)
_TITLE_FROM = re.compile(
    r"\b(?:moves?|moving|joins?|joining|switch(?:es)?|comes?|poached|lured|heads?)\s+from\s+"
    r"(?:the\s+)?$",
    re.I,
)
# A place's own mayor right after its name ("Croydon's mayor Jason Perry has approved",
# "Wolverhampton's new mayor") is the council's elected or civic head: the name is there as
# the council, as if styled. Not "X and Y mayor" (a combined authority's mayor, checked in
# _accept) nor "Greater Manchester mayor" (refused as part of another name).
_OWN_MAYOR = re.compile(
    r"(?:['’]s)?[ \t]+(?:new[ \t]+|elected[ \t]+|directly[ \t]+elected[ \t]+)?"
    r"[Mm]ayor\b"
)
_JOINED_BEFORE = re.compile(r"\b[A-Z][\w'’-]*[ \t]+(?:and|&)[ \t]+$")
_THE_COUNCIL = re.compile(r"\b[Tt]he (?:county |city |borough )?council\b")
_SERVICE_NAME = re.compile(r"\b(?:children|childrens|trust|families)\b")  # on index keys
# An index key that names the council as a body, not the place: a trust's name or a "London
# Borough of"/"Borough of" form (the topic test, tag_authorities).
_COUNCIL_NAME = re.compile(r"\b(?:children|childrens|trust|families|borough)\b")
# "The Royal Borough of Greenwich", "London Borough of Barnet": a borough's corporate name is
# the council itself, as styled as "Greenwich Council" (a place is never called that).
_BOROUGH_OF = re.compile(r"^(?:(?:royal|london|metropolitan) )?borough of ")
_POSSESSIVE = re.compile(r"['’]s$")
# A capitalised word and a comma right before a name ("Rochester, Kent"): the name only
# locates the place before it.
_NEAR = re.compile(r"\b(?:near|close to)[ \t]+$", re.I)
_LOCATOR = re.compile(r"([A-Z][\w'’-]*),[ \t]*$")
_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split()
)
_key = lru_cache(maxsize=4096)(normalise_name)


def _starts_sentence(before: str) -> bool:
    """Whether a word after `before` opens a sentence (or a line, or a quotation)."""
    stripped = before.rstrip()
    if not stripped or "\n" in before[len(stripped) :]:
        return True
    return stripped[-1] in '.!?:;"“‘(\n'


_RELATIVE = re.compile(r",\s+(?:which|who|whose)\b")
_LIST_GAP = re.compile(r"^\s*(?:,|and|&|,\s*and|or|,\s*or)\s*$")
_EXAMPLES = re.compile(r"\b(?:such as|including|among them|for example|e\.g\.)\s", re.I)


@dataclass
class _Hit:
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


def _accept(text: str, m: re.Match[str], key: str, in_title: bool) -> tuple[bool, bool | None]:
    """(keep the match?, council-styled?) from the words around it (module doc); styled is
    None when the name was refused as part of a person's or another place's name."""
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
        # Title Case capitalises ordinary words; _scan carries these over to the title.
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
    if key in COMMON_WORDS and _starts_sentence(before) and not styled:
        after = text[m.end() : m.end() + 3]
        if not after.startswith(("'s", "’s")):
            return False, False
    return True, styled


def _linked(text: str, hit: _Hit, after: str) -> bool:
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


def _part_of_other_name(glued: re.Match[str], before: str) -> bool:
    """A capitalised word right before the name (no comma) makes it part of another name,
    unless that word opens the sentence or is one that goes before council names."""
    word = glued.group(1)
    if not word[0].isupper() or word.lower() in BEFORE_ALLOWED or word.endswith(("'s", "’s")):
        return False
    return not _starts_sentence(before[: glued.start(1)])


def _scan(
    text: str, in_title: bool, people: set[str], compounds: set[tuple[str, str]]
) -> list[_Hit]:
    """Accepted name matches in `text`. The body is scanned first: the names it shows as a
    person's (`people`: "Thomas Telford") or as part of another name (`compounds`: "Halton
    Moor") are refused in the title too, where Title Case hides both."""
    hits: list[_Hit] = []
    table = name_table()
    matcher = name_matcher()
    pos = 0
    # Try the big pattern only where a capitalised word starts: every name must (module doc),
    # and it makes the scan about ten times faster than finditer over every character.
    for cap in _CAPITAL.finditer(text):
        if cap.start() < pos:
            continue
        m = matcher.match(text, cap.start())
        if m is None:
            continue
        pos = m.end()
        key = _key(m.group(0))
        entry = table.get(key)
        if entry is None:
            continue
        keep, styled = _accept(text, m, key, in_title)
        if not keep:
            if styled is None and not in_title:
                people.add(key)
            elif not in_title and (nxt := _next_word(text, m.end())):
                compounds.add((key, nxt))
            continue
        if in_title and not styled and compounds and (key, _next_word(text, m.end())) in compounds:
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
            clause = _SENTENCE_END.split(window)[-1]
            strong = bool(CS_BEFORE.search(window)) and not _ALSO.search(clause)
        hit = _Hit(m.start(), m.end(), m.group(0), entry, in_title, bool(styled), strong)
        hit.linked = _linked(text, hit, after)
        # Cheap test first: SIDE_BEFORE's forms all end in "by", "for", "of", "to" or "with"
        # (+ "the").
        tail = window[-9:].rstrip().lower()
        side = tail.endswith((" by", " for", " of", " to", " with", " the")) and not hit.linked
        hit.side = (side and bool(SIDE_BEFORE.search(window))) or (
            not hit.linked and "planning" in after.lower() and bool(PERMISSION_AFTER.match(after))
        )
        hit.strong = strong and not hit.linked and not hit.side
        hits.append(hit)
    # Once a name is a person's ("Kate York"), its bare uses are that person ("York said").
    # In a title a children's-services phrase outweighs a namesake seen in the body.
    hits = [h for h in hits if h.styled or (in_title and h.strong) or _key(h.span) not in people]
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
        if "placed" in low_wide and PLACED_IN_BEFORE.search(wide):
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
        if hit.start - len(before) + loc.end(1) in ends or _starts_sentence(before[: loc.start(1)]):
            continue
        hit.locator = True
    # A run of three or more names joined by commas/"and" is a list (league table, round-up).
    run: list[_Hit] = []
    for hit in [*hits, None]:
        if hit is not None and run and _LIST_GAP.match(text[run[-1].end : hit.start]):
            run.append(hit)
            continue
        if len(run) >= 3:
            for h in run:
                h.listed = True
        run = [hit] if hit is not None else []
    # A relative clause hanging off a passing name is passing too: "Jill Colbert, chief
    # executive of Together for Children, which runs children's services for Sunderland".
    for prev, hit in zip(hits, hits[1:], strict=False):
        if not (prev.linked or prev.side) or hit.start - prev.end > 80:
            continue
        gap = text[prev.end : hit.start]
        if _RELATIVE.search(gap) and not _SENTENCE_END.search(gap):
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
        if _EXAMPLES.search(_SENTENCE_END.split(window)[-1]):
            hit.listed = True
    return hits


def _resolve(hit: _Hit, on: date, named: set[str], lower: str) -> tuple[list[str], str]:
    """Codes for one hit and the rule used; several codes means still ambiguous."""
    reg = register()
    entry = hit.entry
    if entry.options:
        options = [(_target_codes(t, on), cues) for t, cues in entry.options]
        for codes, _ in options:  # a candidate the text names otherwise wins first
            if set(codes) & named:
                return codes, "named elsewhere"
        for codes, cues in options:
            if any(c in lower for c in cues):
                return codes, "context words"
        return [c for t, _ in entry.options for c in _target_codes(t, on)], "ambiguous"
    if entry.codes:
        found = [reg.get(c) for c in entry.codes]
        active = [a for a in found if a.active_on(on)]
        if len(active) == 1:
            return [active[0].code], "alias"
        if len(found) == 1 and not active and not hit.styled:
            upper = reg.upper_tier_for_district(hit.span, on)  # ended: its successor
            if upper is not None:
                return [upper.code], "successor of ended authority"
            kin = _in_force_kin(found[0].code, on)
            if kin:  # several successors: shared, settled by the names beside it
                return kin, "predecessor or successors in force"
        if len(found) == 1 or (not active and entry.district is None):
            return [a.code for a in found], "alias"
        if len(active) > 1:
            return [a.code for a in active], "ambiguous"
    if entry.district:
        upper = reg.upper_tier_for_district(entry.district, on)
        if upper is not None:
            return [upper.code], f"district {entry.district} -> upper tier"
    return [], "unresolved"


def _in_force_kin(code: str, on: date) -> list[str]:
    """The authorities in force on `on` that a bare place name meant when its own authority
    was not: the predecessor before it began ("Cornwall" in 2008 is the county council that
    became Cornwall Council in 2009), the successors after it ended ("Cumbria" in 2024 is
    Cumberland and Westmorland and Furness). Council-styled names are kept as written."""
    reg = register()
    authority = reg.get(code)
    start = authority.valid_from
    kin = authority.predecessors if start is not None and on < start else authority.successors
    return sorted(c for c in kin if reg.get(c).active_on(on))


def _risky(hit: _Hit, source: str = "", councils: bool = False) -> bool:
    """A name that counts only when the text also names its authority plainly (module doc).
    `source` is the title or body the hit is in; `councils`: whether the text names a council."""
    key = _key(hit.span)
    if key in RISKY_NAMES:  # "Westminster" the Parliament, "the City of London" the markets
        # ... but in a list of authorities ("Kensington and Chelsea, Westminster, ...") a council
        return not (hit.styled or hit.strong or hit.listed)
    district_only = hit.entry.district is not None and not hit.entry.codes
    if not district_only or hit.styled or key not in RISKY_DISTRICTS:
        return False
    # A sentence about children's services in the place, in a text about a council ("A family
    # hub has opened in Scarborough ... the council said"), makes it the English place: a
    # surname or a namesake abroad (Cambridge, Massachusetts) has no council beside it.
    if councils and hit.strong:
        return False
    sentence = _sentence(source, hit)
    if councils and CS_ANYWHERE.search(sentence):
        return False
    # With no council word, a service only English councils run under that name ("the family
    # hub in Worcester city centre") still shows the English place, unless a state abroad is
    # named (the whole-text scan runs only after the sentence test passes).
    return not (ENGLISH_SERVICE.search(sentence) and not names_abroad(source))


def _sentence(source: str, hit: _Hit) -> str:
    """The sentence (or line) of `source` around a hit, at most 300 characters either side:
    a long text is not scanned from its start for each hit."""
    lo = max(0, hit.start - 300)
    start = max((m.end() for m in _SENTENCE_END.finditer(source, lo, hit.start)), default=lo)
    end = _SENTENCE_END.search(source, hit.end, hit.end + 300)
    return source[start : end.start() if end else min(len(source), hit.end + 300)]


def _target_codes(target: str, on: date) -> list[str]:
    if target.startswith("E"):
        return [target]
    upper = register().upper_tier_for_district(target, on)
    return [upper.code] if upper else []


def tag_authorities(
    title: str,
    text: str,
    *,
    published: date | None = None,
    source: str | None = None,
    url: str | None = None,
) -> list[AuthorityTag]:
    """Subject and mentioned authorities of an article, best first (rules: module doc).

    `published` dates the district and reorganisation rules (today when unknown); `source`
    and `url` are accepted for callers' convenience and do not change the result.
    """
    on = published or date.today()
    title = _capitalise_councils(title or "")
    text = _capitalise_councils(text or "")
    lead_end = _lead_end(text)
    first_end = _first_sentence_end(text)
    lower = (title + "\n" + text).lower()
    people: set[str] = set()
    compounds: set[tuple[str, str]] = set()
    body = _scan(text, False, people, compounds)
    hits = _scan(title, True, people, compounds) + body
    reg = register()
    councils = bool(COUNCIL_WORD.search(lower))

    def source(hit: _Hit) -> str:
        return title if hit.in_title else text

    # Two passes: names that resolve to one authority first, then the shared ones, which go
    # to the candidates the first pass found ("Achieving for Children" + "Kingston").
    first = [(hit, *_resolve(hit, on, set(), lower)) for hit in hits]
    named = {
        cs[0]
        for hit, cs, _ in first
        if len(cs) == 1 and not hit.entry.options and not _risky(hit, source(hit), councils)
    }
    resolved = []
    for hit, codes, rule in first:
        if hit.entry.options or len(codes) > 1:
            codes, rule = _resolve(hit, on, named, lower)
            if len(codes) > 1 and named & set(codes):
                codes, rule = sorted(named & set(codes)), "named elsewhere"
        if rule == "named elsewhere":  # a trust serving councils the text names: each of them
            # ... but shared among several it is not about any one of them: weak, like a list.
            resolved.extend((hit, [c], rule, len(codes) > 1) for c in codes)
            continue
        resolved.append((hit, codes, rule, False))
    # In a match report or club news a bare place name is the club ("Newcastle beat Reading").
    sports = _sports(lower)

    scores: dict[str, float] = {}
    prominent: dict[str, bool] = {}
    counts: dict[str, int] = {}
    evidence: dict[str, list[str]] = {}
    ambiguous: dict[str, list[str]] = {}
    opening: list[tuple[_Hit, str]] = []
    topical: set[str] = set()  # a council-styled, children's-services or trust hit up front
    placed: set[str] = set()  # any hit up front that is not a list entry or a side role
    served: set[str] = set()  # a hit in a children's-services phrase ("Solihull's social workers")
    acting: set[str] = set()  # a council-styled hit later in the opening ("X Council said")
    for hit, codes, rule, shared in resolved:
        if not codes:
            continue
        if _risky(hit, source(hit), councils) and not (set(codes) & named):
            continue  # "Boston", "Lincoln": a word, a surname or abroad unless styled
        label = f"{hit.span!r} ({'title' if hit.in_title else hit.start}: {rule})"
        if len(codes) > 1:
            for c in codes:
                ambiguous.setdefault(c, []).append(label)
            continue
        code = codes[0]
        in_lead = hit.in_title or hit.start < lead_end
        weak = hit.listed or shared or (sports and not hit.styled and not hit.strong)
        if weak:
            gain, lead = 0.3, False
        elif hit.locator or hit.linked or hit.side:
            gain, lead = 1.0, False
        else:
            gain = (3.0 if hit.in_title else 2.0 if in_lead else 1.0) + 0.5 * hit.styled
            gain += 2.0 * hit.strong
            lead = hit.in_title or hit.strong
            if in_lead and not hit.in_title:
                opening.append((hit, code))
        scores[code] = scores.get(code, 0.0) + gain
        prominent[code] = prominent.get(code, False) or lead
        passing = weak or hit.locator or hit.linked or hit.side
        counts[code] = counts.get(code, 0) + (not weak and not hit.linked and not hit.side)
        if (hit.in_title or in_lead) and not passing:
            as_council = hit.styled or hit.strong or _COUNCIL_NAME.search(_key(hit.span))
            if hit.in_title or hit.start < first_end:
                placed.add(code)
                if as_council:
                    topical.add(code)
            elif as_council:
                acting.add(code)
        if hit.strong and not passing:
            served.add(code)
        evidence.setdefault(code, []).append(label)

    # Authorities joined in the opening share the best score of the group for the ratio test,
    # so the second of "X and Y councils" is not lost to the first's title bonus.
    ratio_score = dict(scores)
    joined = _opening_subjects(text, opening)
    for code in joined:
        prominent[code] = True
        ratio_score[code] = max(scores[c] for c in joined)
    top = max(scores.values(), default=0.0)
    # A text that shows no council and no children's-services work only locates events in
    # places (a tram crash in Croydon, Halifax the bank): it is about no authority.
    # A children's trust's name ("Bradford Children and Families Trust") is a council service.
    council_topic = any(
        h.styled or h.strong or _SERVICE_NAME.search(_key(h.span)) for h in hits
    ) or bool(scores and COUNCIL_EVIDENCE.search(title + "\n" + text))
    # Topic test (module doc): the title and first sentence say what a story is about. A
    # council is its subject only when it is there as a council (styled, in a children's-
    # services phrase, or by its trust's name), or as a place while the opening is about
    # children's services ("a family hub has opened in Nuneaton") or the story later speaks
    # of that council's children's services ("... murdered in Solihull. Solihull children's
    # services had"). A council first acting later in the opening ("Cumbria County Council
    # said gritters ...") is the topic only when the opening is about children's services or
    # its other business (bins, housing, planning): otherwise it is a source, as is a council
    # first acting further down a story about a stadium or measles. A story set abroad (its
    # opening names a foreign state: "NSW Parliament") is about no English council unless it
    # names one as a council.
    lead = f"{title}\n{text[:lead_end]}"
    services_lead = bool(TOPIC_CS.search(lead))
    business_lead = bool(COUNCIL_BUSINESS.search(lead))
    # "All primary school children in Camden will get free school meals after the council
    # agreed to fund the scheme": the first sentence has the place's council acting (not only
    # quoted), so the one place it names is the story's council, whatever the business.
    first_acts = bool(_COUNCIL_ACTS.search(text, 0, first_end))
    # Further down, a foreign state ("NSW Families Minister" in the third sentence) counts
    # too when no English council is named as one, nor any place's children's services.
    abroad = not any(h.styled for h in hits) and (
        bool(ABROAD.search(lead)) or (not any(h.strong for h in hits) and names_abroad(text))
    )
    tags: list[AuthorityTag] = []
    for code, score in scores.items():
        anchored = (
            code in topical
            or (code in placed and (services_lead or code in served))
            or (code in acting and (services_lead or business_lead))
            or (first_acts and placed == {code})
        )
        is_subject = (
            council_topic
            and anchored
            and not abroad
            and score >= 2.0
            and ratio_score[code] >= 0.5 * top
            and (prominent[code] or counts[code] >= 2)
        )
        role = SUBJECT if is_subject else MENTIONED
        value = round(min(1.0, score / max(top, 4.0)), 3)
        tags.append(AuthorityTag(code, role, value, "; ".join(evidence[code][:5])))
    for code, labels in ambiguous.items():
        if code not in scores and code in {a.code for a in reg.all()}:
            why = "ambiguous name, not settled by context: " + "; ".join(labels[:3])
            tags.append(AuthorityTag(code, MENTIONED, 0.2, why))
    tags.sort(key=lambda t: (t.role != SUBJECT, -t.score, t.code))
    return tags


def names_english_place(text: str) -> bool:
    """Whether `text` names any English authority or place the index knows, in any role
    (a club, a university, a council): a sign that a story is English at all."""
    matcher, table = name_matcher(), name_table()
    for cap in _CAPITAL.finditer(text):
        m = matcher.match(text, cap.start())
        if m is not None and m.group(0)[0].isupper() and _key(m.group(0)) in table:
            return True
    return False


def _next_word(text: str, end: int) -> str:
    """The capitalised word glued after a name ending at `end`, lower-cased, or ""."""
    glued = _TOKEN.match(text, end + 1) if text[end : end + 1] == " " else None
    return glued.group(0).lower() if glued and glued.group(0)[0].isupper() else ""


def _sports(lower: str) -> bool:
    """Whether a lower-cased text reads as sports news (place_context.SPORTS_CUE_WORDS) and not
    as children's services news that mentions a club. Only the opening is read: a match report
    shows itself at once, and a long article costs no more than a short one."""
    lower = lower[:_SPORTS_READ]
    if any(w in lower for w in _CS_WORDS):  # "Wigan Athletic fans back fostering drive"
        return False
    cues = [c for c, word in SPORTS_CUE_WORDS.items() if c in lower and word.search(lower)]
    if len(cues) != 1:
        return len(cues) >= 2
    # One cue: a result ("beat Reading 2-1", "lost 30-6 to Wigan") is the second.
    return any(
        RESULT_WORDS.search(lower, max(0, score.start() - 50), score.start())
        for score in SCORE.finditer(lower)
    )


def _opening_subjects(text: str, opening: list[tuple[_Hit, str]]) -> set[str]:
    """The first authority the opening names, and any joined to it by "and" ("X and Y
    councils", "deaths of A in X and B in Y"); one named later in another role ("who joins
    from Z", "unlike Z") is not."""
    if not opening:
        return set()
    chosen = {opening[0][1]}
    for (prev, _), (hit, code) in zip(opening, opening[1:], strict=False):
        gap = text[prev.end : hit.start]
        if len(gap) <= 30 and _AND.search(gap) and not re.search(r"[.;:]", gap):
            chosen.add(code)
        else:
            break
    return chosen


_WORD_START = re.compile(r"\b[a-z]")
_CASE_READ = 2000  # characters read to tell a lower-cased feed
_COUNCIL_AFTER = re.compile(
    r"(?:[ \t]+(?:city|county|borough|metropolitan borough|district))?[ \t]+councils?\b"
)
_KEY_COUNCIL = re.compile(r"\b(?:council|councils|children|childrens|trust|borough)\b")


def _capitalise_councils(text: str) -> str:
    """A feed that lower-cases everything ("leeds city council is to close ...") would match
    no name, since names must be capitalised (module doc). In such a text, names written as
    councils ("leeds city council", "brighter futures for children") are capitalised back;
    a bare lower-case place name stays a word ("reading", "bath"), as it must."""
    words = text[:_CASE_READ].split()  # the opening shows the feed's style
    if not words or len(_CAPITAL.findall(text, 0, _CASE_READ)) > 0.05 * len(words):
        return text
    matcher, table = name_matcher(), name_table()
    out, pos = [], 0
    for start in _WORD_START.finditer(text):
        if start.start() < pos:
            continue
        m = matcher.match(text, start.start())
        if m is None or _key(m.group(0)) not in table:
            continue
        council = _COUNCIL_AFTER.match(text, m.end())
        if not (council or _KEY_COUNCIL.search(_key(m.group(0)))):
            continue
        end = council.end() if council else m.end()
        out += [text[pos : m.start()], text[m.start() : end].title()]
        pos = end
    return "".join(out) + text[pos:] if out else text


def related_block(text: str) -> re.Match[str] | None:
    """The "Related stories" line that ends a story's own text, if any (place_context)."""
    return RELATED_BLOCK.search(text)


def _first_sentence_end(text: str) -> int:
    """End of the first sentence of eight or more words: the topic test's opening. A byline,
    a date line or a section label before it is skipped; a second paragraph is not read
    ("Snow closes schools across Cumbria ... Cumbria County Council said" is about snow)."""
    start = 0
    for end in _SENTENCE_END.finditer(text):
        if len(text[start : end.start()].split()) >= 8:
            return end.end()
        start = end.end()
    return len(text)


def _lead_end(text: str) -> int:
    """End of the opening: the sentence or paragraph that reaches 150 characters, so a short
    standfirst or a repeated headline ("News\n\nTitle\n\n") plus the first sentence count."""
    start = len(text) - len(text.lstrip()) + 150
    m = _SENTENCE_END.search(text, min(start, len(text)))
    return m.end() if m else len(text)
