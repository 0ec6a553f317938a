"""Rows written and read by ingest as plain SQL on a server-binding cursor.

Ingest writes a page's rows as a few statements whose text is the same on every page (the
rows travel as one JSON parameter per table), so psycopg prepares each once per connection
and PostgreSQL neither parses nor plans it again (bench/ingest_speed.py). Django's own
cursors bind parameters on the client, which makes every statement new to the server.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import psycopg
from django.db import connection
from psycopg.adapt import Dumper
from psycopg.pq import Format

from newsroom.prepared import preparing

from .records import IngestError


class TsVector(bytes):
    """A tsvector in PostgreSQL's binary format (``articles.search.text.document_binary_fields``),
    sent as such: in a list, as a ``tsvector[]`` parameter written ``%(name)b``."""


class _TsVectorDumper(Dumper):
    format = Format.BINARY
    oid = psycopg.postgres.types["tsvector"].oid

    def dump(self, obj: TsVector) -> bytes:
        return obj


def execute(sql: str, params: list | Mapping = (), *, fetch: bool = False) -> list[tuple]:
    """Run ``sql`` on the current connection, prepared; the rows it returns if ``fetch``."""
    connection.ensure_connection()
    with (
        connection.wrap_database_errors,
        preparing(connection.connection),
        psycopg.Cursor(connection.connection) as cursor,
    ):
        cursor.adapters.register_dumper(TsVector, _TsVectorDumper)
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchall() if fetch else []


def document(rows: Iterable[dict]) -> str:
    """Rows as one JSON parameter (for json_populate_recordset / json_to_recordset)."""
    return json.dumps(list(rows), ensure_ascii=False, default=str)


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def columns(model, fields: Iterable[str]) -> list[str]:
    """The database columns of ``fields`` (attnames: bulletin -> bulletin_id)."""
    return [model._meta.get_field(name).column for name in fields]


def quoted(names: Iterable[str]) -> str:
    return ", ".join(connection.ops.quote_name(name) for name in names)


def insert_sql(model, fields: Iterable[str], *, source: str = "%s") -> tuple[str, str]:
    """The head and body of ``INSERT INTO table AS t (columns) SELECT columns FROM rows``,
    where the rows are ``source``, a JSON array of objects keyed by column."""
    names = quoted(columns(model, fields))
    return (
        f"INSERT INTO {table(model)} AS t ({names})",
        f"SELECT {names} FROM json_populate_recordset(NULL::{table(model)}, {source}::json)",
    )


def insert(
    model,
    fields: tuple[str, ...],
    rows: list[tuple],
    *,
    returning: tuple[str, ...] = (),
    on_conflict: str = "",
) -> list[tuple]:
    """INSERT ``rows`` (values in the order of ``fields``) into ``model``'s table as one JSON
    parameter: the statement stays short and the same for any number of rows, and no model
    instance is built. For rows checked already (``check_lengths``, ``full_clean``).

    ``on_conflict`` is the rest of an ON CONFLICT clause, where ``t`` names the table's row;
    ``returning`` names fields to return, in the order of the rows inserted."""
    if not rows:
        return []
    keys = columns(model, fields)
    head, body = insert_sql(model, fields)
    sql = f"{head} {body}"
    if on_conflict:
        sql += f" ON CONFLICT {on_conflict}"
    if returning:
        sql += " RETURNING " + quoted(columns(model, returning))
    return execute(
        sql, [document(dict(zip(keys, row, strict=True)) for row in rows)], fetch=bool(returning)
    )


def check_lengths(model, **values: str) -> None:
    """What ``full_clean`` would say of blank or overlong text, without building an instance."""
    for name, value in values.items():
        field = model._meta.get_field(name)
        if not value.strip():
            raise IngestError(f"{model._meta.verbose_name}的{field.verbose_name}不能为空。")
        if len(value) > field.max_length:
            raise IngestError(
                f"{model._meta.verbose_name}“{value[:50]}”无法保存：{field.verbose_name}："
                f"最多 {field.max_length} 个字符（现有 {len(value)} 个）。"
            )
