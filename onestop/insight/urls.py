"""Staff pages about how the service is doing."""

from django.urls import path

from onestop.insight import views

app_name = "insight"
urlpatterns = [
    path("channels/", views.channels, name="channels"),
    path("channels/channel-fairness.csv", views.channels_csv, name="channels_csv"),
]
