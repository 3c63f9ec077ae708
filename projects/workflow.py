"""A status report's statuses as data: which transitions exist, from which statuses, and who may
trigger them. Services check this table; views never assign a status.

    ikke påbegynt → utkast → sendt inn → godkjent
                                      ↘ endringer etterspurt → (rettet) → sendt inn
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import StatusReport

S = StatusReport.Status

PROJECT = "project"  # the project leader and the staff of the project's organisations
SECRETARIAT = "secretariat"


@dataclass(frozen=True)
class Transition:
    source: frozenset[str]
    target: str
    role: str
    label: str
    comment_required: bool = False


# Saving a draft keeps a report that came back with changes asked as «endringer etterspurt», so
# both sides see what is being answered; submitting moves it on.
EDITABLE = frozenset({S.PLANNED, S.DRAFT, S.CHANGES_REQUESTED})
SUBMITTED = frozenset({S.SUBMITTED, S.ACCEPTED})

TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(
        frozenset({S.DRAFT, S.CHANGES_REQUESTED}), S.SUBMITTED, PROJECT, _("Send inn rapporten")
    ),
    "accept": Transition(frozenset({S.SUBMITTED}), S.ACCEPTED, SECRETARIAT, _("Godkjenn rapporten")),
    "request_changes": Transition(
        frozenset({S.SUBMITTED}),
        S.CHANGES_REQUESTED,
        SECRETARIAT,
        _("Be om endringer"),
        comment_required=True,
    ),
}
