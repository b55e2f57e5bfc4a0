"""The goods catalogue staff keep (items, suppliers, prices and delivery areas), and goods
orders whose delivery failed."""

from django.urls import path

from onestop.fulfilment.views import catalogue as views

app_name = "catalogue"
urlpatterns = [
    path("", views.items, name="items"),
    path("items/add/", views.item_add, name="item_add"),
    path("items/<int:catalogue_item_id>/", views.item_edit, name="item_edit"),
    path(
        "items/<int:catalogue_item_id>/availability/",
        views.item_availability,
        name="item_availability",
    ),
    path("suppliers/add/", views.supplier_new, name="supplier_add"),
    path("orders/", views.orders, name="orders"),
    path("orders/<str:order_reference>/", views.order, name="order"),
    path("orders/<str:order_reference>/rebook/", views.order_rebook_page, name="order_rebook"),
    path("orders/<str:order_reference>/cancel/", views.order_cancel_page, name="order_cancel"),
]
