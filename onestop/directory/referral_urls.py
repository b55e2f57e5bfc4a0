"""Staff pages for referring a case's household on to other support."""

from django.urls import path

from onestop.directory import referral_views as views

app_name = "referrals"
urlpatterns = [
    path("<str:reference>/new/", views.referral_new, name="new"),
    path(
        "<str:reference>/<int:referral_id>/close/",
        views.referral_close_page,
        name="close",
    ),
]
