"""The meetings per organizer tallied by the database (models.OrganizerTally, migration
articles 0013): every write keeps the tally's sums equal to a count afresh, folds what it
touched, and never waits for another writer."""

import datetime as dt
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from articles.ingest.pipeline import ingest
from articles.models import Meeting, OrganizerTally
from articles.querysets import organizer_counts
from tests.factories import make_article, make_meeting

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

RECOUNT = """
SELECT organizer, count(*) FROM articles_meeting WHERE organizer <> '' GROUP BY organizer
"""


def tallied() -> dict:
    """Each organizer's rows of the tally added up (those adding up to 0 left out)."""
    sums: dict = {}
    for organizer, change in OrganizerTally.objects.values_list("organizer", "meetings"):
        sums[organizer] = sums.get(organizer, 0) + change
    return {organizer: n for organizer, n in sums.items() if n}


def recounted() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(RECOUNT)
        return dict(cursor.fetchall())


def assert_tally(expected: dict) -> None:
    assert tallied() == recounted() == expected
    # One writer at a time folds every organizer it touched into a single row.
    organizers = list(OrganizerTally.objects.values_list("organizer", flat=True))
    assert len(organizers) == len(set(organizers))


@pytest.mark.django_db
def test_the_tally_follows_every_write():
    # Saves, QuerySet.update() and deletes, through the ORM and in SQL; every meeting
    # counts, whatever its article's status (readers' counts subtract drafts when read).
    first = make_article("甲稿")
    meetings = [("会一", "甲单位"), ("会二", "甲单位"), ("会三", "乙单位"), ("会四", "")]
    for order, (name, organizer) in enumerate(meetings):
        make_meeting(first, order=order, name=name, organizer=organizer)
    draft = make_article("草稿", published=False)
    in_draft = make_meeting(draft, organizer="甲单位")
    assert_tally({"甲单位": 3, "乙单位": 1})
    meeting = Meeting.objects.get(name="会三")
    meeting.organizer = "丙单位"
    meeting.save()
    assert_tally({"甲单位": 3, "丙单位": 1})
    Meeting.objects.filter(article=first, organizer="甲单位").update(organizer="丁单位")
    before = list(OrganizerTally.objects.order_by("id").values_list("id", flat=True))
    Meeting.objects.filter(article=first).update(date=dt.date(2024, 3, 5))
    assert list(OrganizerTally.objects.order_by("id").values_list("id", flat=True)) == before
    assert_tally({"甲单位": 1, "丁单位": 2, "丙单位": 1})
    Meeting.objects.filter(name="会四").update(organizer="戊单位")
    Meeting.objects.filter(name="会三").update(organizer="")
    assert_tally({"甲单位": 1, "丁单位": 2, "戊单位": 1})
    in_draft.delete()
    first.delete()  # its meetings go with it
    assert_tally({})
    assert not OrganizerTally.objects.exists()  # an organizer at 0 keeps no row
    last = make_article("末稿")
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO articles_meeting (article_id, "order", name, organizer)'
            " SELECT %s, n, '会' || n, CASE WHEN n %% 2 = 0 THEN '己单位' ELSE '庚单位' END"
            " FROM generate_series(1, 7) AS n",
            [last.pk],
        )
        assert_tally({"己单位": 3, "庚单位": 4})
        cursor.execute('DELETE FROM articles_meeting WHERE "order" > 5')
        assert_tally({"己单位": 2, "庚单位": 3})
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no foreign key checks pending
        cursor.execute("TRUNCATE articles_meeting CASCADE")
    assert_tally({})


@pytest.mark.django_db
def test_the_tally_follows_ingest_and_replace():
    page = (SAMPLES / "tongchuan-2023-01-03.txt").read_bytes()
    assert ingest(page, "a.txt", dt.date(2023, 1, 3)).ok
    kept = recounted()
    assert kept and sum(kept.values()) == Meeting.objects.exclude(organizer="").count()
    assert_tally(kept)
    # Stored again over itself: the old meetings go, the new ones come.
    assert ingest(page, "a.txt", dt.date(2023, 1, 3), publish=True, replace=True, force=True).ok
    assert_tally(kept)
    assert {o["organizer"]: o["count"] for o in organizer_counts(30)} == kept


# A meeting written by a connection of the test's own, outside Django's.
INSERT = (
    'INSERT INTO articles_meeting (article_id, "order", name, organizer)'
    " VALUES (%s, %s, '会', %s)"
)


@contextmanager
def _two_connections():
    """Two connections of their own to the test database, each a transaction of its own."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as first, psycopg.connect(**params) as second:
        yield first, second


@pytest.mark.django_db(transaction=True)
def test_writers_at_once_never_wait_for_each_other():
    # Two transactions write meetings of the same organizers in opposite orders. Each folds
    # only the rows nobody else holds, so neither waits (a wait would end in the lock
    # timeout), and the tally adds up once both commit.
    article = make_article("甲稿")
    make_meeting(article, order=1, organizer="甲单位")
    make_meeting(article, order=2, organizer="乙单位")
    with _two_connections() as (first, second):
        for conn in (first, second):
            conn.execute("SET lock_timeout = '2s'")
        first.execute(INSERT, [article.pk, 3, "甲单位"])
        second.execute(INSERT, [article.pk, 4, "乙单位"])
        first.execute(INSERT, [article.pk, 5, "乙单位"])
        second.execute(INSERT, [article.pk, 6, "甲单位"])
        # Readers meanwhile see what has committed.
        assert {o["organizer"]: o["count"] for o in organizer_counts(30)} == {
            "甲单位": 1,
            "乙单位": 1,
        }
        first.commit()
        assert tallied() == recounted() == {"甲单位": 2, "乙单位": 2}
        second.commit()
    assert tallied() == recounted() == {"甲单位": 3, "乙单位": 3}
    # The rows a writer skipped are folded by the next one to touch the organizer.
    make_meeting(article, order=7, organizer="甲单位")
    make_meeting(article, order=8, organizer="乙单位")
    assert_tally({"甲单位": 4, "乙单位": 4})


@pytest.mark.django_db(transaction=True)
def test_writers_with_an_older_snapshot_leave_their_rows_unfolded():
    # Under REPEATABLE READ a fold would lock a row that a writer committed after the
    # snapshot (a serialization failure, not a skip): such a writer adds its rows and
    # leaves them to the next one. A TRUNCATE empties the tally whoever wrote it.
    article = make_article("甲稿")
    make_meeting(article, order=1, organizer="甲单位")
    with _two_connections() as (older, other):
        older.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        older.execute("SELECT count(*) FROM articles_organizertally")  # the snapshot
        other.execute(INSERT, [article.pk, 2, "甲单位"])
        other.commit()  # folded: the row in the older snapshot is gone
        older.execute(INSERT, [article.pk, 3, "甲单位"])
        older.commit()
        assert tallied() == recounted() == {"甲单位": 3}
        assert OrganizerTally.objects.filter(organizer="甲单位").count() == 2
        make_meeting(article, order=4, organizer="甲单位")
        assert_tally({"甲单位": 4})

        older.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        older.execute("SELECT count(*) FROM articles_organizertally")
        other.execute(INSERT, [article.pk, 5, "乙单位"])
        other.commit()
        older.execute("TRUNCATE articles_meeting CASCADE")
        older.commit()
    assert_tally({})
    assert not OrganizerTally.objects.exists()
