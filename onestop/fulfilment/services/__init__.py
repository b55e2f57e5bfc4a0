"""Fulfilment's writes, one module per purpose: awards, the outbox worker, voucher stock,
payments, goods, and reconciliation."""
