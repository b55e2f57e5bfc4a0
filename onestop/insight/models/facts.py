"""Daily facts: what happened on each day, counted by every dimension a manager filters by.

Dashboards and returns read these, never the cases: a page for a year of a large council sums a
few thousand fact rows instead of scanning hundreds of thousands of applications. The facts are
rebuilt day by day from the cases (`insight.facts.facts_build`), so they never drift from them.
"""

from django.db import models

from onestop.core.models import CouncilOwnedModel


class FactMeasure(models.TextChoices):
    APPLIED = "applied", "Applications"
    DECIDED = "decided", "Decisions"
    AWARDED = "awarded", "Awards"
    REFUSED = "refused", "Refusals"
    DECIDED_IN_TIME = "decided_in_time", "Decided in time"
    REPEAT = "repeat", "Repeat applications"
    REVIEW_ASKED = "review_asked", "Reviews asked for"
    REVIEW_CHANGED = "review_changed", "Decisions changed on review"
    COMPLAINT = "complaint", "Complaints"
    REFERRAL = "referral", "Referrals made"


class HouseholdType(models.TextChoices):
    """The management return's household types, one per household, in this order of precedence."""

    CHILDREN = "children", "Household with children"
    PENSIONERS = "pensioners", "Household with pensioners"
    DISABLED = "disabled", "Household with a disabled person"
    OTHER = "other", "Other household"


class DailyFact(CouncilOwnedModel):
    """How many of one measure happened on one day for one combination of dimensions.

    The dimensions are the application's, whatever the event: a review asked for on Tuesday of
    an application made online counts on Tuesday under "online". `pence` is the value awarded
    (awards only); `hours` is the total time from applying to decision (decisions only), so a
    mean is `hours / count`.
    """

    day = models.DateField()
    measure = models.CharField(max_length=20, choices=FactMeasure.choices)
    scheme = models.ForeignKey("policy.Scheme", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=20)
    priority = models.CharField(max_length=10)
    crisis_reason = models.CharField(max_length=30)
    household_type = models.CharField(max_length=12, choices=HouseholdType.choices)
    ward = models.CharField(max_length=100, blank=True)
    count = models.PositiveIntegerField()
    pence = models.BigIntegerField(default=0)
    hours = models.FloatField(default=0)

    class Meta:
        indexes = [models.Index(fields=["council", "day", "measure"])]


class FactBuild(CouncilOwnedModel):
    """When a council's facts were last brought up to date: the next build looks only at what
    changed since `changes_until`."""

    changes_until = models.DateTimeField()
    days_rebuilt = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council"], name="one_fact_build_per_council")
        ]
