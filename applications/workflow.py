"""The application's statuses as data: which transitions exist, from which statuses, and which
roles may trigger them. Services check this table; views never assign a status.

    utkast → mottatt → under vurdering → formelt avvist | vurdert → prioritert → videresendt
    → innvilget | avslått          (trukket: by the applicant, before screening is done)

prioritert and videresendt are set for all applications of a round at once, by freezing the
prioritisation board and by forwarding it (applications/prioritisation.py).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Application

S = Application.Status

APPLICANT = "applicant"
SECRETARIAT = "secretariat"
HELSE_NORD = "helse_nord"


@dataclass(frozen=True)
class Transition:
    source: frozenset[str]
    target: str
    roles: frozenset[str]
    label: str
    reason_required: bool = False


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(frozenset({S.DRAFT, S.RECEIVED}), S.RECEIVED, frozenset({APPLICANT}), _("Send inn")),
    "withdraw": Transition(
        frozenset({S.DRAFT, S.RECEIVED, S.UNDER_REVIEW}),
        S.WITHDRAWN,
        frozenset({APPLICANT}),
        _("Trekk søknaden"),
    ),
    "start_review": Transition(
        frozenset({S.RECEIVED}), S.UNDER_REVIEW, frozenset({SECRETARIAT}), _("Start vurdering")
    ),
    "reject_formal": Transition(
        frozenset({S.RECEIVED, S.UNDER_REVIEW}),
        S.REJECTED_FORMAL,
        frozenset({SECRETARIAT}),
        _("Avvis formelt"),
        reason_required=True,
    ),
    "mark_assessed": Transition(
        frozenset({S.UNDER_REVIEW}), S.ASSESSED, frozenset({SECRETARIAT}), _("Marker som vurdert")
    ),
    "reopen_review": Transition(
        frozenset({S.ASSESSED}), S.UNDER_REVIEW, frozenset({SECRETARIAT}), _("Gjenåpne vurderingen")
    ),
    "prioritise": Transition(
        frozenset({S.ASSESSED}), S.PRIORITISED, frozenset({SECRETARIAT}), _("Prioriter")
    ),
    "unprioritise": Transition(
        frozenset({S.PRIORITISED}), S.ASSESSED, frozenset({SECRETARIAT}), _("Lås opp prioriteringen")
    ),
    "forward": Transition(
        frozenset({S.PRIORITISED}), S.FORWARDED, frozenset({SECRETARIAT}), _("Send videre til Helse Nord")
    ),
    "grant": Transition(
        frozenset({S.FORWARDED}), S.GRANTED, frozenset({SECRETARIAT, HELSE_NORD}), _("Innvilg")
    ),
    "refuse": Transition(
        frozenset({S.FORWARDED}),
        S.REFUSED,
        frozenset({SECRETARIAT, HELSE_NORD}),
        _("Avslå"),
        reason_required=True,
    ),
}

# Actions the secretariat's case page offers as plain buttons (awards have their own form).
CASE_ACTIONS = ("start_review", "reject_formal", "mark_assessed", "reopen_review")

# Done for every application of a round at once, by the prioritisation board.
BOARD_ACTIONS = ("prioritise", "unprioritise", "forward")

# Statuses in which the applicant may still change the content (until the deadline).
EDITABLE = frozenset({S.DRAFT, S.RECEIVED})
# Statuses the secretariat sees (everything that was sent in).
SUBMITTED = frozenset(set(S.values) - {S.DRAFT})
# Statuses Helse Nord sees.
FORWARDED = frozenset({S.FORWARDED, S.GRANTED, S.REFUSED})
# Statuses in which the secretariat scores.
SCORING = frozenset({S.UNDER_REVIEW, S.ASSESSED})
# Statuses of applications that stand on the prioritisation board.
ON_BOARD = frozenset({S.ASSESSED, S.PRIORITISED, S.FORWARDED, S.GRANTED, S.REFUSED})
# Statuses of applications the secretariat has not finished with: they block freezing the board.
IN_REVIEW = frozenset({S.RECEIVED, S.UNDER_REVIEW})
# Statuses in which the formal check may be edited.
SCREENING = frozenset({S.RECEIVED, S.UNDER_REVIEW})


def allowed(action: str, status: str) -> bool:
    transition = TRANSITIONS.get(action)
    return transition is not None and status in transition.source
