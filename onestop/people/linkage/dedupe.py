"""Find every likely pair of records of one person in a set of records, with Splink on DuckDB.

Used three ways: the nightly run over a council's people, `onestop people dedupe` over a
legacy export, and the benchmarks over a million synthetic people. Records go into an
in-memory DuckDB database as an Arrow table; nothing is written to disk.
"""

import dataclasses
import logging
from collections.abc import Sequence
from typing import Any

import duckdb
import pyarrow as pa
from splink import DuckDBAPI, Linker

from onestop.people.linkage import model as linkage_model
from onestop.people.linkage.records import RECORD_COLUMNS, Record

logger = logging.getLogger(__name__)

# Below this many records the records cannot teach the model much: the shipped model is used.
TRAIN_FROM_RECORDS_AT_LEAST = 5_000

_ARROW_SCHEMA = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("first_name", pa.string()),
        ("first_name_roots", pa.list_(pa.string())),
        ("surname", pa.string()),
        ("dob", pa.string()),
        ("postcode", pa.string()),
        ("uprn", pa.string()),
        ("address", pa.string()),
        ("phone", pa.string()),
        ("email", pa.string()),
        ("ni", pa.string()),
        ("bank", pa.string()),
    ]
)
assert tuple(_ARROW_SCHEMA.names) == RECORD_COLUMNS


@dataclasses.dataclass(frozen=True)
class ScoredPair:
    left: int
    right: int
    match_weight: float
    match_probability: float
    # The comparison level each detail reached, by comparison ("dob": "Day and month swapped").
    evidence: dict[str, str]


@dataclasses.dataclass(frozen=True)
class DedupeResult:
    pairs: list[ScoredPair]
    clusters: dict[int, int]  # record's unique_id -> cluster id (the smallest id in it)
    model: dict[str, Any]  # the trained model, as Splink saves it
    trained_on_records: bool


def records_table(records: Sequence[Record]) -> pa.Table:
    return pa.Table.from_pylist(list(records), schema=_ARROW_SCHEMA)


# Splink reports each training step at INFO; our callers report the outcome themselves.
def _linker(table: pa.Table, model: dict[str, Any] | linkage_model.SettingsCreator) -> Linker:
    connection = duckdb.connect()
    connection.execute("SET threads TO 2")
    db_api = DuckDBAPI(connection=connection)
    frame = db_api.register(table, dataset_display_name="people")
    return Linker(frame, model, log_level=logging.WARNING)


def comparison_labels(model: dict[str, Any]) -> dict[str, dict[int, str]]:
    """For each comparison, its levels' labels by the gamma value Splink gives them."""
    labels: dict[str, dict[int, str]] = {}
    for comparison in model["comparisons"]:
        levels = comparison["comparison_levels"]
        name = comparison["output_column_name"]
        non_null = [level for level in levels if not level.get("is_null_level")]
        labels[name] = {
            len(non_null) - 1 - i: level.get("label_for_charts", "")
            for i, level in enumerate(non_null)
        }
        labels[name][-1] = linkage_model.NOT_KNOWN
    return labels


def scored_pairs(scored: Any, *, model: dict[str, Any]) -> list[ScoredPair]:
    """Splink's scored comparisons (a SplinkDataFrame) as pairs with each detail's level."""
    labels = comparison_labels(model)
    columns = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    rows = (
        scored.as_duckdbpyrelation()
        .select(", ".join([*columns, *(f"gamma_{name}" for name in labels)]))
        .fetchall()
    )
    return [
        ScoredPair(
            left=min(row[0], row[1]),
            right=max(row[0], row[1]),
            match_weight=float(row[2]),
            match_probability=float(row[3]),
            evidence={
                name: labels[name].get(int(gamma), "")
                for name, gamma in zip(labels, row[4:], strict=True)
            },
        )
        for row in rows
    ]


def dedupe(
    table: pa.Table,
    *,
    threshold: float,
    model: dict[str, Any] | None = None,
    train: bool | None = None,
) -> DedupeResult:
    """Scored pairs at or above the match probability `threshold`, and clusters of records
    joined by those pairs.

    The model is `model`, or else the shipped one. Its population parameters are
    re-estimated from the records themselves when there are enough of them (`train` None)
    or when asked (see `estimate_from_records`).
    """
    should_train = table.num_rows >= TRAIN_FROM_RECORDS_AT_LEAST if train is None else train
    linker = _linker(table, model or linkage_model.model_load())
    if should_train:
        linkage_model.estimate_from_records(linker)
    trained = linker.misc.save_model_to_json()
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clusters_frame = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    pairs = scored_pairs(predictions, model=trained)
    cluster_rows = clusters_frame.as_duckdbpyrelation().select("unique_id, cluster_id").fetchall()
    clusters = {int(unique_id): int(cluster_id) for unique_id, cluster_id in cluster_rows}
    return DedupeResult(
        pairs=pairs, clusters=clusters, model=trained, trained_on_records=should_train
    )
