"""Cash-out codes and prepaid cards: collection, redemption reports and what expired."""

from django.urls import URLPattern

app_name = "codes_and_cards"
urlpatterns: list[URLPattern] = []
