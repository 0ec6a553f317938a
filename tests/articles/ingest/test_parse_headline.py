"""Headlines: 引题 / 主题 / 副题 on one line or several."""

from __future__ import annotations

import pytest

from articles.ingest.headline import split_headline


@pytest.mark.parametrize(
    ("lines", "parts"),
    [
        (
            [
                "夯实责任 严格管控 力求全胜 管城回族区召开疫情防控工作推进会"
                " 全力以赴筑牢疫情防控屏障"
            ],
            (
                "夯实责任 严格管控 力求全胜",
                "管城回族区召开疫情防控工作推进会",
                "全力以赴筑牢疫情防控屏障",
            ),
        ),
        (
            ["汲取教训、举一反三,在更高起点上打造本质安全城市 区委常委班子召开专题民主生活会"],
            (
                "汲取教训、举一反三,在更高起点上打造本质安全城市",
                "区委常委班子召开专题民主生活会",
                "",
            ),
        ),
        (
            ["强信心 稳存量 扩增量 优服务 助力企业纾困解难 全区稳步推进复工复产"],
            ("强信心 稳存量 扩增量 优服务 助力企业纾困解难", "全区稳步推进复工复产", ""),
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
