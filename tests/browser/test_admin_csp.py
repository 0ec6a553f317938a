"""The Content Security Policy blocks nothing our pages or the admin need: an editor logs in,
opens lists and forms, previews an import; Chromium must report no violation on the way."""

import pytest
from django.contrib.auth.models import User

from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = (
    "桐川区召开防汛工作部署会\n"
    "本报讯 6月2日上午,桐川区召开防汛工作部署会。区长林思远主持会议并讲话。\n"
    "会议强调,要压实责任,确保安全度汛。\n"
)


def test_admin_and_reader_pages_run_under_the_policy(browser, live_server):
    User.objects.create_superuser("editor", "editor@example.cn", "a-long-test-password-42")
    article = make_article("桐川区召开防汛工作部署会")
    page = browser.new_page(locale="zh-CN")
    page.set_default_timeout(10_000)
    # Collected by an init script, which the page's own policy does not apply to.
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    violations = []

    def visit(path):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        violations.extend(page.evaluate("window.__violations"))

    visit("/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password-42")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    violations.extend(page.evaluate("window.__violations"))
    for path in (
        "/admin/",
        "/admin/articles/article/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/articles/article/add/",
        "/admin/people/person/",
        "/admin/articles/bulletin/import/",
    ):
        visit(path)
    # The import preview (its stylesheet used to be inline).
    page.fill("#id_text", PAGE)
    page.fill("#id_issue_date", "2024-06-03")
    # Until the preview's load event its stylesheet may not apply yet (seen once: "none").
    with page.expect_navigation(wait_until="load"):
        page.click("input[name=preview]")
    assert "以下为解析预览" in page.locator("#content-main").inner_text()
    assert page.locator(".preview-article").evaluate("e => getComputedStyle(e).borderStyle") == (
        "solid"
    )
    violations.extend(page.evaluate("window.__violations"))
    for path in ("/", article.get_absolute_url(), "/search/?q=防汛"):
        visit(path)

    assert violations == []
    # Chromium asks for /favicon.ico on admin pages, which link no icon: a 404, not a block.
    assert [e for e in errors if "404 (Not Found)" not in e] == []
    page.close()
