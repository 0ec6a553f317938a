"""Fixtures shared by the pure parser tests (no database)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from articles.ingest.records import ParsedBulletin

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
# Characters a byline is made of besides the names: labels, 文/图, brackets, separators.
BYLINE_CHARS = frozenset("本报记者通讯员摄影图片文/／（）()【】[]、，,：:·•")


def lost_characters(text: str, parsed: ParsedBulletin) -> Counter[str]:
    """Non-white-space characters of ``text`` missing from every headline and paragraph."""
    kept = Counter(
        ch
        for article in parsed.articles
        for part in (article.headline, *article.paragraphs)
        for ch in part
        if not ch.isspace()
    )
    return Counter(ch for ch in text if not ch.isspace()) - kept


def check_text_kept(text: str, parsed: ParsedBulletin) -> None:
    """The quality bar "never lose text": only byline text may be dropped."""
    credited = {ch for a in parsed.articles for c in a.credits for ch in c.name}
    lost = lost_characters(text, parsed)
    unexplained = {ch: n for ch, n in lost.items() if ch not in BYLINE_CHARS | credited}
    assert not unexplained, f"lost characters: {unexplained}"


@pytest.fixture
def assert_text_kept() -> Callable[[str, ParsedBulletin], None]:
    return check_text_kept
