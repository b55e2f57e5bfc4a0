"""Staff pages for the council's directory of support services."""

from django.urls import URLPattern

app_name = "directory"
urlpatterns: list[URLPattern] = []
