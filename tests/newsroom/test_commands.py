from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command


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
