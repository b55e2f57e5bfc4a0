"""Bacs figures: writing (and reading back) a file of 10,000 payments, and making a file
through the database as finance does.

Run by `make bench` (or `make bench ONLY=fulfilment`) once the group is registered, or alone
with `python -m benchmarks.fulfilment_bacs`. `fulfilment.bacs_10k` is `bacs_file_build` on
10,000 in-memory payments (every payment checked, then every record written), best of three;
`fulfilment.bacs_parse_10k` reads that file back with `bacs_file_parse`. The database figure,
`fulfilment.payment_file_1k`, is `payment_file_build` over 1,000 payments queued through the
real services (decision, outbox, provider) in a fresh test database: it locks the payments,
writes the file, marks each one sent, and writes one audit event and one message for each.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from benchmarks.policy import benchmark_database  # noqa: E402
from onestop.fulfilment.bacs import (  # noqa: E402
    BacsOriginatorDetails,
    BacsPayment,
    bacs_file_build,
    bacs_file_parse,
)

PAYMENTS = 10_000
DATABASE_PAYMENTS = 1_000
SEED = 2026
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORIGINATOR = BacsOriginatorDetails(
    service_user_number="123456",
    account_name="BENCHMARK COUNCIL",
    sort_code="200000",
    account_number="55779911",
)


def say(name: str, value: float, unit: str, details: str) -> None:
    shown = f"{value:.0f}" if value >= 100 else f"{value:.2f}" if value >= 1 else f"{value:.3g}"
    print(f"bench: {name} = {shown} {unit} ({details})", flush=True)


def note(text: str) -> None:
    print(f"  {text}", flush=True)


def timed(work: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def synthetic_payments(count: int, rng: random.Random) -> list[BacsPayment]:
    return [
        BacsPayment(
            sort_code=f"{rng.randint(100_000, 999_999)}",
            account_number=f"{rng.randint(10_000_000, 99_999_999)}",
            account_name=f"{rng.choice(LETTERS)} {''.join(rng.choices(LETTERS, k=rng.randint(4, 12)))}",
            amount_pence=rng.randint(1_000, 50_000),
            reference=f"CR-{''.join(rng.choices(LETTERS, k=4))}-{n % 100:02d}",
        )
        for n in range(count)
    ]


def in_memory(only: str) -> None:
    payments = synthetic_payments(PAYMENTS, random.Random(SEED))
    processing = datetime.date(2027, 3, 3)

    def build() -> str:
        return bacs_file_build(
            originator=ORIGINATOR,
            payments=payments,
            processing_date=processing,
            serial_number=1,
            created_on=datetime.date(2027, 3, 1),
        )

    runs = [timed(build) for _ in range(3)]
    seconds, text = min(runs, key=lambda run: run[0])
    assert isinstance(text, str)
    if wanted("fulfilment.bacs_10k", only):
        say(
            "fulfilment.bacs_10k",
            seconds,
            "s",
            f"n={PAYMENTS}, {PAYMENTS / seconds:,.0f} payments/s, {len(text) / 1e6:.2f} MB; best of 3",
        )
    if wanted("fulfilment.bacs_parse_10k", only):
        parse_seconds, parsed = min(
            (timed(lambda: bacs_file_parse(text)) for _ in range(3)), key=lambda run: run[0]
        )
        assert len(parsed.payments) == PAYMENTS  # type: ignore[attr-defined]
        say(
            "fulfilment.bacs_parse_10k",
            parse_seconds,
            "s",
            f"n={PAYMENTS}, every record and total checked; best of 3",
        )


def through_the_database(only: str) -> None:
    from onestop.core.roles import Role
    from onestop.fulfilment.models import BankPayment, BankPaymentStatus
    from onestop.fulfilment.services.awards import payee_set
    from onestop.fulfilment.services.payments import earliest_processing_date, payment_file_build
    from tests import factories

    with tempfile.TemporaryDirectory() as folder, benchmark_database(Path(folder)) as kind:
        council = factories.make_council(name="Benchmark Council", slug="benchmark")
        scheme = factories.make_scheme(council=council, award_type="bank_payment")
        factories.make_budget(scheme=scheme, total_pence=10**12)
        decider = factories.make_membership(role=Role.DECISION_MAKER, council=council)
        finance = factories.make_finance_user(council=council)
        factories.make_bacs_originator(council=council, actor=finance)
        started = time.perf_counter()
        for _ in range(DATABASE_PAYMENTS):
            application = factories.submit_application(scheme=scheme)
            payee_set(actor=None, application=application, details=factories.bank_details())
            # The decision's commit hands the award to the outbox, which queues the payment.
            factories.make_award(application=application, membership=decider, amount_pence=6_000)
        setup = time.perf_counter() - started
        queued = BankPayment.objects.filter(council=council, status=BankPaymentStatus.QUEUED)
        assert queued.count() == DATABASE_PAYMENTS, queued.count()
        seconds, made = timed(
            lambda: payment_file_build(
                actor=finance, council=council, processing_date=earliest_processing_date()
            )
        )
        say(
            "fulfilment.payment_file_1k",
            seconds,
            "s",
            f"n={DATABASE_PAYMENTS}, {DATABASE_PAYMENTS / seconds:,.0f} payments/s, {kind}; {made}",
        )
        note(
            f"(queuing the {DATABASE_PAYMENTS} payments through the services took {setup:.0f} s "
            "and is not counted)"
        )


def wanted(name: str, only: str) -> bool:
    return not only or name.startswith(only) or only.startswith(name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--only", default="", help="run only the figures whose names start with this"
    )
    args = parser.parse_args(argv)
    if any(
        wanted(name, args.only) for name in ("fulfilment.bacs_10k", "fulfilment.bacs_parse_10k")
    ):
        in_memory(args.only)
    if wanted("fulfilment.payment_file_1k", args.only):
        through_the_database(args.only)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
