"""Signals intake sends, so later steps (casework) can act without intake knowing them."""

from django.dispatch import Signal

# Sent after the transaction that stored and assessed an application commits.
# Arguments: application_id.
application_assessed = Signal()

# Sent after the transaction that decided an application (awarded or refused) commits, so a
# partner that referred it can be told. Arguments: application_id.
application_decided_signal = Signal()
