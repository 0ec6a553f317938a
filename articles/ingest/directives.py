"""Directives (工作要求): what a meeting or an official asked for.

They follow a lead-in such as 会议强调、会议要求、针对下一步工作,会议要求 or a person's name
with 强调/指出/要求 (王振东强调). The conventional forms, of which the outermost one that
yields two or more items is taken (nested forms stay in the item text):

- ordinal enumerations: 一是……二是…… / 一要……二要…… / 第一,……第二,…… / （一）……（二）…… /
  paragraphs opening 一、 or 1.;
- heading-first paragraphs: 抓项目,要…… / 促消费,……;
- 要-paragraphs: each paragraph opening with 要, split again at each sentence that opens
  with 要 (……准备。要筑牢防火之基……) but not at "；要", which continues the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .lexicon import FULL_STOP, TITLE_RE, cn_number, strip_lead
from .people import mask_quotes
from .records import DirectiveRecord, PersonMention

_TRIGGER_RE = re.compile(r"(?=[强指要提明号])(?:强调|指出|要求|提出|明确|号召)[,，:：]")
_CLAUSE_BREAK = frozenset("，,。；;：:！？!?")
_CLAUSE_BREAK_RE = re.compile(f"[{re.escape(''.join(sorted(_CLAUSE_BREAK)))}]")
_SUBJECT_ADVERB_RE = re.compile(r"(?:还|同时|并|也|最后|进一步|再次|特别|一再|反复)+$")
_SUBJECT_SETTING_RE = re.compile(r"在[^，,。；;]{0,40}?(?:中|上|时|后|里|之际)$")
_PRONOUNS = frozenset("他 她".split())

_AFTER_STOP_YAO_RE = re.compile(f"[{''.join(sorted(FULL_STOP))}]要")
_HEADING_END_RE = re.compile(r"[。，,；;：:！？!?]")
_HEADING_FIRST_RE = re.compile(r"([^\s，,。；;：:、“”（）()]{2,8})[，,：:]")
_HEADING_STOP = frozenset(
    "会上 会后 同时 此外 另外 随后 最后 首先 其次 其中 目前 据悉 据了解 对此 为此 因此 "
    "总之 下一步 当前 今年 明年 去年 近年来 今年以来 一方面 另一方面 比如 例如 特别是 尤其是 "
    "总的来看".split()
)
_HEADING_BAD_END = frozenset("时后上中来外此是日年月前下里说看")
_HEADING_BAD_RE = re.compile(r"[0-9０-９]|会议|强调|指出|要求|表示|针对|围绕")

_NUM = "[一二三四五六七八九十]{1,2}"
_MARKERS = {
    "是": re.compile(f"({_NUM})是"),
    "要": re.compile(f"({_NUM})要(?!求)"),
    "第": re.compile(f"第({_NUM})[，,、：:]"),
    "括号": re.compile(f"[（(]({_NUM})[）)]"),
    "顿号": re.compile(f"({_NUM})、"),
    "数字": re.compile(r"([1-9][0-9]?)[.．、](?![0-9])"),
}
# Any "number one" marker at all: most paragraphs have none, and then need no closer look.
_FIRST_MARKER_RE = re.compile(r"一是|一要|第一|[（(]一[）)]")
_START_ONLY = frozenset(("顿号", "数字"))  # 一、 and 1. inside a sentence are not ordinals


@dataclass
class _Unit:
    para: int
    start: int
    end: int


@dataclass
class _Item:
    para: int
    start: int
    end: int
    heading: str


def _heading(text: str) -> str:
    text = text.lstrip()
    if text.startswith("要"):
        text = text[1:]
    cut = _HEADING_END_RE.search(text)
    return (text[: cut.start()] if cut else text).strip()


def _trigger_issuer(
    masked: str, verb: int, names: list[str], last_person: str | None
) -> tuple[bool, str | None]:
    """(is_trigger, issuer) for a 强调/指出/要求 at ``verb``: 会议 -> None, a person -> name."""
    start = verb
    while start > 0 and masked[start - 1] not in _CLAUSE_BREAK:
        start -= 1
    subject = _SUBJECT_ADVERB_RE.sub("", strip_lead(masked[start:verb]).strip())
    subject = _SUBJECT_ADVERB_RE.sub("", _SUBJECT_SETTING_RE.sub("", subject))
    if subject.endswith("会议") or subject in ("会上", "会议上"):
        return True, None
    if subject in _PRONOUNS:
        return last_person is not None, last_person
    for name in names:
        if subject.endswith(name):
            return True, name
    if not subject:
        # "周明远主持召开会议……,在听取……汇报后指出,": the sentence's subject speaks.
        sentence = start
        while sentence > 0 and masked[sentence - 1] not in FULL_STOP:
            sentence -= 1
        mentioned = [(masked.rfind(n, sentence, start), n) for n in names]
        position, name = max(mentioned, default=(-1, None))
        if position >= 0:
            return True, name
    return False, None


def _yao_starts(text: str, start: int, end: int) -> list[int]:
    """Offsets in [start, end) of sentences opening with 要."""
    starts = [start] if text.startswith("要", start, end) else []
    starts += [m.end() - 1 for m in _AFTER_STOP_YAO_RE.finditer(text, start, end)]
    return starts


def _yao_form(paras: list[str], units: list[_Unit]) -> list[_Item]:
    items: list[_Item] = []
    for n, unit in enumerate(units):
        text = paras[unit.para]
        starts = _yao_starts(text, unit.start, unit.end)
        # The lead-in's own paragraph may reach its first 要 mid-way; later ones must open with 要.
        if not starts or (n > 0 and starts[0] != unit.start):
            if n == 0 and len(units) > 1:
                continue
            break
        for a, b in zip(starts, [*starts[1:], unit.end], strict=True):
            items.append(_Item(unit.para, a, b, _heading(text[a:b])))
    return items


def _heading_first(paras: list[str], units: list[_Unit]) -> list[_Item]:
    items: list[_Item] = []
    for unit in units:
        text = paras[unit.para]
        match = _HEADING_FIRST_RE.match(text, unit.start, unit.end)
        heading = match.group(1) if match else ""
        if (
            not heading
            or heading.startswith("要")
            or heading in _HEADING_STOP
            or heading[-1] in _HEADING_BAD_END
            or _HEADING_BAD_RE.search(heading)
            or TITLE_RE.search(heading)  # "区委副书记王一," opens a sentence about a person
        ):
            break
        items.append(_Item(unit.para, unit.start, unit.end, heading))
    return items


def _marker_at(text: str, k: int, end: int, kinds: Iterable[str]) -> tuple[str, int, int] | None:
    """(kind, number, end) of an ordinal marker of one of ``kinds`` at text[k], else None."""
    for kind in kinds:
        match = _MARKERS[kind].match(text, k, end)
        if match:
            return kind, cn_number(match.group(1)) or 0, match.end()
    return None


def _ordinal(paras: list[str], units: list[_Unit], start_only: bool) -> list[_Item]:
    first = units[0]
    text = paras[first.para]
    found = None
    positions = [first.start]
    if not start_only and _FIRST_MARKER_RE.search(text, first.start, first.end):
        positions += [m.end() for m in _CLAUSE_BREAK_RE.finditer(text, first.start, first.end - 1)]
    for k in positions:
        kinds = _MARKERS if k == first.start else [m for m in _MARKERS if m not in _START_ONLY]
        marker = _marker_at(text, k, first.end, kinds)
        if marker and marker[1] == 1:
            found = (k, marker[0])
            break
    if found is None:
        return []
    k, kind = found
    starts: list[tuple[int, int]] = [(0, k)]  # (unit index, offset) of each item
    expected = 2
    while True:
        u, last = starts[-1]
        unit = units[u]
        text = paras[unit.para]
        nxt = None
        if kind not in _START_ONLY:  # the next number later in the same paragraph
            for brk in _CLAUSE_BREAK_RE.finditer(text, last, unit.end - 1):
                marker = _marker_at(text, brk.end(), unit.end, (kind,))
                if marker and marker[1] == expected:
                    nxt = (u, brk.end())
                    break
        if nxt is None and u + 1 < len(units):  # or opening the next paragraph
            following = units[u + 1]
            marker = _marker_at(paras[following.para], following.start, following.end, (kind,))
            if marker and marker[1] == expected:
                nxt = (u + 1, following.start)
        if nxt is None:
            break
        starts.append(nxt)
        expected += 1
    items = []
    for n, (u, a) in enumerate(starts):
        unit = units[u]
        b = starts[n + 1][1] if n + 1 < len(starts) and starts[n + 1][0] == u else unit.end
        text = paras[unit.para]
        while b > a and text[b - 1] in " \t；;，,":
            b -= 1
        marker = _marker_at(text, a, b, (kind,))
        items.append(_Item(unit.para, a, b, _heading(text[marker[2] if marker else a : b])))
    return items


def _structure(paras: list[str], units: list[_Unit]) -> list[_Item]:
    """The outermost directive structure in ``units`` (see the module docstring)."""
    for s in range(min(2, len(units))):
        for form in (lambda us: _ordinal(paras, us, True), lambda us: _heading_first(paras, us)):
            items = form(units[s:])
            if len(items) >= 2:
                return items
    yao = _yao_form(paras, units)
    if len(yao) >= 2:
        return yao
    nested = _ordinal(paras, units[:1], False)
    if len(nested) >= 2:
        return nested
    return yao


def find_directives(
    paragraphs: list[str], people: list[PersonMention], meeting: int | None
) -> list[DirectiveRecord]:
    """Directives in page order; ``meeting`` is the index they are attached to (or None)."""
    names = sorted((p.name for p in people), key=len, reverse=True)
    triggers: list[tuple[int, int, int, str | None]] = []  # para, verb start, body start, issuer
    last_person: str | None = None
    for p, paragraph in enumerate(paragraphs):
        masked = mask_quotes(paragraph)
        for match in _TRIGGER_RE.finditer(masked):
            # 他/她 refers to the person named last before the lead-in.
            mentioned = [(masked.rfind(n, 0, match.start()), n) for n in names]
            nearest = max(mentioned, default=(-1, None))
            ok, issuer = _trigger_issuer(
                masked, match.start(), names, nearest[1] if nearest[0] >= 0 else last_person
            )
            if ok:
                triggers.append((p, match.start(), match.end(), issuer))
        mentioned = [(masked.rfind(n), n) for n in names]
        nearest = max(mentioned, default=(-1, None))
        if nearest[0] >= 0:
            last_person = nearest[1]

    directives: list[DirectiveRecord] = []
    done = (-1, -1)
    for t, (p, verb, body, issuer) in enumerate(triggers):
        if (p, verb) < done:
            continue
        nxt = triggers[t + 1] if t + 1 < len(triggers) else None
        units: list[_Unit] = []
        if nxt and nxt[0] == p:  # another lead-in later in this paragraph ends this one
            units.append(_Unit(p, body, nxt[1]))
        else:
            units.append(_Unit(p, body, len(paragraphs[p])))
            last = nxt[0] if nxt else len(paragraphs)
            units += [_Unit(q, 0, len(paragraphs[q])) for q in range(p + 1, last)]
        units = [u for u in units if u.end > u.start]
        if not units:
            continue
        for item in _structure(paragraphs, units):
            text = paragraphs[item.para][item.start : item.end].strip()
            directives.append(DirectiveRecord(item.heading, text, meeting, issuer))
            done = max(done, (item.para, item.end))
    return directives
