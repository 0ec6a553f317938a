"""What list pages print many times over: article items, tag links and dates.

A list page prints twenty article items and about two hundred tag links. Written out in a
template, an item was an include with a dozen variable lookups, two date filters and an
escape per value, and the items were over half of the home page's rendering time
(bench/pages.py). These tags write the same markup in one node each, escaped as the template
escapes: django.utils.html.escape is ``html.escape`` marked safe, and calling ``html.escape``
directly (rather than format_html, which adds a conditional escape, a lazy-string check and a
SafeString per argument) made the links a fifth as costly. A date through the ``date``
filter (a format parser, a translation lookup per format character) cost as much as a link.
"""

import datetime as dt
import re
import unicodedata
from functools import cache, lru_cache
from html import escape
from urllib.parse import urlencode

from django import template
from django.template.defaultfilters import stringfilter
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length

from newsroom.links import route_url, script_prefix

from ..instances import prefetched_all
from ..models import Tag

register = template.Library()


def _tag_links(tags) -> str:
    prefix = script_prefix()
    return "".join([_tag_link(prefix, tag.kind, tag.slug, tag.name) for tag in tags])


@lru_cache(maxsize=4096)
def _tag_link(prefix: str, kind: str, slug: str, name: str) -> str:
    # A list page prints the same few dozen tags two hundred times: each link is written
    # once per process and script prefix (the key; get_absolute_url reads the prefix
    # itself), from what it shows. Written each time, the links were a fifth of the home
    # page's CPU (bench/pages.py).
    url = Tag(kind=kind, slug=slug, name=name).get_absolute_url()
    return f'<a class="tag tag-{escape(kind)}" href="{escape(url)}">{escape(name)}</a>'


@register.simple_tag
def tag_links(tags):
    """``<a class="tag tag-KIND" href="URL">NAME</a>`` for each tag, in order."""
    return mark_safe(_tag_links(tags))


@register.simple_tag
def route(name):
    """``{% url name %}`` for a route without arguments, reversed once per process."""
    return route_url(name)


def _time_element(day, shown: str | None = None) -> str:
    """``<time datetime="2024-03-05">SHOWN</time>``, SHOWN by default 2024年3月5日."""
    # isoformat(): what the date filter's "Y-m-d" gives (four-digit years, as HTML's dates
    # want them) at a quarter of strftime's cost; a person page prints a hundred dates.
    if isinstance(day, dt.datetime):
        day = day.date()
    if shown is None:
        shown = f"{day.year}年{day.month}月{day.day}日"
    return f'<time datetime="{day.isoformat()}">{shown}</time>'


def _link(target, text: str) -> str:
    """``<a href="URL">TEXT</a>`` to ``target``'s page, both escaped."""
    return f'<a href="{escape(target.get_absolute_url())}">{escape(text)}</a>'


@register.simple_tag
def time_element(day):
    """``<time datetime="2024-03-05">2024年3月5日</time>``; nothing for no date."""
    return mark_safe(_time_element(day)) if day else ""


@register.simple_tag
def options(choices, selected):
    """``<option value="V">LABEL</option>`` for each choice, a value or a (value, label)
    pair; ``selected`` marks the one whose value equals it. (A year filter lists every
    year of the archive, ninety in the benchmark's: through the template each number was
    localised twice, 6 µs a time.)"""
    parts = []
    for choice in choices:
        value, label = choice if isinstance(choice, tuple) else (choice, choice)
        mark = " selected" if value == selected else ""
        parts.append(f'<option value="{escape(str(value))}"{mark}>{escape(str(label))}</option>')
    return mark_safe("".join(parts))


@register.simple_tag
def article_items(articles, empty: str, level=2):
    """An item per article of a list: kicker, title linked under an ``<hLEVEL>``,
    subtitle, date and tag links (the tags from ``as_items()``); ``empty`` as a paragraph
    when there are none. One tag for the list: a ``{% for %}`` loop around a tag per item
    pushed the context, set its loop variables and resolved the tag's arguments for each
    of the twenty, 0.1 ms of a list page's 1.5 ms of Python (home page, session 18)."""
    items = [_item(article, int(level), escape(article.title)) for article in articles]
    return mark_safe("\n".join(items) if items else f"<p>{escape(empty)}</p>")


@register.simple_tag
def result_item(article, title, snippet):
    """A search result: an ``article_items`` item under an ``<h3>`` with ``title`` and ``snippet``,
    the marked (and escaped) HTML of highlight.highlight() and highlight.snippet(); text
    that is not marked safe is escaped."""
    return mark_safe(
        _item(article, 3, conditional_escape(title), "item result", conditional_escape(snippet))
    )


def _item(article, level: int, title: str, kind="item", snippet: str | None = None) -> str:
    parts = [f'<article class="{kind}">\n']
    if article.kicker:
        parts.append(f'  <p class="kicker">{escape(article.kicker)}</p>\n')
    url = escape(article.get_absolute_url())
    parts.append(f'  <h{level} class="item-title"><a href="{url}">{title}</a></h{level}>\n')
    if article.subtitle:
        parts.append(f'  <p class="subtitle">{escape(article.subtitle)}</p>\n')
    if snippet is not None:
        parts.append(f'  <p class="snippet">{snippet}</p>\n')
    parts.append(
        f'  <p class="meta">{_time_element(article.event_date)}\n'
        f"  {_tag_links(prefetched_all(article, 'tags'))}</p>\n</article>"
    )
    return "".join(parts)


# -- Search's facets ----------------------------------------------------------------------

# What each facet's link changes in the query string, and the label it shows.
_FACETS = {
    "years": (lambda y: {"from": y["from"], "to": y["to"]}, lambda y: f"{y['year']}年"),
    "tags": (lambda t: {"tag": t["tag__slug"]}, lambda t: t["tag__name"]),
    "people": (lambda p: {"person": p["person_id"]}, lambda p: p["person__name"]),
}


@register.simple_tag(takes_context=True)
def facet_items(context, items, kind):
    """A list item per facet value of ``kind``: a link to the results narrowed to it, on
    their first page, and the count."""
    changes, label = _FACETS[kind]
    get = context.request.GET
    return mark_safe(
        "".join(
            f'<li><a href="{escape(query_string(get, {**changes(item), "page": None}))}">'
            f'{escape(label(item))}</a> <span class="meta">{item["count"]}</span></li>'
            for item in items
        )
    )


def query_string(get, changes: dict) -> str:
    """What ``{% querystring %}`` gives for the QueryDict ``get`` with ``changes`` (None
    removes a key). The tag deep-copies the QueryDict for every link, and a search page
    has fifty facet links."""
    params = dict(get.lists())
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = [value]
    if not params and not get:
        return ""
    return "?" + urlencode(
        [(key, str(value)) for key, values in params.items() for value in values]
    )


# -- The directive index --------------------------------------------------------------------


@register.simple_tag
def directive_list_items(directives):
    """A list item per directive: linked heading, the start of its text, its article's
    date, meeting, issuer and article; a line saying there are none when there are none."""
    parts = []
    for directive in directives:
        article = directive.article
        meeting, issuer = directive.meeting, directive.issuer
        meeting = f" · {_link(meeting, meeting.name)}" if meeting else ""
        issuer = f" · {_link(issuer, issuer.name)}提出" if issuer else ""
        parts.append(
            '\n  <li class="item">\n'
            f'    <h2 class="item-title">{_link(directive, directive.heading)}</h2>\n'
            f"    <p>{escape(truncated(directive.text, 140))}</p>\n"
            f'    <p class="meta">{_time_element(article.event_date)}\n'
            f"    {meeting}\n    {issuer}\n"
            f"    · 出自{_link(article, article.title)}</p>\n  </li>\n"
        )
    return mark_safe("".join(parts) if parts else "<li>没有符合条件的工作要求。</li>")


# -- The meeting list -----------------------------------------------------------------------


@register.simple_tag
def meeting_list_items(meetings):
    """A list item per meeting: linked name, date, organizer, the people who chaired it
    (``chairs``, prefetched) and the article that reports it; a line saying there are none
    when there are none."""
    parts = []
    for meeting in meetings:
        day = f"{_time_element(meeting.date)} · " if meeting.date else ""
        chairs = "".join([_link(chair.person, chair.person.name) for chair in meeting.chairs])
        article = meeting.article
        parts.append(
            '\n  <li class="item">\n'
            f'    <h2 class="item-title">{_link(meeting, meeting.name)}</h2>\n'
            f'    <p class="meta">{day}{escape(meeting.organizer)}\n'
            f"    {' · 主持：' + chairs if chairs else ''}</p>\n"
            f'    <p class="meta">报道：{_link(article, article.title)}</p>\n  </li>\n'
        )
    return mark_safe("".join(parts) if parts else "<li>没有符合条件的会议。</li>")


@cache
def _combining() -> re.Pattern[str]:
    """Characters that Truncator may not count: those of the Basic Multilingual Plane with
    a combining class other than 0, and every character beyond it. sre looks the first up
    in a bitmap and tries the second as one range; a class of the 900 marks themselves, 200
    of them beyond the BMP, was tried range by range for each character (35 us for a
    directive's 165 characters on the bench archive, against 0.9)."""
    marks = [chr(code) for code in range(0x10000) if unicodedata.combining(chr(code))]
    return re.compile("[" + "".join(re.escape(mark) for mark in marks) + "\U00010000-\U0010ffff]")


def truncated(text: str, length: int) -> str:
    """What ``text|truncatechars:length`` gives. Truncator looks up each character's
    combining class in Python (a tenth of the directive index's CPU, for 30 directives);
    text in NFC that fits is returned as it is, and longer text with no combining
    character (nor any beyond the BMP), which Chinese text mostly is, is cut directly."""
    if not unicodedata.is_normalized("NFC", text):
        return Truncator(text).chars(length)
    if len(text) <= length:
        return text  # Truncator counts fewer characters than len() does, never more
    if _combining().search(text):
        return Truncator(text).chars(length)
    return add_truncation_text(text[: calculate_truncate_chars_length(length, None)])


# As a filter it takes what truncatechars takes: any value, as its text.
register.filter("truncated", stringfilter(truncated))


# -- The home page's side columns ----------------------------------------------------------


@register.simple_tag
def recent_meeting_items(meetings):
    """A list item per meeting: linked name and the day of the month."""
    parts = []
    for meeting in meetings:
        day = meeting.date
        when = (
            f'<span class="meta">{_time_element(day, f"{day.month}月{day.day}日")}</span>'
            if day
            else ""
        )
        parts.append(f"\n      <li>{_link(meeting, meeting.name)}\n      {when}</li>\n    ")
    return mark_safe("".join(parts))


@register.simple_tag
def recent_directive_items(directives):
    """A list item per directive: linked heading, and its meeting's name or else its
    article's title."""
    return mark_safe(
        "".join(
            f"\n      <li>{_link(directive, directive.heading)}\n      "
            f'<span class="meta">'
            f"{escape(directive.meeting.name if directive.meeting else directive.article.title)}"
            "</span></li>\n    "
            for directive in directives
        )
    )


# -- A person's page: their positions, meetings, directives and bylines -------------------
#
# A district leader's page lists fifty positions and twenty each of meetings, directives and
# bylines: through the template those rows were half of the page's rendering, a dozen
# lookups and escapes a row (bench/pages.py). The markup is the template's as it was.


def _date_or_dash(day) -> str:
    return _time_element(day) if day else "—"


@register.simple_tag
def position_rows(positions):
    """A table row per position: title, first and last seen (a dash where unknown)."""
    return mark_safe(
        "".join(
            f"<tr><td>{escape(position.title)}</td><td>{_date_or_dash(position.first_seen)}"
            f"</td><td>{_date_or_dash(position.last_seen)}</td></tr>"
            for position in positions
        )
    )


@register.simple_tag
def meeting_timeline(meetings):
    """A list item per (meeting, role labels): date, linked name, roles."""
    parts = []
    for meeting, roles in meetings:
        day = f"{_time_element(meeting.date)} " if meeting.date else ""
        parts.append(
            f"<li>{day}{_link(meeting, meeting.name)}"
            f' <span class="role">{escape("、".join(roles))}</span></li>'
        )
    return mark_safe("".join(parts))


@register.simple_tag
def directive_items(directives, person):
    """A list item per directive: linked heading, its article's date, its meeting, and
    whether ``person`` issued it."""
    parts = []
    for directive in directives:
        meeting = f" · {escape(directive.meeting.name)}" if directive.meeting else ""
        own = " · 本人提出" if directive.issuer_id == person.pk else ""
        parts.append(
            f"<li>{_link(directive, directive.heading)} "
            f'<span class="meta">{_time_element(directive.article.event_date)}{meeting}{own}'
            "</span></li>"
        )
    return mark_safe("".join(parts))


@register.simple_tag
def credit_items(credits):
    """A list item per byline: the linked article title and the role."""
    return mark_safe(
        "".join(
            f"<li>{_link(credit.article, credit.article.title)} "
            f'<span class="meta">{escape(credit.get_role_display())}</span></li>'
            for credit in credits
        )
    )


# -- An article page: its body, byline and side panels ------------------------------------
#
# An article page prints its paragraphs, a meeting's participants, the directives, the
# people named and the related articles: through the template those rows were most of the
# page's rendering, a dozen lookups and escapes a row (bench/pages.py). The markup is the
# template's as it was.


@register.simple_tag
def paragraphs(texts):
    """A ``<p>`` per paragraph, one to a line."""
    return mark_safe("".join(f"<p>{escape(text)}</p>\n  " for text in texts))


@register.simple_tag
def byline(credits):
    """Each credit's role and linked name, separated by an ideographic space."""
    return mark_safe(
        "　".join(
            f"{escape(credit.get_role_display())} {_link(credit.person, credit.person.name)}"
            for credit in credits
        )
    )


@register.simple_tag
def participant_items(participants):
    """A list item per (person, role labels, position) of ``Meeting.participants()``."""
    parts = []
    for person, roles, position in participants:
        title = f'<span class="meta">（{escape(position)}）</span>' if position else ""
        parts.append(
            f"<li>{_link(person, person.name)}"
            f'{title} <span class="role">{escape("、".join(roles))}</span></li>'
        )
    return mark_safe("".join(parts))


@register.simple_tag
def article_directive_items(directives):
    """A list item per directive of the article: heading linked to its own anchor, the
    issuer, the text."""
    parts = []
    for directive in directives:
        anchor = escape(directive.anchor)
        issuer = directive.issuer
        by = f'<span class="meta">（{_link(issuer, issuer.name)}提出）</span>' if issuer else ""
        parts.append(
            f'<li id="{anchor}"><a href="#{anchor}" class="anchor" '
            f'aria-label="第{directive.order}条工作要求的链接">{escape(directive.heading)}</a>'
            f"{by}\n      <p>{escape(directive.text)}</p></li>"
        )
    return mark_safe("".join(parts))


@register.simple_tag
def mention_items(mentions):
    """A list item per person named: linked name and the positions the article gives."""
    parts = []
    for mention in mentions:
        person = mention.person
        positions = (
            f'<span class="meta">（{escape("、".join(mention.positions))}）</span>'
            if mention.positions
            else ""
        )
        parts.append(f"<li>{_link(person, person.name)}{positions}</li>")
    return mark_safe("".join(parts))


@register.simple_tag
def related_items(articles):
    """A list item per related article: linked title and date."""
    return mark_safe(
        "".join(
            f"<li>{_link(article, article.title)} "
            f'<span class="meta">{_time_element(article.event_date)}</span></li>'
            for article in articles
        )
    )
