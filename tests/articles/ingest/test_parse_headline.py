"""Headlines: 引题 / 主题 / 副题 on one line or several."""

from __future__ import annotations

import pytest

from articles.ingest.headline import split_headline


@pytest.mark.parametrize(
    ("lines", "parts"),
    [
        (
            ["压实责任 精准施策 决战春耕 云湖区召开春耕生产工作推进会 全力以赴夺取夏粮丰收"],
            (
                "压实责任 精准施策 决战春耕",
                "云湖区召开春耕生产工作推进会",
                "全力以赴夺取夏粮丰收",
            ),
        ),
        (
            ["对标先进、查找差距,以更高标准推动作风建设走深走实 区委常委班子召开专题组织生活会"],
            (
                "对标先进、查找差距,以更高标准推动作风建设走深走实",
                "区委常委班子召开专题组织生活会",
                "",
            ),
        ),
        (
            ["抓项目 促消费 稳就业 优环境 助力经济回升向好 全区稳步推进春耕生产"],
            ("抓项目 促消费 稳就业 优环境 助力经济回升向好", "全区稳步推进春耕生产", ""),
        ),
        (  # full-width spaces between the parts
            ["守住底线\u3000压实责任\u3000桐川区召开冬季消防安全工作推进会"],
            ("守住底线 压实责任", "桐川区召开冬季消防安全工作推进会", ""),
        ),
        (  # one part per line; a line may itself contain spaces
            ["守牢安全底线", "桐川区召开安全生产工作总结会", "压紧压实责任 确保辖区平安稳定"],
            ("守牢安全底线", "桐川区召开安全生产工作总结会", "压紧压实责任 确保辖区平安稳定"),
        ),
        (
            ["区委书记陈立群到河西街道调研民生工作", "——确保困难群众温暖过冬"],
            ("", "区委书记陈立群到河西街道调研民生工作", "——确保困难群众温暖过冬"),
        ),
        (
            ["抓项目、促发展，奋力实现“双过半”", "桐川区召开重点项目建设推进会"],
            ("抓项目、促发展，奋力实现“双过半”", "桐川区召开重点项目建设推进会", ""),
        ),
        (["秋季开学安全检查全面展开"], ("", "秋季开学安全检查全面展开", "")),
        (["春风送暖 情暖万家"], ("", "春风送暖 情暖万家", "")),  # no clue: keep it whole
        ([], ("", "", "")),
    ],
)
def test_headline_parts(lines: list[str], parts: tuple[str, str, str]) -> None:
    headline = split_headline(lines)
    assert (headline.kicker, headline.title, headline.subtitle) == parts
    assert headline.text == " ".join(p for p in parts if p)
