"""Start-up checks: Notify is either off or fully set up, and the Welsh letters are compiled."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import checks

from onestop.notifications.backends import notify_configuration_problems


@checks.register(checks.Tags.compatibility)
def notify_configured(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            problem,
            hint=(
                "Set NOTIFY_API_KEY and NOTIFY_TEMPLATE_IDS=email=<template id>,sms=<template id> "
                "together, or neither. See docs/notifications.md."
            ),
            id="notifications.E001",
        )
        for problem in notify_configuration_problems()
    ]


@checks.register(checks.Tags.translation)
def translations_compiled(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """Without the compiled catalogue, Welsh speakers would quietly get English letters."""
    found: list[checks.CheckMessage] = []
    for folder in settings.LOCALE_PATHS:
        for source in Path(folder).glob("*/LC_MESSAGES/django.po"):
            compiled = source.with_suffix(".mo")
            if not compiled.exists():
                found.append(
                    checks.Error(
                        f"{source} is not compiled, so its letters would be sent in English",
                        hint="Run `make install`, or `msgfmt -o django.mo django.po` beside it.",
                        id="notifications.E002",
                    )
                )
            elif compiled.stat().st_mtime < source.stat().st_mtime:
                found.append(
                    checks.Warning(
                        f"{compiled} is older than {source.name}: recent translations are not used",
                        hint="Run `make install` to compile it again.",
                        id="notifications.W001",
                    )
                )
    return found
