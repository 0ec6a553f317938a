"""Directives in every conventional form; the outermost structure with two or more items wins."""

from __future__ import annotations

import pytest

from articles.ingest.directives import find_directives
from articles.ingest.people import find_people


def _directives(*paragraphs: str, meeting: int | None = 0) -> list[tuple[str, str, str | None]]:
    people = find_people(list(paragraphs))
    return [
        (d.heading, d.text, d.issuer) for d in find_directives(list(paragraphs), people, meeting)
    ]


def test_yao_paragraphs_after_huiyi_qiangdiao() -> None:
    assert _directives(
        "会议强调,要提高站位、凝聚共识。全区上下要坚持稳中求进不动摇。",
        "要聚焦目标、奋勇争先。坚持结果导向;要细化任务分工,压实责任。",
        "区领导周明礼参加会议。",
    ) == [
        ("提高站位、凝聚共识", "要提高站位、凝聚共识。全区上下要坚持稳中求进不动摇。", None),
        (
            "聚焦目标、奋勇争先",
            "要聚焦目标、奋勇争先。坚持结果导向;要细化任务分工,压实责任。",
            None,
        ),
    ]


def test_first_directive_mid_paragraph_and_split_at_sentence_yao() -> None:
    assert [
        h
        for h, _, _ in _directives(
            "会议强调,抓好春季防火是当前首要任务。要强化责任落实,统筹好人防与技防。",
            "要提升应急能力,以实战标准做足准备。要筑牢防火之基,推进隐患整治。",
        )
    ] == ["强化责任落实", "提升应急能力", "筑牢防火之基"]


def test_heading_first_paragraphs() -> None:
    result = _directives(
        "针对下一步工作,会议要求,抓项目,要用足用好各类要素保障。",
        "促消费,要坚持活动不断档。要梳理惠企政策。",
        "稳就业,围绕重点群体加大帮扶力度。",
        "区领导唐岚参加会议。",
    )
    assert [h for h, _, _ in result] == ["抓项目", "促消费", "稳就业"]
    assert result[1][1] == "促消费,要坚持活动不断档。要梳理惠企政策。"  # nested 要 stays inside


@pytest.mark.parametrize(
    "paragraph",
    [
        "会议要求,一是要紧盯重点场所,开展检查;二是要夯实基层基础,推动融合;三是要强化宣传引导。",
        "会议要求：一要紧盯重点场所，开展检查；二要夯实基层基础，推动融合；三要强化宣传引导。",
    ],
)
def test_ordinals_in_one_paragraph(paragraph: str) -> None:
    result = _directives(paragraph)
    assert [h for h, _, _ in result] == ["紧盯重点场所", "夯实基层基础", "强化宣传引导"]
    assert result[0][1].startswith("一") and not result[0][1].endswith(("；", ";"))


@pytest.mark.parametrize(
    "markers",
    [
        ("第一，", "第二，", "第三，"),
        ("（一）", "（二）", "（三）"),
        ("(一)", "(二)", "(三)"),
        ("一、", "二、", "三、"),
        ("1.", "2.", "3."),
        ("一是", "二是", "三是"),
    ],
)
def test_ordinal_paragraphs(markers: tuple[str, str, str]) -> None:
    paragraphs = [
        "会议强调：",
        f"{markers[0]}盯紧时间节点。倒排工期。",
        f"{markers[1]}强化要素保障。要对接上级部门。",
        f"{markers[2]}优化营商环境。推行“拿地即开工”。",
        "区领导孟凡超参加会议。",
    ]
    result = _directives(*paragraphs)
    assert [h for h, _, _ in result] == ["盯紧时间节点", "强化要素保障", "优化营商环境"]
    assert [t for _, t, _ in result] == paragraphs[1:4]


def test_ordinals_inside_a_yao_paragraph_stay_nested() -> None:
    result = _directives(
        "会议强调,要抓好三项工作:一是抓项目;二是抓招商。",
        "要加强组织领导,压实各方责任。",
    )
    assert [h for h, _, _ in result] == ["抓好三项工作", "加强组织领导"]


def test_a_single_yao_paragraph_with_ordinals_gives_the_ordinals() -> None:
    result = _directives("会议要求,要抓好三项工作:一是抓项目;二是抓招商;三是抓服务。")
    assert [h for h, _, _ in result] == ["抓项目", "抓招商", "抓服务"]


def test_person_issuer_and_no_meeting() -> None:
    result = _directives(
        "本报讯 近日,副区长王振东带队检查开学准备工作。",
        "王振东强调,要把师生安全放在首位。要加强周边交通整治。",
        meeting=None,
    )
    assert result == [
        ("把师生安全放在首位", "要把师生安全放在首位。", "王振东"),
        ("加强周边交通整治", "要加强周边交通整治。", "王振东"),
    ]


def test_pronoun_and_sentence_subject_issuers() -> None:
    assert {i for _, _, i in _directives("区委书记陈立群到河西街道调研。他强调,要保障民生。")} == {
        "陈立群"
    }
    assert {
        i
        for _, _, i in _directives(
            "区长周明远主持召开会议研究防汛工作,在听取汇报后指出,形势严峻。一要加强预警;二要排查隐患。"
        )
    } == {"周明远"}


@pytest.mark.parametrize(
    "paragraphs",
    [
        # assessment after 指出, 要 mid-sentence: not a directive
        ["林思远主持召开会议研究工作,在听取汇报后指出,粮食安全是头等大事,要全力抓好春耕备耕。"],
        # a guest's comment without 要-sentences
        ["陶立新在点评中指出,本次会议组织有序,并就下一步抓好整改落实提出要求。"],
        # 要求 inside a sentence is not a lead-in
        ["各职能部门要坚决落实“一岗双责”要求,查短板补弱项。"],
        # no lead-in at all
        ["要加强组织领导。", "要压实责任。"],
        # 同时, 会上 … are not headings
        ["会议强调,同时,各部门积极配合。", "会上,各街道作交流发言。"],
    ],
)
def test_not_directives(paragraphs: list[str]) -> None:
    assert _directives(*paragraphs) == []


def test_heading_first_run_stops_at_a_sentence_about_a_person() -> None:
    result = _directives(
        "会议要求,优环境,要提升服务效能。",
        "抓项目,要加快项目建设进度。",
        "区委副书记郑磊涵,区委常委韩立新参加会议。",
    )
    assert [h for h, _, _ in result] == ["优环境", "抓项目"]
