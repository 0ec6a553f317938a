"""Migrate as a web container starts: wait for the database, then migrate under a lock.

Several web replicas can start at once (`docker compose up --scale web=3`, a rolling
deployment); a PostgreSQL advisory lock lets one of them migrate while the others wait and
then find nothing left to do. The lock is the session's, so it goes when the process does.
https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection

# Any fixed bigint names the lock; this one spells "newsroom" in ASCII.
LOCK_KEY = int.from_bytes(b"newsroom", "big") & 0x7FFF_FFFF_FFFF_FFFF


class Command(BaseCommand):
    help = "容器启动时迁移数据库：等待数据库就绪，加锁后 migrate（多个实例同时启动时只迁移一次）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--wait", type=int, default=60, help="等待数据库就绪的最长秒数（默认 60）"
        )

    def handle(self, *args, wait, verbosity, **options):
        self.wait_for_database(wait)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            call_command("migrate", interactive=False, verbosity=verbosity, stdout=self.stdout)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])

    def wait_for_database(self, seconds: int) -> None:
        deadline = time.monotonic() + seconds
        told = False
        while True:
            try:
                connection.ensure_connection()
                return
            except OperationalError as err:
                if time.monotonic() >= deadline:
                    raise CommandError(f"数据库在 {seconds} 秒内没有就绪：{err}") from err
                if not told:
                    self.stderr.write("等待数据库就绪……")
                    told = True
                time.sleep(1)
