"""bytes -> decode -> parse -> (preview | load): the one path the command and the admin share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings

from .decode import decode
from .jsonout import bulletin_json
from .load import LoadResult, load, sha256_of
from .parse import parse
from .records import Decoded, IngestError, ParsedBulletin


@dataclass
class Outcome:
    source_name: str
    sha256: str
    issue_date: dt.date
    decoded: Decoded | None = None
    parsed: ParsedBulletin | None = None
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    result: LoadResult | None = None

    @property
    def ok(self) -> bool:
        return not self.error

    def as_json(self) -> dict:
        assert self.parsed is not None and self.decoded is not None
        return bulletin_json(
            self.source_name,
            self.sha256,
            self.decoded.encoding,
            self.issue_date,
            self.parsed,
            self.warnings,
        )


def default_issue_date() -> tuple[dt.date, str]:
    today = dt.date.today()
    return today, f"未指定刊期，按今天（{today:%Y-%m-%d}）推算日期。"


def prepare(raw: bytes, source_name: str, issue_date: dt.date | None) -> Outcome:
    """Decode and parse without storing anything; errors become ``Outcome.error``."""
    warnings: list[str] = []
    if issue_date is None:
        issue_date, warning = default_issue_date()
        warnings.append(warning)
    outcome = Outcome(source_name=source_name, sha256=sha256_of(raw), issue_date=issue_date)
    try:
        outcome.decoded = decode(
            raw, filename=source_name, max_bytes=settings.NEWSROOM_MAX_BULLETIN_BYTES
        )
        outcome.parsed = parse(outcome.decoded.text, issue_date)
    except IngestError as err:
        outcome.error = str(err)
        return outcome
    outcome.warnings = warnings + list(outcome.parsed.warnings)
    return outcome


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
    if not outcome.ok:
        return outcome
    assert outcome.parsed is not None and outcome.decoded is not None
    outcome.parsed.warnings = outcome.warnings
    try:
        outcome.result = load(
            source_name=source_name,
            raw=raw,
            decoded=outcome.decoded,
            parsed=outcome.parsed,
            issue_date=outcome.issue_date,
            user=user,
            publish=publish,
            replace=replace,
            force=force,
        )
    except IngestError as err:
        outcome.error = str(err)
    return outcome
