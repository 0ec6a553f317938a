"""The admin import page end to end: upload or paste, preview (nothing stored), confirm."""

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Bulletin
from people.models import Person

pytestmark = pytest.mark.django_db

URL = reverse("admin:articles_bulletin_import")
PAGE = (
    "聚焦春耕备耕 云湖区召开春耕生产工作推进会\n\n"
    "本报讯 3月11日上午,云湖区召开春耕生产工作推进会。区委书记、区长林思远主持会议并讲话。\n\n"
    "会议强调,要坚定信心、抢抓进度。各部门要倒排工期。\n\n"
    "要守牢底线、确保安全。深入开展安全生产大检查。\n\n"
    "区领导周明礼、韩秀英等参加会议。\n\n"
    "记者 许文静 通讯员 方晓 文/图\n"
)


def upload(name, content: bytes):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def preview(client, **data):
    data.setdefault("issue_date", "2024-03-12")
    return client.post(URL, data)


def test_import_link_on_changelists(admin_client):
    for name in ("bulletin", "article"):
        response = admin_client.get(reverse(f"admin:articles_{name}_changelist"))
        assert URL in response.text


def test_form_renders(admin_client):
    response = admin_client.get(URL)
    assert response.status_code == 200
    assert "导入稿件" in response.text and "刊期" in response.text


def test_preview_then_confirm_imports(admin_client):
    response = preview(admin_client, files=[upload("page.txt", PAGE.encode("gb18030"))])
    assert response.status_code == 200
    text = response.text
    assert "云湖区召开春耕生产工作推进会" in text
    assert "gb18030" in text
    assert "林思远（区委书记、区长）" in text
    assert "主持" in text  # roles in Chinese
    assert "坚定信心、抢抓进度" in text
    assert not Bulletin.objects.exists() and not Person.objects.exists()

    token = response.context["token"]
    response = admin_client.post(URL, {"confirm": "1", "token": token})
    assert response.status_code == 200
    article = Article.objects.get()
    assert reverse("admin:articles_article_change", args=[article.pk]) in response.text
    assert Bulletin.objects.get().imported_by.username == "admin"
    assert not article.is_published

    # The same preview cannot be imported twice.
    response = admin_client.post(URL, {"confirm": "1", "token": token}, follow=True)
    assert "预览已过期" in response.text
    assert Bulletin.objects.count() == 1


def test_pasted_text_and_publish(admin_client):
    response = preview(admin_client, text=PAGE, publish="on")
    admin_client.post(URL, {"confirm": "1", "token": response.context["token"]})
    article = Article.objects.get()
    assert article.is_published
    assert article.bulletin.source_name == "粘贴文本.txt"


def test_bad_files_show_chinese_errors_and_store_nothing(admin_client):
    response = preview(
        admin_client,
        files=[upload("empty.txt", b""), upload("binary.txt", bytes(range(256)) * 4)],
    )
    assert response.status_code == 200
    assert response.text.count("无法导入") == 2
    assert "文件为空" in response.text
    assert "确认导入" not in response.text
    assert not Bulletin.objects.exists()


def test_nothing_given_is_a_form_error(admin_client):
    response = preview(admin_client)
    assert "请上传文件或粘贴文本" in response.text


def test_oversized_upload_is_refused(admin_client, settings):
    settings.NEWSROOM_MAX_BULLETIN_BYTES = 100
    response = preview(admin_client, files=[upload("big.txt", PAGE.encode() * 5)])
    assert "超过大小限制" in response.text
    assert "确认导入" not in response.text


def test_markup_in_text_is_escaped_in_preview(admin_client):
    response = preview(admin_client, text=PAGE.replace("春耕生产", '<script>alert("x")</script>'))
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;" in response.text


def test_needs_permission(client):
    assert client.get(URL).status_code == 302
    clerk = User.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(clerk)
    assert client.get(URL).status_code == 403
    clerk.user_permissions.add(Permission.objects.get(codename="add_article"))
    assert client.get(URL).status_code == 200


def test_publishing_on_import_needs_the_change_permission(client):
    clerk = User.objects.create_user("clerk2", password="pw", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="add_article"))
    client.force_login(clerk)
    response = preview(client, text=PAGE, publish="on")
    confirm = client.post(URL, {"confirm": "1", "token": response.context["token"]})
    assert confirm.status_code == 403
    assert not Bulletin.objects.exists()
