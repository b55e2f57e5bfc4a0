"""The council's directory, read-only, at the Open Referral UK API profile's endpoints."""

from django.urls import URLPattern

app_name = "openreferral"
urlpatterns: list[URLPattern] = []
