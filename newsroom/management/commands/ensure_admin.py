"""Create an admin account with a random password, printed once, unless a superuser exists."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "如果还没有管理员账号，创建一个并打印随机密码（只显示这一次）。"

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("管理员账号已存在，未作改动。")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"已创建管理员账号：用户名 {username}，密码 {password}\n"
                "（密码只显示这一次，请妥善保存；可用 manage.py changepassword 修改。）"
            )
        )
