"""The fulfilment hub: what needs attention, and finance exports."""

from django.urls import URLPattern

app_name = "fulfilment_hub"
urlpatterns: list[URLPattern] = []
