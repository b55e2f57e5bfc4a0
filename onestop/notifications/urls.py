"""URLs for the outbox, letters and the council's own wording of its message templates."""

from django.urls import path

from onestop.notifications import views, wording_views

app_name = "notifications"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("letters/<int:letter_id>/", views.letter, name="letter"),
    path("templates/", wording_views.wording_list, name="templates"),
    path(
        "templates/<slug:template>/<slug:language>/",
        wording_views.wording_edit,
        name="template_edit",
    ),
    path(
        "templates/<slug:template>/<slug:language>/reset/",
        wording_views.wording_reset,
        name="template_reset",
    ),
]
