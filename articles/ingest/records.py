"""Plain records produced by the pure half of the ingest pipeline.

Nothing here imports Django: ``decode`` and ``parse`` turn bytes into these
dataclasses, and ``articles.ingest.load`` writes them to the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class IngestError(Exception):
    """A bulletin that cannot be ingested; the message is shown to editors (Chinese)."""


@dataclass
class Decoded:
    text: str  # normalised: "\n" newlines, no BOM, NFC; layout kept
    encoding: str  # "utf-8", "utf-8-sig", "gb18030", "utf-16", "docx"


@dataclass
class Credit:
    name: str
    role: str  # "reporter" | "correspondent" | "photographer"


@dataclass
class PersonMention:
    name: str
    positions: list[str] = field(default_factory=list)  # as written, in order of first use


@dataclass
class Participant:
    name: str
    roles: list[str] = field(
        default_factory=list
    )  # chair, speaker, attendee, observer, guest, companion


@dataclass
class MeetingRecord:
    name: str
    organizer: str
    date: dt.date | None
    participants: list[Participant] = field(default_factory=list)


@dataclass
class DirectiveRecord:
    heading: str
    text: str
    meeting: int | None = None  # index into ArticleRecord.meetings
    issuer: str | None = None  # a person's name, None when "会议" gives it


@dataclass
class ArticleRecord:
    headline: str
    kicker: str
    title: str
    subtitle: str
    date: dt.date
    date_precision: str  # "day" | "approximate"
    paragraphs: list[str]
    credits: list[Credit] = field(default_factory=list)
    photos: bool = False
    people: list[PersonMention] = field(default_factory=list)
    meetings: list[MeetingRecord] = field(default_factory=list)
    directives: list[DirectiveRecord] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class ParsedBulletin:
    articles: list[ArticleRecord]
    warnings: list[str] = field(default_factory=list)
