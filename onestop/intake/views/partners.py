"""The partner portal: partner staff refer clients, with their consent, and follow their own
organisation's referrals. Nothing here shows the council's casework."""

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from onestop.core.errors import ServiceError
from onestop.core.forms import GovukForm
from onestop.councils.access import PartnerStaff, partner_page
from onestop.councils.contact import call_us
from onestop.intake.channel_services import ReferralConsent, referral_submit
from onestop.intake.forms import CONSENT_STATEMENT, ReferralConsentForm
from onestop.intake.models import Application, ApplicationStatus, Channel
from onestop.intake.selectors import application_of_organisation, referrals_of_organisation
from onestop.intake.views.application_form import ApplicationFormPage, blank_page, posted_page


@dataclass(frozen=True)
class ReferralStatus:
    """A referral's status as a partner needs it: plain words, no casework."""

    label: str
    colour: str  # a GOV.UK tag colour


# Approval of a large award is the council's own second check: to a partner it is still
# waiting for a decision.
REFERRAL_STATUSES = {
    ApplicationStatus.AWAITING_DECISION: ReferralStatus("Waiting for a decision", "blue"),
    ApplicationStatus.AWAITING_APPROVAL: ReferralStatus("Waiting for a decision", "blue"),
    ApplicationStatus.WAITING_FOR_INFORMATION: ReferralStatus(
        "The council needs more information", "yellow"
    ),
    ApplicationStatus.AWARDED: ReferralStatus("Help awarded", "green"),
    ApplicationStatus.REFUSED: ReferralStatus("Not awarded", "grey"),
}


def referral_status(application: Application) -> ReferralStatus:
    return REFERRAL_STATUSES[ApplicationStatus(application.status)]


def _context(partner: PartnerStaff, **extra: object) -> dict[str, object]:
    return {"partner": partner, "referral_status": referral_status, **extra}


@partner_page()
def home(request: HttpRequest, partner: PartnerStaff) -> HttpResponse:
    return render(
        request,
        "intake/partners/home.html",
        _context(
            partner,
            referrals=list(referrals_of_organisation(organisation=partner.organisation)[:200]),
            active="home",
            title="Your referrals",
        ),
    )


def _consent_form(data: QueryDict | None) -> list[GovukForm]:
    return [ReferralConsentForm(data)]


@partner_page()
def refer(request: HttpRequest, partner: PartnerStaff) -> HttpResponse:
    if request.method != "POST":
        page = blank_page(council=partner.council, ask_consent=False, others=_consent_form)
        return _render_refer(request, partner, page)
    page = posted_page(request, council=partner.council, ask_consent=False, others=_consent_form)
    if page.is_valid():
        consent = page.others[0]
        assert isinstance(consent, ReferralConsentForm)
        try:
            application = referral_submit(
                actor=partner.user,
                organisation=partner.organisation,
                submission_key=f"form:{page.form.cleaned_data['form_token']}",
                details=page.form.application_details(
                    channel=Channel.PARTNER,
                    members=page.members_given(),
                    consent_given=consent.cleaned_data["consent_given"],
                ),
                consent=ReferralConsent(
                    statement=CONSENT_STATEMENT,
                    given_by=consent.cleaned_data["consent_given_by"],
                    method=consent.method_label(),
                ),
            )
        except ServiceError as error:
            field = error.field if error.field in page.form.fields else None
            page.form.add_error(field, error.message)
        else:
            return redirect(
                "partners:sent", council_slug=partner.council.slug, reference=application.reference
            )
    return _render_refer(request, partner, page)


def _render_refer(
    request: HttpRequest, partner: PartnerStaff, page: ApplicationFormPage
) -> HttpResponse:
    return render(
        request,
        "intake/partners/refer.html",
        _context(
            partner,
            **page.context(),
            consent=page.others[0],
            consent_statement=CONSENT_STATEMENT,
            errors=page.errors() if request.method == "POST" else [],
            active="refer",
            title="Refer a client",
        ),
    )


def _own_referral(partner: PartnerStaff, reference: str) -> Application:
    application = application_of_organisation(
        organisation=partner.organisation, reference=reference
    )
    if application is None:
        # Another organisation's referral, or the council's own application, is not there.
        raise Http404
    return application


@partner_page()
def sent(request: HttpRequest, partner: PartnerStaff, reference: str) -> HttpResponse:
    return render(
        request,
        "intake/partners/sent.html",
        _context(
            partner,
            referral=_own_referral(partner, reference),
            call_us=call_us(partner.council),
            title="Referral sent",
        ),
    )


@partner_page()
def referral(request: HttpRequest, partner: PartnerStaff, reference: str) -> HttpResponse:
    application = _own_referral(partner, reference)
    return render(
        request,
        "intake/partners/referral.html",
        _context(
            partner,
            referral=application,
            status=referral_status(application),
            call_us=call_us(partner.council),
            active="home",
            title=f"Referral {application.reference}",
        ),
    )
