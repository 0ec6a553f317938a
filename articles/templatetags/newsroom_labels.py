"""Chinese labels for the vocabulary values of parsed records (chair → 主持)."""

from django import template

from articles.choices import CreditRole, ParticipationRole

register = template.Library()

_LABELS = {**dict(CreditRole.choices), **dict(ParticipationRole.choices)}


@register.filter
def role_label(value: str) -> str:
    return _LABELS.get(value, value)


@register.filter
def role_labels(values) -> str:
    return "、".join(role_label(v) for v in values)
