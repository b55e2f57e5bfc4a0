"""A council's record of the people it helps, the households they live in, and the support
they had elsewhere."""

import datetime

from django.conf import settings
from django.db import models

from onestop.core.models import CouncilOwnedModel


class ContactPreference(models.TextChoices):
    SMS = "sms", "Text message"
    EMAIL = "email", "Email"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    WELSH = "cy", "Welsh"


class Person(CouncilOwnedModel):
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    # Optional: asked by partners and phone staff, used to match people across applications.
    national_insurance_number = models.CharField(max_length=9, blank=True)
    contact_preference = models.CharField(
        max_length=10, choices=ContactPreference.choices, default=ContactPreference.SMS
    )
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)

    class Meta:
        indexes = [models.Index(fields=["council", "last_name", "date_of_birth"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: datetime.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Household(CouncilOwnedModel):
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10, db_index=True)
    uprn = models.CharField(max_length=12, blank=True, help_text="Unique Property Reference Number")
    ward = models.CharField(max_length=100, blank=True, help_text="Electoral ward, for reporting")
    # Someone sleeping rough, sofa-surfing or in a hostel: the address lines say where we can
    # reach them (or "No fixed address"), and nobody else is matched into this household.
    no_fixed_address = models.BooleanField(default=False)

    def __str__(self) -> str:
        return ", ".join(self.postal_lines)

    @property
    def postal_lines(self) -> list[str]:
        """The address as a letter carries it, one line each, empty lines left out."""
        return [
            line
            for line in (self.address_line_1, self.address_line_2, self.town, self.postcode)
            if line
        ]


class GazetteerAddress(CouncilOwnedModel):
    """One address in the council's area, from its address gazetteer (`onestop addresses load`).

    The postcode is stored as `normalise_postcode` writes it, so a look-up is one index probe.
    """

    uprn = models.CharField(max_length=12, help_text="Unique Property Reference Number")
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10)
    ward = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "uprn"], name="uprn_once_per_council")
        ]
        indexes = [models.Index(fields=["council", "postcode"])]
        ordering = ["postcode", "address_line_1", "uprn"]

    def __str__(self) -> str:
        return ", ".join(
            p for p in [self.address_line_1, self.address_line_2, self.town, self.postcode] if p
        )


class Relationship(models.TextChoices):
    APPLICANT = "applicant", "Applicant"
    PARTNER = "partner", "Partner"
    CHILD = "child", "Child"
    PARENT = "parent", "Parent"
    OTHER_ADULT = "other_adult", "Other adult"


class HouseholdMember(CouncilOwnedModel):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["household", "person"], name="person_once_per_household"
            )
        ]


# Other support recorded against a household (helper H8) --------------------------------------


class OtherSupportKind(models.TextChoices):
    DISCRETIONARY_HOUSING_PAYMENT = (
        "discretionary_housing_payment",
        "Discretionary Housing Payment",
    )
    CTR_HARDSHIP = "ctr_hardship", "Council Tax Reduction hardship"
    HOUSEHOLD_SUPPORT_FUND = "household_support_fund", "Household Support Fund"
    OTHER = "other", "Other support"


class OtherSupportSource(models.TextChoices):
    RECORDED = "recorded", "Recorded by staff"
    IMPORTED = "imported", "Imported from a file"


class OtherSupport(CouncilOwnedModel):
    """Help the household had outside onestop's own schemes, such as a Discretionary Housing
    Payment or an earlier Household Support Fund award, so the household view shows it all."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="other_support")
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who in the household it was for, when it was for one person",
    )
    kind = models.CharField(max_length=40, choices=OtherSupportKind.choices)
    amount_pence = models.PositiveIntegerField()
    awarded_on = models.DateField()
    period_from = models.DateField(null=True, blank=True)
    period_to = models.DateField(null=True, blank=True)
    description = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=20, choices=OtherSupportSource.choices)
    file_name = models.CharField(
        max_length=200, blank=True, help_text="The file it was imported from"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-awarded_on", "-id"]
        indexes = [models.Index(fields=["council", "household", "awarded_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_from__isnull=True)
                | models.Q(period_to__isnull=True)
                | models.Q(period_to__gte=models.F("period_from")),
                name="other_support_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.awarded_on}"
