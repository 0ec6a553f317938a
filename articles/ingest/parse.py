"""Text of a bulletin page -> ParsedBulletin. Pure: no Django, no I/O, raises only IngestError.

The steps, each in its own module: ``layout`` (articles, headline lines, bylines, page-break
mending), ``headline`` (引题/主题/副题), ``dateline`` (event date), ``byline`` (credits),
``people``, ``meetings``, ``directives``, ``terms`` (places and quoted terms), ``tags``.
"""

from __future__ import annotations

import datetime as dt
import re

from . import layout
from .byline import Byline, dateline_byline, parse_byline, split_tail_byline
from .dateline import APPROXIMATE, event_date, strip_dateline
from .directives import find_directives
from .headline import Headline, split_headline
from .meetings import find_district, find_meeting, participants
from .people import find_people
from .records import ArticleRecord, IngestError, ParsedBulletin
from .tags import suggest_tags
from .terms import find_places, find_terms

_TITLE_MAX = 30
_TITLE_CUT_RE = re.compile(r"[。！？!?；;，,：:]")


def _derived_title(paragraphs: list[str]) -> str:
    """A title for an article printed without one: its first clause, shortened."""
    first = paragraphs[0].strip() if paragraphs else ""
    first = strip_dateline(first).strip() or first  # a bare dateline is all there is
    cut = _TITLE_CUT_RE.search(first)
    title = first[: cut.start()] if cut and cut.start() >= 6 else first
    title = title if len(title) <= _TITLE_MAX else title[: _TITLE_MAX - 1] + "…"
    return title or "无标题"


def _district_words(district: str) -> frozenset[str]:
    """The paper's own district and its parts (云湖区, 云湖, 湖区) are never tags."""
    n = len(district)
    return frozenset(district[i:j] for i in range(n) for j in range(i + 2, n + 1))


def _label(number: int, headline: Headline) -> str:
    return f"第{number}篇《{headline.title}》" if headline.title else f"第{number}篇"


def _article(
    raw: layout.RawArticle,
    number: int,
    issue_date: dt.date,
    district: str,
    warnings: list[str],
    recognised: bool = True,
) -> ArticleRecord:
    paragraphs, byline_lines = layout.mend(raw.body)
    # The dateline paragraph opens the body, unless page text was carried in before it.
    first = next(
        (p for p in paragraphs if layout.DATELINE_RE.match(p)), paragraphs[0] if paragraphs else ""
    )
    byline = Byline()
    head_credits = dateline_byline(first)
    if head_credits:
        byline.merge(head_credits)
    if paragraphs:
        rest, tail = split_tail_byline(paragraphs[-1])
        if tail:
            byline.merge(tail)
            paragraphs[-1] = rest
    for line in byline_lines:
        parsed = parse_byline(line)
        if parsed:
            byline.merge(parsed)

    headline = split_headline(raw.headline_lines)
    if not headline.title:
        headline = Headline("", _derived_title(paragraphs), "")
        if recognised:
            warnings.append(f"{_label(number, headline)}没有标题，已用正文首句代替")
    label = _label(number, headline)
    if not byline.credits:
        warnings.append(f"{label}未找到署名")

    date, precision = event_date(first, issue_date)
    if precision == APPROXIMATE:
        warnings.append(f"{label}未写明具体日期，按出版日期 {issue_date.isoformat()} 记")
    elif date > issue_date:  # only an explicit year can do this: likely a typo in the year
        warnings.append(f"{label}的日期 {date.isoformat()} 晚于出版日期，请核对")

    texts = [headline.title, *paragraphs]
    people = find_people(texts)
    credited = {c.name for c in byline.credits}
    people = [p for p in people if p.name not in credited or p.positions]
    meeting = find_meeting(headline.title, paragraphs, people, district, date)
    meetings = []
    if meeting:
        meeting.participants = participants(paragraphs, people)
        meetings.append(meeting)
    all_texts = [headline.text, *paragraphs]
    return ArticleRecord(
        headline=headline.text,
        kicker=headline.kicker,
        title=headline.title,
        subtitle=headline.subtitle,
        date=date,
        date_precision=precision,
        paragraphs=paragraphs,
        credits=byline.credits,
        photos=byline.photos,
        people=people,
        meetings=meetings,
        directives=find_directives(paragraphs, people, 0 if meetings else None),
        places=find_places(all_texts),
        terms=find_terms(all_texts),
        tags=suggest_tags(headline.title, paragraphs, exclude=_district_words(district)),
    )


def parse(text: str, issue_date: dt.date) -> ParsedBulletin:
    """Split a decoded page into articles and extract what each reports."""
    if not text or not text.strip():
        raise IngestError("没有可解析的文字")
    page = layout.split_page(text)
    warnings: list[str] = []
    if not page.recognised:
        warnings.append("未识别出文章结构（标题、电头“本报讯”），整页按一篇文章处理")
    elif not any(raw.has_dateline for raw in page.articles):
        warnings.append("未找到电头“本报讯”，按标题行切分文章")
    if page.preamble:
        # Text above the first headline (a page header, a note): keep it with article 1.
        page.articles[0].body[:0] = [(layout.TEXT, line) for line in page.preamble]
        warnings.append("第1篇标题前有未归属的文字，已并入第1篇正文开头")
    district = find_district(text.split("\n"))
    articles = [
        _article(raw, n, issue_date, district, warnings, page.recognised)
        for n, raw in enumerate(page.articles, 1)
    ]
    return ParsedBulletin(articles=articles, warnings=warnings)
