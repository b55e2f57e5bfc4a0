"""Background tasks for fulfilment, on the `fulfilment` queue."""

from django_tasks import default_task_backend, task

from onestop.fulfilment.models import FulfilmentRequestStatus
from onestop.fulfilment.services import fulfilment_process


@task(queue_name="fulfilment")
def fulfil_award(*, request_id: int) -> None:
    request = fulfilment_process(request_id=request_id)
    if (
        request.status == FulfilmentRequestStatus.PENDING
        and request.next_attempt_at
        and default_task_backend.supports_defer
    ):
        fulfil_award.using(run_after=request.next_attempt_at).enqueue(request_id=request_id)
