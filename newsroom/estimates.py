"""Row counts from PostgreSQL's planner, for lists too long to count on every page view.

COUNT(*) reads every row it counts (PostgreSQL keeps no row count; see the wiki page "Count
estimate"), so an admin list of 100,000 articles would spend more on its "100,000 条" than
on the hundred rows it shows. The planner's estimate costs an EXPLAIN, nothing is run.
"""

import json
import time

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Below this many rows (by the estimate) counting exactly is cheap, and exact.
EXACT_UP_TO = 10_000
# From this offset on, a page's ids are found before its rows are read (see page()).
DEFERRED_FROM = 2_000
# pg_stats and pg_class.reltuples change only when the table is vacuumed or analysed again
# (autovacuum does so after a tenth of it changed); reading its 20,000 most common lexemes
# takes some 20 ms, and a search asked reltuples twice, so a process keeps both this many
# seconds.
STATS_SECONDS = 600.0
# The planner's share for an element it has no statistics on (DEFAULT_TS_MATCH_SEL in
# PostgreSQL's src/backend/tsearch/ts_selfuncs.c).
DEFAULT_ELEMENT_SHARE = 0.005

# What a process keeps of the statistics: key -> (time.monotonic() when read, value).
_statistics: dict[tuple, tuple[float, object]] = {}


def forget() -> None:
    """Read the statistics again on their next use."""
    _statistics.clear()


def _kept(key: tuple, read):
    """``read()``, kept under ``key`` for STATS_SECONDS; None (nothing to keep) is read
    again next time."""
    kept = _statistics.get(key)
    if kept is not None and time.monotonic() - kept[0] < STATS_SECONDS:
        return kept[1]
    value = read()
    if value is not None:
        _statistics[key] = (time.monotonic(), value)
    return value


def planner_estimate(queryset) -> int:
    """The planner's estimate of the rows ``queryset`` returns (EXPLAIN, nothing run)."""
    sql, params = queryset.order_by().query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def table_rows(model, using: str = "default") -> int:
    """The table's row count as of the last VACUUM or ANALYZE (pg_class.reltuples), at least
    1; read again after STATS_SECONDS (and until the table has been analysed: -1)."""

    def read() -> int | None:
        with connections[using].cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table]
            )
            row = cursor.fetchone()
        if row is None or row[0] < 0:  # never vacuumed or analysed: ask again next time
            return None
        return max(int(row[0]), 1)

    rows = _kept(("rows", using, model._meta.db_table), read)
    return 1 if rows is None else rows


def element_shares(model, column: str, using: str = "default") -> tuple[dict[str, float], float]:
    """The share of rows holding each of the most common elements of ``column`` (for a
    tsvector, its lexemes: pg_stats.most_common_elems), and the share the planner assumes
    for any other element: half the least common one's, at most DEFAULT_ELEMENT_SHARE
    (ts_selfuncs.c). The same numbers an EXPLAIN per element would use, without the EXPLAIN."""

    def read() -> tuple[dict[str, float], float]:
        with connections[using].cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
                " WHERE schemaname = current_schema() AND tablename = %s AND attname = %s",
                [model._meta.db_table, column],
            )
            row = cursor.fetchone()
        shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
        # most_common_elem_freqs ends with the least and the greatest frequency (pg_stats).
        floor = DEFAULT_ELEMENT_SHARE
        if shares:
            floor = min(floor, min(shares.values()) / 2)
        return shares, floor

    return _kept(("elements", using, model._meta.db_table, column), read)


class EstimatedCountPaginator(Paginator):
    """Counts exactly when the planner expects fewer than EXACT_UP_TO rows, otherwise takes
    its estimate: "about 100,000" is as useful to an editor as the exact number. Pages past
    the true end (when the estimate runs high) are simply empty."""

    def page(self, number):
        """Deep pages list the page's ids first, then read those rows: OFFSET over whole
        rows reads and drops every row before the page (700 ms for the last page of
        100,000 articles), the ids alone come from a walk of the ordering's index."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if bottom >= DEFERRED_FROM:
            rows = rows.filter(pk__in=rows.values("pk")[bottom:top])
        else:
            rows = rows[bottom:top]
        return self._get_page(rows, number, self)

    @cached_property
    def count(self) -> int:
        estimate = planner_estimate(self.object_list)
        if estimate < EXACT_UP_TO:
            return self.object_list.count()
        return estimate
