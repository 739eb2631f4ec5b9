"""Is a document about English councils' children's services?

`assess_relevance(title, text, tags=...)` weighs phrases, not a model: the archive needs a
decision it can explain, and the `reasons` say which phrases decided.

In scope: child protection and safeguarding, children in care, care leavers, fostering and
adoption by councils, SEND provision by councils, Ofsted inspections of children's services,
DfE intervention (improvement notices, statutory directions, commissioners, children's
trusts), children's homes and national children's social care policy for England.

Out of scope:
- Other council business (bins, housing, potholes, council tax, planning, libraries, adult
  social care) with no children's services phrase beyond a passing one.
- Schools-only stories: a school's Ofsted grade, exam results, academies, teachers' pay. This
  is a judgement call: such a story is kept only when it also has a council children's
  services angle (a children's services phrase, social workers, a child in care, SEND
  provision) — school words alone never make a story relevant, and they raise the bar.
- Wales, Scotland and Northern Ireland: a story whose councils or regulators are from there
  (Cardiff Council, Care Inspectorate Wales, Glasgow's social work) and that names no English
  authority as its subject.

Score: each distinct children's-services phrase counts 1 (2 in the title), capped; the
relevant threshold is 1.5, raised by 1 for schools-only words and by 1 for off-topic council
business when those outnumber the children's-services phrases. A subject English authority
adds 0.5; a foreign signal with no English subject makes the story not relevant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.records import AuthorityTag
from pipeline.vocabulary import SUBJECT

__all__ = ["RelevanceResult", "assess_relevance"]

_APOS = r"['’]?"
# Children's-services phrases: (label, pattern). Each label counts once however often it occurs.
CS_TERMS: list[tuple[str, str]] = [
    ("children's services", rf"children{_APOS}s (?:social )?services"),
    ("children's social care", rf"children{_APOS}s social (?:care|work)"),
    ("child protection", r"child protection|protection plans?|children in need"),
    ("safeguarding children", r"safeguarding (?:children|partnership|board|practice review)"),
    ("social workers", r"social workers?|social services|social work (?:team|practice|caseloads?)"),
    ("children in care", r"children in care|looked[- ]after|in the care of|taken into care"),
    ("care leavers", r"care leavers?|leaving care|care experienced"),
    ("fostering", r"foster(?:ing| care| carers?| placements?| famil(?:y|ies))"),
    ("adoption", r"adoption|adopters|adopted children|special guardianship|kinship care"),
    ("SEND", r"\bSEND\b|special educational needs|EHC ?plans?|education,? health and care"),
    ("children's homes", rf"children{_APOS}s homes?|residential (?:care|placements?)"),
    (
        "Ofsted children's inspection",
        r"ILACS|inspection of local authority children|"
        r"focused visit|monitoring visit|joint targeted area inspection|\bJTAI\b",
    ),
    (
        "grade",
        r"\b(?:rated|judged|graded)\b[^.]{0,40}\b(?:inadequate|requires improvement|"
        r"good|outstanding)",
    ),
    (
        "intervention",
        r"improvement notice|statutory direction|children{_APOS}s commissioner|"
        r"commissioner (?:for|to|at|in)|special measures|intervention",
    ),
    (
        "children's trust",
        rf"children{_APOS}s (?:services )?trust|achieving for children|"
        r"together for children|children first|brighter futures for children",
    ),
    ("director of children's services", rf"director of children{_APOS}s services|\bDCS\b"),
    (
        "child deaths and reviews",
        r"serious case review|child safeguarding practice review|"
        r"serious incident|case review|died (?:of|from|after)|murder(?:ed)?|neglect",
    ),
    ("exploitation", r"sexual(?:ly)? exploit\w*|\bCSE\b|grooming|county lines|exploitation"),
    ("asylum-seeking children", r"unaccompanied (?:asylum[- ]seeking )?(?:children|minors)|UASC"),
    ("care proceedings", r"care proceedings|care orders?|care applications?|family court|Cafcass"),
    ("early help", r"early help|family hubs?|front door|\bMASH\b|multi-agency safeguarding"),
    ("vulnerable children", r"vulnerable children|at[- ]risk children|children at risk"),
]
_CS = [(label, re.compile(p, re.I)) for label, p in CS_TERMS]

OFF_TOPIC = re.compile(
    r"\b(?:bins?|waste|recycling|refuse collections?|potholes?|roads?|parking|housing|homeless"
    r"|tenants?|council tax|planning (?:permission|application)|libraries|library|adult social"
    r" care|care homes? for (?:the )?elderly|leisure centres?|street ?lights?|fly-?tipping"
    r"|section 114|bus (?:services?|routes?)|elections?|equal pay)\b",
    re.I,
)
SCHOOL_ONLY = re.compile(
    r"\b(?:academy|academies|primary school|secondary school|headteachers?|head teacher"
    r"|pupils?|GCSEs?|A-levels?|exam results|teachers?|multi-academy trust|school inspection"
    r"|curriculum|league tables)\b",
    re.I,
)
# Councils, regulators and governments outside England (facts: names as used in the press).
FOREIGN = re.compile(
    r"\b(?:Wales|Welsh|Scotland|Scottish|Northern Ireland|Care Inspectorate|Estyn|Senedd|Holyrood"
    r"|Health and Social Care Trust|children'?s hearings?|Cardiff|Swansea|Newport City|Bridgend"
    r"|Caerphilly|Wrexham|Powys|Gwynedd|Conwy|Flintshire|Denbighshire|Anglesey|Ceredigion"
    r"|Pembrokeshire|Carmarthenshire|Neath Port Talbot|Vale of Glamorgan|Rhondda Cynon Taf"
    r"|Merthyr Tydfil|Blaenau Gwent|Torfaen|Monmouthshire|Glasgow|Edinburgh|Aberdeen|Dundee"
    r"|Fife|Highland Council|Lanarkshire|Ayrshire|Renfrewshire|Inverclyde|Lothian"
    r"|Dunbartonshire|Argyll|Stirling Council|Falkirk|Dumfries|Perth and Kinross|Moray Council"
    r"|Angus Council|Shetland|Orkney|Belfast|Derry|Londonderry|Armagh|Antrim)\b"
)
# Places outside the UK that share names with English authorities.
ABROAD = re.compile(
    r"\b(?:New York|Alabama|Australia|Canada|United States|America|Ireland's|Irish government"
    r"|New Zealand|US state)\b"
)

_NOT_FOREIGN = re.compile(
    r"England and Wales|England, Wales|Prince of Wales|Princess of Wales|New South Wales"
    r"|across the UK|UK-wide",
    re.I,
)

THRESHOLD = 1.5  # one phrase in the title, or one in the body with an English subject


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
    for label, pattern in _CS:
        in_title = bool(pattern.search(title))
        if in_title or pattern.search(text):
            found += 1
            score += 2.0 if in_title else 1.0
            reasons.append(f"children's services: {label}{' (title)' if in_title else ''}")
    score = min(score, 8.0)
    whole = f"{title}\n{text}"
    off = {m.group(0).lower() for m in OFF_TOPIC.finditer(whole)}
    school = {m.group(0).lower() for m in SCHOOL_ONLY.finditer(whole)}
    threshold = THRESHOLD
    if len(school) >= 2 and len(school) > found:
        threshold += 1.0
        reasons.append("schools-only words: " + ", ".join(sorted(school)[:4]))
    if len(off) > found:
        threshold += 1.0
        reasons.append("other council business: " + ", ".join(sorted(off)[:4]))
    subjects = [t for t in tags if t.role == SUBJECT]
    if subjects:
        score += 0.5
        reasons.append("English authority subject: " + ", ".join(t.code for t in subjects))
    # "England and Wales" statistics and the Prince of Wales are not Welsh stories.
    home = _NOT_FOREIGN.sub(" ", whole)
    foreign = {m.group(0) for m in FOREIGN.finditer(home)} | {
        m.group(0) for m in ABROAD.finditer(home)
    }
    relevant = score >= threshold
    if foreign and not subjects:
        relevant = False
        reasons.append("outside England: " + ", ".join(sorted(foreign)[:4]))
    if not found:
        relevant = False
        reasons.append("no children's services phrase")
    return RelevanceResult(relevant, round(score, 2), reasons)
