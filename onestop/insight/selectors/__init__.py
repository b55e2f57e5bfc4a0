"""Reads for insight pages: figures about how the service is doing, always within one council."""
