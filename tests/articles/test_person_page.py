"""The person page's statement gives what the ORM gives, and keeps drafts hidden."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Credit, Directive, Mention, Participation
from articles.person_page import LATEST, person_page
from articles.querysets import is_public_person, public_positions
from people.models import Position
from tests.factories import (
    make_article,
    make_directive,
    make_meeting,
    make_participation,
    make_person,
)

pytestmark = pytest.mark.django_db


def test_a_persons_newest_directives_are_theirs_and_their_meetings_newest_first():
    person, other = make_person("周立新"), make_person()
    expected = []
    for n in range(8):
        article = make_article(f"第{n}篇", event_date=dt.date(2024, 3, 1 + n))
        meeting = make_meeting(article, name=f"第{n}次会议")
        if n % 2:
            make_participation(meeting, person, "chair")
            mine = make_directive(article, meeting=meeting, heading=f"会议要求{n}")
        else:
            make_participation(meeting, person, "attendee")
            mine = make_directive(article, meeting=meeting, heading=f"本人要求{n}", issuer=person)
        make_directive(article, order=2, meeting=meeting, heading=f"他人要求{n}", issuer=other)
        expected.append(mine)
        if n % 2:
            expected.append(Directive.objects.get(article=article, order=2))
    # Both issued by the person and at a meeting they chaired: listed once.
    chaired = make_article("主持并提出", event_date=dt.date(2024, 2, 1))
    meeting = make_meeting(chaired)
    make_participation(meeting, person, "chair")
    expected.append(make_directive(chaired, meeting=meeting, heading="两者皆是", issuer=person))
    draft = make_article("草稿", published=False, event_date=dt.date(2024, 4, 1))
    make_directive(draft, heading="草稿要求", issuer=person)
    expected.sort(key=lambda d: (d.article.event_date, d.article_id, -d.order), reverse=True)

    page = person_page(person.pk, editor=False)
    found = [
        (
            d.heading,
            d.issuer_id,
            d.article.title,
            d.article.event_date,
            d.meeting and d.meeting.name,
        )
        for d in page.directives
    ]
    assert found == [
        (d.heading, d.issuer_id, d.article.title, d.article.event_date, d.meeting.name)
        for d in expected
    ]
    assert not page.more_directives
    assert page.directives[0].get_absolute_url() == expected[0].get_absolute_url()


def test_lists_match_the_orm_newest_first():
    person = make_person("林思远", disambiguation="云湖区")
    day = dt.date(2024, 5, 1)
    for n in range(3):
        article = make_article(f"报道{n}", event_date=day + dt.timedelta(days=n))
        meeting = make_meeting(
            article, name=f"会议{n}", date=None if n == 1 else article.event_date
        )
        make_participation(meeting, person, "chair", order=0)
        make_participation(meeting, person, "speaker", order=1)
        Credit.objects.create(article=article, person=person, role="correspondent")
        Mention.objects.create(article=article, person=person, positions=["区长", "副区长"][n:])
    Position.objects.create(person=person, title="区长", last_seen=day)
    Position.objects.create(person=person, title="副区长", last_seen=day - dt.timedelta(days=9))
    hidden = make_article("草稿", published=False, event_date=day + dt.timedelta(days=9))
    make_participation(make_meeting(hidden, name="内部会议"), person, "attendee")
    Credit.objects.create(article=hidden, person=person, role="reporter")
    Mention.objects.create(article=hidden, person=person, positions=["区委书记"])
    Position.objects.create(person=person, title="区委书记", last_seen=day + dt.timedelta(days=9))

    with CaptureQueriesContext(connection) as queries:
        page = person_page(person.pk, editor=False)
    assert len(queries) == 1
    assert (page.person.name, page.person.disambiguation) == ("林思远", "云湖区")
    # The meeting without a date comes first, as the ORM's "-date" orders it.
    participations = (
        Participation.objects.published()
        .filter(person=person)
        .order_by("-meeting__date", "-meeting_id", "order")
    )
    timeline = {}
    for x in participations:
        timeline.setdefault(x.meeting_id, (x.meeting.name, x.meeting.date, []))[2].append(
            x.get_role_display()
        )
    assert [(m.name, m.date, roles) for m, roles in page.meetings] == list(timeline.values())
    assert page.meetings[1][1] == ["主持", "讲话"] and not page.more_meetings
    assert [(c.get_role_display(), c.article.title) for c in page.credits] == [
        ("通讯员", "报道2"),
        ("通讯员", "报道1"),
        ("通讯员", "报道0"),
    ]
    # Readers see the positions a published article gives; editors also the drafts'.
    assert [(p.title, p.last_seen) for p in page.positions] == [
        ("区长", day),
        ("副区长", day - dt.timedelta(days=9)),
    ]
    # The rule readers' positions follow everywhere else (the person list, search).
    public = public_positions(person.positions.current())
    assert [p.pk for p in page.positions] == [p.pk for p in public]
    editor = person_page(person.pk, editor=True)
    assert [p.title for p in editor.positions] == ["区委书记", "区长", "副区长"]
    assert [m.name for m, _ in editor.meetings] == [m.name for m, _ in page.meetings]


def test_people_met_only_in_drafts_or_scheduled_articles_are_for_editors_only():
    drafted, scheduled = make_person("草稿人物"), make_person("定时人物")
    Mention.objects.create(article=make_article(published=False), person=drafted)
    later = make_article(published_at=timezone.now() + dt.timedelta(hours=1))
    make_participation(make_meeting(later), scheduled, "chair")
    for person in (drafted, scheduled):
        assert person_page(person.pk, editor=False) is None
        assert not is_public_person(person)  # the feeds' test agrees
        assert person_page(person.pk, editor=True).person.name == person.name
    assert person_page(999_999, editor=True) is None
    # A byline in a draft or a scheduled article does not make anyone known either.
    for article in (make_article(published=False), later):
        Credit.objects.create(article=article, person=drafted, role="reporter")
    assert person_page(drafted.pk, editor=False) is None
    credited = make_person("署名人物")
    Credit.objects.create(article=make_article(), person=credited, role="reporter")
    assert person_page(credited.pk, editor=False).person.name == "署名人物"
    assert is_public_person(credited)


def test_a_leader_gets_the_newest_few_and_a_link_to_the_rest():
    person = make_person("周立新")
    for n in range(LATEST + 2):
        article = make_article(f"第{n}篇", event_date=dt.date(2024, 1, 1) + dt.timedelta(days=n))
        make_participation(make_meeting(article, date=article.event_date), person, "attendee")
        make_directive(article, heading=f"要求{n}", issuer=person)
        Credit.objects.create(article=article, person=person, role="reporter")
    page = person_page(person.pk, editor=False)
    assert (len(page.meetings), len(page.directives), len(page.credits)) == (LATEST,) * 3
    assert page.more_meetings and page.more_directives
    assert page.directives[0].heading == f"要求{LATEST + 1}"
    assert page.credits[-1].article.title == "第2篇"


def test_a_title_is_public_whichever_published_article_gives_it():
    # Looked for on the position's last day, then its first, then in all the person's
    # mentions: each way finds it, and only drafts giving it keep it from readers.
    person = make_person("宋文清")
    first, middle, last = dt.date(2023, 2, 1), dt.date(2023, 6, 1), dt.date(2023, 9, 1)

    def give(title: str, day: dt.date, published: bool) -> None:
        article = make_article(f"{title}{day}", published=published, event_date=day)
        Mention.objects.create(article=article, person=person, positions=[title])

    give("区长", last, True)
    give("副区长", first, True)
    give("副区长", last, False)
    give("区委副书记", first, False)
    give("区委副书记", middle, True)
    give("区委副书记", last, False)
    give("区委书记", first, False)
    give("区委书记", last, False)
    for title in ("区长", "副区长", "区委副书记", "区委书记"):
        Position.objects.create(person=person, title=title, first_seen=first, last_seen=last)
    shown = ["区长", "副区长", "区委副书记"]
    assert sorted(p.title for p in person_page(person.pk, editor=False).positions) == sorted(shown)
    assert sorted(p.title for p in public_positions(person.positions.all())) == sorted(shown)
