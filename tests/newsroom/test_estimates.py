from django.db import connection

from articles.models import Article
from newsroom import estimates
from tests.factories import make_article


def test_element_shares_read_the_lexeme_statistics(db, monkeypatch):
    monkeypatch.setattr(estimates, "_statistics", {})
    assert estimates.element_shares(Article, "search_vector") == (
        {},
        estimates.DEFAULT_ELEMENT_SHARE,
    )
    for n in range(10):
        make_article(f"防汛稿件{n}", body="会议研究了防汛工作。" if n < 5 else "会议研究了春耕。")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    # Kept for STATS_SECONDS: the table analysed since then is not read again.
    assert estimates.element_shares(Article, "search_vector")[0] == {}
    monkeypatch.setattr(estimates, "STATS_SECONDS", 0)
    shares, floor = estimates.element_shares(Article, "search_vector")
    assert shares["防汛"] == 1.0 and shares["工作"] == 0.5
    assert floor == min(estimates.DEFAULT_ELEMENT_SHARE, min(shares.values()) / 2)


def test_table_rows_are_read_again_after_stats_seconds(db, monkeypatch):
    monkeypatch.setattr(estimates, "_statistics", {})
    # ANALYZE writes reltuples in place, outside the transaction: another test's count may
    # have stayed. Analysed here first: a table never analysed (-1) is asked again.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    before = estimates.table_rows(Article)
    for n in range(before + 3):
        make_article(f"稿件{n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    assert estimates.table_rows(Article) == before  # kept for STATS_SECONDS
    monkeypatch.setattr(estimates, "STATS_SECONDS", 0)
    assert estimates.table_rows(Article) == before + 3
