"""URLs for casework."""

from django.urls import path

from onestop.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.find, name="find"),
    path("queue/", views.queue, name="queue"),
    path("<str:reference>/", views.case, name="case"),
    path("<str:reference>/decide/", views.decide, name="decide"),
]
