"""The embedded server starts on demand, creates the app database, and stops on request."""

import psycopg

from newsroom.embedded_pg.server import ensure_database, ensure_server, server_running, stop_server


def test_embedded_server_lifecycle(tmp_path):
    pgdata = tmp_path / "pgdata"
    try:
        host, port = ensure_server(pgdata)
        assert server_running(pgdata)
        ensure_database(pgdata, "newsroom_embedded_test")
        with psycopg.connect(
            host=host, port=port, user="postgres", dbname="newsroom_embedded_test"
        ) as conn:
            assert conn.execute("SELECT current_database()").fetchone() == (
                "newsroom_embedded_test",
            )
        # A second call reuses the running server instead of starting another, even when
        # pgserver's pid list was left empty by two processes starting at once.
        (pgdata / ".handle_pids.json").write_text("")
        ensure_server.cache_clear()
        assert ensure_server(pgdata) == (host, port)
    finally:
        stopped = stop_server(pgdata)
    assert stopped
    assert not server_running(pgdata)
    assert not stop_server(pgdata)
