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


@register.filter
def hidden_inputs(form_or_field):
    """A hidden field, or every field of a form of hidden fields (a formset's management form), as
    its <input>, built in Python (core.form_html): the same markup as {{ field }}, without the
    form and widget templates, which took a third of the prioritisation board's rendering."""
    from django import forms
    from django.utils.safestring import mark_safe

    from core.form_html import text_input_html

    fields = list(form_or_field) if isinstance(form_or_field, forms.BaseForm) else [form_or_field]
    if any(not field.is_hidden for field in fields):
        raise TypeError("hidden_inputs renders hidden fields only")
    return mark_safe("".join(text_input_html(field) for field in fields))  # noqa: S308 (escaped there)
