"""The Content Security Policy and what keeps it strict: no inline code in our templates."""

import re

import pytest
from csp.constants import NONCE, SELF
from csp.decorators import csp_exempt, csp_update
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from newsroom.middleware import ContentSecurityPolicyMiddleware

TEMPLATES = sorted((settings.BASE_DIR / "templates").rglob("*.html"))

# What a policy without 'unsafe-inline' blocks: inline <script> and <style> elements, style
# attributes, event-handler attributes and javascript: URLs.
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def test_templates_carry_no_inline_code():
    assert TEMPLATES, "no templates found"
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {kind}"
        for path in TEMPLATES
        for kind, pattern in INLINE.items()
        if pattern.search(path.read_text())
    ]
    assert found == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/admin/login/", "/search/?q=会议"])
def test_pages_are_sent_with_the_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == policy["base-uri"] == policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]


# ContentSecurityPolicyMiddleware builds the headers once; what it sends must stay what
# django-csp would send, whatever the settings and whatever a view asks for.


def _policy(header: str) -> dict:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def _served(view, path="/"):
    middleware = ContentSecurityPolicyMiddleware(view)
    return middleware, middleware(RequestFactory().get(path))


def _page(request):
    return HttpResponse("页面")


def test_policy_header_is_django_csps():
    _, response = _served(_page)
    assert response["Content-Security-Policy"] == build_policy()
    assert "Content-Security-Policy-Report-Only" not in response


def test_policy_follows_the_settings_when_they_change(settings):
    middleware, response = _served(_page)
    assert _policy(response["Content-Security-Policy"])["default-src"] == "'self'"
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["https://cdn.example"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": ["'self'"]}}
    # The same middleware instance: what it built for the old settings must not be served.
    response = middleware(RequestFactory().get("/"))
    assert response["Content-Security-Policy"] == "default-src https://cdn.example"
    assert _policy(response["Content-Security-Policy-Report-Only"])["img-src"] == "'self'"


def test_excluded_paths_and_headers_set_by_the_view_are_left(settings):
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "EXCLUDE_URL_PREFIXES": ["/feeds/"],
    }
    _, response = _served(_page, "/feeds/latest/")
    assert "Content-Security-Policy" not in response

    def own_policy(request):
        response = _page(request)
        response["Content-Security-Policy"] = "default-src 'none'"
        return response

    _, response = _served(own_policy)
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_decorated_views_get_django_csps_answer():
    _, response = _served(csp_exempt()(_page))
    assert "Content-Security-Policy" not in response
    _, response = _served(csp_update({"img-src": ["https://maps.example"]})(_page))
    policy = _policy(response["Content-Security-Policy"])
    assert policy["img-src"] == "https://maps.example"
    assert policy["default-src"] == "'self'"


def test_a_nonce_taken_by_the_page_is_in_its_policy(settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [SELF, NONCE]}}

    def with_nonce(request):
        response = _page(request)
        response.content = f'<script nonce="{request.csp_nonce}"></script>'.encode()
        return response

    _, response = _served(with_nonce)
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode())[1]
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    _, response = _served(_page)  # a page that takes none gets the policy without one
    assert _policy(response["Content-Security-Policy"])["script-src"] == "'self'"
