"""Meetings: name, organizer, participants and their roles; visits have none."""

from __future__ import annotations

import datetime as dt

import pytest

from articles.ingest.meetings import find_district, find_meeting, participants
from articles.ingest.people import find_people

DAY = dt.date(2023, 6, 15)


def _meeting(*paragraphs: str, title: str = "", district: str = "桐川区"):
    people = find_people([title, *paragraphs])
    meeting = find_meeting(title, list(paragraphs), people, district, DAY)
    if meeting:
        meeting.participants = participants(list(paragraphs), people)
    return meeting


def _roles(meeting) -> dict[str, list[str]]:
    return {p.name: p.roles for p in meeting.participants}


@pytest.mark.parametrize(
    ("paragraph", "name", "organizer"),
    [
        (
            "本报讯 近日,云湖区召开春耕生产工作推进会,贯彻落实上级部署。",
            "春耕生产工作推进会",
            "云湖区",
        ),
        (
            "本报讯 3月21日上午,云湖区委常委班子召开明川“8·16”山洪灾害整改落实"
            "专题组织生活会,查找问题根源。",
            "明川“8·16”山洪灾害整改落实专题组织生活会",
            "云湖区委常委班子",
        ),
        (  # no named meeting: the topic names it, the chair's district organises it
            "本报讯 3月15日,云湖区委书记、区长林思远主持召开会议"
            "研究全区春耕备耕农资保供工作,听取汇报。",
            "全区春耕备耕农资保供工作会议",
            "云湖区",
        ),
        (
            "本报讯 6月13日,区长周明远主持召开会议研究部署全区夏季防汛工作。",
            "全区夏季防汛工作会议",
            "桐川区",  # the position names no district: the paper's own
        ),
        (
            "本报讯 3月9日,桐川区第三届人大常委会召开第十次会议,审议报告。",
            "第十次会议",
            "桐川区第三届人大常委会",
        ),
        ("本报讯 3月6日,副市长韩志刚到桐川区调研,并召开座谈会,听取意见。", "座谈会", "桐川区"),
        ("本报讯 近日,区委召开常委会会议。区委书记陈立群主持会议。", "常委会会议", "区委"),
    ],
)
def test_meeting_name_and_organizer(paragraph: str, name: str, organizer: str) -> None:
    meeting = _meeting(paragraph)
    assert (meeting.name, meeting.organizer, meeting.date) == (name, organizer, DAY)


def test_meeting_from_the_title_when_the_body_does_not_name_it() -> None:
    meeting = _meeting("会上,区长周明远主持会议并讲话。", title="桐川区召开安全生产工作会议")
    assert meeting.name == "安全生产工作会议"


@pytest.mark.parametrize(
    "paragraphs",
    [
        [
            "本报讯 1月2日,区委书记陈立群到河西街道调研民生工作,先后来到枫林社区。",
            "陈立群强调,要保障民生。",
        ],
        ["本报讯 近日,白沙街道金桂社区开展志愿服务活动。"],
        ["本报讯 5月23日,青石社区举办消夏文艺晚会,辖区居民参加活动。"],  # an event, not a meeting
    ],
)
def test_visits_briefs_and_events_have_no_meeting(paragraphs: list[str]) -> None:
    assert _meeting(*paragraphs) is None


def test_roles() -> None:
    meeting = _meeting(
        "本报讯 12月28日,桐川区召开安全生产工作会议。区委副书记、区长周明远主持会议。"
        "区委书记陈立群出席会议并讲话。",
        "副区长刘建华、陈晓燕参加会议。区人大常委会主任许文涛、区政协主席黄振平列席会议。"
        "市应急管理局副局长邵东海到会指导。",
        "区委常委邓志宏、罗佩玲,区政协副主席钱文东参加会议。",  # one verb for both groups
        "市委常委韩志刚莅临指导,区委常委唐嘉伟陪同。",
    )
    assert _roles(meeting) == {
        "周明远": ["chair"],
        "陈立群": ["speaker", "attendee"],
        "刘建华": ["attendee"],
        "陈晓燕": ["attendee"],
        "许文涛": ["observer"],
        "黄振平": ["observer"],
        "邵东海": ["guest"],
        "邓志宏": ["attendee"],
        "罗佩玲": ["attendee"],
        "钱文东": ["attendee"],
        "韩志刚": ["guest"],
        "唐嘉伟": ["companion"],
    }


def test_chair_who_points_out_is_a_speaker_a_guest_who_comments_is_not() -> None:
    meeting = _meeting(
        "本报讯 3月15日,区长林思远主持召开会议研究春耕生产工作,在听取汇报后指出,粮食生产是大事。",
        "市督导组组长陶立新到会指导。陶立新在点评中指出,本次会议准备充分。",
    )
    assert _roles(meeting) == {"林思远": ["chair", "speaker"], "陶立新": ["guest"]}


def test_chair_whose_name_jieba_reads_as_a_verb() -> None:
    meeting = _meeting("本报讯 近日,桐川区召开春耕生产工作会议。区委书记付强主持会议并讲话。")
    assert _roles(meeting) == {"付强": ["chair", "speaker"]}


def test_companion_under_zai_is_only_the_names_after_it() -> None:
    meeting = _meeting("本报讯 近日,桐川区召开座谈会。市长李四在区长王一的陪同下出席会议。")
    assert _roles(meeting) == {"李四": ["attendee"], "王一": ["companion"]}


def test_speaker_forms() -> None:
    meeting = _meeting(
        "本报讯 近日,桐川区召开工作会议。区长周明远作工作报告,"
        "副区长郭明远作交流发言,副区长刘建华讲话。"
    )
    assert _roles(meeting) == {"周明远": ["speaker"], "郭明远": ["speaker"], "刘建华": ["speaker"]}


def test_district_is_the_most_frequent_org_district() -> None:
    texts = [
        "近日,云湖区召开会议。",
        "云湖区委书记张三",
        "全区上下",
        "桐川区委书记李四",
        "云湖区委常委班子",
    ]
    assert find_district(texts) == "云湖区"
    assert find_district(["全区上下要抓落实。"]) == ""
