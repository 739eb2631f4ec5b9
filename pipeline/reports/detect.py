"""Which kind of report this is: inspection type and framework, from the title page.

Titles are the most stable thing across years and typesetting, so the order of the rules
below is the order of how specific a title is. Report titles are matched only in the opening
characters of page 1 (the title block); letters (JTAI, visits, SEND 2016) open with a date and
a list of addressees, so their subject line is looked for anywhere on page 1. Body text often
names other inspections ("since the focused visit in 2020"), which is why titles go first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.I
TITLE_CHARS = 450  # the title block of a report's first page
# An ILACS report opens with its title (after at most a page number and the council's name);
# a letter that merely mentions an inspection of children's services does so much later.
ILACS_TITLE_START = 160

# Report titles (matched in the title block)
_SIF = re.compile(
    r"\b(re-? ?)?inspection of services for children in need of help and protection", _I
)
_LSCB = re.compile(
    r"\b(?:review|inspection) of the effectiveness of the local safeguarding children board", _I
)
_ILACS = re.compile(
    r"\binspection of (?:[^.]{1,120}? )?children'?s (?:social care )?services\b"
    r"|\binspection of children'?s social care services\b",
    _I,
)
_SLAC = re.compile(r"\binspection of safeguarding and looked after children'?s? services", _I)
_LAC = re.compile(r"\binspection of looked after children'?s? services", _I)
_CRA = re.compile(r"\bcontact,? referral and assessment\b", _I)

# Letters and partnership reports (matched anywhere on page 1)
_JTAI = re.compile(r"\bjoint targeted area inspection\b", _I)
_SEND_2023 = re.compile(
    r"\barea SEND (?:full |monitoring )?(?:re-?)?inspection of\b|\blocal area partnership report\b",
    _I,
)
_SEND_2016 = re.compile(
    r"\b(?:joint )?local area SEND (?:inspection|revisit)\b|\bSEND revisit\b"
    r"|\bjoint inspection of the local area of\b|\bspecial educational needs and/or disabilities"
    r" \(SEND\) (?:inspection|revisit)\b",
    _I,
)
_FOCUSED = re.compile(
    r"\bfocused visit (?:to|of)\b|\bfindings of (?:the|a|our) focused visit\b", _I
)
_MONITORING = re.compile(
    r"\bmonitoring visit (?:to|of)\b|\bfindings of (?:the|a|our) (?:\w+ )?monitoring visit\b", _I
)
_JAR = re.compile(r"\bjoint area review\b|\bprovision of safeguarding services in\b", _I)


@dataclass(frozen=True)
class Detected:
    family: str  # which reader handles it, e.g. "ilacs", "sif", "jtai"
    type: str  # vocabulary type; ILACS short/standard is settled later from the dates
    framework: str  # provisional; ILACS 2018/2023/2026 is settled from its judgement table
    evidence: str  # the words that decided


def detect(page1: str, early: str) -> Detected:
    """page1: flattened text of page 1; early: flattened text of the first few pages."""
    title = page1[:TITLE_CHARS]
    if m := _SIF.search(title):
        reinspection = bool(m[1])
        return Detected("sif", "sif_reinspection" if reinspection else "sif", "sif_2013", m[0])
    if m := _LSCB.search(title):
        return Detected("lscb", "sif", "lscb_2013", m[0])
    if m := _SLAC.search(title):
        return Detected("slac", "safeguarding_and_looked_after", "slac", m[0])
    if m := _LAC.search(title):
        return Detected("lac", "looked_after_children", "lac", m[0])
    if m := _CRA.search(page1):  # a report title, or a letter's subject line
        return Detected("cra", "unannounced_contact_referral_assessment", "cra", m[0])
    if (m := _ILACS.search(title)) and m.start() < ILACS_TITLE_START:
        return Detected("ilacs", "other", "ilacs", m[0])
    if m := _JTAI.search(page1):
        return Detected("jtai", "jtai", "jtai", m[0])
    if m := _SEND_2023.search(page1):
        return Detected("send_2023", "send_area", "send_2023", m[0])
    if m := _SEND_2016.search(page1):
        return Detected("send_2016", "send_area", "send_2016", m[0])
    if m := _FOCUSED.search(page1):
        return Detected("visit", "focused_visit", "focused_visit", m[0])
    if m := _MONITORING.search(page1):
        return Detected("visit", "monitoring_visit", "monitoring_visit", m[0])
    if m := _JAR.search(early):
        return Detected("jar", "joint_area_review", "jar", m[0])
    return Detected("unknown", "other", "unknown", "")
