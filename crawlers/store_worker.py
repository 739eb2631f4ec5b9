"""Analyse and store the crawl's batches in a process of its own, so they use the second core.

The reactor process downloads; analysis (trafilatura, dates, attribution: pure, bytes in and a
record out) and storage (WARC records, rows, links) of fetched pages run here, in one child
process per crawl process and archive. Python threads cannot do this: the crawl is CPU-bound
and a writer thread only took turns with the reactor for the GIL (bench/RESULTS.md, Crawl).

Everything the child writes keeps storage/batch.py's contract, in the child: a batch's WARC
records are written and fsynced before its rows commit. The parent sends a batch (pickled
`Fetched` items) and waits for the child's answer: each page's BatchResult and, for a page
that could not be analysed, its AnalyseError kind and message (already recorded as a fetch
error by the child, in the batch's transaction order as before).

When the child dies (a crash in a C extension, the OOM killer) or exceeds its time budget, the
parent kills what is left of it and raises WorkerCrashed; the next batch starts a new child.
The item pipeline then retries the batch one page at a time, so a page that kills the child
costs only itself (crawlers/archive_pipeline.py).

The child is started with its own interpreter (`python -m crawlers.store_worker`), not forked:
forking the crawl process would copy the running Twisted reactor and its threads. It talks to
the parent over two pipes passed as file descriptors, not stdin/stdout, so a library that prints
cannot corrupt the stream. It ignores SIGINT and SIGTERM (a Ctrl-C or a scheduler's SIGTERM is
the parent's to handle: it finishes the batches in flight) and exits when the parent closes
the pipe or dies.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from crawlers.items import Fetched
from pipeline.analyse import AnalyseError, analyse_capture
from storage.archive import Archive
from storage.batch import BatchEntry, BatchResult, store_batch
from storage.warc import WarcStore

log = logging.getLogger(__name__)

# A page that could not become a document: (AnalyseError kind, message), or None.
PageFailure = tuple[str, str] | None
Outcome = tuple[BatchResult, PageFailure]

# Seconds a batch may take per page before the child is presumed hung and killed. Ofsted
# report PDFs take a second or two each; this only catches a child that will never answer.
SECONDS_PER_PAGE = 120.0
# The error kind of a page the store worker died on.
WORKER_CRASHED = "worker_crashed"
# Starting the child imports the whole pipeline (trafilatura, lxml, numpy, SQLAlchemy).
START_TIMEOUT = 300.0
ROOT = Path(__file__).resolve().parents[1]


class WorkerCrashed(Exception):
    """The child died or hung while it held a batch; it has been killed and reaped."""


class WorkerUnavailable(Exception):
    """A new child could not start (e.g. it cannot open the archive): not one page's fault."""


@dataclass(frozen=True)
class WorkerConfig:
    """What the child needs to open the same archive and WARC directory as the parent."""

    db_url: str  # with its password: the child connects as the parent does
    warc_dir: str | None
    warc_max_bytes: int

    @classmethod
    def of(cls, archive: Archive) -> WorkerConfig:
        warc = archive.warc
        return cls(
            archive.url.render_as_string(hide_password=False),
            str(warc.directory) if warc is not None else None,
            warc.max_bytes if warc is not None else 0,
        )


def warc_meta(item: Fetched) -> dict[str, Any]:
    """What the WARC metadata record says about a page besides its source and hash."""
    return {"role": item.role, "listing": item.listing, "urn": item.urn}


def analyse_and_store(
    archive: Archive, run_id: int | None, items: Sequence[Fetched]
) -> list[Outcome]:
    """The pure pipeline for each page, then one storage batch; a page that cannot be
    analysed is stored as a capture only and its error recorded. Runs in the child, or in the
    crawl process itself for an in-memory archive."""
    entries: list[BatchEntry] = []
    failures: list[PageFailure] = []
    for item in items:
        doc, failure = None, None
        if item.role != "listing":
            try:
                doc = analyse_capture(
                    item.capture, listing=item.listing, urn=item.urn, role=item.role
                )
            except AnalyseError as exc:
                failure = (exc.kind, str(exc))
        entries.append(BatchEntry(item.capture, warc_meta(item), item.request_headers, doc))
        failures.append(failure)
    results = store_batch(archive, entries)
    for item, failure in zip(items, failures, strict=True):
        if failure is not None:
            c = item.capture
            archive.record_error(run_id, c.url, failure[0], failure[1], c.status, item.listing)
    return list(zip(results, failures, strict=True))


def store_pages(
    worker: StoreWorker, archive: Archive, run_id: int | None, items: Sequence[Fetched]
) -> list[Outcome]:
    """A batch through the worker. If the worker dies on it, the batch again one page at a
    time (each in a new worker when the last one died), so a page that kills the worker costs
    only itself: its capture is stored here, without a document, and a WORKER_CRASHED error
    recorded. Storage is idempotent, so pages the dead worker had already stored are not
    stored twice."""
    try:
        return worker.store(run_id, items)
    except WorkerCrashed as crash:
        log.warning("%s; retrying its batch of %d one page at a time", crash, len(items))
    outcomes: list[Outcome] = []
    for item in items:
        try:
            outcomes += worker.store(run_id, [item])
        except WorkerCrashed as crash:
            (result,) = store_batch(
                archive, [BatchEntry(item.capture, warc_meta(item), item.request_headers)]
            )
            c = item.capture
            message = f"{crash} on this page"
            archive.record_error(run_id, c.url, WORKER_CRASHED, message, c.status, item.listing)
            outcomes.append((result, (WORKER_CRASHED, message)))
    return outcomes


class StoreWorker:
    """The parent's handle on one child. Thread-safe: batches are sent one at a time."""

    def __init__(self, config: WorkerConfig) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._send: Connection | None = None
        self._recv: Connection | None = None
        self._ready = False
        self.crashes = 0

    # ------------------------------------------------------------------------- lifecycle
    def start(self) -> None:
        """Start a child if none is running; returns at once (it imports in the background)."""
        with self._lock:
            self._spawn()

    def _spawn(self) -> None:
        if self._proc is not None:
            return
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "crawlers.store_worker", str(to_child_r), str(from_child_w)],
                pass_fds=(to_child_r, from_child_w),
                env=env,
                stdin=subprocess.DEVNULL,
            )
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._send = Connection(to_child_w, readable=False)
        self._recv = Connection(from_child_r, writable=False)
        self._ready = False
        self._send.send(self.config)

    def close(self) -> None:
        """Let the child finish and exit (it sees the pipe close), then reap it."""
        with self._lock:
            self._stop(kill=False)

    def _stop(self, kill: bool) -> None:
        proc, self._proc = self._proc, None
        for conn in (self._send, self._recv):
            if conn is not None:
                conn.close()
        self._send = self._recv = None
        if proc is None:
            return
        if kill:
            proc.kill()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    # --------------------------------------------------------------------------- batches
    def store(self, run_id: int | None, items: Sequence[Fetched]) -> list[Outcome]:
        """Analyse and store one batch in the child. Raises WorkerCrashed if the child died
        or hung meanwhile, WorkerUnavailable if no child could start, and a storage error the
        child raised (as RuntimeError with its traceback) like the inline path would."""
        with self._lock:
            self._spawn()
            if not self._ready:
                self._await_ready()
            assert self._send is not None and self._recv is not None
            try:
                self._send.send((run_id, list(items)))
                if not self._recv.poll(SECONDS_PER_PAGE * max(1, len(items))):
                    raise WorkerCrashed(f"no answer within {SECONDS_PER_PAGE:.0f} s a page")
                status, payload = self._recv.recv()
            except (EOFError, OSError) as exc:
                reason = self._describe_exit(exc)
                self._crashed()
                raise WorkerCrashed(reason) from None
            except WorkerCrashed:
                self._crashed()
                raise
        if status == "raised":
            raise RuntimeError(f"storage failed in the store worker:\n{payload}")
        return payload

    def _await_ready(self) -> None:
        assert self._recv is not None
        try:
            if not self._recv.poll(START_TIMEOUT):
                raise EOFError("no answer")
            status, payload = self._recv.recv()
        except (EOFError, OSError) as exc:
            self._stop(kill=True)
            raise WorkerUnavailable(f"the store worker did not start ({exc})") from None
        if status != "ready":
            self._stop(kill=True)
            raise WorkerUnavailable(f"the store worker did not start:\n{payload}")
        self._ready = True

    def _crashed(self) -> None:
        self.crashes += 1
        self._stop(kill=True)

    def _describe_exit(self, exc: BaseException) -> str:
        proc = self._proc
        try:
            code = proc.wait(timeout=5) if proc is not None else None
        except subprocess.TimeoutExpired:
            code = None
        if code is not None and code < 0:
            return f"the store worker was killed by signal {-code}"
        if code is not None:
            return f"the store worker exited with status {code}"
        return f"the store worker stopped answering ({type(exc).__name__})"


# ------------------------------------------------------------------- shared per process ---

_workers: dict[WorkerConfig, tuple[StoreWorker, int]] = {}
_workers_lock = threading.Lock()


def acquire(archive: Archive) -> StoreWorker:
    """The crawl process's worker for this archive; several spiders in one process share it
    (each `release`s it when it closes). Its child starts with the first batch, so a crawl
    that stores no page (a re-crawl of unchanged feeds) never pays for one."""
    config = WorkerConfig.of(archive)
    with _workers_lock:
        worker, users = _workers.get(config, (None, 0))
        if worker is None:
            worker = StoreWorker(config)
        _workers[config] = (worker, users + 1)
        return worker


def release(worker: StoreWorker) -> None:
    with _workers_lock:
        _, users = _workers[worker.config]
        if users > 1:
            _workers[worker.config] = (worker, users - 1)
            return
        del _workers[worker.config]
    worker.close()


# ----------------------------------------------------------------------------- the child ---


def _child(read_fd: int, write_fd: int) -> None:
    # Shutdown is the parent's decision: it closes the pipe when its batches are done.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    inbox = Connection(read_fd, writable=False)
    outbox = Connection(write_fd, readable=False)
    config: WorkerConfig = inbox.recv()
    try:
        archive = Archive.open(config.db_url, migrate=False)
        archive.warc = (
            WarcStore(config.warc_dir, config.warc_max_bytes) if config.warc_dir else None
        )
        # Import the readers now rather than inside the first batch's time budget.
        import pipeline.articles  # noqa: F401
    except Exception:
        import traceback

        outbox.send(("failed", traceback.format_exc()))
        return
    outbox.send(("ready", None))
    try:
        while True:
            try:
                run_id, items = inbox.recv()
            except EOFError:
                return
            try:
                reply: tuple[str, Any] = ("ok", analyse_and_store(archive, run_id, items))
            except Exception:
                import traceback

                reply = ("raised", traceback.format_exc())
            outbox.send(reply)
    finally:
        archive.close()


if __name__ == "__main__":
    _child(int(sys.argv[1]), int(sys.argv[2]))
