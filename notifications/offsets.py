"""Reminder offsets: how many days before a deadline or a meeting a reminder goes out, stored as
text ("14,3,1,0") on a round or a committee so the secretariat can change them in the admin.
Kept free of model imports: the models of applications and committees use the validator."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_DAYS = 365
_PART = re.compile(r"^\d{1,3}$")


def validate_day_offsets(value: str) -> None:
    """Comma-separated whole numbers of days from 0 to 365 ("14,3,1,0"); empty means none."""
    if not (value or "").strip():
        return
    for part in value.split(","):
        part = part.strip()
        if not part:
            raise ValidationError(
                _("Fjern det ekstra kommaet. Skriv antall dager skilt med komma, for eksempel «14,3,1,0»."),
                code="invalid_day_offsets",
            )
        if not _PART.match(part) or int(part) > MAX_DAYS:
            raise ValidationError(
                _(
                    "Skriv antall dager som hele tall fra 0 til %(max)s, skilt med komma, for eksempel "
                    "«14,3,1,0». «%(part)s» er ikke et slikt tall."
                ),
                code="invalid_day_offsets",
                params={"max": MAX_DAYS, "part": part},
            )


def parse_day_offsets(value: str) -> frozenset[int]:
    """The offsets in `value`. Parts that are not valid are left out rather than stopping the
    sweep (a value set outside the admin, where it is not validated)."""
    days = set()
    for part in (value or "").split(","):
        part = part.strip()
        if _PART.match(part) and int(part) <= MAX_DAYS:
            days.add(int(part))
    return frozenset(days)
