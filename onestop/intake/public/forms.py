"""The forms behind the public question pages, one question each, worded for the applicant.

The fields that the adviser's form also has (dates, amounts, postcodes, phone numbers) use the
same field classes and cleaners from onestop.core.forms, so every channel validates alike.
Each form turns its cleaned answers into JSON for the session (`answers`) and back into the
form's initial values (`initial_from`), so a page shows what was answered before.
"""

import datetime
from typing import Any, ClassVar, cast

from django import forms
from django.core.validators import validate_email
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onestop.core.forms import (
    DateInputField,
    GovukForm,
    PoundsField,
    clean_phone,
    clean_postcode,
)
from onestop.core.money import format_pounds
from onestop.people.models import ContactPreference, Relationship
from onestop.policy.models import Scheme
from onestop.policy.vocabulary import CrisisReason

MAX_OTHER_PEOPLE = 8
NONE = "none"  # the "None of these" answer on a list of checkboxes

YES_NO = [("yes", _("Yes")), ("no", _("No"))]

# What has happened, in the applicant's own voice; the codes are the policy's.
CRISIS_REASONS = [
    (CrisisReason.NO_MONEY_FOR_FOOD.value, _("I have no money for food")),
    (CrisisReason.NO_MONEY_FOR_FUEL.value, _("I have no money for gas or electricity")),
    (CrisisReason.LOSS_OF_INCOME.value, _("I have suddenly lost income")),
    (CrisisReason.FIRE_OR_FLOOD.value, _("There has been a fire or flood")),
    (CrisisReason.DOMESTIC_ABUSE.value, _("I am fleeing domestic abuse")),
    (CrisisReason.LEAVING_CARE_PRISON_HOSPITAL.value, _("I am leaving care, prison or hospital")),
    (CrisisReason.SETTING_UP_HOME.value, _("I am setting up home after being homeless")),
    (CrisisReason.STAY_IN_COMMUNITY.value, _("I need things to keep living at home")),
    (CrisisReason.RENT_SHORTFALL.value, _("I cannot pay my rent")),
    (CrisisReason.THREAT_OF_EVICTION.value, _("I am facing eviction")),
    (CrisisReason.OTHER.value, _("Something else")),
]

CIRCUMSTANCES = [
    ("pregnant", _("Someone is pregnant")),
    ("disabled", _("Someone has a disability or long-term health condition")),
    (
        "receives_qualifying_benefit",
        _(
            "Someone gets Universal Credit, Pension Credit, income-related ESA or JSA, or "
            "Income Support"
        ),
    ),
    ("receives_housing_support", _("Someone gets Housing Benefit or help with rent")),
    ("at_risk_of_eviction", _("Our landlord has started to evict us")),
]

ITEMS = [
    ("needs_bed", _("A bed")),
    ("needs_cooker", _("A cooker")),
    ("needs_fridge", _("A fridge")),
    ("needs_washing_machine", _("A washing machine")),
]

RELATIONSHIPS = [
    (Relationship.PARTNER.value, _("My partner")),
    (Relationship.CHILD.value, _("My child")),
    (Relationship.PARENT.value, _("My parent")),
    (Relationship.OTHER_ADULT.value, _("Another adult")),
]

CONTACT_PREFERENCES = [
    (ContactPreference.SMS.value, _("Text message")),
    (ContactPreference.EMAIL.value, _("Email")),
]


def lazy_str(text: Promise) -> str:
    """A lazy translation where the core fields expect text: translated when the form is used."""
    return cast(str, text)


def _text(
    required_message: Any, too_long_message: Any, *, max_length: int = 100, required: bool = True
) -> forms.CharField:
    return forms.CharField(
        required=required,
        max_length=max_length,
        error_messages={"required": required_message, "max_length": too_long_message},
    )


def _choice(choices: list[tuple[str, Any]], required_message: Any) -> forms.ChoiceField:
    return forms.ChoiceField(choices=choices, error_messages={"required": required_message})


def _pounds_text(pence: int | None) -> str:
    return "" if pence is None else format_pounds(pence).lstrip("£")


class StepForm(GovukForm):
    """A question page's form, whose answers live in the session until the application is sent."""

    def answers(self) -> dict[str, Any]:
        stored: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            stored[name] = value.isoformat() if isinstance(value, datetime.date) else value
        return stored

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for name, field in cls.base_fields.items():
            if name not in answers:
                continue
            value = answers[name]
            if isinstance(field, DateInputField) and value:
                value = datetime.date.fromisoformat(value)
            elif isinstance(field, PoundsField):
                value = _pounds_text(value)
            initial[name] = value
        return initial


class SchemeForm(StepForm):
    scheme = forms.TypedChoiceField(
        coerce=int, error_messages={"required": _("Select what you are applying for")}
    )

    def __init__(self, *args: Any, schemes: list[Scheme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [(s.pk, s.name) for s in schemes]  # type: ignore[attr-defined]


class CrisisReasonForm(StepForm):
    crisis_reason = _choice(CRISIS_REASONS, _("Select what has happened"))


class CrisisDetailsForm(StepForm):
    crisis_details = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": _("Tell us more in 2,000 characters or fewer")},
    )


class NameForm(StepForm):
    first_name = _text(_("Enter your first name"), _("First name must be 100 characters or fewer"))
    last_name = _text(_("Enter your last name"), _("Last name must be 100 characters or fewer"))


class DateOfBirthForm(StepForm):
    date_of_birth = DateInputField(
        label_text=lazy_str(_("Date of birth")),
        required_message=lazy_str(_("Enter your date of birth")),
        must_be_past=True,
    )


class PostcodeForm(StepForm):
    postcode = forms.CharField(
        max_length=10,
        error_messages={
            "required": _("Enter your postcode"),
            "max_length": _("Enter a real postcode, like SW1A 2AA"),
        },
    )

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data["postcode"])


class AddressPickForm(StepForm):
    uprn = forms.ChoiceField(error_messages={"required": _("Select your address")})

    def __init__(self, *args: Any, addresses: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["uprn"].choices = addresses  # type: ignore[attr-defined]


class AddressForm(StepForm):
    address_line_1 = _text(
        _("Enter the first line of your address"),
        _("Address line 1 must be 200 characters or fewer"),
        max_length=200,
    )
    address_line_2 = _text(
        "", _("Address line 2 must be 200 characters or fewer"), max_length=200, required=False
    )
    town = _text(_("Enter your town or city"), _("Town or city must be 100 characters or fewer"))
    postcode = PostcodeForm.base_fields["postcode"]

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data["postcode"])


class NoFixedAddressForm(StepForm):
    contact_address = forms.CharField(
        required=False,
        max_length=200,
        widget=forms.Textarea,
        error_messages={
            "max_length": _("Tell us where we can reach you in 200 characters or fewer")
        },
    )


class LivesWithOthersForm(StepForm):
    lives_with_others = _choice(YES_NO, _("Select yes if anyone else lives with you"))


class PersonForm(StepForm):
    """Someone else in the household."""

    first_name = _text(_("Enter their first name"), _("First name must be 100 characters or fewer"))
    last_name = _text(_("Enter their last name"), _("Last name must be 100 characters or fewer"))
    date_of_birth = DateInputField(
        label_text=lazy_str(_("Date of birth")),
        required_message=lazy_str(_("Enter their date of birth")),
        must_be_past=True,
    )
    relationship = _choice(RELATIONSHIPS, _("Select how they are related to you"))


class AddAnotherForm(StepForm):
    add_another = _choice(YES_NO, _("Select yes if you need to add another person"))


class RemovePersonForm(StepForm):
    remove = _choice(YES_NO, _("Select yes if you want to remove this person"))


class _NoneOfTheseForm(StepForm):
    """A list of checkboxes with "None of these", so that saying none is an answer too."""

    field_name: ClassVar[str]
    required_message: ClassVar[Any]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ticked = data.get(self.field_name)
        if ticked is None:
            return data
        if not ticked:
            self.add_error(self.field_name, self.required_message)
        elif NONE in ticked and len(ticked) > 1:
            self.add_error(
                self.field_name, _("Select the ones that apply, or select none of these")
            )
        else:
            data[self.field_name] = [value for value in ticked if value != NONE]
        return data


class CircumstancesForm(_NoneOfTheseForm):
    field_name = "circumstances"
    required_message = _("Select which of these apply, or select none of these")
    circumstances = forms.MultipleChoiceField(
        required=False, choices=[*CIRCUMSTANCES, (NONE, _("None of these"))]
    )

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        if "circumstances" not in answers:
            return {}
        return {"circumstances": answers["circumstances"] or [NONE]}


class ItemsForm(_NoneOfTheseForm):
    field_name = "items_needed"
    required_message = _("Select the things you need, or select none of these")
    items_needed = forms.MultipleChoiceField(
        required=False, choices=[*ITEMS, (NONE, _("None of these"))]
    )

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        if "items_needed" not in answers:
            return {}
        return {"items_needed": answers["items_needed"] or [NONE]}


class IncomeForm(StepForm):
    weekly_income = PoundsField(label_text=lazy_str(_("Weekly household income")))


class HousingCostsForm(StepForm):
    weekly_housing_costs = PoundsField(label_text=lazy_str(_("Weekly rent or mortgage")))


class RentingForm(StepForm):
    rents = _choice(YES_NO, _("Select yes if you rent your home"))


class RentForm(StepForm):
    weekly_rent_shortfall = PoundsField(
        label_text=lazy_str(_("Rent not covered each week")), required=False
    )
    rent_arrears = PoundsField(label_text=lazy_str(_("Rent you owe")), required=False)


class SavingsForm(StepForm):
    savings = PoundsField(label_text=lazy_str(_("Savings")))


class ContactForm(StepForm):
    contact_preference = _choice(CONTACT_PREFERENCES, _("Select how we should contact you"))


class MobileForm(StepForm):
    phone = forms.CharField(
        max_length=30,
        error_messages={
            "required": _("Enter a mobile phone number"),
            "max_length": _("Enter a UK phone number, like 07700 900 982"),
        },
    )

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])


class EmailForm(StepForm):
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": _("Enter an email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Email address must be 254 characters or fewer"),
        },
    )


class ConsentForm(StepForm):
    consent = forms.BooleanField(
        error_messages={
            "required": _("Select that you agree to us using your information to apply")
        }
    )


class SaveForm(GovukForm):
    """Where to send the code to come back later: an email address or a mobile number."""

    contact = forms.CharField(
        max_length=254,
        error_messages={
            "required": _("Enter an email address or a mobile phone number"),
            "max_length": _("Email address must be 254 characters or fewer"),
        },
    )

    def clean_contact(self) -> str:
        return contact_normalised(self.cleaned_data["contact"])


class ReturnForm(GovukForm):
    code = forms.CharField(
        max_length=20,
        error_messages={
            "required": _("Enter the code we sent you"),
            "max_length": _("Enter the code we sent you, like ABCD-EFGH"),
        },
    )
    contact = SaveForm.base_fields["contact"]

    def clean_contact(self) -> str:
        return contact_normalised(self.cleaned_data["contact"])


def contact_normalised(text: str) -> str:
    """An email address in lower case, or a UK phone number as digits only, else refused."""
    text = text.strip()
    if "@" in text:
        try:
            validate_email(text)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Enter an email address in the correct format, like name@example.com")
            ) from None
        return text.lower()
    try:
        clean_phone(text)
    except forms.ValidationError:
        raise forms.ValidationError(
            _("Enter an email address, or a mobile phone number like 07700 900 982")
        ) from None
    digits = "".join(ch for ch in text if ch.isdigit())
    return "0" + digits[2:] if digits.startswith("44") else digits
