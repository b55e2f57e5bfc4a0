"""The staff sign-in form."""

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest

from onestop.core.forms import GovukForm
from onestop.councils.models import User


class SignInForm(GovukForm):
    email = forms.EmailField(
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        }
    )
    password = forms.CharField(strip=False, error_messages={"required": "Enter your password"})

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: User | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        user = authenticate(self.request, username=data["email"].lower(), password=data["password"])
        if not isinstance(user, User):
            # The same message whichever part is wrong, so the form reveals no accounts.
            raise forms.ValidationError(
                "The email address or password is not right. Check them and try again."
            )
        self.user = user
        return data
