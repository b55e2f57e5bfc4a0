"""A start-up check: with Notify switched on, every message template must map to a Notify one."""

from typing import Any

from django.core import checks

from onestop.notifications.backends import missing_notify_templates


@checks.register(checks.Tags.compatibility)
def notify_templates_configured(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    missing = missing_notify_templates()
    if not missing:
        return []
    return [
        checks.Error(
            "NOTIFY_API_KEY is set but NOTIFY_TEMPLATE_IDS has no Notify template for: "
            + ", ".join(missing),
            hint="Set NOTIFY_TEMPLATE_IDS to key=template-id pairs, separated by commas.",
            id="notifications.E001",
        )
    ]
