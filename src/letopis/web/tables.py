"""Tables like datasette's: sorting, facets with counts, filters in the URL, pages, and
CSV/JSON downloads of the same filtered view.

A ``Table`` names its SQL source, its columns (an SQL expression each), the facets it
counts and the filters it accepts. ``view(conn, table, args)`` reads the request's
arguments (``sort``, ``limit``, ``offset`` and the table's filters), checks them (a
``SearchError``, i.e. a 400, for an unknown column or a bad value) and returns the page,
the facet counts and the total. Every value reaches SQLite as a parameter; column and
facet expressions come only from the table definitions here.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from letopis.store.errors import SearchError
from letopis.web.deps import MAX_LIMIT, MAX_OFFSET, bounded

MAX_DOWNLOAD = 50_000  # rows in one CSV/JSON download
FACET_SIZE = 12


@dataclass(frozen=True)
class Column:
    """A column: its key (also the CSV/JSON field), heading and SQL expression."""

    key: str
    title: str
    sql: str
    sortable: bool = True
    shown: bool = True  # on the page (every column goes into the downloads)


@dataclass(frozen=True)
class Facet:
    """Counts of the rows per value of ``sql`` (shown as ``label_sql`` when given); the
    value filters through the parameter ``param``."""

    param: str
    title: str
    sql: str
    label_sql: str | None = None


# A filter: parameter value -> (SQL condition, its arguments); raises SearchError if bad.
Condition = Callable[[str], tuple[str, list[object]]]


@dataclass(frozen=True)
class Table:
    """A browsable table: ``source`` is the FROM clause (joins included)."""

    name: str
    source: str
    columns: tuple[Column, ...]
    facets: tuple[Facet, ...]
    filters: Mapping[str, Condition]
    order: str  # the default ORDER BY (also the tie-breaker of every sort)
    defaults: tuple[Default, ...] = ()
    requires: str | None = None  # an SQL table an older store may lack (then: no rows)
    path: str | None = None  # the page's path when not /<name>


@dataclass(frozen=True)
class Default:
    """A filter value used when the query names none (only while ``when`` holds:
    another parameter's value)."""

    param: str
    value: str
    when: tuple[str, str] | None = None


@dataclass
class FacetCount:
    """One value of a facet with its row count; ``selected`` when it filters now."""

    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class View:
    """A page of a table under the request's filters and sort."""

    table: Table
    params: dict[str, str]  # in force: the query's and the defaults
    given: dict[str, str]  # the query's own (links keep these)
    total: int
    rows: list[dict[str, object]]
    facets: list[tuple[Facet, list[FacetCount]]]
    sort: str
    limit: int
    offset: int


def equals(sql: str) -> Condition:
    """A filter ``sql = value``."""
    return lambda value: (f"{sql} = ?", [value])


def present(sql: str, any_word: str = "any") -> Condition:
    """A filter on an id column: an id, ``some`` (not null), ``none`` (null) or ``any``."""
    def condition(value: str) -> tuple[str, list[object]]:
        if value == "some":
            return f"{sql} IS NOT NULL", []
        if value == "none":
            return f"{sql} IS NULL", []
        if value == any_word:
            return "1", []
        return f"{sql} = ?", [value]
    return condition


def _where(table: Table, params: Mapping[str, str]) -> tuple[str, list[object]]:
    parts, args = [], []
    for name, condition in table.filters.items():
        value = params.get(name)
        if value:
            sql, more = condition(value)
            parts.append(sql)
            args += more
    return (" WHERE " + " AND ".join(parts)) if parts else "", args


def given_params(table: Table, query: Mapping[str, str]) -> dict[str, str]:
    """The table's parameters a query names: filters, sort and paging (blank ones dropped)."""
    found = {name: query[name].strip() for name in (*table.filters, "sort", "limit", "offset")
             if name in query}
    return {k: v for k, v in found.items() if v}


def params_of(table: Table, query: Mapping[str, str]) -> dict[str, str]:
    """The parameters in force: the query's, then the defaults it leaves open."""
    out = given_params(table, query)
    for default in table.defaults:
        if default.param in out or default.param in query:
            continue
        if default.when is None or out.get(default.when[0]) == default.when[1]:
            out[default.param] = default.value
    return out


def _order(table: Table, sort: str) -> str:
    if not sort:
        return table.order
    key = sort.removeprefix("-")
    column = next((c for c in table.columns if c.key == key and c.sortable), None)
    if column is None:
        raise SearchError(f"sort: not a sortable column of {table.name}: {key[:40]!r}")
    return f"{column.sql} {'DESC' if sort.startswith('-') else 'ASC'} NULLS LAST, {table.order}"


def _select(table: Table) -> str:
    return ", ".join(f"{c.sql} AS {c.key}" for c in table.columns)


def _missing(conn: sqlite3.Connection, table: Table) -> bool:
    """Whether the store lacks the SQL table ``table`` reads (a store from before it)."""
    return table.requires is not None and conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
        (table.requires,)).fetchone() is None


def rows(conn: sqlite3.Connection, table: Table, params: Mapping[str, str], limit: int,
         offset: int) -> list[dict[str, object]]:
    """Rows of the filtered, sorted view as dicts keyed by column."""
    if _missing(conn, table):
        return []
    where, args = _where(table, params)
    cursor = conn.execute(
        f"SELECT {_select(table)} FROM {table.source}{where}"
        f" ORDER BY {_order(table, params.get('sort', ''))} LIMIT ? OFFSET ?",
        [*args, limit, offset])
    keys = [c.key for c in table.columns]
    return [dict(zip(keys, row, strict=True)) for row in cursor]


def _facet(conn: sqlite3.Connection, table: Table, facet: Facet,
           params: Mapping[str, str], given: Mapping[str, str]) -> list[FacetCount]:
    """Counts per value under the other filters (its own left out, and the defaults that
    hang on it, so that the other values stay one click away)."""
    hanging = {d.param for d in table.defaults if d.when and d.when[0] == facet.param}
    others = {k: v for k, v in params.items()
              if k != facet.param and (k in given or k not in hanging)}
    where, args = _where(table, others)
    label = facet.label_sql or facet.sql
    found = conn.execute(
        f"SELECT {facet.sql}, max({label}), count(*) AS n FROM {table.source}{where}"
        f" GROUP BY 1 ORDER BY n DESC, 2 LIMIT ?", [*args, FACET_SIZE])
    chosen = params.get(facet.param)
    out = []
    for value, shown, n in found:
        key = "none" if value is None else str(value)
        out.append(FacetCount(key, "—" if shown is None else str(shown), int(n), key == chosen))
    return out


def view(conn: sqlite3.Connection, table: Table, query: Mapping[str, str]) -> View:
    """The page, facets and total of ``table`` under ``query``'s filters and sort."""
    params, given = params_of(table, query), given_params(table, query)
    limit = bounded(params.get("limit", "50"), "limit", 1, MAX_LIMIT)
    offset = bounded(params.get("offset", "0"), "offset", 0, MAX_OFFSET)
    if _missing(conn, table):
        return View(table, params, given, 0, [], [(f, []) for f in table.facets],
                    params.get("sort", ""), limit, offset)
    where, args = _where(table, params)
    total = conn.execute(f"SELECT count(*) FROM {table.source}{where}", args).fetchone()[0]
    page = rows(conn, table, params, limit, offset)
    facets = [(f, _facet(conn, table, f, params, given)) for f in table.facets]
    return View(table, params, given, int(total), page, facets, params.get("sort", ""),
                limit, offset)


def download(conn: sqlite3.Connection, table: Table, query: Mapping[str, str],
             fmt: str) -> tuple[str, str]:
    """(media type, body) of the filtered view as CSV or JSON (at most MAX_DOWNLOAD rows)."""
    params = params_of(table, query)
    found = rows(conn, table, params, MAX_DOWNLOAD, 0)
    if fmt == "json":
        body = json.dumps({"table": table.name, "filters": params, "rows": found},
                          ensure_ascii=False)
        return "application/json", body
    out = io.StringIO()
    writer = csv.DictWriter(out, [c.key for c in table.columns], lineterminator="\n")
    writer.writeheader()
    writer.writerows(found)
    return "text/csv; charset=utf-8", out.getvalue()
