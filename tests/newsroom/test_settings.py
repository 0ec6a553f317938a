"""Settings refuse unsafe production values; the project has no pending migrations."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = settings.BASE_DIR


def import_settings(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import newsroom.settings"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_debug_off_without_secret_key_refuses_to_start():
    result = import_settings(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="news.example.cn")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_off_without_hosts_refuses_to_start():
    result = import_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr


def test_debug_off_with_both_starts():
    result = import_settings(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="news.example.cn"
    )
    assert result.returncode == 0, result.stderr


def test_bad_boolean_is_refused():
    result = import_settings(DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


def test_non_postgres_database_url_is_refused():
    result = import_settings(DJANGO_DEBUG="1", DATABASE_URL="sqlite:///tmp/x.db")
    assert result.returncode != 0
    assert "must name a PostgreSQL server" in result.stderr


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
