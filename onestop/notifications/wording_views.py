"""Pages where a council admin rewords the council's messages, previews them, and resets them."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from onestop.core.errors import ServiceError
from onestop.core.forms import error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.notifications.forms import MessageWordingForm
from onestop.notifications.models import MessageLanguage
from onestop.notifications.selectors import (
    message_templates_overview,
    message_wording_for,
    message_wording_record,
)
from onestop.notifications.services import (
    WordingRefused,
    message_wording_reset,
    message_wording_save,
)
from onestop.notifications.templates import TEMPLATES, MessageTemplate, preview


def _template_or_404(template: str, language: str) -> MessageTemplate:
    if template not in TEMPLATES or language not in MessageLanguage.values:
        raise Http404
    return TEMPLATES[template]


@staff_page(Capability.MANAGE_TEMPLATES)
def wording_list(request: HttpRequest, staff: Staff) -> HttpResponse:
    return render(
        request,
        "notifications/wording_list.html",
        {
            "staff": staff,
            "rows": message_templates_overview(council=staff.council),
            "active": "messages",
            "title": "Message wording",
        },
    )


@staff_page(Capability.MANAGE_TEMPLATES)
def wording_edit(request: HttpRequest, staff: Staff, template: str, language: str) -> HttpResponse:
    message_template = _template_or_404(template, language)
    current = message_wording_for(council=staff.council, template=template, language=language)
    form = MessageWordingForm(
        request.POST or None,
        template=message_template,
        language=language,
        initial={"subject": current.subject, "body": current.body},
    )
    shown = None
    if request.method == "POST" and form.is_valid():
        subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
        if request.POST.get("action") == "preview":
            shown = preview(message_template, language, subject=subject, body=body)
        else:
            try:
                message_wording_save(
                    actor=staff.user,
                    council=staff.council,
                    template=template,
                    language=language,
                    subject=subject,
                    body=body,
                )
            except WordingRefused as refused:
                for problem in refused.problems:
                    form.add_error(problem.field, problem.message)
            else:
                messages.success(
                    request,
                    f"Saved. “{message_template.name}” in "
                    f"{MessageLanguage(language).label} now uses your wording.",
                )
                return redirect("notifications:templates", council_slug=staff.council.slug)
    return render(
        request,
        "notifications/wording_edit.html",
        {
            "staff": staff,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "template": message_template,
            "language": language,
            "language_name": MessageLanguage(language).label,
            "default": message_template.default(language),
            "changed": message_wording_record(
                council=staff.council, template=template, language=language
            )
            is not None,
            "preview": shown,
            "active": "messages",
            "title": f"{message_template.name} ({MessageLanguage(language).label})",
        },
    )


@require_POST
@staff_page(Capability.MANAGE_TEMPLATES)
def wording_reset(request: HttpRequest, staff: Staff, template: str, language: str) -> HttpResponse:
    message_template = _template_or_404(template, language)
    try:
        message_wording_reset(
            actor=staff.user, council=staff.council, template=template, language=language
        )
    except ServiceError as error:
        messages.info(request, error.message)
    else:
        messages.success(
            request,
            f"“{message_template.name}” in {MessageLanguage(language).label} is back to the "
            "default wording.",
        )
    return redirect("notifications:templates", council_slug=staff.council.slug)
