"""The acceptance sample: shared/samples/seed-bulletin.txt must parse to seed-expected.json.

shared/ sits beside the repository (in CI the repo is cloned next to a copy of it). Without it
the test is skipped on a developer machine and fails in CI, where it must run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from articles.ingest.decode import decode
from articles.ingest.jsonout import article_json
from articles.ingest.parse import parse
from tests.articles.ingest.matching import compare_articles

SHARED_SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "samples"
SEED = SHARED_SAMPLES / "seed-bulletin.txt"
EXPECTED = SHARED_SAMPLES / "seed-expected.json"


@pytest.fixture(scope="module")
def seed() -> tuple[bytes, dict]:
    if not SEED.exists() or not EXPECTED.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{SHARED_SAMPLES} is missing: CI must run the acceptance sample")
        pytest.skip(f"{SHARED_SAMPLES} not found beside the repository")
    return SEED.read_bytes(), json.loads(EXPECTED.read_text(encoding="utf-8"))


def test_seed_matches_expected_key_by_key(seed: tuple[bytes, dict]) -> None:
    raw, expected = seed
    decoded = decode(raw, SEED.name)
    parsed = parse(decoded.text, dt.date.fromisoformat(expected["issue_date"]))
    actual = [article_json(a) for a in parsed.articles]
    diffs = compare_articles(actual, expected["articles"])
    assert not diffs, "\n".join(diffs)


def test_seed_issue_date_is_the_acceptance_date(seed: tuple[bytes, dict]) -> None:
    # ingest-json.md runs the check with --date 2022-05-24; the expected file must agree.
    assert seed[1]["issue_date"] == "2022-05-24"


def test_seed_keeps_all_text_but_bylines(seed: tuple[bytes, dict], assert_text_kept) -> None:
    text = decode(seed[0], SEED.name).text
    assert_text_kept(text, parse(text, dt.date(2022, 5, 24)))


def test_seed_is_decoded_as_utf8(seed: tuple[bytes, dict]) -> None:
    assert decode(seed[0], SEED.name).encoding == "utf-8"
