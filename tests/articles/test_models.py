"""Integrity lives in the database: these rows must be refused by PostgreSQL itself."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from articles.choices import Status, TagKind
from articles.models import (
    Article,
    Bulletin,
    Credit,
    Directive,
    Meeting,
    Mention,
    Participation,
    Tag,
)
from tests.factories import (
    make_article,
    make_bulletin,
    make_directive,
    make_meeting,
    make_participation,
    make_person,
)

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_one_bulletin_per_sha256():
    first = make_bulletin()
    refused(lambda: make_bulletin(sha256=first.sha256))


def test_bulletin_sha256_must_be_hex():
    refused(lambda: make_bulletin(sha256="not-a-digest"))


def test_article_position_unique_within_bulletin():
    bulletin = make_bulletin()
    make_article(bulletin=bulletin, position=0)
    make_article(bulletin=bulletin, position=1)
    refused(lambda: make_article(bulletin=bulletin, position=0))


def test_hand_written_articles_need_no_bulletin():
    make_article(position=0)
    make_article(position=0)


def test_published_article_needs_published_at():
    refused(lambda: make_article(status=Status.PUBLISHED, published_at=None))


def test_article_title_not_blank_and_status_valid():
    refused(lambda: make_article(title="   "))
    refused(lambda: make_article(status="archived", published=False))


def test_one_participation_per_meeting_person_role():
    meeting = make_meeting()
    person = make_person()
    make_participation(meeting, person, "chair")
    make_participation(meeting, person, "speaker")
    refused(lambda: make_participation(meeting, person, "chair"))
    refused(lambda: make_participation(meeting, make_person(), "dancer"))


def test_directive_order_unique_per_article_and_positive():
    article = make_article()
    make_directive(article, 1)
    make_directive(article, 2)
    refused(lambda: make_directive(article, 2))
    refused(lambda: make_directive(make_article(), 0))
    refused(lambda: make_directive(make_article(), 1, text=" "))


def test_credit_and_mention_unique():
    article = make_article()
    person = make_person()
    Credit.objects.create(article=article, person=person, role="reporter")
    refused(lambda: Credit.objects.create(article=article, person=person, role="reporter"))
    Mention.objects.create(article=article, person=person, positions=["区长"])
    refused(lambda: Mention.objects.create(article=article, person=person))


def test_person_name_unique_unless_disambiguated():
    make_person("王建国")
    make_person("王建国", disambiguation="区卫健委")
    refused(lambda: make_person("王建国"))
    refused(lambda: make_person(" "))


def test_position_unique_and_seen_in_order():
    person = make_person()
    person.positions.create(title="区长")
    refused(lambda: person.positions.create(title="区长"))
    refused(
        lambda: person.positions.create(
            title="副区长", first_seen=dt.date(2024, 5, 1), last_seen=dt.date(2024, 1, 1)
        )
    )


def test_position_record_seen_widens_span():
    position = make_person().positions.create(title="区长")
    for day in (dt.date(2024, 3, 1), dt.date(2023, 12, 30), dt.date(2024, 2, 1), None):
        position.record_seen(day)
    assert (position.first_seen, position.last_seen) == (dt.date(2023, 12, 30), dt.date(2024, 3, 1))


def test_tags_keep_han_characters_in_slug_and_url():
    tag = Tag.objects.create(name="疫情防控", kind=TagKind.TOPIC)
    assert tag.slug == "疫情防控"
    assert tag.get_absolute_url() == "/tags/%E7%96%AB%E6%83%85%E9%98%B2%E6%8E%A7/"


def test_str_and_urls():
    article = make_article("云湖区召开推进会")
    meeting = make_meeting(article)
    directive = make_directive(article, 3)
    person = make_person("林思远")
    assert str(article) == "云湖区召开推进会"
    assert article.get_absolute_url() == f"/articles/{article.pk}/"
    assert meeting.get_absolute_url() == f"/meetings/{meeting.pk}/"
    assert directive.get_absolute_url() == f"/articles/{article.pk}/#directive-3"
    assert person.get_absolute_url() == f"/people/{person.pk}/"
    assert str(make_person("林思远", disambiguation="区教育局")) == "林思远（区教育局）"
    assert "云湖区" not in str(Bulletin(source_name="a.txt", issue_date=dt.date(2024, 1, 1)))


def test_article_paragraphs_split_on_blank_lines():
    article = make_article(body="第一段。\n\n\n第二段，\n仍是第二段。\n\n")
    assert article.paragraphs == ["第一段。", "第二段，\n仍是第二段。"]


def test_search_columns_are_stored_out_of_line_without_compression():
    # Vectors do not compress, and the searched text is read more than it is stored
    # (migrations 0006 and 0007): PostgreSQL's EXTERNAL storage for all three.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute"
            " WHERE attrelid = 'articles_article'::regclass AND attname = ANY(%s)",
            [["search_vector", "rank_vector", "search_text"]],
        )
        assert dict(cursor.fetchall()) == {
            "search_vector": "e",
            "rank_vector": "e",
            "search_text": "e",
        }


KINDS = ("credit", "mention", "participation", "directive")


def _article_dates(article) -> dict[str, set]:
    """The article_date that each kind of row of ``article`` holds in the database."""
    return {
        "credit": set(
            Credit.objects.filter(article=article).values_list("article_date", flat=True)
        ),
        "mention": set(
            Mention.objects.filter(article=article).values_list("article_date", flat=True)
        ),
        "participation": set(
            Participation.objects.filter(meeting__article=article).values_list(
                "article_date", flat=True
            )
        ),
        "directive": set(
            Directive.objects.filter(article=article).values_list("article_date", flat=True)
        ),
    }


def test_rows_take_their_articles_date_whatever_django_writes():
    article = make_article(event_date=dt.date(2024, 5, 6))
    person = make_person()
    Credit.objects.create(article=article, person=person, role="reporter")
    # bulk_create, as ingest writes rows, with a wrong date given on purpose.
    Mention.objects.bulk_create(
        [Mention(article=article, person=person, article_date=dt.date(2000, 1, 1))]
    )
    make_participation(make_meeting(article), person)
    make_directive(article, issuer=person)
    day = {dt.date(2024, 5, 6)}
    assert _article_dates(article) == dict.fromkeys(KINDS, day)
    # Saving a row with a stale date in memory does not write it.
    mention = Mention.objects.get(article=article)
    mention.article_date = dt.date(1999, 1, 1)
    mention.save()
    assert _article_dates(article)["mention"] == day


def test_rows_follow_their_articles_date_when_it_changes():
    article = make_article(event_date=dt.date(2024, 5, 6))
    person = make_person()
    Credit.objects.create(article=article, person=person, role="reporter")
    Mention.objects.create(article=article, person=person)
    make_participation(make_meeting(article), person)
    make_directive(article, issuer=person)
    article.event_date = dt.date(2024, 5, 7)
    article.save()
    day = {dt.date(2024, 5, 7)}
    assert _article_dates(article) == dict.fromkeys(KINDS, day)
    # QuerySet.update() sends no signal; the database still passes the date on.
    Article.objects.filter(pk=article.pk).update(event_date=dt.date(2024, 5, 8))
    day = {dt.date(2024, 5, 8)}
    assert _article_dates(article) == dict.fromkeys(KINDS, day)


def test_rows_moved_to_another_article_take_its_date():
    first = make_article(event_date=dt.date(2024, 5, 6))
    second = make_article(event_date=dt.date(2024, 6, 1))
    person = make_person()
    mention = Mention.objects.create(article=first, person=person)
    meeting = make_meeting(first)
    make_participation(meeting, person)
    Mention.objects.filter(pk=mention.pk).update(article=second)
    Meeting.objects.filter(pk=meeting.pk).update(article=second)
    day = {dt.date(2024, 6, 1)}
    assert _article_dates(second)["mention"] == day
    assert _article_dates(second)["participation"] == day


def test_participations_follow_their_meetings_date():
    # A meeting's date is edited in the admin: its participations, which a person page
    # sorts by it, follow at once, whether saved or updated in bulk.
    person = make_person()
    meeting = make_meeting(make_article(), date=dt.date(2024, 5, 6))
    participation = make_participation(meeting, person)

    def meeting_date():
        return Participation.objects.values_list("meeting_date", flat=True).get(pk=participation.pk)

    assert meeting_date() == dt.date(2024, 5, 6)
    meeting.date = dt.date(2024, 5, 9)
    meeting.save()
    assert meeting_date() == dt.date(2024, 5, 9)
    Meeting.objects.filter(pk=meeting.pk).update(date=None)
    assert meeting_date() is None


def test_a_directives_meeting_is_one_its_article_reports():
    article, other = make_article(), make_article()
    meeting = make_meeting(other)
    directive = Directive(article=article, order=1, heading="要点", text="要抓好落实。")
    directive.meeting = meeting
    # The form says so (the directive admin lets an editor pick any meeting) ...
    with pytest.raises(ValidationError) as error:
        directive.full_clean()
    assert "meeting" in error.value.message_dict
    directive.meeting = make_meeting(article, order=1)
    directive.full_clean()

    # ... and PostgreSQL refuses the pair, at the latest when the transaction commits.
    def pair_with_other_articles_meeting():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS directive_meeting_of_article IMMEDIATE")
        make_directive(article, meeting=meeting)

    refused(pair_with_other_articles_meeting)
    make_directive(article, order=2, meeting=None)  # a directive of no meeting is fine


def test_a_meeting_with_directives_stays_with_its_article():
    first = make_article(event_date=dt.date(2024, 5, 6))
    second = make_article(event_date=dt.date(2024, 6, 1))
    make_directive(second)  # the other article has a directive of the same order
    meeting = make_meeting(first)
    directive = make_directive(first, meeting=meeting)
    meeting.article = second
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "article" in error.value.message_dict

    def move():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS directive_meeting_of_article IMMEDIATE")
        Meeting.objects.filter(pk=meeting.pk).update(article=second)

    refused(move)
    assert Directive.objects.get(pk=directive.pk).article_id == first.pk
    # Without directives it moves, and deleting a meeting keeps its directives.
    bare = make_meeting(first, order=1)
    bare.article = second
    bare.full_clean()
    bare.save()
    meeting.delete()
    assert Directive.objects.get(pk=directive.pk).meeting_id is None
