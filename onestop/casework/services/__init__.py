"""Casework's writes, one module per part of the work: decisions, assignment, reviews and so on."""
