"""The one-stop shop: partner services in the Open Referral UK format, referrals, and the household view."""
