"""Forms of the project pages. They validate what was typed; the services in services.py decide
whether the change is allowed, and their refusals are shown at the field they name.

Dates are typed as dd.mm.åååå in plain text fields (a refused date stays as typed), and decimal
figures accept a decimal comma («49,5»)."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from applications.models import RiskRow
from core.forms import NokField

from . import services
from .models import (
    Gain,
    Indicator,
    OrganisationUnit,
    Project,
    ProjectMilestone,
    ProjectRisk,
    ReportMilestone,
    StatusReport,
)

DATE_INVALID = _("Skriv datoen som dd.mm.åååå, for eksempel 31.12.2025.")


class DateInput(forms.DateInput):
    """A text field showing dd.mm.åååå; the field accepts dd.mm.åååå, dd.mm.åå and åååå-mm-dd
    (DATE_INPUT_FORMATS in core/formats)."""

    def __init__(self, attrs=None):
        attrs = {"placeholder": "dd.mm.åååå", "inputmode": "numeric", "autocomplete": "off", **(attrs or {})}
        super().__init__(attrs=attrs, format="%d.%m.%Y")


class NumberField(forms.DecimalField):
    """A decimal figure, with a decimal comma or point and spaces between thousands."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {"invalid": _("Skriv et tall, for eksempel 49,5.")}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
            value = value.replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return decimal_text(value)
        return value


def decimal_text(value: Decimal) -> str:
    """49.50 → «49,5», 20.00 → «20»."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


# --- The project --------------------------------------------------------------------------------


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name()
        return f"{name} ({user.email})" if name else user.email


class ProjectForm(forms.ModelForm):
    """The project's description (services.EDITABLE_FIELDS). The project leader is chosen among
    the staff of the application's party organisations."""

    class Meta:
        model = Project
        fields = list(services.EDITABLE_FIELDS)
        field_classes = {"leader": LeaderChoiceField}
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "target_group": forms.Textarea(attrs={"rows": 2}),
            "goals": forms.Textarea(attrs={"rows": 6}),
            "main_measures": forms.Textarea(attrs={"rows": 6}),
            "experiences": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "title": {"required": _("Skriv inn prosjektnavnet.")},
            "owner": {"required": _("Skriv inn hvem som eier prosjektet.")},
            "starts_on": {"required": _("Skriv inn når prosjektet starter."), "invalid": DATE_INVALID},
            "ends_on": {"required": _("Skriv inn når prosjektet avsluttes."), "invalid": DATE_INVALID},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        project = self.instance
        party = project.application.party_organisation_ids()
        users = get_user_model().objects.filter(memberships__organisation_id__in=party)
        if project.leader_id:
            users = users | get_user_model().objects.filter(pk=project.leader_id)
        self.fields["leader"].queryset = users.distinct().order_by("first_name", "last_name", "email")
        self.fields["leader"].empty_label = _("Ingen prosjektleder valgt")
        self.fields["leader"].help_text = _("En av de ansatte i organisasjonene som står bak søknaden.")
        self.fields["starts_on"].help_text = _("dd.mm.åååå")
        self.fields["ends_on"].help_text = _("dd.mm.åååå")


# --- The project's lists (one formset per section) ----------------------------------------------


class RowForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 3)


class GainForm(RowForm):
    class Meta:
        model = Gain
        fields = ["dimension", "text"]
        error_messages = {"text": {"required": _("Skriv inn gevinsten.")}}


class OrganisationUnitForm(RowForm):
    class Meta:
        model = OrganisationUnit
        fields = ["kind", "name", "purpose", "deliverables", "members", "reference_groups"]
        error_messages = {"name": {"required": _("Skriv inn navnet, for eksempel «Arbeidsgruppe 1».")}}


class MilestoneForm(RowForm):
    class Meta:
        model = ProjectMilestone
        fields = ["title", "due_on", "completed_on"]
        widgets = {"due_on": DateInput, "completed_on": DateInput}
        error_messages = {
            "title": {"required": _("Skriv inn milepælen.")},
            "due_on": {"required": _("Skriv inn fristen for milepælen."), "invalid": DATE_INVALID},
            "completed_on": {"invalid": DATE_INVALID},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].help_text = _("Datoen milepælen ble nådd. Tomt hvis den ikke er nådd.")


class RiskForm(RowForm):
    class Meta:
        model = ProjectRisk
        fields = ["factor", "level", "mitigation", "state"]
        error_messages = {
            "factor": {"required": _("Skriv inn risikofaktoren.")},
            "level": {"required": _("Velg vurderingen av risikoen.")},
        }


class IndicatorForm(RowForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "baseline_value",
            "baseline_on",
            "target_value",
            "target_on",
            "direction",
            "source",
            "source_note",
            "frequency",
        ]
        field_classes = {"baseline_value": NumberField, "target_value": NumberField}
        widgets = {"baseline_on": DateInput, "target_on": DateInput}
        error_messages = {
            "name": {"required": _("Skriv inn navnet på indikatoren.")},
            "unit": {"required": _("Skriv inn enheten, for eksempel «døgn per 1000 innbyggere».")},
            "baseline_value": {"required": _("Skriv inn utgangsverdien.")},
            "baseline_on": {
                "required": _("Skriv inn datoen utgangsverdien gjelder."),
                "invalid": DATE_INVALID,
            },
            "target_value": {"required": _("Skriv inn målet.")},
            "target_on": {"invalid": DATE_INVALID},
            "source": {"required": _("Velg datakilden.")},
        }


def _row_formset(model, form):
    return forms.inlineformset_factory(
        Project, model, form=form, extra=1, can_delete=True, max_num=100, validate_max=True
    )


class Section:
    """One of the project's lists, edited as a formset and saved by services.project_rows_replace."""

    def __init__(self, slug, model, form, title, help_text=""):
        self.slug, self.model, self.form, self.title, self.help_text = slug, model, form, title, help_text
        self.formset = _row_formset(model, form)
        self.fields = form._meta.fields


SECTIONS = {
    section.slug: section
    for section in (
        Section(
            "gevinster",
            Gain,
            GainForm,
            _("Gevinster"),
            _(
                "Gevinstene prosjektet skal gi, i de fire dimensjonene pasient/bruker, økonomi, personell og "
                "teknologi."
            ),
        ),
        Section(
            "organisasjon",
            OrganisationUnit,
            OrganisationUnitForm,
            _("Prosjektorganisasjon"),
            _(
                "Prosjekteier, styringsgruppe, prosjektgruppe og arbeidsgrupper, hver med formål, "
                "leveranser, deltakere og referansegrupper."
            ),
        ),
        Section("milepaeler", ProjectMilestone, MilestoneForm, _("Milepæler")),
        Section(
            "risiko",
            ProjectRisk,
            RiskForm,
            _("Risikoregister"),
            _("Statusrapportene oppdaterer vurderingen av hver åpen risiko når de sendes inn."),
        ),
        Section(
            "indikatorer",
            Indicator,
            IndicatorForm,
            _("Indikatorer"),
            _("Sletter du en indikator, slettes også målingene av den."),
        ),
    )
}


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(
        label=_("Gjelder dato"),
        widget=DateInput,
        help_text=_(
            "Slutten av perioden tallet gjelder, dd.mm.åååå. Finnes det en måling for datoen, "
            "blir den rettet."
        ),
        error_messages={"required": _("Skriv inn datoen målingen gjelder."), "invalid": DATE_INVALID},
    )
    value = NumberField(
        label=_("Verdi"),
        max_digits=14,
        decimal_places=2,
        error_messages={"required": _("Skriv inn verdien.")},
    )
    note = forms.CharField(label=_("Merknad"), required=False, max_length=300)


# --- The reporting plan --------------------------------------------------------------------------


class ReportAddForm(forms.ModelForm):
    class Meta:
        model = StatusReport
        fields = ["kind", "period_start", "period_end", "due_on"]
        widgets = {"period_start": DateInput, "period_end": DateInput, "due_on": DateInput}
        error_messages = {
            "period_start": {"required": _("Skriv inn når perioden begynner."), "invalid": DATE_INVALID},
            "period_end": {"required": _("Skriv inn når perioden slutter."), "invalid": DATE_INVALID},
            "due_on": {"required": _("Skriv inn fristen for rapporten."), "invalid": DATE_INVALID},
        }


class ReviewForm(forms.Form):
    ACCEPT, REQUEST_CHANGES = "accept", "request_changes"

    action = forms.ChoiceField(
        choices=[(ACCEPT, _("Godkjenn")), (REQUEST_CHANGES, _("Be om endringer"))],
        error_messages={"required": _("Velg å godkjenne eller å be om endringer.")},
    )
    comment = forms.CharField(
        label=_("Kommentar til prosjektet"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Må fylles ut når du ber om endringer: skriv hva som må rettes."),
    )


# --- The status report ---------------------------------------------------------------------------


class ReportForm(forms.Form):
    """The project's status report: the text, per milestone a progress and a comment, per funded
    year the money spent, per open risk its level now, and per indicator its value for the end of
    the period. `version` is the report's version when the form was read (optimistic locking)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("Siden var utdatert. Last inn siden på nytt og prøv igjen."),
            "invalid": _("Siden var utdatert. Last inn siden på nytt og prøv igjen."),
            "min_value": _("Siden var utdatert. Last inn siden på nytt og prøv igjen."),
        },
    )
    progress = forms.CharField(
        label=_("Fremdrift i perioden"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Hva er gjort, hva gjenstår, og ligger prosjektet an som planlagt? Må fylles ut før innsending."
        ),
    )
    risks_comment = forms.CharField(
        label=_("Kommentar til risikobildet"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    experiences = forms.CharField(
        label=_("Erfaringer"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hva har dere lært, og hva kan andre ha nytte av?"),
    )

    def __init__(
        self,
        *args,
        report: StatusReport,
        milestones,
        budget: dict[int, int],
        risks,
        indicators,
        saved: dict,
        **kwargs,
    ):
        """`saved` holds the report's rows as saved: {"milestones": {milestone_id: row},
        "spending": {year: row}, "risks": {risk_id: row}}; indicator values come from the
        indicators' prefetched measurements for the period's end."""
        kwargs.setdefault(
            "initial",
            {
                "version": report.version,
                "progress": report.progress,
                "risks_comment": report.risks_comment,
                "experiences": report.experiences,
            },
        )
        super().__init__(*args, **kwargs)
        self.report = report
        self.milestones, self.budget, self.risks, self.indicators = (
            list(milestones),
            budget,
            list(risks),
            list(indicators),
        )
        progress = ReportMilestone.Progress
        for milestone in self.milestones:
            row = saved["milestones"].get(milestone.pk)
            if row is not None:
                guess = row.progress
            elif milestone.completed_on:
                guess = progress.DONE
            elif milestone.is_late():
                guess = progress.DELAYED
            else:
                guess = progress.IN_PROGRESS
            self.fields[f"milestone_{milestone.pk}_progress"] = forms.ChoiceField(
                label=_("Status"),
                choices=progress.choices,
                initial=guess,
                error_messages={"required": _("Velg status for milepælen.")},
            )
            self.fields[f"milestone_{milestone.pk}_comment"] = forms.CharField(
                label=_("Kommentar"), required=False, max_length=500, initial=row.comment if row else ""
            )
        for year in budget:
            row = saved["spending"].get(year)
            self.fields[f"spent_{year}"] = NokField(
                label=_("Brukt (kr)"),
                required=False,
                initial=row.spent_nok if row else None,
                help_text=_("Hele kroner, for eksempel 850 000."),
            )
            self.fields[f"spent_{year}_comment"] = forms.CharField(
                label=_("Kommentar"), required=False, max_length=500, initial=row.comment if row else ""
            )
        for risk in self.risks:
            row = saved["risks"].get(risk.pk)
            self.fields[f"risk_{risk.pk}_level"] = forms.ChoiceField(
                label=_("Vurdering nå"),
                choices=RiskRow.Level.choices,
                initial=row.level if row else risk.level,
                error_messages={"required": _("Velg vurderingen av risikoen.")},
            )
            self.fields[f"risk_{risk.pk}_comment"] = forms.CharField(
                label=_("Kommentar"), required=False, max_length=500, initial=row.comment if row else ""
            )
        for indicator in self.indicators:
            measured = next(
                (m for m in indicator.measurements.all() if m.measured_on == report.period_end), None
            )
            self.fields[f"indicator_{indicator.pk}_value"] = NumberField(
                label=_("Verdi per %(date)s (%(unit)s)")
                % {"date": report.period_end.strftime("%d.%m.%Y"), "unit": indicator.unit},
                required=False,
                max_digits=14,
                decimal_places=2,
                initial=measured.value if measured else None,
                help_text=_("Tomt hvis tallet ikke finnes ennå."),
            )
            self.fields[f"indicator_{indicator.pk}_note"] = forms.CharField(
                label=_("Merknad"), required=False, max_length=300, initial=measured.note if measured else ""
            )

    # Rows for the template: the thing reported on and its bound fields.

    def milestone_rows(self):
        return [
            (m, self[f"milestone_{m.pk}_progress"], self[f"milestone_{m.pk}_comment"])
            for m in self.milestones
        ]

    def spending_rows(self):
        return [
            (year, amount, self[f"spent_{year}"], self[f"spent_{year}_comment"])
            for year, amount in self.budget.items()
        ]

    def risk_rows(self):
        return [(r, self[f"risk_{r.pk}_level"], self[f"risk_{r.pk}_comment"]) for r in self.risks]

    def indicator_rows(self):
        return [(i, self[f"indicator_{i.pk}_value"], self[f"indicator_{i.pk}_note"]) for i in self.indicators]

    def clean(self):
        data = super().clean()
        for year in self.budget:
            if (
                data.get(f"spent_{year}") is None
                and data.get(f"spent_{year}_comment")
                and not self.has_error(f"spent_{year}")
            ):
                self.add_error(f"spent_{year}", _("Skriv beløpet som er brukt, eller fjern kommentaren."))
        for indicator in self.indicators:
            value = f"indicator_{indicator.pk}_value"
            if (
                data.get(value) is None
                and data.get(f"indicator_{indicator.pk}_note")
                and not self.has_error(value)
            ):
                self.add_error(value, _("Skriv verdien, eller fjern merknaden."))
        return data

    def service_arguments(self) -> dict:
        """The cleaned form as the keyword arguments of services.report_save."""
        data = self.cleaned_data
        return {
            "version": data["version"],
            "progress": data["progress"],
            "risks_comment": data["risks_comment"],
            "experiences": data["experiences"],
            "milestones": {
                m.pk: (data[f"milestone_{m.pk}_progress"], data[f"milestone_{m.pk}_comment"])
                for m in self.milestones
            },
            "spending": {
                year: (data[f"spent_{year}"], data[f"spent_{year}_comment"])
                for year in self.budget
                if data[f"spent_{year}"] is not None
            },
            "risks": {r.pk: (data[f"risk_{r.pk}_level"], data[f"risk_{r.pk}_comment"]) for r in self.risks},
            "measurements": {
                i.pk: (data[f"indicator_{i.pk}_value"], data[f"indicator_{i.pk}_note"])
                for i in self.indicators
            },
        }
