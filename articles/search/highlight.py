"""Mark query matches on the original characters (ts_headline cannot mark inside Chinese
text: research-chinese-search.md). Matching runs on the NFKC-normalised text, the same
text the index saw, and each match is mapped back to the characters the reader sees."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


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
    folded, origin = _normalised(text)
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


def _window(text: str, patterns: list[str], width: int):
    """The text on one line, the window [start, end) around its first match, the matches."""
    text = " ".join(text.split())
    ranges = spans(text, patterns)
    start = max(0, ranges[0][0] - width // 4) if ranges else 0
    end = min(len(text), start + width)
    return text, start, end, ranges


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
