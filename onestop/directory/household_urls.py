"""The household view: everyone in a household and all the support they have had."""

from django.urls import URLPattern

app_name = "households"
urlpatterns: list[URLPattern] = []
