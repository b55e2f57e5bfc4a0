"""Record linkage figures: deduplicating a million people, and the check on one application.

Run by `make bench` (or `make bench ONLY=linkage`). The people are synthetic
(`onestop.people.linkage.synthetic`): about a fifth appear more than once, recorded with the
typos, short names, swapped date digits and moves a real service sees, so precision and recall
are measured against the known truth.

- `linkage.dedupe_1m`: `dedupe` (as the nightly run and `onestop people dedupe` call it) over
  1,000,000 records in a child process of its own, so its peak memory is its own: Splink on
  DuckDB re-estimates the model's population parameters from the records, scores every
  blocked pair and clusters. Generating the people is not timed.
- `linkage.precision`, `linkage.recall`: of that run's pairs at the default threshold (0.9).
- `linkage.check_one`: the check a new application gets (`application_people_check`) with
  1,000,000 people already known, in a fresh test database (SQLite file, or PostgreSQL when
  DATABASE_URL is set); the median of CHECKS checks, with the 95th percentile beside it.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from benchmarks.addresses import note, say  # noqa: E402
from benchmarks.policy import benchmark_database, peak_mib  # noqa: E402

PEOPLE = 1_000_000
CHECKS = 200
THRESHOLD = 0.9
SECRET = "benchmark"  # noqa: S105 - digests of synthetic identifiers, this run only


def _synthetic_table(count: int) -> tuple["object", list[dict[str, str]]]:
    import pyarrow as pa

    from onestop.people.linkage.dedupe import records_table
    from onestop.people.linkage.legacy_file import legacy_records
    from onestop.people.linkage.synthetic import synthetic_people

    rows = synthetic_people(count=count)
    table = records_table(legacy_records(rows, secret=SECRET)).append_column(
        "true_person", pa.array([int(row["true_person"]) for row in rows], pa.int64())
    )
    return table, rows


def dedupe_child(path: Path) -> dict[str, float]:
    """In its own process: read the records, dedupe them, score against the truth."""
    import duckdb
    import pyarrow.parquet as pq

    from onestop.people.linkage.dedupe import dedupe

    table = pq.read_table(path)
    truth = table.select(["unique_id", "true_person"])
    before = peak_mib()
    started = time.perf_counter()
    result = dedupe(table.drop_columns(["true_person"]), threshold=THRESHOLD)
    seconds = time.perf_counter() - started
    connection = duckdb.connect()
    connection.register("truth", truth)
    true_pairs = connection.execute(
        "SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) AS n FROM truth GROUP BY true_person)"
    ).fetchone()[0]
    person = dict(
        zip(
            truth.column("unique_id").to_pylist(),
            truth.column("true_person").to_pylist(),
            strict=True,
        )
    )
    right = sum(1 for pair in result.pairs if person[pair.left] == person[pair.right])
    return {
        "seconds": seconds,
        "peak_mib": peak_mib(),
        "before_mib": before,
        "records": table.num_rows,
        "pairs": len(result.pairs),
        "true_pairs": int(true_pairs),
        "right": right,
    }


def dedupe_1m(count: int) -> None:
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.parquet"
        started = time.perf_counter()
        table, _ = _synthetic_table(count)
        pq.write_table(table, path)
        note(f"{table.num_rows:,} synthetic records made in {time.perf_counter() - started:.0f} s")
        del table
        output = subprocess.run(  # noqa: S603 - our own module
            [sys.executable, "-m", "benchmarks.linkage", "--child", str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    report = json.loads(output.strip().splitlines()[-1])
    precision = report["right"] / report["pairs"] if report["pairs"] else 1.0
    recall = report["right"] / report["true_pairs"] if report["true_pairs"] else 1.0
    say(
        "linkage.dedupe_1m",
        report["seconds"],
        "s",
        f"{report['records']:,} records, {report['pairs']:,} pairs at {THRESHOLD}, "
        f"peak {report['peak_mib']:.0f} MiB ({report['before_mib']:.0f} MiB before)",
    )
    say(
        "linkage.precision",
        precision,
        "",
        f"{report['right']:,} of {report['pairs']:,} pairs right",
    )
    say(
        "linkage.recall",
        recall,
        "",
        f"{report['right']:,} of {report['true_pairs']:,} true pairs found",
    )


def _known_people(count: int) -> tuple[list[int], list[list[int]]]:
    """`count` synthetic people stored as the council's, with their keys, through bulk SQL;
    then CHECKS more (each the same person as one already known) stored the way an
    application stores them, without keys: the check writes those. Returns the checked
    people's ids and, for each, the known ids of the same true person."""
    from django.db import connection, transaction

    from onestop.people.duplicates.records import record_keys
    from onestop.people.linkage.legacy_file import legacy_records
    from onestop.people.linkage.synthetic import synthetic_people
    from onestop.people.models import Household, HouseholdMember, MatchKey, Person
    from tests.factories import make_council

    council = make_council()
    rows = synthetic_people(count=count + CHECKS * 4)
    seen: dict[str, int] = {}
    later: list[int] = []
    for index, row in enumerate(rows):
        if row["true_person"] in seen and len(later) < CHECKS:
            later.append(index)
        seen.setdefault(row["true_person"], index)
    checked_later = set(later)
    known = [index for index in range(len(rows)) if index not in checked_later][:count]
    records = legacy_records(rows, secret=SECRET)
    now = "2026-12-03 09:00:00"
    person_table, household_table = Person._meta.db_table, Household._meta.db_table
    member_table, key_table = HouseholdMember._meta.db_table, MatchKey._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        homes: dict[tuple[str, str], int] = {}
        for index in [*known, *later]:
            row = rows[index]
            home = (row["postcode"], row["address_line_1"])
            if home not in homes:
                homes[home] = len(homes) + 1
        cursor.executemany(
            f"INSERT INTO {household_table} (id, council_id, address_line_1, address_line_2, town,"  # noqa: S608
            " postcode, uprn, ward, no_fixed_address, created_at, updated_at)"
            " VALUES (%s, %s, %s, '', 'Benchtown', %s, '', '', %s, %s, %s)",
            [
                (hid, council.pk, line, postcode, False, now, now)
                for (postcode, line), hid in homes.items()
            ],
        )
        cursor.executemany(
            f"INSERT INTO {person_table} (id, council_id, first_name, last_name, date_of_birth,"  # noqa: S608
            " phone, email, national_insurance_number, contact_preference, language,"
            " created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 'sms', 'en', %s, %s)",
            [
                (
                    index + 1,
                    council.pk,
                    rows[index]["first_name"],
                    rows[index]["last_name"],
                    rows[index]["date_of_birth"],
                    rows[index]["phone"],
                    rows[index]["email"],
                    rows[index]["national_insurance_number"],
                    now,
                    now,
                )
                for index in [*known, *later]
            ],
        )
        cursor.executemany(
            f"INSERT INTO {member_table} (council_id, household_id, person_id, relationship,"  # noqa: S608
            " created_at, updated_at) VALUES (%s, %s, %s, 'applicant', %s, %s)",
            [
                (
                    council.pk,
                    homes[(rows[i]["postcode"], rows[i]["address_line_1"])],
                    i + 1,
                    now,
                    now,
                )
                for i in [*known, *later]
            ],
        )
        for start in range(0, len(known), 100_000):
            cursor.executemany(
                f"INSERT INTO {key_table} (council_id, person_id, kind, value, created_at,"  # noqa: S608
                " updated_at) VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    (council.pk, index + 1, kind, value, now, now)
                    for index in known[start : start + 100_000]
                    for kind, value in record_keys({**records[index], "unique_id": index + 1})
                ],
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    truth = {}
    for index in known:
        truth.setdefault(rows[index]["true_person"], []).append(index + 1)
    return [index + 1 for index in later], [truth.get(rows[i]["true_person"], []) for i in later]


def check_one(count: int) -> None:
    from onestop.councils.models import Council
    from onestop.people.duplicates.checks import application_people_check
    from onestop.people.models import HouseholdMember, MatchFlag

    with tempfile.TemporaryDirectory() as folder, benchmark_database(Path(folder)) as kind:
        started = time.perf_counter()
        checked, same_people = _known_people(count)
        note(f"{count:,} known people stored in {time.perf_counter() - started:.0f} s ({kind})")
        council = Council.objects.get()
        households = dict(
            HouseholdMember.objects.filter(person_id__in=checked).values_list(
                "person_id", "household_id"
            )
        )
        application_people_check(  # the first loads Splink and builds the model's SQL
            council=council,
            person_ids=[checked[0]],
            household_id=households[checked[0]],
            reference="WARM",
        )
        times = []
        for person_id in checked[1:]:
            started = time.perf_counter()
            application_people_check(
                council=council,
                person_ids=[person_id],
                household_id=households[person_id],
                reference="BENCH",
            )
            times.append(time.perf_counter() - started)
        found = sum(
            1
            for person_id, same in zip(checked[1:], same_people[1:], strict=True)
            if MatchFlag.objects.filter(
                council=council,
                person_id__in=[person_id, *same],
                other_person_id__in=[person_id, *same],
            ).exists()
        )
    times.sort()
    say(
        "linkage.check_one",
        statistics.median(times) * 1000,
        "ms",
        f"median of {len(times)} checks against {count:,} known people ({kind}); "
        f"95th percentile {times[int(len(times) * 0.95)] * 1000:.0f} ms; "
        f"{found} of {len(times)} flagged their known duplicate",
    )


def run(only: str, count: int) -> None:
    if (
        not only
        or "linkage.dedupe_1m".startswith(only)
        or only.startswith("linkage.p")
        or only.startswith("linkage.r")
    ):
        dedupe_1m(count)
    if not only or "linkage.check_one".startswith(only):
        check_one(count)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--only", default="", help="run only the figures whose names start with this"
    )
    parser.add_argument("--people", type=int, default=PEOPLE, help="how many synthetic people")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(dedupe_child(Path(args.child))))
        return 0
    run(args.only, args.people)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
