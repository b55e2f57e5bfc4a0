"""Background tasks for casework: auto-decisions as applications arrive, and the daily chase.

Services are imported inside each task: this module is loaded when the app starts, to connect
intake's signal, and should not pull in every model and service with it.
"""

from typing import Any

from django_tasks import task


@task(queue_name="default")
def auto_decide(*, application_id: int) -> None:
    from onestop.casework.services.auto_decisions import application_auto_decide
    from onestop.intake.models import Application

    application = Application.objects.filter(pk=application_id).first()
    if application is not None:
        application_auto_decide(application=application)


@task(queue_name="default")
def chase_information_requests() -> None:
    from onestop.casework.services.information import information_requests_chase

    information_requests_chase()


def on_application_assessed(sender: Any, *, application_id: int, **kwargs: Any) -> None:
    """Connected to intake's signal: a new application whose scheme decides automatically at
    the time it arrives is offered to the rule (which checks everything again when it runs)."""
    from onestop.intake.models import Application

    if Application.objects.filter(pk=application_id, scheme__auto_decide=True).exists():
        auto_decide.enqueue(application_id=application_id)
