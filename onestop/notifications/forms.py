"""The form for a council's own wording of a message."""

from typing import Any

from django import forms

from onestop.core.forms import GovukForm
from onestop.notifications.templates import MessageTemplate, wording_problems


class MessageWordingForm(GovukForm):
    subject = forms.CharField(
        max_length=200,
        error_messages={
            "required": "Enter the subject. It is the subject line of the email",
            "max_length": "The subject must be 200 characters or fewer",
        },
    )
    body = forms.CharField(
        widget=forms.Textarea,
        error_messages={"required": "Enter the message"},
        strip=True,
    )

    def __init__(self, *args: Any, template: MessageTemplate, language: str, **kwargs: Any) -> None:
        self.template = template
        self.language = language
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "body" in data:
            subject = data.get("subject", "")
            for problem in wording_problems(
                self.template, subject=subject, body=data["body"], language=self.language
            ):
                if problem.field not in self.errors:
                    self.add_error(problem.field, problem.message)
        return data
