"""Money coming back: an award whose code expired unused, whose card was not collected, whose
goods could not be delivered or came back, or whose bank payment bounced."""

from django.db import transaction
from django.utils import timezone

from onestop.budgets.services import commitment_release
from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.money import format_pounds
from onestop.councils.models import User
from onestop.fulfilment.models import Award, AwardStatus


@transaction.atomic
def award_return(*, actor: User | None, award: Award, reason: str) -> Award:
    """Mark the award's money as returned and release it to the budget, once.

    `reason` is shown on the case in plain words ("The cash-out code expired on 3 March 2027
    without being collected"). A second return of the same award is refused, so money can
    never come back twice.
    """
    locked = (
        Award.objects.select_for_update(of=("self",))
        .select_related("application", "commitment")
        .get(pk=award.pk)
    )
    if locked.status == AwardStatus.RETURNED:
        raise ServiceError("This award's money has already been returned to the budget.")
    locked.status = AwardStatus.RETURNED
    locked.returned_at = timezone.now()
    locked.returned_reason = reason[:300]
    locked.save(update_fields=["status", "returned_at", "returned_reason", "updated_at"])
    commitment_release(actor=actor, commitment=locked.commitment, reason=reason)
    audit_record(
        actor=actor,
        council=locked.council,
        action="award.returned",
        subject=locked,
        case_reference=locked.application.reference,
        summary=f"{format_pounds(locked.value_pence)} returned to the fund",
        reason=reason,
    )
    return locked
