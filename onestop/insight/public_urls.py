"""The public performance page: /councils/<council>/performance/, and its figures as CSV."""

from django.urls import path

from onestop.insight import public_views

app_name = "public_performance"
urlpatterns = [
    path("", public_views.performance, name="page"),
    path("figures.csv", public_views.performance_csv, name="csv"),
]
