"""The comparator that implements the acceptance check's matching rules."""

from __future__ import annotations

import copy

import pytest

from tests.articles.ingest.matching import compare_article, compare_articles

ARTICLE = {
    "headline": "引题 主题",
    "kicker": "引题",
    "title": "主题",
    "subtitle": "",
    "date": "2022-05-24",
    "date_precision": "approximate",
    "paragraphs": ["本报讯 近日,甲。", "乙。"],
    "credits": [{"name": "冉红政", "role": "reporter"}, {"name": "姜璞", "role": "correspondent"}],
    "photos": True,
    "people": [{"name": "张艳敏", "positions": ["区委书记", "区长"]}],
    "meetings": [
        {
            "name": "疫情防控工作推进会",
            "organizer": "管城回族区",
            "date": "2022-05-24",
            "participants": [{"name": "张艳敏", "roles": ["chair", "speaker"]}],
        }
    ],
    "directives": [{"heading": "认清形势", "text": "要认清形势。", "meeting": 0, "issuer": None}],
    "places": ["十八里河", "陇海"],
    "terms": ["双清零", "动态清零"],
}


def _changed(**changes) -> dict:
    article = copy.deepcopy(ARTICLE)
    for path, value in changes.items():
        target = article
        *parents, leaf = path.split("__")
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(leaf) if leaf.isdigit() else leaf] = value
    return article


def test_identical_articles_match() -> None:
    assert compare_article(copy.deepcopy(ARTICLE), ARTICLE) == []


@pytest.mark.parametrize(
    "actual",
    [
        _changed(credits=list(reversed(ARTICLE["credits"]))),  # sets, order free
        _changed(people__0__positions=["区长", "管城回族区委书记"]),  # containment
        _changed(meetings__0__name="管城回族区召开疫情防控工作推进会"),  # containment
        _changed(places=["陇海", "十八 里河"]),  # white space removed
        _changed(terms=["动态清零", "双清零"]),
        _changed(directives__0__heading="认清 形势"),
        _changed(tags=["随便"], warnings=["随便"]),  # free keys
        _changed(
            people=[*ARTICLE["people"], {"name": "冉红政", "positions": []}]
        ),  # credits may be listed as people
    ],
)
def test_allowed_differences_match(actual: dict) -> None:
    assert compare_article(actual, ARTICLE) == []


@pytest.mark.parametrize(
    ("actual", "key"),
    [
        (_changed(title="主题二"), "title"),
        (_changed(kicker=""), "kicker"),
        (_changed(date="2022-05-23"), "date"),
        (_changed(date_precision="day"), "date_precision"),
        (_changed(photos=False), "photos"),
        (_changed(paragraphs=["乙。", "本报讯 近日,甲。"]), "paragraphs"),  # in order
        (_changed(paragraphs=["本报讯 近日,甲。"]), "paragraphs"),
        (_changed(credits=[ARTICLE["credits"][0]]), "credits"),
        (_changed(credits__0__role="photographer"), "credits"),
        (_changed(people__0__positions=["区委书记"]), "positions"),
        (_changed(people__0__positions=["区委书记", "区长", "代表"]), "positions"),
        (_changed(people=[]), "people"),
        (_changed(meetings=[]), "meetings"),
        (_changed(meetings__0__name="民主生活会"), "name"),
        (_changed(meetings__0__organizer="管城区"), "organizer"),
        (_changed(meetings__0__participants__0__roles=["chair"]), "roles"),
        (_changed(directives=[]), "directives"),
        (_changed(directives__0__text="要认清形势"), "text"),
        (_changed(directives__0__meeting=None), "meeting"),
        (_changed(directives__0__issuer="张艳敏"), "issuer"),
        (_changed(places=["十八里河"]), "places"),
        (_changed(terms=["双清零"]), "terms"),
    ],
)
def test_differences_are_reported_by_key(actual: dict, key: str) -> None:
    diffs = compare_article(actual, ARTICLE)
    assert diffs and key in diffs[0]


def test_missing_keys_are_reported() -> None:
    actual = copy.deepcopy(ARTICLE)
    del actual["places"]
    assert any("keys missing" in d for d in compare_article(actual, ARTICLE))


def test_article_count_and_order_matter() -> None:
    other = _changed(title="另一篇")
    assert compare_articles([ARTICLE], [ARTICLE, other])
    assert compare_articles([other, ARTICLE], [ARTICLE, other])
    assert compare_articles([ARTICLE, other], [ARTICLE, other]) == []
