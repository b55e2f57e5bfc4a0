"""Bank payments and Bacs payment files for finance."""

from django.urls import path

from onestop.fulfilment.views import payments as views

app_name = "payments"
urlpatterns = [
    path("", views.home, name="home"),
    path("files/<int:payment_file_id>/", views.file, name="file"),
    path("files/<int:payment_file_id>/download/", views.file_download, name="file_download"),
    path("bacs-details/", views.originator, name="originator"),
    path("returned/", views.bounce, name="bounce"),
]
