"""Council admins' page for partner API keys: who has one, issuing a key, revoking one."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from onestop.core.errors import ServiceError
from onestop.core.forms import error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.councils.api_key_forms import ApiKeyIssueForm
from onestop.councils.selectors import api_key_get, organisations_with_keys
from onestop.councils.services import api_key_issue, api_key_revoke, organisation_create


@staff_page(Capability.MANAGE_API_KEYS)
def api_keys(request: HttpRequest, staff: Staff) -> HttpResponse:
    organisations = list(organisations_with_keys(council=staff.council))
    form = ApiKeyIssueForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = form.existing_organisation() or organisation_create(
                actor=staff.user,
                council=staff.council,
                name=form.cleaned_data["new_name"],
                kind=form.cleaned_data["kind"],
            )
        except ServiceError as error:
            form.add_error("new_name", error.message)
        else:
            api_key, key = api_key_issue(
                actor=staff.user, organisation=organisation, name=form.cleaned_data["name"]
            )
            # Shown on this response only: the key is not kept, so it cannot be shown again.
            return render(
                request,
                "councils/api_key_issued.html",
                {
                    "staff": staff,
                    "api_key": api_key,
                    "key": key,
                    "active": "api_keys",
                    "title": "Copy the API key now",
                },
            )
    return render(
        request,
        "councils/api_keys.html",
        {
            "staff": staff,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "organisations": organisations,
            "active": "api_keys",
            "title": "Partner API keys",
        },
    )


@require_POST
@staff_page(Capability.MANAGE_API_KEYS)
def api_key_revoke_view(request: HttpRequest, staff: Staff, api_key_id: int) -> HttpResponse:
    api_key = api_key_get(council=staff.council, api_key_id=api_key_id)
    if api_key is None:
        raise Http404("No such key in this council")
    try:
        api_key_revoke(actor=staff.user, api_key=api_key)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Key {api_key.prefix} of {api_key.organisation.name} is revoked: it no longer works.",
        )
    return redirect("councils_api_keys:list", council_slug=staff.council.slug)
