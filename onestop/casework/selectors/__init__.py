"""Casework's reads, one module per part of the work; each takes the council it reads within."""
