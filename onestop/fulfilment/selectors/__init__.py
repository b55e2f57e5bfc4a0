"""Fulfilment's reads, one module per purpose, always within one council."""
