"""Staff pages about how the service is doing."""

from django.urls import path

from onestop.insight import dashboard_views, views

app_name = "insight"
urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/<slug:table>.csv", dashboard_views.dashboard_csv, name="dashboard_csv"),
    path("dashboard/<slug:table>.xlsx", dashboard_views.dashboard_xlsx, name="dashboard_xlsx"),
    path("channels/", views.channels, name="channels"),
    path("channels/channel-fairness.csv", views.channels_csv, name="channels_csv"),
]
