"""URLs for council admins' partner API key pages."""

from django.urls import path

from onestop.councils import api_key_views

app_name = "councils_api_keys"
urlpatterns = [
    path("", api_key_views.api_keys, name="list"),
    path("<int:api_key_id>/revoke/", api_key_views.api_key_revoke_view, name="revoke"),
]
