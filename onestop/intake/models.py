"""Applications, the household each one declares, and the assessment of it."""

from typing import Any

from django.conf import settings
from django.db import models

from onestop.core.models import CouncilOwnedModel
from onestop.policy.vocabulary import CrisisReason, Outcome, Priority


class Channel(models.TextChoices):
    PHONE = "phone", "Phone"
    WEB = "web", "Online"
    KIOSK = "kiosk", "Kiosk"
    PARTNER = "partner", "Partner referral"
    PROACTIVE = "proactive", "Proactive invitation"


class ApplicationStatus(models.TextChoices):
    AWAITING_DECISION = "awaiting_decision", "Awaiting decision"
    WAITING_FOR_INFORMATION = "waiting_for_information", "Waiting for information"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    AWARDED = "awarded", "Awarded"
    REFUSED = "refused", "Refused"


# The yes-or-no circumstances an application records, as advisers and case pages word them.
CIRCUMSTANCES = {
    "pregnant": "Someone is pregnant",
    "disabled": "Someone has a disability or long-term health condition",
    "receives_qualifying_benefit": (
        "Someone gets Universal Credit, Pension Credit, income-related ESA or JSA, or Income Support"
    ),
    "receives_housing_support": (
        "Someone gets Housing Benefit or the housing part of Universal Credit"
    ),
    "at_risk_of_eviction": "Their landlord has started to evict them",
}
ITEMS = {
    "needs_bed": "A bed",
    "needs_cooker": "A cooker",
    "needs_fridge": "A fridge",
    "needs_washing_machine": "A washing machine",
}


class Application(CouncilOwnedModel):
    reference = models.CharField(max_length=20, unique=True)
    scheme = models.ForeignKey("policy.Scheme", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    applicant = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey("people.Household", on_delete=models.PROTECT, related_name="+")
    crisis_reason = models.CharField(max_length=30, choices=CrisisReason.choices)
    crisis_details = models.TextField(blank=True)
    weekly_income_pence = models.PositiveIntegerField()
    weekly_housing_costs_pence = models.PositiveIntegerField()
    savings_pence = models.PositiveIntegerField()
    # What the household tells us about its circumstances: the policy's inputs.
    pregnant = models.BooleanField(default=False)
    disabled = models.BooleanField(default=False)
    receives_qualifying_benefit = models.BooleanField(default=False)
    receives_housing_support = models.BooleanField(default=False)
    weekly_rent_shortfall_pence = models.PositiveIntegerField(default=0)
    rent_arrears_pence = models.PositiveIntegerField(default=0)
    at_risk_of_eviction = models.BooleanField(default=False)
    needs_bed = models.BooleanField(default=False)
    needs_cooker = models.BooleanField(default=False)
    needs_fridge = models.BooleanField(default=False)
    needs_washing_machine = models.BooleanField(default=False)
    consent_given_at = models.DateTimeField()
    submitted_at = models.DateTimeField(db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=30,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.AWAITING_DECISION,
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    decision_due = models.DateField(help_text="End of the working day the decision is due")
    decided_at = models.DateTimeField(null=True, blank=True)
    team = models.ForeignKey(
        "councils.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    # A form token or an API Idempotency-Key: the same one twice is the same application.
    submission_key = models.CharField(max_length=100)
    # The partner whose API key sent it, and a digest of the request body the key first came with.
    organisation = models.ForeignKey(
        "councils.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    request_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "submission_key"], name="one_application_per_submission"
            )
        ]
        indexes = [
            models.Index(fields=["council", "status", "decision_due"]),
            models.Index(fields=["council", "assigned_to", "status"]),
        ]

    def __str__(self) -> str:
        return self.reference

    def circumstances_that_apply(self) -> list[str]:
        return [label for name, label in CIRCUMSTANCES.items() if getattr(self, name)]

    def items_needed(self) -> list[str]:
        return [label for name, label in ITEMS.items() if getattr(self, name)]

    @property
    def weekly_income_after_housing_pence(self) -> int:
        return max(0, self.weekly_income_pence - self.weekly_housing_costs_pence)


class ApplicationMember(CouncilOwnedModel):
    """The household as declared on this application, kept even if the household changes later."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    relationship = models.CharField(max_length=20)

    class Meta:
        ordering = ["id"]


class Assessment(CouncilOwnedModel):
    """The rules' verdict on an application, kept with the version of the rules that gave it."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assessments"
    )
    outcome = models.CharField(
        max_length=30, choices=[(o.value, o.value.replace("_", " ")) for o in Outcome]
    )
    criteria: models.JSONField[Any] = models.JSONField(help_text="[{name, passed, reason}]")
    notes: models.JSONField[Any] = models.JSONField(
        default=list, help_text="Why the policy sends it to a decision maker, if it does"
    )
    award_parts: models.JSONField[Any] = models.JSONField(
        default=list, help_text="[[name, pence]] for each part of the proposed award"
    )
    facts: models.JSONField[Any] = models.JSONField(help_text="The facts the rules were given")
    proposed_award_pence = models.PositiveIntegerField()
    priority = models.CharField(max_length=10, choices=Priority.choices)
    policy_version = models.CharField(max_length=100)
    assessed_on = models.DateField()

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def outcome_label(self) -> str:
        return {
            Outcome.ELIGIBLE: "Eligible",
            Outcome.NOT_ELIGIBLE: "Not eligible",
            Outcome.NEEDS_DECISION_MAKER: "Needs a decision maker",
        }[Outcome(self.outcome)]


class ApplicationDraft(CouncilOwnedModel):
    """Answers an applicant saved to come back to later, found again by a code sent to them.

    The code is kept only as a keyed hash, so the table alone cannot resume anyone's
    application; the applicant must also give the email address or phone number it went to.
    """

    code_hash = models.CharField(max_length=64, unique=True)
    contact = models.CharField(max_length=254, help_text="Where the code was sent, normalised")
    answers: models.JSONField[Any] = models.JSONField(default=dict)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    expires_on = models.DateField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Saved application (until {self.expires_on})"
