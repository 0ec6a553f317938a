"""A reader's path through the site in headless Chromium, with screenshots of each page type.

Screenshots go to test-artifacts/screenshots/ (phone and desktop widths) for people to look at.
"""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from articles.models import Credit, Mention, Tag
from tests.factories import (
    make_article,
    make_directive,
    make_meeting,
    make_participation,
    make_person,
)

SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story():
    chair = make_person("林思远")
    chair.positions.create(
        title="区长", first_seen=dt.date(2024, 3, 11), last_seen=dt.date(2024, 3, 11)
    )
    body = "\n\n".join(
        [
            "本报讯 3月11日上午,云湖区召开一季度重点工作推进会,总结前两个月各项工作进展,"
            "安排部署下一阶段重点任务。区委书记、区长林思远主持会议并讲话。",
            "会议强调,要坚定信心、抢抓进度。各部门要对照年度目标倒排工期,确保一季度各项指标稳中有进。",
            "要守牢底线、确保安全。深入开展安全生产大检查,做到排查不留死角、整改不留尾巴。",
            "区领导周明礼、韩秀英等参加会议。",
        ]
    )
    article = make_article(
        "云湖区召开一季度重点工作推进会",
        kicker="聚焦春耕备耕 抓实安全生产",
        subtitle="确保首季开门红",
        body=body,
        photos=True,
    )
    meeting = make_meeting(article, name="一季度重点工作推进会")
    make_participation(meeting, chair, "chair", position="区委书记、区长", order=0)
    make_participation(meeting, chair, "speaker", position="区委书记、区长", order=0)
    for order, name in enumerate(("周明礼", "韩秀英"), start=1):
        make_participation(meeting, make_person(name), "attendee", order=order)
    make_directive(
        article,
        1,
        meeting=meeting,
        heading="坚定信心、抢抓进度",
        text="要坚定信心、抢抓进度。各部门要对照年度目标倒排工期。",
    )
    make_directive(
        article,
        2,
        meeting=meeting,
        heading="守牢底线、确保安全",
        text="要守牢底线、确保安全。深入开展安全生产大检查。",
    )
    Mention.objects.create(article=article, person=chair, positions=["区委书记", "区长"])
    Credit.objects.create(article=article, person=make_person("许文静"), role="reporter")
    article.tags.add(
        Tag.objects.create(name="安全生产"),
        Tag.objects.create(name="白沙", kind="place"),
        Tag.objects.create(name="开门红", kind="term"),
    )
    make_article(
        "湖滨社区举办邻里文化节",
        body="本报讯 3月9日,湖滨社区举办第三届邻里文化节。",
        event_date=dt.date(2024, 3, 9),
    )
    return article


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        page.screenshot(path=SHOTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(VIEWPORTS["desktop"])


def test_reader_follows_article_chair_directive_and_tag(browser, live_server, story):
    page = browser.new_page(viewport=VIEWPORTS["desktop"], locale="zh-CN")
    page.set_default_timeout(10_000)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "最新稿件"
    assert page.get_by_role("link", name="一季度重点工作推进会", exact=True).is_visible()
    shoot(page, "home")

    page.get_by_role("link", name="云湖区召开一季度重点工作推进会").click()
    assert page.locator("h1").inner_text() == "云湖区召开一季度重点工作推进会"
    assert "聚焦春耕备耕" in page.locator(".kicker").inner_text()
    assert "区委书记、区长林思远主持会议并讲话" in page.locator(".body").inner_text()
    assert page.locator("#directive-2").is_visible()
    shoot(page, "article")

    page.locator("aside").get_by_role("link", name="林思远").first.click()
    assert page.locator("h1").inner_text() == "林思远"
    assert "区长" in page.locator("table.positions").inner_text()
    assert "一季度重点工作推进会" in page.locator(".timeline").inner_text()
    shoot(page, "person")

    page.get_by_role("link", name="守牢底线、确保安全").click()
    assert page.url.endswith("#directive-2")
    assert page.locator("#directive-2").is_visible()
    assert "深入开展安全生产大检查" in page.locator("#directive-2").inner_text()

    page.locator("aside").get_by_role("link", name="安全生产").click()
    assert page.locator("h1").inner_text() == "主题：安全生产"
    assert page.get_by_role("link", name="云湖区召开一季度重点工作推进会").is_visible()
    shoot(page, "tag")

    page.goto(live_server.url + story.meetings.get().get_absolute_url())
    assert "主持" in page.locator("main").inner_text()
    shoot(page, "meeting")
    page.goto(live_server.url + "/directives/")
    shoot(page, "directives")
    page.goto(live_server.url + "/articles/999999/")
    assert page.locator("h1").inner_text() == "找不到这个页面"
    shoot(page, "not-found")

    # The 404 above logs a failed resource load; nothing else may.
    assert [e for e in errors if "404" not in e] == []
    page.close()


def test_han_characters_are_rendered_with_a_cjk_font(browser, live_server, story):
    page = browser.new_page()
    page.goto(live_server.url + story.get_absolute_url())
    # Without a CJK font every Han character falls back to the same tofu box, so two
    # different characters would measure identically; with Noto CJK they differ in shape
    # but share the full-width advance. Compare rendered glyph widths against Latin text.
    width = page.evaluate(
        """() => {
        const span = document.createElement('span');
        span.style.fontSize = '20px';
        span.textContent = '区委书记';
        document.body.appendChild(span);
        return span.getBoundingClientRect().width;
    }"""
    )
    fonts = page.evaluate("() => document.fonts.check('20px \"Noto Sans CJK SC\"', '区')")
    assert 70 <= width <= 90  # four full-width glyphs of 20px
    assert fonts
    page.close()
