import datetime as dt

from django import template
from django.utils import timezone

from core.money import format_nok

register = template.Library()


@register.filter
def nok(value):
    """{{ amount|nok }} → kr 4 657 500"""
    if value in (None, ""):
        return ""
    return format_nok(int(value))


@register.filter
def nok_plain(value):
    if value in (None, ""):
        return ""
    return format_nok(int(value), prefix=False)


@register.filter
def isodate(value):
    """'2025-02-27' (as stored in snapshots) → 27.02.2025"""
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return value


@register.filter
def days_until(day):
    """Whole days from today (Europe/Oslo) to `day`: negative once it has passed."""
    if not day:
        return None
    return (day - timezone.localdate()).days


@register.filter
def absolute(value):
    return abs(value) if isinstance(value, int) else value


@register.filter
def crispy_field(field):
    """The field as crispy-forms' `as_crispy_field` renders it, built in Python (core.form_html)."""
    from core.form_html import field_html

    return field_html(field)
