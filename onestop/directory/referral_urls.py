"""Staff pages for referring a case's household on to other support and following each
referral until it is closed."""

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
    # For an organisation that does not use the partner portal: staff record what it said.
    path(
        "<str:reference>/<int:referral_id>/reply/",
        views.referral_reply_page,
        name="reply",
    ),
    path(
        "<str:reference>/<int:referral_id>/outcome/",
        views.referral_outcome_page,
        name="outcome",
    ),
]
