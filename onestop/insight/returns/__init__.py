"""The management return: what the council spent from the fund in a half-year, in the
department's layout, as XLSX and CSV, with the finance officer's sign-off (docs/returns.md)."""
