"""People named in an article and the positions it gives them.

News style writes 职务 before 姓名 (区委书记、区长林思远); several positions of one person are
joined by 、 and a position before a 、-list applies to each name (副区长刘建华、陈晓燕). A group
word such as 区领导 introduces names without being a position. Names are found only in these
contexts (after a position or group word, in a 、-list closed by 等/参加, or opening a clause
before a verb such as 强调), never by guessing from characters alone.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import (
    AFTER_NAME_RE,
    COMPOUND_SURNAMES,
    HAN,
    HAN_RE,
    LEAD_FIRST_CHARS,
    LEAD_JUNK,
    NOT_NAMES,
    SURNAMES,
    TITLE_END_RE,
    TITLE_RE,
    TITLE_WORDS,
    first_char_guard,
    strip_lead,
)
from .records import PersonMention

_QUOTED_RE = re.compile(r"“[^“”]*”|《[^《》]*》")
_CLAUSE_RE = re.compile(r"[^，,。；;：:！？!?（）()【】\s]+")
_ALL_HAN_RE = re.compile(f"[{HAN}]+")
# 区领导 / 市领导 / 区四大班子领导 / 领导同志: introduces names, is not a position.
_GROUP_RE = re.compile(
    r"(?:(?:省|市|区|县)级?|区四大班子|四大班子|相关|有关|(?:省|市|区|县)(?:委|政府))?领导(?:同志)?"
)
_ANCHOR_RE = re.compile(
    first_char_guard(*TITLE_WORDS, *"省市区县相有四领")
    + f"(?:(?P<group>{_GROUP_RE.pattern})|(?P<title>{TITLE_RE.pattern}))"
)
_COMPOUND_FIRST = frozenset(s[0] for s in COMPOUND_SURNAMES)
_MAY_OPEN_NAME = SURNAMES | _COMPOUND_FIRST | LEAD_FIRST_CHARS
# Characters that belong to org names, never to a person's name.
_ORG_CHARS = frozenset("区委局办部镇街县省厅处")
# jieba parts of speech (verbs, conjunctions, prepositions, particles, numerals, measure
# words, locatives, time words) that a name never has. Pronouns are not among them: jieba
# reads 何国 as "which country".
_NEVER_NAME_POS = ("v", "c", "p", "u", "m", "q", "f", "t")
# ……unless jieba has seen the word only a handful of times: its dictionary also lists rare
# entries, some of them names with a wrong tag (付强 v, 许栋 m), and a reading that rare is no
# evidence against a name after a position or 区领导.
_RARE_WORD_FREQ = 5
# Function words that follow a name and practically never end one: 王一等参加, 曾艳在讲话中,
# 王一的陪同下.
_NEVER_LAST = frozenset("等在的")
# A bare 、-list of names is people only when closed like an attendance list.
_LIST_CLOSE_RE = re.compile(
    r"^(?:等(?:同志|人|领导)?)?(?:参加|出席|列席|陪同|到会|莅临|一同|分别|先后)"
)
# A clause that opens with a name and one of these verbs names a person (王振东强调).
_OPENING_VERBS = (
    "强调|指出|要求|表示|主持|讲话|调研|带队|参加|出席|列席|陪同|代表|同志|一行|发言|致辞|作"
)
_OPENING_VERB_RE = re.compile(f"(?:在[^，,。]{{0,16}}?(?:中|上|时))?(?:{_OPENING_VERBS})")
_SURNAME = f"(?:{'|'.join(sorted(COMPOUND_SURNAMES))}|[{''.join(sorted(SURNAMES))}])"
# A clause opening, matched at the clause start in C: lead words, a surname and one or two
# characters, then the verb. name_at() then settles the name's length.
_OPENING_RE = re.compile(
    f"(?:{LEAD_JUNK})*(?P<name>{_SURNAME}[{HAN}]{{1,2}})"
    f"(?:在[^，,。]{{0,16}}?(?:中|上|时))?(?:{_OPENING_VERBS})"
)


@lru_cache(maxsize=1024)
def mask_quotes(text: str) -> str:
    """Blank out “quoted terms” and 《titles》 (same length) so no name is read inside them."""
    return _QUOTED_RE.sub(lambda m: m.group()[0] + "□" * (len(m.group()) - 2) + m.group()[-1], text)


@lru_cache(maxsize=4096)
def _dictionary_word(candidate: str) -> tuple[str, int]:
    """jieba's part of speech and frequency when it knows ``candidate`` as one word (管理 vn,
    石子 n), else ("", 0)."""
    import rjieba  # loaded on first use: its dictionary takes a moment to load

    if not rjieba.has_word(candidate):
        return "", 0
    tagged = rjieba.tag(candidate)
    if len(tagged) != 1:
        return "", 0
    # For a dictionary word suggest_freq is its frequency (plus one).
    return tagged[0][1], rjieba.suggest_freq(candidate)


def plausible_name(candidate: str, strict: bool = True) -> bool:
    """Could ``candidate`` be a person's name (surname + one or two given characters)?

    Dictionary words are never names when ``strict``; after a position or 区领导 (not strict)
    most may still be one (石子 n, 龙丹 ns, 严颖 a, 何远 d), verbs and function words may not
    unless the dictionary barely knows them (付强 v).
    """
    if not 2 <= len(candidate) <= 4:
        return False
    if candidate[:2] in COMPOUND_SURNAMES:
        if len(candidate) < 3:
            return False
    elif candidate[0] not in SURNAMES or len(candidate) > 3:
        return False
    if not _plausible_shape(candidate):
        return False
    pos, freq = _dictionary_word(candidate)
    if not pos or pos.startswith("nr"):
        return True
    if strict:
        return False
    return not pos.startswith(_NEVER_NAME_POS) or freq <= _RARE_WORD_FREQ


@lru_cache(maxsize=65536)
def _plausible_shape(candidate: str) -> bool:
    if not _ALL_HAN_RE.fullmatch(candidate):
        return False
    if candidate in NOT_NAMES or TITLE_RE.search(candidate) or _ORG_CHARS & set(candidate):
        return False
    verb = AFTER_NAME_RE.match(candidate)
    return not (verb and len(verb.group()) >= 2)  # 强调, 同时 … read as surname + given name


def _boundary_strength(s: str, j: int, end: int) -> int:
    """How clearly a name ends before s[j]: punctuation 9, a verb by its length, else 0."""
    if j >= end or not HAN_RE.match(s[j]):
        return 9
    word = AFTER_NAME_RE.match(s, j, end)
    return len(word.group()) if word else 0


def name_at(s: str, i: int, end: int, strict: bool = False) -> str | None:
    """The name starting at s[i] and ending before a boundary (punctuation or a verb).

    Of a two- and a three-character reading, the one followed by the clearer boundary wins:
    雷涵陪同 is 雷涵 + 陪同, 魏涛和列席 is 魏涛和 + 列席; 等, 在 and 的 never end a name.
    """
    if i >= end:
        return None
    if s[i : i + 2] in COMPOUND_SURNAMES:
        readings = [s[i : i + 4], s[i : i + 3]]
    else:
        readings = [s[i : i + 3], s[i : i + 2]]
    best, best_strength = None, 0
    for candidate in readings:
        j = i + len(candidate)
        if j > end or len(candidate) < 2:
            continue
        strength = _boundary_strength(s, j, end)
        if candidate[-1] in _NEVER_LAST:
            strength = 0
        if strength > best_strength and plausible_name(candidate, strict):
            best, best_strength = candidate, strength
    return best


def _item_end(s: str, i: int, end: int) -> int:
    k = s.find("、", i, end)
    return end if k < 0 else k


def _list_item_name(s: str, i: int, end: int, strict: bool = False) -> str | None:
    """A name that is a whole 、-item, or opens the last item (郭明远参加会议)."""
    item = s[i : _item_end(s, i, end)]
    if plausible_name(item, strict):
        return item
    return name_at(s, i, end, strict)


def _positions(original: str, masked: str) -> list[str]:
    """Split "区委书记、区长" into positions; items that are not titles (区领导) are dropped."""
    positions, start = [], 0
    for k in [*(i for i, ch in enumerate(masked) if ch == "、"), len(masked)]:
        item = strip_lead(original[start:k].strip().removeprefix("会议"))  # 会议由副区长X主持
        if len(item) >= 2 and TITLE_END_RE.search(item):
            positions.append(item)
        start = k + 1
    return positions


@dataclass
class _Hit:
    name: str
    positions: list[str]
    order: tuple[int, int]


class _Collector:
    def __init__(self) -> None:
        self.hits: list[_Hit] = []
        self.names: set[str] = set()

    def add(self, name: str, positions: list[str], order: tuple[int, int]) -> None:
        self.hits.append(_Hit(name, positions, order))
        self.names.add(name)

    def people(self) -> list[PersonMention]:
        by_name: dict[str, PersonMention] = {}
        for hit in sorted(self.hits, key=lambda h: h.order):
            person = by_name.setdefault(hit.name, PersonMention(hit.name))
            for position in hit.positions:
                # 云湖区委书记 and 区委书记 are one position written two ways.
                if not any(position in p or p in position for p in person.positions):
                    person.positions.append(position)
        return list(by_name.values())


def _scan_anchored(
    text: str, masked: str, cs: int, ce: int, anchors: list[re.Match[str]], t: int, out: _Collector
) -> list[tuple[int, int]]:
    """Names after a position or a group word, and the 、-lists that continue them."""
    consumed = []
    pos = cs
    for anchor in anchors:
        if anchor.start() < pos:
            continue
        name = name_at(masked, anchor.end(), ce)
        if not name:
            continue
        if anchor.group("title"):
            positions = _positions(text[pos : anchor.end()], masked[pos : anchor.end()])
        else:
            positions = []
        out.add(name, positions, (t, anchor.end()))
        j = anchor.end() + len(name)
        while j < ce and masked[j] == "、":
            nxt = _list_item_name(masked, j + 1, ce)
            if not nxt:
                break
            out.add(nxt, positions, (t, j + 1))
            j += 1 + len(nxt)
        consumed.append((anchor.start(), j))
        pos = j
    return consumed


def _scan_bare_lists(
    masked: str, cs: int, ce: int, t: int, known: set[str], out: _Collector
) -> None:
    """周明礼、韩秀英等参加会议: a 、-list of names closed like an attendance list."""
    i = cs
    while i < ce:
        first = i
        if i == cs:  # only the clause's first item can carry 近日、在 … before the name
            first = ce - len(strip_lead(masked[i:ce]))
        names: list[tuple[str, int]] = []
        j = first
        if first < ce and masked[first] not in SURNAMES and masked[first] not in _COMPOUND_FIRST:
            j = ce  # cannot open a name: skip to the next item
        while j < ce:
            name = _list_item_name(masked, j, ce, strict=True)
            if not name:
                break
            names.append((name, j))
            j += len(name)
            if j < ce and masked[j] == "、":
                j += 1
                continue
            break
        closed = bool(_LIST_CLOSE_RE.match(masked[j:ce]))
        if (len(names) >= 2 and closed) or (names and all(n in known for n, _ in names)):
            for name, offset in names:
                out.add(name, [], (t, offset))
        # Resume after this run (linear in the clause, however long the list).
        nxt = masked.find("、", max(j, i) if names else i, ce)
        i = ce if nxt < 0 else nxt + 1


def _add_opening(masked: str, opening: re.Match[str], ce: int, t: int, out: _Collector) -> None:
    """王振东强调 / 陶立新在点评中指出: a clause opening with a name and a speech verb."""
    start = opening.start("name")
    candidate = name_at(masked, start, ce, strict=True)
    if candidate and _OPENING_VERB_RE.match(masked, start + len(candidate), ce):
        out.add(candidate, [], (t, start))


def find_people(texts: list[str]) -> list[PersonMention]:
    """Everyone named in ``texts`` (title first, then paragraphs), in order of first mention."""
    out = _Collector()
    for t, text in enumerate(texts):
        masked = mask_quotes(text)
        # Anchors never span punctuation, so one pass over the paragraph serves every clause.
        anchors = list(_ANCHOR_RE.finditer(masked))
        anchor_starts = [m.start() for m in anchors]
        # A page has a few hundred clauses and most name nobody: keep this loop lean.
        for clause in _CLAUSE_RE.finditer(masked):
            cs, ce = clause.span()
            a = bisect_left(anchor_starts, cs)
            b = bisect_left(anchor_starts, ce, a)
            if b > a:
                consumed = _scan_anchored(text, masked, cs, ce, anchors[a:b], t, out)
                # Lists elsewhere in the clause: scan what the anchored pass left over.
                bounds = [cs] + [p for span in consumed for p in span] + [ce]
                for lo, hi in zip(bounds[::2], bounds[1::2], strict=True):
                    if masked.find("、", lo, hi) >= 0:
                        _scan_bare_lists(masked, lo, hi, t, out.names, out)
            elif masked.find("、", cs, ce) >= 0:  # only a 、-list names someone new here
                _scan_bare_lists(masked, cs, ce, t, out.names, out)
            if masked[cs] in _MAY_OPEN_NAME:
                opening = _OPENING_RE.match(masked, cs, ce)
                if opening:
                    _add_opening(masked, opening, ce, t, out)
    return out.people()


class NameFinder:
    """Finds any of ``names`` in a text as a regular expression of them, longest first,
    would (王一凡 before 王一), without compiling one for every article: compiling cost
    more than the searching (bench/ingest_speed.py)."""

    def __init__(self, names: list[str]):
        self.names = sorted(set(names), key=len, reverse=True)

    def __bool__(self) -> bool:
        return bool(self.names)

    def search(self, text: str) -> bool:
        return any(name in text for name in self.names)

    def findall(self, text: str) -> list[tuple[int, str]]:
        """(offset, name) of each match, left to right, never overlapping."""
        hits = []
        for name in self.names:
            at = text.find(name)
            while at >= 0:
                hits.append((at, -len(name), name))
                at = text.find(name, at + 1)
        hits.sort()
        found, end = [], 0
        for at, _, name in hits:
            if at >= end:
                found.append((at, name))
                end = at + len(name)
        return found
