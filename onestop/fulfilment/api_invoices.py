"""The supplier API's invoices: send an invoice for delivered orders and see how it matched."""

from ninja import Router

from onestop.councils.api_auth import SupplierKeyBearer

router = Router(auth=SupplierKeyBearer(), tags=["Suppliers"])
