"""Background tasks for fulfilment, on the `fulfilment` queue.

The outbox worker (`onestop fulfilment work`) is what guarantees every award is fulfilled: it
polls the outbox and retries on schedule. This task only nudges a new award to the front, so
it is usually fulfilled within a second of the decision.
"""

from django_tasks import task

from onestop.fulfilment.services.outbox import fulfilment_process


@task(queue_name="fulfilment")
def fulfil_award(*, request_id: int) -> None:
    fulfilment_process(request_id=request_id)
