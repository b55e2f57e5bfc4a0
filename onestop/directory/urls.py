"""Staff pages for the council's directory of support services."""

from django.urls import path

from onestop.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.services, name="services"),
    path("add/", views.service_add, name="service_add"),
    path("<int:service_id>/", views.service, name="service"),
    path("<int:service_id>/change/", views.service_edit, name="service_edit"),
    path("<int:service_id>/status/", views.service_status, name="service_status"),
]
