"""Forms for staff curating the council's directory of support services."""

from typing import Any

from django import forms

from onestop.core.forms import GovukForm
from onestop.directory.models import DirectoryOrganization, ServiceStatus, TaxonomyTerm
from onestop.directory.services import ServiceDetails

NEW_ORGANISATION = "new"


class ServiceSearchForm(GovukForm):
    q = forms.CharField(required=False, max_length=200)
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *ServiceStatus.choices])


class ServiceForm(GovukForm):
    name = forms.CharField(
        max_length=300,
        error_messages={
            "required": "Enter the service's name",
            "max_length": "The name must be 300 characters or fewer",
        },
    )
    description = forms.CharField(
        required=False,
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"max_length": "The description must be 5,000 characters or fewer"},
    )
    status = forms.ChoiceField(
        choices=ServiceStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the service is active or inactive",
            "invalid_choice": "Select whether the service is active or inactive",
        },
    )
    email = forms.EmailField(
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address, like help@example.org"},
    )
    url = forms.URLField(
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter the web address, like https://www.example.org/help"},
    )
    organization = forms.ChoiceField(
        error_messages={
            "required": "Select the organisation that runs the service",
            "invalid_choice": "Select one of the organisations in the list",
        },
    )
    new_organization_name = forms.CharField(
        required=False,
        max_length=300,
        error_messages={"max_length": "The organisation's name must be 300 characters or fewer"},
    )
    terms = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select needs from the list"},
    )

    def __init__(
        self,
        *args: Any,
        organizations: list[DirectoryOrganization],
        terms: list[TaxonomyTerm],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._organizations = {str(org.pk): org for org in organizations}
        self._terms = {str(term.pk): term for term in terms}
        self.fields["organization"].choices = [  # type: ignore[attr-defined]
            *((key, org.name) for key, org in self._organizations.items()),
            (NEW_ORGANISATION, "A new organisation"),
        ]
        self.fields["terms"].choices = [  # type: ignore[attr-defined]
            (key, term.name) for key, term in self._terms.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("organization") == NEW_ORGANISATION
            and not (data.get("new_organization_name") or "").strip()
        ):
            self.add_error("new_organization_name", "Enter the new organisation's name")
        return data

    def details(self) -> ServiceDetails:
        data = self.cleaned_data
        new = data["organization"] == NEW_ORGANISATION
        return ServiceDetails(
            name=data["name"],
            description=data["description"],
            url=data["url"],
            email=data["email"],
            status=data["status"],
            organization=None if new else self._organizations[data["organization"]],
            new_organization_name=data["new_organization_name"] if new else "",
            taxonomy_terms=tuple(self._terms[key] for key in data["terms"]),
        )


class StatusForm(GovukForm):
    status = forms.ChoiceField(
        choices=ServiceStatus.choices,
        error_messages={
            "required": "Select whether the service is active or inactive",
            "invalid_choice": "Select whether the service is active or inactive",
        },
    )
