"""The partner portal: partner staff refer clients and follow their own referrals."""

from django.urls import path

from onestop.intake.views import partners

app_name = "partners"
urlpatterns = [
    path("", partners.home, name="home"),
    path("refer/", partners.refer, name="refer"),
    path("referrals/<str:reference>/", partners.referral, name="referral"),
    path("referrals/<str:reference>/sent/", partners.sent, name="sent"),
]
