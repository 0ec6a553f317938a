"""The tags that write what list pages print many times over."""

import datetime as dt

import pytest
from django.template import Context, Template

from articles.instances import loaded
from articles.models import Meeting
from articles.templatetags.newsroom_links import options, recent_meeting_items, time_element
from tests.factories import make_article, make_directive, make_meeting


def test_options_mark_the_selected_value_and_escape_labels():
    html = options([2024, 2023], 2023)
    assert html == '<option value="2024">2024</option><option value="2023" selected>2023</option>'
    pairs = options([("甲&乙", "<b>甲</b>"), ("丙", "丙")], "丙")
    assert pairs == (
        '<option value="甲&amp;乙">&lt;b&gt;甲&lt;/b&gt;</option>'
        '<option value="丙" selected>丙</option>'
    )
    assert options([], None) == ""


@pytest.mark.parametrize(
    "day, shown",
    [
        (dt.date(2024, 3, 5), "2024年3月5日"),
        (dt.date(999, 1, 2), "999年1月2日"),
        (dt.date(1, 12, 31), "1年12月31日"),
        (dt.datetime(2024, 3, 5, 23, 59), "2024年3月5日"),
    ],
)
def test_time_element_gives_the_date_as_the_date_filter_writes_it(day, shown):
    machine = Template('{{ day|date:"Y-m-d" }}').render(Context({"day": day}))
    assert time_element(day) == f'<time datetime="{machine}">{shown}</time>'
    assert time_element(None) == ""


@pytest.mark.django_db
def test_year_and_month_filters_list_the_archives_years(client):
    for year in (2019, 2024):
        article = make_article(event_date=dt.date(year, 3, 1))
        make_directive(article, meeting=make_meeting(article, date=dt.date(year, 3, 1)))
    page = client.get("/meetings/", {"year": 2024, "month": 3}).text
    assert '<option value="2024" selected>2024</option><option value="2019">2019</option>' in page
    assert '<option value="3" selected>3月</option>' in page
    page = client.get("/directives/").text
    assert '<option value="2024">2024</option><option value="2019">2019</option>' in page


ROUTES = [
    "articles:home",
    "articles:meeting_list",
    "articles:directive_list",
    "articles:person_list",
    "articles:tag_list",
    "articles:search",
    "articles:feed_latest_rss",
    "articles:feed_latest_atom",
    "admin:index",
]


def test_route_gives_what_reverse_gives_under_any_script_prefix():
    from django.urls import reverse, set_script_prefix

    from newsroom.links import route_url

    try:
        for prefix in ("/", "/报社/"):
            set_script_prefix(prefix)
            for name in ROUTES:
                assert route_url(name) == reverse(name), (prefix, name)
            assert route_url("articles:home").startswith(
                prefix.replace("报社", "%E6%8A%A5%E7%A4%BE")
            )
    finally:
        set_script_prefix("/")


@pytest.mark.django_db
def test_pages_link_the_sections_and_feeds(client):
    page = client.get("/").text
    for href in ("/meetings/", "/directives/", "/people/", "/tags/", "/feeds/latest.rss"):
        assert f'href="{href}"' in page
    assert 'action="/search/"' in page
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and 'href="/meetings/"' in missing.text


def test_tag_links_are_written_from_what_they_show():
    from articles.models import Tag
    from articles.templatetags.newsroom_links import tag_links

    place = Tag(name="云湖<区>", slug="云湖区", kind="place")
    html = tag_links([place, Tag(name="河长制", slug="河长制", kind="term")])
    assert html == (
        f'<a class="tag tag-place" href="{place.get_absolute_url()}">云湖&lt;区&gt;</a>'
        '<a class="tag tag-term" href="/tags/%E6%B2%B3%E9%95%BF%E5%88%B6/">河长制</a>'
    )
    # A renamed tag shows its new name at once: links are kept by what they show.
    place.name = "云湖新区"
    assert ">云湖新区</a>" in tag_links([place])


def test_person_page_lists_escape_and_mark_what_the_person_issued():
    from articles.models import Article, Credit, Directive, Meeting
    from articles.templatetags.newsroom_links import (
        credit_items,
        directive_items,
        meeting_timeline,
        position_rows,
    )
    from people.models import Person, Position

    person = Person(pk=7, name="林思远")
    rows = position_rows(
        [Position(title="区长<代>", first_seen=None, last_seen=dt.date(2024, 3, 5))]
    )
    assert rows == (
        "<tr><td>区长&lt;代&gt;</td><td>—</td>"
        '<td><time datetime="2024-03-05">2024年3月5日</time></td></tr>'
    )
    meeting = Meeting(pk=3, name="防汛<会>", date=None)
    assert meeting_timeline([(meeting, ["主持", "讲话"])]) == (
        f'<li><a href="{meeting.get_absolute_url()}">防汛&lt;会&gt;</a>'
        ' <span class="role">主持、讲话</span></li>'
    )
    article = Article(pk=11, title="标题&", event_date=dt.date(2024, 1, 2))
    own = Directive(pk=1, order=2, heading="压实<责任>", issuer_id=7, article=article)
    own.meeting = None
    other = Directive(pk=2, order=3, heading="其他", issuer_id=None, article=article)
    other.meeting = meeting
    html = directive_items([own, other], person)
    assert f'href="{article.get_absolute_url()}#directive-2">压实&lt;责任&gt;</a>' in html
    assert html.count("本人提出") == 1 and " · 防汛&lt;会&gt;</span>" in html
    credit = Credit(role="reporter", article=article)
    assert credit_items([credit]) == (
        f'<li><a href="{article.get_absolute_url()}">标题&amp;</a>'
        f' <span class="meta">{credit.get_role_display()}</span></li>'
    )


@pytest.mark.django_db
def test_article_page_panels_escape_what_ingest_wrote(client):
    from articles.models import Credit, Mention, Tag
    from tests.factories import make_participation, make_person

    chair = make_person("林<思>远")
    article = make_article(
        "标题", body="第一段<b>加粗</b>\n\n第二段&", event_date=dt.date(2024, 3, 5)
    )
    meeting = make_meeting(article, name="推进<会>", date=dt.date(2024, 3, 5))
    make_participation(meeting, chair, "chair", position="区长<代>")
    make_participation(meeting, chair, "speaker", position="区长<代>")
    make_directive(
        article, meeting=meeting, heading="压实<责任>", text="要<i>压实</i>。", issuer=chair
    )
    make_directive(article, order=2, heading="其他", text="要落实。")
    Mention.objects.create(article=article, person=chair, positions=["区长<代>", "书记"])
    Credit.objects.create(article=article, person=chair, role="reporter")
    Credit.objects.create(article=article, person=make_person("许文静"), role="photographer")
    place = Tag.objects.create(name="云湖<区>", kind="place")
    article.tags.add(place, Tag.objects.create(name="话题&", kind="topic"))
    related = make_article("相关<稿>", event_date=dt.date(2024, 3, 1))
    related.tags.add(place)

    page = client.get(article.get_absolute_url()).text
    url = chair.get_absolute_url()
    assert "<p>第一段&lt;b&gt;加粗&lt;/b&gt;</p>\n  <p>第二段&amp;</p>" in page
    assert f'记者 <a href="{url}">林&lt;思&gt;远</a>　摄影 <a href="' in page
    assert (
        f'<li><a href="{url}">林&lt;思&gt;远</a><span class="meta">（区长&lt;代&gt;）</span>'
        ' <span class="role">主持、讲话</span></li>'
    ) in page
    assert (
        '<li id="directive-1"><a href="#directive-1" class="anchor" '
        'aria-label="第1条工作要求的链接">'
        f'压实&lt;责任&gt;</a><span class="meta">（<a href="{url}">林&lt;思&gt;远</a>提出）</span>'
        "\n      <p>要&lt;i&gt;压实&lt;/i&gt;。</p></li>"
        '<li id="directive-2"><a href="#directive-2" class="anchor" '
        'aria-label="第2条工作要求的链接">'
        "其他</a>\n      <p>要落实。</p></li>"
    ) in page
    assert (
        f'<li><a href="{url}">林&lt;思&gt;远</a>'
        '<span class="meta">（区长&lt;代&gt;、书记）</span></li>'
    ) in page
    assert f'<a class="tag tag-place" href="{place.get_absolute_url()}">云湖&lt;区&gt;</a>' in page
    assert ">话题&amp;</a>" in page
    assert (
        f'<li><a href="{related.get_absolute_url()}">相关&lt;稿&gt;</a> '
        '<span class="meta"><time datetime="2024-03-01">2024年3月1日</time></span></li>'
    ) in page
    assert "<b>" not in page and "<i>" not in page


@pytest.mark.parametrize(
    "text",
    [
        "",
        "要压实责任。",
        "要" * 140,
        "要" * 141,
        "坚持目标导向、问题导向，" * 30,
        "e\u0301" * 100,  # combining marks do not count
        "\u212b" * 150,  # not NFC: Truncator normalises first
        "甲" * 139 + "e\u0301" * 3,
        "甲\u0301" * 2,  # NFC with a combining mark: nothing composes with 甲
        "甲\u0301" * 100,  # longer than 140 by len(), 100 characters by Truncator's count
        "甲" * 139 + "\U0001d165" * 3,  # a combining mark beyond the BMP
        "\U00020000" * 150,  # CJK Extension B, as in some people's names
    ],
)
def test_truncated_gives_what_truncatechars_gives(text):
    from django.template.defaultfilters import truncatechars
    from django.utils import translation

    from articles.templatetags.newsroom_links import truncated

    for language in ("zh-hans", "en"):  # the ellipsis is translated
        with translation.override(language):
            for length in (1, 3, 140):
                assert truncated(text, length) == truncatechars(text, length), (language, length)


@pytest.mark.django_db
def test_directive_index_items_escape_and_cut_the_text(client):
    from tests.factories import make_person

    article = make_article("稿件<标题>", event_date=dt.date(2024, 3, 5))
    meeting = make_meeting(article, name="推进<会>")
    make_directive(
        article, meeting=meeting, issuer=make_person("林<思>远"), heading="压实<责任>",
        text="要<b>压实</b>" + "责任" * 100,
    )  # fmt: skip
    page = client.get("/directives/").text
    assert '">压实&lt;责任&gt;</a></h2>' in page
    # 137 characters and the translated ellipsis, three dots
    assert "<p>要&lt;b&gt;压实&lt;/b&gt;" + "责任" * 63 + "责...</p>" in page
    assert ">推进&lt;会&gt;</a>" in page and ">林&lt;思&gt;远</a>提出" in page
    assert ">稿件&lt;标题&gt;</a></p>" in page
    assert "<b>" not in page
    meeting.directives.all().delete()
    assert "<li>没有符合条件的工作要求。</li>" in client.get("/directives/").text


@pytest.mark.parametrize(
    "query",
    ["", "q=防汛", "q=防汛&page=3", "q=a+b&tag=春耕&tag=x%26y&order=newest", "page=2", "tag="],
)
@pytest.mark.parametrize(
    "changes",
    [{"page": None}, {"tag": "云湖<区>", "page": None}, {"from": "2024-01-01", "to": 7}, {}],
)
def test_query_string_gives_what_the_querystring_tag_gives(rf, query, changes):
    from django.template import RequestContext, Template

    from articles.templatetags.newsroom_links import query_string

    request = rf.get("/search/?" + query)
    arguments = " ".join(f"{key}=changes.{key}" for key in changes)
    template = Template(
        f"{{% autoescape off %}}{{% querystring {arguments} %}}{{% endautoescape %}}"
    )
    expected = template.render(RequestContext(request, {"changes": changes}))
    assert query_string(request.GET, changes) == expected


def test_recent_meeting_items_write_four_digit_years():
    meetings = [
        loaded(Meeting, id=7, name="<会>", date=dt.date(999, 1, 2)),
        loaded(Meeting, id=8, name="无日期的会", date=None),
    ]
    html = recent_meeting_items(meetings)
    assert '<time datetime="0999-01-02">1月2日</time>' in html
    assert "&lt;会&gt;" in html and html.count("<time") == 1


@pytest.mark.django_db
def test_meeting_list_items_escape_what_ingest_wrote(client):
    from tests.factories import make_participation, make_person

    article = make_article("稿件<标题>", event_date=dt.date(2024, 3, 5))
    meeting = make_meeting(article, name="推进<会>", organizer="云<湖>区", date=dt.date(2024, 3, 5))
    chairs = [make_person("林<思>远"), make_person("周明礼")]
    for order, chair in enumerate(chairs):
        make_participation(meeting, chair, role="chair", order=order)
    make_participation(meeting, make_person("许文静"), role="attendee", order=2)
    make_meeting(make_article("无日期稿"), name="无日期会", organizer="", date=None)
    page = client.get("/meetings/").text
    links = "".join(
        f'<a href="/people/{c.pk}/">{n}</a>'
        for c, n in zip(chairs, ["林&lt;思&gt;远", "周明礼"], strict=True)
    )
    assert (
        f'<h2 class="item-title"><a href="/meetings/{meeting.pk}/">推进&lt;会&gt;</a></h2>\n'
        '    <p class="meta"><time datetime="2024-03-05">2024年3月5日</time> · 云&lt;湖&gt;区\n'
        f"     · 主持：{links}</p>\n"
        f'    <p class="meta">报道：<a href="/articles/{article.pk}/">稿件&lt;标题&gt;</a></p>'
    ) in page
    assert "许文静" not in page  # only those who chaired
    assert '">无日期会</a></h2>\n    <p class="meta">\n    </p>' in page
    assert '<option value="云&lt;湖&gt;区">云&lt;湖&gt;区（1）</option>' in page
    assert "<b>" not in page and "<会>" not in page
    chosen = client.get("/meetings/", {"organizer": "云<湖>区"}).text
    assert '<option value="云&lt;湖&gt;区" selected>云&lt;湖&gt;区（1）</option>' in chosen
    assert "无日期会" not in chosen
    assert "<li>没有符合条件的会议。</li>" in client.get("/meetings/", {"year": 1999}).text


@pytest.mark.django_db
def test_article_items_show_tags_prefetched_or_not(django_assert_num_queries):
    from articles.models import Article, Tag
    from articles.templatetags.newsroom_links import article_items

    article = make_article("有标签的稿件")
    article.tags.add(Tag.objects.create(name="乡村振兴"), Tag.objects.create(name="河长制"))
    listed = Article.objects.filter(pk=article.pk).with_tags().get()
    with django_assert_num_queries(0):  # with_tags() left them where .all() finds them
        html = article_items([listed], "无")
    assert html.count('class="tag tag-topic"') == 2 and ">河长制</a>" in html
    assert '<h2 class="item-title"><a href="/articles/' in html
    plain = Article.objects.get(pk=article.pk)  # none prefetched: read as .all() reads them
    with django_assert_num_queries(1):
        assert article_items([plain], "无") == html
    both = article_items([listed, listed], "无", level=3)
    assert both.count('<article class="item">') == 2 and both.count("<h3") == 2
    assert article_items([], "没有<稿件>") == "<p>没有&lt;稿件&gt;</p>"


@pytest.mark.parametrize("value", [1234567, None, "<b>要压实责任</b>"])
def test_the_truncated_filter_takes_what_truncatechars_takes(value):
    template = "{% load newsroom_links %}{{ value|truncated:4 }}|{{ value|truncatechars:4 }}"
    ours, django_s = Template(template).render(Context({"value": value})).split("|")
    assert ours == django_s


@pytest.mark.django_db
def test_result_items_are_what_the_search_template_wrote():
    """result_item writes what search.html wrote item by item before it (the template
    below), marks kept and everything else escaped."""
    from articles.models import Article, Tag
    from articles.search import highlight, parse_query, snippet
    from articles.templatetags.newsroom_links import result_item

    article = make_article(
        "<推进>防汛工作",
        kicker="本报讯 & 快讯",
        subtitle='副题"防汛"',
        body="会议要求，各地要压实<防汛>责任。" * 20,
    )
    article.tags.add(Tag.objects.create(name="防汛"))
    listed = Article.objects.filter(pk=article.pk).with_tags().get()
    patterns = parse_query("防汛").patterns
    title, text = highlight(listed.title, patterns), snippet(listed.body, patterns)
    template = Template(
        "{% load newsroom_links %}"
        '<article class="item result">\n'
        '  {% if article.kicker %}<p class="kicker">{{ article.kicker }}</p>\n{% endif %}'
        '  <h3 class="item-title"><a href="{{ article.get_absolute_url }}">{{ title }}</a></h3>\n'
        '  {% if article.subtitle %}<p class="subtitle">{{ article.subtitle }}</p>\n{% endif %}'
        '  <p class="snippet">{{ snippet }}</p>\n'
        '  <p class="meta">{% time_element article.event_date %}\n'
        "  {% tag_links article.tags.all %}</p>\n</article>"
    )
    expected = template.render(Context({"article": listed, "title": title, "snippet": text}))
    html = result_item(listed, title, text)
    assert html == expected
    assert "<mark>防汛</mark>" in html and "&lt;推进&gt;" in html and "&lt;" in text
    assert "<b>" not in result_item(listed, "<b>未标记</b>", "<b>正文</b>")
