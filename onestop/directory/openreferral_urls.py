"""The council's directory, read-only, at the Open Referral UK API profile's endpoints."""

from django.urls import path

from onestop.directory import openreferral

app_name = "openreferral"
urlpatterns = [
    path("", openreferral.api_root, name="root"),
    path("services", openreferral.services, name="services"),
    path("services/<str:service_id>", openreferral.service, name="service"),
    path("service_at_locations", openreferral.service_at_locations, name="service_at_locations"),
    path(
        "service_at_locations/<str:service_at_location_id>",
        openreferral.service_at_location,
        name="service_at_location",
    ),
    path("taxonomies", openreferral.taxonomies, name="taxonomies"),
    path("taxonomies/<str:taxonomy_id>", openreferral.taxonomy, name="taxonomy"),
    path("taxonomy_terms", openreferral.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:taxonomy_term_id>", openreferral.taxonomy_term, name="taxonomy_term"),
]
