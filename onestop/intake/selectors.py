"""Reads about applications, always within one council."""

from django.db.models import QuerySet

from onestop.core.references import normalise_reference
from onestop.councils.models import Council, Organisation
from onestop.intake.models import Application, Assessment


def application_by_reference(*, council: Council, reference: str) -> Application | None:
    normalised = normalise_reference(reference)
    if normalised is None:
        return None
    return (
        Application.objects.select_related("scheme", "applicant", "household", "submitted_by")
        .filter(council=council, reference=normalised)
        .first()
    )


def application_latest_assessment(*, application: Application) -> Assessment | None:
    return application.assessments.order_by("-created_at", "-id").first()


def applications_recent(*, council: Council, limit: int = 50) -> QuerySet[Application]:
    return (
        Application.objects.select_related("scheme", "applicant")
        .filter(council=council)
        .order_by("-submitted_at")[:limit]
    )


def applications_of_person(*, application: Application) -> QuerySet[Application]:
    """The applicant's other applications to this council, newest first."""
    return (
        Application.objects.select_related("scheme")
        .filter(council=application.council, applicant=application.applicant)
        .exclude(pk=application.pk)
        .order_by("-submitted_at")
    )


def application_by_submission_key(*, council: Council, submission_key: str) -> Application | None:
    return (
        Application.objects.select_related("scheme")
        .filter(council=council, submission_key=submission_key)
        .first()
    )


def application_of_organisation(
    *, organisation: Organisation, reference: str
) -> Application | None:
    """A partner's own application; another organisation's, or none, is the same: not found."""
    normalised = normalise_reference(reference)
    if normalised is None:
        return None
    return Application.objects.filter(
        council_id=organisation.council_id, organisation=organisation, reference=normalised
    ).first()
