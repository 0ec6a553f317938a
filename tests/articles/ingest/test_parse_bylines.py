"""Bylines: every form district papers print, and lines that only look like one."""

from __future__ import annotations

import datetime as dt

import pytest

from articles.ingest.byline import dateline_byline, parse_byline, split_tail_byline
from articles.ingest.parse import parse

R, C, P = "reporter", "correspondent", "photographer"


def _credits(line: str) -> tuple[list[tuple[str, str]], bool] | None:
    byline = parse_byline(line)
    return ([(c.name, c.role) for c in byline.credits], byline.photos) if byline else None


@pytest.mark.parametrize(
    ("line", "credits", "photos"),
    [
        ("记者 许文静", [("许文静", R)], False),
        ("通讯员 方晓 文/图", [("方晓", C)], True),
        ("记者 许文静 通讯员 方晓 文/图", [("许文静", R), ("方晓", C)], True),
        ("记者 林晓峰 郑雨欣", [("林晓峰", R), ("郑雨欣", R)], False),
        ("记者 郑雨欣、何家宁", [("郑雨欣", R), ("何家宁", R)], False),
        ("通讯员 苏一鸣 吕婷 文/图", [("苏一鸣", C), ("吕婷", C)], True),
        ("摄影 冯可欣", [("冯可欣", P)], True),
        ("图 冯可欣", [("冯可欣", P)], True),
        ("记者 郑雨欣 图 冯可欣", [("郑雨欣", R), ("冯可欣", P)], True),
        ("冯可欣 摄", [("冯可欣", P)], True),
        ("记者 冯可欣 摄", [("冯可欣", P)], True),
        ("文/图 通讯员 马嘉怡", [("马嘉怡", C)], True),
        ("文/图 马嘉怡", [("马嘉怡", R)], True),
        ("马嘉怡 文/图", [("马嘉怡", R)], True),
        ("记者王一 通讯员李二", [("王一", R), ("李二", C)], False),  # no space after labels
        ("本报记者 欧阳娜娜", [("欧阳娜娜", R)], False),  # compound surname, four characters
        ("（记者 何家宁）", [("何家宁", R)], False),
        ("记者：许文静　通讯员：方晓", [("许文静", R), ("方晓", C)], False),  # U+3000
        ("文／图 记者 许文静", [("许文静", R)], True),  # full-width slash
    ],
)
def test_byline_forms(line: str, credits: list, photos: bool) -> None:
    assert _credits(line) == (credits, photos)


@pytest.mark.parametrize(
    "line",
    [
        "记者 了解到",  # not a name (no surname): a sentence, never dropped
        "图为会议现场",
        "许文静",  # a bare name is not a byline
        "记者",
        "会议要求,记者 许文静",
        "记者 许文静 通讯员 方晓 文/图 " * 5,  # far too long for a byline
    ],
)
def test_lines_that_are_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


def test_run_on_byline_is_split_from_the_last_paragraph() -> None:
    text, byline = split_tail_byline("区领导唐岚、韩秀英参加会议。记者 许文静 通讯员 方晓")
    assert text == "区领导唐岚、韩秀英参加会议。"
    assert [(c.name, c.role) for c in byline.credits] == [("许文静", R), ("方晓", C)]


def test_bracketed_run_on_byline() -> None:
    text, byline = split_tail_byline("推动民生实事落地见效。(记者 何家宁)")
    assert text == "推动民生实事落地见效。"
    assert byline.credits[0].name == "何家宁"


def test_a_sentence_ending_like_a_label_is_not_split() -> None:
    paragraph = "会议邀请了记者。文明城市创建工作取得实效"
    assert split_tail_byline(paragraph) == (paragraph, None)


def test_dateline_credits() -> None:
    byline = dateline_byline("本报讯（记者 何家宁 通讯员 邱思远）12月30日,桐川区召开会议。")
    assert [(c.name, c.role) for c in byline.credits] == [("何家宁", R), ("邱思远", C)]
    assert dateline_byline("本报讯 12月30日,桐川区召开会议。") is None


def test_bylines_are_merged_once_and_removed_from_the_body() -> None:
    text = (
        "桐川区召开会议\n\n本报讯(记者 何家宁)12月30日,桐川区召开会议。"
        "副区长刘建华参加会议。记者 何家宁 通讯员 邱思远\n\n摄影 冯可欣"
    )
    article = parse(text, dt.date(2023, 1, 3)).articles[0]
    assert [(c.name, c.role) for c in article.credits] == [
        ("何家宁", R),
        ("邱思远", C),
        ("冯可欣", P),
    ]
    assert article.photos
    assert article.paragraphs == [
        "本报讯(记者 何家宁)12月30日,桐川区召开会议。副区长刘建华参加会议。"
    ]


def test_missing_byline_is_a_warning() -> None:
    parsed = parse("桐川区召开会议\n\n本报讯 12月30日,桐川区召开会议。", dt.date(2023, 1, 3))
    assert not parsed.articles[0].credits
    assert any("未找到署名" in w for w in parsed.warnings)
