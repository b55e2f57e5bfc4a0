"""URLs for budgets."""

from django.urls import path

from onestop.budgets import views

app_name = "budgets"
urlpatterns = [path("", views.budget_list, name="list")]
