"""Word lists and character classes of Chinese news writing shared by the parser modules.

Only data and tiny predicates live here; each rule that uses them sits in the module of its
concern (layout, byline, people, …).
"""

from __future__ import annotations

import re

# Han ideographs: URO, extension A, compatibility, and the supplementary planes (rare name
# characters such as 㛃 or 𬌗 appear in real bylines).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RE = re.compile(f"[{HAN}]")

# A paragraph that ends with one of these is complete; anything else before a line break is a
# page-break fragment (报纸排版 splits paragraphs across columns and pages mid-sentence).
SENTENCE_END = frozenset("。！？!?；;…”’」』：:）)")
# Sentence boundaries inside a paragraph (for "。要……" directive splits and dateline scans).
FULL_STOP = frozenset("。！？!?")
# Clause boundaries: the comma family, stops, colons and brackets; 、 joins list items and is
# deliberately not here.
CLAUSE_PUNCT = "，,。；;：:！？!?（）()【】《》\n"
CLAUSE_SPLIT_RE = re.compile(f"[{re.escape(CLAUSE_PUNCT)}\\s]+")

# Full-width digits are common in Word files typed with a Chinese IME.
DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# Chinese numerals used in dates and in ordinal markers (一是、第二、（三）).
CN_NUM = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
CN_NUM.update({"六": 6, "七": 7, "八": 8, "九": 9, "十": 10})


def first_char_guard(*words: str) -> str:
    """A lookahead on the first characters of ``words``: Python's re tries every branch of an
    alternation at every position, and this cheap class test skips most positions first."""
    chars = "".join(sorted({w[0] for w in words}))
    return f"(?=[{re.escape(chars)}])"


def cn_number(s: str) -> int | None:
    """Value of a small Chinese or Arabic numeral (一, 十二, 二十一, 12); None if not one."""
    s = s.translate(DIGITS)
    if s.isdigit():
        return int(s)
    if not s or any(ch not in CN_NUM for ch in s):
        return None
    if "十" not in s:
        return int("".join(str(CN_NUM[ch]) for ch in s)) if len(s) <= 2 else None
    tens, _, ones = s.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (CN_NUM[tens] if tens else 1) * 10 + (CN_NUM[ones] if ones else 0)


# 百家姓 and the common modern single-character surnames. Characters that are far more often
# function words at a name's position (原 "former", 代, 来, 会) are left out on purpose.
SURNAMES = frozenset(
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛"
    "奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康"
    "伍余元卜顾孟平黄和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵"
    "席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗"
    "丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫"
    "乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄"
    "印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴郁胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍卻璩桑桂"
    "濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘"
    "匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相"
    "查后荆红游竺权逯盖益桓公付闫邸赫佟覃岳帅仝郄冼揭练迟商牟衣栗菅续檀缑敬买佘寻阿银展达粟鹿"
    "阳黑过邝庹淡晋隋兰植麦占战修官丛矫苟仉逢闪贠郇鲜靖琚綦亢况郜肖涂芦苑"
)
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 独孤 南宫 "
    "西门 闻人 轩辕 呼延 万俟 澹台 公冶 太叔 申屠 钟离 百里 东郭".split()
)

# Words that end an official title in 职务 + 姓名 order (区委书记林思远, 第一副组长叶向前).
# The whole org + title phrase is the position; only its last word needs listing here.
TITLE_WORDS = (
    "书记 区长 县长 市长 省长 镇长 乡长 村长 主任 主席 部长 局长 组长 处长 科长 所长 队长 站长 "
    "校长 院长 检察长 庭长 行长 馆长 社长 会长 秘书长 常委 委员 董事长 总经理 经理 总监 政委 "
    "专员 调研员 巡视员 督导员 主编 总编辑 理事长 厂长 园长 团长 指导员 负责人 代表 成员 科员 "
    "工程师 教授 网格员 干事 主任医师 馆员"
).split()
TITLE_RE = re.compile("|".join(sorted(map(re.escape, TITLE_WORDS), key=len, reverse=True)))
TITLE_END_RE = re.compile(f"(?:{TITLE_RE.pattern})$")

# What may follow a name directly: verbs of participation and speech, 等, 同志, prepositions.
AFTER_NAME_WORDS = (
    "等 主持 讲话 参加 出席 列席 陪同 强调 指出 要求 表示 代表 在 到 赴 深入 先后 带队 一行 同志 "
    "率 就 为 对 向 与 和 及 同 一同 分别 实地 来到 前往 莅临 到会 也 还 并 首先 详细 认真 看望 "
    "慰问 宣读 通报 传达 介绍 作 会见 接待 调研 督导 检查 走访 察看 查看 听取 召开 带领 率领 "
    "围绕 结合 从 以 进行 提出 希望 说 参观 观摩 致辞 发言 汇报 点评 总结 部署 安排 宣布 颁发 "
    "上台 应邀 专程 轮流 依次 逐一 现场 亲切 一起 共同 同时 随后 主动 带头 按照 针对 于 是 的"
).split()
AFTER_NAME_RE = re.compile(
    "(?:" + "|".join(sorted(map(re.escape, AFTER_NAME_WORDS), key=len, reverse=True)) + ")"
)

# Frequent words that pass the surname test but are never names in this genre.
NOT_NAMES = frozenset(
    (
        "同时 随后 最后 首先 其次 此外 另外 会上 会议 全区 全体 各级 上下 双方 大家 我们 他们 并且 "
        "还要 同志 领导 干部 群众 企业 班子 成员 一行 相关 有关 分管 主要 全面 重要 重点 安全 发展 "
        "管理 宣传 文明 和谐 时间 时期 方面 高度 高质量 高标准 万人 万企 全力 全市 全省 全国 国家 "
        "党员 单位 部门 党委 常委 江山 水平 金融 应急 都要 要求 和平 明确 成效 任务 工作 通过 平安 "
        "包括 严格 严肃 认真 齐心 支持 支部 关于 关键 关心 东部 西部 南部 北部 向前 向上 能力 能够"
        " 申报 计划 项目 经济 强化 强调 左右 上级 文化 文件 方案 家庭"
    ).split()
)

# Spoken-register prefixes that precede a position phrase but are not part of it (时间状语、介词).
LEAD_JUNK = (
    r"\s|本报讯|本报消息|近日|日前|近期|当天|当日|今天|昨天|上午|下午|晚上|中午|随后|会上|会后|"
    r"同时|其间|期间|首先|最后|之后|此外|另外|以及|其中|包括|邀请|陪同|会同|带领|率领|跟随|"
    # One-character prepositions only before the usual first character of an org phrase, so that
    # 向阳街道 or 和平社区 keep their first character.
    r"[并也还由在与和及同对向经受请等是为](?=[区市县省镇乡街村副党第各])|"
    r"(?:[0-9０-９]{4}年)?[0-9０-９]{1,2}月[0-9０-９]{1,2}[日号](?:上午|下午|晚上|中午)?"
)
LEAD_JUNK_RE = re.compile(f"^(?:{LEAD_JUNK})+")


def strip_lead(s: str) -> str:
    """Drop leading time adverbials and prepositions (近日、在、由、5月15日上午)."""
    junk = LEAD_JUNK_RE.match(s)
    return s[junk.end() :] if junk else s


# First characters of everything LEAD_JUNK_RE strips: a clause opening with none of these and
# no surname cannot open with a name.
LEAD_FIRST_CHARS = frozenset(
    "本近日当今昨上下晚中随会同其期首最之此另以包邀陪带率跟并也还由在与和及对向经受请等是为"
    "0123456789０１２３４５６７８９ \t\u3000"
)
