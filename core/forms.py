"""Form fields shared across the portal."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .money import format_nok, parse_nok


class NokField(forms.Field):
    """An amount in whole kroner: accepts 4 657 500, 4657500, 4 657 500,- and kr 4 657 500."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {"negative": _("Beløpet kan ikke være negativt.")}

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int):
            return value
        if str(value).strip().startswith("-"):
            raise ValidationError(self.error_messages["negative"], code="negative")
        return parse_nok(str(value))

    def prepare_value(self, value):
        if isinstance(value, int):
            return format_nok(value, prefix=False)
        return value


class NorwegianDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
