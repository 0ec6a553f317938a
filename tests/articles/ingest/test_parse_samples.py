"""Our own sample pages (tests/samples/, see its README) against their expected JSON.

Each ``NAME.txt`` has a ``NAME.expected.json`` in the shape of the acceptance sample
(issue_date + articles) and is compared with the same matching rules.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from articles.ingest.decode import decode
from articles.ingest.jsonout import article_json
from articles.ingest.parse import parse
from tests.articles.ingest.conftest import SAMPLES
from tests.articles.ingest.matching import compare_articles

# The encoding each sample is written in: the decoder must recognise it.
ENCODINGS = {
    "tongchuan-2023-01-03": "utf-8",
    "tongchuan-2023-03-10": "utf-8-sig",
    "tongchuan-2023-06-15": "gb18030",
    "tongchuan-2023-09-01": "utf-8",
}


def _load(name: str) -> tuple[str, str, dict]:
    raw = (SAMPLES / f"{name}.txt").read_bytes()
    decoded = decode(raw, f"{name}.txt")
    expected = json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return decoded.text, decoded.encoding, expected


def test_every_sample_has_an_expected_file_and_an_encoding() -> None:
    names = {p.stem for p in SAMPLES.glob("*.txt")}
    assert names == set(ENCODINGS)
    assert {p.name.removesuffix(".expected.json") for p in SAMPLES.glob("*.expected.json")} == names


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_sample_matches_expected(name: str) -> None:
    text, encoding, expected = _load(name)
    assert encoding == ENCODINGS[name]
    parsed = parse(text, dt.date.fromisoformat(expected["issue_date"]))
    diffs = compare_articles([article_json(a) for a in parsed.articles], expected["articles"])
    assert not diffs, "\n".join(diffs)


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_sample_keeps_all_text_but_bylines(name: str, assert_text_kept) -> None:
    text, _, expected = _load(name)
    assert_text_kept(text, parse(text, dt.date.fromisoformat(expected["issue_date"])))


def test_gb18030_sample_really_is_gb18030_with_crlf() -> None:
    # Guards the fixture itself: a checkout that converted it to UTF-8 or LF tests nothing.
    raw = (SAMPLES / "tongchuan-2023-06-15.txt").read_bytes()
    assert b"\r\n" in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "\r" not in decode(raw, "x.txt").text


def test_bom_sample_starts_with_a_bom_that_decoding_drops() -> None:
    raw = (SAMPLES / "tongchuan-2023-03-10.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert not decode(raw, "x.txt").text.startswith("\ufeff")


def test_full_width_punctuation_is_kept_as_written() -> None:
    text, _, expected = _load("tongchuan-2023-06-15")
    parsed = parse(text, dt.date.fromisoformat(expected["issue_date"]))
    first = parsed.articles[0].paragraphs[0]
    assert "，" in first and "," not in first


def test_samples_cover_every_form_the_brief_lists() -> None:
    """The samples exercise each form; a sample edited so that one disappears fails here."""
    texts = {name: _load(name)[0] for name in ENCODINGS}
    page = "\n".join(texts.values())
    for form in (
        "会议强调,",  # 要-paragraphs after 会议强调
        "。要",  # a 要-sentence inside a paragraph
        ";要",  # ;要 continues the directive
        "一是要",
        "一要",
        "第一，",
        "（一）",
        "(一)",
        "一、",
        "提效率,",  # heading-first
        "王振东强调,要",  # a person issues directives
        "记者 林晓峰 郑雨欣",  # several names per role
        "文/图 通讯员",  # 文/图 before the names
        "通讯员 苏一鸣 吕婷 文/图",  # one line, 文/图 after
        "参加会议。记者 何家宁 通讯员 邱思远",  # run on after the last paragraph
        "摄影 冯可欣",
        "图 冯可欣",
        "冯可欣 摄",
        "本报讯(记者 何家宁)",
        "副区长刘建华、陈晓燕、郭明远",
        "列席会议",
        "到会指导",
        "陪同调研",
        "调研",
        "12月28日",
        "\u3000桐川区召开",  # full-width space between headline parts
    ):
        assert form in page, form
