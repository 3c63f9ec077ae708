"""The one exception a service raises when a rule refuses an action."""


class Refused(Exception):
    """A rule refused the action; the message is for the user, in Norwegian. `field` names the
    form field the message belongs at, when there is one."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field
