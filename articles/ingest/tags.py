"""Suggested topic tags: frequent content words of the title and body, by rjieba segmentation.

Editors confirm tags in the admin, so this only has to rank sensibly: nouns and verbal nouns
(森林, 防火), plus four-character compounds of two adjacent two-character words (森林防火,
节能减排) that recur, since jieba splits these 四字格 that readers know as one term. Words
every bulletin uses (会议, 工作, 全区, 推进, 要求……) are never tags.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from heapq import nlargest
from itertools import compress
from operator import and_, itemgetter

# Part-of-speech tags (jieba's ICTCLAS set) of words worth tagging: nouns, proper nouns, verbal
# nouns, organisations, idioms and abbreviations; compounds may also contain plain verbs (复工).
_CONTENT_POS = ("n", "nz", "vn", "nt", "l", "i", "j")
_COMPOUND_POS = ("n", "nz", "vn", "v", "an")
_NOT_CONTENT_POS = ("nr", "ns")  # people and place names have their own fields
TITLE_WEIGHT = 3
COMPOUND_BONUS = 1.5
_CANDIDATES = 20  # only the most frequent words are looked up for their part of speech

STOP_WORDS = frozenset(
    """
    会议 工作 全区 推进 要求 部署 发展 建设 问题 情况 领导 同志 精神 重点 全面 进一步 加强 落实
    推动 强化 坚持 确保 提升 开展 实现 做好 抓好 各级 区委 区政府 记者 通讯员 本报讯 区长 书记
    主任 相关 有关 部门 单位 能力 水平 体系 机制 措施 任务 目标 责任 意见 建议 时间 方面 区领导
    会上 会后 讲话 主持 参加 出席 指出 强调 安排 研究 召开 举行 活动 全市 全省 全国 我区 本区
    成员 班子 干部 群众 人员 同时 今年 去年 当前 下一步 近日 日前 上午 下午 成效 作用 基础 力度
    质量 工作者 负责同志 党委 政府 常委 代表 一线 过程 结果 环节 领域 行业 内容 形势 思想 作风
    服务 管理 组织 社会 经济 统筹 政策 制度 资源 平台 项目 企业 高质量 新发展 主动权 中央 全力
    信心 专题 重要 实际 具体 相关 持续 不断 切实 扎实 有效 积极 努力 各项 一批 全体 广大
    主持会议 出席会议 参加会议 列席会议 会议指出 会议强调 会议要求 今年以来 工作汇报 区委书记
    """.split()
)


@lru_cache(maxsize=8192)
def _pos(word: str) -> str:
    """jieba's part of speech of ``word`` when it is one dictionary word, else ""."""
    import rjieba

    tagged = rjieba.tag(word)
    return tagged[0][1] if len(tagged) == 1 else ""


def _content(word: str, kinds: tuple[str, ...]) -> bool:
    pos = _pos(word)
    return pos.startswith(kinds) and not pos.startswith(_NOT_CONTENT_POS)


@lru_cache(maxsize=64)
def _stop_words(exclude: frozenset[str]) -> frozenset[str]:
    return STOP_WORDS | exclude


def _usable_counts(tokens: list[str], stop: frozenset[str]) -> dict[str, int]:
    """Counts of the Han words of two or more characters that are not stop words; counting
    first (in C) leaves only the distinct words to filter. isalpha() and not isascii() keep Han
    words and drop numbers, punctuation and Latin."""
    # Single characters (punctuation, particles) are most tokens: drop them in C first. The
    # dict keeps first-seen order, so that ties rank the same on every run.
    longer = compress(tokens, map((1).__lt__, map(len, tokens)))
    return {
        w: n
        for w, n in Counter(longer).items()
        if w not in stop and w.isalpha() and not w.isascii()
    }


def suggest_tags(
    title: str, paragraphs: list[str], limit: int = 5, exclude: frozenset[str] = frozenset()
) -> list[str]:
    """Up to ``limit`` tags, best first; ``exclude`` holds extra stop words (the district)."""
    import rjieba  # loaded on first use: importing it loads a dictionary

    stop = _stop_words(exclude)
    body = rjieba.cut("\n".join(paragraphs))
    words = _usable_counts(body, stop)
    title_words = _usable_counts(rjieba.cut(title), stop) if title else {}
    for word, n in title_words.items():
        words[word] = words.get(word, 0) + n * TITLE_WEIGHT
    # A compound needs both halves at least twice in the body (or in the title).
    two = {w for w, n in words.items() if n >= 2 and len(w) == 2}
    # Positions where two such words meet, found with C-level map/compress: a Python loop
    # over every token would cost more than the segmentation itself.
    halves = list(map(two.__contains__, body))
    meets = compress(range(len(body) - 1), map(and_, halves, halves[1:]))
    compounds = Counter(body[i] + body[i + 1] for i in meets)
    scores: dict[str, float] = {}
    # Counter.most_common without copying the counts into a Counter first.
    for word, n in nlargest(_CANDIDATES, words.items(), key=itemgetter(1)):
        if _content(word, _CONTENT_POS):
            scores[word] = float(n)
    for compound, n in compounds.most_common(_CANDIDATES):
        first, second = compound[:2], compound[2:]
        n += title.count(compound) * TITLE_WEIGHT
        # A pair seen once is a coincidence of word order, not a term.
        if n >= 2 and _content(first, _COMPOUND_POS) and _content(second, _COMPOUND_POS):
            scores[compound] = max(scores.get(compound, 0.0), n * COMPOUND_BONUS)
    tags: list[str] = []
    halves: set[str] = set()  # of the compounds taken: 营商环境 rules out 优化营商, 环境大会
    for word, _score in sorted(scores.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0])):
        if any(word in tag or tag in word for tag in tags):
            continue
        if word in compounds and (word[:2] in halves or word[2:] in halves):
            continue
        if word in compounds:
            halves.update((word[:2], word[2:]))
        tags.append(word)
        if len(tags) == limit:
            break
    return tags
