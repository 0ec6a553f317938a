"""Storing bulletins on several connections at once (``pipeline.store_many``): people and
tags are found by exact name, never duplicated, whichever transaction creates them first."""

import datetime as dt
import threading
import time

import psycopg
import pytest
from django.db import connection, connections, transaction

from articles.ingest.load import load
from articles.ingest.pipeline import connections_for, prepare, store_many
from articles.ingest.records import Decoded, ParsedBulletin
from articles.models import Article, Bulletin, Mention, Tag
from people.models import Person

from .test_load import ISSUE, record

pytestmark = pytest.mark.django_db(transaction=True)

# Names in every page below, new to the database when the pages are stored.
SHARED = ("林思远", "周明礼", "许文静", "方晓")


def _page(text: str) -> tuple[bytes, object]:
    raw = text.encode("utf-8")
    return raw, prepare(raw, f"{abs(hash(text))}.txt", ISSUE)


def _pages(n: int) -> list[tuple[bytes, object]]:
    """``n`` different pages naming the same people (and the same tags)."""
    return [
        _page(
            f"云湖区召开第{i}次安全生产工作推进会\n\n"
            f"本报讯 3月11日上午,云湖区召开第{i}次安全生产工作推进会。"
            "区委书记、区长林思远主持会议并讲话。\n\n"
            "区领导周明礼等参加会议。会议强调,要压实“双清零”责任。\n\n"
            "记者 许文静 通讯员 方晓\n"
        )
        for i in range(n)
    ]


def test_pages_stored_at_once_share_their_people_and_tags():
    outcomes = list(store_many(_pages(12), at_once=6))
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    assert [o.result.status for o in outcomes] == ["created"] * 12
    assert Bulletin.objects.count() == 12 and Article.objects.count() == 12
    for name in SHARED:
        person = Person.objects.get(name=name)  # one row, however many pages named it
        assert person.mentions.count() + person.credits.count() >= 12
    assert Tag.objects.filter(name="双清零").count() == 1
    assert Tag.objects.get(name="双清零").tagged_articles.count() == 12
    assert sum(o.result.people_new for o in outcomes) == len(SHARED)


def test_the_same_page_twice_at_once_is_stored_once():
    raw, outcome = _pages(1)[0]
    twin = prepare(raw, "twin.txt", ISSUE)
    outcomes = list(store_many([(raw, outcome), (raw, twin)], at_once=2))
    assert sorted(o.result.status for o in outcomes) == ["created", "skipped"]
    assert Bulletin.objects.count() == 1 and Article.objects.count() == 1


def test_inside_a_transaction_pages_are_stored_in_it():
    with transaction.atomic():
        outcomes = list(store_many(_pages(3), at_once=4))
        assert Bulletin.objects.count() == 3  # this connection's transaction holds them
        transaction.set_rollback(True)
    assert all(o.ok for o in outcomes)
    assert not Bulletin.objects.exists()


def test_connections_for_jobs():
    assert connections_for(1) == 1
    assert connections_for(2) == 4


class _OtherTransaction:
    """A second connection that creates rows and holds them uncommitted until ``commit``."""

    def __init__(self):
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        self.conn = psycopg.connect(**params)

    def execute(self, sql, params=()):
        return self.conn.execute(sql, params).fetchall()

    def commit(self):
        self.conn.commit()
        self.conn.close()


def _load_in_thread(raw: bytes, articles) -> tuple[threading.Thread, dict]:
    done: dict = {}

    def run():
        try:
            done["result"] = load(
                source_name="page.txt",
                raw=raw,
                decoded=Decoded(raw.decode(), "utf-8"),
                parsed=ParsedBulletin(articles=articles),
                issue_date=ISSUE,
            )
        except Exception as err:  # handed to the test below
            done["error"] = err
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, done


def _wait_until_blocked(thread: threading.Thread) -> None:
    """Until the thread's connection waits for a lock held by the other transaction."""
    for _ in range(500):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
        assert thread.is_alive()
        time.sleep(0.01)
    raise AssertionError("the load never waited for the other transaction")


def test_a_person_created_meanwhile_is_found_not_duplicated():
    other = _OtherTransaction()
    ((person_id,),) = other.execute(
        "INSERT INTO people_person (name, aliases, disambiguation, note, created_at, updated_at)"
        " VALUES ('林思远', '{}', '', '', now(), now()) RETURNING id"
    )
    thread, done = _load_in_thread(b"page", [record()])
    _wait_until_blocked(thread)  # its insert of 林思远 waits for the other transaction
    other.commit()
    thread.join()
    assert "error" not in done, done.get("error")
    result = done["result"]
    assert (result.people_new, result.people_matched) == (3, 1)
    assert Person.objects.filter(name="林思远").count() == 1
    assert Mention.objects.get(person__name="林思远").person_id == person_id


def test_a_tag_created_meanwhile_is_found_not_duplicated():
    other = _OtherTransaction()
    ((tag_id,),) = other.execute(
        "INSERT INTO articles_tag (name, slug, kind) VALUES ('开门红', '开门红', 'term') "
        "RETURNING id"
    )
    thread, done = _load_in_thread(b"page", [record(day=dt.date(2024, 3, 11))])
    _wait_until_blocked(thread)
    other.commit()
    thread.join()
    assert "error" not in done, done.get("error")
    assert Tag.objects.filter(name="开门红").count() == 1
    article = done["result"].articles[0]
    assert Article.tags.through.objects.filter(content_object=article, tag_id=tag_id).exists()


def test_a_page_rolled_back_by_a_deadlock_is_stored_on_the_second_attempt(monkeypatch):
    from django.db import OperationalError

    from articles.ingest import writer

    original = writer.Writer.write
    calls = []

    def write_once_deadlocked(self, records, vectors):
        calls.append(1)
        original(self, records, vectors)
        if len(calls) == 1:
            raise OperationalError("deadlock detected") from psycopg.errors.DeadlockDetected()

    monkeypatch.setattr(writer.Writer, "write", write_once_deadlocked)
    raw, outcome = _pages(1)[0]
    (stored,) = store_many([(raw, outcome)])
    assert stored.ok and stored.result.status == "created" and len(calls) == 2
    assert Bulletin.objects.count() == 1 and Article.objects.count() == 1


def test_an_unexpected_error_while_storing_reaches_the_caller(monkeypatch):
    from articles.ingest import pipeline

    pages = _pages(6)
    failing = pages[1][1].source_name
    original = pipeline.store

    def store(outcome, raw, **options):
        if outcome.source_name == failing:
            raise RuntimeError("disk full")
        return original(outcome, raw, **options)

    monkeypatch.setattr(pipeline, "store", store)
    threads_before = threading.active_count()
    with pytest.raises(RuntimeError, match="disk full"):
        list(store_many(pages, at_once=2))
    assert threading.active_count() == threads_before  # the storing threads have ended
    assert not Bulletin.objects.filter(source_name=failing).exists()
