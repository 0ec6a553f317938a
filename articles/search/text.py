"""Tokens, tsvector literals and query parsing for Chinese full-text search.

PostgreSQL's text-search parsers do not segment Chinese, and the embedded server has no
zhparser or pg_trgm. So text is turned into tokens here and stored as a ``simple``
tsvector literal: every run of Han characters becomes overlapping character bigrams,
ASCII letters and digits become lowercase words (research-chinese-search.md: bigram
phrases give exactly the substring result set on every query class).

Positions are character offsets in the NFKC-normalised text, so a query tokenised the same
way becomes a phrase whose distances (``<N>``) reproduce the gaps of the query text:
``8·16`` is ``'8' <2> '16'`` and matches 云湖“8·16”暴雨 but not 816. Title tokens carry weight A
and include single characters, so a one-character query can search titles (``'汛':A``);
body tokens carry the default weight D.

Three vectors per article: ``search_vector`` (title + body, GIN-indexed) decides what
matches; ``title_vector`` (title only, GIN-indexed, small enough to stay in the row)
answers "in the title" and one-character queries; ``rank_vector`` (title + lead) ranks a
bounded candidate set, because ranking reads the whole vector of every row it ranks and
full bodies make that slow.
"""

from __future__ import annotations

import itertools
import re
import struct
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
TOKEN_RE = re.compile(f"([{HAN}]+)|([a-z0-9]+)")
HAN_RUN_RE = re.compile(f"[{HAN}]+")
MAX_POSITION = 16383  # tsvector positions stop there (PostgreSQL docs, 8.11.2)
MAX_POSITIONS_PER_LEXEME = 256
BODY_OFFSET = 100  # a gap between title and body, so no phrase spans the two
LEAD_CHARS = 200  # how much of the body the ranking vector keeps (small: GIN-indexed too)
MAX_QUERY_CHARS = 100
MAX_TERMS = 10


def normalise(text: str) -> str:
    """NFKC folds full-width letters, digits and punctuation (１２６ → 126); lowercase."""
    return unicodedata.normalize("NFKC", text).lower()


def tokens(text: str, start: int = 1, *, unigrams: bool = False, run_ends: bool = False):
    """(lexeme, position) pairs of ``text`` (already normalised), positions from ``start``.

    ``unigrams`` adds every Han character (titles, for one-character queries);
    ``run_ends`` adds the last character of each Han run, so a query like 第7 (a Han
    character before a number) finds the 第 that ends a run of the document."""
    for match in TOKEN_RE.finditer(text):
        position = start + match.start()
        han, word = match.groups()
        if word:
            yield word, position
            continue
        if len(han) == 1 or unigrams:
            for offset, char in enumerate(han):
                yield char, position + offset
        elif run_ends:
            yield han[-1], position + len(han) - 1
        for offset in range(len(han) - 1):
            yield han[offset : offset + 2], position + offset


def _positions(text: str, start: int, *, unigrams: bool, run_ends: bool) -> dict[str, list[int]]:
    """lexeme -> positions, as ``tokens`` gives them; a dict built in one pass, because
    indexing is on the ingest path (bench/ingest_speed.py)."""
    found: dict[str, list[int]] = {}
    add = found.setdefault
    for match in TOKEN_RE.finditer(text):
        position = start + match.start()
        han, word = match.groups()
        if word:
            add(word, []).append(position)
            continue
        if len(han) == 1 or unigrams:
            for offset, char in enumerate(han, position):
                add(char, []).append(offset)
        elif run_ends:
            add(han[-1], []).append(position + len(han) - 1)
        for offset in range(len(han) - 1):
            add(han[offset : offset + 2], []).append(position + offset)
    return found


def _literal(title: dict[str, list[int]], body: dict[str, list[int]]) -> str:
    """Title positions carry weight A; body positions the default weight D, which the
    literal leaves unwritten (PostgreSQL docs 8.11.2), sparing a suffix per position."""
    parts = []
    for lexeme, positions in title.items():
        entries = [f"{p}A" for p in positions]
        entries += map(str, body.get(lexeme, ()))
        parts.append(f"'{lexeme}':{','.join(entries[:MAX_POSITIONS_PER_LEXEME])}")
    parts.extend(
        f"'{lexeme}':{','.join(map(str, positions[:MAX_POSITIONS_PER_LEXEME]))}"
        for lexeme, positions in body.items()
        if lexeme not in title
    )
    return " ".join(parts)


def headline_text(kicker: str, title: str, subtitle: str) -> str:
    """An article's headline parts as one text to index (kicker, title and subtitle)."""
    return " ".join(part for part in (kicker, title, subtitle) if part)


def _normalised_positions(title_text: str, body_text: str) -> tuple[dict, dict, dict]:
    """lexeme -> positions of the title, the body and the lead, for an article's vectors,
    from its title and body normalised."""
    body_start = len(title_text) + BODY_OFFSET
    # Titles get every character (which includes the run ends).
    title_positions = _positions(title_text, 1, unigrams=True, run_ends=False)
    body_positions = _positions(body_text, body_start, unigrams=False, run_ends=True)
    if body_start + len(body_text) > MAX_POSITION:
        # PostgreSQL positions stop at 16383: the tail of a very long text keeps its
        # lexemes (two-character queries still find it) at that last position.
        body_positions = {
            lexeme: sorted({min(p, MAX_POSITION) for p in positions})
            for lexeme, positions in body_positions.items()
        }
    lead_positions = _positions(body_text[:LEAD_CHARS], body_start, unigrams=False, run_ends=True)
    return title_positions, body_positions, lead_positions


# Weight A in a binary position: the top two bits of 16 (PostgreSQL's WordEntryPos).
_WEIGHT_A = 3 << 14


@lru_cache(maxsize=MAX_POSITIONS_PER_LEXEME + 1)
def _packer(count: int):
    """The NUL that ends a lexeme, its number of positions and the positions."""
    return struct.Struct(f"!xH{count}H").pack


_pack_one = _packer(1)


def _binary(title: dict[str, list[int]], body: dict[str, list[int]]) -> bytes:
    """The tsvector that ``_literal`` writes, as tsvectorrecv reads it (PostgreSQL source,
    src/backend/utils/adt/tsvector.c): the number of lexemes, then each lexeme NUL-ended,
    its number of positions and the positions, increasing, weight in the top bits. Lexemes
    may come in any order (the server sorts them) but only once each, as here."""
    parts = [b""]
    append = parts.append
    for lexeme, positions in title.items():
        entries = [p | _WEIGHT_A for p in positions]
        entries += body.get(lexeme, ())
        entries = entries[:MAX_POSITIONS_PER_LEXEME]
        append(lexeme.encode())
        append(_packer(len(entries))(len(entries), *entries))
    for lexeme, positions in body.items():
        if lexeme in title:
            continue
        append(lexeme.encode())
        if len(positions) == 1:  # most bigrams of an article
            append(_pack_one(1, positions[0]))
        else:
            positions = positions[:MAX_POSITIONS_PER_LEXEME]
            append(_packer(len(positions))(len(positions), *positions))
    parts[0] = struct.pack("!i", len(parts) // 2)
    return b"".join(parts)


def searched_text(title: str, body: str) -> str:
    """The text the vectors index, normalised: headline, a line break, body. A run of
    Han characters is found in it with ``strpos`` exactly where the bigram phrase matches
    (the line break keeps a term from spanning headline and body, as BODY_OFFSET does),
    and reading it costs a third of reading the full vector."""
    return _joined(normalise(title), normalise(body))


def _joined(title_text: str, body_text: str) -> str:
    return title_text + "\n" + body_text


def _fields(title: str, body: str, encode) -> tuple:
    """The (search, rank, title) vectors written by ``encode`` and the searched text, from
    one normalisation of each text."""
    title_text, body_text = normalise(title), normalise(body)
    title_positions, body_positions, lead_positions = _normalised_positions(title_text, body_text)
    return (
        encode(title_positions, body_positions),
        encode(title_positions, lead_positions),
        encode(title_positions, {}),
        _joined(title_text, body_text),
    )


def document_fields(title: str, body: str) -> tuple[str, str, str, str]:
    """What an article stores for search: its (search, rank, title) vector literals and
    its searched text, in the order of ``articles.models.SEARCH_FIELDS``."""
    return _fields(title, body, _literal)


def document_literals(title: str, body: str) -> tuple[str, str, str]:
    """(search, rank, title) literals for an article's headline and body."""
    return document_fields(title, body)[:3]


def document_binary_fields(title: str, body: str) -> tuple[bytes, bytes, bytes, str]:
    """``document_fields`` with the vectors in PostgreSQL's binary tsvector format, which
    the server reads several times faster than it parses the text form
    (bench/ingest_speed.py): for ingest, which writes thousands of them."""
    return _fields(title, body, _binary)


@dataclass
class Term:
    text: str  # as the reader typed it, normalised
    pieces: list[tuple[str, int]]  # (lexeme, distance from the previous lexeme)
    pattern: str  # regular expression finding it in normalised text
    title_only: bool = False
    # Every lexeme of the term, also those the phrase leaves out (_cover): the more
    # bigrams the GIN index ANDs, the fewer rows are left to check for the phrase
    # (结将 & 准可: 7,556 of 100,000 articles; with 将准 as well: 622).
    lexemes: list[str] = field(default_factory=list)

    @property
    def is_han(self) -> bool:
        """Han characters only: found in the searched text exactly where the phrase
        matches. Other terms match across punctuation (8·16 and 8-16) and whole ASCII
        words only, which a substring test does not reproduce."""
        return HAN_RUN_RE.fullmatch(self.text) is not None

    def phrase(self, *, in_title: bool = False) -> str:
        """The term as a tsquery phrase; ``in_title`` is for ``title_vector``, which holds
        every character of the title, so no lexeme there needs to be a prefix."""
        plain = in_title or self.title_only
        parts = []
        for lexeme, distance in self.pieces:
            if parts:
                parts.append("<->" if distance == 1 else f"<{distance}>")
            parts.append(_lexeme(lexeme, prefix=not plain))
        return " ".join(parts)


@dataclass
class Query:
    """A reader's query parsed into tsquery text and highlighting patterns."""

    raw: str
    include: list[Term] = field(default_factory=list)
    exclude: list[Term] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.include)

    @property
    def tsquery(self) -> str:
        """Every term, for ranking."""
        parts = [f"({term.phrase()})" for term in self.include]
        parts += [f"!({term.phrase()})" for term in self.exclude]
        return " & ".join(parts)

    @property
    def body_tsquery(self) -> str:
        """What ``search_vector`` must match: the terms that may be anywhere, and the
        exclusions; "" when every term is a one-character title search."""
        parts = [f"({term.phrase()})" for term in self.include if not term.title_only]
        if not parts:
            return ""
        return " & ".join(parts + [f"!({term.phrase()})" for term in self.exclude])

    @property
    def index_lexemes(self) -> list[str]:
        """Every lexeme of the terms that may be anywhere, as the index holds it."""
        return list(
            dict.fromkeys(
                lexeme for term in self.include if not term.title_only for lexeme in term.lexemes
            )
        )

    @property
    def lexemes(self) -> list[str]:
        """Every lexeme of the terms that may be anywhere, each as a tsquery."""
        return [_lexeme(lexeme) for lexeme in self.index_lexemes]

    @property
    def lexeme_tsquery(self) -> str:
        """Every lexeme of the terms that may be anywhere, ANDed: no positions, no weights,
        so the GIN index answers it without reading a single row's vector. It finds a
        superset of ``body_tsquery``'s rows (nearly always the same rows)."""
        return all_of(self.index_lexemes)

    @property
    def needs_recheck(self) -> bool:
        """Whether ``lexeme_tsquery`` may find rows that ``body_tsquery`` does not."""
        return bool(self.exclude) or any(
            len(term.pieces) > 1 for term in self.include if not term.title_only
        )

    @property
    def exclusion_tsquery(self) -> str:
        return " & ".join(f"!({term.phrase()})" for term in self.exclude)

    @property
    def title_only_tsquery(self) -> str:
        """One-character terms, which search titles only (``title_vector``)."""
        return " & ".join(
            f"({term.phrase(in_title=True)})" for term in self.include if term.title_only
        )

    @property
    def title_tsquery(self) -> str:
        """Every term, required in the title (``title_vector``)."""
        return " & ".join(f"({term.phrase(in_title=True)})" for term in self.include)

    @property
    def patterns(self) -> list[str]:
        """Highlighting patterns for titles: every term."""
        return [term.pattern for term in self.include]

    @property
    def body_patterns(self) -> list[str]:
        """Highlighting patterns for bodies: one-character terms search titles only."""
        return [term.pattern for term in self.include if not term.title_only]


_QUOTED_RE = re.compile(r'(-?)"([^"]*)"|(\S+)')


def parse_query(raw: str) -> Query:
    """Words separated by spaces must all appear; "quoted phrases" keep their spaces;
    -word excludes. Punctuation and tsquery syntax typed by the reader are just text."""
    text = normalise(raw.strip())[:MAX_QUERY_CHARS]
    # NFKC keeps Chinese quotation marks; treat “…” like "…".
    text = text.replace("“", '"').replace("”", '"')
    query = Query(raw=raw)
    for match in _QUOTED_RE.finditer(text):
        negative, quoted, bare = match.groups()
        words = quoted if quoted is not None else bare
        if bare and bare.startswith("-") and len(bare) > 1:
            negative, words = "-", bare[1:]
        term = _term(words)
        if term is None:
            continue
        if negative:
            query.exclude.append(term)
        elif len(query.include) < MAX_TERMS:
            query.include.append(term)
        else:
            query.notes.append(f"只使用了前 {MAX_TERMS} 个词。")
    if len(normalise(raw.strip())) > MAX_QUERY_CHARS:
        query.notes.append(f"搜索词过长，只使用了前 {MAX_QUERY_CHARS} 个字符。")
    return query


def _term(words: str) -> Term | None:
    found = list(tokens(words, unigrams=False))
    if not found:
        return None
    if len(found) == 1 and _is_han_char(found[0][0]):
        char = found[0][0]
        return Term(text=words, pieces=[(char, 0)], pattern=re.escape(char), title_only=True)
    lexemes = [lexeme for lexeme, _ in found]
    found = _cover(found)
    pieces = [(found[0][0], 0)]
    pieces += [(lexeme, pos - prev) for (_, prev), (lexeme, pos) in itertools.pairwise(found)]
    return Term(text=words, pieces=pieces, pattern=_pattern(words), lexemes=lexemes)


def _is_han_char(lexeme: str) -> bool:
    return len(lexeme) == 1 and TOKEN_RE.fullmatch(lexeme).group(1) is not None


def _cover(found: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Drop bigrams that their neighbours already pin down: 疫情 at p and 防控 at p+2 can
    only be 疫情防控, so 情防 adds nothing but work for the index and the recheck."""
    kept: list[tuple[str, int]] = []
    for index, (lexeme, position) in enumerate(found):
        following = found[index + 1] if index + 1 < len(found) else None
        if (
            kept
            and following is not None
            and len(lexeme) == 2
            and len(kept[-1][0]) == 2
            and len(following[0]) == 2
            and kept[-1][1] == position - 1
            and following[1] == position + 1
        ):
            continue
        kept.append((lexeme, position))
    return kept


def all_of(lexemes: list[str]) -> str:
    """A tsquery holding every one of ``lexemes`` (as ``Term.lexemes`` lists them)."""
    return " & ".join(_lexeme(lexeme) for lexeme in lexemes)


def is_prefix(lexeme: str) -> bool:
    """Whether the query matches ``lexeme`` as a prefix: a lone Han character inside a
    longer term (126个, 第7) may begin a longer run of the document, where it is the
    start of a bigram."""
    return _is_han_char(lexeme)


def _lexeme(lexeme: str, *, prefix: bool = True) -> str:
    quoted = "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"
    return f"{quoted}:*" if prefix and is_prefix(lexeme) else quoted


def _pattern(words: str) -> str:
    """A regex over normalised text that finds what the phrase matches: the tokens in
    order, with exactly as many characters between them as the query had. ASCII words
    match whole words only, as the index holds them."""
    parts = []
    last_end = None
    matches = list(TOKEN_RE.finditer(words))
    for match in matches:
        if last_end is not None:
            gap = match.start() - last_end
            parts.append(f"[^{HAN}a-z0-9]{{{gap}}}" if gap else "")
        parts.append(re.escape(match.group()))
        last_end = match.end()
    if matches[0].group(2):
        parts.insert(0, "(?<![a-z0-9])")
    if matches[-1].group(2):
        parts.append("(?![a-z0-9])")
    return "".join(parts)
