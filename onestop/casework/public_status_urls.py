"""Public URLs: an applicant finds out where their application is, with no account."""

from django.urls import path

from onestop.casework.views import public_status

app_name = "public_status"
urlpatterns = [
    path("", public_status.find, name="find"),
    path("your-application/", public_status.result, name="result"),
]
