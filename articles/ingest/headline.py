"""Headline parts: 引题 (kicker), 主题 (title), 副题 (subtitle).

In Chinese newspapers the 主题 states the news: an actor and what it did (云湖区召开……推进会,
全区稳步推进春耕生产). The 引题 before it and the 副题 after it are slogans or context
(压实责任 精准施策 决战春耕). A one-line headline separates its parts with spaces (ASCII or
U+3000); a slogan may itself contain spaces and commas, so the parts are found by scoring each
space-separated chunk (or each line of a multi-line headline) for "actor + event verb".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_EVENT_VERB_RE = re.compile(
    "召开|举行|举办|推进|部署|调研|督导|检查|走访|会见|慰问|看望|考察|视察|观摩|座谈|签约|揭牌|"
    "开工|审议|召集|主持|启动|表彰|开展|研究|学习|听取|通过|出台|印发|发布|成立|接待|出席|率队|"
    "带队|迎接|获评|荣获|入选|完成|实现|举措|当选|任命|宣讲|集中|签署"
)
# The 主题's subject: an organ, an area or an official (区委、街道、全区、区长……).
_ACTOR_RE = re.compile(
    "区|县|市|省|镇|乡|街道|社区|村|委|局|办|院|班子|政府|人大|政协|党组|支部|书记|区长|县长|市长|"
    "主任|部长|中心|公司|协会|学校|医院|代表|干部|党员|我区"
)
_EVENT_NOUN_END_RE = re.compile("(?:会|会议|活动|仪式|典礼|讲座|比赛|培训班)$")
_SUBTITLE_DASH_RE = re.compile(r"^[—―－-]{1,2}")
_WS_RE = re.compile(r"\s+")


@dataclass
class Headline:
    kicker: str
    title: str
    subtitle: str

    @property
    def text(self) -> str:
        return " ".join(part for part in (self.kicker, self.title, self.subtitle) if part)


def _score(unit: str) -> int:
    if _SUBTITLE_DASH_RE.match(unit):  # "——记……" is always a 副题
        return -10
    score = 0
    verb = _EVENT_VERB_RE.search(unit)
    if verb:
        score += 2
        if _ACTOR_RE.search(unit, 0, verb.start()):
            score += 3
    if _EVENT_NOUN_END_RE.search(unit):
        score += 1
    if "，" in unit or "," in unit:  # slogans are comma-separated clauses; titles rarely are
        score -= 2
    return score


def split_headline(lines: list[str]) -> Headline:
    lines = [_WS_RE.sub(" ", line).strip() for line in lines if line.strip()]
    if not lines:
        return Headline("", "", "")
    # Multi-line headlines keep each line whole (a kicker line may contain spaces); a one-line
    # headline is cut at its spaces.
    units = lines if len(lines) > 1 else lines[0].split(" ")
    if len(units) == 1:
        return Headline("", units[0], "")
    scores = [_score(unit) for unit in units]
    best = max(scores)
    if best > 0:
        t = scores.index(best)
    elif len(lines) == 1:
        return Headline("", lines[0], "")  # no clue where the title is: keep it whole
    else:
        candidates = [i for i, s in enumerate(scores) if s > -10] or [0]
        t = max(candidates, key=lambda i: len(units[i]))
    return Headline(" ".join(units[:t]), units[t], " ".join(units[t + 1 :]))
