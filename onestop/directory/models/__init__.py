"""The directory's models, one module per part (the Open Referral UK records first)."""
