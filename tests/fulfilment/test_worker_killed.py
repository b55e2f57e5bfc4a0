"""The fault test: workers killed with SIGKILL at random points while fulfilling 1,000 awards.

Real worker processes (`python -m onestop.fulfilment.worker`) work the outbox in the test
database while this test kills one at a random moment, again and again, and starts another in
its place. A kill can land anywhere: holding a claim before the provider is called, after the
provider issued a code but before the result was recorded, or mid-commit. At the end every
award must be fulfilled exactly once: one code, payment, card load or order set per award,
one "fulfilled" record, one message to the person, and none left behind.
"""

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count, Sum

from onestop.budgets.models import Commitment, CommitmentStatus
from onestop.core.models import AuditEvent
from onestop.fulfilment.models import (
    Award,
    AwardStatus,
    BankPayment,
    CardLoad,
    CashOutCode,
    FulfilmentRequest,
    FulfilmentRequestStatus,
    GoodsOrder,
    VoucherCode,
)
from onestop.notifications.models import Letter, Message
from tests import factories
from tests.conftest import postgres_only

AWARD_TYPES = ("e_voucher", "bank_payment", "cash_out", "prepaid_card", "goods")
AWARDS = 1_000
WORKERS = 2
KILLS = 25
LEASE_SECONDS = 1
ROOT = Path(__file__).resolve().parents[2]
FULFILMENT_MESSAGES = (
    "voucher_issued",
    "cash_out_code",
    "prepaid_card_ready",
    "prepaid_card_topped_up",
    "goods_ordered",
)


def _worker_environment() -> dict[str, str]:
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": url,
        "FULFILMENT_LEASE_SECONDS": str(LEASE_SECONDS),
    }


def _start_worker(environment: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "onestop.fulfilment.worker", "--idle-seconds=0.05", "--batch=5"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
    )


def _waiting() -> int:
    return FulfilmentRequest.objects.filter(status=FulfilmentRequestStatus.PENDING).count()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_killed_workers_fulfil_every_award_exactly_once() -> None:
    council = factories.make_council()
    factories.make_awards_in_bulk(
        council=council, per_type=AWARDS // len(AWARD_TYPES), award_types=AWARD_TYPES
    )
    environment = _worker_environment()
    chance = random.Random(20261203)
    workers = [_start_worker(environment) for _ in range(WORKERS)]
    kills = 0
    try:
        while _waiting() and kills < KILLS:
            time.sleep(chance.uniform(0.05, 0.8))
            victim = chance.randrange(len(workers))
            os.kill(workers[victim].pid, signal.SIGKILL)
            workers[victim].wait()
            kills += 1
            workers[victim] = _start_worker(environment)
        # No more kills: the workers finish what is left, claims of the dead included.
        deadline_checks = 0
        while _waiting() and deadline_checks < 1_200:
            time.sleep(0.25)
            deadline_checks += 1
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)

    assert kills == KILLS, "the workers finished before every kill was made: make the work bigger"
    assert _waiting() == 0, "some awards were never fulfilled"
    statuses = Counter(FulfilmentRequest.objects.values_list("status", flat=True))
    assert statuses == {FulfilmentRequestStatus.DONE: AWARDS}
    assert Award.objects.filter(status=AwardStatus.FULFILLED).count() == AWARDS
    assert Commitment.objects.filter(status=CommitmentStatus.SPENT).count() == AWARDS

    by_type = dict(Award.objects.values_list("award_type").annotate(n=Count("id")))
    per_type = AWARDS // len(AWARD_TYPES)
    assert by_type == dict.fromkeys(AWARD_TYPES, per_type)
    # Exactly one of each thing per award: the unique constraints would have refused a second,
    # so these also show no worker got as far as trying.
    vouchers = VoucherCode.objects.filter(award__isnull=False)
    assert vouchers.count() == per_type
    assert vouchers.values("award").distinct().count() == per_type
    assert vouchers.aggregate(total=Sum("value_pence"))["total"] == (
        per_type * factories.BULK_AWARD_PENCE
    )
    assert BankPayment.objects.count() == per_type
    assert CashOutCode.objects.count() == per_type
    assert CardLoad.objects.count() == per_type
    assert GoodsOrder.objects.count() == per_type

    fulfilled = Counter(
        AuditEvent.objects.filter(action="award.fulfilled").values_list("subject_id", flat=True)
    )
    assert len(fulfilled) == AWARDS
    assert set(fulfilled.values()) == {1}
    # The person is told once per award: bank payments tell them when the file is made, so
    # they have no message yet; every other award has exactly one message or letter.
    told = Counter(
        Message.objects.filter(template__in=FULFILMENT_MESSAGES).values_list(
            "case_reference", flat=True
        )
    )
    told.update(
        Letter.objects.filter(kind="cash_out_code").values_list("case_reference", flat=True)
    )
    assert sum(told.values()) == AWARDS - per_type
    # And the kills did land mid-work: some claims were left by a killed worker and taken again.
    assert FulfilmentRequest.objects.filter(attempts__gt=1).exists()
