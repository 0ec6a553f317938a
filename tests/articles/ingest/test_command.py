"""`manage.py ingest`: files, folders and stdin; dry runs; exit codes; idempotence."""

import io
import json
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from articles.models import Article, Bulletin, Directive, Meeting
from people.models import Person

SAMPLE = "本报讯 3月11日上午,云湖区召开安全生产工作推进会。区委书记、区长林思远主持会议并讲话。"
PAGE = (
    f"云湖区召开安全生产工作推进会\n\n{SAMPLE}\n\n区领导周明礼、韩秀英参加会议。\n\n记者 许文静\n"
)


def run(*args, stdin=None):
    out, err = StringIO(), StringIO()
    code = 0
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        call_command("ingest", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        code = exit.code
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_ingest_stores_and_reports_counts(page):
    code, out, err = run(str(page), "--date", "2024-03-12")
    assert code == 0
    assert "新建 1" in err and "失败 0" in err
    article = Article.objects.get()
    assert article.title == "云湖区召开安全生产工作推进会"
    assert not article.is_published
    assert Person.objects.filter(name="林思远").exists()


@pytest.mark.django_db
def test_ingest_again_is_a_no_op(page):
    run(str(page), "--date", "2024-03-12")
    counts = [m.objects.count() for m in (Bulletin, Article, Person, Meeting, Directive)]
    code, out, err = run(str(page), "--date", "2024-03-12")
    assert code == 0
    assert "已导入跳过 1" in err
    assert [m.objects.count() for m in (Bulletin, Article, Person, Meeting, Directive)] == counts


@pytest.mark.django_db
def test_publish_flag(page):
    run(str(page), "--date", "2024-03-12", "--publish")
    assert Article.objects.get().is_published


@pytest.mark.django_db
def test_dry_run_json_stores_nothing(page):
    code, out, err = run(str(page), "--date", "2024-03-12", "--dry-run", "--json")
    assert code == 0
    document = json.loads(out)
    (bulletin,) = document["bulletins"]
    assert bulletin["source"] == str(page)
    assert bulletin["encoding"] == "utf-8"
    assert bulletin["issue_date"] == "2024-03-12"
    assert bulletin["articles"][0]["title"] == "云湖区召开安全生产工作推进会"
    assert bulletin["articles"][0]["date"] == "2024-03-11"
    assert not Bulletin.objects.exists() and not Person.objects.exists()


@pytest.mark.django_db
def test_without_date_today_is_used_with_a_warning(page):
    code, out, err = run(str(page), "--dry-run", "--json")
    assert code == 0
    assert "未指定刊期" in err
    assert any("未指定刊期" in w for w in json.loads(out)["bulletins"][0]["warnings"])


@pytest.mark.django_db
def test_folder_and_stdin(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text(PAGE, encoding="utf-8")
    (folder / "b.txt").write_bytes(PAGE.replace("安全生产", "春耕备耕").encode("gb18030"))
    (folder / "notes.md").write_text("not a bulletin", encoding="utf-8")
    code, out, err = run(str(folder), "--date", "2024-03-12")
    assert code == 0
    assert Bulletin.objects.count() == 2
    assert "2/2" in err  # the progress line
    code, out, err = run("-", "--date", "2024-03-12", stdin=PAGE.replace("安全", "消防").encode())
    assert code == 0
    assert Bulletin.objects.filter(source_name="-").exists()


@pytest.mark.django_db
def test_some_failed_exits_1_and_keeps_the_others(tmp_path, page):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    code, out, err = run(str(page), str(empty), str(binary), "--date", "2024-03-12")
    assert code == 1
    assert "失败 2" in err
    assert Bulletin.objects.count() == 1


@pytest.mark.django_db
def test_oversized_file_is_refused(tmp_path, settings):
    settings.NEWSROOM_MAX_BULLETIN_BYTES = 1000
    big = tmp_path / "big.txt"
    big.write_text(PAGE * 20, encoding="utf-8")
    code, out, err = run(str(big), "--date", "2024-03-12")
    assert code == 1
    assert "大小" in err
    assert not Bulletin.objects.exists()


def test_bad_usage_exits_2(tmp_path):
    with pytest.raises(CommandError) as missing:
        call_command("ingest", str(tmp_path / "missing.txt"))
    assert missing.value.returncode == 2
    with pytest.raises(CommandError) as force_alone:
        call_command("ingest", str(tmp_path), "--force")
    assert force_alone.value.returncode == 2
    result = subprocess.run(
        [sys.executable, "manage.py", "ingest", "x.txt", "--date", "24/05/2022"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2


@pytest.mark.django_db
def test_replace_and_force(page):
    run(str(page), "--date", "2024-03-12")
    Article.objects.update(title="编辑改过")
    from django.utils import timezone

    Article.objects.update(edited_at=timezone.now())
    code, out, err = run(str(page), "--date", "2024-03-12", "--replace")
    assert code == 1 and "--force" in err
    assert Article.objects.get().title == "编辑改过"
    code, out, err = run(str(page), "--date", "2024-03-12", "--replace", "--force")
    assert code == 0 and "替换 1" in err
    assert Article.objects.get().title == "云湖区召开安全生产工作推进会"


def _archive():
    """What the database holds, by natural keys (ids differ from one load to another)."""
    from articles.models import Credit, Mention, Participation
    from people.models import Position

    return {
        "articles": sorted(
            Article.objects.values_list(
                "bulletin__source_name",
                "position",
                "headline",
                "event_date",
                "body",
                "search_vector",
                "rank_vector",
                "title_vector",
                "search_text",
            )
        ),
        "people": sorted(Person.objects.values_list("name", flat=True)),
        "positions": sorted(
            Position.objects.values_list("person__name", "title", "first_seen", "last_seen")
        ),
        "mentions": sorted(
            Mention.objects.values_list("article__headline", "person__name", "positions", "order")
        ),
        "credits": sorted(Credit.objects.values_list("article__headline", "person__name", "role")),
        "participations": sorted(
            Participation.objects.values_list("meeting__name", "person__name", "role", "position")
        ),
        "directives": sorted(
            Directive.objects.values_list("article__headline", "order", "heading", "issuer__name")
        ),
        "tags": sorted(
            Article.tags.through.objects.values_list("content_object__headline", "tag__name")
        ),
    }


@pytest.mark.django_db(transaction=True)
def test_worker_processes_store_what_one_process_stores(tmp_path):
    """--jobs N parses in worker processes; the rows are the same as with --jobs 1, and a
    page that fails among them fails alone."""
    from bench.synthetic import generate_pages

    folder = tmp_path / "pages"
    folder.mkdir()
    for i, (_, text, _) in enumerate(generate_pages(10, seed=7)):
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    (folder / "05-binary.txt").write_bytes(bytes(range(256)) * 8)

    code, _, err = run(str(folder), "--date", "2024-07-01", "--jobs", "1")
    assert code == 1 and "失败 1" in err and "新建 10" in err
    one_process = _archive()
    assert len(one_process["articles"]) >= 20 and one_process["directives"]

    for model in (Directive, Meeting, Article, Bulletin):
        model.objects.all().delete()
    Person.objects.all().delete()
    code, _, err = run(str(folder), "--date", "2024-07-01", "--jobs", "2")
    assert code == 1 and "失败 1" in err and "新建 10" in err
    assert "05-binary.txt: 失败" in err
    assert _archive() == one_process
    # The vectors made in the workers are those Article.save makes.
    for article in Article.objects.all():
        fields = ("search_vector", "rank_vector", "title_vector", "search_text")
        stored = [getattr(article, name) for name in fields]
        article.save()
        article.refresh_from_db()
        assert [getattr(article, name) for name in fields] == stored
