"""The event date from the dateline (电头): ``本报讯 3月11日上午,`` or ``本报讯 近日,``.

A bulletin names the month and day of the event and leaves the year implied: it is the latest
such date not after the issue date (12月28日 in a 2023-01-03 issue is 2022-12-28). 近日、日前
and a missing date give the issue date, marked approximate.
"""

from __future__ import annotations

import datetime as dt
import re

from .lexicon import DIGITS, FULL_STOP, cn_number

DAY, APPROXIMATE = "day", "approximate"

_NUM = r"[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}"
_DATE_RE = re.compile(
    rf"(?:(?P<y>[0-9０-９]{{4}}|[〇零一二三四五六七八九]{{4}})年)?(?P<m>{_NUM})月(?P<d>{_NUM})[日号]"
)
_APPROX_RE = re.compile(r"(?=[近日最连前])(?:近日|日前|近期|最近|连日来|近段时间|前不久|近来)")
_DATELINE_HEAD_RE = re.compile(
    r"^[【\[]?本报(?:讯|消息)[】\]]?\s*(?:[（(][^）)]{0,40}[）)])?[\s,，:：]*"
)
_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_LOOKBACK_YEARS = 8  # enough to find a 2月29日


def _first_sentence(paragraph: str) -> str:
    for i, ch in enumerate(paragraph):
        if ch in FULL_STOP:
            return paragraph[:i]
    return paragraph


def resolve(month: int, day: int, issue_date: dt.date, year: int | None = None) -> dt.date | None:
    """The date a month-day refers to in an issue of ``issue_date``; None if no such date."""
    if year is not None:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    for y in range(issue_date.year, issue_date.year - _LOOKBACK_YEARS, -1):
        try:
            candidate = dt.date(y, month, day)
        except ValueError:
            continue
        if candidate <= issue_date:
            return candidate
    return None


_LEAD_DATE_RE = re.compile(
    rf"^(?:{_DATE_RE.pattern}|{_APPROX_RE.pattern})(?:上午|下午|晚上|中午|晚|以来)?[\s,，]*"
)


def strip_dateline(paragraph: str) -> str:
    """The paragraph after its dateline: "本报讯 3月11日上午,区委……" -> "区委……"."""
    head = _DATELINE_HEAD_RE.match(paragraph)
    rest = paragraph[head.end() :] if head else paragraph
    return _LEAD_DATE_RE.sub("", rest, count=1)


def event_date(first_paragraph: str, issue_date: dt.date) -> tuple[dt.date, str]:
    """(date, precision) of the event reported in an article opening with ``first_paragraph``."""
    head = _DATELINE_HEAD_RE.match(first_paragraph)
    rest = first_paragraph[head.end() :] if head else first_paragraph
    sentence = _first_sentence(rest)
    approx = _APPROX_RE.search(sentence)
    date = _DATE_RE.search(sentence)
    # "本报讯 近日,……于5月20日……" dates the report, not the event: the word that opens the
    # dateline wins.
    if date and approx and approx.start() < date.start():
        date = None
    if date:
        month, day = cn_number(date.group("m")), cn_number(date.group("d"))
        year_text = date.group("y")
        year = int(year_text.translate(DIGITS).translate(_YEAR_DIGITS)) if year_text else None
        if month and day:
            resolved = resolve(month, day, issue_date, year)
            if resolved:
                return resolved, DAY
    return issue_date, APPROXIMATE
