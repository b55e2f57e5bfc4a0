"""The address gazetteer's figures: loading a county's 300,000 addresses, reloading, look-ups.

Run by `make bench` (or `make bench ONLY=addresses`). A synthetic extract (about 15 addresses
to a postcode, as in real life) is written to a temporary CSV file and loaded through
`gazetteer_load`, exactly as `onestop addresses load` does, into a fresh test database: a
SQLite file (WAL, as deployed), or PostgreSQL when DATABASE_URL is set.
"""

import argparse
import csv
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from benchmarks.policy import benchmark_database  # noqa: E402

ADDRESSES = 300_000
PER_POSTCODE = 15
LOOKUPS = 2_000
SEED = 2026
# Share of the second extract that differs from the first, as a monthly refresh might.
CHANGED, REMOVED, ADDED = 0.05, 0.01, 0.01
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
AREAS = ("NB", "GM", "ZE", "QX")  # postcode areas that do not exist: valid in form only
WARDS = tuple(f"Ward {n}" for n in range(1, 61))
STREETS = tuple(
    f"{name} {kind}"
    for name in ("Mill", "Church", "Station", "Park", "Victoria", "Albert", "King", "Queen")
    for kind in ("Road", "Street", "Lane", "Close", "Avenue", "Way")
)
HEADER = ("uprn", "address_line_1", "address_line_2", "town", "postcode", "ward")


def say(name: str, value: float, unit: str, details: str) -> None:
    shown = f"{value:.0f}" if value >= 100 else f"{value:.2f}" if value >= 1 else f"{value:.3g}"
    print(f"bench: {name} = {shown} {unit} ({details})", flush=True)


def note(text: str) -> None:
    print(f"  {text}", flush=True)


def extract(count: int, rng: random.Random) -> list[list[str]]:
    """`count` addresses in postcodes of about PER_POSTCODE each, UPRNs in a shuffled order."""
    rows = []
    postcodes = set()
    while len(postcodes) < count // PER_POSTCODE + 1:
        outward = f"{rng.choice(AREAS)}{rng.randint(1, 99)}"
        inward = f"{rng.randint(0, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
        postcodes.add(f"{outward} {inward}")
    ordered = sorted(postcodes)
    for index in range(count):
        postcode = ordered[index // PER_POSTCODE]
        ward = WARDS[sum(map(ord, postcode.split()[0])) % len(WARDS)]  # one ward per district
        flat = f"Flat {index % 4 + 1}, " if index % 7 == 0 else ""
        rows.append(
            [
                str(100_000_000_000 + index * 7),
                f"{flat}{index % PER_POSTCODE + 1} {rng.choice(STREETS)}",
                "",
                "Benchtown",
                postcode,
                ward,
            ]
        )
    rng.shuffle(rows)
    return rows


def refreshed(rows: list[list[str]], rng: random.Random) -> list[list[str]]:
    """The next month's extract: a few addresses changed, removed, and added."""
    kept = [list(row) for row in rows[int(len(rows) * REMOVED) :]]
    for row in rng.sample(kept, int(len(rows) * CHANGED)):
        row[2] = "Renamed Estate"
    start = 200_000_000_000
    new = [[str(start + i), f"{i} New Road", "", "Benchtown", rows[i][4], rows[i][5]]
           for i in range(int(len(rows) * ADDED))]  # fmt: skip
    return kept + new


def write_csv(path: Path, rows: Sequence[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)


def timed(work: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def run(only: str) -> None:
    from onestop.people.gazetteer_file import gazetteer_file_open, gazetteer_file_read
    from onestop.people.selectors import address_by_uprn, addresses_for_postcode
    from onestop.people.services import gazetteer_load
    from tests import factories

    def wanted(name: str) -> bool:
        return not only or name.startswith(only) or only.startswith(name)

    rng = random.Random(SEED)
    rows = extract(ADDRESSES, rng)
    with tempfile.TemporaryDirectory() as folder, benchmark_database(Path(folder)) as kind:
        first, second = Path(folder) / "first.csv", Path(folder) / "second.csv"
        write_csv(first, rows)
        write_csv(second, refreshed(rows, rng))
        council = factories.make_council(name="Benchmark County Council", slug="benchmark")

        def load(path: Path) -> object:
            with gazetteer_file_open(str(path)) as lines:
                return gazetteer_load(actor=None, council=council, lines=lines, source=path.name)

        with gazetteer_file_open(str(first)) as lines:
            check_seconds, _ = timed(lambda: gazetteer_file_read(lines))
        seconds, result = timed(lambda: load(first))
        if wanted("addresses.load_300k"):
            say(
                "addresses.load_300k",
                seconds,
                "s",
                f"n={ADDRESSES}, {ADDRESSES / seconds:,.0f} rows/s, {kind}; {result}",
            )
            note(
                f"(of which reading and checking every line {check_seconds:.2f} s; the rest is "
                "the upsert in batches, in one transaction, and the audit row)"
            )
        if wanted("addresses.reload_300k"):
            seconds, result = timed(lambda: load(first))
            say(
                "addresses.reload_300k_unchanged",
                seconds,
                "s",
                f"n={ADDRESSES}, {ADDRESSES / seconds:,.0f} rows/s; the same file again: {result}",
            )
            seconds, result = timed(lambda: load(second))
            say(
                "addresses.reload_300k_refresh",
                seconds,
                "s",
                f"{CHANGED:.0%} changed, {REMOVED:.0%} removed, {ADDED:.0%} new: {result}",
            )
        if wanted("addresses.lookup"):
            postcodes = [rng.choice(rows)[4] for _ in range(LOOKUPS)]
            uprns = [rng.choice(rows)[0] for _ in range(LOOKUPS)]
            clock = time.perf_counter_ns
            by_postcode, by_uprn, found = [], [], 0
            for postcode, uprn in zip(postcodes, uprns, strict=True):
                typed = postcode.lower().replace(" ", "")  # as a person types it
                started = clock()
                found += len(addresses_for_postcode(council=council, postcode=typed))
                middle = clock()
                address_by_uprn(council=council, uprn=uprn)
                by_postcode.append(middle - started)
                by_uprn.append(clock() - middle)
            say(
                "addresses.postcode_lookup",
                statistics.median(by_postcode) / 1000,
                "us",
                f"median of {LOOKUPS} look-ups among {ADDRESSES} addresses, {kind}; "
                f"{found / LOOKUPS:.1f} addresses each; p99 "
                f"{sorted(by_postcode)[int(LOOKUPS * 0.99)] / 1000:.0f} us",
            )
            say(
                "addresses.uprn_lookup",
                statistics.median(by_uprn) / 1000,
                "us",
                f"median of {LOOKUPS} look-ups among {ADDRESSES} addresses, {kind}",
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--only", default="", help="run only the figures whose names start with this"
    )
    args = parser.parse_args(argv)
    run(args.only)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
