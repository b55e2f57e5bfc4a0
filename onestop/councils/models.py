"""Councils, staff accounts, and memberships that give a person a role in a council."""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models

from onestop.core.models import BaseModel
from onestop.core.roles import Role
from onestop.core.working_days import BankHolidayRegion


class Council(BaseModel):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True, help_text="Used in staff page addresses")
    bank_holiday_region = models.CharField(
        max_length=3, choices=BankHolidayRegion.choices, default=BankHolidayRegion.ENGLAND_AND_WALES
    )
    phone_number = models.CharField(max_length=30, blank=True, help_text="Local number")
    freephone_number = models.CharField(max_length=30, blank=True)
    review_window_months = models.PositiveSmallIntegerField(
        default=1, help_text="How long after a decision the applicant may ask for a review"
    )
    ombudsman_name = models.CharField(
        max_length=120,
        default="Local Government and Social Care Ombudsman",
        help_text="Where people can go when the council's own review or complaint process ends",
    )
    ombudsman_url = models.URLField(default="https://www.lgo.org.uk")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: council staff now; partner and supplier staff later."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use Django's admin site")
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email


class Team(BaseModel):
    """A group of staff who share a work queue, such as "Crisis team" or "Items team"."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="team_name_per_council")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(BaseModel):
    """A person's role in one council. Nobody sees a council they have no membership of.

    Partner and supplier staff are members of the council their organisation works with,
    always through that organisation: it is what limits them to their own referrals or orders.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text="For partner staff only: the organisation they work for",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "council"], name="one_role_per_council"),
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=[Role.PARTNER, Role.SUPPLIER], organisation__isnull=False)
                    | (
                        ~models.Q(role__in=[Role.PARTNER, Role.SUPPLIER])
                        & models.Q(organisation__isnull=True)
                    )
                ),
                name="organisation_for_partner_staff_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} at {self.council}"


class OrganisationKind(models.TextChoices):
    FOOD_BANK = "food_bank", "Food bank"
    CITIZENS_ADVICE = "citizens_advice", "Citizens Advice"
    HOUSING_ASSOCIATION = "housing_association", "Housing association"
    # Delivers goods in kind (beds, cookers, fridges) to people the council makes awards to.
    SUPPLIER = "supplier", "Supplier of goods"
    OTHER = "other", "Other"


class Organisation(BaseModel):
    """An organisation working with a council: a partner that refers people (a food bank,
    Citizens Advice and the like) or a supplier that delivers goods in kind."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=30, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "name"], name="organisation_name_per_council"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ApiKey(BaseModel):
    """A partner's key to the API. Only a hash of the secret is kept; the prefix identifies it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="api_keys"
    )
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64, help_text="SHA-256 of the whole key, in hex")
    name = models.CharField(max_length=100, blank=True, help_text="What the key is for")
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation} key {self.prefix}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
