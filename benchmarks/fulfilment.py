"""Fulfilment figures: awards fulfilled per second through the outbox with 1 and 4 worker
processes on PostgreSQL, and the time to build a Bacs file of 10,000 payments.

Run by `make bench` (or `make bench ONLY=fulfilment`). Needs PostgreSQL at DATABASE_URL, else
postgres://postgres@127.0.0.1:5432/postgres; it creates and drops its own database.

What is measured: real worker processes (`python -m onestop.fulfilment.worker --until-idle`)
working an outbox of 2,000 awards, 400 of each type (e-voucher from stock, bank payment, cash-out
code, prepaid card, goods order), through the local providers, each award's result recorded,
its budget commitment marked spent, its audit row and its message to the person written (the
message's send task is queued in the database, as in production). The rate is counted from the
first award fulfilled to the last, so the workers' start-up (about a second to load Django) is
left out; the wall time with start-up is printed beside it.
"""

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

DATABASE = "onestop_bench_fulfilment"
AWARD_TYPES = ("e_voucher", "bank_payment", "cash_out", "prepaid_card", "goods")
PER_TYPE = 400
WORKER_COUNTS = (1, 4)
ROOT = Path(__file__).resolve().parents[1]


def server_url() -> str:
    return os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"


def database_url(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def say(name: str, value: float, unit: str, details: str) -> None:
    shown = f"{value:.0f}" if value >= 100 else f"{value:.2f}"
    print(f"bench: {name} = {shown}{' ' + unit if unit else ''} ({details})", flush=True)


def _django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.demo"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def outbox_rate(*, workers: int) -> tuple[float, float]:
    """Awards per second with `workers` processes, and the wall time including start-up."""
    from django.db.models import Max, Min

    from onestop.fulfilment.models import FulfilmentRequest, FulfilmentRequestStatus
    from tests import factories

    council = factories.make_council()
    ids = factories.make_awards_in_bulk(council=council, per_type=PER_TYPE, award_types=AWARD_TYPES)
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "onestop.fulfilment.worker", "--until-idle"],
            cwd=ROOT,
            env=os.environ.copy(),
        )
        for _ in range(workers)
    ]
    for process in processes:
        if process.wait() != 0:
            raise SystemExit(f"a fulfilment worker failed (exit {process.returncode})")
    wall = time.perf_counter() - started
    done = FulfilmentRequest.objects.filter(pk__in=ids)
    if done.exclude(status=FulfilmentRequestStatus.DONE).exists():
        raise SystemExit("the workers stopped with awards not fulfilled")
    span = done.aggregate(first=Min("done_at"), last=Max("done_at"))
    seconds = (span["last"] - span["first"]).total_seconds()
    return (len(ids) - 1) / seconds, wall


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="", help="figures whose names start with this")
    args = parser.parse_args(argv)
    only = args.only or "fulfilment"
    if any(
        name.startswith(only) or only.startswith(name)
        for name in ("fulfilment.bacs", "fulfilment.payment_file")
    ):
        # Its own process: it sets Django up with other settings and its own database.
        command = [sys.executable, "-m", "benchmarks.fulfilment_bacs"]
        if only != "fulfilment":
            command += ["--only", only]
        if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:  # noqa: S603
            raise SystemExit("the Bacs benchmarks failed")
    wanted = [w for w in WORKER_COUNTS if f"fulfilment.outbox_w{w}".startswith(only)]
    if not wanted:
        return 0
    server = server_url()
    try:
        admin = psycopg.connect(
            database_url(server, "postgres"), autocommit=True, connect_timeout=5
        )
    except psycopg.Error:
        print("# outbox benchmarks need PostgreSQL at DATABASE_URL or 127.0.0.1:5432", flush=True)
        return 0
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
        try:
            _django(database_url(server, DATABASE))
            for workers in wanted:
                rate, wall = outbox_rate(workers=workers)
                say(
                    f"fulfilment.outbox_w{workers}",
                    rate,
                    "/s",
                    f"{PER_TYPE * len(AWARD_TYPES)} awards of five types through the outbox, "
                    f"{workers} worker process{'es' if workers != 1 else ''} on PostgreSQL; "
                    f"{wall:.1f} s wall time with start-up",
                )
        finally:
            from django.db import connections

            connections.close_all()
            admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
