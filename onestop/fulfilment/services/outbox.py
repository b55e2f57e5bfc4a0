"""The fulfilment outbox: claim a request, call its provider with the award's key, record the
result, retry with backoff, and put what still fails in front of staff.

A claim is a lease. The worker sets `claimed_until` and commits before it calls the provider,
so no lock is held while a provider (in real life, someone else's API) works. A worker that
dies leaves a lease that runs out; the next claim calls the provider again with the same
idempotency key and gets back what was done the first time. The result is recorded, the
budget charged as spent and the person told in one transaction that first checks the request
is still pending, so the person is told once however many workers got that far.
"""

import datetime
import logging
import os
import socket
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from onestop.budgets.services import commitment_spend
from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.money import format_pounds
from onestop.councils.models import Council, User
from onestop.fulfilment.models import (
    Award,
    AwardStatus,
    FulfilmentRequest,
    FulfilmentRequestStatus,
)
from onestop.fulfilment.providers import (
    FulfilmentFailed,
    FulfilmentProvider,
    FulfilmentResult,
    provider_for,
)
from onestop.intake.messages import applicant_message_queue
from onestop.notifications.services import letter_queue

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A request claimed this many times without an answer keeps killing its worker: stop trying.
MAX_CLAIMS = 12


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.FULFILMENT_LEASE_SECONDS)


def backoff(attempts: int) -> datetime.timedelta:
    """How long to wait after a failed attempt: 1, 2, 4, 8 minutes, then an hour at most."""
    return datetime.timedelta(seconds=min(60 * 2 ** (attempts - 1), 3600))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def fulfilment_claim(*, worker: str, limit: int = 10, request_id: int | None = None) -> list[int]:
    """Lease up to `limit` pending requests to this worker, oldest first.

    Given a `request_id`, lease that one even if its next attempt is not due yet (staff or a
    task asked for it now), but never one another worker holds.
    """
    now = timezone.now()
    with transaction.atomic():
        query = FulfilmentRequest.objects.filter(status=FulfilmentRequestStatus.PENDING).filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
        )
        if request_id is not None:
            query = query.filter(pk=request_id)
        else:
            query = query.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        if connection.features.has_select_for_update_skip_locked:
            query = query.select_for_update(skip_locked=True)
        ids = list(query.order_by("id").values_list("pk", flat=True)[:limit])
        if ids:
            FulfilmentRequest.objects.filter(pk__in=ids).update(
                claimed_until=now + _lease(),
                claimed_by=worker[:80],
                attempts=F("attempts") + 1,
                updated_at=now,
            )
    return ids


def _locked_pending(request_id: int) -> FulfilmentRequest | None:
    request = (
        FulfilmentRequest.objects.select_for_update(of=("self",))
        .select_related(
            "award__application__applicant", "award__application__household", "award__commitment"
        )
        .get(pk=request_id)
    )
    return request if request.status == FulfilmentRequestStatus.PENDING else None


def _tell_the_person(award: Award, result: FulfilmentResult) -> None:
    application = award.application
    applicant = application.applicant
    if result.letter_kind:
        letter_queue(
            council=award.council,
            kind=result.letter_kind,
            language=applicant.language,
            case_reference=application.reference,
            recipient_name=applicant.full_name,
            address_lines=application.household.postal_lines,
            context=result.letter_context,
        )
    if not result.message_template:
        return
    applicant_message_queue(
        application=application,
        template=result.message_template,
        personalisation={"amount": format_pounds(award.value_pence), **result.personalisation},
    )


@transaction.atomic
def _success_record(*, request_id: int, result: FulfilmentResult) -> FulfilmentRequest:
    request = _locked_pending(request_id)
    if request is None:  # another worker recorded the same result first
        return FulfilmentRequest.objects.get(pk=request_id)
    now = timezone.now()
    request.status = FulfilmentRequestStatus.DONE
    request.last_error = ""
    request.claimed_until = None
    request.result_summary = result.summary[:300]
    request.done_at = now
    request.save()
    award = request.award
    award.status = AwardStatus.FULFILLED
    award.fulfilled_at = now
    award.save(update_fields=["status", "fulfilled_at", "updated_at"])
    commitment_spend(commitment=award.commitment)
    audit_record(
        actor=None,
        council=award.council,
        action="award.fulfilled",
        subject=award,
        case_reference=award.application.reference,
        summary=f"Issued {result.summary}"[:300],
    )
    _tell_the_person(award, result)
    return request


@transaction.atomic
def _failure_record(*, request_id: int, reason: str, final: bool = False) -> FulfilmentRequest:
    request = _locked_pending(request_id)
    if request is None:
        return FulfilmentRequest.objects.get(pk=request_id)
    request.last_error = reason[:300]
    request.claimed_until = None
    if final or request.attempts >= MAX_ATTEMPTS:
        request.status = FulfilmentRequestStatus.FAILED
        award = request.award
        award.status = AwardStatus.FAILED
        award.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=None,
            council=award.council,
            action="award.fulfilment_failed",
            subject=award,
            case_reference=award.application.reference,
            summary="Fulfilment failed: needs attention",
            reason=reason,
        )
    else:
        request.next_attempt_at = timezone.now() + backoff(request.attempts)
    request.save()
    return request


def fulfilment_attempt(
    *, request_id: int, provider: FulfilmentProvider | None = None
) -> FulfilmentRequest:
    """Call the provider for a request this worker has claimed, and record what happened."""
    request = FulfilmentRequest.objects.select_related("award").get(pk=request_id)
    if request.status != FulfilmentRequestStatus.PENDING:
        return request
    if request.attempts > MAX_CLAIMS:
        return _failure_record(
            request_id=request_id,
            reason="The worker stopped every time it tried this award. Tell the service's "
            "support team, then retry.",
            final=True,
        )
    award = request.award
    try:
        result = (provider or provider_for(request.provider)).fulfil(
            award, idempotency_key=str(award.idempotency_key)
        )
    except FulfilmentFailed as failure:
        return _failure_record(request_id=request_id, reason=str(failure))
    except Exception:  # a provider that cannot be reached: try again later, like a refusal
        logger.exception("Fulfilment provider error for request %s", request_id)
        return _failure_record(
            request_id=request_id,
            reason="The provider could not be reached. It will be tried again.",
        )
    return _success_record(request_id=request_id, result=result)


def fulfilment_process(
    *, request_id: int, provider: FulfilmentProvider | None = None
) -> FulfilmentRequest:
    """Claim one request now (a task nudged after the award committed, or staff retrying)
    and attempt it; a request another worker holds, or one already done, is left alone."""
    if fulfilment_claim(worker=worker_name(), limit=1, request_id=request_id):
        return fulfilment_attempt(request_id=request_id, provider=provider)
    return FulfilmentRequest.objects.get(pk=request_id)


def outbox_work(
    *,
    worker: str,
    should_stop: Callable[[], bool] = lambda: False,
    batch: int = 10,
    idle_seconds: float = 1.0,
    until_idle: bool = False,
) -> int:
    """The worker's loop: claim a batch, attempt each, and sleep a little when there is none.

    Returns how many attempts it made. `until_idle` ends the loop at the first empty claim,
    for benchmarks and tests.
    """
    attempted = 0
    while not should_stop():
        ids = fulfilment_claim(worker=worker, limit=batch)
        if not ids:
            if until_idle:
                break
            time.sleep(idle_seconds)
            continue
        for request_id in ids:
            fulfilment_attempt(request_id=request_id)
            attempted += 1
    return attempted


@transaction.atomic
def fulfilment_retry(*, actor: User, council: Council, request_id: int) -> FulfilmentRequest:
    """Staff put a failed request back in the queue, for example after loading more stock."""
    request = (
        FulfilmentRequest.objects.select_for_update(of=("self",))
        .select_related("award__application")
        .filter(council=council, pk=request_id)
        .first()
    )
    if request is None or request.status != FulfilmentRequestStatus.FAILED:
        raise ServiceError("Only a fulfilment that needs attention can be retried.")
    request.status = FulfilmentRequestStatus.PENDING
    request.attempts = 0
    request.next_attempt_at = None
    request.claimed_until = None
    request.save()
    request.award.status = AwardStatus.AWAITING_FULFILMENT
    request.award.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        council=council,
        action="award.fulfilment_retried",
        subject=request.award,
        case_reference=request.award.application.reference,
        summary="Fulfilment tried again",
    )
    from onestop.fulfilment.tasks import fulfil_award

    transaction.on_commit(lambda: fulfil_award.enqueue(request_id=request_id))
    return request
