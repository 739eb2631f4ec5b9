"""The sources to watch, from `sources.toml` at the repository root (or a path given)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SOURCES_FILE = Path(__file__).resolve().parents[1] / "sources.toml"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


class SourcesError(ValueError):
    """sources.toml is missing a field or has one in the wrong shape."""


@dataclass(frozen=True)
class Listing:
    url: str
    links: str  # CSS selector of the article links
    follow: re.Pattern[str]  # a link's path must match this


@dataclass(frozen=True)
class Source:
    key: str
    name: str
    homepage: str | None = None
    hosts: tuple[str, ...] = ()
    cadence: int = 3600  # seconds
    delay: float = 1.0
    feeds: tuple[str, ...] = ()
    listings: tuple[Listing, ...] = field(default_factory=tuple)

    def allows(self, host: str | None) -> bool:
        return (host or "").lower() in self.hosts


def seconds(value: Any) -> int:
    """'90', '15m', '1h', '1d' or a number of seconds."""
    if isinstance(value, int | float):
        return int(value)
    m = _DURATION.match(str(value))
    if not m:
        raise SourcesError(f"not a duration: {value!r} (use e.g. 15m, 1h, 1d)")
    return int(float(m.group(1)) * _UNIT[m.group(2)])


def load_sources(path: Path | None = None) -> dict[str, Source]:
    data = tomllib.loads((path or SOURCES_FILE).read_text(encoding="utf-8"))
    out: dict[str, Source] = {}
    for key, raw in (data.get("sources") or {}).items():
        try:
            listings = tuple(
                Listing(item["url"], item["links"], re.compile(item.get("follow", ".")))
                for item in raw.get("listings", [])
            )
            out[key] = Source(
                key=key,
                name=raw.get("name", key),
                homepage=raw.get("homepage"),
                hosts=tuple(h.lower() for h in raw.get("hosts", [])),
                cadence=seconds(raw.get("cadence", 3600)),
                delay=float(raw.get("delay", 1.0)),
                feeds=tuple(raw.get("feeds", [])),
                listings=listings,
            )
        except (KeyError, TypeError, re.error) as exc:
            raise SourcesError(f"sources.toml [sources.{key}]: {exc}") from exc
    return out


def select(sources: dict[str, Source], keys: str | list[str] | None) -> list[Source]:
    """The sources named (comma-separated or a list); all when none are named."""
    if isinstance(keys, str):
        keys = [k.strip() for k in keys.split(",") if k.strip()]
    if not keys:
        return list(sources.values())
    unknown = sorted(set(keys) - set(sources))
    if unknown:
        raise SourcesError(f"unknown source(s) {', '.join(unknown)}; known: {', '.join(sources)}")
    return [sources[k] for k in keys]


def download_slots(sources: list[Source]) -> dict[str, dict[str, Any]]:
    """Per-host politeness for Scrapy's DOWNLOAD_SLOTS: one request at a time per host, with
    the source's delay (the slowest one when hosts are shared)."""
    slots: dict[str, dict[str, Any]] = {}
    for src in sources:
        for host in src.hosts:
            delay = max(src.delay, slots.get(host, {}).get("delay", 0.0))
            slots[host] = {"concurrency": 1, "delay": delay}
    return slots
