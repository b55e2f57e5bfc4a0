"""Parts of the case page that later apps add, so casework shows them without importing those
apps (the dependency order runs the other way): an app registers a template and the function
that gives it its context, in its AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CasePanel:
    heading: str
    template: str
    context: Callable[[Any], dict[str, Any]]  # given the application


_PANELS: list[CasePanel] = []


def case_panel_register(
    *, heading: str, template: str, context: Callable[[Any], dict[str, Any]]
) -> None:
    if any(panel.template == template for panel in _PANELS):
        return  # ready() can run more than once in tests
    _PANELS.append(CasePanel(heading=heading, template=template, context=context))


def case_panels(*, application: Any) -> list[tuple[CasePanel, dict[str, Any]]]:
    """Each registered panel with its context for this application, in the order registered."""
    return [(panel, panel.context(application)) for panel in _PANELS]
