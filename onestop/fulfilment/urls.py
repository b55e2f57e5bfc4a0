"""URLs for voucher stock and fulfilment."""

from django.urls import path

from onestop.fulfilment.views import stock as views

app_name = "fulfilment"
urlpatterns = [
    path("", views.stock, name="stock"),
    path("retry/<int:request_id>/", views.retry, name="retry"),
]
