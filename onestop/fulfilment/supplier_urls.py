"""The supplier portal: a supplier's own orders, and confirming what happened to each."""

from django.urls import path

from onestop.fulfilment.views import supplier_portal as views

app_name = "suppliers"
urlpatterns = [
    path("", views.home, name="home"),
    path("orders/<str:order_reference>/", views.order, name="order"),
    path(
        "orders/<str:order_reference>/dispatched/", views.order_dispatched, name="order_dispatched"
    ),
    path("orders/<str:order_reference>/delivered/", views.order_delivered, name="order_delivered"),
    path(
        "orders/<str:order_reference>/could-not-deliver/", views.order_failed, name="order_failed"
    ),
    path("orders/<str:order_reference>/returned/", views.order_returned, name="order_returned"),
]
