"""Shared state while one synthetic article is written: the page's style and the truth so far.

``Page`` holds what is fixed per page (district, punctuation, name book); ``Draft`` collects
one article's paragraphs together with the records ingest-json.md says the parser must find.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from articles.ingest.records import (
    ArticleRecord,
    DirectiveRecord,
    MeetingRecord,
    Participant,
    PersonMention,
)

from . import pools
from .names import Cast, NameBook


@dataclass(frozen=True)
class Punct:
    """Clause punctuation of a page. Bulletins pasted from web pages often carry ASCII commas
    and semicolons (the seed does); Word originals carry full-width ones. One page keeps one."""

    comma: str
    semi: str
    colon: str
    lparen: str
    rparen: str


ASCII = Punct(",", ";", ":", "(", ")")
FULL = Punct("，", "；", "：", "（", "）")


class Page:
    def __init__(self, rng: random.Random, issue_date: dt.date, cast: Cast | None = None) -> None:
        self.rng = rng
        self.issue_date = issue_date
        self.p = ASCII if rng.random() < 0.5 else FULL
        self.district = rng.choice(pools.DISTRICTS)
        self.names = NameBook(rng, cast)
        stems = list(pools.PLACE_STEMS)
        rng.shuffle(stems)
        self._stems = stems  # each place stem once per page, so place lists stay distinct

    def stem(self) -> str:
        if not self._stems:  # only on absurdly long pages; reuse is harmless then
            self._stems = list(pools.PLACE_STEMS)
        return self._stems.pop()

    def dateline(self) -> tuple[str, dt.date, str]:
        """ "本报讯 M月D日上午," or "本报讯 近日,", with the date the parser must resolve.

        Month-day datelines resolve to the latest such date not after the issue date
        (ingest-json.md); events up to ~10 weeks back keep that unambiguous, and crossing
        New Year (12月28日 in a January issue) is exercised whenever the issue is early January.
        """
        rng, c = self.rng, self.p.comma
        if rng.random() < 0.25:
            return f"本报讯 近日{c}", self.issue_date, "approximate"
        day = self.issue_date - dt.timedelta(days=rng.randrange(0, 70))
        part = rng.choice(("", "", "上午", "下午"))
        return f"本报讯 {day.month}月{day.day}日{part}{c}", day, "day"


@dataclass
class Draft:
    """One article's paragraphs and its ground truth, filled in by the article writers."""

    page: Page
    paragraphs: list[str] = field(default_factory=list)
    people: dict[str, list[str]] = field(default_factory=dict)
    meetings: list[MeetingRecord] = field(default_factory=list)
    directives: list[DirectiveRecord] = field(default_factory=list)
    # Places are stored without their suffix (白沙 for 白沙街道), and a suffix after a
    # 、-list applies to each item: "对五里河湾、青石、柳溪等街道" -> 五里河湾, 青石, 柳溪.
    places: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    date: dt.date | None = None
    precision: str = "day"

    # -- people -----------------------------------------------------------------------------
    def person(self, positions: tuple[str, ...] | list[str] = ()) -> str:
        name = self.page.names.new()
        self.people[name] = list(positions)
        return name

    def titled(self, name: str) -> str:
        """The name as printed with its positions: 区委常委、组织部部长甲乙."""
        return "、".join(self.people[name]) + name

    def role(self, name: str, *roles: str) -> None:
        meeting = self.meetings[-1]
        for participant in meeting.participants:
            if participant.name == name:
                participant.roles.extend(r for r in roles if r not in participant.roles)
                return
        meeting.participants.append(Participant(name, list(roles)))

    # -- text -------------------------------------------------------------------------------
    def term(self) -> str:
        term = self.page.rng.choice(pools.TERMS).format(c=self.page.p.comma)
        if term not in self.terms:
            self.terms.append(term)
        return f"“{term}”"

    def framing(self) -> str:
        return self.page.rng.choice(pools.FRAMINGS).format(c=self.page.p.comma)

    def clause(self) -> str:
        rng = self.page.rng
        if rng.random() < 0.15:
            return rng.choice(pools.TERM_CLAUSES).format(t=self.term())
        return rng.choice(pools.CLAUSES)

    def sentence(self, clauses: int | None = None) -> str:
        """A sentence of 2–4 clauses ending in 。; it never starts with 要."""
        rng, c = self.page.rng, self.page.p.comma
        n = clauses or rng.randint(2, 4)
        parts = list(dict.fromkeys(self.clause() for _ in range(n)))  # no clause said twice
        return rng.choice(pools.OPENERS) + c.join(parts) + "。"

    def sentences(self, n: int) -> str:
        return "".join(self.sentence() for _ in range(n))

    def pad(self, budget: int, lead: str) -> None:
        """Grow the article towards ``budget`` characters with a background paragraph placed
        right after the dateline, where it cannot be read as part of a directive."""
        missing = budget - sum(map(len, self.paragraphs))
        if missing < 60:
            return
        text = lead + self.sentences(max(1, missing // 45))
        self.paragraphs.insert(1, text)

    # -- truth ------------------------------------------------------------------------------
    def record(self, kicker: str, title: str, subtitle: str) -> ArticleRecord:
        assert self.date is not None
        return ArticleRecord(
            headline=" ".join(part for part in (kicker, title, subtitle) if part),
            kicker=kicker,
            title=title,
            subtitle=subtitle,
            date=self.date,
            date_precision=self.precision,
            paragraphs=list(self.paragraphs),
            people=[PersonMention(n, list(p)) for n, p in self.people.items()],
            meetings=self.meetings,
            directives=self.directives,
            places=list(dict.fromkeys(self.places)),
            terms=list(self.terms),
        )
