"""Turn one feed poll into the archive's records: its capture, its `feed_state` row (validators,
body hash, adaptive schedule, failure back-off, moved URL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crawlers.feed_items import FeedPolled
from pipeline.feeds import next_interval
from storage.archive import Archive
from storage.feeds import FeedStateInfo, get_state, save_state

_SCHEDULE = {
    "changed": "changed",
    "not_modified": "unchanged",
    "unchanged": "unchanged",
    "rejected": "failed",
    "failed": "failed",
}


def _header(headers: dict[str, str], name: str) -> str | None:
    return next((v for k, v in headers.items() if k.lower() == name), None)


def record_feed_poll(
    archive: Archive, item: FeedPolled, now: datetime | None = None
) -> FeedStateInfo:
    now = now or datetime.now(UTC)
    if item.capture is not None:
        archive.record_capture(item.capture, meta={"role": "feed", "feed_url": item.url})
    target = item.moved_to or item.url
    previous = get_state(archive, target) or get_state(archive, item.url)
    outcome = _SCHEDULE.get(item.outcome, "failed")
    failures = (previous.failures if previous else 0) + 1 if outcome == "failed" else 0
    interval = next_interval(
        previous.interval_seconds if previous else None,
        outcome,
        failures=failures,
        base=item.cadence,
        entry_times=item.entry_times,
    )
    etag = previous.etag if previous else None
    last_modified = previous.last_modified if previous else None
    body_hash = previous.body_hash if previous else None
    # Always those of the body `body_hash` names: replaced only with it.
    entry_urls = previous.entry_urls if previous else None
    if item.outcome in ("changed", "unchanged") and item.capture is not None:
        # Validators of the body we read. A rejected body keeps none, so it is judged again
        # (and reported again) next time rather than passed off as "unchanged".
        etag = _header(item.capture.headers, "etag")
        last_modified = _header(item.capture.headers, "last-modified")
    if item.outcome in ("changed", "unchanged"):
        if item.outcome == "changed" or item.body_hash != body_hash:
            entry_urls = item.entry_urls
        body_hash = item.body_hash
    state = FeedStateInfo(
        url=target,
        etag=etag,
        last_modified=last_modified,
        body_hash=body_hash,
        last_poll=now,
        next_poll=now + timedelta(seconds=interval),
        interval_seconds=interval,
        failures=failures,
        last_error=(f"{item.error_kind}: {item.error_message}" if item.error_kind else None),
        moved_to=None,
        entry_urls=entry_urls,
    )
    save_state(archive, state)
    if item.moved_to and item.moved_to != item.url:
        old = get_state(archive, item.url) or FeedStateInfo(url=item.url)
        save_state(
            archive, FeedStateInfo(**{**old.__dict__, "moved_to": item.moved_to, "last_poll": now})
        )
    return state
