"""Is a document about English councils' children's services?

`assess_relevance(title, text, tags=...)` weighs phrases, not a model: the archive needs a
decision it can explain, and the `reasons` say which phrases decided.

In scope: child protection and safeguarding, children in care, care leavers, fostering and
adoption by councils, SEND provision by councils, Ofsted inspections of children's services,
DfE intervention (improvement notices, statutory directions, commissioners, children's
trusts), children's homes, councils' youth justice services (youth offending teams: a
statutory council service for children, usually run within children's services) and
national children's social care policy for England. Youth custody (young offender
institutions, secure training centres) is the prison service's, not a council's.

Out of scope:
- Other council business (bins, housing, potholes, council tax, planning, libraries, adult
  social care) with no children's services phrase beyond a passing one.
- Schools-only stories: a school's Ofsted grade, exam results, academies, teachers' pay. This
  is a judgement call: such a story is kept only when it also has a council children's
  services angle (a children's services phrase, social workers, a child in care, SEND
  provision) — school words alone never make a story relevant, and they raise the bar.
- Wales, Scotland and Northern Ireland: a story whose councils or regulators are from there
  (Cardiff Council, Care Inspectorate Wales, Glasgow's social work) and that names no English
  authority as its subject; likewise places abroad named with their state or country
  ("Worcester, Massachusetts", "Kingston, Jamaica").
- A story that names no English authority, no English place (even as a club or university)
  and no sign of England (councils, government, Ofsted, the DfE, England, the UK ...): a
  child-protection story from an unnamed country ("social workers in Wellington").
- Police stories: "county lines" and "exploitation" count only in a text that speaks of
  children; a drugs raid is not a children's services story. "Special measures" and
  "intervention" count only in a text that speaks of a council or its children's services
  (a police force or a hospital in special measures is not).

- A grade ("rated good", "judged inadequate") on its own: hospitals, police forces, schools
  and care homes are graded too. It counts only beside another children's-services phrase;
  so do commissioners and intervention (sent into councils over money and governance too:
  the DfE's improvement notices and statutory directions count alone) and the council's lead
  member for children, who speaks for its youth clubs and schools as well.
- Crown dependencies (Isle of Man, Jersey, Guernsey) and Northern Irish counties, like Wales
  and Scotland.

- Crime news: a murder, a child's death or a grooming case counts only in a text that speaks
  of a council, social work or a safeguarding review (a trial with police and a crown court
  only is not a children's services story). Care homes "for older people" are adult care.
- Headlines under a "Related stories" line are other stories: their phrases do not count.
- Adult and mental health social workers are adult care. A sentence that rules children's
  services out ("Children's services are not affected by the intervention") does not count.
  An opening (title and first sentence) about other council business (bus routes, a section
  114 notice) with no children's-services phrase raises the bar: a later "driven partly by
  children's social care" is one cause among others.

- Long articles: an opening (title and first sentence) about another field (OTHER_FIELD:
  adult care, health, prisons, a council's own affairs, youth work, early years, public
  health) with no children's-services phrase of its own makes the phrases further down count
  a quarter; an opening about a trial or a police operation makes them count half and its
  exploitation, deaths and "vulnerable children" the crime's; a grade, intervention or the
  lead member said of a school (its own sentence) does not count.

Score: each distinct children's-services phrase counts 1 (2 in the title), capped; the
relevant threshold is 1.5, raised by 1 for schools-only words and by 1 for off-topic council
business when those outnumber the children's-services phrases. A subject English authority
adds 0.5, and so do English authorities named in other roles when none is the subject (a
regional adoption agency's member councils, councils giving evidence against the Home
Office), and so does an opening (title and first sentence, after any byline) that puts
councils at large beside a children's-services phrase ("Councils are still paying agency
social workers above the cap"); a foreign signal with no English subject makes the story
not relevant. England's regions ("a practitioner in the Midlands") are a sign of England.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.cs_phrases import (
    CHILDREN,
    COUNCIL,
    NEEDS_ANOTHER,
    NEEDS_CHILDREN,
    NEEDS_COUNCIL,
    NEEDS_SERVICES,
    PATTERNS,
    SERVICES,
    acronym_labels,
)
from pipeline.name_scan import names_english_place
from pipeline.outside_england import ENGLISH_ANCHOR, names_abroad, places_abroad
from pipeline.passing_mentions import related_block
from pipeline.records import AuthorityTag
from pipeline.story_opening import CRIME_OPENING, first_sentence_end
from pipeline.vocabulary import SUBJECT

__all__ = ["RelevanceResult", "assess_relevance", "names_abroad"]

_APOS = r"['’]?"
_ENGLAND = re.compile(r"\b(?:england|english)\b")  # on lower-cased text
_COUNCILS = re.compile(r"\bcouncils\b|local authorities")  # on lower-cased text: councils at large
OFF_TOPIC = re.compile(  # on lower-cased text
    r"\b(?:bins?|waste|recycling|refuse collections?|potholes?|roads?|parking|housing|homeless"
    r"|tenants?|council tax|planning (?:permission|application)|libraries|library|adult social"
    r" care|care homes? for (?:the )?elderly|leisure centres?|street ?lights?|fly-?tipping"
    r"|section 114|bus (?:services?|routes?)|elections?|equal pay|older (?:people|adults)"
    r"|highways|regeneration|redevelopment|car parks?|reorganisation|best value|youth clubs?)\b"
)
# A sentence that says children's services are left out ("Children's services are not
# affected by the intervention"): its phrases are not what the story is about.
NEGATED = re.compile(
    r"\b(?:not|n't|never) (?:be |been )?(?:affected|included|covered|part of)\b|\bunaffected\b"
    r"|\bexcluding\b"
    # An inspection's stated scope ("It did not cover children's services, which were rated
    # good"): only with children's services as the object, since "does not cover the cost of
    # foster care" is still about fostering.
    rf"|\b(?:not|n't) cover(?:ed)? (?:the council{_APOS}s |its )?children{_APOS}s (?:social )?"
    r"(?:services|social care)"
    # "Children's social care ... is outside the scope of this report".
    r"|\boutside (?:the |its )?scope\b"
)
# Substrings one of NEGATED's forms needs: tested first, since the regex over a long article
# costs about a millisecond and almost no article has any of them.
_NEGATED_CUES = (
    "affected",
    "not included",
    "not cover",
    "n't cover",
    "not part of",
    "excluding",
    "scope",
)
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|$)")
SCHOOL_ONLY = re.compile(  # on lower-cased text
    r"\b(?:academy|academies|primary school|secondary school|headteachers?|head teacher"
    r"|pupils?|gcses?|a-levels?|exam results|teachers?|multi-academy trust|school inspection"
    r"|curriculum|league tables)\b"
)

# Another field's story, told in the opening: adult care, health, prisons, a council's own
# affairs, youth work and early years, public health. A children's-services phrase further
# down ("social workers" in a care home managers' story, "children's homes" in a young
# offender institution's) is context, not its topic. (Police are not here: police and
# councils share child protection, and their stories are often both's.)
OTHER_FIELD = re.compile(  # on lower-cased text
    r"\b(?:care homes?(?! for (?:children|young))|older (?:people|adults)|dementia|adass"
    r"|adult social|nhs|hospitals?|gps?|camhs|mental health (?:services?|waits?|trusts?|act"
    r"|bill)|amhps?|approved mental health|young offender institutions?|yois?|prisons?"
    # A council's own affairs: its governance, money and shape ("Slough still has a long way
    # to go, say commissioners", "Stoke to cut 100 jobs"); children's services further down
    # are one pressure among several.
    r"|commissioners?|reorganisation|unitar(?:y|ies)|chief executive|efficiency|finances"
    r"|credit rating"
    r"|job cuts|to cut \d+ jobs|savings|finance settlement|section 114|redevelopment"
    r"|budgets?"
    # Youth work, early years and further education are the council's or the state's other
    # services for the young, not children's social care (docs/LABELLING.md).
    r"|youth (?:clubs?|centres?|services|workers?|work|strategy)|early years|nurser(?:y|ies)"
    r"|childcare|further education|private schools?"
    # Public health: a measles outbreak's deaths are not a safeguarding review's.
    r"|measles|vaccinat\w*|public health)\b"
)
# A trial or a police operation in the opening (story_opening.CRIME_OPENING): exploitation,
# a death and "vulnerable children" are the crime's words there, and count as context;
# social workers, care or fostering in the same story still count.
CRIME_LABELS = frozenset({"exploitation", "child deaths and reviews", "vulnerable children"})
# Phrases a school's own story uses too ("the school was rated outstanding", "the secondary
# was placed in special measures", "the cabinet member for children congratulated the
# school"): they count only where some use of them is not in a sentence about a school.
OF_SCHOOLS = frozenset({"grade", "government intervention", "lead member for children"})
_SCHOOL_WORD = re.compile(
    r"\b(?:schools?|academy|academies|primary|secondary|headteachers?|pupils?)\b"
)

THRESHOLD = 1.5  # one phrase in the title, or one in the body with an English subject
BODY_ONLY = 0.25  # a phrase only below an opening about another field (OTHER_FIELD)


def _only_of_schools(pattern: re.Pattern[str], low: str) -> bool:
    """Whether every use of `pattern` in `low` is in a sentence that speaks of a school."""
    for m in pattern.finditer(low):
        start = max(low.rfind(".", 0, m.start()), low.rfind("\n", 0, m.start())) + 1
        end = low.find(".", m.end())
        if not _SCHOOL_WORD.search(low, start, end if end >= 0 else len(low)):
            return False
    return True


@dataclass(frozen=True)
class RelevanceResult:
    relevant: bool
    score: float
    reasons: list[str] = field(default_factory=list)


def assess_relevance(
    title: str,
    text: str,
    *,
    tags: list[AuthorityTag] | None = None,
    source: str | None = None,
) -> RelevanceResult:
    """Whether the document is about English councils' children's services (module doc).

    `tags` are the document's authority tags (computed here when None); `source` is accepted
    for callers and does not change the result.
    """
    title = title or ""
    text = text or ""
    if tags is None:
        from pipeline.attribution import tag_authorities

        tags = tag_authorities(title, text)
    reasons: list[str] = []
    score = 0.0
    found = 0
    # Headlines under a "Related stories" line are other stories: their phrases do not count.
    related = related_block(text)
    if related is not None:
        text = text[: related.start()]
    low_title, low_text = title.lower(), text.lower()
    if any(c in low_text for c in _NEGATED_CUES) and NEGATED.search(low_text):
        # Rare: drop the sentences that rule children's services out.
        low_text = " ".join(
            m.group(0) for m in _SENTENCE.finditer(low_text) if not NEGATED.search(m.group(0))
        )
    # The opening (title and first sentence) says what a story is about: when it is about other
    # council business (bus routes, a section 114 notice) and names no children's services,
    # a later phrase ("a budget gap driven partly by children's social care") is one cause
    # among others, and the bar is raised.
    # (A byline or a date line before the first sentence is read with it: story_opening.)
    opening = f"{low_title}\n{low_text[: first_sentence_end(low_text, past_standfirst=False)]}"
    opening_off = bool(OFF_TOPIC.search(opening))
    other_field = bool(OTHER_FIELD.search(opening))
    crime_opening = bool(CRIME_OPENING.search(opening))
    opening_cs = False
    below: list[str] = []  # labels found only below the opening
    speaks_of_children: bool | None = None
    seen: set[str] = set()
    title_acronyms = acronym_labels(title)
    text_acronyms: set[str] | None = None  # scanned only if a phrase search fails
    for label, pattern in PATTERNS:
        in_title = label in title_acronyms or bool(pattern.search(low_title))
        if not in_title and not pattern.search(low_text):
            if text_acronyms is None:
                text_acronyms = acronym_labels(text)
            if label not in text_acronyms:
                continue
        if label in NEEDS_CHILDREN:
            if speaks_of_children is None:
                speaks_of_children = bool(CHILDREN.search(f"{low_title}\n{low_text}"))
            if not speaks_of_children:
                continue
        if label in NEEDS_COUNCIL and not COUNCIL.search(f"{low_title}\n{low_text}"):
            continue
        if label in NEEDS_SERVICES and not SERVICES.search(f"{low_title}\n{low_text}"):
            continue
        if label in OF_SCHOOLS and _only_of_schools(pattern, f"{low_title}\n{low_text}"):
            continue
        found += 1
        seen.add(label)
        up_front = in_title or bool(pattern.search(opening))
        # (A grade or a lead member up front says nothing of the field on its own, and in a
        # trial's opening exploitation is the crime's word.)
        weak_up_front = label in NEEDS_ANOTHER
        crime = crime_opening and label in CRIME_LABELS
        opening_cs = opening_cs or (up_front and not weak_up_front and not crime)
        if crime:
            score += BODY_ONLY
            reasons.append(f"crime news: {label} counts as context")
            continue
        if not up_front or weak_up_front:
            below.append(label)
        score += 2.0 if in_title and not weak_up_front else 1.0
        reasons.append(f"children's services: {label}{' (title)' if in_title else ''}")
    if seen and seen <= NEEDS_ANOTHER:  # a grade alone: a school's, a hospital's, a force's
        score, found = 0.0, 0
        reasons.clear()
    elif crime_opening and not opening_cs and below:
        # A trial's or a police operation's story: a safeguarding review or social workers
        # further down count half (one of them alone is the case's context, several are a
        # children's services story: "the siblings are now in foster care").
        score -= 0.5 * len(below)
        reasons.append("opening about a crime: " + ", ".join(below[:3]) + " count half")
    elif other_field and not opening_cs and below:
        # The opening is another field's story (a care home's fees, a school's verdict, a
        # youth centre): phrases further down are its context and count half.
        score -= (1.0 - BODY_ONLY) * len(below)
        reasons.append("opening about another field: " + ", ".join(below[:3]) + " count half")
    score = min(score, 8.0)
    whole = f"{title}\n{text}"
    low = f"{low_title}\n{low_text}"
    off = {m.group(0) for m in OFF_TOPIC.finditer(low)}
    school = {m.group(0) for m in SCHOOL_ONLY.finditer(low)}
    threshold = THRESHOLD
    if len(school) >= 2 and len(school) > found:
        threshold += 1.0
        reasons.append("schools-only words: " + ", ".join(sorted(school)[:4]))
    if len(off) > found:
        threshold += 1.0
        reasons.append("other council business: " + ", ".join(sorted(off)[:4]))
    if opening_off and found and not opening_cs:  # opening_cs: a phrase up front
        threshold += 1.0
        reasons.append("opening about other council business")
    subjects = [t for t in tags if t.role == SUBJECT]
    if subjects:
        score += 0.5
        reasons.append("English authority subject: " + ", ".join(t.code for t in subjects))
    elif tags:
        # Councils named but none the subject (an adoption agency's member councils, councils
        # giving evidence in a case against the Home Office) still make the phrase English
        # councils' business, as a subject would.
        score += 0.5
        reasons.append("English authorities named: " + ", ".join(t.code for t in tags[:4]))
    elif opening_cs and _COUNCILS.search(opening):
        # A national story whose opening puts councils and a children's-services phrase
        # together ("Councils are still paying agency social workers above agreed rates") is
        # about English councils' children's services as much as one naming a council.
        score += 0.5
        reasons.append("councils in the opening")
    relevant = score >= threshold
    # Places outside England only matter when no English authority is the subject, and the
    # two long alternations cost more than the phrase tests: skip them otherwise.
    foreign: set[str] = set()
    if not subjects and not (_ENGLAND.search(low_title) and not places_abroad(title)):
        # (A release titled "Children looked after in England" compares itself with Wales
        # and Scotland: a title that says England settles the country, unless it names a
        # place abroad too: "Powys children placed in England".) A story that names several
        # English councils is set abroad only when its opening says so.
        several = len(tags) >= 2
        foreign = places_abroad(
            f"{title}\n{text[: first_sentence_end(text)]}" if several else whole
        )
    if foreign:
        relevant = False
        reasons.append("outside England: " + ", ".join(sorted(foreign)[:4]))
    elif relevant and not tags and not ENGLISH_ANCHOR.search(whole):
        if not names_english_place(whole):  # "Newcastle United", "University of Cambridge"
            relevant = False
            reasons.append("no sign of England: no English place, council or national body")
    if not found:
        relevant = False
        reasons.append("no children's services phrase")
    return RelevanceResult(relevant, round(score, 2), reasons)
