"""Matching people across applications: the keys that find candidates fast, the flags staff
confirm or dismiss, and each council's thresholds.

Nothing here merges two people or refuses an application: a flag is a question for a person.
"""

from django.conf import settings
from django.db import models

from onestop.core.models import CouncilOwnedModel
from onestop.people.models.records import Household, Person


class MatchKeyKind(models.TextChoices):
    DATE_OF_BIRTH = "dob", "Date of birth"
    NAME = "name", "Surname and forename"
    POSTCODE = "postcode", "Postcode"
    UPRN = "uprn", "UPRN"
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    NI_NUMBER = "ni", "National Insurance number"
    BANK_ACCOUNT = "bank", "Bank account"


class MatchKey(CouncilOwnedModel):
    """One detail a person has given, cleaned, so the check on a new application finds the
    people worth scoring with one index probe per detail rather than a scan.

    A person keeps every postcode, phone and account they have used, so someone who moved is
    still found. National Insurance numbers and bank accounts are kept only as keyed digests
    (`linkage.records.identifier_digest`): they only ever need to agree exactly.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")
    kind = models.CharField(max_length=10, choices=MatchKeyKind.choices)
    value = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "value"], name="match_key_once_per_person"
            )
        ]
        indexes = [models.Index(fields=["council", "kind", "value"])]


class MatchFlagKind(models.TextChoices):
    POSSIBLE_DUPLICATE = "possible_duplicate", "Possibly the same person"
    SHARED_BANK_ACCOUNT = "shared_bank_account", "One bank account, several households"
    MANY_APPLICATIONS_AT_ADDRESS = (
        "many_applications_at_address",
        "Many applications from one address",
    )


class MatchFlagStatus(models.TextChoices):
    OPEN = "open", "To check"
    CONFIRMED = "confirmed", "Confirmed"
    DISMISSED = "dismissed", "Dismissed"


class MatchFlagSource(models.TextChoices):
    APPLICATION_CHECK = "application_check", "Check on a new application"
    NIGHTLY_RUN = "nightly_run", "Nightly check of everyone"
    BANK_DETAILS = "bank_details", "Bank details given for an award"


class MatchFlag(CouncilOwnedModel):
    """Something for staff to look at: two records that may be one person, one bank account
    paid into by several households, or many applications from one address.

    `subject` names what is flagged, so finding it again updates this flag rather than adding
    another: "people:12:34", "bank:<digest>", "household:56".
    """

    kind = models.CharField(max_length=40, choices=MatchFlagKind.choices)
    status = models.CharField(
        max_length=10, choices=MatchFlagStatus.choices, default=MatchFlagStatus.OPEN
    )
    subject = models.CharField(max_length=120)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    other_person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    match_probability = models.FloatField(null=True, blank=True)
    match_weight = models.FloatField(null=True, blank=True)
    # What was seen: each comparison's level for a pair; the households or applications for
    # a signal. Shown to staff on the flag's page.
    evidence = models.JSONField(default=dict)
    # How many households or applications a signal counted when staff last decided it: a
    # dismissed signal opens again only when the count grows past this.
    count_when_decided = models.PositiveIntegerField(default=0)
    found_by = models.CharField(max_length=20, choices=MatchFlagSource.choices)
    application_reference = models.CharField(
        max_length=20, blank=True, help_text="The application whose check raised the flag"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "subject"], name="one_flag_per_subject")
        ]
        indexes = [
            models.Index(fields=["council", "status", "kind"]),
            models.Index(fields=["council", "person"]),
            models.Index(fields=["council", "other_person"]),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display().lower()})"


class MatchingSettings(CouncilOwnedModel):
    """A council's thresholds for raising flags, and the model its nightly run last fitted."""

    duplicate_threshold = models.FloatField(
        default=0.9, help_text="Flag two records at or above this match probability"
    )
    households_per_bank_account = models.PositiveSmallIntegerField(
        default=2, help_text="Flag a bank account given by at least this many households"
    )
    applications_per_address = models.PositiveSmallIntegerField(
        default=4, help_text="Flag an address with at least this many applications"
    )
    address_window_days = models.PositiveSmallIntegerField(
        default=90, help_text="…within this many days"
    )
    # The shipped model with u and the prior re-estimated on this council's people (Splink's
    # JSON); empty until the nightly run has had enough people to learn from.
    fitted_model = models.JSONField(null=True, blank=True)
    fitted_at = models.DateTimeField(null=True, blank=True)
    fitted_on_people = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council"], name="matching_settings_once_per_council"),
            models.CheckConstraint(
                condition=models.Q(duplicate_threshold__gt=0.5, duplicate_threshold__lt=1),
                name="duplicate_threshold_between_half_and_one",
            ),
            models.CheckConstraint(
                condition=models.Q(households_per_bank_account__gte=2),
                name="bank_account_households_at_least_two",
            ),
            models.CheckConstraint(
                condition=models.Q(applications_per_address__gte=2, address_window_days__gte=1),
                name="address_signal_sensible",
            ),
        ]
