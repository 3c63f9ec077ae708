"""Forms of the committee pages. They validate what was typed; the services in services.py decide
whether the change is allowed, and their refusals are shown at the field they name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import NorwegianDateInput
from core.uploads import PDF, validate_upload

from .models import Case, Meeting, Vote


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class MeetingForm(forms.ModelForm):
    video_link = forms.URLField(
        label=_("Lenke til videomøte"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Skriv hele nettadressen, for eksempel https://teams.microsoft.com/…")},
    )

    class Meta:
        model = Meeting
        fields = ["kind", "date", "starts_at", "ends_at", "place", "video_link"]
        widgets = {"date": NorwegianDateInput, "starts_at": TimeInput, "ends_at": TimeInput}
        error_messages = {
            "date": {
                "required": _("Skriv inn datoen for møtet."),
                "invalid": _("Skriv datoen som dd.mm.åååå, for eksempel 09.09.2027."),
            },
            "starts_at": {
                "required": _("Skriv inn når møtet begynner."),
                "invalid": _("Skriv klokkeslettet som tt:mm, for eksempel 09:00."),
            },
            "ends_at": {"invalid": _("Skriv klokkeslettet som tt:mm, for eksempel 15:00.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].input_formats = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
        self.fields["place"].help_text = _(
            "For eksempel «Mosjøen, rådhuset». Kan stå tomt for rene videomøter."
        )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Møtet må slutte etter at det begynner."))
        if (
            not (data.get("place") or "").strip()
            and not data.get("video_link")
            and "video_link" not in self.errors
        ):
            self.add_error("place", _("Skriv inn stedet for møtet, eller en lenke til videomøte."))
        return data


class CaseAddForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ["title", "kind"]
        error_messages = {"title": {"required": _("Skriv inn en tittel på saken.")}}


class CaseForm(forms.ModelForm):
    """The text of the case paper, whether it is exempt from public access, and its meeting."""

    class Meta:
        model = Case
        fields = [
            "title",
            "kind",
            "meeting",
            "recommendation",
            "background",
            "assessment",
            "exempt_from_public",
            "exemption_basis",
        ]
        widgets = {
            "recommendation": forms.Textarea(attrs={"rows": 6}),
            "background": forms.Textarea(attrs={"rows": 10}),
            "assessment": forms.Textarea(attrs={"rows": 8}),
        }
        error_messages = {"title": {"required": _("Skriv inn en tittel på saken.")}}

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"].queryset = meetings
        self.fields["meeting"].empty_label = _("Ikke satt opp på noe møte")
        self.fields["exemption_basis"].help_text = _(
            "For eksempel «offl. § 13, jf. fvl. § 13 første ledd nr. 1»."
        )

    def clean(self):
        data = super().clean()
        if data.get("exempt_from_public") and not (data.get("exemption_basis") or "").strip():
            self.add_error("exemption_basis", _("Oppgi hjemmelen for å unnta saken fra offentlighet."))
        return data


class PostponeForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Utsett til møte"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("Ikke satt opp på noe møte ennå"),
    )

    def __init__(self, *args, meetings=None, **kwargs):
        # Ids of its own: the case page also shows CaseForm, which has a field "meeting" too.
        kwargs.setdefault("auto_id", "postpone-%s")
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"].queryset = meetings


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse (valgfritt)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DecisionForm(forms.Form):
    ADOPT = "adopt"
    WRITE = "write"

    action = forms.ChoiceField(
        choices=[(ADOPT, ADOPT), (WRITE, WRITE)], widget=forms.HiddenInput, initial=ADOPT
    )
    decision = forms.CharField(
        label=_("Vedtak"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ett punkt per linje. Endre teksten hvis utvalget vedtok noe annet enn innstillingen."),
    )


class VoteForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(label=_("Stemme"), choices=Vote.Choice.choices)


class InhabilForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor er du inhabil?"),
        required=True,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv kort hvorfor du er inhabil i saken.")},
    )


class CaseAttachmentForm(forms.Form):
    title = forms.CharField(
        label=_("Tittel på vedlegget"),
        required=False,
        max_length=300,
        help_text=_("Står det tomt, brukes filnavnet."),
    )
    file = forms.FileField(
        label=_("Fil (PDF)"),
        help_text=_("Bare PDF. Høyst 20 MB."),
        error_messages={"required": _("Velg en PDF-fil å laste opp.")},
    )

    def __init__(self, *args, **kwargs):
        # Ids of its own: the case page also shows CaseForm, which has a field "title" too.
        kwargs.setdefault("auto_id", "attachment-%s")
        super().__init__(*args, **kwargs)
        self.accepted = None

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        accepted = validate_upload(uploaded)
        if accepted.content_type != PDF.content_type:
            raise forms.ValidationError(
                _("Bare PDF kan legges ved saken. Lagre dokumentet som PDF og last det opp på nytt."),
                code="not_pdf",
            )
        self.accepted = accepted
        return uploaded


class AttendanceForm(forms.Form):
    """Present or forfall, and a note, for every seat of the committee."""

    PRESENT, ABSENT = "present", "absent"

    def __init__(self, *args, memberships=(), attendance=None, **kwargs):
        super().__init__(*args, **kwargs)
        attendance = attendance or {}
        self.memberships = list(memberships)
        for membership in self.memberships:
            recorded = attendance.get(membership.pk)
            name = membership.user.get_full_name() or membership.user.email
            self.fields[f"present_{membership.pk}"] = forms.ChoiceField(
                label=_("Oppmøte for %(name)s") % {"name": name},
                choices=[(self.PRESENT, _("Til stede")), (self.ABSENT, _("Forfall"))],
                widget=forms.RadioSelect,
                initial=None if recorded is None else (self.PRESENT if recorded.present else self.ABSENT),
                error_messages={"required": _("Velg til stede eller forfall.")},
            )
            self.fields[f"note_{membership.pk}"] = forms.CharField(
                label=_("Merknad for %(name)s") % {"name": name},
                required=False,
                max_length=300,
                initial=recorded.note if recorded else "",
            )

    @property
    def rows(self):
        return [(m, self[f"present_{m.pk}"], self[f"note_{m.pk}"]) for m in self.memberships]

    def attendance(self) -> dict[int, tuple[bool, str]]:
        return {
            m.pk: (self.cleaned_data[f"present_{m.pk}"] == self.PRESENT, self.cleaned_data[f"note_{m.pk}"])
            for m in self.memberships
        }


class PrioritisationCaseForm(forms.Form):
    """On the meeting page: which frozen board the case is made from."""

    prioritisation = forms.ModelChoiceField(
        label=_("Prioritering"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Velg prioriteringen saken skal lages fra.")},
    )

    def __init__(self, *args, prioritisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prioritisation"].queryset = prioritisations
        self.fields["prioritisation"].label_from_instance = lambda prio: prio.round.title


class BoardCaseForm(forms.Form):
    """On the prioritisation board: which SSU meeting the case is put on."""

    meeting = forms.ModelChoiceField(
        label=_("Møte i SSU"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Velg møtet saken skal behandles i.")},
    )

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
