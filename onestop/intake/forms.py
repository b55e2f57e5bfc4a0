"""The adviser's form for an application taken by phone, with GOV.UK validation messages."""

from typing import Any, cast

from django import forms

from onestop.core.forms import (
    DateInputField,
    GovukForm,
    PoundsField,
    clean_phone,
    clean_postcode,
)
from onestop.intake.models import CIRCUMSTANCES, ITEMS
from onestop.intake.services import Circumstances
from onestop.people.models import ContactPreference, Language, Relationship
from onestop.people.services import AddressDetails, MemberDetails, PersonDetails
from onestop.policy.models import Scheme
from onestop.policy.vocabulary import CrisisReason

MAX_OTHER_MEMBERS = 8
CIRCUMSTANCE_FLAGS = [*CIRCUMSTANCES, *ITEMS]
MEMBER_RELATIONSHIPS = [(r.value, r.label) for r in Relationship if r != Relationship.APPLICANT]


def _text(label: str, *, required: bool = True, max_length: int = 100) -> forms.CharField:
    return forms.CharField(
        required=required,
        max_length=max_length,
        error_messages={
            "required": f"Enter {label}",
            "max_length": f"{label[0].upper()}{label[1:]} must be {max_length} characters or fewer",
        },
    )


class PhoneApplicationForm(GovukForm):
    scheme = forms.TypedChoiceField(
        coerce=int, error_messages={"required": "Select the scheme they are applying to"}
    )
    first_name = _text("their first name")
    last_name = _text("their last name")
    date_of_birth = DateInputField(
        label_text="Date of birth", required_message="Enter their date of birth", must_be_past=True
    )
    contact_preference = forms.ChoiceField(
        choices=ContactPreference.choices,
        error_messages={"required": "Select how they want us to contact them"},
    )
    phone = forms.CharField(
        required=False,
        max_length=30,
        error_messages={"max_length": "Enter a UK phone number, like 07700 900 982"},
    )
    email = forms.EmailField(
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    language = forms.ChoiceField(
        choices=Language.choices,
        initial=Language.ENGLISH,
        error_messages={"required": "Select the language for letters and messages"},
    )
    address_line_1 = _text("the first line of their address", max_length=200)
    address_line_2 = forms.CharField(
        required=False,
        max_length=200,
        error_messages={"max_length": "Address line 2 must be 200 characters or fewer"},
    )
    town = _text("their town or city")
    postcode = forms.CharField(
        max_length=10,
        error_messages={
            "required": "Enter their postcode",
            "max_length": "Enter a real postcode, like SW1A 2AA",
        },
    )
    lives_with_others = forms.ChoiceField(
        choices=[("no", "No, they live alone"), ("yes", "Yes")],
        error_messages={"required": "Select whether anyone else lives with them"},
    )
    crisis_reason = forms.ChoiceField(
        choices=CrisisReason.choices, error_messages={"required": "Select what has happened"}
    )
    crisis_details = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": "Tell us more in 2,000 characters or fewer"},
    )
    circumstances = forms.MultipleChoiceField(required=False, choices=list(CIRCUMSTANCES.items()))
    items_needed = forms.MultipleChoiceField(required=False, choices=list(ITEMS.items()))
    weekly_rent_shortfall = PoundsField(label_text="Rent not covered each week", required=False)
    rent_arrears = PoundsField(label_text="Rent owed", required=False)
    weekly_income = PoundsField(label_text="Weekly household income")
    weekly_housing_costs = PoundsField(label_text="Weekly rent or mortgage")
    savings = PoundsField(label_text="Savings")
    consent = forms.BooleanField(
        error_messages={
            "required": "Confirm the applicant agrees to us using their information, or stop the "
            "application"
        }
    )
    form_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, schemes: list[Scheme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schemes = {s.pk: s for s in schemes}
        self.fields["scheme"].choices = [(s.pk, s.name) for s in schemes]  # type: ignore[attr-defined]

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data["postcode"])

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        preference = data.get("contact_preference")
        if (
            preference == ContactPreference.SMS
            and not data.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error("phone", "Enter a mobile number for text messages, or choose email")
        if (
            preference == ContactPreference.EMAIL
            and not data.get("email")
            and "email" not in self.errors
        ):
            self.add_error("email", "Enter an email address, or choose text message")
        return data

    def applicant(self) -> PersonDetails:
        d = self.cleaned_data
        return PersonDetails(
            first_name=d["first_name"],
            last_name=d["last_name"],
            date_of_birth=d["date_of_birth"],
            phone=d["phone"],
            email=d["email"],
            contact_preference=d["contact_preference"],
            language=d["language"],
        )

    def circumstances_given(self) -> Circumstances:
        d = self.cleaned_data
        ticked = set(d["circumstances"]) | set(d["items_needed"])
        return Circumstances(
            **{name: name in ticked for name in CIRCUMSTANCE_FLAGS},
            weekly_rent_shortfall_pence=d["weekly_rent_shortfall"] or 0,
            rent_arrears_pence=d["rent_arrears"] or 0,
        )

    def address(self) -> AddressDetails:
        d = self.cleaned_data
        return AddressDetails(d["address_line_1"], d["address_line_2"], d["town"], d["postcode"])


class MemberForm(GovukForm):
    """One other person in the household. A row left blank is ignored."""

    first_name = _text("their first name")
    last_name = _text("their last name")
    date_of_birth = DateInputField(
        label_text="Date of birth", required_message="Enter their date of birth", must_be_past=True
    )
    relationship = forms.ChoiceField(
        choices=MEMBER_RELATIONSHIPS,
        error_messages={"required": "Select how they are related to the applicant"},
    )

    def details(self) -> MemberDetails:
        d = self.cleaned_data
        return MemberDetails(d["first_name"], d["last_name"], d["date_of_birth"], d["relationship"])


class BaseMemberFormSet(forms.BaseFormSet[MemberForm]):
    def __init__(self, *args: Any, lives_with_others: bool, **kwargs: Any) -> None:
        kwargs.setdefault("form_kwargs", {})
        super().__init__(*args, **kwargs)
        self.lives_with_others = lives_with_others

    def clean(self) -> None:
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.has_changed()]
        if self.lives_with_others and not filled:
            raise forms.ValidationError(
                "Enter the details of at least one other person who lives with them, or select "
                "that they live alone"
            )

    def members(self) -> list[MemberDetails]:
        if not self.lives_with_others:
            return []
        return [f.details() for f in self.forms if f.has_changed()]


MemberFormSet = cast(
    type[BaseMemberFormSet],
    forms.formset_factory(
        MemberForm,
        formset=BaseMemberFormSet,
        extra=MAX_OTHER_MEMBERS,
        max_num=MAX_OTHER_MEMBERS,
        validate_max=True,
    ),
)
