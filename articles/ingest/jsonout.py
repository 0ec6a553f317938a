"""The per-bulletin object of ``ingest --dry-run --json`` (see docs ingest-json.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .records import ArticleRecord, ParsedBulletin


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def article_json(article: ArticleRecord) -> dict[str, Any]:
    return {
        "headline": article.headline,
        "kicker": article.kicker,
        "title": article.title,
        "subtitle": article.subtitle,
        "date": _iso(article.date),
        "date_precision": article.date_precision,
        "paragraphs": list(article.paragraphs),
        "credits": [{"name": c.name, "role": c.role} for c in article.credits],
        "photos": article.photos,
        "people": [{"name": p.name, "positions": list(p.positions)} for p in article.people],
        "meetings": [
            {
                "name": m.name,
                "organizer": m.organizer,
                "date": _iso(m.date),
                "participants": [{"name": p.name, "roles": list(p.roles)} for p in m.participants],
            }
            for m in article.meetings
        ],
        "directives": [
            {"heading": d.heading, "text": d.text, "meeting": d.meeting, "issuer": d.issuer}
            for d in article.directives
        ],
        "places": list(article.places),
        "terms": list(article.terms),
        "tags": list(article.tags),
    }


def bulletin_json(
    source: str,
    sha256: str,
    encoding: str,
    issue_date: dt.date,
    parsed: ParsedBulletin,
    warnings: list[str],
) -> dict[str, Any]:
    """One entry of ``bulletins``: ``warnings`` (the caller's, e.g. a defaulted --date) come
    first, then the parser's, each once."""
    merged = list(dict.fromkeys([*warnings, *parsed.warnings]))
    return {
        "source": source,
        "sha256": sha256,
        "encoding": encoding,
        "issue_date": issue_date.isoformat(),
        "articles": [article_json(a) for a in parsed.articles],
        "warnings": merged,
    }
