"""Fictional personal names: a common surname and one or two given-name characters.

Names are drawn per page from character pools, so none is a real official's name except by
chance. Within one page no name equals or is a prefix of another (甲乙 vs 甲乙丙): a bulletin
that mentions both is legitimately ambiguous, and the ground truth must not depend on that.
"""

from __future__ import annotations

import itertools
import random

# Frequent modern surnames (roughly the top hundred of the national census list).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹孟熊秦邱江尹薛闫段雷侯龙史陶黎"
    "贺顾毛郝龚邵钱严覃武戴莫孔汤"
)
# Given-name characters in common use. 和 is kept (real names such as 军和 end with it)
# because a parser must cope with it; characters that are mostly grammatical words
# (等、在、与、及、为、到) are left out, as parents rarely choose them.
GIVEN = (
    "建华明国志伟红英秀兰芳丽军海涛鹏磊静敏晓文俊婷雪玉梅琳斌浩宇轩峰霞燕刚勇杰辉超健"
    "思远立新秋菊春玲德胜永光振东庆丰瑞云凯丹丹博佳欣怡子涵雨萱嘉豪铭泽晨阳荣桂珍凤"
    "慧颖倩洁兵卫宏伟家树林成彬毅诚少卿一鸣和"
)
# Characters that stand alone as a given name (王伟, 李静). Many two-character names are also
# ordinary words or place names (高阳, 苏林, 江云); that is real, so they are kept.
GIVEN_SINGLE = (
    "伟芳敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲丹萍鹏辉红斌宇浩凯健俊帆旭宁琳颖雪峰梅"
    "鑫波晨阳蕾婷莉欣悦琪倩洁兵毅诚彬林远云志建国东海"
)


def _invent(rng: random.Random) -> str:
    while True:
        if rng.random() < 0.25:
            given = rng.choice(GIVEN_SINGLE)
        else:
            given = rng.choice(GIVEN) + rng.choice(GIVEN)
        name = rng.choice(SURNAMES) + given
        # A given name repeating the surname's character (林思林) is legal but odd.
        if name[0] not in given:
            return name


class Cast:
    """The people of a whole archive: ``size`` distinct names, none a prefix of another,
    drawn with Zipf-like weights. A district paper names the same few leaders in most
    reports and most other people a handful of times; without a cast every page invents
    new names, and 100,000 articles would bring a quarter of a million people."""

    def __init__(self, rng: random.Random, size: int) -> None:
        names: list[str] = []
        taken: set[str] = set()
        prefixes: set[str] = set()
        while len(names) < size:
            name = _invent(rng)
            if name in taken or name in prefixes or name[:2] in taken:
                continue
            names.append(name)
            taken.add(name)
            prefixes.add(name[:2])
        self.names = names
        self._cumulative = list(itertools.accumulate(1 / (rank + 10) for rank in range(size)))

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.names, cum_weights=self._cumulative)[0]


class NameBook:
    """Hands out distinct names for one page, none a prefix of another: new ones, or drawn
    from a ``Cast`` when one is given."""

    def __init__(self, rng: random.Random, cast: Cast | None = None) -> None:
        self._rng = rng
        self._cast = cast
        self._used: set[str] = set()
        self._prefixes: set[str] = set()  # every proper prefix of a used name

    def _clashes(self, name: str) -> bool:
        if name in self._used or name in self._prefixes:
            return True
        return any(name[:i] in self._used for i in range(2, len(name)))

    def new(self) -> str:
        rng = self._rng
        while True:
            name = self._cast.draw(rng) if self._cast else _invent(rng)
            if self._clashes(name):
                continue
            self._used.add(name)
            self._prefixes.update(name[:i] for i in range(2, len(name)))
            return name

    def many(self, n: int) -> list[str]:
        return [self.new() for _ in range(n)]
