"""Synthetic directory feeds for the demo and tests: made-up organisations, never real ones."""
