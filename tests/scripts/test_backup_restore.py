"""scripts/backup and scripts/restore on real PostgreSQL: a database with ingested bulletins is
backed up, wiped (dropped and created again) and restored, and every row is found again."""

import re
import subprocess

import pytest
from django.conf import settings
from psycopg import sql

from tests.processes import ROOT, PgServer, clean_env, manage, run

SAMPLES = sorted((ROOT / "tests" / "samples").glob("*.txt"))
DATED = re.compile(r"-\d{8}T\d{6}Z\.dump$")


@pytest.fixture(scope="module")
def server():
    return PgServer.of_test_run()


@pytest.fixture
def scratch(server):
    """An empty database of its own on the test server, dropped afterwards."""
    name = f"{settings.DATABASES['default']['NAME']}_backup_test"[:63]

    def recreate():
        with server.connect() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            conn.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8'").format(sql.Identifier(name)))

    recreate()
    yield name, recreate
    with server.connect() as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def script(name, *args, server, database, **env):
    environment = clean_env(
        DATABASE_URL=server.url(database) if database else "", PATH=server.path(), **env
    )
    # No terminal on stdin: restore must not wait for a typed confirmation.
    return run([str(ROOT / "scripts" / name), *args], environment, stdin=subprocess.DEVNULL)


def snapshot(server, database) -> dict[str, tuple[int, str]]:
    """Every table of the database: its row count and a digest of all its rows, and every
    sequence's position (so new rows after a restore get fresh ids)."""
    with server.connect(database) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        result = {}
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                " FROM {} AS t"
            ).format(sql.Identifier(table))
            result[table] = conn.execute(query).fetchone()
        for (sequence,) in conn.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
        ):
            query = sql.SQL("SELECT last_value, is_called FROM {}").format(sql.Identifier(sequence))
            result["sequence " + sequence] = conn.execute(query).fetchone()
        return result


def test_backup_wipe_restore_finds_every_row_again(server, scratch, tmp_path):
    database, recreate = scratch
    django_env = clean_env(DJANGO_DEBUG="1", DATABASE_URL=server.url(database))
    migrated = manage("migrate", "--noinput", env=django_env, timeout=300)
    assert migrated.returncode == 0, migrated.stderr
    ingested = manage(
        "ingest", *map(str, SAMPLES), "--date", "2023-01-03", "--publish", env=django_env
    )
    assert ingested.returncode == 0, ingested.stdout + ingested.stderr
    before = snapshot(server, database)
    for table in ("articles_article", "articles_meeting", "articles_directive", "people_person"):
        assert before[table][0] > 0, f"nothing ingested into {table}"

    backed_up = script("backup", str(tmp_path), server=server, database=database)
    assert backed_up.returncode == 0, backed_up.stderr
    dump = tmp_path / backed_up.stdout.strip().rsplit("/", 1)[1]
    assert dump.is_file() and DATED.search(dump.name) and dump.name.startswith(database)
    assert list(tmp_path.glob("*.partial")) == []

    recreate()
    assert snapshot(server, database) == {}

    restored = script("restore", "--yes", str(dump), server=server, database=database)
    assert restored.returncode == 0, restored.stderr
    assert snapshot(server, database) == before

    # The restored database is the application's again: nothing to migrate, pages search.
    check = manage("migrate", "--check", env=django_env)
    assert check.returncode == 0, check.stdout + check.stderr
    search = manage(
        "shell",
        "--verbosity=0",
        "-c",
        "from django.test import Client; "
        "print(Client().get('/search/', {'q': '安全生产', 'format': 'json'}).json()['count'])",
        env={**django_env, "DJANGO_LOG_LEVEL": "WARNING"},  # no request log line on stdout
    )
    assert search.returncode == 0, search.stderr
    assert int(search.stdout.strip()) > 0


def test_backup_keeps_the_newest_n_of_its_database(server, scratch, tmp_path):
    database, _ = scratch
    older = [tmp_path / f"{database}-2024010{day}T020000Z.dump" for day in (1, 2, 3)]
    other_database = tmp_path / "otherdb-20200101T020000Z.dump"
    notes = tmp_path / f"{database}-notes.txt"
    for path in [*older, other_database, notes]:
        path.write_text("placeholder")

    result = script("backup", "--keep", "2", str(tmp_path), server=server, database=database)
    assert result.returncode == 0, result.stderr
    new = tmp_path / result.stdout.strip().rsplit("/", 1)[1]
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == sorted([new.name, older[2].name, other_database.name, notes.name])
    assert "deleted" in result.stderr


def test_backup_reads_keep_and_dir_from_the_environment(server, scratch, tmp_path):
    database, _ = scratch
    result = script(
        "backup", server=server, database=database, BACKUP_DIR=str(tmp_path), BACKUP_KEEP="1"
    )
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == [result.stdout.strip().rsplit("/", 1)[1]]


def test_failed_backup_leaves_no_file(server, tmp_path):
    result = script("backup", str(tmp_path), server=server, database="newsroom_no_such_database")
    assert result.returncode != 0
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--keep", "0"], "keep must be a whole number"),
        (["--keep", "many"], "keep must be a whole number"),
        (["--frequently"], "unknown option"),
    ],
)
def test_backup_refuses_bad_usage(server, tmp_path, args, message):
    result = script("backup", *args, str(tmp_path), server=server, database="x")
    assert result.returncode == 2 and message in result.stderr


def test_backup_needs_database_url(server, tmp_path):
    result = script("backup", str(tmp_path), server=server, database="")
    assert result.returncode == 2 and "DATABASE_URL is not set" in result.stderr


def test_restore_without_confirmation_changes_nothing(server, scratch, tmp_path):
    database, _ = scratch
    with server.connect(database) as conn:
        conn.execute("CREATE TABLE keepme (id int)")
    made = script("backup", str(tmp_path), server=server, database=database)
    with server.connect(database) as conn:
        conn.execute("INSERT INTO keepme VALUES (1)")

    dump = made.stdout.strip()
    refused = script(
        "restore", str(tmp_path / dump.rsplit("/", 1)[1]), server=server, database=database
    )
    assert refused.returncode == 2 and "--yes" in refused.stderr
    not_a_dump = tmp_path / "page.txt"
    not_a_dump.write_text("本报讯")
    refused = script("restore", "--yes", str(not_a_dump), server=server, database=database)
    assert refused.returncode == 2 and "not a backup" in refused.stderr
    with server.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM keepme").fetchone() == (1,)
