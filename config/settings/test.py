"""Test settings: fast hashing, tasks run straight after commit, no outside calls."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, TASK_QUEUES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": TASK_QUEUES,
    }
}
NOTIFY_API_KEY = ""
DEBUG = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in memory
LOGGING = {"version": 1, "disable_existing_loggers": False}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Each test run keeps uploads in its own throwaway folder.
PRIVATE_FILES_DIR = Path(tempfile.mkdtemp(prefix="onestop-test-files-"))
# Rate limits that no test meets unless it sets its own (tests/api/test_throttling.py and
# tests/core/test_rate_limits.py do).
API_RATE_LIMITS = {"submit": "100000/min", "read": "100000/min"}
PUBLIC_RATE_LIMIT = ""
