"""URLs for fulfilment."""

from django.urls import path

app_name = "fulfilment"
urlpatterns: list = []
