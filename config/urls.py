"""Top-level URLs: the staff console under /staff/, health check, and Django's admin."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.generic import RedirectView

from onestop.casework.views import cases as casework_views
from onestop.casework.views import whatif
from onestop.core.views import language


def healthcheck(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="councils:home", permanent=False)),
    path("healthcheck", healthcheck, name="healthcheck"),
    path("staff/", include("onestop.councils.urls")),
    path("staff/<slug:council_slug>/", casework_views.staff_home, name="staff_home"),
    path("staff/<slug:council_slug>/audit-log/", casework_views.audit_log, name="audit_log"),
    path("staff/<slug:council_slug>/policy/what-if/", whatif.what_if, name="what_if"),
    path("staff/<slug:council_slug>/applications/", include("onestop.intake.urls")),
    path("staff/<slug:council_slug>/cases/", include("onestop.casework.urls")),
    path("staff/<slug:council_slug>/budgets/", include("onestop.budgets.urls")),
    path("staff/<slug:council_slug>/schemes/", include("onestop.policy.urls")),
    path("staff/<slug:council_slug>/vouchers/", include("onestop.fulfilment.urls")),
    path("staff/<slug:council_slug>/fulfilment/", include("onestop.fulfilment.hub_urls")),
    path("staff/<slug:council_slug>/payments/", include("onestop.fulfilment.payment_urls")),
    path("staff/<slug:council_slug>/catalogue/", include("onestop.fulfilment.catalogue_urls")),
    path("staff/<slug:council_slug>/invoices/", include("onestop.fulfilment.invoice_urls")),
    path(
        "staff/<slug:council_slug>/codes-and-cards/",
        include("onestop.fulfilment.codes_and_cards_urls"),
    ),
    path("staff/<slug:council_slug>/messages/", include("onestop.notifications.urls")),
    path("staff/<slug:council_slug>/api-keys/", include("onestop.councils.api_key_urls")),
    path("staff/<slug:council_slug>/insight/returns/", include("onestop.insight.return_urls")),
    path("staff/<slug:council_slug>/insight/", include("onestop.insight.urls")),
    path(
        "staff/<slug:council_slug>/directory/referrals/",
        include("onestop.directory.referral_urls"),
    ),
    path("staff/<slug:council_slug>/directory/", include("onestop.directory.urls")),
    path("staff/<slug:council_slug>/households/", include("onestop.directory.household_urls")),
    path("staff/<slug:council_slug>/people/flags/", include("onestop.people.duplicates.urls")),
    path(
        "councils/<slug:council_slug>/openreferral/",
        include("onestop.directory.openreferral_urls"),
    ),
    path("api/v1/", include("onestop.api.urls")),
    path("language/<str:code>/", language, name="language"),
    path("councils/<slug:council_slug>/review/", include("onestop.casework.public_urls")),
    path("councils/<slug:council_slug>/status/", include("onestop.casework.public_status_urls")),
    path("councils/<slug:council_slug>/performance/", include("onestop.insight.public_urls")),
    path("councils/<slug:council_slug>/", include("onestop.intake.public_urls")),
    path(
        "partners/<slug:council_slug>/referrals/",
        include("onestop.directory.partner_referral_urls"),
    ),
    path("partners/<slug:council_slug>/", include("onestop.intake.partner_urls")),
    path(
        "suppliers/<slug:council_slug>/invoices/",
        include("onestop.fulfilment.supplier_invoice_urls"),
    ),
    path("suppliers/<slug:council_slug>/", include("onestop.fulfilment.supplier_urls")),
    path("django-admin/", admin.site.urls),
]

handler403 = "onestop.core.views.forbidden"
handler404 = "onestop.core.views.not_found"
handler500 = "onestop.core.views.server_error"
