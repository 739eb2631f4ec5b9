"""Whether a text is set outside England, or shows it is English at all.

Wales, Scotland, Northern Ireland, the Crown dependencies and namesakes abroad ("Worcester,
Massachusetts", "NSW Parliament") have their own children's services: a story about them is
not in scope (pipeline.relevance), and an English name in it is not an English council
(pipeline.attribution). The names are facts as the press uses them; the rules that weigh
them live with their callers.
"""

from __future__ import annotations

import re

# Councils, regulators and governments outside England (facts: names as used in the press).
FOREIGN = re.compile(
    r"\b(?:Wales|Welsh|Scotland|Scottish|Northern Ireland|Care Inspectorate|Estyn|Senedd|Holyrood"
    r"|Health and Social Care Trust|children'?s hearings?|Cardiff|Swansea|Newport City|Bridgend"
    r"|Caerphilly|Wrexham|Powys|Gwynedd|Conwy|Flintshire|Denbighshire|Anglesey|Ceredigion"
    r"|Pembrokeshire|Carmarthenshire|Neath Port Talbot|Vale of Glamorgan|Rhondda Cynon Taf"
    r"|Merthyr Tydfil|Blaenau Gwent|Torfaen|Monmouthshire|Glasgow|Edinburgh|Aberdeen|Dundee"
    r"|Fife|Highland Council|Lanarkshire|Ayrshire|Renfrewshire|Inverclyde|Lothian"
    r"|Dunbartonshire|Argyll|Stirling Council|Falkirk|Dumfries|Perth and Kinross|Moray Council"
    r"|Angus Council|Shetland|Orkney|Belfast|Derry|Londonderry|Armagh|Antrim|Tyrone"
    r"|Fermanagh|County Down|Co\.? Down"
    # Crown dependencies and the Republic of Ireland's child and family agency.
    r"|Isle of Man|Manx|Tynwald|Jersey|Guernsey|Channel Islands|Tusla)\b"
)
# Places outside the UK that share names with English authorities, and the states and
# countries the press names beside them ("Worcester, Massachusetts", "Kingston, Jamaica").
# Washington is left out (a town in Sunderland), and so is a bare Victoria (a London station);
# "the Victorian government" and "state of Victoria" are Australia's state.
ABROAD = re.compile(
    r"\b(?:New York|Australia|Canada|United States|America|Ireland's|Irish government"
    r"|New Zealand|US state|Jamaica|South Africa|Ontario|Quebec|British Columbia|Alberta"
    r"|Queensland|Tasmania|New South Wales|NSW|Western Australia|Victorian government"
    r"|Victoria's (?:government|premier)|state of Victoria|Victoria, Australia"
    r"|Alabama|Alaska|Arizona|Arkansas"
    r"|California|Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho|Illinois|Indiana|Iowa"
    r"|Kansas|Kentucky|Louisiana|Maryland|Massachusetts|Michigan|Minnesota|Mississippi"
    r"|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|North Carolina"
    r"|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina"
    r"|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Wisconsin|Wyoming)\b"
)

# Signs that a story with no English authority named is still English: national bodies,
# government and councils in general. Without one, and without any English place name, a
# child-protection story is from somewhere the text does not name ("social workers in
# Wellington ... Oranga Tamariki said"): not in scope.
ENGLISH_ANCHOR = re.compile(
    r"\b(?:England|English|UK|Britain|British|Ofsted|DfE|Department for Education|[Gg]overnment"
    r"|[Cc]ouncils?|[Ll]ocal authorit(?:y|ies)|MPs?|[Mm]inisters?|Parliament|Commons|Lords"
    r"|Children's Commissioner|Cafcass|Local Government Association|LGA|ADCS"
    r"|Social Work England|Whitehall|NHS"
    # England's regions, which the place index leaves out on purpose (pipeline.attribution):
    # "one practitioner in the Midlands told us".
    r"|Midlands|Yorkshire|East Anglia|Home Counties|(?:North|South)[- ](?:East|West) England)\b"
)

_NOT_FOREIGN = re.compile(
    r"England and Wales|England, Wales|Prince of Wales|Princess of Wales|New South Wales"
    r"|across the UK|UK-wide",
    re.I,
)

# FOREIGN and ABROAD without their leading "\b": every name starts with a capital, so `re`
# can skip to capitals instead of trying the alternation at every character (four to five
# times faster on a long article); _names checks the left word boundary instead.
_FOREIGN_SCAN = re.compile(FOREIGN.pattern.removeprefix(r"\b"))
_ABROAD_SCAN = re.compile(ABROAD.pattern.removeprefix(r"\b"))


def _names(scan: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Matches of a FOREIGN/ABROAD scan that start a word, as the "\b" form would find."""
    return [
        m
        for m in scan.finditer(text)
        if m.start() == 0 or not text[m.start() - 1].isalnum() and text[m.start() - 1] != "_"
    ]


def names_abroad(text: str) -> bool:
    """Whether `text` names a state or country abroad (ABROAD) anywhere, at word starts."""
    return bool(_names(_ABROAD_SCAN, text))


def _home_phrase(text: str, m: re.Match[str]) -> bool:
    """Whether a foreign name is part of a phrase that is not foreign ("England and Wales")."""
    lo, hi = max(0, m.start() - 20), min(len(text), m.end() + 20)
    return any(
        n.start() <= m.start() and m.end() <= n.end() for n in _NOT_FOREIGN.finditer(text, lo, hi)
    )


def places_abroad(text: str) -> set[str]:
    """The names of places, regulators and governments outside England that `text` names."""
    # "England and Wales" statistics and the Prince of Wales are not Welsh stories.
    foreign = {m.group(0) for m in _names(_FOREIGN_SCAN, text) if not _home_phrase(text, m)}
    foreign |= {m.group(0) for m in _names(_ABROAD_SCAN, text)}
    return foreign
