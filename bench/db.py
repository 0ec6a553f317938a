"""Throwaway benchmark databases on the PostgreSQL server of DATABASE_URL."""

from __future__ import annotations

import os
import sys
import tempfile
from urllib.parse import urlsplit, urlunsplit


def default_database_url(name: str) -> str:
    """``name`` on the server of DATABASE_URL, or on 127.0.0.1:5432 when one answers."""
    base = os.environ.get("DATABASE_URL", "").strip()
    if not base:
        from newsroom.embedded_pg.local_url import local_url

        base = local_url()
    if not base:
        sys.exit("No PostgreSQL server: set DATABASE_URL or pass --database-url.")
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


def server_and_name(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path="/postgres")), name


def admin(url: str, statement: str) -> None:
    """Run CREATE/DROP DATABASE on the server's maintenance database (autocommit)."""
    import psycopg
    from psycopg import sql

    server, name = server_and_name(url)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL(statement).format(sql.Identifier(name)))


def recreate(url: str) -> None:
    """Drop and create the database; refuses any whose name does not say 'bench'."""
    _, name = server_and_name(url)
    if "bench" not in name:
        sys.exit(f"Refusing to use database {name!r}: its name must contain 'bench'.")
    admin(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
    admin(url, "CREATE DATABASE {}")


def drop(url: str) -> None:
    admin(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")


def setup_django(url: str) -> None:
    """Production-like settings (DEBUG off: no query log) on the benchmark database."""
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    # Plain HTTP from the test client (production redirects it to HTTPS); no request log.
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    # With DEBUG off static files come from the collected manifest, as in production.
    os.environ.setdefault("DJANGO_STATIC_ROOT", tempfile.mkdtemp(prefix="newsroom-bench-static-"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", "--noinput", verbosity=0)


def add_arguments(parser, name: str) -> None:
    """The options of a benchmark that builds an archive in the throwaway database ``name``."""
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--database-url", help=f"default: {name} on DATABASE_URL's server")
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="use the archive already built")


def open_database(args, name: str) -> str:
    """The database of ``args`` (see add_arguments), re-created unless --reuse; Django set up
    on it. Returns its URL."""
    url = args.database_url or default_database_url(name)
    if not args.reuse:
        recreate(url)
    setup_django(url)
    return url
