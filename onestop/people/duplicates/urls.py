"""Staff pages for duplicate and fraud flags: /staff/<council>/people/flags/."""

from django.urls import path

from onestop.people.duplicates import views

app_name = "match_flags"
urlpatterns = [
    path("", views.flag_list, name="list"),
    path("thresholds/", views.thresholds, name="thresholds"),
    path("<int:flag_id>/", views.flag_page, name="flag"),
]
