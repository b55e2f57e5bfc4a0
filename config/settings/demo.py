"""Demo settings: the embedded SQLite database and a local worker, as `onestop demo` runs it."""

from .base import *  # noqa: F403

DEBUG = False
