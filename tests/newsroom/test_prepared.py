"""Statements bound on the server and prepared (newsroom/prepared.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.prepared import PREPARE_THRESHOLD, server_cursor

pytestmark = pytest.mark.django_db


def test_the_query_log_shows_prepared_statements_with_their_parameters():
    runs = range(PREPARE_THRESHOLD + 2)  # psycopg prepares it on the fifth run
    with CaptureQueriesContext(connection) as queries:
        for n in runs:
            with server_cursor() as cursor:
                cursor.execute("SELECT %(n)s::int + 1", {"n": n})
                assert cursor.fetchone() == (n + 1,)
    assert [query["sql"] for query in queries.captured_queries] == [
        f"SELECT {n}::int + 1" for n in runs
    ]
    assert connection.connection.execute(
        "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'SELECT $1::int + 1'"
    ).fetchone() == (1,)
