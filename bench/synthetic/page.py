"""Lay out synthetic articles as a bulletin page: headlines, bylines, blank lines, page breaks.

Layout follows what editors paste into the system (see the seed bulletin): paragraphs are
separated by one blank line, sometimes more; a headline is one line with its parts separated
by spaces, or one line per part; bylines stand on their own line(s), on one line, or run on
after the last sentence. Page-break damage cuts a paragraph mid-word and continues it after
one or two blank lines, as happens when text is copied across the columns of a printed page.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from articles.ingest.records import ArticleRecord, Credit

from .articles import WEIGHTS, WRITERS
from .draft import Draft, Page
from .names import Cast


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# Byline layouts: own lines (记者 甲 / 通讯员 乙 文/图), one line, run on after the last sentence.
BYLINE_LAYOUTS = ("lines", "one-line", "run-on")
BYLINE_WEIGHTS = (4, 3, 3)

ROLE_LABEL = {"reporter": "记者", "correspondent": "通讯员", "photographer": "摄影"}


@dataclass
class SyntheticPage:
    text: str
    articles: list[ArticleRecord]
    bylines: list[str] = field(default_factory=list)  # byline text exactly as printed


@dataclass
class _Staff:
    """The page's reporters, correspondents and photographer: the same few sign every article."""

    reporters: list[str]
    correspondents: list[str]
    photographers: list[str]


def _byline(rng: random.Random, staff: _Staff) -> tuple[list[str], list[Credit], bool]:
    """Byline lines (to be printed on separate lines or joined) with credits and photos flag."""
    groups: list[tuple[str, list[str]]] = [
        ("reporter", rng.sample(staff.reporters, 1 if rng.random() < 0.7 else 2))
    ]
    if rng.random() < 0.7:
        groups.append(
            ("correspondent", rng.sample(staff.correspondents, 1 if rng.random() < 0.7 else 2))
        )
    photo = rng.random()
    if photo < 0.2:
        groups.append(("photographer", [rng.choice(staff.photographers)]))
    sep = rng.choice((" ", "、"))  # 记者 甲 乙 or 记者 甲、乙
    lines = [f"{ROLE_LABEL[role]} {sep.join(names)}" for role, names in groups]
    credits = [Credit(name, role) for role, names in groups for name in names]
    photos = photo < 0.2
    if 0.2 <= photo < 0.5:  # 文/图: the writers took the photos too
        photos = True
        if rng.random() < 0.8:
            lines[-1] += " 文/图"
        else:
            lines[0] = "文/图 " + lines[0]
    return lines, credits, photos


def _damage(rng: random.Random, paragraph: str) -> str:
    """Cut the paragraph between two Han characters and continue it after blank lines."""
    cuts = [
        i
        for i in range(12, len(paragraph) - 4)
        if is_han(paragraph[i - 1]) and is_han(paragraph[i])
    ]
    if not cuts:
        return paragraph
    i = rng.choice(cuts)
    return paragraph[:i] + rng.choice(("\n\n", "\n\n\n")) + paragraph[i:]


def generate_bulletin(
    rng: random.Random,
    issue_date: dt.date,
    articles: int = 3,
    target_chars: int = 3000,
    cast: Cast | None = None,
) -> SyntheticPage:
    page = Page(rng, issue_date, cast)
    staff = _Staff(page.names.many(2), page.names.many(3), page.names.many(1))
    budget = max(300, target_chars // max(1, articles) - 50)  # headline and byline: ~50
    damage_left = rng.choice((0, 0, 1, 1, 2))
    blocks: list[str] = ["\n" * rng.randint(0, 2)] if rng.random() < 0.3 else []
    records: list[ArticleRecord] = []
    bylines: list[str] = []
    for _ in range(articles):
        draft = Draft(page)
        writer = rng.choices(WRITERS, weights=WEIGHTS)[0]
        kicker, title, subtitle = writer(draft, budget)
        record = draft.record(kicker, title, subtitle)
        lines, record.credits, record.photos = _byline(rng, staff)
        records.append(record)

        parts = [p for p in (kicker, title, subtitle) if p]
        headline = "\n".join(parts) if len(parts) > 1 and rng.random() < 0.4 else " ".join(parts)
        body = list(draft.paragraphs)
        for _ in range(damage_left):
            if rng.random() < 0.5:
                k = rng.randrange(len(body))
                body[k] = _damage(rng, body[k])
                damage_left -= 1

        layout = rng.choices(BYLINE_LAYOUTS, weights=BYLINE_WEIGHTS)[0]
        byline = "\n".join(lines) if layout == "lines" else " ".join(lines)
        if layout == "run-on":  # after the last sentence: "……参加会议。记者 甲"
            body[-1] += byline
        else:
            body.append(byline)
        bylines.append(byline)

        gaps = ["\n\n\n\n" if rng.random() < 0.08 else "\n\n" for _ in body]
        text = headline + "\n\n" + "".join(p + g for p, g in zip(body, gaps, strict=True))
        blocks.append(text + ("\n" if rng.random() < 0.3 else ""))
    return SyntheticPage("".join(blocks).rstrip("\n") + "\n", records, bylines)
