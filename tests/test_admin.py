"""Every admin page renders for staff, redirects anonymous users, and every action works."""

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.choices import Status
from articles.models import Article, Tag
from tests.factories import (
    make_article,
    make_bulletin,
    make_directive,
    make_meeting,
    make_participation,
    make_person,
)

pytestmark = pytest.mark.django_db

MODELS = [
    model for model in admin.site._registry if model._meta.app_label in {"articles", "people"}
]


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def content():
    bulletin = make_bulletin()
    article = make_article("云湖区召开推进会", bulletin=bulletin)
    person = make_person("林思远")
    person.positions.create(title="区长")
    meeting = make_meeting(article)
    make_participation(meeting, person, "chair", position="区长")
    make_directive(article, meeting=meeting, issuer=person)
    article.tags.add(Tag.objects.create(name="安全生产"))
    return article


def test_all_domain_models_are_registered():
    names = {model.__name__ for model in MODELS}
    assert {"Article", "Bulletin", "Meeting", "Directive", "Tag", "Person", "Position"} <= names


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_pages_render_for_staff(admin_client, content, model):
    assert admin_client.get(url(model, "changelist")).status_code == 200
    assert admin_client.get(url(model, "changelist"), {"q": "云湖"}).status_code == 200
    obj = model.objects.first()
    assert obj is not None, f"no {model.__name__} row to open"
    assert admin_client.get(url(model, "change", obj.pk)).status_code == 200
    add = admin_client.get(url(model, "add"))
    assert add.status_code == (403 if model.__name__ == "Bulletin" else 200)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_anonymous_users_are_sent_to_login(client, model):
    response = client.get(url(model, "changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_admin_speaks_chinese(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert "内容管理" in response.text
    assert "稿件" in response.text


def test_person_autocomplete_answers(admin_client, content):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "林", "app_label": "articles", "model_name": "credit", "field_name": "person"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["林思远"]


def test_publish_and_unpublish_actions(admin_client):
    draft = make_article(published=False)
    live = make_article()
    changelist = url(Article, "changelist")
    ids = [draft.pk, live.pk]
    response = admin_client.post(changelist, {"action": "publish", "_selected_action": ids})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.published_at is not None
    published_at = live.published_at
    live.refresh_from_db()
    assert live.published_at == published_at

    admin_client.post(changelist, {"action": "unpublish", "_selected_action": ids})
    assert set(Article.objects.values_list("status", flat=True)) == {Status.DRAFT}


def test_editing_an_article_marks_it_edited(admin_client):
    article = make_article("云湖区召开推进会", bulletin=make_bulletin())
    assert article.edited_at is None
    response = admin_client.get(url(Article, "change", article.pk))
    data = {
        "headline": article.headline,
        "title": "改过的标题",
        "event_date": "2024-03-11",
        "date_precision": "day",
        "body": article.body,
        "tags": "安全生产, 春耕",
        "status": "published",
        "published_at_0": "2024-03-12",
        "published_at_1": "08:00:00",
        "bulletin": article.bulletin_id,
        "position": 0,
    }
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{inline.formset.prefix}-{name}"] = management[name].value()
    response = admin_client.post(url(Article, "change", article.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.title == "改过的标题"
    assert article.edited_at is not None
    assert sorted(t.name for t in article.tags.all()) == ["安全生产", "春耕"]
