"""URLs for taking applications."""

from django.urls import path

from onestop.intake import views

app_name = "intake"
urlpatterns = [
    path("new/", views.new, name="new"),
    path("<str:reference>/submitted/", views.submitted, name="submitted"),
]
