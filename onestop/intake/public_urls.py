"""Public URLs: apply online or at a kiosk, check an application, the can I get help guide."""

from django.urls import URLPattern, path

from onestop.intake.public import guide
from onestop.intake.public.journey import KIOSK, WEB, Mode
from onestop.intake.public.views import address, check, drafts, household, kiosk, questions, start

app_name = "public"


def _journey_urls(root: str, mode: Mode) -> list[URLPattern]:
    """The same pages online (apply/...) and at a kiosk (kiosk/...): names are <prefix>_<page>."""
    pages = [
        ("", start.start, "start"),
        ("start/", start.begin, "begin"),
        ("check-your-answers/", check.check, "check"),
        ("application-sent/", check.confirmation, "confirmation"),
        ("save/", drafts.save, "save"),
        ("saved/", drafts.saved, "saved"),
        ("return/", drafts.resume, "return"),
        ("address/", address.address_pick, "address"),
        ("address/enter/", address.address_manual, "address_manual"),
        ("no-fixed-address/", address.no_fixed_address, "no_fixed_address"),
        ("people/", household.household, "household"),
        ("people/add/", household.person_add, "person_add"),
        ("people/<int:index>/change/", household.person_change, "person_change"),
        ("people/<int:index>/remove/", household.person_remove, "person_remove"),
        # Last: every other question page, by its step's name.
        ("<slug:step>/", questions.question, "step"),
    ]
    return [
        path(f"{root}{route}", view, {"mode": mode}, name=f"{mode.prefix}_{name}")
        for route, view, name in pages
    ]


urlpatterns: list = [
    *_journey_urls("apply/", WEB),
    path("kiosk/clear/", kiosk.clear, name="kiosk_clear"),
    *_journey_urls("kiosk/", KIOSK),
]

# The "Can I get help?" guide. (Where an application is: casework's public_status_urls.)
urlpatterns += [
    path("can-i-get-help/", guide.overview, name="guide"),
    path("can-i-get-help/<slug:scheme_slug>/", guide.part, name="guide_part"),
]
