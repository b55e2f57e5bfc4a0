"""Score one person's record against a handful of candidates: the check on a new application.

Splink's real-time comparison runs the model's SQL in an in-memory DuckDB database kept per
thread; the SQL is built once per model and reused (Splink's cache), so a check costs a few
milliseconds of DuckDB work plus moving the records in.
"""

import hashlib
import json
import threading
from collections.abc import Sequence
from typing import Any

import duckdb
from splink import DuckDBAPI
from splink.internals.realtime import compare_records

from onestop.people.linkage.dedupe import ScoredPair, records_table, scored_pairs
from onestop.people.linkage.records import Record

_local = threading.local()


def _db_api() -> DuckDBAPI:
    if getattr(_local, "db_api", None) is None:
        connection = duckdb.connect()
        connection.execute("SET threads TO 1")
        _local.connection = connection
        _local.db_api = DuckDBAPI(connection=connection)
    return _local.db_api


def _drop_scratch_tables() -> None:
    connection = _local.connection
    for (name,) in connection.execute(
        "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '__splink__%'"
    ).fetchall():
        connection.execute(f'DROP TABLE IF EXISTS "{name}"')


def _model_key(model: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(model, sort_keys=True).encode()).hexdigest()[:16]


def score_against(
    record: Record, candidates: Sequence[Record], *, model: dict[str, Any]
) -> list[ScoredPair]:
    """Every candidate scored against the record, most likely first."""
    if not candidates:
        return []
    db_api = _db_api()
    try:
        scored = compare_records(
            records_table([record]),
            records_table(candidates),
            model,
            db_api,
            sql_cache_key=f"check-{_model_key(model)}",
        )
        pairs = scored_pairs(scored, model=model)
    finally:
        _drop_scratch_tables()
    return sorted(pairs, key=lambda pair: -pair.match_weight)
