"""The what-if page: a council admin tries a draft policy on a period's applications, beside the one in force."""

import datetime
import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from onestop.core.forms import DateInputField, GovukForm, error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.councils.models import Council
from onestop.intake.frames import what_if as what_if_report
from onestop.policy.engine import CompiledPolicy, NotInForce
from onestop.policy.loader import PolicyError, load_policy
from onestop.policy.models import Scheme
from onestop.policy.selectors import schemes_all
from onestop.policy.simulation import WhatIfReport

MAX_POLICY_BYTES = 512 * 1024
LONGEST_PERIOD = datetime.timedelta(days=3 * 366)


class WhatIfForm(GovukForm):
    scheme = forms.ChoiceField(
        error_messages={
            "required": "Select the scheme to try a change to",
            "invalid_choice": "Select the scheme to try a change to",
        }
    )
    date_from = DateInputField(
        label_text="Start date", required_message="Enter the first day of the period"
    )
    date_to = DateInputField(
        label_text="End date", required_message="Enter the last day of the period"
    )
    policy_file = forms.FileField(
        error_messages={
            "required": "Select a draft policy file",
            "empty": "The selected file is empty",
        }
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every scheme the council runs, open or closed: a change may be tried on either.
        self.schemes = {s.slug: s for s in schemes_all(council=council)}
        self.fields["scheme"].choices = [(slug, s.name) for slug, s in self.schemes.items()]  # type: ignore[attr-defined]

    def clean_policy_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["policy_file"]
        if (upload.size or 0) > MAX_POLICY_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 512KB")
        if not (upload.name or "").lower().endswith((".yaml", ".yml")):
            raise forms.ValidationError("The selected file must be a policy file ending .yaml")
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if end < start:
                self.add_error("date_to", "End date must be the same as or after the start date")
            elif end - start > LONGEST_PERIOD:
                self.add_error("date_to", "The period must be 3 years or shorter")
        return data


def _draft_policy(upload: UploadedFile) -> CompiledPolicy:
    """The uploaded draft, compiled; PolicyError lists every problem with its line."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "draft.yaml"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return CompiledPolicy(load_policy(path))


@staff_page(Capability.SIMULATE_POLICY)
def what_if(request: HttpRequest, staff: Staff) -> HttpResponse:
    form = WhatIfForm(request.POST or None, request.FILES or None, council=staff.council)
    report: WhatIfReport | None = None
    policy_problems: list[str] = []
    scheme: Scheme | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scheme = form.schemes[data["scheme"]]
        try:
            draft = _draft_policy(data["policy_file"])
        except PolicyError as error:
            policy_problems = [f"Line {p.line}: {p.message}" for p in error.problems]
            form.add_error(
                "policy_file",
                "The draft policy has problems, listed below the file box. Fix them and "
                "upload it again",
            )
        else:
            try:
                report = what_if_report(
                    council=staff.council,
                    scheme=scheme,
                    start=data["date_from"],
                    end=data["date_to"],
                    draft=draft,
                )
            except NotInForce as error:
                form.add_error("date_from", str(error))
            except (PolicyError, FileNotFoundError):
                form.add_error(
                    None,
                    f"The policy in force for {scheme.name} cannot be loaded, so there is "
                    "nothing to compare with. Ask whoever looks after the service to check it",
                )
    return render(
        request,
        "casework/whatif.html",
        {
            "staff": staff,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "policy_problems": policy_problems,
            "report": report if not form.errors else None,
            "scheme": scheme,
            "period": (form.cleaned_data["date_from"], form.cleaned_data["date_to"])
            if report is not None
            else None,
            "active": "what_if",
            "title": "Try a policy change",
        },
    )
