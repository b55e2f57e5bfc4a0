"""Where later apps hand the people app what only they know, without people importing them.

Counting applications is intake's business, yet "many applications from one address" is a
people signal; intake registers its counter here in its AppConfig.ready.
"""

import datetime
from collections.abc import Callable, Sequence

from onestop.councils.models import Council

# (council, household ids or None for all, since) -> {household id: [application references]}
ApplicationsAtHouseholds = Callable[
    [Council, Sequence[int] | None, datetime.datetime], dict[int, list[str]]
]

_application_counters: list[ApplicationsAtHouseholds] = []


def applications_counter_register(counter: ApplicationsAtHouseholds) -> None:
    if counter not in _application_counters:
        _application_counters.append(counter)


def applications_at_households(
    *, council: Council, household_ids: Sequence[int] | None, since: datetime.datetime
) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for counter in _application_counters:
        for household_id, references in counter(council, household_ids, since).items():
            found.setdefault(household_id, []).extend(references)
    return found
