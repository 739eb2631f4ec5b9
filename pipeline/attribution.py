"""Which English children's services authorities a text is about (subject) or only names.

`tag_authorities(title, text, published=...)` scans the text once with a regex compiled from
every name form the register knows (names, aliases, children's trusts), the lower-tier
districts in pipeline/data/districts.json and a small table of towns below. Each match is then
judged in its context and resolved to an ONS code.

This docstring is the whole rule book; each stage lives with its concept: the scan of a text
for known names (pipeline.name_scan), whether a match is the place at all (pipeline.
name_hits), which names the text only passes over (pipeline.passing_mentions), which authority
a name means on the date (pipeline.authority_resolution) and what the opening is and reads as
(pipeline.story_opening). This module scores the hits and runs the topic test, since those
read the whole article at once.

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
director, is to join Ealing", "Roger Gough, leader of Kent County Council, said", one
employee as a source ("a Walsall Council social worker said"), the title "Trust appoints Kent
director", "North Somerset Council had refused planning permission" when
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
they name it as a place and either the opening is about children's services (story_opening.
TOPIC_CS: "a family hub has opened in Nuneaton") or the text speaks of that council's
children's services somewhere ("murdered in Solihull ... Solihull children's services had
visited"); or (c) it acts as a council later in the opening and the opening is about
children's services or about the council's own business (story_opening.COUNCIL_BUSINESS: bins,
housing, planning). A council that is only a source ("Cumbria County Council said gritters had
been out", "Birmingham City Council's director of public health said") in a story about snow,
measles, a stadium or an airport is `mentioned`, as is one that only granted planning
permission ("granted planning permission by X", "X granted planning permission"). A story
whose opening names a foreign state (outside_england.ABROAD: "NSW Parliament") has no subject
unless it names a council as a council; so has one naming a foreign state further down ("NSW
Families Minister") when it also speaks of no place's children's services.

A feed that lower-cases everything gets its council-styled names capitalised back
(pipeline.lowercase_feed: "leeds city council" -> "Leeds City Council"); bare lower-case names
stay words.

The rest are
`mentioned`. A text with no council or children's-services word at all (place_context.
COUNCIL_EVIDENCE: a tram crash in Croydon, a stabbing in Manchester, Halifax the bank, crowds
in Windsor) only locates events: every authority it names is `mentioned`.
"""

from __future__ import annotations

import re
from datetime import date

from pipeline.authorities import register
from pipeline.authority_resolution import resolve, risky
from pipeline.lowercase_feed import capitalise_councils
from pipeline.name_hits import Hit, name_key
from pipeline.name_scan import names_english_place, scan
from pipeline.outside_england import ABROAD, names_abroad
from pipeline.passing_mentions import related_block
from pipeline.place_context import COUNCIL_EVIDENCE, COUNCIL_WORD
from pipeline.records import AuthorityTag
from pipeline.story_opening import (
    COUNCIL_ACTS,
    COUNCIL_BUSINESS,
    COUNCIL_DECIDED,
    COUNCIL_NAME,
    CRIME_OPENING,
    SERVICE_NAME,
    TOPIC_CS,
    first_sentence_end,
    furniture_spans,
    is_sports,
    opening_end,
    opening_subjects,
    sentence_after,
)
from pipeline.vocabulary import MENTIONED, SUBJECT

__all__ = ["names_english_place", "related_block", "tag_authorities"]

_A_COUNCIL = re.compile(
    r"\b(?:an? |authori[sz]es |authori[sz]ed )(?:local )?(?:council|local authority)\b(?!s)", re.I
)
_LOWER_TIER = re.compile(r"\b(?:borough|district|city) council")


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
    title = capitalise_councils(title or "")
    text = capitalise_councils(text or "")
    lead_end = opening_end(text)
    first_end = first_sentence_end(text)
    second_end = sentence_after(text, first_end)
    lower = (title + "\n" + text).lower()
    people: set[str] = set()
    compounds: set[tuple[str, str]] = set()
    body = scan(text, False, people, compounds)
    # A place in a byline or a caption above the story is the outlet's desk ("BBC News,
    # Cambridgeshire") or the picture's, not the story's.
    furniture = furniture_spans(text)
    if furniture:
        body = [h for h in body if not any(a <= h.start < b for a, b in furniture)]
    hits = scan(title, True, people, compounds) + body
    reg = register()
    councils = bool(COUNCIL_WORD.search(lower))

    def source(hit: Hit) -> str:
        return title if hit.in_title else text

    # Two passes: names that resolve to one authority first, then the shared ones, which go
    # to the candidates the first pass found ("Achieving for Children" + "Kingston").
    first = [(hit, *resolve(hit, on, set(), lower)) for hit in hits]
    named = {
        cs[0]
        for hit, cs, _ in first
        if len(cs) == 1 and not hit.entry.options and not risky(hit, source(hit), councils)
    }
    opening_named = {  # councils the opening names themselves (not through a town)
        cs[0]
        for hit, cs, _ in first
        if len(cs) == 1
        and not hit.entry.options
        and hit.entry.district is None
        and (hit.in_title or hit.start < first_end)
    }
    resolved = []
    for hit, codes, rule in first:
        if hit.entry.options or len(codes) > 1:
            codes, rule = resolve(hit, on, named, lower)
            if len(codes) > 1 and named & set(codes):
                codes, rule = sorted(named & set(codes)), "named elsewhere"
        if rule == "named elsewhere":  # a trust serving councils the text names: each of them
            # ... but shared among several it is not about any one of them: weak, like a list,
            # unless the story opens with it and names none of its councils there itself
            # ("Northamptonshire Children's Trust rated good": its councils are the story's
            # together; "Achieving for Children's Kingston services": Kingston's).
            # (An opening naming all its councils, "on behalf of North and West
            # Northamptonshire councils", is the same story.)
            named_here = opening_named & set(codes)
            lead = (hit.in_title or hit.start < first_end) and named_here in (set(), set(codes))
            resolved.extend((hit, [c], rule, len(codes) > 1 and not lead) for c in codes)
            continue
        resolved.append((hit, codes, rule, False))
    # In a match report or club news a bare place name is the club ("Newcastle beat Reading").
    sports = is_sports(lower)

    scores: dict[str, float] = {}
    prominent: dict[str, bool] = {}
    counts: dict[str, int] = {}
    evidence: dict[str, list[str]] = {}
    ambiguous: dict[str, list[str]] = {}
    opening: list[tuple[Hit, str]] = []
    topical: set[str] = set()  # a council-styled, children's-services or trust hit up front
    placed: set[str] = set()  # any hit up front that is not a list entry or a side role
    served: set[str] = set()  # a hit in a children's-services phrase ("Solihull's social workers")
    acting: set[str] = set()  # a council-styled hit later in the opening ("X Council said")
    councils_named: set[str] = set()  # named as a council up front ("approved by X Council")
    placed_directly: set[str] = set()  # placed up front by its own name, not a district's
    for hit, codes, rule, shared in resolved:
        if not codes:
            continue
        if risky(hit, source(hit), councils) and not (set(codes) & named):
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
        # (A council named as one in the second sentence acts in the opening too: a long
        # standfirst can fill the first 150 characters.)
        up_front = hit.in_title or in_lead or (hit.styled and hit.start < second_end)
        if up_front and not passing:
            as_council = hit.styled or hit.strong or COUNCIL_NAME.search(name_key(hit.span))
            if hit.in_title or hit.start < first_end:
                placed.add(code)
                if not (hit.entry.district is not None and not hit.entry.codes):
                    placed_directly.add(code)
                if as_council:
                    topical.add(code)
            elif as_council:
                acting.add(code)
        if hit.strong and not passing:
            served.add(code)
        # (Not the council that only granted someone else's planning permission: module doc.)
        if (
            (in_lead or hit.start < second_end)
            and hit.styled
            and not (weak or hit.linked or hit.locator)
        ):
            near = source(hit)[max(0, hit.start - 40) : hit.end + 40].lower()
            if not (hit.side and "permission" in near):
                councils_named.add(code)
        evidence.setdefault(code, []).append(label)

    # Authorities joined in the opening share the best score of the group for the ratio test,
    # so the second of "X and Y councils" is not lost to the first's title bonus.
    ratio_score = dict(scores)
    joined = opening_subjects(text, opening)
    for code in joined:
        prominent[code] = True
        ratio_score[code] = max(scores[c] for c in joined)
    top = max(scores.values(), default=0.0)
    # A text that shows no council and no children's-services work only locates events in
    # places (a tram crash in Croydon, Halifax the bank): it is about no authority.
    # A children's trust's name ("Bradford Children and Families Trust") is a council service.
    council_topic = any(
        h.styled or h.strong or SERVICE_NAME.search(name_key(h.span)) for h in hits
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
    # In a trial's or a police operation's opening, "sexually exploited" is the crime's.
    crime_lead = bool(CRIME_OPENING.search(lead))
    services_lead = any(
        not (crime_lead and m.group(0).lower().startswith("sexual"))
        for m in TOPIC_CS.finditer(lead)
    )
    business_lead = bool(COUNCIL_BUSINESS.search(lead))
    decided = bool(COUNCIL_DECIDED.search(f"{title}\n{text[: max(lead_end, second_end)]}"))
    # "All primary school children in Camden will get free school meals after the council
    # agreed to fund the scheme": the first sentence has the place's council acting (not only
    # quoted), so the one place it names is the story's council, whatever the business.
    acts = COUNCIL_ACTS.search(text, 0, first_end)
    first_acts = bool(acts)
    # "Plans for the Ryecroft site in Newcastle-under-Lyme ... after the borough council
    # approved a deal": in a place named only by its district, a borough, district or city
    # council acting is the district's own (pipeline.passing_mentions: it runs no children's
    # services), not the county's.
    district_acts = bool(acts and _LOWER_TIER.search(acts.group(0)))
    # Further down, a foreign state ("NSW Families Minister" in the third sentence) counts
    # too when no English council is named as one, nor any place's children's services.
    abroad = not any(h.styled for h in hits) and (
        bool(ABROAD.search(lead)) or (not any(h.strong for h in hits) and names_abroad(text))
    )
    # "A High Court judge has authorised a council to deprive a boy of his liberty ... in the
    # care of Bury Council": an opening about "a council" is about the first council the
    # story then names as one.
    referent = None
    if not topical and _A_COUNCIL.search(f"{title}\n{text[: max(lead_end, second_end)]}"):
        named_later = [
            (hit.start, codes[0])
            for hit, codes, _, shared in resolved
            if len(codes) == 1
            and hit.styled
            and not hit.in_title
            and not (shared or hit.listed or hit.linked or hit.side or hit.locator)
        ]
        referent = min(named_later)[1] if named_later else None
    tags: list[AuthorityTag] = []
    for code, score in scores.items():
        anchored = (
            code in topical
            or (code in placed and (services_lead or code in served))
            or (code in acting and (services_lead or business_lead))
            or (
                first_acts
                and placed == {code}
                and not (district_acts and code not in placed_directly)
            )
            # "Parking permits in York are to rise under plans approved by City of York
            # Council": the place's own council business, its council named up front.
            or (code in placed and business_lead and code in councils_named)
            # "Plans for Cleethorpes' seafront have been approved by North East Lincolnshire
            # Council", "Derby City Council's cabinet agreed to knock down the Assembly Rooms":
            # the place's council deciding up front, whatever the business.
            or (code in placed and code in councils_named and decided)
            or code == referent
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
