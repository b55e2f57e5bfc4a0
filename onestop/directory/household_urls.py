"""The household view: everyone in a household and all the support they have had."""

from django.urls import path

from onestop.directory import household_views as views

app_name = "households"
urlpatterns = [
    path("<int:household_id>/", views.household, name="household"),
    path(
        "<int:household_id>/other-support/new/",
        views.other_support_new,
        name="other_support_new",
    ),
    path(
        "other-support/import/",
        views.other_support_import_page,
        name="other_support_import",
    ),
]
