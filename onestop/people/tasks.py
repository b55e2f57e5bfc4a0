"""Background tasks for people, on the `matching` queue: the duplicate check on each new
application, kept off the applicant's request so submitting stays fast on a busy day."""

from django_tasks import task


@task(queue_name="matching")
def check_application_people(
    *, council_id: int, person_ids: list[int], household_id: int, reference: str
) -> None:
    from onestop.councils.models import Council
    from onestop.people.duplicates.checks import application_people_check

    council = Council.objects.filter(pk=council_id).first()
    if council is not None:
        application_people_check(
            council=council, person_ids=person_ids, household_id=household_id, reference=reference
        )
