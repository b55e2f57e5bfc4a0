"""Partner portal pages for referrals to and from the partner's organisation."""

from django.urls import path

from onestop.directory import partner_referral_views as views

app_name = "partner_referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("<int:referral_id>/", views.referral, name="referral"),
    path("<int:referral_id>/accept/", views.referral_accept_page, name="accept"),
    path("<int:referral_id>/decline/", views.referral_decline_page, name="decline"),
    path("<int:referral_id>/outcome/", views.referral_outcome_page, name="outcome"),
]
