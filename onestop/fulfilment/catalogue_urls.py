"""The goods catalogue staff keep: items, suppliers, prices and delivery areas."""

from django.urls import URLPattern

app_name = "catalogue"
urlpatterns: list[URLPattern] = []
