"""Signals intake sends, so later steps (casework) can act without intake knowing them."""

from django.dispatch import Signal

# Sent after the transaction that stored and assessed an application commits.
# Arguments: application_id.
application_assessed = Signal()
