"""URLs for budgets."""

from django.urls import path

from onestop.budgets import views

app_name = "budgets"
urlpatterns = [
    path("", views.budget_list, name="list"),
    path("new/", views.budget_new, name="new"),
    path("<int:budget_id>/", views.budget_page, name="detail"),
    path("<int:budget_id>/months/", views.budget_months_change, name="months"),
]
