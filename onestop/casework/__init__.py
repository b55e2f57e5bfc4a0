"""Casework: the decision maker's queue, the case, decisions with reasons, and the timeline."""
