"""Choices shared by the models and the admin.

The values are the vocabulary of ``ingest --dry-run --json`` (docs: ingest-json.md), which
the pure parser in ``articles.ingest`` produces; the labels are what editors read.
"""

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class DatePrecision(models.TextChoices):
    DAY = "day", "确切日期"
    APPROXIMATE = "approximate", "大致日期（近日）"


class CreditRole(models.TextChoices):
    REPORTER = "reporter", "记者"
    CORRESPONDENT = "correspondent", "通讯员"
    PHOTOGRAPHER = "photographer", "摄影"


class ParticipationRole(models.TextChoices):
    CHAIR = "chair", "主持"
    SPEAKER = "speaker", "讲话"
    ATTENDEE = "attendee", "参加"
    OBSERVER = "observer", "列席"
    GUEST = "guest", "到会指导"
    COMPANION = "companion", "陪同"


class TagKind(models.TextChoices):
    TOPIC = "topic", "主题"
    PLACE = "place", "地点"
    TERM = "term", "提法"
