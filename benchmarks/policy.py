"""The policy engine's figures: assessments, a caseload screen, a what-if, OpenFisca side by side.

Run by `make bench` (or `make bench ONLY=policy`); prints one `bench:` line per figure. The
figures that report peak memory, and the one that needs a database, each run in a child process
of their own (`python -m benchmarks.policy --child NAME`), so that the peak is theirs alone.
"""

import argparse
import datetime
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

import polars as pl  # noqa: E402
import yaml  # noqa: E402

from benchmarks.households import DATE_COLUMN, household_rows, households  # noqa: E402
from onestop.policy.engine import CompiledPolicy, policies_dir  # noqa: E402
from onestop.policy.loader import load_policy, parse_money  # noqa: E402
from onestop.policy.simulation import WhatIfReport, compare, signed_pounds  # noqa: E402

FOLDERS = ("crisis-payment", "housing-payment", "essential-items")
SEED = 2026
ON = datetime.date(2026, 11, 28)  # the day single cases and batches are assessed on

ENGINE_HOUSEHOLDS = 20_000
HISTORY_PEOPLE = 700  # each makes 1 to 5 applications over the year: about 2,100 in all
SCREEN_HOUSEHOLDS = 1_000_000
WHATIF_APPLICATIONS = 500_000
AGREEMENT_HOUSEHOLDS = 100_000
SINGLE_RUNS = 300
SINGLE_ROUNDS = 3
BATCH_HOUSEHOLDS = 1_000_000
RUNS = 5  # median of this many runs, for every figure timed as a whole


def say(name: str, value: float, unit: str, details: str) -> None:
    """Print one figure in DESIGN.md's form, for tools to read."""
    print(f"bench: {name} = {_figure(value)} {unit} ({details})", flush=True)


def note(text: str) -> None:
    """A line for people, not tools: what was skipped, what a figure was made of."""
    print(f"  {text}", flush=True)


def _figure(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}" if value >= 1 else f"{value:.3g}"


# Policies ------------------------------------------------------------------------------------


def policy_path(folder: str) -> Path:
    return policies_dir() / folder / "policy.yaml"


def policies() -> dict[str, CompiledPolicy]:
    """The default schemes whose policy files exist, compiled (a file that fails to load stops
    the run: a benchmark of a broken policy means nothing)."""
    return {
        folder: CompiledPolicy(load_policy(policy_path(folder)))
        for folder in FOLDERS
        if policy_path(folder).exists()
    }


def date_range(compiled: Mapping[str, CompiledPolicy]) -> tuple[datetime.date, datetime.date]:
    """From the day every policy is in force, for a year, or past the last dated change."""
    start = max(p.definition.in_force_from() for p in compiled.values())
    changes = parameter_changes(compiled)
    end = max(
        [start + datetime.timedelta(days=364), *(c + datetime.timedelta(days=90) for c in changes)]
    )
    return start, end


def parameter_changes(compiled: Mapping[str, CompiledPolicy]) -> list[datetime.date]:
    """Days after the start on which some parameter takes a new value."""
    start = max(p.definition.in_force_from() for p in compiled.values())
    return sorted(
        {
            day
            for p in compiled.values()
            for parameter in p.definition.parameters.values()
            for day, _ in parameter.values
            if day > start
        }
    )


def scheme_list(names: Sequence[str]) -> str:
    return ", ".join(names)


# Timing helpers -------------------------------------------------------------------------------


def median_of(runs: int, work: Callable[[], Any]) -> float:
    """Median wall time of `runs` calls, in seconds."""
    times = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peak_mib() -> float:
    """This process's peak resident memory (VmHWM), in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def in_child(name: str) -> dict[str, Any]:
    """Run one figure in a fresh Python process and return what it reported."""
    done = subprocess.run(  # noqa: S603 - this interpreter, this module, a fixed name
        [sys.executable, "-m", "benchmarks.policy", "--child", name],
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    results = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not results:
        sys.stdout.write(done.stdout)
        raise SystemExit(f"benchmark child '{name}' failed (exit {done.returncode})")
    report: dict[str, Any] = json.loads(results[-1].removeprefix("RESULT "))
    return report


# policy.assess_engine ---------------------------------------------------------------------------


def assess_engine() -> None:
    """One assessment from facts already worked out: each call timed on its own."""
    compiled = policies()
    start, end = date_range(compiled)
    rows = household_rows(households(ENGINE_HOUSEHOLDS, seed=SEED + 1, dates=(start, end)))
    cases = [
        (folder, policy, policy.facts_for(row), row[DATE_COLUMN])
        for row in rows
        for folder, policy in compiled.items()
    ]
    for _, policy, facts, day in cases:  # once through first: each day's parameters are cached
        policy.assess(facts, on=day)
    clock = time.perf_counter_ns
    times: dict[str, list[int]] = {folder: [] for folder in compiled}
    for folder, policy, facts, day in cases:
        started = clock()
        policy.assess(facts, on=day)
        times[folder].append(clock() - started)
    every = sorted(t for folder_times in times.values() for t in folder_times)
    p99 = every[int(len(every) * 0.99)] / 1000
    say(
        "policy.assess_engine",
        statistics.median(every) / 1000,
        "us",
        f"median of {len(every)} assessments, {len(rows)} households x {len(compiled)} "
        f"{'policy' if len(compiled) == 1 else 'policies'}, dates {start} to {end}; "
        f"p99 {p99:.1f} us",
    )
    note(
        "(median by policy: "
        + ", ".join(f"{f} {statistics.median(t) / 1000:.2f} us" for f, t in times.items())
        + ")"
    )


# policy.assess_with_history -----------------------------------------------------------------------


@contextmanager
def benchmark_database(folder: Path) -> Iterator[str]:
    """A fresh test database made by Django's test runner: a SQLite file in `folder` (WAL, as
    deployed), or a test database on the PostgreSQL server when DATABASE_URL is set."""
    from django.db import connections
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment, teardown_test_environment

    database = connections["default"].settings_dict
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["TEST"]["NAME"] = str(folder / "bench.sqlite3")
        kind = "SQLite file"
    else:
        kind = "PostgreSQL"
    setup_test_environment()
    runner = DiscoverRunner(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        yield kind
    finally:
        runner.teardown_databases(old_config)
        teardown_test_environment()


def _scheme_for(reason: str, available: Sequence[str]) -> str:
    if reason in ("rent_shortfall", "threat_of_eviction") and "housing-payment" in available:
        return "housing-payment"
    if reason in ("setting_up_home", "stay_in_community") and "essential-items" in available:
        return "essential-items"
    return "crisis-payment"


def build_history(people: int, compiled: Mapping[str, CompiledPolicy]) -> list[int]:
    """Applications from `people` households over the benchmark dates, through the services; each is
    decided the next day (awarded what the policy proposes, or refused), so later applications
    have award histories. Returns the applications' ids."""
    from unittest import mock

    from onestop.casework.models import DecisionOutcome
    from onestop.casework.services.decisions import decision_record
    from onestop.core.roles import Role
    from onestop.intake.models import Application
    from onestop.intake.selectors import application_latest_assessment
    from onestop.intake.services import Circumstances
    from onestop.policy.services import scheme_create
    from onestop.policy.vocabulary import Outcome
    from tests import factories

    start, end = date_range(compiled)
    council = factories.make_council(name="Benchmark Council", slug="benchmark")
    decider = factories.make_membership(role=Role.DECISION_MAKER, council=council)
    schemes = {}
    for index, folder in enumerate(compiled):
        scheme = scheme_create(
            actor=None,
            council=council,
            name=compiled[folder].definition.title,
            slug=folder,
            reference_prefix=f"B{index}",
            policy=folder,
        )
        factories.make_budget(
            scheme=scheme,
            total_pence=10**12,
            starts_on=start,
            ends_on=end + datetime.timedelta(days=1),
        )
        schemes[folder] = scheme

    frame = households(people, seed=SEED + 2)
    visits = households(people * 5, seed=SEED + 3)  # each application's circumstances
    # Application days at random over the year, so some come within days of an award.
    chance = random.Random(SEED)
    span = (end - start).days - 2
    plans = []
    for person, row in enumerate(household_rows(frame)):
        days = sorted(chance.sample(range(span), chance.randint(1, 5)))
        plans.append((person, row, days))

    ids = []
    for person, row, days in plans:
        born = start - datetime.timedelta(days=365 * row["applicant_age"] + person % 365)
        applicant = factories.person_details(date_of_birth=born)
        address = factories.address_details()
        members = _members(row, start, person)
        for visit, offset in enumerate(days):
            detail = household_rows(visits.slice(person * 5 + visit, 1))[0]
            reason = str(detail["crisis_reason"])
            folder = _scheme_for(reason, list(compiled))
            submitted = factories.london_time(
                *(start + datetime.timedelta(days=offset)).timetuple()[:3], hour=10
            )
            application = factories.submit_application(
                council=council,
                scheme=schemes[folder],
                submitted_at=submitted,
                applicant=applicant,
                address=address,
                members=members,
                crisis_reason=reason,
                weekly_income_pence=detail["weekly_income"],
                weekly_housing_costs_pence=detail["weekly_housing_costs"],
                savings_pence=detail["savings"],
                circumstances=Circumstances(
                    pregnant=detail["pregnant"],
                    disabled=detail["disabled"],
                    receives_qualifying_benefit=detail["receives_qualifying_benefit"],
                    receives_housing_support=detail["receives_housing_support"],
                    weekly_rent_shortfall_pence=detail["weekly_rent_shortfall"],
                    rent_arrears_pence=detail["rent_arrears"],
                    at_risk_of_eviction=detail["at_risk_of_eviction"],
                    needs_bed=detail["needs_bed"],
                    needs_cooker=detail["needs_cooker"],
                    needs_fridge=detail["needs_fridge"],
                    needs_washing_machine=detail["needs_washing_machine"],
                ),
            )
            ids.append(application.pk)
            assessment = application_latest_assessment(application=application)
            assert assessment is not None
            award = (
                assessment.outcome != Outcome.NOT_ELIGIBLE
                and 0 < (assessment.proposed_award_pence) <= 500_000
            )
            # The decision is made the next morning: the clock is set, the services are real.
            decided = submitted + datetime.timedelta(days=1)
            with mock.patch("django.utils.timezone.now", return_value=decided):
                decision_record(
                    membership=decider,
                    application=Application.objects.get(pk=application.pk),
                    outcome=DecisionOutcome.AWARD if award else DecisionOutcome.REFUSE,
                    reasons="Decided for the benchmark from the policy's assessment.",
                    amount_pence=assessment.proposed_award_pence if award else 0,
                )
    return ids


def _members(row: Mapping[str, Any], start: datetime.date, person: int) -> list[Any]:
    """The other people in the household: the children under 5 the row has, then older ones."""
    from tests import factories

    members = []
    for index in range(int(row["household_size"]) - 1):
        if index < row["children_under_5"]:
            born = start - datetime.timedelta(days=200 + 300 * index + person % 97)
            relationship = "child"
        else:
            born = start - datetime.timedelta(days=365 * (8 + 9 * index) + person % 211)
            relationship = "child" if index < 3 else "other"
        members.append(
            factories.member_details(
                first_name=f"Member{index}",
                last_name=f"Household{person}",
                date_of_birth=born,
                relationship=relationship,
            )
        )
    return members


def child_history() -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    from onestop.intake.facts import policy_inputs
    from onestop.intake.models import Application
    from onestop.policy.engine import policy_for

    compiled = policies()
    with tempfile.TemporaryDirectory() as folder, benchmark_database(Path(folder)) as kind:
        started = time.perf_counter()
        ids = build_history(HISTORY_PEOPLE, compiled)
        built = time.perf_counter() - started
        # Loaded with its council, applicant and scheme, as intake has them when it assesses.
        applications = list(
            Application.objects.select_related("council", "applicant", "scheme").filter(pk__in=ids)
        )
        awards = Application.objects.filter(status="awarded").count()
        with_history = 0
        times: dict[str, list[int]] = {"total": [], "members": [], "inputs": [], "assess": []}
        clock = time.perf_counter_ns
        for application in applications:
            on = timezone.localtime(application.submitted_at).date()
            policy = policy_for(application.scheme.policy)
            started = clock()
            members = list(application.members.values_list("person__date_of_birth", flat=True))
            read = clock()
            inputs = policy_inputs(application, members_dates_of_birth=members, on=on)
            worked_out = clock()
            policy.assess_inputs(inputs, on=on)
            finished = clock()
            times["total"].append(finished - started)
            times["members"].append(read - started)
            times["inputs"].append(worked_out - read)
            times["assess"].append(finished - worked_out)
            with_history += bool(inputs["earlier_award_ages_days"])
        vendor = connection.vendor
    return {
        **{f"{part}_us": statistics.median(values) / 1000 for part, values in times.items()},
        "p90_us": sorted(times["total"])[int(len(applications) * 0.9)] / 1000,
        "applications": len(applications),
        "awards": awards,
        "with_history": with_history,
        "people": HISTORY_PEOPLE,
        "database": kind,
        "vendor": vendor,
        "setup_s": built,
    }


def assess_with_history() -> None:
    report = in_child("history")
    say(
        "policy.assess_with_history",
        report["total_us"],
        "us",
        f"median of {report['applications']} applications from {report['people']} households, "
        f"{report['awards']} awards, {report['with_history']} with earlier awards; "
        f"{report['database']}; household members and award history read, inputs, facts, "
        f"assessment; p90 {report['p90_us']:.0f} us",
    )
    note(
        f"(medians: members query {report['members_us']:.0f} us, policy_inputs with its award "
        f"history query {report['inputs_us']:.0f} us, assess_inputs {report['assess_us']:.1f} us; "
        f"history database built through the services in {report['setup_s']:.0f} s)"
    )


# policy.screen_1m -------------------------------------------------------------------------------


def child_screen() -> dict[str, Any]:
    compiled = policies()
    policy = compiled["crisis-payment"]
    frame = households(SCREEN_HOUSEHOLDS, seed=SEED + 4)
    before = current_mib()
    seconds = median_of(RUNS, lambda: policy.assess_frame(frame, on=ON))
    return {"seconds": seconds, "peak_mib": peak_mib(), "before_mib": before, "n": frame.height}


def screen_1m() -> None:
    report = in_child("screen")
    say(
        "policy.screen_1m",
        report["seconds"],
        "s",
        f"n={report['n']}, peak {report['peak_mib']:.0f} MiB",
    )
    note(
        f"(crisis-payment on {ON}, median of {RUNS}; the process held "
        f"{report['before_mib']:.0f} MiB with the caseload in memory before screening)"
    )


# policy.whatif_500k ------------------------------------------------------------------------------


def draft_of(path: Path, folder: Path) -> tuple[Path, str]:
    """A copy of the policy with one threshold changed: the income limit (or, failing that, the
    first money parameter) 10% higher, rounded to the pound, from the same date."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    parameters = data["parameters"]
    name = (
        "annual_income_limit"
        if "annual_income_limit" in parameters
        else next(n for n, p in parameters.items() if p.get("unit") == "money")
    )
    values = parameters[name]["values"]
    last = max(values)
    old = parse_money(values[last])
    new = round(old * 1.1 / 100) * 100
    values[last] = new
    data["version"] = f"{data.get('version', '')}-draft"
    draft = folder / "draft.yaml"
    draft.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return draft, f"{name} {_pounds(old)} -> {_pounds(new)}"


def _pounds(pence: int) -> str:
    return f"£{pence // 100:,}"


def compare_outcomes(
    current: CompiledPolicy, draft: CompiledPolicy, frame: pl.DataFrame
) -> WhatIfReport:
    """Both policies over the applications, each on its own date, and what would change: the
    what-if behind `onestop policy simulate`, all its breakdowns included."""
    return compare(frame, current=current, draft=draft, date_column=DATE_COLUMN)


def child_whatif() -> dict[str, Any]:
    compiled = policies()
    current = compiled["crisis-payment"]
    start, end = date_range({"crisis-payment": current})
    with tempfile.TemporaryDirectory() as folder:
        path, change = draft_of(policy_path("crisis-payment"), Path(folder))
        draft = CompiledPolicy(load_policy(path))
    frame = households(WHATIF_APPLICATIONS, seed=SEED + 5, dates=(start, end)).with_columns(
        ward=pl.format("Ward {}", pl.int_range(pl.len()).hash(SEED) % 24 + 1)
    )
    before = current_mib()
    reports: list[WhatIfReport] = []
    seconds = median_of(RUNS, lambda: reports.append(compare_outcomes(current, draft, frame)))
    return {
        "seconds": seconds,
        "peak_mib": peak_mib(),
        "before_mib": before,
        "n": frame.height,
        "change": change,
        "changed": reports[-1].changed_outcome,
        "award_change": reports[-1].award_change_pence,
        "dates": f"{start} to {end}",
    }


def whatif_500k() -> None:
    report = in_child("whatif")
    say(
        "policy.whatif_500k",
        report["seconds"],
        "s",
        f"n={report['n']}, peak {report['peak_mib']:.0f} MiB",
    )
    note(
        f"(crisis-payment in force against a draft with {report['change']}, applications "
        f"dated {report['dates']}, through onestop.policy.simulation.compare with every "
        f"breakdown: {report['changed']} would change outcome, total award "
        f"{signed_pounds(report['award_change'])}; median of {RUNS}; "
        f"{report['before_mib']:.0f} MiB held before)"
    )


# OpenFisca side by side ------------------------------------------------------------------------

OURS = ("criteria", "outcome", "award", "priority")


def _openfisca() -> Any:
    try:
        import benchmarks.openfisca_onestop as openfisca
        from benchmarks.openfisca_onestop import bridge
    except ImportError as error:
        raise SystemExit(
            f"OpenFisca is not installed ({error}); `make bench` installs requirements/bench.txt"
        ) from None
    return openfisca, bridge


def compared_schemes(compiled: Mapping[str, CompiledPolicy]) -> dict[str, Any]:
    """The schemes written in both engines; a policy whose criteria differ from OpenFisca's model
    stops the run."""
    openfisca, _ = _openfisca()
    schemes = {}
    for folder, policy in compiled.items():
        scheme = openfisca.SCHEMES.get(folder)
        if scheme is None:
            raise SystemExit(f"{folder} has no OpenFisca model in benchmarks/openfisca_onestop")
        ours = tuple(c.name for c in policy.definition.criteria)
        if ours != scheme.criteria:
            raise SystemExit(
                f"{folder}: the policy's criteria {ours} differ from OpenFisca's {scheme.criteria}"
            )
        schemes[folder] = scheme
    return schemes


def _assessment_columns(folder: str, policy: CompiledPolicy) -> list[str]:
    return [
        *(f"{folder}:criterion_{c.name}" for c in policy.definition.criteria),
        f"{folder}:outcome",
        f"{folder}:award",
        f"{folder}:priority",
    ]


def ours_vectorised(compiled: Mapping[str, CompiledPolicy], frame: pl.DataFrame) -> pl.DataFrame:
    columns = []
    for folder, policy in compiled.items():
        assessed = policy.assess_frame(frame, date_column=DATE_COLUMN)
        names = [name.split(":", 1)[1] for name in _assessment_columns(folder, policy)]
        columns.append(assessed.select(pl.col(n).alias(f"{folder}:{n}") for n in names))
    return pl.concat(columns, how="horizontal")


def ours_scalar(compiled: Mapping[str, CompiledPolicy], frame: pl.DataFrame) -> pl.DataFrame:
    data: dict[str, list[Any]] = {}
    rows = household_rows(frame)
    for folder, policy in compiled.items():
        for column in _assessment_columns(folder, policy):
            data[column] = []
        for row in rows:
            result = policy.assess_inputs(row, on=row[DATE_COLUMN])
            for criterion in result.criteria:
                data[f"{folder}:criterion_{criterion.name}"].append(criterion.passed)
            data[f"{folder}:outcome"].append(result.outcome)
            data[f"{folder}:award"].append(result.proposed_award_pence)
            data[f"{folder}:priority"].append(result.priority)
    return pl.DataFrame(data)


def openfisca_vectorised(
    compiled: Mapping[str, CompiledPolicy], schemes: Mapping[str, Any], frame: pl.DataFrame
) -> pl.DataFrame:
    """OpenFisca computes a period at a time, so each application date is a simulation."""
    openfisca, bridge = _openfisca()
    system = openfisca.tax_benefit_system()
    numbered = frame.with_row_index("household")
    parts = []
    for (day,), group in numbered.partition_by(DATE_COLUMN, as_dict=True).items():
        simulation = bridge.batch_simulation(system, group, day)
        data: dict[str, Any] = {"household": group["household"]}
        for folder, scheme in schemes.items():
            for name, values in bridge.outputs(simulation, scheme, day).items():
                data[f"{folder}:{name}"] = values
        parts.append(pl.DataFrame(data))
    columns = [c for folder, p in compiled.items() for c in _assessment_columns(folder, p)]
    return (
        pl.concat(parts)
        .sort("household")
        .select(pl.col(c).cast(pl.Int64) if c.endswith(":award") else pl.col(c) for c in columns)
    )


def agreement(compiled: Mapping[str, CompiledPolicy], schemes: Mapping[str, Any]) -> None:
    """Both engines, both of ours (scalar and vectorised), on the same households and dates."""
    start, end = date_range(compiled)
    frame = households(AGREEMENT_HOUSEHOLDS, seed=SEED + 6, dates=(start, end))
    results = {
        "onestop (vectorised)": ours_vectorised(compiled, frame),
        "onestop (one at a time)": ours_scalar(compiled, frame),
        "openfisca": openfisca_vectorised(compiled, schemes, frame),
    }
    reference = results["openfisca"]
    same = pl.Series([True] * frame.height)
    for engine, result in results.items():
        result = result.select(reference.columns).with_columns(
            pl.col(c).cast(pl.Int64) for c in reference.columns if c.endswith(":award")
        )
        for column in reference.columns:
            same = same & (result[column] == reference[column]).fill_null(False)
        if not (same.all()):
            index = int(same.arg_min() or 0)
            print(f"First differing household ({engine} against openfisca), row {index}:")
            for name, value in frame.row(index, named=True).items():
                print(f"  {name}: {value}")
            for column in reference.columns:
                if result[column][index] != reference[column][index]:
                    print(
                        f"  {column}: {engine} {result[column][index]!r}, "
                        f"openfisca {reference[column][index]!r}"
                    )
            identical = int(same.sum())
            say(
                "policy.openfisca_agreement",
                identical,
                f"of {frame.height} identical",
                f"{engine} differs from OpenFisca",
            )
            raise SystemExit(1)
    changes = parameter_changes(compiled)
    print(
        f"bench: policy.openfisca_agreement = {frame.height} of {frame.height} identical "
        f"({scheme_list(list(compiled))}; outcome, award, priority and every criterion; "
        f"onestop one at a time and vectorised against OpenFisca; dates {start} to {end}, "
        + (
            f"across parameter changes on {', '.join(map(str, changes))}"
            if changes
            else "no parameter in these policies changes in that time"
        )
        + ")",
        flush=True,
    )


def single_vs_openfisca(compiled: Mapping[str, CompiledPolicy], schemes: Mapping[str, Any]) -> None:
    """One household, every scheme: ours assess_inputs per policy; OpenFisca builds one
    simulation from the household's situation and calculates every scheme's outputs."""
    openfisca, bridge = _openfisca()
    system = openfisca.tax_benefit_system()
    rows = household_rows(households(SINGLE_RUNS, seed=SEED + 7))

    def ours(row: dict[str, Any]) -> list[Any]:
        return [policy.assess_inputs(row, on=ON) for policy in compiled.values()]

    def theirs(row: dict[str, Any]) -> list[Any]:
        simulation = bridge.single_simulation(system, row, ON)
        return [bridge.outputs(simulation, scheme, ON) for scheme in schemes.values()]

    ours(rows[0])  # each engine once first: parameters for the day, imports
    theirs(rows[0])
    for row in rows:  # the timings compare nothing unless the outputs are the same
        for folder, assessment, outputs in zip(compiled, ours(row), theirs(row), strict=True):
            _check_single(folder, row, assessment, outputs)
    clock = time.perf_counter_ns
    our_times: list[int] = []
    their_times: list[int] = []
    # Each engine through every household in turn, three times over, so that a change in the
    # machine's load falls on both; within a pass each engine runs warm, as a service would.
    for _ in range(SINGLE_ROUNDS):
        for engine, times in ((ours, our_times), (theirs, their_times)):
            for row in rows:
                started = clock()
                engine(row)
                times.append(clock() - started)
    our = statistics.median(our_times) / 1000
    their = statistics.median(their_times) / 1000
    say(
        "policy.single_vs_openfisca",
        their / our,
        "x",
        f"ours {our:.1f} us, openfisca {their / 1000:.2f} ms, median of {len(our_times)} runs "
        f"over {len(rows)} households, each assessed under {len(compiled)} "
        f"{'scheme' if len(compiled) == 1 else 'schemes'}; outputs checked identical",
    )


def _check_single(
    folder: str, row: Mapping[str, Any], assessment: Any, outputs: Mapping[str, Any]
) -> None:
    """The single case's outputs must be the same too, or its timing compares nothing."""
    ours = {
        **{f"criterion_{c.name}": c.passed for c in assessment.criteria},
        "outcome": assessment.outcome,
        "award": assessment.proposed_award_pence,
        "priority": assessment.priority,
    }
    theirs = {name: values[0].item() for name, values in outputs.items()}
    if ours != theirs:
        print(f"{folder}: one household assessed differently by the two engines:")
        for name, value in row.items():
            print(f"  {name}: {value}")
        for name in ours:
            if ours[name] != theirs.get(name):
                print(f"  {name}: onestop {ours[name]!r}, openfisca {theirs.get(name)!r}")
        raise SystemExit(1)


def batch_vs_openfisca(compiled: Mapping[str, CompiledPolicy], schemes: Mapping[str, Any]) -> None:
    """A million households on one day, from the same Polars columns to the same outputs."""
    openfisca, bridge = _openfisca()
    system = openfisca.tax_benefit_system()
    frame = households(BATCH_HOUSEHOLDS, seed=SEED + 8)

    def ours() -> None:
        for policy in compiled.values():
            policy.assess_frame(frame, on=ON)

    def theirs() -> None:
        simulation = bridge.batch_simulation(system, frame, ON)
        for scheme in schemes.values():
            bridge.outputs(simulation, scheme, ON)

    our = median_of(RUNS, ours)
    their = median_of(RUNS, theirs)
    say(
        "policy.batch_vs_openfisca",
        their / our,
        "x",
        f"ours {our:.2f} s, openfisca {their:.2f} s, same {frame.height} households",
    )
    note(
        f"({scheme_list(list(compiled))} on {ON}, median of {RUNS} runs each; "
        "OpenFisca's simulation build and input arrays included)"
    )


def openfisca_side_by_side() -> None:
    compiled = policies()
    schemes = compared_schemes(compiled)
    agreement(compiled, schemes)
    single_vs_openfisca(compiled, schemes)
    batch_vs_openfisca(compiled, schemes)


# Running --------------------------------------------------------------------------------------

# Each step and the figures it prints, in the order they run.
FIGURES: list[tuple[tuple[str, ...], Callable[[], None]]] = [
    (("policy.assess_engine",), assess_engine),
    (("policy.assess_with_history",), assess_with_history),
    (("policy.screen_1m",), screen_1m),
    (("policy.whatif_500k",), whatif_500k),
    (
        (
            "policy.openfisca_agreement",
            "policy.single_vs_openfisca",
            "policy.batch_vs_openfisca",
        ),
        openfisca_side_by_side,
    ),
]
CHILDREN: dict[str, Callable[[], dict[str, Any]]] = {
    "history": child_history,
    "screen": child_screen,
    "whatif": child_whatif,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument(
        "--only", help="run only the figures whose names start with this, e.g. policy.screen_1m"
    )
    args = parser.parse_args(argv)
    if args.child:
        print("RESULT " + json.dumps(CHILDREN[args.child]()), flush=True)
        return 0
    compiled = policies()
    missing = [folder for folder in FOLDERS if folder not in compiled]
    if missing:
        covered = scheme_list(list(compiled))
        note(f"(no policy file yet for {scheme_list(missing)}: figures cover {covered})")
    chosen = [
        figure
        for names, figure in FIGURES
        if not args.only or any(name.startswith(args.only) for name in names)
    ]
    if not chosen:
        raise SystemExit(f"no policy figure is called {args.only}")
    for figure in chosen:
        figure()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
