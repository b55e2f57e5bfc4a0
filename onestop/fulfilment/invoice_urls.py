"""Supplier invoices matched against delivered orders, for finance."""

from django.urls import URLPattern

app_name = "invoices"
urlpatterns: list[URLPattern] = []
