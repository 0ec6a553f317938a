"""bytes -> decode -> parse -> (preview | load): the one path the command and the admin share.

``prepare`` (pure, in ``prepare.py``) makes an ``Outcome`` without storing anything;
``store`` loads it, all or nothing; ``store_many`` stores several at once.
"""

from __future__ import annotations

import datetime as dt
import queue
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future

from django.conf import settings
from django.db import connection, connections

from . import prepare as pure
from .load import load
from .prepare import Outcome, default_issue_date, default_jobs
from .records import IngestError

__all__ = [
    "Outcome",
    "connections_for",
    "default_issue_date",
    "default_jobs",
    "ingest",
    "prepare",
    "prepare_many",
    "store",
    "store_many",
]


def prepare(raw: bytes, source_name: str, issue_date: dt.date | None) -> Outcome:
    """Decode and parse without storing anything; errors become ``Outcome.error``."""
    return pure.prepare(
        raw, source_name, issue_date, max_bytes=settings.NEWSROOM_MAX_BULLETIN_BYTES
    )


def prepare_many(sources: list[pure.Source], issue_date, *, index: bool, jobs: int, pool=None):
    """(raw, outcome) for each source, in order, prepared in up to ``jobs`` processes."""
    return pure.prepare_many(
        sources,
        issue_date,
        max_bytes=settings.NEWSROOM_MAX_BULLETIN_BYTES,
        index=index,
        jobs=jobs,
        pool=pool,
    )


def ingest(
    raw: bytes,
    source_name: str,
    issue_date: dt.date | None,
    *,
    user=None,
    publish: bool = False,
    replace: bool = False,
    force: bool = False,
) -> Outcome:
    """Decode, parse and store one bulletin, all or nothing."""
    outcome = prepare(raw, source_name, issue_date)
    return store(outcome, raw, user=user, publish=publish, replace=replace, force=force)


def store(
    outcome: Outcome,
    raw: bytes,
    *,
    user=None,
    publish: bool = False,
    replace: bool = False,
    force: bool = False,
) -> Outcome:
    """Store what ``prepare`` made of ``raw``, all or nothing; errors become ``Outcome.error``."""
    if not outcome.ok:
        return outcome
    assert outcome.parsed is not None and outcome.decoded is not None
    outcome.parsed.warnings = outcome.warnings
    try:
        outcome.result = load(
            source_name=outcome.source_name,
            raw=raw,
            decoded=outcome.decoded,
            parsed=outcome.parsed,
            issue_date=outcome.issue_date,
            user=user,
            publish=publish,
            replace=replace,
            force=force,
            vectors=outcome.vectors,
        )
    except IngestError as err:
        outcome.error = str(err)
    return outcome


def store_many(
    prepared: Iterable[tuple[bytes, Outcome]], *, at_once: int = 1, **options
) -> Iterator[Outcome]:
    """``store`` each (raw, outcome) of ``prepared``, yielding the outcomes in order.

    With ``at_once`` > 1, up to that many pages are stored at the same time, each in its
    own transaction on its own connection (threads: psycopg releases the GIL while it
    waits). One connection leaves the client idle while the server writes, and both idle
    while the commit waits for the disk; on two cores four connections store about twice
    as many pages a second as one (bench/ingest_speed.py). Inside a transaction the caller
    holds, pages are stored one by one in it, since other connections could not join it."""
    if at_once <= 1 or connection.in_atomic_block:
        for raw, outcome in prepared:
            yield _stored(outcome, raw, options)
        return
    storers = _Storers(at_once, options)
    ahead: deque[Future] = deque()
    try:
        for raw, outcome in prepared:
            ahead.append(storers.submit(outcome, raw))
            if len(ahead) >= 2 * at_once:
                yield ahead.popleft().result()
        while ahead:
            yield ahead.popleft().result()
    finally:
        # After an error (or if the caller stops early), pages not begun are not stored.
        for future in ahead:
            future.cancel()
        storers.stop()


def connections_for(jobs: int) -> int:
    """How many pages ``ingest --jobs N`` stores at once: two per worker process, as a
    transaction spends about half its time waiting (on the client, the server or the disk)."""
    return 2 * jobs if jobs > 1 else 1


def _stored(outcome: Outcome, raw: bytes, options: dict) -> Outcome:
    store(outcome, raw, **options)
    outcome.vectors = None  # stored; many pages' worth would fill memory
    return outcome


class _Storers:
    """Threads that store pages, each on its own database connection, closed at the end."""

    def __init__(self, count: int, options: dict):
        self.options = options
        self.queue: queue.SimpleQueue = queue.SimpleQueue()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(count)]
        for thread in self.threads:
            thread.start()

    def submit(self, outcome: Outcome, raw: bytes) -> Future:
        future: Future = Future()
        self.queue.put((future, outcome, raw))
        return future

    def stop(self) -> None:
        for _ in self.threads:
            self.queue.put(None)
        for thread in self.threads:
            thread.join()

    def _run(self) -> None:
        try:
            while (item := self.queue.get()) is not None:
                future, outcome, raw = item
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    future.set_result(_stored(outcome, raw, self.options))
                except BaseException as err:  # handed to the caller by future.result()
                    future.set_exception(err)
        finally:
            connections.close_all()
