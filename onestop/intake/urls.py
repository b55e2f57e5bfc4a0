"""URLs for the adviser console: search first, then the application form."""

from django.urls import path

from onestop.intake.views import console, search

app_name = "intake"
urlpatterns = [
    path("", search.search, name="search"),
    path("new/", console.new, name="new"),
    path("<str:reference>/submitted/", console.submitted, name="submitted"),
]
