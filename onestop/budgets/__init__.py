"""Budgets for each scheme and the money awards commit from them, never overspent."""
