"""URLs for budgets."""

from django.urls import path

app_name = "budgets"
urlpatterns: list = []
