"""The application's statuses as data: which transitions exist and who may trigger them.

The secretariat's transitions (screening, assessment, prioritisation, forwarding, awards) are
added here by the secretariat issue; intake needs only the applicant's part.
"""

from dataclasses import dataclass

from .models import Application

S = Application.Status


@dataclass(frozen=True)
class Transition:
    source: frozenset[str]
    target: str
    actor: str  # "applicant" | "secretariat" | "helse_nord"


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(frozenset({S.DRAFT, S.RECEIVED}), S.RECEIVED, "applicant"),
    "withdraw": Transition(frozenset({S.DRAFT, S.RECEIVED, S.UNDER_REVIEW}), S.WITHDRAWN, "applicant"),
}

# Statuses in which the applicant may still change the content (until the deadline).
EDITABLE = frozenset({S.DRAFT, S.RECEIVED})
# Statuses the secretariat sees (everything that was sent in).
SUBMITTED = frozenset(set(S.values) - {S.DRAFT})
# Statuses Helse Nord sees.
FORWARDED = frozenset({S.FORWARDED, S.GRANTED, S.REFUSED})


def allowed(action: str, status: str) -> bool:
    transition = TRANSITIONS.get(action)
    return transition is not None and status in transition.source
