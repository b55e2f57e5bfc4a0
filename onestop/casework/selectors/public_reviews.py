"""Reads for the public review pages: finding a decided case from what only its applicant knows."""

import datetime

from onestop.councils.models import Council
from onestop.intake.models import Application, ApplicationStatus
from onestop.intake.selectors import application_by_reference

DECIDED = (ApplicationStatus.AWARDED, ApplicationStatus.REFUSED)


def application_for_applicant(
    *, council: Council, reference: str, date_of_birth: datetime.date
) -> Application | None:
    """The council's application with this reference, only if the date of birth is its
    applicant's; otherwise None, the same whichever of the two was wrong."""
    application = application_by_reference(council=council, reference=reference)
    if application is None or application.applicant.date_of_birth != date_of_birth:
        return None
    return application


def application_by_id(*, council: Council, application_id: int) -> Application | None:
    """An application the applicant has already found, kept by id in their session."""
    return (
        Application.objects.select_related("scheme", "applicant", "council")
        .filter(council=council, pk=application_id)
        .first()
    )


def application_is_decided(application: Application) -> bool:
    return application.status in DECIDED
