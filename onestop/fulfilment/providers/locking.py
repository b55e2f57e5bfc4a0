"""The lock every local backend takes before it looks for what it already did for an award."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

from onestop.fulfilment.models import Award


@contextmanager
def award_lock(award: Award) -> Iterator[None]:
    """One transaction holding the award's row: two workers fulfilling the same award (one
    whose lease ran out while it was still working) take turns, and the second finds what
    the first did and gives it back instead of doing it again."""
    with transaction.atomic():
        Award.objects.select_for_update().filter(pk=award.pk).first()
        yield
