"""Pages for taking applications: the adviser console (search, form, confirmation) and the
partner portal (referrals and their status)."""
