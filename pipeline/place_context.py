"""Facts and context cues about English place names, for attribution.

What the authority register cannot say (towns that are not councils' names are in
pipeline.towns): places several authorities could mean (Richmond), names that are also
ordinary words or surnames, and the words around a name that make it some other body (a
university, a court) or a place abroad. Facts only; the matching rules that use them live in
pipeline/attribution.py.
"""

from __future__ import annotations

import re

# Names that could be either of two places: name -> [(code or district name, cue words)].
# The first option whose cues (or code) appear in the text wins; none -> all mentioned.
# A target that is no English district (Newport in Wales) resolves to nothing.
AMBIGUOUS_PLACES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "newport": [
        ("E06000046", ("isle of wight", "cowes", "ryde", "the island's")),
        ("E06000020", ("telford", "wrekin", "shropshire")),
        ("Wales", ("wales", "welsh", "gwent", "cardiff", "monmouthshire")),
    ],
    "richmond": [
        ("E09000027", ("london", "thames", "twickenham", "kingston", "achieving for children")),
        ("Richmondshire", ("north yorkshire", "richmondshire", "yorkshire", "catterick")),
    ],
}

# Places that are also common words (refused at sentence start) or surnames and foreign places
# (districts that count only with a council word or their county named).
COMMON_WORDS = frozenset(
    "reading bury bath slough stoke harrow eden hart rugby wyre rother arun swale".split()
)
RISKY_DISTRICTS = frozenset(
    "boston lincoln christchurch hart eden rugby rother wyre copeland selby craven mansfield "
    "hastings preston lancaster stafford chichester crawley stroud warwick scarborough "
    "lichfield melton swale dover chester fylde pendle carrick kennet kerrier penwith cotswold "
    "chiltern arun adur winchester worcester cambridge oxford canterbury exeter norwich "
    "ipswich gloucester watford burnley chorley havant gosport".split()
)
COMMON_WORD_REFUSE = frozenset(
    "continue keep further recommended suggested more start stop essential related".split()
)
# Capitalised words that may stand right before a council's name in running text.
BEFORE_ALLOWED = frozenset(
    """in at from for of to by and on across into within near with the a ofsted council councils
    labour conservative tory liberal democrat green reform independent royal county city borough
    london metropolitan district rural urban nearby neighbouring""".split()
)
# Capitalised words that may follow a council's name without making it part of another
# name ("Leeds Children's Services", "Kent Labour group"). Any other capitalised word glued
# after a place name makes a different proper name: a district of another authority
# ("Halton Moor", "Sefton Park"), a landmark ("Birmingham New Street", "Greenwich Mean Time"),
# a club ("Hull KR"). Council, body and trust words are handled before this list is consulted.
AFTER_ALLOWED = frozenset(
    """children childrens child safeguarding social family families education youth early
    help local area authority authoritys borough boroughs metropolitan district county city
    councils councillor councillors cabinet leader labour conservative conservatives tory
    tories liberal lib democrat democrats green greens reform independent independents mp mps
    ofsted send sen lscb lscp mash virtual fostering foster adoption adopt care leaving
    partnership director officers officials mayor deputy chief executive head and of the for
    on in at""".split()
)
# Names whose everyday meaning is another body: "Westminster" is Parliament, "the City of
# London" the financial district. Bare, they count only beside a council or children's-
# services word, or when the same authority is named as a council elsewhere in the text.
RISKY_NAMES = frozenset({"westminster", "city of london"})
# Sports reporting: when a text reads as a match report or club news, bare place names are
# the clubs ("Newcastle knock Reading out of the FA Cup"). Two distinct cues are needed, a
# result ("beat Reading 2-1") counting as one. Plain strings ("*": any ending), so a substring
# test finds the few candidates before a word-boundary check: one regex alternation over a
# long text would cost more than the rest of the tagging.
SPORTS_CUES = """fa cup|premier league|championship|league one|league two|super league|premiership
    |play-off*|playoff*|relegat*|promoted to|promotion to|striker*|winger|midfielder|goalkeeper
    |hat-trick|stoppage time|kick-off|half-time|first-half|second-half|extra time|penalt*
    |scored|equalis*|fans|supporters|the club|their manager|the manager|stadium*|wembley
    |st james|wicket*|innings"""
SPORTS_CUE_WORDS: dict[str, re.Pattern[str]] = {
    cue.rstrip("*"): re.compile(
        r"(?<![a-z])" + re.escape(cue.rstrip("*")) + ("" if cue.endswith("*") else r"(?![a-z])")
    )
    for cue in (c.strip() for c in SPORTS_CUES.split("|"))
}
SCORE = re.compile(r"(?<![\d-])\d{1,2}-\d{1,2}(?![\d-])")  # "2-1", not "16-17-year-olds"
RESULT_WORDS = re.compile(r"\b(?:beat|beating|lost|lose|won|win|draw|drew|defeat\w*)\b")
FIRST_NAMES = frozenset({"brent", "kent"})  # names that open a person's name before a surname
COUNCIL_WORDS = frozenset("council councils cc mbc lbc corporation".split())
# Words anywhere in the capitalised run after a name that make it another body's name.
OTHER_BODIES = frozenset(
    """university universities college police constabulary hospital hospitals nhs health
    healthcare icb ccg airport crown magistrates court courts cathedral diocese fc cricket
    football rugby club zoo museum prison fire ambulance mental school academy
    grammar""".split()
)
# Words that do the same only straight after the name ("Birmingham Mail", "Hull City"), since
# later in a run they are often a new phrase ("Solihull and Star Hobson").
NEXT_WORD_BODIES = frozenset(
    """united rovers wanderers albion athletic rangers hotspur mail echo post telegraph evening
    chronicle gazette herald star journal live argus courier times news standard press
    examiner advertiser observer station road street marathon city county town""".split()
)
# ... and "BBC Cornwall", "BBC Radio Kent": the outlet, not the place.
BEFORE_REFUSE = frozenset(
    "new greater mr mrs ms miss dr cllr councillor sir lord lady bbc radio".split()
)
OF_REFUSE = frozenset("university duke duchess bishop archbishop diocese earl port".split())
_US_STATES = "|".join(
    """AL AK AZ AR CA CO CT DE FL GA HI IL IN IA KS KY LA MD MA MI MN MS MO MT NE NV NH NJ NM NY
    NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC""".split()
)
_IRISH_COUNTIES = "|".join(
    """antrim armagh down fermanagh londonderry derry tyrone carlow cavan clare cork donegal
    dublin galway kerry kildare kilkenny laois leitrim limerick longford louth mayo meath
    monaghan offaly roscommon sligo tipperary waterford westmeath wexford wicklow""".split()
)
FOREIGN_AFTER = re.compile(  # ", Alabama", ", NJ": a place abroad of the same name
    r"\s*,\s*(?:(?i:alabama|massachusetts|new hampshire|new south wales|australia|jamaica|ontario"
    r"|canada|usa|u\.s\.|north carolina|virginia|new zealand|connecticut|texas|new jersey"
    r"|new york|pennsylvania|maine|kentucky|washington|indiana|california|florida|ohio"
    r"|michigan|illinois|georgia|tennessee|oregon|vermont|delaware|maryland|missouri|wisconsin"
    rf"|minnesota|iowa|colorado|south africa|tasmania|queensland"
    # The other UK nations, Crown dependencies and Irish counties: "Newcastle, County Down",
    # "Newport, Wales". (County Durham is English and is not in the list.)
    r"|northern ireland|ireland|scotland|wales|isle of man|jersey|guernsey"
    rf"|(?:co\.?|county)\s+(?:{_IRISH_COUNTIES}))\b|(?:{_US_STATES})\b)"
)
_CS = (
    r"(?:children'?s (?:social )?(?:services|social care|social work|trust|department)|"
    r"child protection|social (?:services|care|workers?)|safeguarding|fostering|adoption|"
    r"send\b|special educational needs|care leavers|looked[- ]after|children in care|"
    # Early help buildings are council services too ("a family hub in Scarborough").
    r"family hubs?|children'?s (?:centres?|homes?)|early help)"
)
# ... and after a name only, a council's youth justice service or youth offending team
# ("Calderdale's youth justice service", relevance module doc). Not in CS_BEFORE, which is
# tried at every position of a window before each name and would cost more than it finds.
_CS_AFTER_NAME = _CS[:-1] + r"|youth (?:justice|offending) (?:services?|teams?)|(?-i:\bYOTs?\b))"
CS_ANYWHERE = re.compile(_CS, re.I)  # a children's-services phrase in a sentence
# Services only English councils run under these names: a risky district in a sentence with
# one of them is the English place even when the text has no council word ("The family hub
# in Worcester city centre"); a namesake abroad (Worcester, Massachusetts) has no family hub.
ENGLISH_SERVICE = re.compile(
    r"family hubs?|children'?s centres?|early help|care leavers?|looked[- ]after children"
    r"|\behcps?\b|education,? health and care plans?|youth offending teams?",
    re.I,
)
COUNCIL_WORD = re.compile(r"\bcouncil|\blocal authorit")  # on lower-cased text
CS_AFTER = re.compile(
    rf"^(?:\s*(?:city|county|borough|metropolitan borough|district)?\s*council)?['’]?s?\s+"
    rf"{_CS_AFTER_NAME}",
    re.I,
)
# "A primary school in Harrow has been rated outstanding": what was rated is the school the
# name only locates. RATED_AFTER counts only when the name is not after one of these.
LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|across|outside|around|from)\s+(?:the\s+)?$", re.I)
RATED_AFTER = re.compile(
    r"^(?:\s*(?:city|county|borough)?\s*council)?\s*(?:(?:was|were|has been|had been|is|have "
    r"been|being) )?(?:rated|judged|graded|found to be|placed in special measures)",
    re.I,
)
CS_BEFORE = re.compile(
    rf"(?:{_CS}\s+(?:in|at|for|across|of)\s+(?:the\s+)?|ofsted\s+(?:has\s+)?(?:rated|judged|"
    rf"found|inspected|praised|criticised|visited)\s+(?:the\s+)?)$",
    re.I,
)
# A name glued by a hyphen to a place-name connector is the start of another place's name
# ("Bromley-by-Bow", "Barrow-in-Furness", "Weston-super-Mare"); names that really have such a
# form are in the index whole and win as the longest match ("Stoke-on-Trent").
HYPHEN_PLACE = r"-(?i:by|in|on|upon|under|le|super|at|cum|next|with|en|sur|the)-"
INSTITUTION_AFTER = re.compile(
    r"\s+(?:secure training centre|young offenders?'? institution|prison|crown court"
    r"|magistrates'? court|hospital|university|airport)\b",
    re.I,
)

# Words that show a council or its children's services in a text. A text with none of them
# (a tram crash in Croydon, a stabbing in Manchester, Halifax the bank, a funeral in Windsor)
# only locates events in places: it names them but is about no council (attribution module
# doc). Case-blind except "SEND", which needs its capitals (send is a verb). A commissioner
# alone is no evidence: police and crime commissioners are not councils.
COUNCIL_EVIDENCE = re.compile(
    r"\bcouncil|\blocal authorit|children'?s (?:social )?(?:services|social care|trust|homes?"
    r"|centres?)|social work|social care|social services|\bfoster|\badopt|\bin care\b"
    r"|looked[- ]after|care leaver|safeguarding|child protection|family (?:hubs?|centres?)"
    r"|early help|special educational|\behcps?\b|education,? health and care|director of children"
    r"|achieving for children|together for children|children first|brighter futures"
    r"|improvement notice|statutory direction|youth (?:justice|offending)|(?-i:\bSEND\b)",
    re.I,
)

# A council in a side role to what a sentence is about: the agent of a passive ("led by Surrey
# County Council", "hosted by Manchester City Council", "granted permission by Liverpool City
# Council") or the councils a joint body serves ("the regional adoption agency for Devon").
# Not "run by", "on behalf of" or "services for": a children's home run by a council, or a
# trust working for it, is the council's own service. The clause is about the
# partnership, the agency, the permission or the referral, so the council scores as a passing
# mention.
SIDE_BEFORE = re.compile(
    r"\b(?:(?:led|hosted|owned|funded|commissioned|administered|chaired|granted|approved"
    r"|refused|overruled|coordinated|co-ordinated|supported|backed)\s+(?:\w+ly\s+)?(?:planning\s+"
    r"(?:permission|consent|approval)\s+)?by"
    r"|(?:agency|agencies|partnership)\s+for"
    # The destination of another agency's referral ("15 children were safeguarded and
    # referred to Essex County Council's children's services" in a police operation's story).
    r"|referred\s+to"
    # The other party to a shared service ("after ending a shared arrangement with
    # Cambridgeshire County Council"): the clause is about the arrangement.
    r"|(?:shared|joint)\s+(?:[a-z-]+\s+){0,2}(?:arrangement|agreement|service|partnership)s?"
    r"\s+with)\s+(?:the\s+)?$",
    re.I,
)
# Lines that open a block of links to other stories ("Related stories", "More on this
# topic"): the names in the headlines below are other stories' subjects, not this one's.
RELATED_BLOCK = re.compile(
    # A line of its own after a line break ("\n" first lets `re` skip to line breaks fast).
    r"\n[ \t]*(?:related(?: stories| articles| content| links| news| coverage)?|more on this"
    r"(?: story| topic)?|more from [\w ]{1,30}|read more|see also|you may also like"
    r"|you might also like|most read|also in the news|top stories)[ \t]*:?[ \t]*(?:\n|$)",
    re.I,
)

# A council a person in the story is only linked to (attribution: `linked` hits score like a
# passing mention). A person's former or current employer in an appointment ("She joins from
# Lambeth Council", "a former director of children's services in York"), a role given in
# apposition to a person ("Roger Gough, leader of Kent County Council, said",
# "Ann Graham, Haringey's director of children's services, is to join Ealing") and history in
# the past perfect ("North Somerset Council had refused planning permission").
ROLE = (
    r"(?:director|leader|head|chief executive|chief|boss|cabinet member|lead member"
    r"|portfolio holder|spokes(?:man|woman|person)|chair(?:man|woman)?|manager|officer)s?"
)
LINKED_BEFORE = re.compile(
    r"(?:\b(?:joins|joined|joining|join|moves|moved|moving|comes|came|arrives|arrived"
    r"|transfers|transferred|recruited|poached)\s+from"
    r"|\b(?:formerly|previously)\s+(?:of|at|with|worked (?:at|for))"
    # A person's earlier post, named with its role ("was previously assistant director for
    # children's safeguarding at", "formerly head of service at ... and, before that, at"):
    # the council the appointee comes from, not the one appointing.
    # ... and the post an appointee holds now ("is currently assistant director for
    # safeguarding at Croydon Council"): the employer they leave, not the one appointing.
    rf"|\b(?:previously|formerly|currently)\s+[^.;:\"“]{{0,60}}?\b{ROLE}\b[^.;:\"“]{{0,80}}?\b(?:of|at|for|in|with)"
    # A person's past employer in the past tense ("the woman, who worked for Hackney Council's
    # children's services"): the story is the person's, not the council's. Present tense
    # ("social workers who work for X say") can be the council's story and is not matched.
    r"|\b(?:who|she|he|they)\s+(?:had\s+)?(?:worked|was employed|were employed|had been employed)"
    r"\s+(?:by|for|at)"
    # ... or the service a person led ("the director who oversaw Wirral's move out of
    # inadequate", "she has led Wirral's children's services since 2020").
    r"|\b(?:who|she|he|they)\s+(?:has\s+|had\s+)?(?:led|oversaw|ran|headed)"
    # ... or where a person spent their career ("has spent the past six years at Bolton
    # Council").
    r"|\b(?:who|she|he|they)\s+(?:has\s+|had\s+)?spent\s+[^.;:\"“]{0,40}?\b(?:at|with)"
    r"|\bformer\s+[^.,;:\"“]{0,50}?\b(?:of|at|in|for)"
    # "has appointed a senior leader from Sunderland's children's services company"
    rf"|\b{ROLE}\s+from"
    # "Martin Kelly, currently assistant director at", "Gough, its spokesman and leader of"
    rf"|[A-Z][\w'’-]*,\s+[^.,;:\"“]{{0,60}}?\b{ROLE}\b[^.,;:\"“]{{0,40}}?\b(?:of|at|for))"
    r"\s+(?:the\s+)?$"
)
# "Sarah Hammond, Kent County Council's corporate director": with a person's name and a comma
# before the name (checked in attribution).
LINKED_POSSESSIVE_AFTER = re.compile(
    r"^(?:\s+(?:city|county|borough|metropolitan borough|district)?\s*council)?['’]s\s+"
    rf"(?:[\w'’-]+\s+){{0,4}}?(?:former\s+)?{ROLE}\b",
    re.I,
)
# "Swindon Borough Council granted planning permission last year": the council only permitted
# someone else's development (a stadium, a warehouse); the story is about the development.
PERMISSION_AFTER = re.compile(
    r"^(?:\s+(?:city|county|borough|metropolitan borough|district)?\s*council)?\s+"
    r"(?:has\s+|had\s+|have\s+)?(?:granted|gave|given|approved|refused|rejected)\s+"
    r"(?:outline\s+|full\s+)?planning\s+(?:permission|consent|approval)",
    re.I,
)
# A privately or independently run home, school or agency "in" a place: the place locates a
# provider's service, not a council's ("A privately run children's home in south Shropshire
# has been rated inadequate"). Attribution scores such a name as a locator.
PRIVATE_IN_BEFORE = re.compile(
    r"\b(?:private(?:ly)?(?:[- ](?:run|owned|operated))?|independent(?:ly[- ](?:run|owned))?"
    r"|for-profit|profit-making)\s+(?:[\w'’-]+\s+){0,3}?(?:homes?|schools?|agenc(?:y|ies)"
    r"|nurser(?:y|ies)|units?|providers?)\s+(?:[\w'’-]+\s+){0,3}?(?:in|at|near)\s+"
    r"(?:the\s+)?(?:(?:north|south|east|west|central|mid)[\w-]*\s+)?$",
    re.I,
)
# Where a child in care was placed ("her son has been placed in a children's home in Cornwall",
# "placed with foster carers in Kent"): the destination only locates the placement; the
# placing council is the one whose service the story is about. Attribution scores the name as
# a locator, like PRIVATE_IN_BEFORE.
PLACED_IN_BEFORE = re.compile(
    r"\b(?:placed|living|housed|moved|sent)\s+(?:[\w'’-]+\s+){0,5}?(?:in|at|near|to)\s+"
    r"(?:the\s+)?(?:(?:north|south|east|west|central|mid)[\w-]*\s+)?$",
    re.I,
)
APPOSITION_BEFORE = re.compile(r"[A-Z][\w'’-]*,\s+(?:the\s+)?$")
HISTORY_AFTER = re.compile(
    r"^(?:\s+(?:city|county|borough|metropolitan borough|district)?\s*council)?\s+had\s+"
    r"(?:\w+ly\s+)?(?!to\b)\w+",
    re.I,
)
# In a title: "Birmingham Children's Trust appoints Kent director", "Haringey director of
# children's services to join Ealing": a name before a role word, in a title about a move.
TITLE_ROLE_AFTER = re.compile(
    # (Not the verb: "Care leaver from Chelmsford heads to university".)
    rf"^(?:['’]s)?\s+(?!heads\b)(?:former\s+|new\s+)?(?:children['’]?s\s+(?:services\s+"
    rf"|trust\s+|social care\s+)?|social care\s+)?(?:{ROLE}|deputy|assistant)\b",
    re.I,
)
TITLE_MOVE = re.compile(
    r"\b(?:to join|joins|joining|to lead|to move|moves to|to become|becomes|appointed|appoints"
    r"|named|names|hires"
    r"|recruits|poaches|to head|heads to)\b",
    re.I,
)
