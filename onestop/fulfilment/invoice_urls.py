"""Supplier invoices matched against delivered orders, for finance."""

from django.urls import path

from onestop.fulfilment.views import invoices as views

app_name = "invoices"
urlpatterns = [
    path("", views.invoice_list, name="list"),
    path("<int:invoice_id>/", views.invoice, name="invoice"),
]
