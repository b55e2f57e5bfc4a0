"""Duplicate and fraud flags: checks on each application and each night, and staff's answers."""
