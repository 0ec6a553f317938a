"""parse(): splitting a page into articles, mending page breaks, robustness on any text."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.ingest.parse import parse
from articles.ingest.records import IngestError
from tests.articles.ingest.conftest import check_text_kept

ISSUE = dt.date(2023, 6, 15)

TWO_ARTICLES = """\
桐川区召开安全生产工作推进会

本报讯 6月12日,桐川区召开安全生产工作推进会。区长周明远主持会议。

会议强调,要压实安全责任,抓好隐患整改。

记者 林晓峰

强服务 优环境 桐川区举行项目集中签约仪式

本报讯 近日,桐川区举行项目集中签约仪式,12个项目现场签约。

通讯员 苏一鸣
"""


def test_articles_start_at_headline_plus_dateline() -> None:
    parsed = parse(TWO_ARTICLES, ISSUE)
    assert [a.title for a in parsed.articles] == [
        "桐川区召开安全生产工作推进会",
        "桐川区举行项目集中签约仪式",
    ]
    assert parsed.articles[1].kicker == "强服务 优环境"
    assert parsed.articles[0].paragraphs[-1] == "会议强调,要压实安全责任,抓好隐患整改。"
    assert [c.name for c in parsed.articles[0].credits] == ["林晓峰"]
    assert [c.name for c in parsed.articles[1].credits] == ["苏一鸣"]


@pytest.mark.parametrize("gap", ["\n", "\n\n", "\n\n\n\n"])
def test_page_break_mid_sentence_is_mended(gap: str) -> None:
    text = f"标题召开会议\n\n本报讯 近日,会议要求坚持稳中求{gap}进、以进促稳。\n\n第二段。"
    paragraphs = parse(text, ISSUE).articles[0].paragraphs
    assert paragraphs == ["本报讯 近日,会议要求坚持稳中求进、以进促稳。", "第二段。"]


@pytest.mark.parametrize("end", ["。", "！", "？", "；", "…", "”", "：", ";"])
def test_a_finished_paragraph_is_not_joined(end: str) -> None:
    text = f"标题召开会议\n\n本报讯 近日,甲乙丙{end}\n丁戊己。"
    assert len(parse(text, ISSUE).articles[0].paragraphs) == 2


def test_a_byline_is_never_joined_to_a_fragment() -> None:
    text = "标题召开会议\n\n本报讯 近日,区领导韩秀英参加会议\n\n记者 许文静"
    article = parse(text, ISSUE).articles[0]
    assert article.paragraphs == ["本报讯 近日,区领导韩秀英参加会议"]
    assert [c.name for c in article.credits] == ["许文静"]


def test_previous_last_paragraph_with_run_on_byline_is_not_a_headline() -> None:
    text = (
        "甲区召开会议\n\n本报讯 近日,甲区召开会议。\n\n区领导唐岚参加会议。记者 许文静\n\n"
        "乙区召开会议\n\n本报讯 近日,乙区召开会议。"
    )
    parsed = parse(text, ISSUE)
    assert [a.headline for a in parsed.articles] == ["甲区召开会议", "乙区召开会议"]
    assert parsed.articles[0].paragraphs[-1] == "区领导唐岚参加会议。"


def test_byline_under_the_headline_belongs_to_its_article() -> None:
    text = (
        "甲区召开会议\n\n本报讯 近日,甲区召开会议。\n\n记者 王一\n\n"
        "桐川区召开动员大会\n\n本报记者 林晓峰\n\n本报讯 3月2日,桐川区召开动员大会。"
    )
    parsed = parse(text, ISSUE)
    assert [a.title for a in parsed.articles] == ["甲区召开会议", "桐川区召开动员大会"]
    assert [c.name for c in parsed.articles[1].credits] == ["林晓峰"]
    assert not any("本报讯" in w for w in parsed.warnings)


def test_dateline_without_headline_gets_a_title_and_a_warning() -> None:
    parsed = parse("本报讯 6月1日,桐川区召开防汛工作会议,部署汛期工作。", ISSUE)
    assert parsed.articles[0].title == "桐川区召开防汛工作会议"
    assert any("没有标题" in w for w in parsed.warnings)


def test_articles_without_dateline_are_split_at_title_lines() -> None:
    text = (
        "桐川区启动河道整治\n\n8月29日,桐川区启动河道专项整治,对12条河道开展清理。\n\n"
        "记者 林晓峰\n\n"
        "秋季开学检查展开\n\n近日,区教育局对全区学校开展开学安全检查,排查隐患30余处。"
    )
    parsed = parse(text, dt.date(2023, 9, 1))
    assert [a.title for a in parsed.articles] == ["桐川区启动河道整治", "秋季开学检查展开"]
    assert parsed.articles[0].date == dt.date(2023, 8, 29)
    assert any("本报讯" in w for w in parsed.warnings)


def test_article_without_dateline_after_a_byline_is_split_off() -> None:
    text = (
        "桐川区召开会议\n\n本报讯 6月1日,桐川区召开会议。\n\n记者 林晓峰\n\n"
        "简讯标题\n\n近日,白沙街道组织开展志愿服务活动,服务群众200余人次。"
    )
    assert [a.title for a in parse(text, ISSUE).articles] == ["桐川区召开会议", "简讯标题"]


def test_unstructured_text_is_one_article_with_a_warning() -> None:
    text = "这是一段没有标题也没有电头的文字,内容很长很长,足以超过三十个字的标题长度限制。第二句。"
    parsed = parse(text, ISSUE)
    assert len(parsed.articles) == 1
    article = parsed.articles[0]
    assert article.paragraphs == [text]
    assert 0 < len(article.title) <= 30
    assert text.startswith(article.title.rstrip("…"))
    assert any("未识别出文章结构" in w for w in parsed.warnings)


def test_text_above_the_first_headline_is_kept_with_a_warning() -> None:
    text = "第3版 要闻\n\n" + TWO_ARTICLES
    parsed = parse(text, ISSUE)
    assert parsed.articles[0].paragraphs[0] == "第3版 要闻"
    assert parsed.articles[0].date == dt.date(2023, 6, 12)  # still from the dateline
    assert any("标题前" in w for w in parsed.warnings)


@pytest.mark.parametrize("text", ["", " ", "\n\n\u3000\n"])
def test_nothing_to_parse_is_an_ingest_error(text: str) -> None:
    with pytest.raises(IngestError):
        parse(text, ISSUE)


# Characters bulletins are made of: Han, full-width and ASCII punctuation, digits, spaces.
_ALPHABET = st.sampled_from(
    list(
        "区委书记区长张王李陈会议强调要求指出召开主持参加列席陪同街道社区村镇乡等记者通讯员摄影文图"
    )
    + list("本报讯一二三是第（）()“”、，,。；;：:！？…/·《》0123456789 \u3000\n\t")
)
_FRAGMENTS = st.sampled_from(
    [
        "本报讯 3月11日上午,",
        "本报讯（记者 王一）近日，",
        "云湖区召开推进会",
        "区委书记、区长林思远主持会议并讲话。",
        "副区长刘建华、陈晓燕参加会议。",
        "会议强调,",
        "要提高站位、凝聚共识。",
        "一是",
        "；二是",
        "（一）",
        "抓项目,",
        "记者 许文静 通讯员 方晓 文/图",
        "对五里河湾、青石、柳溪等街道",
        "“开门红”",
        "\n",
        "\n\n",
        "。要",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(_ALPHABET, max_size=300), st.text(max_size=200)))
def test_any_text_parses_or_raises_ingest_error(text: str) -> None:
    try:
        parsed = parse(text, ISSUE)
    except IngestError:
        assert not text.strip()
        return
    assert parsed.articles
    assert all(article.title for article in parsed.articles)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_FRAGMENTS, min_size=1, max_size=40).map("".join))
def test_bulletin_like_text_keeps_its_text(text: str) -> None:
    if not text.strip():
        return
    check_text_kept(text, parse(text, ISSUE))
