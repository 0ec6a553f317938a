"""Places, quoted policy terms and suggested tags."""

from __future__ import annotations

import pytest

from articles.ingest.tags import STOP_WORDS, suggest_tags
from articles.ingest.terms import find_places, find_terms


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("对五里河湾、青石、柳溪等街道当前形势进行分析。", ["五里河湾", "青石", "柳溪"]),
        ("城关、河西、白沙等街道配合实施。", ["城关", "河西", "白沙"]),
        ("先后来到枫林社区、青石村,看望困难群众。", ["枫林", "青石"]),
        ("区委书记到河西街道调研。", ["河西"]),
        (
            "来到梧桐社区便民服务大厅、溪口村党群服务中心、紫荆村建设工地。",
            ["梧桐", "溪口", "紫荆"],
        ),
        ("白沙街道金桂社区开展活动。", ["白沙", "金桂"]),
        ("先后来到茶山村防汛物资仓库。", ["茶山"]),
        ("圃田乡党委书记、凤鸣镇镇长参加会议。", ["圃田", "凤鸣"]),
    ],
)
def test_places_without_their_suffix(text: str, places: list[str]) -> None:
    assert find_places([text]) == places


@pytest.mark.parametrize(
    "text",
    [
        "加强对街道的检查、指导、服务。",
        "推进城乡一体化,建设美丽乡村,发展新农村。",
        "区住房城乡建设局、市农业农村局负责同志参加。",
        "深入各社区、各村开展宣传。",
        "城镇老旧小区改造。",
    ],
)
def test_generic_words_are_not_places(text: str) -> None:
    assert find_places([text]) == []


def test_terms_in_order_each_once_without_quotes() -> None:
    text = (
        "实现“开门红”目标,坚持“早发现、早处置”,再次实现“开门红”,"
        "通过实现“小事不出村,大事不出镇”,制定“1+6”预案,落实“8·16”整改。"
    )
    assert find_terms([text]) == [
        "开门红",
        "早发现、早处置",
        "小事不出村,大事不出镇",
        "1+6",
        "8·16",
    ]


def test_reported_speech_is_not_a_term() -> None:
    text = "他说:“我们一定要把这件事办好,让群众满意。”会议提出“三个一批”。"
    assert find_terms([text]) == ["三个一批"]


def test_headline_terms_count() -> None:
    assert find_terms(["白沙街道开展“邻里守望”志愿服务活动", "活动以“邻里守望”为主题。"]) == [
        "邻里守望"
    ]


def test_tags_find_four_character_topics_and_skip_generic_words() -> None:
    paragraphs = [
        "会议强调,要统筹抓好森林防火和经济社会发展,全力推进节能减排。",
        "要落实森林防火各项措施,做好节能减排企业服务。森林防火不能松懈。",
    ]
    tags = suggest_tags("全区稳步推进节能减排", paragraphs)
    assert {"节能减排", "森林防火"} <= set(tags)
    assert len(tags) <= 5
    assert not set(tags) & STOP_WORDS
    assert all(len(t) >= 2 for t in tags)


def test_tags_exclude_given_words() -> None:
    paragraphs = ["梧桐区召开会议,梧桐区各街道参加。"] * 3
    assert "梧桐" in suggest_tags("梧桐区召开会议", paragraphs)
    tags = suggest_tags("梧桐区召开会议", paragraphs, exclude=frozenset({"梧桐", "桐区"}))
    assert "梧桐" not in tags and "桐区" not in tags


def test_tags_of_an_empty_article() -> None:
    assert suggest_tags("", []) == []
