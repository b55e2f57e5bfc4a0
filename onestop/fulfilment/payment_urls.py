"""Bank payments and Bacs payment files for finance."""

from django.urls import URLPattern

app_name = "payments"
urlpatterns: list[URLPattern] = []
