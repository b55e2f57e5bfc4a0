"""`onestop people`: find the duplicates in a legacy export of people before migrating it, and
make a synthetic set with known duplicates to try it on.

Neither command touches the database: the file goes into an in-memory DuckDB database, and
the results are written next to it.
"""

import csv
import secrets
import time
from pathlib import Path

import click

PROBLEMS_SHOWN = 20
EVIDENCE_COLUMNS = ("first_name", "surname", "dob", "home", "phone", "email", "ni", "bank")


@click.group()
def people() -> None:
    """People records: find duplicates in a legacy export (see docs/linkage.md)."""


def _count(number: int, thing: str) -> str:
    return f"{number:,} {thing}" if number == 1 else f"{number:,} {thing}s"


def _accuracy(rows: list[dict[str, str]], found: set[tuple[str, str]]) -> str:
    from onestop.people.linkage.synthetic import true_pairs

    truth = true_pairs(rows)
    right = len(found & truth)
    precision = right / len(found) if found else 1.0
    recall = right / len(truth) if truth else 1.0
    return f"Against true_person: precision {precision:.4f}, recall {recall:.4f}."


@people.command("dedupe")
@click.option(
    "--input",
    "input_path",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The legacy export: a CSV with the columns in docs/linkage.md.",
)
@click.option(
    "--output",
    "output_path",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the scored pairs (CSV).",
)
@click.option(
    "--clusters",
    "clusters_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write each record's cluster id here (CSV).",
)
@click.option(
    "--threshold",
    default=0.9,
    show_default=True,
    type=click.FloatRange(0.5, 1, min_open=True, max_open=True),
    help="Keep pairs at or above this match probability.",
)
def dedupe_command(
    input_path: Path, output_path: Path, clusters_path: Path | None, threshold: float
) -> None:
    """Link the people in a legacy export and write the pairs that are likely one person.

    Each pair row has both records' person_id, the match probability and weight, the cluster
    both belong to, and how each detail compared. Records joined by pairs form a cluster,
    named by the smallest person_id in it; a record in no pair is its own cluster. A file with
    a problem on any line is refused whole.
    """
    if not input_path.is_file():
        raise click.ClickException(f"There is no file at {input_path}: check the name and folder.")
    from onestop.people.linkage.dedupe import dedupe, records_table
    from onestop.people.linkage.legacy_file import (
        LegacyFileRefused,
        legacy_file_read,
        legacy_records,
    )

    started = time.perf_counter()
    try:
        rows = legacy_file_read(input_path.read_text(encoding="utf-8-sig"))
    except LegacyFileRefused as refused:
        for problem in refused.problems[:PROBLEMS_SHOWN]:
            click.echo(f"  {problem}", err=True)
        more = len(refused.problems) - PROBLEMS_SHOWN
        if more > 0:
            click.echo(f"  ... and {more} more problems not shown.", err=True)
        raise click.ClickException(
            f"{input_path.name} was not used: fix the lines above and run the command again."
        ) from None
    except UnicodeDecodeError:
        raise click.ClickException(
            f"{input_path.name} is not UTF-8 text: save it as 'CSV UTF-8' and try again."
        ) from None
    # The digests of NI numbers and bank accounts only need to agree within this run.
    records = legacy_records(rows, secret=secrets.token_hex(16))
    result = dedupe(records_table(records), threshold=threshold)
    ids = [row["person_id"].strip() for row in rows]
    cluster_names: dict[int, str] = {}
    for number, cluster in sorted(result.clusters.items()):
        name = cluster_names.get(cluster)
        cluster_names[cluster] = min(name, ids[number]) if name else ids[number]
    with output_path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "person_id_1",
                "person_id_2",
                "match_probability",
                "match_weight",
                "cluster_id",
                *EVIDENCE_COLUMNS,
            ]
        )
        for pair in sorted(result.pairs, key=lambda p: (-p.match_probability, p.left, p.right)):
            first, second = sorted((ids[pair.left], ids[pair.right]))
            writer.writerow(
                [
                    first,
                    second,
                    f"{pair.match_probability:.6f}",
                    f"{pair.match_weight:.3f}",
                    cluster_names[result.clusters[pair.left]],
                    *(pair.evidence.get(name, "") for name in EVIDENCE_COLUMNS),
                ]
            )
    if clusters_path is not None:
        with clusters_path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["person_id", "cluster_id"])
            for number, person_id in enumerate(ids):
                joined = result.clusters.get(number)
                writer.writerow(
                    [person_id, cluster_names[joined] if joined is not None else person_id]
                )
    in_pairs = {number for pair in result.pairs for number in (pair.left, pair.right)}
    fitted = "fitted to this file" if result.trained_on_records else "as shipped (small file)"
    click.echo(
        f"{_count(len(rows), 'record')} read, {_count(len(result.pairs), 'likely pair')} "
        f"written to {output_path.name}, covering {_count(len(in_pairs), 'record')} "
        f"({time.perf_counter() - started:.1f} s; model {fitted})."
    )
    if any(row.get("true_person") for row in rows):
        found = {tuple(sorted((ids[p.left], ids[p.right]))) for p in result.pairs}
        click.echo(_accuracy(rows, found))  # type: ignore[arg-type]


@people.command("synthetic")
@click.option(
    "--count",
    default=10_000,
    show_default=True,
    type=click.IntRange(10, 5_000_000),
    help="About how many records to make.",
)
@click.option(
    "--seed",
    default=20261203,
    show_default=True,
    type=int,
    help="The same seed makes the same people.",
)
@click.option(
    "--output",
    "output_path",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the records (CSV, the legacy export's columns plus true_person).",
)
def synthetic_command(count: int, seed: int, output_path: Path) -> None:
    """Make made-up people with known duplicates, recorded with realistic differences, to try
    `onestop people dedupe` on. The true_person column says which records are one person."""
    from onestop.people.linkage.synthetic import LEGACY_COLUMNS, synthetic_people, true_pairs

    rows = synthetic_people(count=count, seed=seed)
    with output_path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=[*LEGACY_COLUMNS, "true_person"])
        writer.writeheader()
        writer.writerows(rows)
    click.echo(
        f"{len(rows):,} records of {len({row['true_person'] for row in rows}):,} people "
        f"({len(true_pairs(rows)):,} duplicate pairs) written to {output_path.name}."
    )
