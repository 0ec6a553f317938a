"""bulletin_json(): the per-bulletin object of `ingest --dry-run --json`."""

from __future__ import annotations

import datetime as dt
import json

from articles.ingest.jsonout import bulletin_json
from articles.ingest.parse import parse
from articles.ingest.records import ArticleRecord, MeetingRecord, ParsedBulletin

PAGE = (
    "桐川区召开安全生产工作推进会\n\n本报讯 6月12日,桐川区召开安全生产工作推进会。"
    "区长周明远主持会议。会议强调,要压实安全责任。\n\n记者 林晓峰 文/图"
)


def test_bulletin_object_has_the_documented_keys_and_json_types() -> None:
    parsed = parse(PAGE, dt.date(2023, 6, 15))
    out = bulletin_json(
        "page.txt", "ab" * 32, "utf-8", dt.date(2023, 6, 15), parsed, ["未指定 --date"]
    )
    assert json.loads(json.dumps(out, ensure_ascii=False)) == out  # plain JSON values only
    assert list(out) == ["source", "sha256", "encoding", "issue_date", "articles", "warnings"]
    assert out["issue_date"] == "2023-06-15"
    article = out["articles"][0]
    assert list(article) == [
        "headline", "kicker", "title", "subtitle", "date", "date_precision", "paragraphs",
        "credits", "photos", "people", "meetings", "directives", "places", "terms", "tags",
    ]  # fmt: skip
    assert article["date"] == "2023-06-12"
    assert article["credits"] == [{"name": "林晓峰", "role": "reporter"}]
    assert article["people"] == [{"name": "周明远", "positions": ["区长"]}]
    assert article["meetings"][0]["date"] == "2023-06-12"
    assert article["meetings"][0]["participants"] == [{"name": "周明远", "roles": ["chair"]}]
    assert article["directives"] == [
        {"heading": "压实安全责任", "text": "要压实安全责任。", "meeting": 0, "issuer": None}
    ]


def test_caller_warnings_come_first_and_each_once() -> None:
    parsed = ParsedBulletin(articles=[], warnings=["解析警告", "共同警告"])
    out = bulletin_json(
        "x", "0" * 64, "gb18030", dt.date(2023, 1, 3), parsed, ["共同警告", "命令警告"]
    )
    assert out["warnings"] == ["共同警告", "命令警告", "解析警告"]


def test_missing_meeting_date_is_null() -> None:
    article = ArticleRecord(
        headline="标题", kicker="", title="标题", subtitle="", date=dt.date(2023, 1, 3),
        date_precision="approximate", paragraphs=["正文。"],
        meetings=[MeetingRecord(name="会议", organizer="", date=None)],
    )  # fmt: skip
    out = bulletin_json("x", "0" * 64, "text", dt.date(2023, 1, 3), ParsedBulletin([article]), [])
    assert out["articles"][0]["meetings"][0]["date"] is None
