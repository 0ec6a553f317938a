"""JSON log lines and request ids (newsroom/logs.py, newsroom/middleware.py)."""

import json
import logging
import sys

import pytest

from newsroom import logs


def record(message="稿件已导入", *args, exc_info=None, **extra):
    rec = logging.LogRecord("newsroom.test", logging.INFO, __file__, 1, message, args, exc_info)
    for key, value in extra.items():
        setattr(rec, key, value)
    return rec


def test_json_line_has_the_fields_and_keeps_chinese_readable():
    line = logs.JsonFormatter().format(record("导入 %d 篇", 4, status=200, duration_ms=1.5))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "导入 4 篇"
    assert "导入" in line  # not \\u escapes
    assert entry["level"] == "INFO" and entry["logger"] == "newsroom.test"
    assert entry["status"] == 200 and entry["duration_ms"] == 1.5
    assert entry["time"].endswith("+00:00")
    assert entry["request_id"] is None


def test_json_line_carries_the_traceback_and_stringifies_odd_values():
    try:
        raise ValueError("坏的输入")
    except ValueError:
        exc_info = sys.exc_info()
    line = logs.JsonFormatter().format(record(exc_info=exc_info, request=object()))
    entry = json.loads(line)
    assert "ValueError: 坏的输入" in entry["exception"]
    assert entry["request"].startswith("<object object")


def test_request_id_comes_from_the_context_or_the_request():
    token = logs.request_id.set("abc123")
    try:
        rec = record()
        assert logs.RequestIdFilter().filter(rec)
        assert rec.request_id == "abc123"
    finally:
        logs.request_id.reset(token)

    class Request:
        request_id = "from-request"

    rec = record(request=Request())
    logs.RequestIdFilter().filter(rec)
    assert rec.request_id == "from-request"


def access_lines(caplog):
    return [r for r in caplog.records if r.name == "newsroom.request"]


@pytest.mark.django_db
def test_an_incoming_request_id_is_kept_and_logged(client, caplog):
    caplog.set_level(logging.INFO, logger="newsroom.request")
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-1a2b.3c")
    assert response["X-Request-ID"] == "lb-1a2b.3c"
    (line,) = access_lines(caplog)
    assert line.request_id == "lb-1a2b.3c"
    assert (line.method, line.path, line.status) == ("GET", "/healthz", 200)
    assert line.duration_ms >= 0


@pytest.mark.django_db
@pytest.mark.parametrize("incoming", ["", "has spaces", "x" * 129, "换行\n注入"])
def test_a_missing_or_odd_request_id_is_replaced(client, caplog, incoming):
    caplog.set_level(logging.INFO, logger="newsroom.request")
    first = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and int(first, 16) >= 0
    assert first != second
    assert [line.request_id for line in access_lines(caplog)] == [first, second]


@pytest.mark.django_db
def test_redirects_and_errors_are_logged_too(client, caplog):
    caplog.set_level(logging.INFO, logger="newsroom.request")
    client.get("/admin")  # APPEND_SLASH redirect
    client.get("/no-such-page/")
    assert [(line.path, line.status) for line in access_lines(caplog)] == [
        ("/admin", 301),
        ("/no-such-page/", 404),
    ]
