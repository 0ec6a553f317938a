"""Statements PostgreSQL prepares once per connection, where Django's cursors cannot.

Django's psycopg cursors bind parameters on the client, so every statement reaches the
server as new text, to be parsed, analysed and planned again. For the few statements that
run on every page or row and whose text never changes (ingest's, the article page's), a
cursor that binds on the server lets psycopg prepare them: PostgreSQL then parses and
analyses each once per connection, and after five runs planned for their values keeps a
generic plan where that is not costlier (PREPARE, "Notes"; plan_cache_mode).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

# psycopg's default: a statement is prepared once it has run this often on a connection,
# so on its sixth run (or at once when run with prepare=True).
PREPARE_THRESHOLD = 5


@contextmanager
def preparing(conn: psycopg.Connection) -> Iterator[None]:
    """Prepared statements on for what runs inside. Django turns psycopg's off on its
    connections (``prepare_threshold`` None, for poolers in transaction mode), and psycopg
    then ignores ``prepare=True`` as well. Django's own statements stay unprepared: they
    are bound on the client. psycopg remembers the statements prepared here for the
    connection's life, until a rollback: it then deallocates them all (psycopg 3.3,
    Connection.rollback), and they are prepared again when next run often enough."""
    threshold = conn.prepare_threshold
    if threshold is None:
        conn.prepare_threshold = PREPARE_THRESHOLD
    try:
        yield
    finally:
        conn.prepare_threshold = threshold


@contextmanager
def server_cursor(using: str = DEFAULT_DB_ALIAS) -> Iterator:
    """A cursor on Django's connection ``using`` that binds parameters on the server and
    prepares what runs often; logged, wrapped and its errors translated as Django's own
    cursors are (so query counts in tests and DEBUG's query log see it). Unlike Django's
    cursor() it does not refuse to run inside an atomic block that has failed: callers run
    reads, outside such blocks."""
    connection = connections[using]
    # What Django's own cursor() does first: a connection kept from an earlier request is
    # checked (CONN_HEALTH_CHECKS) and replaced if the server went away.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with (
        connection.wrap_database_errors,
        preparing(connection.connection),
        psycopg.Cursor(connection.connection) as raw,
    ):
        if connection.queries_logged:
            yield _LoggedCursor(raw, connection)
        else:
            yield connection.make_cursor(raw)


class _LoggedCursor(CursorDebugWrapper):
    """Django's debug cursor, logging each statement with its parameters written in. Django
    reads the text back from psycopg after running it, and psycopg keeps none for a
    statement it ran prepared: the query log (DEBUG, tests' CaptureQueriesContext) showed
    None."""

    def execute(self, sql, params=None):
        try:
            shown = self.db.ops.compose_sql(sql, params)
        except psycopg.Error:  # what the client cannot write in, the server may still take
            shown = sql
        with self.debug_sql(shown, params):
            return CursorWrapper.execute(self, sql, params)
