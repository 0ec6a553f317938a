"""The container health check (newsroom/healthcheck.py) against a live server."""

import pytest

from newsroom import healthcheck


@pytest.mark.parametrize(
    ("allowed", "host"),
    [
        ("news.example.cn,www.news.example.cn", "news.example.cn"),
        (" .example.cn ", "example.cn"),
        ("*,news.example.cn", "news.example.cn"),
        ("", "localhost"),
    ],
)
def test_probe_host_is_one_the_site_accepts(allowed, host):
    assert healthcheck.probe_host(allowed) == host


@pytest.mark.django_db(transaction=True)
def test_probe_passes_only_with_an_allowed_host(live_server, settings):
    settings.ALLOWED_HOSTS = ["news.example.cn"]
    url = live_server.url + "/healthz"
    assert healthcheck.healthy(url, "news.example.cn")
    # What the compose file's first check did: Django refuses 127.0.0.1 with 400.
    assert not healthcheck.healthy(url, "127.0.0.1")


@pytest.mark.django_db(transaction=True)
def test_main_reads_the_port_and_hosts_of_the_container(live_server, settings, monkeypatch):
    settings.ALLOWED_HOSTS = ["news.example.cn"]
    port = live_server.url.rpartition(":")[2]
    monkeypatch.setenv("GUNICORN_BIND", f"0.0.0.0:{port}")
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "news.example.cn")
    assert healthcheck.main() == 0
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "other.example.cn")
    assert healthcheck.main() == 1


def test_nothing_listening_is_unhealthy():
    assert not healthcheck.healthy("http://127.0.0.1:9/healthz", "localhost", timeout=2)
