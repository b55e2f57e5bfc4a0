"""Signing in and out, and choosing which council to work for."""

from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from onestop.core.forms import error_summary
from onestop.councils.forms import SignInForm
from onestop.councils.models import User
from onestop.councils.selectors import memberships_of


def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid() and form.user is not None:
        login(request, form.user)
        return redirect("councils:home")
    errors = error_summary(form) if form.is_bound else []
    if errors and not form.has_error("email") and not form.has_error("password"):
        errors = [{"text": errors[0]["text"], "href": "#email"}]
    return render(
        request, "councils/sign_in.html", {"form": form, "errors": errors, "title": "Sign in"}
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("councils:sign_in")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    memberships = list(memberships_of(user=request.user))
    if len(memberships) == 1:
        only = memberships[0]
        # The staff home sends partner and supplier staff on to their organisation's portal.
        return redirect("staff_home", council_slug=only.council.slug)
    return render(
        request,
        "councils/choose_council.html",
        {"memberships": memberships, "title": "Choose a council"},
    )
