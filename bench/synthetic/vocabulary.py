"""Varied news prose for the search benchmark: pseudo-words with a Zipf distribution.

The bulletin generator's phrasing comes from a few dozen template clauses, so almost any
two characters of its text are in most articles (72% in a 100,000-article archive), which
real archives are not. Here a lexicon of tens of thousands of invented words (two to four
Han characters) is drawn from with Zipf-like frequencies, as words are in real text: the
commonest few are in nearly every article, a few hundred are in a few percent of them,
and most are rare. Search latency depends on how many articles a query matches, so the
benchmark adds such prose to each article to get a realistic spread.
"""

from __future__ import annotations

import bisect
import itertools
import random

# Characters that words are made of: frequent Han characters of news prose (our own
# choice, a few hundred), so that pseudo-words share characters as real words do.
CHARACTERS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也"
    "能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实"
    "加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样"
    "与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情"
    "者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级"
    "少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研质信"
    "护服务保障安全环境治理城乡村镇街道社区企业项目投资市场消费就创新科技教育卫健康养老住房交"
    "通生态文化旅游农业粮食水利防汛应急消防食品药品监管营商审批改革开放合作招商产业园区制造数"
    "字经济金融财政税收民生医疗疫情救助慈善志愿宣传网络平台标准质量品牌物流港口铁路公路桥梁隧"
    "污染排放节能绿色低碳森林湿地河湖垃圾分类整治提升改造更新规划用地征收拆迁补偿安置纠纷调解"
)
DISTINCT = "".join(dict.fromkeys(CHARACTERS))
# And less frequent ones: real prose uses some 3,500 characters regularly.
OTHERS = 3000
PARTICLES = ("的", "和", "与", "及", "在", "对", "把", "将", "为", "以")


class Lexicon:
    """``size`` distinct pseudo-words; ``word`` draws one with probability ~ 1 / rank."""

    def __init__(self, rng: random.Random, size: int = 40_000):
        others = [chr(code) for code in rng.sample(range(0x4E00, 0x9FA6), OTHERS)]
        words: dict[str, None] = {}
        while len(words) < size:
            length = rng.choices((2, 3, 4), weights=(6, 3, 1))[0]
            pool = DISTINCT if rng.random() < 0.5 else others
            words["".join(rng.choice(pool) for _ in range(length))] = None
        self.words = list(words)
        self.cumulative = list(itertools.accumulate(1 / rank for rank in range(1, size + 1)))

    def word(self, rng: random.Random) -> str:
        at = rng.random() * self.cumulative[-1]
        return self.words[bisect.bisect_left(self.cumulative, at)]

    def sentence(self, rng: random.Random) -> str:
        parts = []
        for _ in range(rng.randint(5, 10)):
            parts.append(self.word(rng))
            if rng.random() < 0.4:
                parts.append(rng.choice(PARTICLES))
            elif rng.random() < 0.15:
                parts.append("，")
        return "".join(parts).strip("，") + "。"

    def paragraph(self, rng: random.Random, chars: int) -> str:
        text = ""
        while len(text) < chars:
            text += self.sentence(rng)
        return text
