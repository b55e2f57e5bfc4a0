"""The application form advisers and partners fill in, the console's search box, and the
partner's consent statement, with GOV.UK validation messages.

The form works without JavaScript: "Find address", "Add another person" and "Remove" are submit
buttons that send everything typed so far and get the same form back, with one change.
"""

import datetime
import re
from typing import Any, cast

from django import forms
from django.forms.utils import ErrorDict, ErrorList
from django.http import QueryDict

from onestop.core.forms import (
    DateInputField,
    GovukForm,
    PoundsField,
    clean_phone,
    clean_postcode,
)
from onestop.core.postcodes import is_postcode, normalise_postcode
from onestop.core.references import normalise_reference
from onestop.councils.models import Council
from onestop.intake.models import CIRCUMSTANCES, ITEMS
from onestop.intake.selectors import SearchTerms
from onestop.intake.services import ApplicationDetails, Circumstances
from onestop.people.duplicates.records import NI_NUMBER_FORMAT_MESSAGE, ni_number_clean
from onestop.people.models import ContactPreference, GazetteerAddress, Language, Relationship
from onestop.people.selectors import address_details, addresses_for_postcode
from onestop.people.services import AddressDetails, MemberDetails, PersonDetails
from onestop.policy.models import Scheme
from onestop.policy.vocabulary import CrisisReason

MAX_OTHER_MEMBERS = 15
MEMBERS_PREFIX = "members"
CIRCUMSTANCE_FLAGS = [*CIRCUMSTANCES, *ITEMS]
MEMBER_RELATIONSHIPS = [(r.value, r.label) for r in Relationship if r != Relationship.APPLICANT]
NO_FIXED_ADDRESS = "No fixed address"


def _text(label: str, *, required: bool = True, max_length: int = 100) -> forms.CharField:
    return forms.CharField(
        required=required,
        max_length=max_length,
        error_messages={
            "required": f"Enter {label}",
            "max_length": f"{label[0].upper()}{label[1:]} must be {max_length} characters or fewer",
        },
    )


def quiet(form: forms.BaseForm | forms.BaseFormSet[Any]) -> None:
    """Show what was typed without judging it yet: for the form sent back after "Find address",
    "Add another person" or "Remove", which are not the adviser saying they have finished."""
    if isinstance(form, forms.BaseFormSet):
        for member in form.forms:
            quiet(member)
        # Django keeps no public way to mark a bound form as checked: these are what it fills.
        form._errors = []  # type: ignore[attr-defined]
        form._non_form_errors = ErrorList()  # type: ignore[attr-defined]
        return
    form._errors = ErrorDict()  # type: ignore[attr-defined]
    form.cleaned_data = {}


class ApplicationForm(GovukForm):
    """One application, as an adviser takes it by phone or a partner refers a client."""

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
    national_insurance_number = forms.CharField(
        required=False,
        max_length=13,
        error_messages={"max_length": NI_NUMBER_FORMAT_MESSAGE},
    )
    language = forms.ChoiceField(
        choices=Language.choices,
        initial=Language.ENGLISH,
        error_messages={"required": "Select the language for letters and messages"},
    )
    postcode = forms.CharField(
        required=False,
        max_length=10,
        error_messages={"max_length": "Enter a real postcode, like SW1A 2AA"},
    )
    uprn = forms.ChoiceField(
        required=False,
        error_messages={
            "invalid_choice": "The address chosen is not at this postcode. Find the address again, or enter "
            "it by hand"
        },
    )
    # Required unless an address is chosen from the list or they have no fixed address.
    address_line_1 = _text("the first line of their address", required=False, max_length=200)
    address_line_2 = forms.CharField(
        required=False,
        max_length=200,
        error_messages={"max_length": "Address line 2 must be 200 characters or fewer"},
    )
    town = _text("their town or city", required=False)
    no_fixed_address = forms.BooleanField(required=False)
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

    def __init__(
        self,
        *args: Any,
        schemes: list[Scheme],
        council: Council,
        ask_consent: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.schemes = {s.pk: s for s in schemes}
        self.fields["scheme"].choices = [(s.pk, s.name) for s in schemes]  # type: ignore[attr-defined]
        if not ask_consent:
            # A partner records the client's consent in its own, fuller statement.
            del self.fields["consent"]
        postcode = str(
            (self.data.get("postcode") if self.is_bound else self.initial.get("postcode")) or ""
        )
        self.postcode_given = postcode.strip()
        self.addresses: list[GazetteerAddress] = (
            addresses_for_postcode(council=council, postcode=postcode)
            if is_postcode(postcode)
            else []
        )
        self.fields["uprn"].choices = [("", "Not in the list")] + [  # type: ignore[attr-defined]
            (a.uprn, _without_postcode(a)) for a in self.addresses
        ]

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"].strip()
        return clean_postcode(postcode) if postcode else ""

    def clean_national_insurance_number(self) -> str:
        typed = self.cleaned_data["national_insurance_number"]
        cleaned = ni_number_clean(typed)
        if typed.strip() and not cleaned:
            raise forms.ValidationError(NI_NUMBER_FORMAT_MESSAGE)
        return cleaned

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
        self._clean_address(data)
        return data

    def _clean_address(self, data: dict[str, Any]) -> None:
        # Someone with no fixed address is never stopped for want of one.
        if data.get("no_fixed_address"):
            return
        if not data.get("postcode") and "postcode" not in self.errors:
            self.add_error(
                "postcode", "Enter their postcode, or select that they have no fixed address"
            )
        if data.get("uprn") or "uprn" in self.errors:
            return
        if not data.get("address_line_1") and "address_line_1" not in self.errors:
            self.add_error(
                "address_line_1",
                "Enter the first line of their address, or find it by postcode",
            )
        if not data.get("town") and "town" not in self.errors:
            self.add_error("town", "Enter their town or city")

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
            national_insurance_number=d["national_insurance_number"],
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
        """The address chosen from the gazetteer (with its UPRN and ward, so residency can be
        checked), or as typed, or where to reach someone with no fixed address."""
        d = self.cleaned_data
        if d["no_fixed_address"]:
            return AddressDetails(
                d["address_line_1"] or NO_FIXED_ADDRESS,
                d["address_line_2"],
                d["town"],
                d["postcode"],
                no_fixed_address=True,
            )
        by_uprn = {a.uprn: a for a in self.addresses}
        chosen = by_uprn.get(d["uprn"])
        if chosen is None:
            # An address typed by hand that is in the gazetteer is the same address.
            typed = " ".join(d["address_line_1"].split()).lower()
            chosen = next((a for a in self.addresses if a.address_line_1.lower() == typed), None)
        if chosen is not None:
            return address_details(chosen)
        return AddressDetails(d["address_line_1"], d["address_line_2"], d["town"], d["postcode"])

    def application_details(
        self, *, channel: str, members: list[MemberDetails], consent_given: bool
    ) -> ApplicationDetails:
        d = self.cleaned_data
        return ApplicationDetails(
            scheme=self.schemes[d["scheme"]],
            channel=channel,
            applicant=self.applicant(),
            address=self.address(),
            members=members,
            crisis_reason=d["crisis_reason"],
            crisis_details=d["crisis_details"],
            weekly_income_pence=d["weekly_income"],
            weekly_housing_costs_pence=d["weekly_housing_costs"],
            savings_pence=d["savings"],
            consent_given=consent_given,
            circumstances=self.circumstances_given(),
        )


# The adviser console's name for the form, kept for code written before the partner portal.
PhoneApplicationForm = ApplicationForm


def _without_postcode(address: GazetteerAddress) -> str:
    return ", ".join(p for p in [address.address_line_1, address.address_line_2, address.town] if p)


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
        kwargs.setdefault("prefix", MEMBERS_PREFIX)
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

    @property
    def can_add(self) -> bool:
        return self.total_form_count() < MAX_OTHER_MEMBERS


MemberFormSet = cast(
    type[BaseMemberFormSet],
    forms.formset_factory(
        MemberForm,
        formset=BaseMemberFormSet,
        extra=1,  # one empty row to start; "Add another person" adds more
        max_num=MAX_OTHER_MEMBERS,
        validate_max=True,
    ),
)


# --- "Add another person" and "Remove" without JavaScript ------------------------------------


_ROW_FIELD = re.compile(rf"^{MEMBERS_PREFIX}-(?P<row>\d+)-(?P<name>.+)$")


def member_rows(data: QueryDict) -> int:
    try:
        return max(0, int(data.get(f"{MEMBERS_PREFIX}-TOTAL_FORMS", "0")))
    except ValueError:
        return 0


def members_data_with_row_added(data: QueryDict) -> QueryDict:
    """The form as sent, with one more empty row for another person."""
    changed = data.copy()
    changed[f"{MEMBERS_PREFIX}-TOTAL_FORMS"] = str(min(member_rows(data) + 1, MAX_OTHER_MEMBERS))
    changed[f"{MEMBERS_PREFIX}-INITIAL_FORMS"] = "0"
    return changed


def members_data_with_row_removed(data: QueryDict, index: int) -> QueryDict:
    """The form as sent, without row `index`: the rows after it move up one place."""
    rows = member_rows(data)
    changed = data.copy()
    if not 0 <= index < rows:
        return changed
    for key in list(changed):
        row_field = _ROW_FIELD.match(key)
        if row_field is None or int(row_field["row"]) < index:
            continue
        values = changed.getlist(key)
        del changed[key]
        row = int(row_field["row"])
        if row > index:
            changed.setlist(f"{MEMBERS_PREFIX}-{row - 1}-{row_field['name']}", values)
    changed[f"{MEMBERS_PREFIX}-TOTAL_FORMS"] = str(rows - 1)
    changed[f"{MEMBERS_PREFIX}-INITIAL_FORMS"] = "0"
    return changed


def members_data(members: list[MemberDetails]) -> QueryDict:
    """A household already known, as the rows of the form would send it, plus an empty row
    when nobody else is known."""
    data = QueryDict(mutable=True)
    data[f"{MEMBERS_PREFIX}-TOTAL_FORMS"] = str(max(1, len(members)))
    data[f"{MEMBERS_PREFIX}-INITIAL_FORMS"] = "0"
    for i, member in enumerate(members[:MAX_OTHER_MEMBERS]):
        row = f"{MEMBERS_PREFIX}-{i}-"
        data[row + "first_name"] = member.first_name
        data[row + "last_name"] = member.last_name
        data[row + "date_of_birth_day"] = str(member.date_of_birth.day)
        data[row + "date_of_birth_month"] = str(member.date_of_birth.month)
        data[row + "date_of_birth_year"] = str(member.date_of_birth.year)
        data[row + "relationship"] = member.relationship
    return data


# --- the adviser console's search --------------------------------------------------------------

_DATE = re.compile(r"\b(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4})\b")
_FULL_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE)
_POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$", re.IGNORECASE)
_LOOKS_LIKE_REFERENCE = re.compile(r"^[A-Z]{1,3}[\s-]*[0-9A-Z]{4}[\s-]*[0-9A-Z]{2}$", re.IGNORECASE)
# Letters, with the apostrophes (straight or curly), hyphens and full stops names can have.
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:['\u2019.\-][^\W\d_]+)*\.?$")


SEARCH_HELP = "Enter a name, date of birth, postcode or reference"


class PeopleSearchForm(GovukForm):
    q = forms.CharField(
        max_length=100,
        error_messages={
            "required": SEARCH_HELP,
            "max_length": "Search for 100 characters or fewer",
        },
    )

    def clean_q(self) -> SearchTerms:
        text = " ".join(self.cleaned_data["q"].split())
        # Something shaped like a reference may also be a name ("Sam-Jones" is not, "CR 7K4M 2Q"
        # is): the search tries the reference first, then whatever else it could mean.
        reference = (normalise_reference(text) or "") if _LOOKS_LIKE_REFERENCE.match(text) else ""
        try:
            terms = _people_terms(text)
        except forms.ValidationError:
            if reference:
                return SearchTerms(text=text, reference=reference)
            raise
        return SearchTerms(
            text=text,
            reference=reference,
            names=terms.names,
            date_of_birth=terms.date_of_birth,
            postcode=terms.postcode,
            postcode_district=terms.postcode_district,
        )


def _people_terms(text: str) -> SearchTerms:
    rest = text
    date_of_birth = None
    date_match = _DATE.search(rest)
    if date_match:
        day, month, year = (int(part) for part in date_match.groups())
        try:
            date_of_birth = datetime.date(year, month, day)
        except ValueError:
            raise forms.ValidationError(
                "Date of birth must be a real date, like 27 3 1985 or 27/03/1985"
            ) from None
        rest = rest[: date_match.start()] + " " + rest[date_match.end() :]
    postcode = ""
    postcode_match = _FULL_POSTCODE.search(rest)
    if postcode_match:
        postcode = normalise_postcode(postcode_match.group(0))
        rest = rest[: postcode_match.start()] + " " + rest[postcode_match.end() :]
    names: list[str] = []
    district = ""
    for word in rest.replace(",", " ").split():
        if _NAME_WORD.match(word):
            names.append(word)
        elif _POSTCODE_DISTRICT.match(word) and not postcode and not district:
            district = word.upper()
        else:
            raise forms.ValidationError(
                f'We could not understand "{word}". {SEARCH_HELP}, like Sam Jones, '
                "27/03/1985, SW1A 2AA or CR-7K4M-2Q"
            )
    return SearchTerms(
        text=text,
        names=tuple(names),
        date_of_birth=date_of_birth,
        postcode=postcode,
        postcode_district=district,
    )


# --- the partner's record of the client's consent ----------------------------------------------

CONSENT_STATEMENT = (
    "The client agreed to this referral and to the council using the information in it to "
    "decide their application, to check it against the council's records, and to tell them "
    "the decision."
)


CONSENT_METHODS = [
    ("in_person", "In person"),
    ("by_phone", "By phone"),
    ("in_writing", "In writing or by email"),
    ("video_call", "By video call"),
]


class ReferralConsentForm(GovukForm):
    """The client's consent to being referred, as the partner recorded it."""

    consent_given = forms.BooleanField(
        error_messages={"required": "Confirm the client agreed to the referral, or do not send it"}
    )
    consent_given_by = _text("the name of the person who gave consent", max_length=200)
    consent_method = forms.ChoiceField(
        choices=CONSENT_METHODS,
        error_messages={"required": "Select how they gave consent"},
    )

    def method_label(self) -> str:
        return dict(CONSENT_METHODS)[self.cleaned_data["consent_method"]]
