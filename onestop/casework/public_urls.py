"""Public URLs: an applicant asks for a review of a decision, with no account."""

from django.urls import path

from onestop.casework.views import public_reviews

app_name = "public_reviews"
urlpatterns = [
    path("", public_reviews.start, name="start"),
    path("your-reference/", public_reviews.find, name="find"),
    path("why/", public_reviews.grounds, name="grounds"),
    path("why-now/", public_reviews.why_now, name="why_now"),
    path("check-your-answers/", public_reviews.check, name="check"),
    path("request-sent/", public_reviews.sent, name="sent"),
]
