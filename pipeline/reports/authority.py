"""The authority a report is about, read from its title page and opening.

Each family names the area in a fixed place (ILACS: 'Inspection of <X> local authority
children's services'; JTAI: the title and the opening sentence; area SEND: '<X> Local Area
Partnership'). Only that place is used: JTAI letters and SEND reports name neighbouring
councils, police forces and health boards elsewhere. The names are resolved with the
authority register (pipeline.authorities), which knows aliases and which council existed when.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .text import lines

_I = re.I
_CS = r"(?:local authority )?children'?s (?:social care )?services"
# A capitalised place name: 'Bracknell Forest', 'Kingston upon Hull', 'Bournemouth,
# Christchurch and Poole', 'the Isles of Scilly', 'Herefordshire Council'.
_PLACE = r"(?:the )?[A-Z][\w'&.-]*(?:,? (?:and|upon|on|of|under|with|the|in|[A-Z][\w'&.-]*))*"
_PLACE_AFTER_IN = re.compile(rf"\bin ({_PLACE})")

_ILACS = re.compile(rf"\binspection of (.{{2,90}}?) {_CS}", _I)
_ILACS_OLD = re.compile(
    r"^\W*\d*\s*(.{2,90}?)\s+inspection of children'?s social care services", _I
)
_BEFORE_SIF = re.compile(
    r"^\W*\d*\s*(.{2,90}?)\s+(?:re-? ?inspection|inspection|review) of (?:services for children"
    r"|the effectiveness of the local safeguarding)",
    _I,
)
_AFTER_TITLE = re.compile(
    r"inspection of (?:safeguarding and )?looked after children'?s? services\s+(.{2,90}?)\s+"
    r"inspection dates?"
    r"|contact,? referral and assessment(?: arrangements)?(?: within local authority children'?s"
    r" services)?\s+(.{2,90}?)\s+inspection dates?",
    _I,
)
_JAR = re.compile(
    rf"\b(?i:joint area review)\s+({_PLACE}) (?i:children'?s services authority area)"
    r"|\bsafeguarding services in (?:the )?(.{2,60}?)\s+(?:Care Quality|Healthcare Commission"
    r"|HM |Ofsted|Commission|Age group)",
)
_JTAI_TITLE = re.compile(r"^joint targeted area inspection\b", _I)
_JTAI_OPENING = re.compile(
    r"(?:findings of the joint targeted area inspection|carried out a joint inspection"
    r"|undertook a joint inspection|conducted a joint inspection)[^.]{0,300}\.",
    _I,
)
_SEND_2023 = re.compile(r"area SEND [\w -]{0,30}?of (.{2,90}?) local area partnership", _I)
_SEND_2016_OPENING = re.compile(rf"inspection of the local area of ({_PLACE})")
_SEND_2016_TITLE = re.compile(rf"local area SEND (?:inspection|revisit) (?:in|of) ({_PLACE})")
_VISIT = re.compile(rf"\b(?:focused|monitoring) visit (?:to|of) (.{{2,90}}?) {_CS}", _I)

_PREFIXES = re.compile(
    r"^(?:the |london borough of |royal borough of |borough of |council of the |council of "
    r"|metropolitan borough of |city and county of |county of )",
    _I,
)
_SUFFIXES = re.compile(
    r"(?:,? (?:local authority|local area partnership|local area|local safeguarding children"
    r" board|safeguarding children board|safeguarding children partnership|strategic"
    r" safeguarding partnership|lscb|metropolitan borough council|borough council|city council"
    r"|county council|district council|council|children'?s trust))+$",
    _I,
)


@dataclass(frozen=True)
class Resolved:
    code: str
    name: str
    evidence: str  # the words of the report it was read from


def candidates(family: str, page1: str, page1_text: str) -> list[str]:
    """Names of the inspected area as printed, best first. page1 is flattened, page1_text raw."""
    found: list[str | None] = []
    if family in ("ilacs", "unknown"):
        found += [_first(_ILACS, page1), _first(_ILACS_OLD, page1)]
    if family in ("sif", "lscb"):
        found.append(_first(_BEFORE_SIF, page1))
    if family in ("lac", "slac", "cra"):
        found.append(_first(_AFTER_TITLE, page1))
    if family == "jar":
        found.append(_first(_JAR, page1))
    if family == "jtai":
        found += _jtai(page1, page1_text)
    if family == "send_2023":
        found.append(_first(_SEND_2023, page1))
    if family == "send_2016":
        found += [_first(_SEND_2016_OPENING, page1), _first(_SEND_2016_TITLE, page1)]
    if family == "visit":
        found.append(_first(_VISIT, page1))
    out: list[str] = []
    for name in found:
        name = (name or "").strip(" ,.:;-")
        if name and name not in out:
            out.append(name)
    return out


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    if not m:
        return None
    return next((g for g in m.groups() if g), None)


def _jtai(page1: str, page1_text: str) -> list[str]:
    """The area in the letter's title line(s), then in its opening sentence."""
    out: list[str] = []
    rows = lines(page1_text)
    for i, row in enumerate(rows):
        if not _JTAI_TITLE.match(row):
            continue
        title = row
        # titles wrap; a continuation line starts in lower case ('neglect in Liverpool')
        for nxt in rows[i + 1 : i + 3]:
            if not nxt[:1].islower():
                break
            title += " " + nxt
        places = _PLACE_AFTER_IN.findall(title)
        if places:
            out.append(places[-1])
        elif m := re.search(rf"\binspection of ({_PLACE})\s*$", title):
            out.append(m[1])
        break
    if m := _JTAI_OPENING.search(page1):
        places = _PLACE_AFTER_IN.findall(m[0])
        if places:
            out.append(places[-1])
    return [re.sub(r"[\d.]+$", "", p).strip() for p in out]


def variants(name: str) -> list[str]:
    """The name as printed, then with council-type words and prefixes removed."""
    out = [name]
    stripped = _SUFFIXES.sub("", name).strip(" ,")
    if stripped and stripped not in out:
        out.append(stripped)
    bare = _PREFIXES.sub("", stripped).strip(" ,")
    if bare and bare not in out and bare.lower() != "london":  # 'City of London' stays whole
        out.append(bare)
    # flattened text can run a name into the next capitalised word ('Bury Between 13 May'):
    # shorter leading parts are tried last, only after every full form failed
    words = bare.split()
    out += [" ".join(words[:k]) for k in range(len(words) - 1, 0, -1)]
    return out


Lookup = Callable[[str, date | None], object]


def resolve(names: list[str], on: date | None, lookup: Lookup) -> tuple[Resolved | None, str]:
    """The first name that the register resolves; else (None, why not)."""
    reasons: list[str] = []
    for name in names:
        for variant in variants(name):
            try:
                authority = lookup(variant, on)
            except LookupError as exc:  # UnknownAuthority / AmbiguousAuthority
                reasons.append(f"{variant!r}: {type(exc).__name__}")
                continue
            except Exception as exc:  # noqa: BLE001 - a register bug must not lose the report
                reasons.append(f"{variant!r}: {type(exc).__name__}: {exc}")
                continue
            if authority is not None:
                return Resolved(authority.code, authority.name, name), ""
    if not names:
        return None, "no authority name found on the title page"
    return None, "; ".join(reasons) or "register returned nothing"
