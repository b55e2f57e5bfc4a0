"""Forms for the flag pages: filtering the list, answering a flag, and setting the thresholds."""

from dataclasses import dataclass
from typing import Any

from django import forms

from onestop.core.forms import GovukForm
from onestop.people.duplicates.services import ThresholdChanges
from onestop.people.models import MatchFlagKind, MatchFlagStatus, MatchingSettings

CONFIRM = "confirm"
DISMISS = "dismiss"
REASON_MAX_LENGTH = 2000


class FlagFilterForm(GovukForm):
    """The list's filters; a value that is not one of the choices shows every flag."""

    status = forms.ChoiceField(choices=[("", "All"), *MatchFlagStatus.choices], required=False)
    kind = forms.ChoiceField(choices=[("", "All kinds"), *MatchFlagKind.choices], required=False)

    def chosen(self) -> tuple[str, str]:
        if not self.is_bound or not self.is_valid():
            return "", ""
        return self.cleaned_data["status"], self.cleaned_data["kind"]


@dataclass(frozen=True)
class Question:
    """How a flag's question is asked, in words that fit what was flagged."""

    legend: str
    confirm: str
    dismiss: str
    unanswered: str
    reason_hint: str


_SIGNAL = Question(
    legend="Does this need looking into?",
    confirm="This needs looking into",
    dismiss="This is explained",
    unanswered="Select whether this needs looking into or is explained",
    reason_hint=(
        "Say what you found, for example that the households are related and share an "
        "account, or that the applications are from different flats at the address."
    ),
)
QUESTIONS: dict[str, Question] = {
    MatchFlagKind.POSSIBLE_DUPLICATE: Question(
        legend="Are they the same person?",
        confirm="Yes, they are the same person",
        dismiss="No, they are different people",
        unanswered="Select yes if they are the same person",
        reason_hint=(
            "Say what you checked, for example that their dates of birth and addresses are "
            "the same, or that they are twins who live together."
        ),
    ),
    MatchFlagKind.SHARED_BANK_ACCOUNT: _SIGNAL,
    MatchFlagKind.MANY_APPLICATIONS_AT_ADDRESS: _SIGNAL,
}


def question_for(kind: str) -> Question:
    return QUESTIONS.get(kind, _SIGNAL)


class FlagDecisionForm(GovukForm):
    answer = forms.ChoiceField(widget=forms.RadioSelect)
    reason = forms.CharField(
        widget=forms.Textarea,
        max_length=REASON_MAX_LENGTH,
        error_messages={
            "required": "Enter your reason",
            "max_length": f"Your reason must be {REASON_MAX_LENGTH:,} characters or fewer",
        },
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question_for(kind)
        answer = self.fields["answer"]
        assert isinstance(answer, forms.ChoiceField)
        answer.choices = [(CONFIRM, self.question.confirm), (DISMISS, self.question.dismiss)]
        answer.error_messages = {
            "required": self.question.unanswered,
            "invalid_choice": self.question.unanswered,
        }

    @property
    def confirmed(self) -> bool:
        return bool(self.cleaned_data["answer"] == CONFIRM)


class WholeNumberField(forms.IntegerField):
    """A whole number as people type it: "90", " 90 ", "90%" or "1,000"."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = value.strip().rstrip("%").replace(",", "").strip()
        return super().to_python(value)


def _whole_number(
    *, what: str, low: int, high: int, example: int, unit: str = ""
) -> WholeNumberField:
    def amount(n: int) -> str:
        return f"{n}{unit}"

    def bound(n: int) -> str:
        # Django fills in the limit's parameters with %, so a literal % is written %%.
        return amount(n).replace("%", "%%")

    sentence = f"{what[0].upper()}{what[1:]}"

    return WholeNumberField(
        min_value=low,
        max_value=high,
        widget=forms.TextInput,
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a whole number, like {amount(example)}",
            "min_value": f"{sentence} must be {bound(low)} or more",
            "max_value": f"{sentence} must be {bound(high)} or less",
        },
    )


class ThresholdsForm(GovukForm):
    """The four thresholds. The match probability is a whole percentage here, the share of 1
    the model works in: people think in "90%", not "0.9"."""

    match_percentage = _whole_number(
        what="the match probability", low=51, high=99, example=90, unit="%"
    )
    households_per_bank_account = _whole_number(
        what="the number of households per bank account", low=2, high=100, example=2
    )
    applications_per_address = _whole_number(
        what="the number of applications from one address", low=2, high=100, example=4
    )
    address_window_days = _whole_number(what="the number of days", low=1, high=365, example=90)

    @staticmethod
    def initial_from(settings: MatchingSettings) -> dict[str, int]:
        return {
            "match_percentage": round(settings.duplicate_threshold * 100),
            "households_per_bank_account": settings.households_per_bank_account,
            "applications_per_address": settings.applications_per_address,
            "address_window_days": settings.address_window_days,
        }

    def changes(self) -> ThresholdChanges:
        data = self.cleaned_data
        return ThresholdChanges(
            duplicate_threshold=data["match_percentage"] / 100,
            households_per_bank_account=data["households_per_bank_account"],
            applications_per_address=data["applications_per_address"],
            address_window_days=data["address_window_days"],
        )
