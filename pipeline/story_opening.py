"""What a story's opening is and what kind of story it reads as, for the topic test.

A story is about what its title and opening say it is about (pipeline.attribution's
docstring): these find the lead and the first sentence, whether the text is sports news (a
bare place name is then the club), which authorities the opening joins as co-subjects ("X and
Y councils"), and whether a council acts (not only speaks) in the opening.
"""

from __future__ import annotations

import re

from pipeline.name_hits import SENTENCE_END, Hit
from pipeline.place_context import RESULT_WORDS, SCORE, SPORTS_CUE_WORDS

_AND = re.compile(r"\band\b|&")

# Children's-services phrases that say what a title or opening is about (attribution's topic
# test: a place named there with one of these is where the council's services are the topic,
# "a family hub has opened in Nuneaton"). Stricter than place_context's phrases: no "social
# care" (adult care), no bare "safeguarding" (a school's), no grades, deaths or crime, which
# locate other stories.
TOPIC_CS = re.compile(
    r"children'?s (?:social )?(?:services|social care|social work|trusts?|homes?|centres?)"
    r"|child protection|social workers?|\bfoster|\badopt|care leavers?|leaving care"
    r"|looked[- ]after|children in care|(?:in|into|out of|edge of) care\b|family (?:hubs?|centres?)"
    r"|early help"
    r"|joint targeted area inspection|(?-i:\bJTAI\b|\bILACS\b)|multi-agency safeguarding"
    # (A school's "pupils with special educational needs" are its own report's words.)
    r"|(?<!pupils with )special educational needs|(?-i:\bSEND\b)|\behcps?\b"
    r"|education,? health and care"
    r"|kinship|special guardianship|sexual(?:ly)? exploit|unaccompanied"
    r"|asylum[- ]seeking (?:children|minors|teenagers)"
    r"|safeguarding (?:children|partnership|practice|review|board)|serious case review"
    r"|care proceedings|improvement notice|statutory direction|director of children"
    r"|monitoring visit|focused visit|corporate parent"
    # Councils' short breaks for disabled children (Children Act 1989 duty).
    r"|short breaks? (?:for|centre)|disabled children"
    # A council's youth justice service is its own statutory service for children ("Calderdale's
    # youth justice service has been rated outstanding"); a young offender institution is not.
    r"|youth (?:justice|offending) (?:services?|teams?)|(?-i:\bYOTs?\b)"
    # Special school places are the council's SEND duty ("parents in Newcastle-under-Lyme fight
    # for special school places"); a special school's own Ofsted grade is the school's.
    r"|special school places?|specialist (?:school )?places?|specialist (?:schools?|settings?)"
    r"|special needs|specialist units?"
    r"|(?:new|promised|planned|build\w*|open\w*) (?:an? )?(?:new )?special schools?"
    r"|(?-i:\bSEND\b) tribunal|tribunal \(special educational"
    # A review into a child's death is the safeguarding partnership's ("a review into the
    # death of a baby boy in Barrow-in-Furness"); the death alone is crime news.
    r"|review (?:into|of) (?:the )?(?:deaths?|serious injur\w+|injur\w+) (?:of|suffered by|to)"
    r" (?:a |an |the )?(?:baby|child|toddler|girl|boy|teenager|\d+-(?:year|month|week)-old)",
    re.I,
)
# A council's own non-children business named in a story's opening (bins, housing, roads,
# planning ...): a council acting in that opening is the topic even when the story is not
# about children's services ("Rubbish is piling up in Birmingham. Birmingham City Council
# said collections would resume"). Weather, crime and health stories have none of these.
COUNCIL_BUSINESS = re.compile(
    r"\b(?:bins?|waste|recycling|refuse|potholes?|parking|housing|homeless\w*|temporary"
    r" accommodation|tenants?|council tax|planning (?:permission|application|committee)"
    r"|librar(?:y|ies)"
    r"|adult social care|care homes?|leisure centres?|fly-?tipping|section 114|budget|cuts"
    r"|debts?|borrowing|finances|commercial investments?|capitalisation|new homes"
    r"|regeneration|redevelopment|reorganis\w*|unitary"
    r"|clean air zones?|low traffic|youth (?:clubs?|centres?|services?|workers?|provision)"
    # A council's own elected mayor ("the elected mayor of Middlesbrough ... to lead
    # Middlesbrough Council") is council politics, like an election.
    r"|elections?|(?:elected )?mayor(?:al|alty)?|equal pay|commissioners)\b",
    re.I,
)

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

# "the council agreed/voted/will/has ...", not "the council said" (a source: pipeline.
# attribution's docstring).
COUNCIL_ACTS = re.compile(
    r"\b[Tt]he (?:county |city |borough |district )?council(?:['’]s [a-z]+)?\s+(?!said\b|says\b"
    r"|say\b|spokes|confirmed\b|told\b|added\b|stated\b|explained\b|warned\b)(?:has |had |have "
    r"|is |was |will |would |voted|agreed|decided|approved|announced|plans|planned|launched"
    r"|opened|closed|agreed)",
)

SERVICE_NAME = re.compile(r"\b(?:children|childrens|trust|families)\b")  # on index keys
# An index key that names the council as a body, not the place: a trust's name or a "London
# Borough of"/"Borough of" form (the topic test in pipeline.attribution).
COUNCIL_NAME = re.compile(r"\b(?:children|childrens|trust|families|borough)\b")


def is_sports(lower: str) -> bool:
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


def opening_subjects(text: str, opening: list[tuple[Hit, str]]) -> set[str]:
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


# A decision, the verb a council's own business takes whatever the business is (a lido's
# repairs, a seafront's plans): with the place's council named up front, the council decided.
COUNCIL_DECIDED = re.compile(
    r"\b(?:approved|agreed|backed|rejected|decided|voted)\b(?! (?:planning )?permission)"
)

# A trial or a police operation told in the opening: crime news, where exploitation and a
# child's death are the crime's words (pipeline.relevance, pipeline.attribution).
CRIME_OPENING = re.compile(
    r"\b(?:jailed|sentenced|convicted|found guilty|pleaded guilty|court heard"
    r"|police operation|arrested)\b",
    re.I,
)


def sentence_after(text: str, end: int) -> int:
    """End of the sentence that follows position `end` (the opening's second sentence)."""
    start = end
    for m in SENTENCE_END.finditer(text, end):
        # Past the blank lines between paragraphs and any byline or caption.
        if text[start : m.start()].strip() and not _furniture_at(text, m.start() - 1):
            return m.end()
        start = m.end()
    return len(text)


# Page furniture an extractor keeps above the story: bylines with the outlet's desk ("By Tom
# Ridley, BBC News, Yorkshire"), image captions. Not the story's first sentence, and a place
# named in a byline is the desk's, not the story's.
FURNITURE_LINE = re.compile(
    r"^[ \t]*(?:(?:[Bb]y|Written by|Reporting by)\s[^\n]{0,90}|BBC News,[^\n]{0,40}"
    r"|(?:Image|Media) (?:caption|source),?[^\n]*|Getty Images[^\n]*"
    # A date or time line ("21 January 2026", "06:00, 15 Jan 2026", "20 December 2025 • 6am").
    r"|[\d:., •apm]*\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}"
    r"[\d:., •apm]*)$",
    re.M,
)


def first_sentence_end(text: str, *, past_standfirst: bool = True) -> int:
    """End of the first sentence of eight or more words: the topic test's opening. A byline,
    a date line, an image caption or a section label before it is skipped, and so is a
    standfirst when `past_standfirst`; a second paragraph is not read ("Snow closes schools
    across Cumbria ... Cumbria County Council said" is about snow)."""
    return _first_sentence(text, past_standfirst)[1]


def _first_sentence(text: str, past_standfirst: bool = True) -> tuple[int, int]:
    """(start of its first character, end) of the first real sentence (first_sentence_end)."""
    start = 0
    for end in SENTENCE_END.finditer(text):
        if (
            len(text[start : end.start()].split()) >= 8
            and not _furniture_at(text, start)
            and not (past_standfirst and _standfirst(text, end.end()))
        ):
            return _SPACE.match(text, start).end(), end.end()
        start = end.end()
    return _SPACE.match(text).end(), len(text)


_SPACE = re.compile(r"\s*")
_NEXT_LINE = re.compile(r"\s*([^\n]*)")


def _standfirst(text: str, end: int) -> bool:
    """Whether the paragraph ending at `end` is a standfirst: a summary line that a byline or
    a date line follows ("Residents complain of smells ...\n\nBy Ollie Gray"). The story's
    first sentence comes after it."""
    if text[end - 1 : end] != "\n" and not text.startswith("\n", end):
        return False
    line = _NEXT_LINE.match(text, end).group(1).strip()
    return bool(line) and FURNITURE_LINE.fullmatch(line) is not None


def _furniture_at(text: str, start: int) -> bool:
    """Whether the line that `start` is in is page furniture (FURNITURE_LINE)."""
    line_end = text.find("\n", start)
    line = text[text.rfind("\n", 0, start) + 1 : line_end if line_end >= 0 else len(text)]
    return bool(line.strip()) and FURNITURE_LINE.fullmatch(line.strip()) is not None


def furniture_spans(text: str, limit: int = 600) -> list[tuple[int, int]]:
    """Bylines and captions in the first `limit` characters (the ones that sit above a story)."""
    return [(m.start(), m.end()) for m in FURNITURE_LINE.finditer(text, 0, limit)]


def opening_end(text: str) -> int:
    """End of the opening: the sentence or paragraph that reaches 150 characters past the
    start of the first real sentence, so a short standfirst, a byline or a repeated headline
    ("News\n\nTitle\n\n", "By Ruth Bradshaw") do not use up the opening."""
    start = _first_sentence(text)[0] + 150
    m = SENTENCE_END.search(text, min(start, len(text)))
    return m.end() if m else len(text)
