"""The application form's round trips, shared by the adviser console and the partner portal.

Without JavaScript, "Find address", "Add another person" and "Remove" are submit buttons: the
page comes back with everything typed kept, one change made, and the cursor where the adviser
will type next. Only "Submit" judges the answers.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.forms import BaseForm, BaseFormSet
from django.http import HttpRequest, QueryDict

from onestop.core.forms import GovukForm, error_summary
from onestop.core.postcodes import is_postcode
from onestop.councils.models import Council
from onestop.intake.forms import (
    ApplicationForm,
    BaseMemberFormSet,
    MemberFormSet,
    member_rows,
    members_data,
    members_data_with_row_added,
    members_data_with_row_removed,
    quiet,
)
from onestop.intake.selectors import KnownHousehold, SearchTerms
from onestop.people.services import MemberDetails
from onestop.policy.selectors import schemes_open

# The name of the round-trip buttons. Not "action": a control of that name would hide the
# form's own `action` property from scripts (`form.action` would be the button).
CHANGE_FIELD = "form_change"
SUBMIT = "submit"
FIND_ADDRESS = "find-address"
ADD_MEMBER = "add-member"
REMOVE_MEMBER = "remove-member-"

OtherForms = Callable[[QueryDict | None], list[GovukForm]]


@dataclass
class ApplicationFormPage:
    form: ApplicationForm
    members: BaseMemberFormSet
    # The page's own questions after the shared ones, such as a partner's consent statement.
    others: list[GovukForm] = field(default_factory=list)
    action: str = SUBMIT
    # The id of the control the cursor goes to when the page arrives, or "" to start at the top.
    focus: str = ""

    @property
    def submitted(self) -> bool:
        return self.action == SUBMIT

    @property
    def looked_up_address(self) -> bool:
        return self.action == FIND_ADDRESS

    def is_valid(self) -> bool:
        if not self.submitted:
            return False
        checks = [
            self.form.is_valid(),
            self.members.is_valid() or not self.members.lives_with_others,
            *(other.is_valid() for other in self.others),
        ]
        return all(checks)

    def members_given(self) -> list[MemberDetails]:
        return self.members.members()

    def errors(self) -> list[dict[str, str]]:
        if not self.submitted:
            return error_summary(self.form)
        if self.members.lives_with_others and self.members.non_form_errors():
            # "Nobody entered" belongs to the question that said somebody lives with them.
            self.form.add_error("lives_with_others", self.members.non_form_errors()[0])
        member_forms = self.members.forms if self.members.lives_with_others else []
        return error_summary(self.form, *member_forms, *self.others)

    def context(self) -> dict[str, Any]:
        return {"form": self.form, "members": self.members, "page": self, "focus": self.focus}


def _schemes(council: Council) -> list[Any]:
    return list(schemes_open(council=council))


def blank_page(
    *,
    council: Council,
    ask_consent: bool = True,
    others: OtherForms = lambda data: [],
    known: KnownHousehold | None = None,
    searched: SearchTerms | None = None,
    focus: str = "",
) -> ApplicationFormPage:
    """A new form: empty, or started with what the council already knows about the person, or
    with what the adviser searched for before finding nobody."""
    initial: dict[str, Any] = {"form_token": uuid.uuid4().hex, "language": "en"}
    household: list[MemberDetails] = []
    if known is not None:
        person = known.person
        initial.update(
            first_name=person.first_name,
            last_name=person.last_name,
            date_of_birth=person.date_of_birth,
            phone=person.phone,
            email=person.email,
            contact_preference=person.contact_preference,
            language=person.language,
        )
        if known.household is not None:
            home = known.household
            initial.update(
                address_line_1=home.address_line_1,
                address_line_2=home.address_line_2,
                town=home.town,
                postcode=home.postcode,
                uprn=home.uprn,
                no_fixed_address=home.no_fixed_address,
            )
        household = known.members
        if household:
            initial["lives_with_others"] = "yes"
    elif searched is not None:
        # One name is most often the surname; with more, the last one is.
        *first_names, last_name = searched.names or ("",)
        initial.update(first_name=" ".join(first_names), last_name=last_name)
        if searched.date_of_birth:
            initial["date_of_birth"] = searched.date_of_birth
        if searched.postcode:
            initial["postcode"] = searched.postcode
    form = ApplicationForm(
        initial=initial, schemes=_schemes(council), council=council, ask_consent=ask_consent
    )
    # The household rows are always sent as data (see members_data), so they show as typed.
    members = MemberFormSet(members_data(household), lives_with_others=bool(household))
    quiet(members)
    return ApplicationFormPage(form=form, members=members, others=others(None), focus=focus)


def posted_page(
    request: HttpRequest,
    *,
    council: Council,
    ask_consent: bool = True,
    others: OtherForms = lambda data: [],
) -> ApplicationFormPage:
    data: QueryDict = request.POST
    action = data.get(CHANGE_FIELD, SUBMIT)
    focus = ""
    if action == ADD_MEMBER:
        focus = f"members-{member_rows(data)}-first_name"
        data = members_data_with_row_added(data)
    elif action.startswith(REMOVE_MEMBER):
        index = action.removeprefix(REMOVE_MEMBER)
        if index.isdigit():
            data = members_data_with_row_removed(data, int(index))
        focus = ADD_MEMBER
    elif action != FIND_ADDRESS:
        action = SUBMIT
    form = ApplicationForm(
        data, schemes=_schemes(council), council=council, ask_consent=ask_consent
    )
    members = MemberFormSet(data, lives_with_others=data.get("lives_with_others") == "yes")
    page = ApplicationFormPage(form=form, members=members, others=others(data), action=action)
    if action != SUBMIT:
        parts: list[BaseForm | BaseFormSet[Any]] = [form, members, *page.others]
        for part in parts:
            quiet(part)
    if action == FIND_ADDRESS:
        focus = _look_up_address(form)
    page.focus = focus
    return page


def _look_up_address(form: ApplicationForm) -> str:
    """Check the postcode the adviser asked to look up; where the cursor goes next."""
    if not form.postcode_given:
        form.add_error("postcode", "Enter a postcode to find the address")
        return ""
    if not form.addresses and not is_postcode(form.postcode_given):
        form.add_error("postcode", "Enter a real postcode, like SW1A 2AA")
        return ""
    return "uprn" if form.addresses else "address_line_1"
