"""Forms of the notification pages: the user's e-mail settings and the log's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kind, Notification


class PreferencesForm(forms.Form):
    """One checkbox per kind: checked means the kind is also sent by e-mail."""

    email_kinds = forms.MultipleChoiceField(
        label=_("Send på e-post"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Velg blant varseltypene i listen.")},
    )

    @classmethod
    def for_user_choices(cls, chosen: dict[str, bool]) -> "PreferencesForm":
        """The form as the user's settings stand (`services.preferences_for`)."""
        return cls(initial={"email_kinds": [kind for kind, email in chosen.items() if email]})


class LogFilterForm(forms.Form):
    """The log's filters, from the query string. An invalid value is shown at its field and not
    used (the log then shows every row for that field)."""

    kind = forms.ChoiceField(
        label=_("Type varsel"),
        choices=[("", _("Alle"))] + Kind.choices,
        required=False,
        error_messages={"invalid_choice": _("Velg en av typene i listen.")},
    )
    email_status = forms.ChoiceField(
        label=_("E-poststatus"),
        choices=[("", _("Alle"))] + Notification.EmailStatus.choices,
        required=False,
        error_messages={"invalid_choice": _("Velg en av statusene i listen.")},
    )

    def filters(self) -> dict[str, str]:
        """The valid filters, by name; an invalid one is left out."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}
