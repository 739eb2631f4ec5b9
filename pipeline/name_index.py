"""The index of every name form an English authority goes by, compiled once for scanning.

Register names and aliases, lower-tier districts (pipeline/data/districts.json), towns (of
unitary authorities and of districts) and ambiguous places from pipeline/place_context.py, as
one case-insensitive regex built from a token trie. What a match means is decided by
pipeline/attribution.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from pipeline.authorities import normalise_name, register
from pipeline.place_context import AMBIGUOUS_PLACES, HYPHEN_PLACE
from pipeline.towns import DISTRICT_TOWNS, TOWNS


@dataclass
class NameEntry:
    codes: tuple[str, ...] = ()  # register codes (settled by date)
    district: str | None = None  # district name (-> upper tier on the date)
    options: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # ambiguous


def _district_names() -> list[str]:
    # Read the same packaged file pipeline.authorities reads, for the names to compile.
    path = resources.files("pipeline") / "data" / "districts.json"
    if not path.is_file():
        return []
    return [d["name"] for d in json.loads(path.read_text(encoding="utf-8"))["districts"]]


@cache
def name_table() -> dict[str, NameEntry]:
    table: dict[str, NameEntry] = {}
    for alias, codes in register().alias_table():
        table[alias] = NameEntry(codes=codes)
    for name in _district_names():
        key = normalise_name(name)
        table.setdefault(key, NameEntry()).district = name
    for town, code in TOWNS.items():
        table.setdefault(town, NameEntry(codes=(code,)))
    # A town inside a district resolves like the district, so the date picks the upper tier
    # (Aylesbury 2019 -> Buckinghamshire County Council, 2021 -> Buckinghamshire Council).
    for town, district in DISTRICT_TOWNS.items():
        table.setdefault(normalise_name(town), NameEntry(district=district))
    for place, options in AMBIGUOUS_PLACES.items():
        table[place] = NameEntry(options=options)
    return table


def _token_pattern(token: str) -> str:
    if token == "and":
        return r"(?:[\s\-–—.,]+and|\s*&)"
    body = re.escape(token)
    if len(token) > 2 and token.endswith("s"):
        body = re.escape(token[:-1]) + r"['’]?s"  # "childrens" matches "children's"
    return body


def _trie_regex(aliases: list[str]) -> str:
    """One alternation shared by prefix (a token trie): fast in `re`, and the greedy optional
    tails make the longest alias win ("Newcastle-under-Lyme" over "Newcastle")."""
    trie: dict = {}
    for alias in aliases:
        node = trie
        for token in alias.split():
            node = node.setdefault(token, {})
        node[""] = {}

    def build(node: dict, first: bool, after_and: bool = False) -> str:
        branches = []
        for token in sorted(k for k in node if k):
            # "and" carries its own leading gap; after "&" the gap may be empty ("B&NES").
            sep = "" if first or token == "and" else r"[\s\-–—.,]*" if after_and else r"[\s\-–—.,]+"
            nxt = node[token]
            tail = build(nxt, False, token == "and") if any(nxt) else ""
            branches.append(sep + _token_pattern(token) + tail)
        alt = "(?:" + "|".join(branches) + ")"
        return f"{alt}?" if "" in node else alt

    # At the top, `re` would try every name's first word in turn at each capital letter (a
    # cost that grows with the gazetteer): one cheap look at the first letter picks the group.
    groups: dict[str, dict] = {}
    for token, child in trie.items():
        groups.setdefault(token[:1].lower(), {})[token] = child
    return (
        "(?:"
        + "|".join(
            f"(?=[{re.escape(letter)}{re.escape(letter.upper())}])" + build(group, True)
            for letter, group in sorted(groups.items())
        )
        + ")"
    )


@cache
def name_matcher() -> re.Pattern[str]:
    aliases = [a for a in name_table() if a and not a.isdigit()]
    # Not followed by a word, nor by "-by-"/"-in-"...: "Bromley-by-Bow" is not Bromley.
    end = rf"(?![\w]|{HYPHEN_PLACE})"
    return re.compile(r"(?<![\w&])" + _trie_regex(aliases) + end, re.I)
