"""The children's-services phrases relevance counts, and when each one counts.

Each phrase has a label (it counts once however often it occurs), a pattern on the lower-cased
text and, for acronyms, a case-sensitive pattern on the original text ("SEND", not the verb).
Some phrases are said of other things too (police "county lines", a hospital's grade, a
council's finance commissioners): the NEEDS_* sets say which other words the text must have
for them to count. The scoring that uses them is pipeline.relevance.
"""

from __future__ import annotations

import re

_APOS = r"['’]?"
# Children's-services phrases: (label, pattern on the lower-cased text, acronyms matched with
# their case on the original text). Each label counts once however often it occurs. Lower-
# casing once instead of re.I keeps a 5,000-word article in a few milliseconds.
CS_TERMS: list[tuple[str, str, str | None]] = [
    (
        "children's services",
        # Not inside the lead member's title ("the cabinet member for children's services"
        # speaks for youth centres too): that is the lead-member phrase below.
        rf"(?<!member for )(?<!holder for )children{_APOS}s (?:social )?services",
        None,
    ),
    ("children's social care", rf"children{_APOS}s social (?:care|work)", None),
    (
        "child protection",
        r"child protection|protection plans?|children in need"
        r"|protect(?:s|ing)? (?:vulnerable )?children",
        None,
    ),
    (
        "safeguarding children",
        # 2009-2013 Ofsted wording: "safeguarding services for children", "safeguarding and
        # looked after children services".
        r"safeguarding (?:children|partnership|board|practice)|safeguarding services for"
        r" (?:children|young people)|safeguarding and looked[- ]after",
        None,
    ),
    (
        "social workers",
        # Adult and mental health social workers are adult care ("Adult social workers in
        # Norfolk to get pay rise"), not children's services.
        # (Lookbehinds after the literal "social " keep `re`'s fast literal-prefix scan.)
        r"social (?<!adult social )(?<!adults social )(?<!adults' social )"
        r"(?<!mental health social )workers?|social services"
        r"|social work (?:team|practice)",
        None,
    ),
    (
        "children in care",
        # "In the care of" a council, not a hospital's "care of two patients".
        r"children in care|looked[- ]after|into care|virtual school"
        r"|in the care of (?:the )?(?:[a-z&-]+ ){0,4}(?:council|local authority|trust)"
        # Accommodation with parents' consent (Children Act 1989, section 20).
        r"|voluntary (?:care|accommodation)|accommodated under section 20"
        r"|section 20 (?:accommodation|of the children act)"
        # Placements of children in care outside children's homes and foster care: the
        # national ban on unregulated accommodation for under-16s (2021).
        r"|unregulated (?:placements?|accommodation|settings?|homes?)"
        r"|semi-independent (?:placements?|accommodation|settings?|homes?)",
        None,
    ),
    ("care leavers", r"care leavers?|leaving care|care[- ]experienced", None),
    ("fostering", r"foster(?:ing| care| carers?| placements?| famil(?:y|ies))", None),
    (
        "adoption",
        r"adoption|adopters|adopted (?:child|children|son|daughter)|adoptive (?:parents?|famil)"
        r"|special guardianship|kinship care",
        None,
    ),
    (
        "SEND",
        # Lower-case "send" is a verb; a feed that lower-cases everything still writes "send
        # inspection". A school's own report speaks of its "pupils with special educational
        # needs" too: the council's duties are the next phrase.
        r"special educational needs|send (?:inspection|services|provision|revisit|system|reforms?"
        r"|deficit|transport)",
        r"\bSEND\b",
    ),
    (
        "SEND provision",
        # What the council must secure: plans, places, transport, money. Places in special
        # schools are its duty ("North Yorkshire to build special school in Harrogate"); a
        # special school's own Ofsted grade is not matched.
        r"ehc ?plans?|education,? health and care (?:plans?|needs assessments?)"
        # ("SEND transport" and "SEND deficit" are the SEND label's acronym already.)
        r"|high[- ]needs"
        r"|special school places?|specialist (?:school )?places?|specialist provision"
        r"|specialist (?:schools?|settings?)"
        r"|(?:build|builds|building|open|opens|opening|new) (?:an? )?(?:new )?special schools?",
        r"\bEHCPs?\b",
    ),
    (
        "SEND appeals",
        # Families' appeals against a council's SEND decisions: its statutory duty contested.
        r"send (?:tribunals?|appeals?)|tribunal \(special educational"
        r"|special educational needs (?:and disability )?tribunal",
        None,
    ),
    (
        "children's homes",
        # Bare "residential care" is as often older people's care homes ("the council will pay
        # residential care homes more"); children's residential placements are not.
        rf"children{_APOS}s homes?|residential placements?|children{_APOS}s residential"
        r"|(?:residential|care) (?:care|homes?) (?:for|of) (?:children|young people|looked)",
        None,
    ),
    (
        "Ofsted children's inspection",
        r"inspection of local authority children|focused visit|monitoring visit"
        r"|joint targeted area inspection",
        r"\bILACS\b|\bJTAI\b",
    ),
    (
        "grade",
        r"\b(?:rated|judged|graded)\b[^.]{0,40}\b(?:inadequate|requires improvement|good"
        r"|outstanding|adequate)",
        None,
    ),
    (
        "intervention",
        # The DfE's own instruments: said of children's services (and SEND) only.
        # (Not "the Children's Commissioner", England's children's rights office, who
        # speaks on NHS waits and schools as much as on councils.)
        r"improvement notice|statutory direction",
        None,
    ),
    (
        "government intervention",
        # Commissioners and intervention are sent into councils for their finances and
        # governance too ("Thurrock's chief executive led the council through government
        # intervention"): they say children's services only beside another phrase.
        r"commissioner (?:for|to|at|in)|special measures|intervention",
        None,
    ),
    (
        "children's trust",
        rf"children{_APOS}s (?:services )?trust|achieving for children|together for children"
        r"|children first|brighter futures for children",
        None,
    ),
    (
        "director of children's services",
        # Councils title the post in many ways: "executive director of children, education
        # and families", "director for children and families", "children's director"
        # (not "the director of Children in Need", a charity appeal).
        rf"director (?:of|for) children(?:{_APOS}s|,| and)|children{_APOS}s director"
        rf"|director,? children{_APOS}s",
        r"\bDCS\b",
    ),
    (
        "lead member for children",
        # The councillor a council must name for its children's services (Children Act 2004,
        # s.19): "the council's cabinet member for children".
        r"(?:cabinet|lead|executive) member for children|portfolio holder for children",
        None,
    ),
    (
        "services for children",
        # Ofsted's and councils' plain wording ("Torbay's services for children have been
        # rated good"); the NHS has "mental health services for children" too, so only in a
        # text that speaks of a council.
        r"services for (?:vulnerable )?(?:children|young people)",
        None,
    ),
    (
        "child deaths and reviews",
        r"serious case review|child safeguarding practice review|serious incident|case review"
        r"|died (?:of|from|after)|murder(?:ed)?|neglect|deaths? of (?:a |the )?(?:child|baby"
        r"|toddler|girl|boy|\d+-(?:year|month)-old)|deaths? of children",
        None,
    ),
    ("exploitation", r"sexual(?:ly)? exploit\w*|grooming|county lines|exploitation", r"\bCSE\b"),
    (
        "asylum-seeking children",
        r"unaccompanied (?:asylum[- ]seeking )?(?:children|minors|child refugees|refugee children"
        r"|migrant children)",
        r"\bUASC\b",
    ),
    ("care proceedings", r"care proceedings|care orders?|care applications?|family court", None),
    (
        "early help",
        # "Family help" is the reforms' name for councils' early help and child-in-need
        # work ("family help teams"); not "family helpline" (a charity's phone line).
        rf"early help|family hubs?|children{_APOS}s centres?|front door|multi-agency safeguarding"
        r"|family help\b",
        r"\bMASH\b",
    ),
    (
        "disabled children",
        # Councils' short breaks for disabled children (a duty under the Children Act 1989)
        # and their disabled children's teams; not a holiday "short break in Cornwall".
        r"short breaks? (?:for (?:disabled )?(?:children|young|families)|services?|provision)"
        rf"|disabled children{_APOS}s? (?:team|services?)"
        r"|children with disabilities (?:team|service)",
        None,
    ),
    ("vulnerable children", r"vulnerable children|at[- ]risk children|children at risk", None),
    ("Cafcass", r"cafcass", None),
    (
        "youth justice",
        # A council's youth justice service (youth offending team) is a statutory council
        # service for children who offend; a young offender institution is a prison and is
        # not matched, nor is the national Youth Justice Board, which commissions custody.
        r"youth (?:justice|offending) (?:services?|teams?|partnerships?)",
        r"\bYOTs?\b",
    ),
]
PATTERNS = [(label, re.compile(p)) for label, p, _ in CS_TERMS]
# All acronyms in one pass: each alone ("\bSEND\b") is tried at every character of a long
# article (about 0.5 ms each); one alternation of capitals without the leading "\b" lets `re`
# skip to likely first letters, and acronym_labels checks the left word boundary itself.
_WORD_EDGE = r"\b"
_ACRONYM_PARTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(part.removeprefix(_WORD_EDGE).removesuffix(_WORD_EDGE)), label)
    for label, _, acronyms in CS_TERMS
    for part in (acronyms.split("|") if acronyms else [])
]
# Plain alternation: named groups would cost `re` its first-letter skip (twenty times slower).
_ACRONYMS = re.compile("(?:" + "|".join(p.pattern for p, _ in _ACRONYM_PARTS) + ")" + _WORD_EDGE)


def acronym_labels(text: str) -> set[str]:
    """Labels of the acronyms in `text` (case-sensitive: "SEND", not the verb)."""
    found: set[str] = set()
    for m in _ACRONYMS.finditer(text):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
            continue  # inside a word ("xSEND")
        found.update(label for part, label in _ACRONYM_PARTS if part.fullmatch(m.group(0)))
    return found


# "County lines" and "exploitation" are police words too: they count for children's services
# only in a text that speaks of children ("Essex Police arrest 25 in county lines raids" is not).
NEEDS_CHILDREN = frozenset({"exploitation"})
# A murder, a child's death or a grooming case is crime news unless the text speaks of a
# council or social work: "Man found guilty of murdering teenager in Hull" (police and a
# crown court only) is not a children's services story; a review of the agencies is.
NEEDS_SERVICES = frozenset({"exploitation", "child deaths and reviews"})
# "Special measures" and "intervention" are said of police forces, hospitals and schools too
# ("Greater Manchester Police put into special measures"): they count only in a text that
# speaks of a council or its children's services.
NEEDS_COUNCIL = frozenset({"government intervention", "services for children"})
# A grade is said of schools, hospitals, police forces and care homes as much as of
# children's services ("Mental health trust rated good"): it counts only beside another
# children's-services phrase. So do commissioners and intervention (sent in for finances
# too), and the lead member for children, who also speaks for youth clubs and schools.
NEEDS_ANOTHER = frozenset({"grade", "government intervention", "lead member for children"})
COUNCIL = re.compile(  # on lower-cased text
    rf"\bcouncils?\b|local authorit|children{_APOS}s (?:social )?(?:services|social care)"
)
SERVICES = re.compile(  # on lower-cased text: a council or social work
    rf"\bcouncils?\b|local authorit|children{_APOS}s (?:social )?(?:services|social care)"
    r"|social work|social services|safeguarding|case review|practice review"
)
CHILDREN = re.compile(  # on lower-cased text
    r"\b(?:child|children|girls?|boys?|teenagers?|young (?:people|person)|minors?|under-18s?"
    r"|pupils?|youngsters?|\d+-year-olds?)\b"
)
