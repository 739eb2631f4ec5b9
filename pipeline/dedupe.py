"""Recognising one story seen several times: URL variants, exact copies, syndicated copies.

Four rules, cheapest first (storage/links.py applies them to the archive; duplicates are
linked with `duplicate_of`, never deleted):

1. URL: `canonical_url` removes what never names a different page (tracking parameters,
   fragments, AMP and mobile variants, default ports) and stays fetchable; `url_key` is a
   comparison key that also ignores scheme, "www.", trailing slashes and parameter order.
2. Exact copy: `content_hash`, a SHA-256 of the text with case, spacing and quote styles
   normalised, so re-encoded or re-wrapped copies of one text hash alike.
3. Syndicated copy: `fingerprint`, a 64-bit SimHash over word 3-shingles. Outlets running one
   agency or press-release story change the headline, add a line, drop a paragraph; their
   fingerprints differ in a few bits. `near_duplicate` allows NEAR_DUPLICATE_BITS.
   Fingerprints are stored as *signed* 64-bit integers (the BigInteger column).
4. Same title, same source, same day (`story_key`): one outlet publishing one story under two
   URLs (section pages, print and web editions).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that track a click, never select content. Prefixes end with "_".
TRACKING_PREFIXES = ("utm_", "at_", "mc_", "pk_", "hsa_", "oly_", "_hs")
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mkt_tok",
        "_ga",
        "_gl",
        "cmp",  # Guardian/BBC campaign codes
        "ito",
        "ocid",
        "ns_mchannel",
        "ns_source",
        "ns_campaign",
        "ns_linkname",
        "ns_fee",
        "ref_src",
        "ref_url",
        "kc",
        "xtor",
        "wt.mc_id",
    }
)
# Parameters that only ask for the AMP rendering of the same page.
AMP_PARAMS = frozenset({"amp", "outputtype", "amp_js_v", "usqp"})
MOBILE_HOST_PREFIXES = ("m.", "mobile.", "amp.")

# Hamming distance (bits of 64) within which two fingerprints are the same story. Measured on
# the sample syndicated copies (a new headline, a dropped or added paragraph, a standfirst) of a
# 250-word story: 5-12 bits apart; different stories on the same subject (Birmingham's
# children's services, other outlets' own reports of the same inspection) 21+ apart, random
# texts about 32. Only documents published within two weeks of each other are compared
# (storage/links.py), which keeps chance matches rarer still.
NEAR_DUPLICATE_BITS = 16
# Below this many words a SimHash is dominated by a few shingles: no fingerprint.
MIN_FINGERPRINT_WORDS = 60

_MASK64 = (1 << 64) - 1
_WORD = re.compile(r"\w+", re.UNICODE)
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


# --------------------------------------------------------------------------- URLs ---


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The URL without tracking, fragment, AMP or mobile variants; still a fetchable URL.
    A string that is not an http(s) URL comes back stripped and otherwise unchanged."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url
    scheme = parts.scheme.lower()
    host = parts.hostname.lower().rstrip(".")
    for prefix in MOBILE_HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    path = parts.path or "/"
    # AMP renderings: /story/amp, /story/amp/, /amp/story, /story.amp
    path = re.sub(r"/amp/?$", "/", path)
    path = re.sub(r"^/amp/", "/", path)
    path = re.sub(r"\.amp$", "", path)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(k) and k.lower() not in AMP_PARAMS
    ]
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def url_key(url: str) -> str:
    """Comparison key: two URLs with the same key name the same page."""
    clean = canonical_url(url)
    try:
        parts = urlsplit(clean)
    except ValueError:
        return clean
    host = (parts.netloc or "").removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return f"{host}{path}" + (f"?{query}" if query else "")


# ------------------------------------------------------------------------- content ---


def normalise_text(text: str) -> str:
    """Case, Unicode form, quote styles and whitespace made uniform."""
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES).casefold()
    return " ".join(text.split())


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def _hash64(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "big")


def to_signed64(value: int) -> int:
    """An unsigned 64-bit value as the signed integer a BigInteger column holds."""
    value &= _MASK64
    return value - (1 << 64) if value >= 1 << 63 else value


def fingerprint(text: str, shingle: int = 3) -> int | None:
    """64-bit SimHash of the text's word shingles, as a signed int64; None for short texts."""
    words = _WORD.findall(normalise_text(text))
    if len(words) < MIN_FINGERPRINT_WORDS:
        return None
    weights = [0] * 64
    seen: dict[str, int] = {}
    for i in range(len(words) - shingle + 1):
        token = " ".join(words[i : i + shingle])
        seen[token] = seen.get(token, 0) + 1
    for token, count in seen.items():
        h = _hash64(token)
        for bit in range(64):
            weights[bit] += count if h >> bit & 1 else -count
    value = sum(1 << bit for bit in range(64) if weights[bit] > 0)
    return to_signed64(value)


def hamming(a: int, b: int) -> int:
    """Differing bits between two fingerprints (signed or unsigned, both read as 64 bits)."""
    return ((a & _MASK64) ^ (b & _MASK64)).bit_count()


def near_duplicate(a: int | None, b: int | None, bits: int = NEAR_DUPLICATE_BITS) -> bool:
    return a is not None and b is not None and hamming(a, b) <= bits


# --------------------------------------------------------------------------- title ---

# "Headline | Outlet" and "Headline - BBC News": the outlet's name is not the headline.
_TITLE_SUFFIX = re.compile(r"\s+[|\-–—]\s+[^|\-–—]{2,40}$")


def normalise_title(title: str) -> str:
    title = _TITLE_SUFFIX.sub("", (title or "").strip())
    return " ".join(_WORD.findall(normalise_text(title)))


def story_key(title: str, source: str | None, published: date | None) -> str | None:
    """Same key = same story by rule 4; None when title, source or date is missing."""
    norm = normalise_title(title)
    if not norm or not source or published is None:
        return None
    return f"{source}|{published.isoformat()}|{norm}"
