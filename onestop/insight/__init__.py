"""Insight: how the service is doing, for the council's managers and the public."""
