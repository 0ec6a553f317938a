"""Chinese full-text search: the one place that knows how text is indexed and queried.

- ``text``: tokens (CJK bigrams), tsvector literals, parsing a reader's query.
- ``highlight``: marking matches on the original characters, snippets.
- ``engine``: running a query against PostgreSQL: matching, ranking, filters.
- ``groups``: beside the articles: facet counts, matching people, meetings, directives.
"""

from .highlight import highlight, snippet
from .text import Query, document_fields, document_literals, normalise, parse_query

__all__ = [
    "Query",
    "document_fields",
    "document_literals",
    "highlight",
    "normalise",
    "parse_query",
    "snippet",
]
