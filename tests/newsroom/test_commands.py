import threading
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection

from newsroom.management.commands.migrate_on_start import LOCK_KEY
from tests.processes import PgServer, clean_env, manage


@pytest.mark.django_db
def test_ensure_admin_creates_one_superuser_once():
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    user = User.objects.get()
    assert user.is_superuser and user.username == "admin"
    password = out.getvalue().split("密码 ")[1].split()[0]
    assert user.check_password(password)

    out = StringIO()
    call_command("ensure_admin", stdout=out)
    assert "已存在" in out.getvalue()
    assert User.objects.count() == 1


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_embedded_db_command_refuses_when_database_url_is_set(settings):
    settings.DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}
    with pytest.raises(CommandError, match="DATABASE_URL"):
        call_command("embedded_db", "status")


@pytest.mark.django_db(transaction=True)
def test_migrate_on_start_waits_for_another_replica_holding_the_lock():
    server = PgServer.of_test_run()
    out = StringIO()

    def start_replica():
        try:
            call_command("migrate_on_start", stdout=out)
        finally:
            connection.close()  # this thread's connection

    with server.connect(connection.settings_dict["NAME"]) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        replica = threading.Thread(target=start_replica)
        replica.start()
        # The command is blocked on the lock, and has not migrated yet.
        waiting = False
        for _ in range(100):
            waiting = other.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            ).fetchone() == (1,)
            if waiting:
                break
            replica.join(0.1)
        assert waiting and replica.is_alive() and out.getvalue() == ""
        other.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        replica.join(30)
    assert not replica.is_alive()
    assert "No migrations to apply" in out.getvalue()


def test_migrate_on_start_gives_up_when_the_database_never_answers():
    env = clean_env(DJANGO_DEBUG="1", DATABASE_URL="postgres://nobody@127.0.0.1:9/newsroom")
    result = manage("migrate_on_start", "--wait", "1", env=env, timeout=60)
    assert result.returncode == 1
    assert "等待数据库就绪" in result.stderr and "数据库在 1 秒内没有就绪" in result.stderr
