"""One list of variables: the README's configuration table, .env.example, and every variable
the settings, gunicorn.conf.py, the health check, the compose file and the scripts read."""

import re

from django.conf import settings

ROOT = settings.BASE_DIR
NAME = r"[A-Z][A-Z0-9_]*"


def read(path):
    return (ROOT / path).read_text()


def env_example() -> list[str]:
    return re.findall(rf"^#? ?({NAME})=", read(".env.example"), re.M)


def readme_table() -> list[str]:
    section = read("README.md").split("## Configuration\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"^\| `({NAME})` \|", section, re.M)


def read_by_code() -> set[str]:
    names = set()
    for path in ("newsroom/settings.py", "gunicorn.conf.py", "newsroom/healthcheck.py"):
        text = read(path)
        names |= set(re.findall(rf"""(?:environ\.get|env_\w+|_int)\(\s*"({NAME})\"""", text))
    compose = read("docker-compose.yml")
    names |= set(re.findall(rf"\$\{{({NAME})", compose))
    for script in ("scripts/backup", "scripts/restore"):
        names |= set(re.findall(rf"\$\{{({NAME}):?-", read(script)))
        names |= set(re.findall(rf"\$\{{({NAME}):?\}}", read(script))) - {"PATH"}
    return names


def test_env_example_and_readme_list_the_same_variables_in_the_same_order():
    listed = env_example()
    assert len(listed) == len(set(listed)), "a variable is listed twice"
    assert readme_table() == listed


def test_every_variable_read_is_documented():
    assert read_by_code() - set(env_example()) == set()


def test_nothing_documented_is_unread():
    assert set(env_example()) - read_by_code() == set()
