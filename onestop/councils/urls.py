"""URLs for signing in and the staff home pages."""

from django.urls import path

from onestop.councils import views

app_name = "councils"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
]
