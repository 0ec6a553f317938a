"""Run the project as an operator does — manage.py, gunicorn, the scripts — in subprocesses
with an environment of their own, against the PostgreSQL server of the test run."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)

# Variables the project reads; a subprocess starts without this process's values of them.
_PROJECT_PREFIXES = ("DJANGO_", "NEWSROOM_", "GUNICORN_", "BACKUP_")
_PROJECT_NAMES = {"DATABASE_URL", "REDIS_URL"}


def clean_env(**env: str) -> dict[str, str]:
    """This process's environment without the project's variables, plus ``env``."""
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(_PROJECT_PREFIXES) and key not in _PROJECT_NAMES
    }
    base.update(env)
    return base


def run(args: list[str], env: dict[str, str], timeout: float = 120, **kwargs):
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, **kwargs
    )


def manage(*args: str, env: dict[str, str], timeout: float = 120):
    return run([sys.executable, "manage.py", *args], env, timeout=timeout)


@dataclass(frozen=True)
class PgServer:
    """The test run's PostgreSQL server: the one of DATABASE_URL, or the embedded one."""

    host: str
    port: int
    user: str
    password: str
    bin_dir: Path | None  # the server's own client programs, when they are not on PATH

    @classmethod
    def of_test_run(cls) -> PgServer:
        params = connection.get_connection_params()
        bin_dir = None
        if settings.DATABASES["default"]["ENGINE"] == "newsroom.embedded_pg":
            import pgserver

            bin_dir = Path(pgserver.__file__).parent / "pginstall" / "bin"
        return cls(
            host=params.get("host") or "localhost",
            port=int(params.get("port") or 5432),
            user=params.get("user") or "postgres",
            password=params.get("password") or "",
            bin_dir=bin_dir,
        )

    def url(self, dbname: str) -> str:
        auth = quote(self.user, safe="")
        if self.password:
            auth += ":" + quote(self.password, safe="")
        if self.host.startswith("/"):  # a socket directory: libpq and Django take it as ?host=
            return f"postgres://{auth}@/{dbname}?host={quote(self.host, safe='')}&port={self.port}"
        return f"postgres://{auth}@{self.host}:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password or None,
            dbname=dbname,
            autocommit=True,
        )

    def path(self) -> str:
        """PATH with the server's client programs (pg_dump, pg_restore) first."""
        path = os.environ.get("PATH", "")
        return f"{self.bin_dir}{os.pathsep}{path}" if self.bin_dir else path
