"""URLs for schemes."""

from django.urls import path

from onestop.policy import views

app_name = "policy"
urlpatterns = [
    path("", views.scheme_list, name="schemes"),
    path("<int:scheme_id>/", views.scheme_rules, name="scheme_rules"),
]
