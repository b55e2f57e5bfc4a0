"""Insight figures: the nightly fact build and the dashboard's server time over 5,000,000
applications across 10 councils.

Run by `make bench` (or `make bench ONLY=insight`). The applications are written by bulk SQL
into a fresh test database (a SQLite file, or PostgreSQL when DATABASE_URL is set), with what
the facts read: households with wards, applicants and some children, decisions a few hours to
a few days later, and an award (with its commitment) for each one awarded, spread over the
last 365 days. Writing them is not timed.

- `insight.facts_build_5m`: `facts_build(full=True)` for each council in turn, as the first
  nightly build after an upgrade would; the daily run after that only recounts changed days.
- `insight.dashboard_5m`: the dashboard page (`/staff/<c>/insight/`, last 8 weeks, no filter)
  through Django's test client, signed in as a team leader: the median of ROUNDS requests per
  council, and the slowest council's median beside it. Goal: under 300 ms.
"""

import argparse
import datetime
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from benchmarks.addresses import note, say  # noqa: E402
from benchmarks.policy import benchmark_database, peak_mib  # noqa: E402

APPLICATIONS = 5_000_000
COUNCILS = 10
ROUNDS = 10
CHUNK = 50_000
SEED = 2026
CHANNELS = (("web", 55), ("phone", 25), ("kiosk", 5), ("partner", 12), ("proactive", 3))
PRIORITIES = (("high", 20), ("medium", 55), ("low", 25))
REASONS = (
    "no_money_for_food",
    "no_money_for_fuel",
    "loss_of_income",
    "fire_or_flood",
    "domestic_abuse",
    "leaving_institution",
    "setting_up_home",
    "stay_in_community",
    "rent_shortfall",
    "threat_of_eviction",
    "other",
)
WARDS = tuple(f"Ward {n}" for n in range(1, 21))


class _Writer:
    """Rows into a table through the database connection, a chunk at a time."""

    def __init__(self, cursor: Any, table: str, columns: Sequence[str]) -> None:
        self.cursor = cursor
        marks = ", ".join(["%s"] * len(columns))
        self.sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
        self.rows: list[tuple[Any, ...]] = []

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)
        if len(self.rows) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.cursor.executemany(self.sql, self.rows)
            self.rows = []


def _choices(pairs: Sequence[tuple[str, int]], rng: random.Random, count: int) -> list[str]:
    return rng.choices([name for name, _ in pairs], weights=[w for _, w in pairs], k=count)


def _stamp_for(vendor: str) -> Any:
    if vendor == "sqlite":
        return lambda moment: moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return lambda moment: moment


def _next_ids(cursor: Any, tables: Sequence[str]) -> Iterator[int]:
    for table in tables:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        yield cursor.fetchone()[0] + 1


def build_applications(total: int) -> list[Any]:
    """Councils with schemes, budgets and a team leader each, then `total` applications
    spread evenly across them. Returns the team leaders' memberships."""
    from django.db import connection, transaction

    from onestop.core.roles import Role
    from onestop.insight.models import DailyFact  # noqa: F401 - the tables exist
    from tests.factories import make_budget, make_council, make_membership, make_scheme

    rng = random.Random(SEED)
    stamp = _stamp_for(connection.vendor)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    leaders = []
    councils = []
    for number in range(COUNCILS):
        council = make_council(name=f"Bench Council {number}", slug=f"bench-{number}")
        schemes = [
            make_scheme(council=council, name=f"Scheme {s}", slug=f"scheme-{s}") for s in range(3)
        ]
        budgets = [make_budget(scheme=scheme, total_pence=10**12) for scheme in schemes]
        leaders.append(make_membership(role=Role.TEAM_LEADER, council=council))
        councils.append((council, schemes, budgets))
    per_council = total // COUNCILS
    with transaction.atomic(), connection.cursor() as cursor:
        person_id, household_id, application_id, commitment_id = _next_ids(
            cursor,
            ("people_person", "people_household", "intake_application", "budgets_commitment"),
        )
        people = _Writer(
            cursor,
            "people_person",
            (
                "id",
                "council_id",
                "first_name",
                "last_name",
                "date_of_birth",
                "phone",
                "email",
                "national_insurance_number",
                "contact_preference",
                "language",
                "created_at",
                "updated_at",
            ),
        )
        households = _Writer(
            cursor,
            "people_household",
            (
                "id",
                "council_id",
                "address_line_1",
                "address_line_2",
                "town",
                "postcode",
                "uprn",
                "ward",
                "no_fixed_address",
                "created_at",
                "updated_at",
            ),
        )
        applications = _Writer(
            cursor,
            "intake_application",
            (
                "id",
                "council_id",
                "reference",
                "scheme_id",
                "channel",
                "applicant_id",
                "household_id",
                "crisis_reason",
                "crisis_details",
                "weekly_income_pence",
                "weekly_housing_costs_pence",
                "savings_pence",
                "pregnant",
                "disabled",
                "receives_qualifying_benefit",
                "receives_housing_support",
                "weekly_rent_shortfall_pence",
                "rent_arrears_pence",
                "at_risk_of_eviction",
                "needs_bed",
                "needs_cooker",
                "needs_fridge",
                "needs_washing_machine",
                "consent_given_at",
                "submitted_at",
                "status",
                "priority",
                "decision_due",
                "decided_at",
                "submission_key",
                "request_digest",
                "created_at",
                "updated_at",
            ),
        )
        members = _Writer(
            cursor,
            "intake_applicationmember",
            (
                "council_id",
                "application_id",
                "person_id",
                "relationship",
                "created_at",
                "updated_at",
            ),
        )
        commitments = _Writer(
            cursor,
            "budgets_commitment",
            (
                "id",
                "council_id",
                "budget_id",
                "application_id",
                "amount_pence",
                "status",
                "created_at",
                "updated_at",
            ),
        )
        awards = _Writer(
            cursor,
            "fulfilment_award",
            (
                "council_id",
                "application_id",
                "commitment_id",
                "award_type",
                "value_pence",
                "status",
                "idempotency_key",
                "returned_reason",
                "created_at",
                "updated_at",
            ),
        )
        idempotency = (lambda: uuid.uuid4().hex) if connection.vendor == "sqlite" else uuid.uuid4
        made = stamp(now)
        for council, schemes, budgets in councils:
            known_households: list[tuple[int, int]] = []  # (household, applicant)
            channels = _choices(CHANNELS, rng, per_council)
            priorities = _choices(PRIORITIES, rng, per_council)
            for index in range(per_council):
                if known_households and rng.random() < 0.3:
                    household, applicant = rng.choice(known_households)
                else:
                    household, applicant = household_id, person_id
                    household_id += 1
                    person_id += 1
                    households.add(
                        (
                            household,
                            council.pk,
                            f"{rng.randrange(1, 200)} Bench Road",
                            "",
                            "Benchtown",
                            "NB1 2AB",
                            "",
                            rng.choice(WARDS),
                            False,
                            made,
                            made,
                        )
                    )
                    born = datetime.date(1940, 1, 1) + datetime.timedelta(
                        days=rng.randrange(24_000)
                    )
                    people.add(
                        (
                            applicant,
                            council.pk,
                            "Sam",
                            "Bench",
                            born,
                            "",
                            "",
                            "",
                            "sms",
                            "en",
                            made,
                            made,
                        )
                    )
                    known_households.append((household, applicant))
                submitted = now - datetime.timedelta(seconds=rng.randrange(365 * 86_400))
                roll = rng.random()
                status = (
                    "awarded" if roll < 0.65 else "refused" if roll < 0.85 else "awaiting_decision"
                )
                decided = submitted + datetime.timedelta(hours=rng.randrange(1, 200))
                decided_stamp = (
                    stamp(decided) if status != "awaiting_decision" and decided < now else None
                )
                if decided_stamp is None:
                    status = "awaiting_decision"
                scheme_index = rng.randrange(3)
                applications.add(
                    (
                        application_id,
                        council.pk,
                        f"BN-{application_id:09d}",
                        schemes[scheme_index].pk,
                        channels[index],
                        applicant,
                        household,
                        rng.choice(REASONS),
                        "",
                        10_000,
                        5_000,
                        0,
                        False,
                        rng.random() < 0.2,
                        False,
                        False,
                        0,
                        0,
                        False,
                        False,
                        False,
                        False,
                        False,
                        stamp(submitted),
                        stamp(submitted),
                        status,
                        priorities[index],
                        (submitted + datetime.timedelta(days=2)).date(),
                        decided_stamp,
                        f"bench-{application_id}",
                        "",
                        stamp(submitted),
                        stamp(submitted),
                    )
                )
                if rng.random() < 0.25:
                    child = person_id
                    person_id += 1
                    people.add(
                        (
                            child,
                            council.pk,
                            "Ash",
                            "Bench",
                            submitted.date() - datetime.timedelta(days=6 * 365),  # a child of 5
                            "",
                            "",
                            "",
                            "sms",
                            "en",
                            made,
                            made,
                        )
                    )
                    members.add((council.pk, application_id, child, "child", made, made))
                if status == "awarded":
                    value = rng.choice((3_000, 5_000, 7_500, 12_000))
                    commitments.add(
                        (
                            commitment_id,
                            council.pk,
                            budgets[scheme_index].pk,
                            application_id,
                            value,
                            "committed",
                            decided_stamp,
                            decided_stamp,
                        )
                    )
                    awards.add(
                        (
                            council.pk,
                            application_id,
                            commitment_id,
                            "e_voucher",
                            value,
                            "fulfilled",
                            idempotency(),
                            "",
                            decided_stamp,
                            decided_stamp,
                        )
                    )
                    commitment_id += 1
                application_id += 1
            for writer in (people, households, applications, members, commitments, awards):
                writer.flush()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return leaders


def facts_and_dashboard(total: int) -> None:
    from django.test import Client

    from onestop.insight.facts import facts_build
    from onestop.insight.models import DailyFact

    with tempfile.TemporaryDirectory() as folder, benchmark_database(Path(folder)) as kind:
        started = time.perf_counter()
        leaders = build_applications(total)
        note(
            f"{total:,} applications across {COUNCILS} councils written in {time.perf_counter() - started:.0f} s ({kind})"
        )
        started = time.perf_counter()
        for leader in leaders:
            facts_build(council=leader.council, full=True)
        seconds = time.perf_counter() - started
        say(
            "insight.facts_build_5m",
            seconds,
            "s",
            f"{total:,} applications, {COUNCILS} councils, full build into "
            f"{DailyFact.objects.count():,} fact rows; {kind}; peak {peak_mib():.0f} MiB",
        )
        medians = []
        for leader in leaders:
            client = Client()
            client.force_login(leader.user)
            url = f"/staff/{leader.council.slug}/insight/"
            assert client.get(url).status_code == 200  # warm: templates and the first query plan
            times = []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200
            medians.append(statistics.median(times))
        say(
            "insight.dashboard_5m",
            statistics.median(medians) * 1000,
            "ms",
            f"median over {COUNCILS} councils of each one's median of {ROUNDS} page loads "
            f"(last 8 weeks, {total // COUNCILS:,} applications a council; {kind}); "
            f"slowest council {max(medians) * 1000:.0f} ms",
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--only", default="", help="run only the figures whose names start with this"
    )
    parser.add_argument("--applications", type=int, default=APPLICATIONS)
    args = parser.parse_args(argv)
    if (
        not args.only
        or "insight.facts_build_5m".startswith(args.only)
        or "insight.dashboard_5m".startswith(args.only)
    ):
        facts_and_dashboard(args.applications)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
