from django.conf import settings

from newsroom.postgres import base

from .server import ensure_database, ensure_server


class DatabaseWrapper(base.DatabaseWrapper):
    """The project's PostgreSQL backend (newsroom.postgres), pointed at the embedded
    server's socket."""

    def get_connection_params(self):
        pgdata = settings.EMBEDDED_PGDATA
        params = super().get_connection_params()
        params["host"], params["port"] = ensure_server(pgdata)
        params.setdefault("user", "postgres")
        # Only the configured database is created here; the test runner creates its own.
        if params.get("dbname") == settings.EMBEDDED_DB_NAME:
            ensure_database(pgdata, params["dbname"])
        return params
