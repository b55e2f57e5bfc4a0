"""Errors a service raises when it refuses to change anything, with a message for people."""


class ServiceError(Exception):
    """A request that cannot be carried out; `message` is plain English and says what to do.

    `field` names the form field at fault, when there is one, so pages can link to it.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotPermitted(ServiceError):
    """The actor's role in this council does not allow the action."""
