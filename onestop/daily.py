"""The jobs that run once a day, before the offices open: run by cron as `onestop daily`.

Each job takes the day it runs for and is safe to run twice on one day, so a missed or doubled
cron run does no harm. A job from a new app is added here, and to docs/operations.md.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DailyJob:
    name: str
    run: Callable[[datetime.date], Any]


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


def _chase_information(today: datetime.date) -> str:
    from onestop.casework.services.information import information_requests_chase

    reminded, lapsed = information_requests_chase(today=today)
    return (
        f"{_count(reminded, 'applicant')} reminded, {_count(lapsed, 'case')} returned to the queue"
    )


def _review_budget_thresholds(today: datetime.date) -> str:
    from onestop.budgets.services import budgets_in_force_review

    raised = budgets_in_force_review(today=today)
    return f"{_count(len(raised), 'budget')} raised to a higher priority level"


def _delete_expired_drafts(today: datetime.date) -> str:
    from onestop.intake.public.services import drafts_expired_delete

    deleted = drafts_expired_delete(today=today)
    return f"{_count(deleted, 'saved application')} past its 28 days deleted"


def _return_unused_codes_and_cards(today: datetime.date) -> str:
    from onestop.fulfilment.services.reconciliation import fulfilment_reconcile

    return str(fulfilment_reconcile(today=today))


def _check_for_duplicates(today: datetime.date) -> str:
    from onestop.people.duplicates.checks import matching_nightly_run

    return matching_nightly_run(today=today)


def _build_facts(today: datetime.date) -> str:
    from onestop.insight.facts import facts_build_all

    return facts_build_all(today=today)


DAILY_JOBS = [
    DailyJob("Chase information requests", _chase_information),
    DailyJob("Review budget priority levels", _review_budget_thresholds),
    DailyJob("Delete expired saved applications", _delete_expired_drafts),
    DailyJob("Return unused codes and cards to the fund", _return_unused_codes_and_cards),
    DailyJob("Check everyone for duplicates and fraud signals", _check_for_duplicates),
    # Last, so the facts include what the jobs above changed.
    DailyJob("Bring the insight facts up to date", _build_facts),
]


def daily_jobs_run(*, today: datetime.date) -> list[tuple[str, str]]:
    return [(job.name, job.run(today)) for job in DAILY_JOBS]
