"""Report on, or stop, the embedded PostgreSQL server used when DATABASE_URL is unset."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsroom.embedded_pg.server import ensure_server, server_running, stop_server


class Command(BaseCommand):
    help = "内置数据库（未设置 DATABASE_URL 时使用）：start 启动，stop 停止，status 查看。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["start", "stop", "status"])

    def handle(self, *args, action, **options):
        pgdata = settings.EMBEDDED_PGDATA
        if settings.DATABASES["default"]["ENGINE"] != "newsroom.embedded_pg":
            raise CommandError("已设置 DATABASE_URL，未使用内置数据库。")
        if action == "start":
            host, port = ensure_server(pgdata)
            self.stdout.write(f"内置数据库已运行：{pgdata}（socket {host}，端口 {port}）")
        elif action == "stop":
            stopped = stop_server(pgdata)
            self.stdout.write("内置数据库已停止。" if stopped else "内置数据库没有在运行。")
        else:
            running = server_running(pgdata)
            self.stdout.write(f"内置数据库{'正在运行' if running else '未运行'}：{pgdata}")
