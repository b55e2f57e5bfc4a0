"""The supplier portal: a supplier's own orders."""

from django.urls import URLPattern

app_name = "suppliers"
urlpatterns: list[URLPattern] = []
