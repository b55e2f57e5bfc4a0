"""The council admin's form for issuing a partner an API key."""

from typing import Any

from django import forms

from onestop.core.forms import GovukForm
from onestop.councils.models import Organisation, OrganisationKind

NEW = "new"


class ApiKeyIssueForm(GovukForm):
    organisation = forms.ChoiceField(
        error_messages={"required": "Select the organisation the key is for"}
    )
    new_name = forms.CharField(
        required=False,
        max_length=200,
        error_messages={"max_length": "Organisation name must be 200 characters or fewer"},
    )
    kind = forms.ChoiceField(
        required=False,
        choices=OrganisationKind.choices,
        initial=OrganisationKind.OTHER,
        error_messages={"invalid_choice": "Select what kind of organisation it is"},
    )
    name = forms.CharField(
        required=False,
        max_length=100,
        error_messages={"max_length": "What the key is for must be 100 characters or fewer"},
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            *((str(o.pk), o.name) for o in organisations),
            (NEW, "A new organisation"),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("organisation") == NEW:
            if not (data.get("new_name") or "").strip() and "new_name" not in self.errors:
                self.add_error("new_name", "Enter the new organisation's name")
            if not data.get("kind") and "kind" not in self.errors:
                self.add_error("kind", "Select what kind of organisation it is")
        return data

    def existing_organisation(self) -> Organisation | None:
        return self.organisations.get(self.cleaned_data["organisation"])
