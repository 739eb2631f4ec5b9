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

import numpy as np

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
# Typographic quotes and dashes and their plain forms. Applied with str.replace: str.translate
# with a mapping looks up every character in Python (0.6 ms on a 750-word article, 20x more).
_QUOTES = (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"))
# Word hashes are memoised: a news vocabulary repeats from article to article, and blake2b per
# word was half the fingerprint's cost. Cleared when full, so memory stays bounded.
_WORD_HASHES: dict[str, int] = {}
WORD_HASH_CACHE_MAX = 200_000


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
    # Stripped again: dropping the fragment or query can leave white space at the end
    # ("/a\x0c#top"), which the next call would strip, and a canonical URL must be a fixed point.
    return urlunsplit((scheme, host, path, urlencode(query), "")).strip()


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
    text = unicodedata.normalize("NFKC", text or "")
    for fancy, plain in _QUOTES:
        if fancy in text:
            text = text.replace(fancy, plain)
    return " ".join(text.casefold().split())


def content_hash(text: str) -> str:
    return _hash_normalised(normalise_text(text))


def content_keys(text: str) -> tuple[str, int | None]:
    """(content_hash, fingerprint) of one text, normalising it once for both."""
    norm = normalise_text(text)
    return _hash_normalised(norm), _fingerprint_normalised(norm, 3)


def _hash_normalised(norm: str) -> str:
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _hash64(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "big")


def _word_hashes(words: list[str]) -> np.ndarray:
    cache = _WORD_HASHES
    if len(cache) > WORD_HASH_CACHE_MAX:
        cache.clear()
    out = []
    for w in words:
        h = cache.get(w)
        if h is None:
            h = cache[w] = _hash64(w)
        out.append(h)
    return np.array(out, dtype=np.uint64)


# Odd 64-bit multipliers (from the golden ratio and splitmix64) that combine word hashes into
# a shingle hash position-dependently, and the splitmix64 finaliser that spreads the bits.
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))


def _shingle_hashes(words: list[str], shingle: int) -> np.ndarray:
    """64-bit hashes of every `shingle`-word window: words are hashed with blake2b (stable
    across processes, unlike hash()), then windows are combined with wrapping uint64
    arithmetic in one vectorised pass."""
    word_hash = _word_hashes(words)
    n = len(words) - shingle + 1
    with np.errstate(over="ignore"):
        h = np.zeros(n, dtype=np.uint64)
        for offset in range(shingle):
            h = h * _MIX[0] + word_hash[offset : offset + n]
        h ^= h >> np.uint64(30)
        h *= _MIX[1]
        h ^= h >> np.uint64(27)
        h *= _MIX[2]
        h ^= h >> np.uint64(31)
    return h


def to_signed64(value: int) -> int:
    """An unsigned 64-bit value as the signed integer a BigInteger column holds."""
    value &= _MASK64
    return value - (1 << 64) if value >= 1 << 63 else value


def fingerprint(text: str, shingle: int = 3) -> int | None:
    """64-bit SimHash of the text's word shingles, as a signed int64; None for short texts.

    Each distinct shingle votes +count on the bits its hash has set and -count on the others;
    a bit of the fingerprint is set where the votes are positive. The votes are summed as one
    (shingles x 64) matrix: a per-bit Python loop cost ~25 ms per article.
    """
    return _fingerprint_normalised(normalise_text(text), shingle)


def _fingerprint_normalised(norm: str, shingle: int) -> int | None:
    words = _WORD.findall(norm)
    if len(words) < MIN_FINGERPRINT_WORDS:
        return None
    hashes, counts = np.unique(_shingle_hashes(words, shingle), return_counts=True)
    hashes = hashes.astype(">u8")
    # Column j of the unpacked big-endian bytes is bit 63 - j of the hash.
    bits = np.unpackbits(hashes.view(np.uint8).reshape(-1, 8), axis=1).astype(np.int64)
    votes = counts.astype(np.int64) @ (2 * bits - 1)
    value = 0
    for column in np.flatnonzero(votes > 0):
        value |= 1 << (63 - int(column))
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
