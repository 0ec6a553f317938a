"""bytes -> decode -> parse -> (preview | load): the one path the command and the admin share.

``prepare`` (pure, in ``prepare.py``) makes an ``Outcome`` without storing anything;
``store`` loads it, all or nothing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from . import prepare as pure
from .load import load
from .prepare import Outcome, default_issue_date
from .records import IngestError

__all__ = ["Outcome", "default_issue_date", "ingest", "prepare", "prepare_many", "store"]


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
