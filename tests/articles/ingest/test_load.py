"""The writing half of ingest, on hand-built records: atomic, idempotent, people reused."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.ingest.load import load, sha256_of
from articles.ingest.records import (
    ArticleRecord,
    Credit,
    Decoded,
    DirectiveRecord,
    IngestError,
    MeetingRecord,
    ParsedBulletin,
    Participant,
    PersonMention,
)
from articles.models import (
    Article,
    Bulletin,
    Directive,
    Meeting,
    Mention,
    Participation,
    Tag,
)
from people.models import Person, Position

pytestmark = pytest.mark.django_db

ISSUE = dt.date(2024, 3, 12)


def record(day=dt.date(2024, 3, 11), **overrides) -> ArticleRecord:
    values = dict(
        headline="聚焦春耕 云湖区召开推进会",
        kicker="聚焦春耕",
        title="云湖区召开推进会",
        subtitle="",
        date=day,
        date_precision="day",
        paragraphs=["本报讯 3月11日上午,云湖区召开推进会。", "会议强调,要坚定信心。"],
        credits=[Credit("许文静", "reporter"), Credit("方晓", "correspondent")],
        photos=True,
        people=[
            PersonMention("林思远", ["区委书记", "区长"]),
            PersonMention("周明礼", []),
        ],
        meetings=[
            MeetingRecord(
                "推进会",
                "云湖区",
                day,
                [Participant("林思远", ["chair", "speaker"]), Participant("周明礼", ["attendee"])],
            )
        ],
        directives=[
            DirectiveRecord("坚定信心", "要坚定信心。", 0, None),
            DirectiveRecord("抓好落实", "要抓好落实。", 0, "林思远"),
        ],
        places=["白沙"],
        terms=["开门红"],
        tags=["春耕"],
    )
    values.update(overrides)
    return ArticleRecord(**values)


def store(raw=b"page one", articles=None, **options):
    parsed = ParsedBulletin(articles=articles or [record()], warnings=["测试提示"])
    return load(
        source_name="page.txt",
        raw=raw,
        decoded=Decoded(raw.decode("utf-8", "replace"), "utf-8"),
        parsed=parsed,
        issue_date=ISSUE,
        **options,
    )


def counts():
    models = (Bulletin, Article, Person, Position, Meeting, Participation, Directive, Mention)
    return {model.__name__: model.objects.count() for model in models}


def test_load_stores_everything():
    result = store(publish=True)
    assert result.status == "created"
    assert (result.people_new, result.people_matched) == (4, 0)
    assert (result.meetings, result.directives) == (1, 2)
    bulletin = result.bulletin
    assert bulletin.sha256 == sha256_of(b"page one")
    assert bulletin.warnings == ["测试提示"]
    article = bulletin.articles.get()
    assert article.is_published and article.published_at is not None
    assert article.paragraphs == record().paragraphs
    assert [(c.role, c.person.name) for c in article.credits.all()] == [
        ("reporter", "许文静"),
        ("correspondent", "方晓"),
    ]
    meeting = article.meetings.get()
    roles = sorted(meeting.participations.values_list("person__name", "role", "position"))
    assert roles == [
        ("周明礼", "attendee", ""),
        ("林思远", "chair", "区委书记、区长"),
        ("林思远", "speaker", "区委书记、区长"),
    ]
    first, second = article.directives.all()
    assert (first.meeting, first.issuer) == (meeting, None)
    assert second.issuer.name == "林思远"
    kinds = dict(Tag.objects.values_list("name", "kind"))
    assert kinds == {"春耕": "topic", "白沙": "place", "开门红": "term"}
    assert set(article.tags.names()) == {"春耕", "白沙", "开门红"}
    titles = Position.objects.filter(person__name="林思远").values_list("title", flat=True)
    assert sorted(titles) == ["区委书记", "区长"]


def test_drafts_by_default():
    article = store().bulletin.articles.get()
    assert not article.is_published and article.published_at is None


def test_same_bytes_again_change_nothing():
    store()
    before = counts()
    result = store()
    assert result.status == "skipped"
    assert counts() == before


def test_people_are_reused_and_positions_span_dates():
    store(raw=b"first", articles=[record(day=dt.date(2024, 3, 1))])
    result = store(raw=b"second", articles=[record(day=dt.date(2024, 3, 11))])
    assert result.people_new == 0 and result.people_matched == 4
    assert Person.objects.filter(name="林思远").count() == 1
    position = Position.objects.get(person__name="林思远", title="区长")
    assert (position.first_seen, position.last_seen) == (dt.date(2024, 3, 1), dt.date(2024, 3, 11))


def test_disambiguated_namesake_is_not_matched():
    other = Person.objects.create(name="林思远", disambiguation="区教育局")
    store()
    assert Person.objects.filter(name="林思远").count() == 2
    assert not other.mentions.exists()


def test_failure_in_the_middle_leaves_no_rows():
    broken = record(directives=[DirectiveRecord("空", "   ", 0, None)])
    before = counts()
    with pytest.raises(IngestError, match="工作要求"):
        store(articles=[record(), broken])
    assert counts() == before


def test_overlong_title_is_rejected_with_a_clear_message():
    with pytest.raises(IngestError, match="主题"):
        store(articles=[record(title="长" * 400)])
    assert not Bulletin.objects.exists()


def test_replace_rebuilds_articles():
    store()
    changed = record(title="云湖区召开推进会（更正）")
    result = store(articles=[changed, record(title="第二篇")], replace=True)
    assert result.status == "replaced"
    assert list(Article.objects.order_by("position").values_list("title", flat=True)) == [
        "云湖区召开推进会（更正）",
        "第二篇",
    ]
    assert Bulletin.objects.count() == 1
    assert Meeting.objects.count() == 2


def test_replace_rewrites_articles_in_place():
    """Replacing keeps each article's id (its address) and whether it is published; what
    the old parse named and the new one does not is gone, and position spans follow."""
    store(
        articles=[
            record(),
            record(title="第二篇", day=dt.date(2024, 3, 8), people=[PersonMention("错名字", [])]),
        ]
    )
    first = Article.objects.get(position=0)
    Article.objects.filter(pk=first.pk).update(status="published", published_at=timezone.now())
    assert Position.objects.get(title="区长").first_seen == dt.date(2024, 3, 11)

    fixed = record(day=dt.date(2024, 3, 10), title="云湖区召开推进会（更正）")
    store(articles=[fixed], replace=True)

    article = Article.objects.get()
    assert article.pk == first.pk and article.is_published
    assert article.title == "云湖区召开推进会（更正）"
    assert "'更正'" in article.title_vector  # the search index follows
    assert not Person.objects.filter(name="错名字").exists()
    position = Position.objects.get(title="区长")
    assert (position.first_seen, position.last_seen) == (dt.date(2024, 3, 10),) * 2
    assert Directive.objects.filter(article=article).count() == 2
    assert Meeting.objects.get().article == article


def test_replace_refuses_edited_articles_unless_forced():
    store()
    Article.objects.update(edited_at=timezone.now())
    with pytest.raises(IngestError, match="--force"):
        store(articles=[record(title="新标题")], replace=True)
    assert Article.objects.get().title == "云湖区召开推进会"
    store(articles=[record(title="新标题")], replace=True, force=True)
    assert Article.objects.get().title == "新标题"


def test_duplicate_names_in_records_are_merged():
    doubled = record(
        people=[PersonMention("林思远", ["区长"]), PersonMention("林思远", ["区委书记"])],
        meetings=[
            MeetingRecord(
                "推进会",
                "云湖区",
                None,
                [Participant("林思远", ["chair"]), Participant("林思远", ["chair", "speaker"])],
            )
        ],
    )
    store(articles=[doubled])
    assert Mention.objects.get().positions == ["区长", "区委书记"]
    assert sorted(Participation.objects.values_list("role", flat=True)) == ["chair", "speaker"]


def test_new_tags_get_unique_han_slugs():
    Tag.objects.create(name="816")  # slug "816", as "8·16" would slugify
    Tag.objects.create(name="816 ", slug="816_2")
    store(articles=[record(terms=["8·16", "田长制"], places=[], tags=[])])
    assert Tag.objects.get(name="8·16").slug == "816_3"
    assert Tag.objects.get(name="田长制").slug == "田长制"


def test_aliases_match_people():
    person = Person.objects.create(name="林思源", aliases=["林思远"])
    result = store()
    assert result.people_matched == 1
    assert Mention.objects.filter(person=person).count() == 1


def test_name_and_alias_of_one_person_make_one_row_each():
    person = Person.objects.create(name="林思远", aliases=["林总", "林书记"])
    other = Person.objects.create(name="林总")  # an exact name beats another person's alias
    both = record(
        people=[
            PersonMention("林思远", ["区长"]),
            PersonMention("林书记", ["区委书记"]),
            PersonMention("林总", []),
        ],
        credits=[Credit("许文静", "reporter")],
        meetings=[
            MeetingRecord(
                "推进会",
                "云湖区",
                None,
                [Participant("林思远", ["chair"]), Participant("林书记", ["chair", "speaker"])],
            )
        ],
    )
    assert store(articles=[both]).status == "created"
    assert Mention.objects.get(person=person).positions == ["区长", "区委书记"]
    assert Mention.objects.filter(person=other).exists()
    roles = Participation.objects.filter(person=person).values_list("role", flat=True)
    assert sorted(roles) == ["chair", "speaker"]


def test_a_new_bulletin_writes_each_article_once():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        store(articles=[record(), record(title="第二篇")])
    assert Article.objects.count() == 2
    assert not [q["sql"] for q in queries if q["sql"].startswith('UPDATE "articles_article"')]


def _prepared_statements() -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return {sql for (sql,) in cursor.fetchall()}


def test_ingest_statements_are_prepared_once_per_connection():
    from django.db import connection

    store(articles=[record()])
    prepared = _prepared_statements()
    assert any("WITH new_articles AS" in sql for sql in prepared)
    store(raw=b"another page", articles=[record(title="第二篇")])
    assert _prepared_statements() == prepared  # the second page reuses them
    # Django's own statements stay unprepared, as Django configures its connections.
    assert connection.connection.prepare_threshold is None
