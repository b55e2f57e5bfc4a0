"""The fulfilment hub: what needs attention, the exception queue, and finance exports."""

from django.urls import path

from onestop.fulfilment.views import exports, hub

app_name = "fulfilment_hub"
urlpatterns = [
    path("", hub.home, name="home"),
    path("exceptions/", hub.exceptions, name="exceptions"),
    path("exceptions/<int:request_id>/retry/", hub.retry, name="retry"),
    path("exceptions/<int:request_id>/cancel/", hub.cancel, name="cancel"),
    path("exports/", exports.exports, name="exports"),
    path(
        "exports/<slug:export_name>.<slug:file_format>",
        exports.export,
        name="export",
    ),
]
