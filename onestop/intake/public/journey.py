"""One applicant's journey through the questions: the answers kept in the session until sent.

Each council's journey (web or kiosk) is one dict in the session: the form token made at the
start (so sending twice gives one application), the answers, and the steps answered.
"""

import secrets
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language

from onestop.councils.models import Council
from onestop.intake.models import Channel
from onestop.intake.public.steps import STEPS, JourneyContext, Step, first_unanswered
from onestop.people.selectors import gazetteer_loaded
from onestop.policy.selectors import schemes_open


@dataclass(frozen=True)
class Mode:
    """Applying online or at a kiosk: the same questions under a different address and layout."""

    prefix: str
    channel: str
    kiosk: bool

    def url(self, name: str, council: Council, **kwargs: Any) -> str:
        return reverse(
            f"public:{self.prefix}_{name}", kwargs={"council_slug": council.slug, **kwargs}
        )


WEB = Mode("apply", Channel.WEB, kiosk=False)
KIOSK = Mode("kiosk", Channel.KIOSK, kiosk=True)


def journey_context(council: Council) -> JourneyContext:
    return JourneyContext(
        council=council,
        schemes=list(schemes_open(council=council).order_by("name")),
        gazetteer=gazetteer_loaded(council=council),
    )


def current_language() -> str:
    """The language the person is reading in, recorded for their letters and messages."""
    return "cy" if (get_language() or "").startswith("cy") else "en"


class Journey:
    """The session's record of one council's application, read and written by the views."""

    def __init__(self, request: HttpRequest, council: Council, mode: Mode) -> None:
        self.request = request
        self.council = council
        self.mode = mode
        self.context = journey_context(council)
        self.key = f"{mode.prefix}:{council.pk}"
        stored = request.session.get(self.key) or {}
        self.data: dict[str, Any] = {
            "token": stored.get("token") or secrets.token_urlsafe(16),
            "answers": dict(stored.get("answers") or {}),
            "done": list(stored.get("done") or []),
            "draft_id": stored.get("draft_id"),
        }

    @property
    def answers(self) -> dict[str, Any]:
        answers: dict[str, Any] = self.data["answers"]
        return answers

    @property
    def done(self) -> set[str]:
        return set(self.data["done"])

    @property
    def token(self) -> str:
        token: str = self.data["token"]
        return token

    @property
    def draft_id(self) -> int | None:
        draft_id: int | None = self.data["draft_id"]
        return draft_id

    def save(self) -> None:
        self.request.session[self.key] = self.data  # a new value, so the session is written

    def record(self, step: Step, answers: dict[str, Any], *, done: bool = True) -> None:
        """Keep a step's answers; steps that depend on a changed answer are asked again."""
        changed = any(self.answers.get(name) != value for name, value in answers.items())
        self.answers.update(answers)
        marks = self.done
        if changed:
            marks -= set(step.resets)
        if done:
            marks.add(step.name)
        else:
            marks.discard(step.name)
        self.data["done"] = [s.name for s in STEPS if s.name in marks]
        self.save()

    def restore(self, *, answers: dict[str, Any], done: list[str], draft_id: int) -> None:
        self.data.update(answers=answers, done=done, draft_id=draft_id)
        self.save()

    def set_draft(self, draft_id: int | None) -> None:
        self.data["draft_id"] = draft_id
        self.save()

    def forget(self) -> None:
        self.request.session.pop(self.key, None)

    def next_step(self) -> Step | None:
        return first_unanswered(self.answers, self.done, self.context)

    def missing_before(self, step: Step) -> Step | None:
        return first_unanswered(self.answers, self.done, self.context, before=step)

    def url(self, name: str, **kwargs: Any) -> str:
        return self.mode.url(name, self.council, **kwargs)

    def step_url(self, step: Step) -> str:
        if step.view == "step":
            return self.url("step", step=step.name)
        if step.name == "address":
            route = self.answers.get("address_route")
            if route == "none":
                return self.url("no_fixed_address")
            if route == "manual" or not self.context.gazetteer:
                return self.url("address_manual")
        return self.url(step.view)

    def next_url(self) -> str:
        """Where to go after a question: the first not yet answered, else check answers."""
        step = self.next_step()
        return self.step_url(step) if step else self.url("check")
