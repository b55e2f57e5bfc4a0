"""Fulfilment pages for council staff, suppliers and finance, one module per purpose."""
