"""Production settings, run for real: collected static files, `check --deploy`, and gunicorn
with gunicorn.conf.py serving pages, admin and static files with the security headers and
one JSON log line per request (make test itself runs with DEBUG on)."""

import json
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

from tests.factories import make_article
from tests.processes import ROOT, PgServer, clean_env, manage

HOST = "news.example.cn"


@pytest.fixture(scope="module")
def production_env(django_db_setup, django_db_blocker, tmp_path_factory):
    """Production settings against the test database, with static files collected."""
    with django_db_blocker.unblock():
        server = PgServer.of_test_run()
        database = connection.settings_dict["NAME"]
    env = clean_env(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        DJANGO_STATIC_ROOT=str(tmp_path_factory.mktemp("static")),
        DATABASE_URL=server.url(database),
    )
    collected = manage("collectstatic", "--noinput", env=env, timeout=300)
    assert collected.returncode == 0, collected.stderr
    return env


def test_check_deploy_is_clean(production_env):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect())


def get(base, path, host=HOST, https=True, **headers):
    """(status, headers, body) of a GET, as through a TLS proxy unless https is False."""
    headers = {"Host": host, **headers}
    if https:
        headers["X-Forwarded-Proto"] = "https"
    request = urllib.request.Request(base + path, headers=headers)
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


class Gunicorn:
    """gunicorn with gunicorn.conf.py and production settings, on a free loopback port."""

    def __init__(self, env, *args, cwd=ROOT):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"}
        self.base = f"http://127.0.0.1:{port}"
        config = "gunicorn.conf.py" if cwd == ROOT else str(ROOT / "gunicorn.conf.py")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", config, *args, "newsroom.wsgi"],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 60
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                pytest.fail("gunicorn did not start:\n" + self.process.communicate()[0])
            time.sleep(0.2)

    def answers(self) -> bool:
        try:
            return get(self.base, "/healthz", https=False)[0] == 200
        except OSError:
            return False

    def stop(self) -> list[str]:
        """Stop gracefully, as `docker compose stop` does (SIGTERM); return the output lines."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        out, _ = self.process.communicate(timeout=60)
        assert self.process.returncode == 0, out
        return out.splitlines()


@pytest.fixture
def gunicorn(production_env):
    server = Gunicorn(production_env)
    yield server
    server.stop()


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_the_site_with_production_settings(gunicorn):
    base = gunicorn.base
    article = make_article("桐川区召开防汛工作部署会")

    status, headers, body = get(base, "/", **{"X-Request-ID": "proxy-7f3a"})
    assert status == 200
    html = body.decode()
    assert "桐川区召开防汛工作部署会" in html
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Request-ID"] == "proxy-7f3a"

    # The manifest storage names files by content hash, WhiteNoise serves them for good.
    stylesheet = html.split('rel="stylesheet" href="')[1].split('"')[0]
    assert stylesheet.startswith("/static/css/site.") and stylesheet != "/static/css/site.css"
    status, headers, body = get(base, stylesheet)
    assert status == 200 and b"--accent" in body
    assert "immutable" in headers["Cache-Control"]

    assert get(base, article.get_absolute_url())[0] == 200
    status, _, body = get(base, "/admin/login/")
    assert status == 200
    admin_css = body.decode().split('href="/static/admin/css/base.')[1].split('"')[0]
    assert get(base, "/static/admin/css/base." + admin_css)[0] == 200

    # Plain HTTP is sent to HTTPS, except the health check, which probes send directly.
    status, headers, _ = get(base, "/", https=False)
    assert status == 301 and headers["Location"] == f"https://{HOST}/"
    assert get(base, "/healthz", https=False)[0] == 200
    # A host not in DJANGO_ALLOWED_HOSTS is refused.
    assert get(base, "/", host="evil.example")[0] == 400
    assert get(base, "/no-such-page/")[0] == 404


@pytest.mark.django_db(transaction=True)
def test_every_log_line_is_json_with_the_request_id(gunicorn):
    get(gunicorn.base, "/", **{"X-Request-ID": "proxy-0001"})
    status, headers, _ = get(gunicorn.base, "/no-such-page/")
    generated = headers["X-Request-ID"]
    lines = gunicorn.stop()

    entries = [json.loads(line) for line in lines]  # fails on any line that is not JSON
    requests = [e for e in entries if e["logger"] == "newsroom.request"]
    home = next(e for e in requests if e["path"] == "/")
    assert home["request_id"] == "proxy-0001"
    assert home["method"] == "GET" and home["status"] == 200
    assert isinstance(home["duration_ms"], float) and home["duration_ms"] >= 0
    missing = next(e for e in requests if e["path"] == "/no-such-page/")
    assert missing["status"] == 404 and missing["request_id"] == generated
    assert len(generated) == 32
    # Django's own warning about the 404 carries the same id; gunicorn's lines are JSON too.
    warning = next(e for e in entries if e["logger"] == "django.request")
    assert warning["request_id"] == generated and warning["level"] == "WARNING"
    assert any(e["logger"] == "gunicorn.error" for e in entries)
    # One line per request, the app's: gunicorn writes no access log of its own.
    # (The fixture's start-up probes asked for /healthz.)
    assert [e["path"] for e in requests if e["path"] != "/healthz"] == ["/", "/no-such-page/"]
    assert not any(e["logger"] == "gunicorn.access" for e in entries)


@pytest.mark.django_db(transaction=True)
def test_workers_replaced_after_max_requests_keep_serving(production_env, tmp_path):
    """Workers are forked from a master that loaded the app (GUNICORN_PRELOAD_APP): one
    replaced after its requests must open a connection of its own and serve on. Started
    from another directory, as bench/pages.py starts it, the config finds its modules."""
    article = make_article("云湖区召开安全生产工作会议")
    env = {**production_env, "GUNICORN_MAX_REQUESTS": "2", "GUNICORN_MAX_REQUESTS_JITTER": "0"}
    server = Gunicorn(env, "--chdir", str(ROOT), cwd=tmp_path)
    try:
        pages = [get(server.base, article.get_absolute_url()) for _ in range(7)]
    finally:
        lines = server.stop()
    assert [status for status, _, _ in pages] == [200] * 7
    assert all("云湖区召开安全生产工作会议" in body.decode() for _, _, body in pages)
    messages = [json.loads(line)["message"] for line in lines]
    assert sum(m.startswith("Autorestarting worker") for m in messages) >= 2
    assert sum(m.startswith("Booting worker") for m in messages) >= 3
