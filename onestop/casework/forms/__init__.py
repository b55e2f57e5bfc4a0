"""Casework's forms, one module per part of the work."""
