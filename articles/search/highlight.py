"""Mark query matches on the original characters (ts_headline cannot mark inside Chinese
text: research-chinese-search.md). Matching runs on the NFKC-normalised text, the same
text the index saw, and each match is mapped back to the characters the reader sees."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import HAN_RUN_RE, MAX_QUERY_CHARS, Query, normalise


@cache
def _folding() -> tuple[dict[int, str], re.Pattern[str]]:
    """What NFKC and lowercasing make of each character that they change, as a
    ``str.translate`` table, and a pattern of those that do not become one character
    (… becomes ..., ﬁ becomes fi). Built once, over the planes text comes from."""
    table: dict[int, str] = {}
    for code in (*range(0xD800), *range(0xE000, 0x30000)):
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char).lower()
        if folded != char:
            table[code] = folded
    uneven = "".join(re.escape(chr(code)) for code, f in table.items() if len(f) != 1)
    return table, re.compile(f"[{uneven}]")


@cache
def _into_han() -> re.Pattern[str]:
    """A character that NFKC or lowercasing turns into something holding a Han character:
    a Kangxi radical (⼔ is 水), a compatibility ideograph, an enclosed one (㊀ is 一)."""
    table, _ = _folding()
    codes = sorted(code for code, folded in table.items() if HAN_RUN_RE.search(folded))
    # As ranges of consecutive characters: sre tests a class's ranges beyond the BMP one
    # by one for every character, and there are hundreds of these characters there.
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    parts = [re.escape(chr(first)) + "-" + re.escape(chr(last)) for first, last in ranges]
    return re.compile(f"[{''.join(parts)}]")


def holds(text: str, query: Query) -> bool:
    """Whether ``normalise(text)`` matches every one of ``query.patterns``.

    Normalising costs about 9 µs for a directive (NFKC recomposes the whole text where
    full-width punctuation is in it), and a search page tested some 150 meetings and
    directives this way. For terms of Han characters only, whose patterns are the terms
    themselves, the text as it is decides first: a term found in it is in the normalised
    text too (no Han character changes or combines under NFKC), and one missing from it
    is missing there too unless some character of the text becomes a Han one."""
    if all(term.is_han for term in query.include):
        if all(term.text in text for term in query.include):
            return True
        if _into_han().search(text) is None:
            return False
    folded = normalise(text)
    return all(re.search(pattern, folded) for pattern in query.patterns)


def _normalised(text: str) -> tuple[str, list[int] | range]:
    """The normalised text (character by character) and, for each of its characters, the
    original index."""
    table, uneven = _folding()
    folded = text.translate(table)
    # No character folds to nothing (NFKC and lower() never drop one), so the same length
    # means every character stayed one: no need to look for those that do not, which took
    # longer than the folding (0.2 ms for a body of 2,500 characters).
    if len(folded) == len(text):
        return folded, range(len(text))
    origin: list[int] = []
    done = 0
    for match in uneven.finditer(text):
        at = match.start()
        origin.extend(range(done, at))
        origin.extend([at] * len(table[ord(text[at])]))
        done = at + 1
    origin.extend(range(done, len(text)))
    return folded, origin


def spans(text: str, patterns: list[str]) -> list[tuple[int, int]]:
    """Merged (start, end) character ranges of ``text`` that match any pattern."""
    if not patterns or not text:
        return []
    return _found(*_normalised(text), patterns)


def _found(folded: str, origin, patterns: list[str]) -> list[tuple[int, int]]:
    """``spans`` in text already folded, given each folded character's original index."""
    found = []
    for pattern in patterns:
        for match in re.finditer(pattern, folded):
            if match.end() > match.start():
                found.append((origin[match.start()], origin[match.end() - 1] + 1))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _marked(text: str, ranges: list[tuple[int, int]], offset: int = 0) -> str:
    out, cursor = [], offset
    for start, end in ranges:
        out.append(escape(text[cursor:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)


def highlight(text: str, patterns: list[str]) -> SafeString:
    """``text`` escaped, with every match in <mark>."""
    return mark_safe(_marked(text, spans(text, patterns)))  # escaped in _marked


# A body is read for its first match only: folding it runs str.translate's per-character
# lookup over thousands of characters (0.15-0.3 ms a body, a tenth of a search page's CPU
# for its twenty snippets), where the first match is mostly in the lead (two in three of
# the bench's snippets, within 900 characters). So a prefix is folded first, and the
# text after it, four times as much each time, only while no match leaves the window
# room in what is folded.
FIRST_PREFIX = 1024
# What a match can read past the window: a pattern matches at most a query's characters,
# and its look-ahead one more (text._pattern).
_MATCH_REACH = MAX_QUERY_CHARS + 1


def _window(text: str, patterns: list[str], width: int):
    """The text on one line, the window [start, end) around its first match, the matches
    (those before the window's end at least)."""
    text = " ".join(text.split())
    if not patterns:
        return text, 0, min(len(text), width), []
    if all(HAN_RUN_RE.fullmatch(pattern) for pattern in patterns):
        found = _literal_window(text, patterns, width)
        if found is not None:
            return found
    # Folding is character by character: the folded prefix is the prefix of the folded
    # text, and its matches that end before it does (reading nothing past it) are the
    # whole text's.
    parts: list[tuple[int, str, list[int] | range]] = []
    done, limit = 0, FIRST_PREFIX
    while True:
        folded, origin = _normalised(text[done:limit])
        parts.append((done, folded, origin))
        done = min(limit, len(text))
        ranges = _found(*_joined(parts), patterns)
        start = max(0, ranges[0][0] - width // 4) if ranges else 0
        end = min(len(text), start + width)
        if done == len(text) or (ranges and end + _MATCH_REACH <= done):
            return text, start, end, ranges
        limit *= 4


def _literal_window(text: str, terms: list[str], width: int):
    """``_window`` for patterns that are terms of Han characters, found where they are in
    the text as it is; None where that cannot decide.

    Folding is the cost of a snippet (60 µs for the first 1,024 characters, and a body
    whose match is only in its title was folded whole, 150 µs). For such terms the first
    match of the folded text is the first found in the text as it is, unless folding
    creates one that starts earlier: that one holds a character folding into a Han one
    (holds()), within a term's length of its start, so before ``first`` plus the longest
    term (大中国⼈ folds into 大中国人 before 中国 found as it is). So only the window's
    stretch is folded, for the matches to mark in it, and a text that holds none of the
    terms and nothing that folds into Han has no match."""
    found = [at for term in terms if (at := text.find(term)) >= 0]
    first = min(found, default=len(text))
    if _into_han().search(text, 0, first + max(map(len, terms))) is not None:
        return None
    if not found:
        return text, 0, min(len(text), width), []
    start = max(0, first - width // 4)
    end = min(len(text), start + width)
    # Every match that reaches into the window, and no other, starts and ends in here.
    low, high = max(0, start - _MATCH_REACH), min(len(text), end + _MATCH_REACH)
    ranges = _found(*_normalised(text[low:high]), terms)
    return text, start, end, [(low + s, low + e) for s, e in ranges]


def _joined(parts) -> tuple[str, list[int] | range]:
    """The folded text and origins of consecutive stretches of a text, folded apart."""
    folded = "".join(part for _, part, _ in parts)
    if all(isinstance(origin, range) for _, _, origin in parts):
        return folded, range(len(folded))  # every character stayed one
    joined: list[int] = []
    for offset, _, origin in parts:
        joined.extend([offset + at for at in origin])
    return folded, joined


def _ellipsis(text: str, start: int, end: int, inner: str) -> str:
    return ("…" if start else "") + inner + ("…" if end < len(text) else "")


def snippet(text: str, patterns: list[str], width: int = 120) -> SafeString:
    """About ``width`` characters of ``text`` around its first match, matches marked."""
    text, start, end, ranges = _window(text, patterns, width)
    window = [(max(s, start), min(e, end)) for s, e in ranges if s < end and e > start]
    return mark_safe(_ellipsis(text, start, end, _marked(text[:end], window, start)))


def plain_snippet(text: str, patterns: list[str], width: int = 120) -> str:
    """The same window as plain text, for JSON."""
    text, start, end, _ = _window(text, patterns, width)
    return _ellipsis(text, start, end, text[start:end])
