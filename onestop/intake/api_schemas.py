"""What a partner sends to apply on a client's behalf, and what the API answers with."""

import datetime
import unicodedata
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    ConfigDict,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from onestop.intake.models import ApplicationStatus
from onestop.people.models import ContactPreference, Language
from onestop.policy.vocabulary import CrisisReason

MAX_OTHER_MEMBERS = 8
# A million pounds: far above any award or income, and inside every database's integer column.
MAX_PENCE = 100_000_000


def _plain_text(value: str) -> str:
    """Refuse control characters (a NUL byte cannot be stored) but keep tabs and new lines."""
    for character in value:
        category = unicodedata.category(character)
        if category == "Cs" or (category == "Cc" and character not in "\t\n\r"):
            raise PydanticCustomError("control_characters", "Text has control characters")
    return value


def _text(*, max_length: int, required: bool) -> tuple[StringConstraints, AfterValidator]:
    return (
        StringConstraints(
            strip_whitespace=True, min_length=1 if required else 0, max_length=max_length
        ),
        AfterValidator(_plain_text),
    )


Name = Annotated[str, *_text(max_length=100, required=True)]
Phone = Annotated[str, *_text(max_length=30, required=False)]
Email = Annotated[str, *_text(max_length=254, required=False)]
NiNumber = Annotated[str, *_text(max_length=13, required=False)]
AddressLine = Annotated[str, *_text(max_length=200, required=True)]
MoreAddress = Annotated[str, *_text(max_length=200, required=False)]
Town = Annotated[str, *_text(max_length=100, required=True)]
Postcode = Annotated[str, *_text(max_length=10, required=False)]
SchemeSlug = Annotated[str, *_text(max_length=60, required=True)]
Details = Annotated[str, *_text(max_length=2000, required=False)]
Pence = Annotated[int, Field(ge=0, le=MAX_PENCE)]


class StrictSchema(Schema):
    # A misspelt field is an error rather than silently ignored.
    model_config = ConfigDict(extra="forbid")


class ApplicantIn(StrictSchema):
    first_name: Name
    last_name: Name
    date_of_birth: datetime.date = Field(description="YYYY-MM-DD")
    phone: Phone = Field("", description="A UK phone number; needed when contact_preference is sms")
    email: Email = Field("", description="Needed when contact_preference is email")
    national_insurance_number: NiNumber = Field(
        "", description="Optional, like QQ 12 34 56 C: helps the council find earlier applications"
    )
    contact_preference: ContactPreference = ContactPreference.SMS
    language: Language = Field(
        Language.ENGLISH, description="For letters and messages: en (English) or cy (Welsh)"
    )


class AddressIn(StrictSchema):
    """Where the household lives; with no_fixed_address, where to reach the client instead."""

    address_line_1: AddressLine
    address_line_2: MoreAddress = ""
    town: Town
    # Before postcode, so that postcode's check can see it.
    no_fixed_address: bool = Field(
        False,
        description="True if the client has no fixed address (sleeping rough, sofa-surfing, in "
        "a hostel): the address lines then say where to reach them, and postcode is optional",
    )
    postcode: Postcode = Field(
        "",
        validate_default=True,
        description="Needed unless no_fixed_address is true, e.g. SW1A 2AA",
    )
    uprn: Annotated[str, StringConstraints(pattern=r"^[0-9]{0,12}$")] = Field(
        "",
        description="Unique Property Reference Number, if known: it must be in the council's "
        "address list, once the council has loaded one",
    )

    @field_validator("postcode")
    @classmethod
    def _postcode_unless_no_fixed_address(cls, postcode: str, info: ValidationInfo) -> str:
        if not postcode and not info.data.get("no_fixed_address"):
            raise PydanticCustomError("missing", "Field required")
        return postcode


class MemberIn(StrictSchema):
    first_name: Name
    last_name: Name
    date_of_birth: datetime.date = Field(description="YYYY-MM-DD")
    relationship: Literal["partner", "child", "parent", "other_adult"]


class CircumstancesIn(StrictSchema):
    pregnant: bool = False
    disabled: bool = False
    receives_qualifying_benefit: Annotated[
        bool,
        Field(
            description="Universal Credit, Pension Credit, income-related ESA or JSA, or "
            "Income Support"
        ),
    ] = False
    receives_housing_support: Annotated[
        bool, Field(description="Housing Benefit or the housing part of Universal Credit")
    ] = False
    weekly_rent_shortfall_pence: Pence = 0
    rent_arrears_pence: Pence = 0
    at_risk_of_eviction: bool = False
    needs_bed: bool = False
    needs_cooker: bool = False
    needs_fridge: bool = False
    needs_washing_machine: bool = False


class ApplicationIn(StrictSchema):
    """A referral: the client, their household and their crisis. Money is in whole pence."""

    scheme: SchemeSlug = Field(
        description="The scheme's short name (slug), as the council gave it to you"
    )
    applicant: ApplicantIn
    address: AddressIn
    members: list[MemberIn] = Field(
        default_factory=list,
        max_length=MAX_OTHER_MEMBERS,
        description="Everyone else who lives with the applicant",
    )
    crisis_reason: CrisisReason
    crisis_details: Details = ""
    weekly_income_pence: Pence
    weekly_housing_costs_pence: Pence
    savings_pence: Pence
    circumstances: CircumstancesIn = CircumstancesIn()  # never changed, so safe to share
    consent: bool = Field(
        description="True: the client has agreed to the council using their information, and "
        "you have recorded their consent"
    )


class Links(Schema):
    status: str = Field(description="Where to GET the application's progress")


class ApplicationReceipt(Schema):
    """What the first request with an Idempotency-Key got; a retry with it gets the same."""

    reference: str = Field(examples=["CR-7K4M-2Q"])
    status: Literal["received"]
    scheme: str
    submitted_at: datetime.datetime
    decision_due: datetime.date = Field(description="The council aims to decide by this day")
    links: Links


class ApplicationProgress(Schema):
    """Where an application is; the applicant is told the decision and reasons directly."""

    reference: str
    status: ApplicationStatus
    submitted_at: datetime.datetime
    decision_due: datetime.date
    decided_at: datetime.datetime | None
    outcome: Literal["award", "refuse"] | None = Field(description="Once decided")
    award_pence: int | None = Field(description="The amount awarded, once decided")
