"""Look for duplicates and fraud signals: quickly on each new application, fully each night.

The quick check finds the few people who share any key with the application's people (one
index probe per key) and scores only those with the model. The nightly run scores everyone
against everyone with Splink's blocking, re-fits the model's population parameters to the
council's own people, and looks for the signals across the whole council.
"""

import dataclasses
import datetime
import logging
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from onestop.councils.models import Council
from onestop.people.duplicates.records import (
    bank_account_key_record,
    candidate_ids,
    match_keys_record,
    people_records,
    record_keys,
)
from onestop.people.duplicates.registry import applications_at_households
from onestop.people.duplicates.services import (
    duplicate_flag_raise,
    matching_settings_for,
    signal_flag_raise,
)
from onestop.people.models import (
    Household,
    HouseholdMember,
    MatchFlagKind,
    MatchFlagSource,
    MatchingSettings,
    MatchKey,
    MatchKeyKind,
    Person,
)

logger = logging.getLogger(__name__)


def _model(settings: MatchingSettings) -> dict[str, Any]:
    from onestop.people.linkage.model import model_load  # Splink loads on first use

    return settings.fitted_model or model_load()


# Signals ---------------------------------------------------------------------------------


def _latest_households(person_ids: Sequence[int]) -> dict[int, int]:
    latest: dict[int, int] = {}
    for person_id, household_id in (
        HouseholdMember.objects.filter(person_id__in=list(person_ids))
        .order_by("updated_at", "id")
        .values_list("person_id", "household_id")
    ):
        latest[person_id] = household_id  # ordered oldest first: the last applied from wins
    return latest


def _bank_account_signal(
    *,
    council: Council,
    settings: MatchingSettings,
    digest: str,
    found_by: MatchFlagSource,
    reference: str,
) -> None:
    person_ids = list(
        MatchKey.objects.filter(
            council=council, kind=MatchKeyKind.BANK_ACCOUNT, value=digest
        ).values_list("person_id", flat=True)
    )
    households = _latest_households(person_ids)
    household_ids = sorted(set(households.values()))
    if len(household_ids) < settings.households_per_bank_account:
        return
    signal_flag_raise(
        council=council,
        kind=MatchFlagKind.SHARED_BANK_ACCOUNT,
        subject=f"bank:{digest}",
        count=len(household_ids),
        evidence={"households": household_ids, "people": sorted(person_ids)},
        found_by=found_by,
        application_reference=reference,
    )


def _address_signal(
    *,
    council: Council,
    settings: MatchingSettings,
    household_ids: Sequence[int] | None,
    found_by: MatchFlagSource,
    reference: str,
) -> None:
    since = timezone.now() - datetime.timedelta(days=settings.address_window_days)
    counted = applications_at_households(council=council, household_ids=household_ids, since=since)
    for household_id, references in counted.items():
        if len(references) < settings.applications_per_address:
            continue
        household = Household.objects.filter(council=council, pk=household_id).first()
        if household is None or household.no_fixed_address:
            continue  # a "no fixed address" household is one person's, wherever they are
        signal_flag_raise(
            council=council,
            kind=MatchFlagKind.MANY_APPLICATIONS_AT_ADDRESS,
            subject=f"household:{household_id}",
            count=len(references),
            evidence={
                "applications": sorted(references),
                "window_days": settings.address_window_days,
            },
            found_by=found_by,
            household=household,
            application_reference=reference,
        )


# On each application -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class CheckResult:
    people_checked: int
    candidates_scored: int
    flags_raised: int


def application_people_check(
    *, council: Council, person_ids: Sequence[int], household_id: int, reference: str
) -> CheckResult:
    """The check on a new application: its people against everyone the council knows, and
    the address it came from. Runs as a task after the application is stored."""
    settings = matching_settings_for(council=council)
    model = _model(settings)
    records = people_records(council=council, person_ids=person_ids)
    scored = raised = 0
    for record in records:
        person = Person(pk=record["unique_id"], council=council)
        with transaction.atomic():
            match_keys_record(person=person, record=record)
        candidates = candidate_ids(council=council, keys=record_keys(record), exclude=person_ids)
        if not candidates:
            continue
        from onestop.people.linkage.score import score_against  # Splink loads on first use

        candidate_records = people_records(council=council, person_ids=candidates)
        pairs = score_against(record, candidate_records, model=model)
        scored += len(pairs)
        for pair in pairs:
            if pair.match_probability < settings.duplicate_threshold:
                break  # most likely first
            with transaction.atomic():
                if duplicate_flag_raise(
                    council=council,
                    pair=pair,
                    found_by=MatchFlagSource.APPLICATION_CHECK,
                    application_reference=reference,
                ):
                    raised += 1
    with transaction.atomic():
        _address_signal(
            council=council,
            settings=settings,
            household_ids=[household_id],
            found_by=MatchFlagSource.APPLICATION_CHECK,
            reference=reference,
        )
    return CheckResult(people_checked=len(records), candidates_scored=scored, flags_raised=raised)


@transaction.atomic
def bank_account_given(
    *, person: Person, sort_code: str, account_number: str, reference: str
) -> None:
    """Remember the account a person gave for an award, and flag it if several households
    have now given it. Called by fulfilment when a payee is set."""
    digest = bank_account_key_record(
        person=person, sort_code=sort_code, account_number=account_number
    )
    if digest is None:
        return
    settings = matching_settings_for(council=person.council)
    _bank_account_signal(
        council=person.council,
        settings=settings,
        digest=digest,
        found_by=MatchFlagSource.BANK_DETAILS,
        reference=reference,
    )


# Each night -----------------------------------------------------------------------------


def _count(number: int, thing: str, things: str = "") -> str:
    return f"{number} {thing if number == 1 else things or thing + 's'}"


@dataclasses.dataclass(frozen=True)
class NightlyResult:
    people: int
    pairs_found: int
    flags_raised: int
    model_fitted: bool

    def __str__(self) -> str:
        fitted = ", model fitted to this council's people" if self.model_fitted else ""
        return (
            f"{_count(self.people, 'person', 'people')} checked, "
            f"{_count(self.pairs_found, 'likely pair')}, "
            f"{_count(self.flags_raised, 'new flag')}{fitted}"
        )


def council_nightly_check(*, council: Council) -> NightlyResult:
    from onestop.people.linkage.dedupe import TRAIN_FROM_RECORDS_AT_LEAST, dedupe, records_table

    settings = matching_settings_for(council=council)
    records = people_records(council=council)
    for record in records:  # keys for people recorded before keys were kept, or imported
        match_keys_record(person=Person(pk=record["unique_id"], council=council), record=record)
    raised = 0
    fitted = False
    pairs_found = 0
    if len(records) >= 2:
        fit = len(records) >= TRAIN_FROM_RECORDS_AT_LEAST
        result = dedupe(
            records_table(records),
            threshold=settings.duplicate_threshold,
            model=None if fit else _model(settings),
            train=fit,
        )
        pairs_found = len(result.pairs)
        if fit:
            settings.fitted_model = result.model
            settings.fitted_at = timezone.now()
            settings.fitted_on_people = len(records)
            settings.save(
                update_fields=["fitted_model", "fitted_at", "fitted_on_people", "updated_at"]
            )
            fitted = True
        for pair in result.pairs:
            with transaction.atomic():
                if duplicate_flag_raise(
                    council=council, pair=pair, found_by=MatchFlagSource.NIGHTLY_RUN
                ):
                    raised += 1
    shared_accounts = (
        MatchKey.objects.filter(council=council, kind=MatchKeyKind.BANK_ACCOUNT)
        .values("value")
        .annotate(people=Count("person_id"))
        .filter(people__gte=2)
        .values_list("value", flat=True)
    )
    for digest in shared_accounts:
        with transaction.atomic():
            _bank_account_signal(
                council=council,
                settings=settings,
                digest=digest,
                found_by=MatchFlagSource.NIGHTLY_RUN,
                reference="",
            )
    with transaction.atomic():
        _address_signal(
            council=council,
            settings=settings,
            household_ids=None,
            found_by=MatchFlagSource.NIGHTLY_RUN,
            reference="",
        )
    return NightlyResult(
        people=len(records), pairs_found=pairs_found, flags_raised=raised, model_fitted=fitted
    )


def matching_nightly_run(*, today: datetime.date) -> str:
    """The daily job: every council's check, one after another."""
    results = [
        f"{council.name}: {council_nightly_check(council=council)}"
        for council in Council.objects.order_by("name")
    ]
    return "; ".join(results) or "No councils"
