"""Ingest sends an article's vectors in PostgreSQL's binary form (``document_binary_fields``); the
server must read them as the very tsvectors of the text literals ``Article.save`` writes."""

import pytest

from articles.ingest import rows
from articles.search.text import (
    document_binary_fields,
    document_fields,
    document_literals,
    searched_text,
)

pytestmark = pytest.mark.django_db

CASES = [
    ("云湖区召开防汛工作会议", "本报讯 7月20日上午,云湖区召开防汛工作会议。要做好防汛工作。"),
    ("", "只有正文,没有标题。"),
    ("只有标题", ""),
    ("", ""),
    ("“8·16”暴雨 ABC-126", "１２６个村(社区)完成 8·16 复盘,abc 与 ABC 相同。第7次会议。"),
    ("防汛", "防汛" * 400),  # one lexeme at more positions than a tsvector keeps
    ("题", "字" * 40000 + "尾巴"),  # past the last position PostgreSQL has
]


@pytest.mark.parametrize(("title", "body"), CASES)
def test_binary_vectors_are_the_literals(title, body):
    literals = document_literals(title, body)
    vectors = document_binary_fields(title, body)[:3]
    same = rows.execute(
        "SELECT a = b::tsvector FROM unnest(%b::tsvector[], %s::text[]) AS x(a, b)",
        [[rows.TsVector(v) for v in vectors], list(literals)],
        fetch=True,
    )
    assert same == [(True,), (True,), (True,)]


@pytest.mark.parametrize(("title", "body"), CASES)
def test_binary_fields_are_the_vectors_and_the_searched_text(title, body):
    # Ingest normalises the text once for both.
    assert document_binary_fields(title, body)[3] == searched_text(title, body)
    assert document_fields(title, body)[3] == searched_text(title, body)
