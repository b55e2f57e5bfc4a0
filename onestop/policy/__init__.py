"""Schemes and their rules as code: what each application is assessed against, and why."""
