"""Goods in kind: the council's catalogue of essential items, orders placed with suppliers,
and the invoices suppliers send for what they delivered."""

from django.conf import settings
from django.db import models

from onestop.core.models import CouncilOwnedModel
from onestop.fulfilment.models.awards import Award, DeliverySlot


class CatalogueItem(CouncilOwnedModel):
    """An item the council awards, at the price agreed with the supplier who delivers it."""

    supplier = models.ForeignKey(
        "councils.Organisation", on_delete=models.PROTECT, related_name="catalogue_items"
    )
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    price_pence = models.PositiveIntegerField()
    delivery_areas = models.CharField(
        max_length=500,
        help_text="Postcode areas or districts the supplier delivers to, separated by spaces, "
        "for example CF CF10 NP20",
    )
    is_available = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "supplier", "name"], name="catalogue_item_per_supplier"
            )
        ]


class GoodsOrderStatus(models.TextChoices):
    PLACED = "placed", "Ordered"
    DISPATCHED = "dispatched", "Out for delivery"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Delivery failed"
    RETURNED = "returned", "Returned"
    # A failed delivery the council gave up on rather than rebooking.
    CANCELLED = "cancelled", "Cancelled"


class GoodsOrder(CouncilOwnedModel):
    """What one supplier delivers for one award. An award's items from two suppliers make two
    orders; the pair (award, supplier) is unique, so a retry never orders twice."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="goods_orders")
    supplier = models.ForeignKey(
        "councils.Organisation", on_delete=models.PROTECT, related_name="goods_orders"
    )
    reference = models.CharField(max_length=30, unique=True)
    status = models.CharField(
        max_length=20, choices=GoodsOrderStatus.choices, default=GoodsOrderStatus.PLACED
    )
    delivery_date = models.DateField()
    delivery_slot = models.CharField(max_length=20, choices=DeliverySlot.choices)
    deliver_to_name = models.CharField(max_length=200)
    deliver_to_address = models.TextField()
    deliver_to_postcode = models.CharField(max_length=10)
    deliver_to_phone = models.CharField(max_length=30, blank=True)
    total_pence = models.PositiveIntegerField()
    dispatched_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.CharField(max_length=300, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["award", "supplier"], name="one_order_per_supplier")
        ]
        indexes = [models.Index(fields=["council", "supplier", "status"])]


class GoodsOrderLine(CouncilOwnedModel):
    order = models.ForeignKey(GoodsOrder, on_delete=models.PROTECT, related_name="lines")
    catalogue_item = models.ForeignKey(CatalogueItem, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=120)
    quantity = models.PositiveSmallIntegerField()
    unit_price_pence = models.PositiveIntegerField()


class SupplierInvoice(CouncilOwnedModel):
    """An invoice a supplier uploaded, one line per order it charges for."""

    supplier = models.ForeignKey(
        "councils.Organisation", on_delete=models.PROTECT, related_name="invoices"
    )
    invoice_number = models.CharField(max_length=40)
    invoice_date = models.DateField()
    total_pence = models.PositiveBigIntegerField()
    file_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "invoice_number"], name="invoice_number_per_supplier"
            )
        ]


class SupplierInvoiceLine(CouncilOwnedModel):
    invoice = models.ForeignKey(SupplierInvoice, on_delete=models.PROTECT, related_name="lines")
    line_number = models.PositiveIntegerField()
    order_reference = models.CharField(max_length=30)
    order = models.ForeignKey(
        GoodsOrder, on_delete=models.PROTECT, null=True, blank=True, related_name="invoice_lines"
    )
    amount_pence = models.PositiveIntegerField()
