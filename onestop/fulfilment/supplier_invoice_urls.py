"""The supplier portal's invoices: upload and see how each was matched."""

from django.urls import path

from onestop.fulfilment.views import supplier_invoices as views

app_name = "supplier_invoices"
urlpatterns = [
    path("", views.invoice_list, name="list"),
    path("upload/", views.upload, name="upload"),
    path("<int:invoice_id>/", views.invoice, name="invoice"),
]
