"""The supplier portal's invoices: upload and see how each was matched."""

from django.urls import URLPattern

app_name = "supplier_invoices"
urlpatterns: list[URLPattern] = []
