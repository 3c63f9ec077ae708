"""Login with e-mail and password; password reset by e-mail."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    # max_length here, not only the maxlength AuthenticationForm sets on the widget: a longer
    # address is refused at the field, before authenticate() (and axes, which stores at most 255).
    username = forms.EmailField(
        label=_("E-post"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "Feil e-postadresse eller passord. Husk at passordet skiller mellom store og små bokstaver."
        ),
        "inactive": _("Denne brukeren er deaktivert."),
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class PasswordResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-post"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class OneTimeCodeForm(forms.Form):
    """The six digits from the authenticator app, checked against `device` (or, with no device
    given, against every confirmed device of the user)."""

    code = forms.CharField(
        label=_("Engangskode"),
        max_length=20,
        help_text=_("De seks sifrene som autentiseringsappen viser nå."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, user, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Koden er seks sifre, for eksempel 123456."))
        devices = [self.device] if self.device is not None else self._confirmed_devices()
        for device in devices:
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                raise forms.ValidationError(
                    _("For mange feil koder på kort tid. Vent et halvt minutt og prøv den nye koden.")
                )
            if device.verify_token(code):
                self.verified_device = device
                return code
        raise forms.ValidationError(
            _("Koden stemmer ikke. Sjekk at klokken på telefonen går riktig, og prøv den nye koden.")
        )

    def _confirmed_devices(self):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        return list(TOTPDevice.objects.filter(user=self.user, confirmed=True))
