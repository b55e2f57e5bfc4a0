"""Cash-out codes and prepaid cards: collection, redemption reports and what expired."""

from django.urls import path

from onestop.fulfilment.views import codes_and_cards as views

app_name = "codes_and_cards"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("cards/<int:card_id>/collect/", views.collect, name="collect"),
    path("cash-out-report/", views.cash_out_report, name="cash_out_report"),
    path("voucher-report/", views.voucher_report, name="voucher_report"),
]
