"""Places (街道、乡镇、社区、村) and quoted policy terms (提法 such as “开门红”).

Places are stored without their suffix, as readers search for 柳溪 rather than 柳溪街道, and a
suffix after a 、-list applies to every item (对五里河湾、青石、柳溪等街道 -> three places).
Policy terms are the short strings news style puts in “…”; a long quotation with a full stop
is reported speech, not a term.
"""

from __future__ import annotations

import re

from .lexicon import HAN
from .people import mask_quotes

_QUOTE_RE = re.compile(r"“([^“”\n]{1,40})”|「([^「」\n]{1,40})」")
_MAX_TERM = 24
_SPEECH_RE = re.compile(r"[。！？!?]")
_WS_RE = re.compile(r"\s+")

# 城乡、乡村、农村、城镇 are words, not the end of a place name.
_SUFFIX_RE = re.compile(
    r"(?=[街社乡镇村])(?:街道办事处|街道|社区|(?<![城下还返])乡(?![村镇亲土下愁情音])"
    r"|(?<![城乡])镇(?![街])|(?<![农乡])村(?![民干级庄落务里口寨镇居]))"
)
# Matched against the reversed text: a "[…]+$" search would retry from every position.
_CLAUSE_HEAD_RE = re.compile(f"[{HAN}、]+")
# Where a place name cannot extend further back: determiners, prepositions and visit verbs
# (深入柳溪街道, 对各社区), and the suffixes themselves (柳溪街道紫东社区 -> 紫东).
_STOP_RE = re.compile(
    "深入|来到|前往|走进|走访|察看|查看|调研|督导|检查|慰问|看望|参观|观摩|实地|先后|分别|辖区|"
    "城乡|农村|乡村|下沉|包联|联系|重点|相关|有关|部分|老旧|示范|文明|和谐|平安|智慧|美丽|特色|"
    "基层|街道|社区|所在|周边|沿线|偏远|困难|试点|先进|新型|传统|行政|自然|多个|"
    "[各全本该个等的在到对和与及赴为从向了所由是驻进下入乡镇村]"
)
_GENERIC = frozenset("城中 新农 城镇 集镇 小镇 古镇 重镇 城市 农业 工业 新乡".split())
_MAX_PLACE = 6


def find_terms(texts: list[str]) -> list[str]:
    """Quoted terms in order of first use, each once, without the quotes."""
    terms: list[str] = []
    seen: set[str] = set()
    for text in texts:
        for match in _QUOTE_RE.finditer(text):
            term = (match.group(1) or match.group(2)).strip()
            key = _WS_RE.sub("", term)
            if not key or len(key) > _MAX_TERM or _SPEECH_RE.search(term) or key in seen:
                continue
            seen.add(key)
            terms.append(term)
    return terms


def _place_name(run: str) -> str:
    """The name at the end of a run of Han characters, cut after the last stop word."""
    cut = 0
    for stop in _STOP_RE.finditer(run):
        cut = stop.end()
    name = run[cut:][-_MAX_PLACE:]
    return name if len(name) >= 2 and name not in _GENERIC else ""


def _listed_places(clause: str) -> list[str]:
    """Places named before one suffix: "对五里河湾、青石、柳溪等" -> 五里河湾, 青石, 柳溪.

    The item next to the suffix may carry a verb or preposition (到东湖街道); then it is the
    only place. Otherwise earlier 、-items are places too as long as they are bare names; the
    list's first item may open with a preposition (对五里河湾).
    """
    items = clause.removesuffix("等").split("、")
    name = _place_name(items[-1])
    if not name:
        return []
    found = [name]
    if name != items[-1]:
        return found
    for k in range(len(items) - 2, -1, -1):
        item = items[k]
        name = _place_name(item)
        clean = name == item or (k == 0 and name and not _SUFFIX_RE.search(item))
        if not clean or _SUFFIX_RE.search(name):
            break
        found.insert(0, name)
    return found


def find_places(texts: list[str]) -> list[str]:
    """Places in order of first mention, each once, without the suffix."""
    places: list[str] = []
    for text in texts:
        masked = mask_quotes(text)
        for suffix in _SUFFIX_RE.finditer(masked):
            head = masked[max(0, suffix.start() - 60) : suffix.start()]
            clause = _CLAUSE_HEAD_RE.match(head[::-1])
            for name in _listed_places(clause.group()[::-1] if clause else ""):
                if name not in places:
                    places.append(name)
    return places
