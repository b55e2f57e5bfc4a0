"""URLs for the outbox."""

from django.urls import path

from onestop.notifications import views

app_name = "notifications"
urlpatterns = [path("", views.outbox, name="outbox")]
