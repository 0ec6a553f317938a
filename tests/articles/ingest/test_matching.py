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
    "credits": [{"name": "许文静", "role": "reporter"}, {"name": "方晓", "role": "correspondent"}],
    "photos": True,
    "people": [{"name": "林思远", "positions": ["区委书记", "区长"]}],
    "meetings": [
        {
            "name": "春耕生产工作推进会",
            "organizer": "云湖区",
            "date": "2022-05-24",
            "participants": [{"name": "林思远", "roles": ["chair", "speaker"]}],
        }
    ],
    "directives": [{"heading": "提高站位", "text": "要提高站位。", "meeting": 0, "issuer": None}],
    "places": ["五里河湾", "青石"],
    "terms": ["开门红", "田长制"],
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
        _changed(people__0__positions=["区长", "云湖区委书记"]),  # containment
        _changed(meetings__0__name="云湖区召开春耕生产工作推进会"),  # containment
        _changed(places=["青石", "五里 河湾"]),  # white space removed
        _changed(terms=["田长制", "开门红"]),
        _changed(directives__0__heading="提高 站位"),
        _changed(tags=["随便"], warnings=["随便"]),  # free keys
        _changed(
            people=[*ARTICLE["people"], {"name": "许文静", "positions": []}]
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
        (_changed(meetings__0__name="座谈会"), "name"),
        (_changed(meetings__0__organizer="云湖区委"), "organizer"),  # no containment
        (_changed(meetings__0__participants__0__roles=["chair"]), "roles"),
        (_changed(directives=[]), "directives"),
        (_changed(directives__0__text="要提高站位"), "text"),
        (_changed(directives__0__meeting=None), "meeting"),
        (_changed(directives__0__issuer="林思远"), "issuer"),
        (_changed(places=["五里河湾"]), "places"),
        (_changed(terms=["开门红"]), "terms"),
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
