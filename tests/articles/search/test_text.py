"""Tokens, literals and query parsing: pure functions, no database."""

import re
from html import unescape

import pytest

from articles.search import (
    document_fields,
    document_literals,
    highlight,
    normalise,
    parse_query,
    snippet,
)
from articles.search.highlight import (
    FIRST_PREFIX,
    _ellipsis,
    _folding,
    _marked,
    _normalised,
    holds,
    plain_snippet,
    spans,
)
from articles.search.text import MAX_QUERY_CHARS, MAX_TERMS, tokens


def test_han_runs_become_bigrams_ascii_words_stay_whole():
    assert list(tokens("疫情防控")) == [("疫情", 1), ("情防", 2), ("防控", 3)]
    assert list(tokens("汛")) == [("汛", 1)]
    assert list(tokens("7·20 abc")) == [("7", 1), ("20", 3), ("abc", 6)]
    assert list(tokens("ab", unigrams=True)) == [("ab", 1)]
    assert ("控", 4) in list(tokens("疫情防控", run_ends=True))


def test_normalise_folds_full_width_and_case():
    assert normalise("１２６个ＡＢＣ，") == "126个abc,"


def test_document_literal_weights_and_positions():
    search, rank, title = document_literals("疫情防控", "本报讯 近日。" + "正文" * 500)
    assert title == "'疫':1A '情':2A '防':3A '控':4A '疫情':1A '情防':2A '防控':3A"
    assert "'疫情':1A" in search and "'疫':1A" in search
    assert "'本报':" in search and search.split("'本报':")[1].split()[0].isdigit()  # weight D
    assert len(rank) < len(search)  # the ranking vector keeps only the lead
    # Positions stay within PostgreSQL's limit however long the text.
    long_search, _, _ = document_literals("题", "字" * 40000)
    assert max(int(p) for p in re.findall(r"[:,](\d+)", long_search)) == 16383


def test_searched_text_is_the_normalised_headline_and_body():
    fields = document_fields("云湖区ＡＢＣ", "本报讯 １２６个社区。")
    assert fields[:3] == document_literals("云湖区ＡＢＣ", "本报讯 １２６个社区。")
    assert fields[3] == "云湖区abc\n本报讯 126个社区。"


@pytest.mark.parametrize(
    ("raw", "han"),
    [
        ("疫情防控", True),
        ("“田长制”", True),
        ("早发现，早处置", False),
        ("7·20", False),
        ("126个", False),
    ],
)
def test_han_terms_can_be_checked_as_substrings(raw, han):
    assert parse_query(raw).include[0].is_han is han


@pytest.mark.parametrize(
    ("raw", "tsquery"),
    [
        ("疫情防控", "('疫情' <2> '防控')"),
        ("组织生活会", "('组织' <2> '生活' <-> '活会')"),
        ("7·20", "('7' <2> '20')"),
        ("１２６个", "('126' <3> '个':*)"),
        ("第7", "('第':* <-> '7')"),
        ("汛", "('汛')"),
        ("林思远 -林思", "('林思' <-> '思远') & !('林思')"),
        ('"疫情 防控" 会议', "('疫情' <3> '防控') & ('会议')"),
        ("“开门红”", "('开门' <-> '门红')"),
        ("O'Brien", "('o' <2> 'brien')"),
    ],
)
def test_query_parsing(raw, tsquery):
    assert parse_query(raw).tsquery == tsquery


@pytest.mark.parametrize("raw", ["", "   ", "&|!:*", "()''\\", "，。、", "-疫情"])
def test_queries_with_nothing_to_search(raw):
    assert not parse_query(raw)


def test_title_queries_need_no_prefixes():
    # title_vector holds every character of the title: 第 needs no prefix match there.
    query = parse_query("第7 疫情 汛")
    assert query.title_tsquery == "('第' <-> '7') & ('疫情') & ('汛')"
    assert query.title_only_tsquery == "('汛')"
    assert query.body_tsquery == "('第':* <-> '7') & ('疫情')"
    assert query.lexeme_tsquery == "'第':* & '7' & '疫情'"


def test_long_and_wordy_queries_are_capped():
    query = parse_query("疫情" * 100)
    assert len(query.include[0].text) == MAX_QUERY_CHARS
    assert query.notes
    many = parse_query(" ".join(f"词{n:02d}" for n in range(20)))
    assert len(many.include) == MAX_TERMS


def test_highlight_marks_original_characters_and_escapes():
    query = parse_query("8·16 １２６个 b")
    text = "云湖“8·16”暴雨<b>推进126个项目，abc"
    marked = str(highlight(text, query.patterns))
    assert "<mark>8·16</mark>" in marked
    assert "<mark>126个</mark>" in marked
    assert "&lt;<mark>b</mark>&gt;" in marked
    assert "a<mark>b</mark>c" not in marked  # ASCII words match whole words only


@pytest.mark.parametrize(
    "text", ["云湖区推进ABC项目", "１２６个项目", "ﬁle…", "\u2f54利", "İ", "中文"]
)
def test_folded_characters_know_their_originals(text):
    """Each folded character maps back to the one it came from; where the length is
    kept, one to one, which holds because no character folds to nothing."""
    table, _ = _folding()
    assert all(table.values())
    folded, origin = _normalised(text)
    assert folded == text.translate(table)
    assert len(origin) == len(folded)
    assert all(folded[i] in text[at].translate(table) for i, at in enumerate(origin))


def _snippet_of_whole_text(text: str, patterns: list[str], width: int) -> str:
    # snippet() as it was, folding the whole body at once.
    text = " ".join(text.split())
    ranges = spans(text, patterns)
    start = max(0, ranges[0][0] - width // 4) if ranges else 0
    end = min(len(text), start + width)
    window = [(max(s, start), min(e, end)) for s, e in ranges if s < end and e > start]
    return _ellipsis(text, start, end, _marked(text[:end], window, start))


@pytest.mark.parametrize(
    "at", [0, 700, FIRST_PREFIX - 130, FIRST_PREFIX - 8, FIRST_PREFIX - 4, 3000, 9000]
)
@pytest.mark.parametrize("query", ["目标导向", "abc", "ＡＢＣ 目标", "126个", "没有的词"])
def test_snippet_folds_a_prefix_and_finds_what_the_whole_text_holds(at, query):
    query = parse_query(query)
    # Full-width punctuation folds to one character, an ellipsis to three.
    filler = "推进，（项目）ＡＢＣＤ、abcd；" * 400 + "推进…ﬁ项目，" * 400
    text = filler[:at] + "坚持目标导向、ABC，１２６个项目" + filler[:9000]
    for width in (40, 120):
        assert str(snippet(text, query.body_patterns, width)) == _snippet_of_whole_text(
            text, query.body_patterns, width
        )


def test_snippet_windows_the_first_match():
    query = parse_query("目标导向")
    text = "开头" * 100 + "坚持目标导向、问题导向" + "结尾" * 100
    result = str(snippet(text, query.patterns, width=40))
    assert result.startswith("…") and result.endswith("…")
    assert "<mark>目标导向</mark>" in result


def _holds_by_folding(text: str, query) -> bool:
    # What holds() answers, folding every text.
    folded = normalise(text)
    return all(re.search(pattern, folded) for pattern in query.patterns)


@pytest.mark.parametrize(
    "text, query, expected",
    [
        ("要压实防汛责任。", "防汛", True),
        ("要压实防汛责任。", "防汛 责任", True),
        ("要压实防汛责任。", "防汛 春耕", False),
        ("\u2f54利工作会议", "水利", True),  # a Kangxi radical where 水 belongs
        ("㊀要抓紧", "一要", True),  # a circled ideograph
        ("\uf900年工作", "豈年", True),  # a compatibility ideograph
        ("推进ＡＩ应用", "ai 应用", True),  # not Han only: folded first
        ("推进ＡＩ应用", "ai 水利", False),
        ("防，汛", "防汛", False),
    ],
)
def test_holds_answers_what_folding_the_text_answers(text, query, expected):
    query = parse_query(query)
    assert _holds_by_folding(text, query) == expected
    assert holds(text, query) == expected


def test_holds_on_random_texts_answers_what_folding_answers():
    """Texts drawn from Han characters, characters that fold into Han ones, full-width
    punctuation and letters, and everything else that folds to more than one character."""
    import random

    table, _ = _folding()
    into_han = [chr(code) for code, folded in table.items() if re.search("[一-鿿]", folded)]
    assert len(into_han) > 500
    # Some of the characters that fold into the terms' ones, so that folding finds them.
    folding_in = [c for c in into_han if set(normalise(c)) & set("水利工作一要豈年防汛")]
    pools = ["水利工作一要豈年防汛", folding_in, into_han, "，（）：ＡＩａｉAIai …ﬁ"]
    rng = random.Random(7)
    queries = [parse_query(q) for q in ("水利", "工作 一要", "豈年", "防汛", "ai 水利", "要")]
    checked = 0
    for _ in range(3000):
        text = "".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(0, 12)))
        for query in queries:
            expected = _holds_by_folding(text, query)
            assert holds(text, query) == expected, (text, query.patterns)
            checked += expected
    assert checked > 100  # the texts hit the terms often enough to test both answers


def test_snippets_of_han_terms_are_those_of_the_whole_folded_text():
    """Terms of Han characters are looked for in the text as it is (_literal_window):
    random texts of the terms' characters, characters that fold into them, characters
    that fold to several (㈠ is (一), ﬁ is fi), full-width punctuation and spaces give the
    snippets folding the whole text gives."""
    import random

    table, _ = _folding()
    into = [chr(c) for c, folded in table.items() if set(folded) & set("水利一工作")]
    pools = ["水利一工作", "水利", into, "㈠ﬁ…，（）：Ａa \n", "推进会议"]
    rng = random.Random(11)
    queries = [
        parse_query(q) for q in ("水利", "水利 工作", "一工", "利水利", "会议 水", "水利工作 利工")
    ]
    compared = marked = 0
    for _ in range(1500):
        text = "".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(0, 400)))
        for query in queries:
            for width in (8, 40, 120):
                expected = _snippet_of_whole_text(text, query.body_patterns, width)
                assert str(snippet(text, query.body_patterns, width)) == expected, (text, query)
                plain = re.sub("</?mark>", "", expected)
                assert plain_snippet(text, query.body_patterns, width) == unescape(plain)
                compared += 1
                marked += "<mark>" in expected
    assert marked > compared // 3


def test_a_longer_term_folded_into_place_before_a_shorter_one_found_as_is():
    """中国 is found as it is at 41, and 大中国人 only by folding ⼈ (U+2F08) into 人 at 43:
    its match starts at 40, and the window is the whole text's."""
    query = parse_query("大中国人 中国")
    text = "x" * 40 + "大中国\u2f08" + "y" * 200
    expected = _snippet_of_whole_text(text, query.body_patterns, 120)
    assert str(snippet(text, query.body_patterns, 120)) == expected
    assert "<mark>大中国\u2f08</mark>" in expected
