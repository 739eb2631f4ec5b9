"""Which authority code an accepted name means on the article's date, and which names count only
when the text names their authority plainly.

A register alias is settled by the date, a district goes to its upper tier of that date, a
name shared by several authorities goes to the ones the text names otherwise or to context
words, and risky names (Westminster, Boston, Lincoln) need council style or a council beside
them (rules: pipeline.attribution's docstring).
"""

from __future__ import annotations

from datetime import date

from pipeline.authorities import register
from pipeline.name_hits import SENTENCE_END, Hit, name_key
from pipeline.outside_england import names_abroad
from pipeline.place_context import CS_ANYWHERE, ENGLISH_SERVICE, RISKY_DISTRICTS, RISKY_NAMES


def resolve(hit: Hit, on: date, named: set[str], lower: str) -> tuple[list[str], str]:
    """Codes for one hit and the rule used; several codes means still ambiguous."""
    reg = register()
    entry = hit.entry
    if entry.options:
        # Each candidate weighs the times the text uses its cue words, plus one if the text
        # names it otherwise ("Achieving for Children" beside "Kingston"): a Welsh story that
        # says "not to be confused with Newport on the Isle of Wight" once is still Welsh.
        weights = []
        for target, cues in entry.options:
            codes = _target_codes(target, on)
            weight = sum(lower.count(c) for c in cues) + (2 if set(codes) & named else 0)
            weights.append((weight, codes))
        best = max(w for w, _ in weights)
        winners = [codes for w, codes in weights if w == best]
        if best and len(winners) == 1:
            codes = winners[0]
            return codes, "named elsewhere" if set(codes) & named else "context words"
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


def risky(hit: Hit, source: str = "", councils: bool = False) -> bool:
    """A name that counts only when the text also names its authority plainly (module doc).
    `source` is the title or body the hit is in; `councils`: whether the text names a council."""
    key = name_key(hit.span)
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


def _sentence(source: str, hit: Hit) -> str:
    """The sentence (or line) of `source` around a hit, at most 300 characters either side:
    a long text is not scanned from its start for each hit."""
    lo = max(0, hit.start - 300)
    start = max((m.end() for m in SENTENCE_END.finditer(source, lo, hit.start)), default=lo)
    end = SENTENCE_END.search(source, hit.end, hit.end + 300)
    return source[start : end.start() if end else min(len(source), hit.end + 300)]


def _target_codes(target: str, on: date) -> list[str]:
    if target.startswith("E"):
        return [target]
    upper = register().upper_tier_for_district(target, on)
    return [upper.code] if upper else []
