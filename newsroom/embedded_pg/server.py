"""Start, reuse and stop the embedded PostgreSQL server of the pgserver package."""

from __future__ import annotations

import json
import logging
import subprocess
import warnings
from functools import cache
from pathlib import Path

import psycopg
from psycopg import sql

logger = logging.getLogger(__name__)


@cache
def ensure_server(pgdata: Path) -> tuple[str, int]:
    """Start the server for ``pgdata`` unless it runs already; return its socket dir and port."""
    # pgserver warns when XDG_RUNTIME_DIR is unset; its fallback under /tmp is fine here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        pgdata.mkdir(parents=True, exist_ok=True)
        _repair_pid_list(pgdata)
        # cleanup_mode=None leaves the server running for the next manage.py call.
        server = pgserver.get_server(pgdata, cleanup_mode=None)
    info = server.get_postmaster_info()
    return str(info.socket_dir), int(info.port)


def _repair_pid_list(pgdata: Path) -> None:
    """pgserver keeps the pids of its client processes in a JSON file that two processes
    starting at once (runserver's reloader and a manage.py command) can leave empty; it
    then fails to parse it on every start. We never let pgserver stop the server on exit
    (cleanup_mode=None), so an unreadable list can safely be reset."""
    path = pgdata / ".handle_pids.json"
    try:
        valid = isinstance(json.loads(path.read_text()), list)
    except FileNotFoundError:
        return
    except ValueError:
        valid = False
    if not valid:
        path.write_text("[]")


@cache
def ensure_database(pgdata: Path, name: str) -> None:
    """Create the application database on first use (the server starts with 'postgres' only)."""
    host, port = ensure_server(pgdata)
    with psycopg.connect(
        host=host, port=port, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            logger.info("creating database %s in the embedded server", name)
            conn.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8'").format(sql.Identifier(name)))


def server_running(pgdata: Path) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata)
    return info is not None and info.is_running()


def stop_server(pgdata: Path) -> bool:
    """Stop the embedded server if it runs; return whether it was running."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver import pg_ctl

    if not server_running(pgdata):
        return False
    try:
        pg_ctl(["-w", "stop", "-m", "fast"], pgdata=pgdata, user=_data_owner(pgdata))
    except subprocess.CalledProcessError as err:
        raise RuntimeError(f"pg_ctl stop failed: {err.stderr or err}") from err
    ensure_server.cache_clear()
    ensure_database.cache_clear()
    return True


def _data_owner(pgdata: Path) -> str | None:
    # As root, pgserver runs PostgreSQL as its own 'pgserver' user and so must pg_ctl.
    import os
    import pwd

    if os.geteuid() != 0:
        return None
    return pwd.getpwuid(pgdata.stat().st_uid).pw_name
