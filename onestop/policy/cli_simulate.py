"""`onestop policy simulate`."""

from onestop.policy.cli import policy  # noqa: F401 - commands are added to this group
