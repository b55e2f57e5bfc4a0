"""The supplier API: a supplier's own orders and invoices, with a supplier's API key."""

from ninja import Router

from onestop.councils.api_auth import SupplierKeyBearer

router = Router(auth=SupplierKeyBearer(), tags=["Suppliers"])
