"""Line rules for the boilerplate that main-text extraction leaves in.

Extractors (trafilatura, or the plain text of a saved article) give one paragraph per line.
Some sites print non-article blocks *inside* the article container, so no DOM heuristic can
drop them: CYP Now's registration wall ("Register Now to Continue Reading", "What's Included",
"Already have an account?"), then "More like this" and job adverts. These rules work on lines,
so the same cleaning serves HTML pages and plain-text files.

Three kinds of rule, per source (a source is picked by name, by URL host or by a tell-tale
pattern in the text) plus generic ones applied to every text:

* cut markers: a short heading line that starts a tail that is never article text (paywall,
  "More like this", job lists). The marker and everything after it are dropped.
* drop lines: short lines that are boilerplate wherever they appear (cookie banners,
  newsletter sign-ups, "Advertisement", share buttons). Only *short* lines are matched, so a
  paragraph of a story about cookie law or a newsletter is kept.
* leading labels: a section label printed above the headline ("News", "Analysis").

Generic cut markers are only honoured in the second half of a text and after a real amount of
text, because "Related" or "More like this" near the top is more likely a heading the article
itself uses than the start of its footer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# A line longer than this is a paragraph, not a banner or a heading: never dropped by a
# line pattern. Cookie/newsletter banners are one or two sentences.
MAX_BOILERPLATE_LINE = 220
# A cut marker is a heading: a few words.
MAX_MARKER_LINE = 60
# Generic (not source-keyed) cut markers need this much article text before them.
GENERIC_CUT_MIN_CHARS = 400
# A source's own footer headings ("Jobs", "Related") need a little text before them, so a
# stray navigation label at the top of a page does not wipe the article.
SOURCE_CUT_MIN_CHARS = 200


def _rx(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


@dataclass(frozen=True)
class SourceRules:
    name: str
    hosts: tuple[str, ...] = ()  # registrable host suffixes, e.g. "cypnow.co.uk"
    detect: tuple[re.Pattern[str], ...] = ()  # a line that identifies the source's pages
    # a registration wall: nothing after it is article text, wherever it appears
    paywall: tuple[re.Pattern[str], ...] = ()
    # footer headings: cut once some article text has been seen, else only the line is dropped
    cut_markers: tuple[re.Pattern[str], ...] = ()
    drop_lines: tuple[re.Pattern[str], ...] = ()
    leading_labels: tuple[re.Pattern[str], ...] = field(default=())


# Paywall/registration wall openers seen across trade-press sites. Anchored: the whole line.
_PAYWALL = (
    r"register now to continue reading\W*",
    r"(please )?(register|sign in|log in|subscribe)( now)? to (continue|keep) reading\W*",
    r"to (continue|keep) reading,? (please )?(register|sign in|log ?in|subscribe)\b.*",
    r"this (article|content|story) is (only )?(available )?(for|to) (subscribers|registered users)"
    r"( only)?\W*",
)

CYPNOW = SourceRules(
    name="cypnow",
    hosts=("cypnow.co.uk",),
    # Only the wall itself identifies the site: a story elsewhere may *name* CYP Now.
    detect=_rx(
        r"register now to continue reading\W*",
        r"thank you for visiting children & young people now\b.*",
    ),
    paywall=_rx(*_PAYWALL, r"what'?s included\W*"),
    cut_markers=_rx(
        r"more like this\W*",
        r"(latest |featured |related )?jobs\W*",
        r"related( articles| content| stories)?\W*",
        r"already have an account\?.*",
    ),
    drop_lines=_rx(
        r"thank you for visiting children & young people now\b.*",
        r"free access to \d+ subscriber-only articles.*",
        # job adverts that slip in without their "Jobs" heading: a location line
        # ("SE1 7JY, London (Greater)") or a bare salary line ("£32,000 - £36,000 per annum")
        r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2},? [\w ,()&'-]+",
        r"(up to )?£[\d,.]+k?( ?(-|–|to) ?£[\d,.]+k?)?( per (annum|year|hour|day)| pa)?"
        r"( \+ benefits)?",
    ),
    # CYP Now prints the section above the headline.
    leading_labels=_rx(
        r"(news|analysis|features?|opinion|interview|research|policy|practice|"
        r"best practice|comment|blog|legal|careers|insight|special report)"
    ),
)

# Applied to every text, whatever the source.
GENERIC = SourceRules(
    name="generic",
    paywall=_rx(*_PAYWALL),
    cut_markers=_rx(
        r"more like this\W*",
        r"(related|recommended|similar) (articles|stories|content|news|posts|reading)\W*",
        r"you (may|might) also (like|be interested in)\W*",
        r"(most (read|popular|viewed)|latest jobs|featured jobs)\W*",
    ),
    drop_lines=_rx(
        # cookie banners
        r"(this (web)?site|we) uses? cookies\b.*",
        r"by (continuing to )?(use|using|browse|browsing) (this|our) (web)?site,? you "
        r"(agree|consent|accept)\b.*",
        r"(accept|allow|reject|manage) (all )?cookies\W*",
        r"cookie (settings|preferences|policy)\W*",
        # newsletter sign-ups
        r"(sign up|subscribe|register) (to|for) (our|the) (free |daily |weekly )?"
        r"(e-?mail |daily |weekly )?newsletters?\b.*",
        r"get (our|the) (free |daily |weekly )?newsletter\b.*",
        r"enter your e-?mail( address)?\W*",
        # account prompts, share buttons, ad slots
        r"already (have an account|registered|a subscriber)\?.*",
        r"(share|tweet|email) this (article|story|page)\W*",
        r"share (on|via) (facebook|twitter|x|linkedin|whatsapp|email)\W*",
        r"advertisements?\W*",
    ),
)

SOURCES: tuple[SourceRules, ...] = (CYPNOW,)
_BY_NAME = {r.name: r for r in SOURCES}
_URL_LINE = re.compile(r"^\s*(https?://\S+)\s*$")


def host_of(url: str | None) -> str:
    if not url:
        return ""
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:  # malformed URL (bad port, brackets): no host, no rules
        return ""


def rules_for(text: str, source: str | None = None, url: str | None = None) -> SourceRules | None:
    """The source rules for a text: by source key, then URL host, then a tell-tale line."""
    if source:
        key = source.lower().replace(" ", "").replace("_", "")
        for name, rules in _BY_NAME.items():
            if key == name or key.startswith(name):
                return rules
    host = host_of(url)
    for rules in SOURCES:
        if any(host == h or host.endswith("." + h) for h in rules.hosts):
            return rules
    for rules in SOURCES:
        for line in text.splitlines():
            line = line.strip()
            if len(line) <= MAX_BOILERPLATE_LINE and any(p.fullmatch(line) for p in rules.detect):
                return rules
    return None


def _matches(patterns: tuple[re.Pattern[str], ...], line: str, limit: int) -> bool:
    return len(line) <= limit and any(p.fullmatch(line) for p in patterns)


def _strip_bullet(line: str) -> str:
    # trafilatura renders list items as "- item"; plain-text copies use bullets.
    return re.sub(r"^[-*•·▪◦]\s+", "", line.strip())


@dataclass
class CleanResult:
    text: str
    rules: str | None  # name of the source rules applied, if any
    dropped: int = 0  # lines removed
    cut_at: str | None = None  # the marker line where the tail was cut
    paywalled: bool = False  # the cut was a registration/paywall block: the text is partial


def clean_lines(text: str, source: str | None = None, url: str | None = None) -> CleanResult:
    """Apply the source's rules (if any) and the generic rules to one-paragraph-per-line text."""
    rules = rules_for(text, source, url)
    lines = [ln.rstrip() for ln in text.splitlines()]
    total = sum(len(ln) for ln in lines) or 1
    kept: list[str] = []
    seen_chars = 0
    dropped = 0
    cut_at: str | None = None
    paywalled = False
    for idx, raw in enumerate(lines):
        line = _strip_bullet(raw)
        if not line:
            kept.append("")
            continue
        wall = (rules is not None and _matches(rules.paywall, line, MAX_MARKER_LINE)) or (
            seen_chars >= GENERIC_CUT_MIN_CHARS
            and seen_chars >= total / 2
            and _matches(GENERIC.paywall, line, MAX_MARKER_LINE)
        )
        source_cut = rules is not None and (
            wall
            or (
                seen_chars >= SOURCE_CUT_MIN_CHARS
                and _matches(rules.cut_markers, line, MAX_MARKER_LINE)
            )
        )
        generic_cut = (
            seen_chars >= GENERIC_CUT_MIN_CHARS
            and seen_chars >= total / 2
            and _matches(GENERIC.cut_markers, line, MAX_MARKER_LINE)
        )
        if wall or source_cut or generic_cut:
            cut_at, paywalled = line, wall
            dropped += sum(1 for ln in lines[idx:] if ln.strip())
            break
        seen_chars += len(raw)
        if rules and not any(k.strip() for k in kept):
            if _matches(rules.leading_labels, line, MAX_MARKER_LINE):
                dropped += 1
                continue
        if rules and _matches(rules.cut_markers, line, MAX_MARKER_LINE):
            dropped += 1  # a footer heading too early to cut at: drop just the heading
            continue
        if (rules and _matches(rules.drop_lines, line, MAX_BOILERPLATE_LINE)) or _matches(
            GENERIC.drop_lines, line, MAX_BOILERPLATE_LINE
        ):
            dropped += 1
            continue
        kept.append(raw)
    # collapse the blank runs left by dropped lines
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return CleanResult(out, rules.name if rules else None, dropped, cut_at, paywalled)


def split_url_line(text: str) -> tuple[str | None, str]:
    """A saved article may carry its URL on the first line: return (url, rest)."""
    first, sep, rest = text.lstrip("\ufeff").lstrip().partition("\n")
    m = _URL_LINE.match(first)
    if m:
        return m.group(1), rest
    return None, text
