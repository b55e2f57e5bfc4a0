"""The partner API's progress endpoint: where a partner's own application is, and its outcome.

It lives in casework, not intake, because the outcome and amount are the decision's, and intake
must not read casework.
"""

from django.http import HttpRequest
from ninja import Router

from onestop.casework.selectors.cases import decision_for
from onestop.core.problems import Problem, ProblemError
from onestop.intake.api_schemas import ApplicationProgress
from onestop.intake.models import ApplicationStatus
from onestop.intake.selectors import application_of_organisation

router = Router(tags=["Applications"])

DECIDED = {ApplicationStatus.AWARDED, ApplicationStatus.REFUSED}


@router.get(
    "/applications/{reference}",
    response={200: ApplicationProgress, 401: Problem, 404: Problem, 500: Problem},
    summary="Find out where an application is",
    url_name="application_progress",
)
def application_progress(request: HttpRequest, reference: str) -> ApplicationProgress:
    """An application your organisation sent. Others' applications are not found, as if absent."""
    organisation = request.auth.organisation  # type: ignore[attr-defined]
    application = application_of_organisation(organisation=organisation, reference=reference)
    if application is None:
        raise ProblemError(
            status=404,
            title="Not Found",
            detail=f"Your organisation has sent no application with the reference {reference}. "
            "Check the reference you were given when you applied.",
        )
    decision = decision_for(application=application) if application.status in DECIDED else None
    return ApplicationProgress(
        reference=application.reference,
        status=ApplicationStatus(application.status),
        submitted_at=application.submitted_at,
        decision_due=application.decision_due,
        decided_at=application.decided_at,
        outcome=decision.outcome if decision else None,  # type: ignore[arg-type]
        award_pence=decision.amount_pence if decision else None,
    )
