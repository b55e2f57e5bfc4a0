"""Browser tests: real Chromium driven by pytest-playwright against Django's live server."""
