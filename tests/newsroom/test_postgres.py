"""The backend's health check: a kept connection is taken without a round trip while it is
quiet, and replaced when the server has ended it."""

import pytest
from django.db import connection, connections

from newsroom.postgres.base import DatabaseWrapper, quiet
from tests.sockets import wait_readable

pytestmark = pytest.mark.django_db


def another_connection(**settings):
    """A connection of its own to the test database, with ``settings`` changed. (The
    alias is the default's: contrib.postgres looks its type ids up through it.)"""
    return type(connections["default"])({**connection.settings_dict, **settings}, "default")


@pytest.fixture
def kept():
    """A second connection to the test database, kept between "requests" and health-checked
    as production's are (CONN_MAX_AGE, CONN_HEALTH_CHECKS); the number of times it asked
    the server SELECT 1 in ``kept.asked``."""
    wrapper = another_connection(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)
    wrapper.asked = 0
    is_usable = wrapper.is_usable

    def counted():
        wrapper.asked += 1
        return is_usable()

    wrapper.is_usable = counted
    yield wrapper
    wrapper.close()


def next_request(wrapper):
    """What Django does between requests (request_started, close_old_connections)."""
    wrapper.close_if_unusable_or_obsolete()


def backend_pid(wrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_the_projects_backend_is_in_use():
    assert isinstance(connections["default"], DatabaseWrapper)


def test_a_quiet_kept_connection_is_used_without_asking(kept):
    pid = backend_pid(kept)
    for _ in range(3):
        next_request(kept)
        assert backend_pid(kept) == pid
    assert kept.asked == 0


def test_a_connection_the_server_ended_is_replaced(kept):
    pid = backend_pid(kept)
    next_request(kept)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    wait_readable(kept)
    assert not quiet(kept.connection.pgconn)
    next_request(kept)
    assert backend_pid(kept) != pid  # no error: asked, found dead, reconnected
    assert kept.asked == 1


def test_pending_input_is_asked_about_and_the_connection_kept(kept):
    with kept.cursor() as cursor:
        cursor.execute("LISTEN newsroom_probe")
    pid = backend_pid(kept)
    # Sent from a connection of its own: the test's connection holds an open
    # transaction, and a notification leaves only when its transaction commits.
    sender = another_connection()
    try:
        with sender.cursor() as cursor:
            cursor.execute("NOTIFY newsroom_probe")
    finally:
        sender.close()
    wait_readable(kept)
    next_request(kept)
    assert backend_pid(kept) == pid
    assert kept.asked == 1


def test_a_connection_inside_a_transaction_is_asked(kept):
    backend_pid(kept)
    kept.connection.execute("BEGIN")
    assert not quiet(kept.connection.pgconn)
    kept.connection.execute("ROLLBACK")
    assert quiet(kept.connection.pgconn)
