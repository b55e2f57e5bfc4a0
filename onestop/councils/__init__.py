"""Councils (the tenants), staff accounts and each person's role in each council."""
