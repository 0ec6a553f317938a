"""The pure half of ingest: read, decode, parse and index a bulletin, storing nothing.

Nothing here imports Django, so the ingest command can prepare the next pages in worker
processes while it stores the current one (``prepare_many``): parsing and making search
vectors cost about as much as storing, and a page's rows go in one transaction either way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..search.text import document_binary_fields, headline_text
from .decode import decode
from .jsonout import bulletin_json
from .parse import parse
from .records import Decoded, IngestError, ParsedBulletin

# An article's search, rank and title vectors (binary) and its searched text: SEARCH_FIELDS.
Vectors = tuple[bytes, bytes, bytes, str]

# Worker processes are forked from a server process that imported the parser and rjieba's
# dictionary once (multiprocessing's "forkserver", preloading them): each starts ready to
# parse, where a fresh interpreter ("spawn") spends half a second of CPU importing them, and
# none shares the command's database connection, as a child forked from the command would
# (closing it on exit would close the parent's too). Without a forkserver (Windows), spawn.
PRELOADED = (__name__, "rjieba")
# Fewer pages than this are prepared in the command's own process: starting the workers'
# server costs about half a second.
MIN_PAGES_FOR_WORKERS = 8


@dataclass
class Outcome:
    source_name: str
    sha256: str
    issue_date: dt.date
    decoded: Decoded | None = None
    parsed: ParsedBulletin | None = None
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    result: Any = None  # a load.LoadResult once stored
    vectors: list[Vectors] | None = None  # made by prepare(index=True)

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


def sha256_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def default_issue_date() -> tuple[dt.date, str]:
    today = dt.date.today()
    return today, f"未指定刊期，按今天（{today:%Y-%m-%d}）推算日期。"


def prepare(
    raw: bytes,
    source_name: str,
    issue_date: dt.date | None,
    *,
    max_bytes: int,
    index: bool = False,
) -> Outcome:
    """Decode and parse ``raw``; errors become ``Outcome.error``. ``index`` also makes the
    articles' search vectors, so that storing them need not."""
    warnings: list[str] = []
    if issue_date is None:
        issue_date, warning = default_issue_date()
        warnings.append(warning)
    outcome = Outcome(source_name=source_name, sha256=sha256_of(raw), issue_date=issue_date)
    try:
        outcome.decoded = decode(raw, filename=source_name, max_bytes=max_bytes)
        outcome.parsed = parse(outcome.decoded.text, issue_date)
    except IngestError as err:
        outcome.error = str(err)
        return outcome
    outcome.warnings = warnings + list(outcome.parsed.warnings)
    if index:
        outcome.vectors = article_vectors(outcome.parsed)
    return outcome


def article_vectors(parsed: ParsedBulletin) -> list[Vectors]:
    """The search fields of each article of ``parsed``: those ``Article.save`` makes from the
    stored headline parts and body, the vectors in the binary form ingest sends."""
    fields = []
    for record in parsed.articles:
        title = headline_text(record.kicker, record.title, record.subtitle)
        body = "\n\n".join(record.paragraphs)
        fields.append(document_binary_fields(title, body))
    return fields


# A source is a file to read (its path) or bytes already read (standard input).
Source = tuple[str, "str | bytes"]


def read_and_prepare(
    source: Source, issue_date: dt.date | None, max_bytes: int, index: bool
) -> tuple[bytes, Outcome]:
    name, content = source
    if isinstance(content, bytes):
        raw = content
    else:
        try:
            raw = Path(content).read_bytes()
        except OSError as err:
            outcome = Outcome(source_name=name, sha256="", issue_date=issue_date)
            outcome.error = f"无法读取文件：{err.strerror or err}"
            return b"", outcome
    return raw, prepare(raw, name, issue_date, max_bytes=max_bytes, index=index)


def default_jobs() -> int:
    """Worker processes of the ingest command unless told: one per CPU, at most four."""
    return min(os.cpu_count() or 1, 4)


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"))
    context = multiprocessing.get_context("forkserver")
    # Read when the server starts, on the first pool's first page; it then serves every pool.
    context.set_forkserver_preload(list(PRELOADED))
    return ProcessPoolExecutor(jobs, mp_context=context)


def prepare_many(
    sources: list[Source],
    issue_date: dt.date | None,
    *,
    max_bytes: int,
    index: bool = False,
    jobs: int = 1,
    pool: ProcessPoolExecutor | None = None,
) -> Iterator[tuple[bytes, Outcome]]:
    """``read_and_prepare`` each source, in order, in up to ``jobs`` worker processes (or in
    ``pool``) that run ahead of the caller by a few pages, so memory stays bounded however
    many files there are."""
    if pool is None:
        if jobs <= 1 or len(sources) < MIN_PAGES_FOR_WORKERS:
            for source in sources:
                yield read_and_prepare(source, issue_date, max_bytes, index)
            return
        with worker_pool(jobs) as pool:
            yield from prepare_many(
                sources, issue_date, max_bytes=max_bytes, index=index, jobs=jobs, pool=pool
            )
        return
    ahead: deque = deque()
    for source in sources:
        ahead.append(pool.submit(read_and_prepare, source, issue_date, max_bytes, index))
        if len(ahead) >= 4 * jobs:
            yield ahead.popleft().result()
    while ahead:
        yield ahead.popleft().result()
