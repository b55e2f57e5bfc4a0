"""Messages to applicants: templates, a stored outbox, and the GOV.UK Notify backend."""
