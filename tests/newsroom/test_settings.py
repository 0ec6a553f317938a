"""Settings refuse unsafe production values; the project has no pending migrations."""

import json
import secrets
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.processes import clean_env, run

STRONG_KEY = secrets.token_urlsafe(50)
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": STRONG_KEY,
    "DJANGO_ALLOWED_HOSTS": "news.example.cn",
    "DATABASE_URL": "postgres://newsroom:secret@db.invalid:5432/newsroom",
}


def import_settings(*names, **env):
    """Import the settings in a fresh interpreter with exactly ``env``; print ``names`` as JSON."""
    code = (
        "import json, newsroom.settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}, default=str))"
    )
    return run([sys.executable, "-c", code], clean_env(**env), timeout=60)


def values(*names, **env):
    result = import_settings(*names, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def refusal(**env) -> str:
    result = import_settings(**env)
    assert result.returncode != 0, "settings accepted an unsafe configuration"
    assert "ImproperlyConfigured" in result.stderr
    return result.stderr


def test_debug_off_without_secret_key_refuses_to_start():
    env = dict(PRODUCTION)
    del env["DJANGO_SECRET_KEY"]
    assert "DJANGO_SECRET_KEY is not set" in refusal(**env)


def test_debug_off_without_hosts_refuses_to_start():
    env = dict(PRODUCTION)
    del env["DJANGO_ALLOWED_HOSTS"]
    assert "DJANGO_ALLOWED_HOSTS is not set" in refusal(**env)


def test_production_defaults_are_the_secure_ones():
    got = values(
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
        "LOG_FORMAT",
        "DATABASES",
        **PRODUCTION,
    )
    assert got["DEBUG"] is False
    assert got["SECURE_SSL_REDIRECT"] is True
    assert got["SECURE_HSTS_SECONDS"] == 31_536_000
    assert got["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and got["SECURE_HSTS_PRELOAD"]
    assert got["SESSION_COOKIE_SECURE"] and got["CSRF_COOKIE_SECURE"]
    # No proxy header is trusted unless the operator names one.
    assert got["SECURE_PROXY_SSL_HEADER"] is None
    assert got["LOG_FORMAT"] == "json"
    assert got["DATABASES"]["default"]["OPTIONS"]["connect_timeout"] == 5


@pytest.mark.parametrize(
    "key",
    [
        "short-but-random-Zq8",
        "ab" * 40,  # long, but only two different characters
        "django-insecure-" + secrets.token_urlsafe(50),
    ],
)
def test_weak_secret_key_is_refused_in_production(key):
    assert "DJANGO_SECRET_KEY is too weak" in refusal(**{**PRODUCTION, "DJANGO_SECRET_KEY": key})


def test_any_host_wildcard_is_refused_in_production():
    stderr = refusal(**{**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "news.example.cn,*"})
    assert "not '*'" in stderr


def test_production_without_database_url_refuses_the_embedded_server():
    env = dict(PRODUCTION)
    del env["DATABASE_URL"]
    stderr = refusal(**env)
    assert "DATABASE_URL is not set" in stderr and "NEWSROOM_ALLOW_EMBEDDED_DB=1" in stderr

    got = values("DATABASES", **env, NEWSROOM_ALLOW_EMBEDDED_DB="1")
    assert got["DATABASES"]["default"]["ENGINE"] == "newsroom.embedded_pg"


def test_debug_uses_the_embedded_server_without_asking():
    got = values("DATABASES", DJANGO_DEBUG="1")
    assert got["DATABASES"]["default"]["ENGINE"] == "newsroom.embedded_pg"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("X-Forwarded-Proto", ["HTTP_X_FORWARDED_PROTO", "https"]),
        ("x-forwarded-ssl=on", ["HTTP_X_FORWARDED_SSL", "on"]),
    ],
)
def test_proxy_ssl_header_from_the_environment(value, expected):
    got = values("SECURE_PROXY_SSL_HEADER", **PRODUCTION, DJANGO_SECURE_PROXY_SSL_HEADER=value)
    assert got["SECURE_PROXY_SSL_HEADER"] == expected


def test_malformed_proxy_ssl_header_is_refused():
    stderr = refusal(**PRODUCTION, DJANGO_SECURE_PROXY_SSL_HEADER="X Forwarded: https")
    assert "DJANGO_SECURE_PROXY_SSL_HEADER must be a header name" in stderr


def test_database_url_gets_the_projects_backend():
    got = values("DATABASES", **PRODUCTION)
    assert got["DATABASES"]["default"]["ENGINE"] == "newsroom.postgres"
    assert got["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is True


def test_connect_timeout_in_the_url_wins():
    url = PRODUCTION["DATABASE_URL"] + "?connect_timeout=2"
    got = values("DATABASES", **{**PRODUCTION, "DATABASE_URL": url})
    assert int(got["DATABASES"]["default"]["OPTIONS"]["connect_timeout"]) == 2


def test_blank_values_mean_the_defaults():
    # docker-compose.yml passes every variable, blank when .env leaves it out.
    blanks = {
        name: ""
        for name in (
            "DJANGO_TIME_ZONE",
            "NEWSROOM_SITE_NAME",
            "DJANGO_SECURE_HSTS_SECONDS",
            "DJANGO_SECURE_SSL_REDIRECT",
            "DJANGO_LOG_LEVEL",
            "DJANGO_LOG_FORMAT",
            "DJANGO_SECURE_PROXY_SSL_HEADER",
        )
    }
    got = values(
        "TIME_ZONE",
        "NEWSROOM_SITE_NAME",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "LOG_FORMAT",
        "SECURE_PROXY_SSL_HEADER",
        **PRODUCTION,
        **blanks,
    )
    assert got == {
        "TIME_ZONE": "Asia/Shanghai",
        "NEWSROOM_SITE_NAME": "区报资料库",
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_SSL_REDIRECT": True,
        "LOG_FORMAT": "json",
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_unknown_log_format_is_refused():
    assert "DJANGO_LOG_FORMAT must be json or text" in refusal(
        **PRODUCTION, DJANGO_LOG_FORMAT="xml"
    )


def test_bad_boolean_is_refused():
    assert "DJANGO_DEBUG must be a boolean" in refusal(DJANGO_DEBUG="maybe")


def test_non_postgres_database_url_is_refused():
    stderr = refusal(DJANGO_DEBUG="1", DATABASE_URL="sqlite:///tmp/x.db")
    assert "must name a PostgreSQL server" in stderr


def test_ui_speaks_simplified_chinese():
    assert settings.LANGUAGE_CODE == "zh-hans"


@pytest.mark.django_db
def test_no_migrations_pending():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_system_checks_clean():
    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()
