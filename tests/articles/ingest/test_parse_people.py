"""People and their positions as written."""

from __future__ import annotations

import pytest

from articles.ingest.people import find_people, name_at, plausible_name


def _people(*texts: str) -> list[tuple[str, list[str]]]:
    return [(p.name, p.positions) for p in find_people(list(texts))]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("区委书记、区长林思远主持会议并讲话。", [("林思远", ["区委书记", "区长"])]),
        (
            "3月15日,云湖区委书记、区长林思远主持召开会议。",
            [("林思远", ["云湖区委书记", "区长"])],
        ),
        (  # a title before a 、-list applies to each name
            "副区长刘建华、陈晓燕、郭明远参加会议。",
            [("刘建华", ["副区长"]), ("陈晓燕", ["副区长"]), ("郭明远", ["副区长"])],
        ),
        (  # 区领导 is a group word, not a position
            "区领导周明礼、韩秀英、郑国和、巩雅芳等参加会议。",
            [("周明礼", []), ("韩秀英", []), ("郑国和", []), ("巩雅芳", [])],
        ),
        (  # the whole org + title phrase is the position, quotes included
            "市营商环境提升年活动领导小组第二督导组组长陶立新、市“8·16”整改落实监督检查组第一副组长叶向前等到会指导。",
            [
                ("陶立新", ["市营商环境提升年活动领导小组第二督导组组长"]),
                ("叶向前", ["市“8·16”整改落实监督检查组第一副组长"]),
            ],
        ),
        (
            "区人大常委会主任许文涛、区政协主席黄振平列席会议。",
            [("许文涛", ["区人大常委会主任"]), ("黄振平", ["区政协主席"])],
        ),
        (
            "区委书记陈立群,区委副书记、区长周明远陪同调研。",
            [("陈立群", ["区委书记"]), ("周明远", ["区委副书记", "区长"])],
        ),
        ("会议由副区长陈晓燕主持。", [("陈晓燕", ["副区长"])]),
        ("在区长王一的陪同下,市领导李四调研。", [("王一", ["区长"]), ("李四", [])]),
        (
            "周明礼、韩秀英等参加会议。",
            [("周明礼", []), ("韩秀英", [])],
        ),  # bare list, closed by 等参加
        ("王振东强调,要把师生安全放在首位。", [("王振东", [])]),
        ("曾艳在讲话中强调,要压实责任。", [("曾艳", [])]),  # 在 does not end a name
        ("区领导沈玲怡、雷涵陪同。", [("沈玲怡", []), ("雷涵", [])]),  # 雷涵 + 陪同
        ("区政协副主席魏涛和列席会议。", [("魏涛和", ["区政协副主席"])]),  # 和 ends this name
        ("区领导石子、龙丹参加会议。", [("石子", []), ("龙丹", [])]),  # names that are words
        ("区委书记王一和区长李二出席。", [("王一", ["区委书记"]), ("李二", ["区长"])]),
        ("区委书记陈立群同志指出,意义重大。", [("陈立群", ["区委书记"])]),
        ("区人大常委会副主任何国列席会议。", [("何国", ["区人大常委会副主任"])]),
        # jieba lists 付强 as a (rare) verb; after a position or 区领导 it is a name
        ("区委书记付强主持会议并讲话。", [("付强", ["区委书记"])]),
        (
            "区领导周明礼、付强、韩秀英等参加会议。",
            [("周明礼", []), ("付强", []), ("韩秀英", [])],
        ),
    ],
)
def test_people_and_positions(text: str, people: list) -> None:
    assert _people(text) == people


@pytest.mark.parametrize(
    "text",
    [
        "全面提升群众获得感、幸福感、安全感。",  # words after 、 that start with surnames
        "深入学习领会习近平总书记重要讲话精神。",  # 重要 after 书记 is not a name
        "区委书记强调,要压实责任。",  # 强调 is not a name
        "对五里河湾、青石、柳溪等街道当前安全生产形势进行分析。",  # places, not people
        "明川市某某建设有限公司承建该项目。",  # companies are not people
        "区委常委班子召开专题组织生活会。",
        "加强管理、宣传等工作。",
        "各街道、区直各部门主要负责同志,企业代表200余人参加会议。",
    ],
)
def test_not_people(text: str) -> None:
    assert _people(text) == []


def test_each_person_once_in_order_of_first_mention_with_all_positions() -> None:
    people = _people(
        "区委书记陈立群主持会议。",
        "区长周明远、区委书记陈立群出席。陈立群强调,要抓落实。",
        "区委常委、宣传部部长陈立群讲话。",  # a further position is added once
    )
    assert people == [("陈立群", ["区委书记", "区委常委", "宣传部部长"]), ("周明远", ["区长"])]


def test_name_reading_follows_the_clearest_boundary() -> None:
    assert name_at("林思远主持会议", 0, 7) == "林思远"
    assert name_at("王一在会上讲话", 0, 7) == "王一"
    assert name_at("王一等参加会议", 0, 7) == "王一"
    assert name_at("欧阳娜娜主持会议", 0, 8) == "欧阳娜娜"
    assert name_at("区委召开会议", 0, 6) is None


def test_plausible_names() -> None:
    assert plausible_name("林思远")
    assert not plausible_name("会议")  # 会 is not a surname
    assert not plausible_name("管理")  # an ordinary word
    assert not plausible_name("石子") and plausible_name("石子", strict=False)
    assert not plausible_name("强调", strict=False)  # a verb is never a name
    assert not plausible_name("付出", strict=False)  # …one jieba has seen often
    assert plausible_name("付强", strict=False) and not plausible_name("付强")  # a rare one
    assert not plausible_name("王区长")
