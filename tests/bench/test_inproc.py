"""bench/inproc.py's measuring parts on a few articles: what it counts per page is what the
pages run, each statement is put down to the line of our code that ran it, and the report
holds a row per page with its ratio to the baseline. Nothing here is timed."""

from argparse import Namespace

import pytest
from django.db import connection
from django.test import Client

from bench.inproc import REPO, Statements, _caller, report, time_page
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db


def arguments(**changes) -> Namespace:
    return Namespace(**{"requests": 6, "rounds": 2, "sql": False, **changes})


def test_statements_per_page_are_those_the_page_runs(django_assert_num_queries):
    articles = [make_article(f"第{n}篇") for n in range(3)]
    paths = [article.get_absolute_url() for article in articles]
    client = Client()
    client.get(paths[0])
    with django_assert_num_queries(1):  # the article page's one statement (article_page.py)
        client.get(paths[1])

    measured = time_page(client, paths, arguments())

    assert measured["statements"] == 1
    assert measured["db_ms"] > 0 and measured["median_ms"] <= measured["p95_ms"]
    assert measured["lines"] == {}  # only counted by line when asked


def test_each_statement_is_put_down_to_the_line_that_ran_it():
    person = make_person("韩立平")
    make_article("一篇").mentions.create(person=person, positions=[])
    client = Client()

    measured = time_page(client, [person.get_absolute_url()], arguments(sql=True))

    lines = measured["lines"]
    # One round more of the 6 requests, running what the timed rounds ran.
    assert sum(count for count, _, _ in lines.values()) == 6 * measured["statements"] == 12
    innermost = {line.split(" < ")[0].split(":")[0] for line in lines}
    assert "articles/person_page.py" in innermost, lines
    assert all("bench/" not in line and ".venv" not in line for line in lines)


def test_every_page_gets_a_row_and_its_ratio_to_its_baseline_page():
    measured = {"median_ms": 4.0, "p95_ms": 5.0, "cpu_ms": 3.0, "db_ms": 1.0, "statements": 2}
    results = {"article": measured, "home": {**measured, "median_ms": 2.0}}
    base = {"plain": 0.1, "list": 3.0, "detail": 2.0, "search": 10.0}

    lines = report(results, base)

    assert lines[1].split()[0] == "article" and lines[1].split()[-3:] == ["/detail", "2.00", "0.50"]
    assert lines[2].split()[0] == "home" and lines[2].split()[-3:] == ["/list", "3.00", "1.50"]
    assert report(results, None)[1].split() == ["article", "4.00", "5.00", "3.00", "1.00", "2.0"]


def test_a_statement_outside_a_page_is_counted_too():
    statements = Statements(by_line=True)
    with connection.execute_wrapper(statements), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert statements.count == 1 and statements.seconds > 0
    ((line, (count, _, sql)),) = statements.lines.items()
    assert count == 1 and sql == "SELECT 1"
    assert line.startswith("tests/bench/test_inproc.py:")


def test_the_harness_own_frames_are_not_the_line_that_ran_a_statement():
    # _caller skips itself and the two frames that called it (the execute wrapper's), then
    # names frames of the project's code but not of bench/ (time_page, which runs pages).
    harness = {}
    exec(
        compile("def run(f):\n    return f()\n", str(REPO / "bench" / "harness.py"), "exec"),
        harness,
    )

    def wrapper():
        return _caller()

    found = harness["run"](lambda: wrapper())

    assert found.startswith("tests/bench/test_inproc.py:"), found
    assert "harness.py" not in found
