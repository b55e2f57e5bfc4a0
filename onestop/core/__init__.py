"""Shared foundations: base models, audit, roles, money, working days, references and errors."""
