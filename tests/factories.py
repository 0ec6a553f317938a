"""Small factories for tests: each makes one valid row, with overrides."""

import datetime as dt
import hashlib
import itertools

from django.utils import timezone

from articles.choices import Status
from articles.models import Article, Bulletin, Directive, Meeting, Participation
from people.models import Person

_counter = itertools.count(1)


def make_person(name=None, **fields) -> Person:
    return Person.objects.create(name=name or f"测试人{next(_counter)}", **fields)


def make_bulletin(**fields) -> Bulletin:
    n = next(_counter)
    values = {
        "source_name": f"page-{n}.txt",
        "sha256": hashlib.sha256(f"bulletin {n}".encode()).hexdigest(),
        "raw_text": "测试原文",
        "encoding": "utf-8",
        "issue_date": dt.date(2024, 3, 12),
    }
    values.update(fields)
    return Bulletin.objects.create(**values)


def make_article(title=None, *, published=True, **fields) -> Article:
    n = next(_counter)
    values = {
        "headline": title or f"测试稿件{n}",
        "title": title or f"测试稿件{n}",
        "event_date": dt.date(2024, 3, 11),
        "body": "本报讯 3月11日，测试正文第一段。\n\n测试正文第二段。",
        "status": Status.PUBLISHED if published else Status.DRAFT,
        "published_at": timezone.now() - dt.timedelta(minutes=n) if published else None,
    }
    values.update(fields)
    return Article.objects.create(**values)


def make_meeting(article=None, **fields) -> Meeting:
    values = {"name": "测试工作推进会", "organizer": "云湖区", "date": dt.date(2024, 3, 11)}
    values.update(fields)
    return Meeting.objects.create(article=article or make_article(), **values)


def make_participation(meeting, person, role="attendee", **fields) -> Participation:
    return Participation.objects.create(meeting=meeting, person=person, role=role, **fields)


def make_directive(article, order=1, **fields) -> Directive:
    values = {"heading": "坚定信心", "text": "要坚定信心、抢抓进度。"}
    values.update(fields)
    return Directive.objects.create(article=article, order=order, **values)
