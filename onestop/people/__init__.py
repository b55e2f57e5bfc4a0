"""People and households, their addresses, and matching an applicant to someone already known."""
