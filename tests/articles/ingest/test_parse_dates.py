"""Event dates from the dateline, resolved against the issue date."""

from __future__ import annotations

import datetime as dt

import pytest

from articles.ingest.dateline import event_date, resolve, strip_dateline
from articles.ingest.parse import parse

D = dt.date


@pytest.mark.parametrize(
    ("paragraph", "issue", "expected"),
    [
        ("本报讯 5月21日上午,区委召开会议。", D(2022, 5, 24), (D(2022, 5, 21), "day")),
        ("本报讯 12月28日,区委召开会议。", D(2023, 1, 3), (D(2022, 12, 28), "day")),
        ("本报讯 1月3日,区委召开会议。", D(2023, 1, 3), (D(2023, 1, 3), "day")),
        ("本报讯 2022年5月21日,区委召开会议。", D(2023, 1, 3), (D(2022, 5, 21), "day")),
        ("本报讯（记者 王一）5月21日，区委召开会议。", D(2022, 5, 24), (D(2022, 5, 21), "day")),
        ("本报讯 ５月２１日，区委召开会议。", D(2022, 5, 24), (D(2022, 5, 21), "day")),
        ("本报讯 五月二十一日，区委召开会议。", D(2022, 5, 24), (D(2022, 5, 21), "day")),
        ("本报讯 近日,区委召开会议。", D(2022, 5, 24), (D(2022, 5, 24), "approximate")),
        ("本报讯 日前,区委召开会议。", D(2022, 5, 24), (D(2022, 5, 24), "approximate")),
        (
            "本报讯 近日,区委召开5月20日会议精神传达会。",
            D(2022, 5, 24),
            (D(2022, 5, 24), "approximate"),
        ),
        ("本报讯 区委召开会议。", D(2022, 5, 24), (D(2022, 5, 24), "approximate")),
        ("本报讯 为推进工作,5月20日,区委召开会议。", D(2022, 5, 24), (D(2022, 5, 20), "day")),
        ("8月29日,桐川区启动专项整治。", D(2023, 9, 1), (D(2023, 8, 29), "day")),
        ("本报讯 2月30日,区委召开会议。", D(2022, 5, 24), (D(2022, 5, 24), "approximate")),
        ("本报讯 13月1日,区委召开会议。", D(2022, 5, 24), (D(2022, 5, 24), "approximate")),
    ],
)
def test_event_date(paragraph: str, issue: dt.date, expected: tuple) -> None:
    assert event_date(paragraph, issue) == expected


def test_february_29_goes_back_to_the_last_leap_year() -> None:
    assert resolve(2, 29, D(2023, 3, 1)) == D(2020, 2, 29)
    assert resolve(2, 29, D(2024, 2, 29)) == D(2024, 2, 29)


def test_strip_dateline() -> None:
    assert strip_dateline("本报讯 5月21日上午,区委召开会议。") == "区委召开会议。"
    assert strip_dateline("本报讯（记者 王一）近日，区委召开会议。") == "区委召开会议。"
    assert strip_dateline("区委召开会议。") == "区委召开会议。"


def test_approximate_date_and_future_date_warn() -> None:
    text = (
        "甲区召开会议\n\n本报讯 近日,甲区召开会议。\n\n记者 王一\n\n"
        "乙区召开会议\n\n本报讯 2030年5月1日,乙区召开会议。\n\n记者 王一"
    )
    parsed = parse(text, D(2023, 1, 3))
    assert parsed.articles[1].date == D(2030, 5, 1)  # an explicit year is kept as written
    assert any("未写明具体日期" in w and "甲区" in w for w in parsed.warnings)
    assert any("晚于出版日期" in w for w in parsed.warnings)
