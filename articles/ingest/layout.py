"""Page layout: where each article starts, which lines are its headline, byline and body.

A bulletin page is a run of articles, each: headline (one to three lines), a dateline
paragraph opening with 本报讯, body paragraphs, a byline. Typesetting splits paragraphs
across columns, so a paragraph may be cut mid-sentence and continued after a single newline
or after blank lines; a paragraph is complete only when it ends with sentence-final
punctuation (。！？；…” etc.).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .byline import parse_byline
from .lexicon import SENTENCE_END

DATELINE_RE = re.compile(r"^[【\[]?本报(?:讯|消息)")
_MAX_HEADLINE_LINES = 3
_MAX_HEADLINE_LEN = 80  # a one-line 引题 + 主题 + 副题 is rarely longer
_MAX_FALLBACK_HEADLINE_LEN = 40
_HEADLINE_BAD_END = frozenset("。；;，,、：:")
_INNER_STOP_RE = re.compile(r"[。；;]")
_COMMAS_RE = re.compile(r"[，,、]")
# Page furniture printed above or below the articles: page number, date line, editors.
_FURNITURE_RE = re.compile(
    r"^(?:第[0-9一二三四五六七八九十]+版|.{0,20}星期[一二三四五六日天]|本版编辑|责任编辑|责编|美编|校对)"
)
_CAPTION_RE = re.compile(r"^(?:图为|图片|注[:：]|（|\()")

TEXT, BYLINE, DATELINE = "text", "byline", "dateline"


@dataclass
class RawArticle:
    headline_lines: list[str]
    body: list[tuple[str, str]] = field(default_factory=list)  # (kind, line) in page order
    has_dateline: bool = False


@dataclass
class Layout:
    articles: list[RawArticle]
    recognised: bool  # False: no headline/dateline structure found, the page is one article
    preamble: list[str] = field(default_factory=list)  # unattributed lines before article 1


def ends_sentence(line: str) -> bool:
    if not line:
        return True
    last = line[-1]
    # An ASCII full stop ends a sentence, except after a digit ("1." is an ordinal).
    return last in SENTENCE_END or (last == "." and not line[-2:-1].isdigit())


def _headline_like(line: str) -> bool:
    # A full stop inside the line makes it a sentence (or a last paragraph with its byline run
    # on), never a headline.
    return (
        bool(line)
        and len(line) <= _MAX_HEADLINE_LEN
        and line[-1] not in _HEADLINE_BAD_END
        and not _INNER_STOP_RE.search(line)
        and not _FURNITURE_RE.match(line)
    )


def _fallback_headline_like(line: str) -> bool:
    """Stricter test for pages without 本报讯: a short line that reads as a title."""
    return (
        _headline_like(line)
        and len(line) <= _MAX_FALLBACK_HEADLINE_LEN
        and len(_COMMAS_RE.findall(line)) <= 1
        and not _CAPTION_RE.match(line)
    )


def classify(lines: list[str]) -> list[str]:
    kinds = []
    for line in lines:
        if DATELINE_RE.match(line):
            kinds.append(DATELINE)
        elif parse_byline(line):
            kinds.append(BYLINE)
        else:
            kinds.append(TEXT)
    return kinds


def _dateline_start(lines: list[str], kinds: list[str], k: int, lower: int) -> tuple[int, int]:
    """Walk back from the dateline at k over the headline lines; returns (start, n_headline)."""
    j = k
    while j - 1 >= lower and kinds[j - 1] == BYLINE:  # a byline printed above the dateline
        j -= 1
    n = 0
    while (
        n < _MAX_HEADLINE_LINES
        and j - 1 >= lower
        and kinds[j - 1] == TEXT
        and _headline_like(lines[j - 1])
    ):
        j -= 1
        n += 1
    if n == 0:  # no headline: the bylines above belong to the previous article
        return k, 0
    return j, n


def _fallback_starts(lines: list[str], kinds: list[str], lo: int, hi: int) -> list[tuple[int, int]]:
    """Headline-led starts in lines[lo:hi]: short title line(s), then a body paragraph."""
    starts: list[tuple[int, int]] = []
    i = lo
    while i < hi:
        prev_closed = i == lo or kinds[i - 1] == BYLINE or ends_sentence(lines[i - 1])
        if kinds[i] != TEXT or not prev_closed:
            i += 1
            continue
        n = 0
        while (
            n < _MAX_HEADLINE_LINES
            and i + n < hi
            and kinds[i + n] == TEXT
            and _fallback_headline_like(lines[i + n])
        ):
            n += 1
        nxt = i + n
        body_follows = (
            n > 0
            and nxt < hi
            and kinds[nxt] != BYLINE
            and (ends_sentence(lines[nxt]) or len(lines[nxt]) >= _MAX_FALLBACK_HEADLINE_LEN)
            and not _fallback_headline_like(lines[nxt])
        )
        if body_follows:
            starts.append((i, n))
            i = nxt + 1
        else:
            i += max(n, 1)
    return starts


def split_page(text: str) -> Layout:
    # Indentation (two full-width spaces) and trailing blanks carry no meaning once lines are
    # split; blank lines only separate paragraphs, which mend() decides on punctuation.
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    kinds = classify(lines)

    starts: list[tuple[int, int]] = []
    lower = 0
    for k, kind in enumerate(kinds):
        if kind == DATELINE:
            start, n = _dateline_start(lines, kinds, k, lower)
            starts.append((start, n))
            lower = k + 1
    recognised = bool(starts)
    if starts:
        # Articles without 本报讯 may follow a byline (reprints, 简讯): split them off too.
        extra: list[tuple[int, int]] = []
        bounds = [s for s, _ in starts] + [len(lines)]
        for (s, n), end in zip(starts, bounds[1:], strict=True):
            for b in range(s + n, end):
                if kinds[b] == BYLINE and b + 1 < end and kinds[b + 1] == TEXT:
                    found = _fallback_starts(lines, kinds, b + 1, end)
                    if found and found[0][0] == b + 1:
                        extra.append(found[0])
        head = _fallback_starts(lines, kinds, 0, starts[0][0])
        starts = sorted(set(starts + extra + head))
    else:
        starts = _fallback_starts(lines, kinds, 0, len(lines))
        recognised = bool(starts)

    if not starts:
        pairs = zip(kinds, lines, strict=True)
        body = [(kind if kind == BYLINE else TEXT, line) for kind, line in pairs]
        return Layout([RawArticle([], body)], recognised=False)

    articles = []
    bounds = [s for s, _ in starts] + [len(lines)]
    for (s, n), end in zip(starts, bounds[1:], strict=True):
        body = [(kinds[i], lines[i]) for i in range(s + n, end)]
        # The dateline opens the body, after any byline printed under the headline.
        opening = next((kind for kind, _ in body if kind != BYLINE), None)
        has_dateline = opening == DATELINE
        articles.append(RawArticle(lines[s : s + n], body, has_dateline))
    return Layout(articles, recognised=recognised, preamble=lines[: starts[0][0]])


def mend(body: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Join page-break fragments into paragraphs; returns (paragraphs, byline lines).

    A line continues the previous paragraph when that paragraph does not end with
    sentence-final punctuation; a byline line always closes the paragraph before it.
    """
    parts: list[list[str]] = []  # the lines of each paragraph, joined at the end
    bylines: list[str] = []
    open_paragraph = False
    for kind, line in body:
        if kind == BYLINE:
            bylines.append(line)
            open_paragraph = False
        elif open_paragraph and kind != DATELINE and not ends_sentence(parts[-1][-1]):
            parts[-1].append(line)
        else:
            parts.append([line])
            open_paragraph = True
    return ["".join(p) for p in parts], bylines
