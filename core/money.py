"""Money is an integer number of kroner. This module is the one place that parses and formats it."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Spaces people type between thousands: ordinary, no-break and narrow no-break.
_SPACES = "[ \u00a0\u202f]"
_AMOUNT = re.compile(
    rf"^(?:kr\.?{_SPACES}*)?(?P<digits>\d{{1,3}}(?:{_SPACES}\d{{3}})+|\d+)(?:,-|,00)?(?:{_SPACES}*kr\.?)?$",
    re.IGNORECASE,
)
MAX_AMOUNT_NOK = 10_000_000_000


def parse_nok(text: str) -> int:
    """Parse `4 657 500`, `4657500`, `4 657 500,-` or `kr 4 657 500`; raise ValidationError otherwise."""
    cleaned = (text or "").strip()
    match = _AMOUNT.match(cleaned)
    if not match:
        raise ValidationError(
            _("Skriv beløpet i hele kroner, for eksempel 4 657 500 eller kr 4 657 500,-."),
            code="invalid_amount",
        )
    # Count the digits before int(): Python refuses to convert more than 4 300 of them (ValueError).
    digits = re.sub(_SPACES, "", match.group("digits")).lstrip("0") or "0"
    if len(digits) > len(str(MAX_AMOUNT_NOK)) or int(digits) > MAX_AMOUNT_NOK:
        raise ValidationError(_("Beløpet er urimelig stort. Sjekk antall sifre."), code="too_large")
    return int(digits)


def format_nok(amount: int | None, *, prefix: bool = True) -> str:
    """`kr 4 657 500` with no-break spaces, so an amount never wraps across lines."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    digits = f"{abs(int(amount)):,}".replace(",", "\u00a0")
    return f"kr\u00a0{sign}{digits}" if prefix else f"{sign}{digits}"
