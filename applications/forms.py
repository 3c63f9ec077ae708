"""The application form, one Django form (plus row formsets) per section of Helse Nord's form.
Nothing is required at field level: a draft may be partial. Completeness is checked at submit."""

import re
from dataclasses import dataclass, field

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from core.forms import NokField, NorwegianDateInput
from core.models import Organisation
from core.money import format_nok
from core.uploads import validate_upload

from .models import (
    Application,
    Attachment,
    BenefitRow,
    BudgetLine,
    ContactPerson,
    Milestone,
    RiskRow,
    ScreeningCheck,
    SubProject,
)
from .workflow import CASE_ACTIONS


class StepForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        for f in self.fields.values():
            f.required = False
            if isinstance(f.widget, forms.Textarea):
                f.widget.attrs.setdefault("rows", 6)


class BasicsForm(StepForm):
    class Meta:
        model = Application
        fields = [
            "title",
            "owners",
            "owners_note",
            "participating_municipalities",
            "supporting_municipalities",
            "hospital_trust",
            "agreement_signed_on",
            "is_continuation",
            "fsu",
        ]
        widgets = {
            "owners": forms.CheckboxSelectMultiple,
            "participating_municipalities": forms.CheckboxSelectMultiple,
            "supporting_municipalities": forms.CheckboxSelectMultiple,
            "agreement_signed_on": NorwegianDateInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        community = self.instance.round.health_community
        local = Organisation.objects.filter(health_community=community)
        municipalities = local.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("name")
        self.fields["owners"].queryset = local.filter(kind__in=["kommune", "hf"]).order_by("-kind", "name")
        self.fields["participating_municipalities"].queryset = municipalities
        self.fields["supporting_municipalities"].queryset = municipalities
        self.fields["hospital_trust"].queryset = local.filter(kind=Organisation.Kind.HOSPITAL_TRUST)
        self.fields["fsu"].queryset = Committee.objects.filter(
            health_community=community, kind=Committee.Kind.FSU
        )
        self.fields["agreement_signed_on"].help_text = _("Den signerte avtalen legges ved under Vedlegg.")

    def clean(self):
        data = super().clean()
        both = set(data.get("participating_municipalities") or []) & set(
            data.get("supporting_municipalities") or []
        )
        if both:
            self.add_error(
                "supporting_municipalities",
                _("%(names)s er allerede valgt som deltakende kommune.")
                % {"names": ", ".join(str(o) for o in both)},
            )
        return data


class DescriptionForm(StepForm):
    class Meta:
        model = Application
        fields = ["summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 12})}


class BenefitsForm(StepForm):
    class Meta:
        model = Application
        fields = ["expected_benefits"]


class PurposeForm(StepForm):
    class Meta:
        model = Application
        fields = ["purpose_fit", "priority_groups", "focus_areas"]
        widgets = {
            "priority_groups": forms.CheckboxSelectMultiple,
            "focus_areas": forms.CheckboxSelectMultiple,
        }


class BudgetForm(StepForm):
    amount_applied_nok = NokField(label=_("Omsøkt beløp (kr)"), required=False)
    municipal_contribution_nok = NokField(label=_("Kommunenes egeninnsats (kr)"), required=False)
    hospital_contribution_nok = NokField(label=_("Helseforetakets egeninnsats (kr)"), required=False)

    class Meta:
        model = Application
        fields = [
            "amount_applied_nok",
            "amount_applied_purpose",
            "municipal_contribution_nok",
            "municipal_contribution_text",
            "hospital_contribution_nok",
            "hospital_contribution_text",
            "financing_plan",
        ]
        widgets = {
            "amount_applied_purpose": forms.Textarea(attrs={"rows": 3}),
            "municipal_contribution_text": forms.Textarea(attrs={"rows": 3}),
            "hospital_contribution_text": forms.Textarea(attrs={"rows": 3}),
        }


class PatientAndDigitalForm(StepForm):
    class Meta:
        model = Application
        fields = ["patient_responsibility", "digital_solutions"]


class PlanForm(StepForm):
    class Meta:
        model = Application
        fields = ["project_plan"]


class InvolvementForm(StepForm):
    class Meta:
        model = Application
        fields = ["user_involvement"]


# --- Rows -------------------------------------------------------------------------------------


class RowForm(forms.ModelForm):
    """A row of a table on the form. A row left empty is ignored; a started row must be whole."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            if isinstance(f.widget, forms.Textarea):
                f.widget.attrs.setdefault("rows", 2)


class BudgetLineForm(RowForm):
    amount_nok = NokField(label=_("Beløp (kr)"))

    class Meta:
        model = BudgetLine
        fields = ["cost_item", "period", "amount_nok"]


class MilestoneForm(RowForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "due_quarter"]
        widgets = {"due_date": NorwegianDateInput}

    def clean(self):
        data = super().clean()
        if data.get("title") and not data.get("due_date") and not data.get("due_quarter", "").strip():
            self.add_error("due_date", _("Oppgi en dato eller et kvartal for milepælen."))
        quarter = (data.get("due_quarter") or "").strip().upper()
        if quarter:
            if not re.fullmatch(r"Q[1-4] ?20\d\d", quarter):
                self.add_error("due_quarter", _("Skriv kvartalet som «Q3 2026»."))
            else:
                data["due_quarter"] = quarter[:2] + " " + quarter[-4:]
        return data


def row_formset(model, form, fields=None):
    return forms.inlineformset_factory(
        Application,
        model,
        form=form,
        fields=fields,
        extra=1,
        can_delete=True,
        max_num=50,
        validate_max=True,
    )


ContactFormSet = row_formset(ContactPerson, RowForm, ["side", "name", "title", "email", "phone"])
SubProjectFormSet = row_formset(SubProject, RowForm, ["title", "description"])
BenefitFormSet = row_formset(
    BenefitRow,
    RowForm,
    [
        "benefit",
        "beneficiary",
        "responsible",
        "measurement",
        "how_to_measure",
        "prerequisites",
        "time_horizon",
    ],
)
BudgetLineFormSet = row_formset(BudgetLine, BudgetLineForm)
MilestoneFormSet = row_formset(Milestone, MilestoneForm)
RiskFormSet = row_formset(RiskRow, RowForm, ["factor", "level", "mitigation"])


# --- The steps --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    number: str  # the field numbers of Helse Nord's form this step covers
    form: type | None = None
    formsets: tuple = field(default_factory=tuple)


STEPS = [
    Step("grunnopplysninger", _("Grunnopplysninger"), "1–3, 5, 7", BasicsForm),
    Step(
        "kontaktpersoner",
        _("Kontaktpersoner"),
        "4, 6",
        None,
        (("contacts", ContactFormSet, _("Kontaktpersoner")),),
    ),
    Step(
        "beskrivelse",
        _("Beskrivelse"),
        "8",
        DescriptionForm,
        (("subprojects", SubProjectFormSet, _("Delprosjekter (valgfritt)")),),
    ),
    Step("nytte", _("Forventet nytte"), "9", BenefitsForm, (("benefits", BenefitFormSet, _("Nyttetabell")),)),
    Step("formal", _("Formål og prioriteringer"), "10", PurposeForm),
    Step("budsjett", _("Budsjett"), "11", BudgetForm, (("budget", BudgetLineFormSet, _("Budsjettlinjer")),)),
    Step("pasientansvar", _("Pasientansvar og digitale løsninger"), "12–13", PatientAndDigitalForm),
    Step(
        "prosjektplan", _("Prosjektplan"), "14", PlanForm, (("milestones", MilestoneFormSet, _("Milepæler")),)
    ),
    Step(
        "medvirkning-risiko",
        _("Medvirkning og risiko"),
        "15",
        InvolvementForm,
        (("risks", RiskFormSet, _("Risikotabell")),),
    ),
]
STEP_BY_SLUG = {step.slug: step for step in STEPS}
ATTACHMENT_STEP = "vedlegg"
SUMMARY_STEP = "oppsummering"


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type vedlegg"), choices=Attachment.Kind.choices)
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("PDF, Word (DOCX), Excel (XLSX), ODT, ODS, PNG eller JPEG. Høyst 20 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.accepted = None

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.accepted = validate_upload(uploaded)
        return uploaded


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse (valgfritt)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


# --- The secretariat's case page ----------------------------------------------------------------

PASSED_CHOICES = [("", _("Ikke vurdert")), ("yes", _("Ja")), ("no", _("Nei"))]


class ScreeningForm(forms.Form):
    """The formal check: per item, passed or not, and a note."""

    def __init__(self, *args, checks=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = {c.item: c for c in checks}
        self.items = []
        for value, label in ScreeningCheck.Item.choices:
            check = current.get(value)
            initial = "" if check is None or check.passed is None else ("yes" if check.passed else "no")
            self.fields[f"{value}_passed"] = forms.ChoiceField(
                label=label, choices=PASSED_CHOICES, required=False, initial=initial, widget=forms.RadioSelect
            )
            self.fields[f"{value}_note"] = forms.CharField(
                label=_("Merknad: %(item)s") % {"item": label},
                required=False,
                max_length=2000,
                initial=check.note if check else "",
                widget=forms.TextInput,
            )
            self.items.append((self[f"{value}_passed"], self[f"{value}_note"]))

    def results(self) -> dict:
        answer = {"yes": True, "no": False, "": None}
        return {
            value: (answer[self.cleaned_data[f"{value}_passed"]], self.cleaned_data[f"{value}_note"].strip())
            for value, _label in ScreeningCheck.Item.choices
        }


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in CASE_ACTIONS], widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Begrunnelse (vises for søkeren)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


SCORE_CHOICES = [("", _("Ikke satt"))] + [(str(n), str(n)) for n in range(1, 6)]


class ScoreForm(forms.Form):
    """One assessor's scores, 1–5 with a comment, for every criterion of the round."""

    def __init__(self, *args, criteria=(), scores=(), **kwargs):
        super().__init__(*args, **kwargs)
        mine = {s.criterion_id: s for s in scores}
        self.rows = []
        for criterion in criteria:
            score = mine.get(criterion.pk)
            self.fields[f"c{criterion.pk}_value"] = forms.ChoiceField(
                label=criterion.name,
                choices=SCORE_CHOICES,
                required=False,
                initial=str(score.value) if score else "",
                widget=forms.RadioSelect,
            )
            self.fields[f"c{criterion.pk}_comment"] = forms.CharField(
                label=_("Kommentar: %(criterion)s") % {"criterion": criterion.name},
                required=False,
                max_length=4000,
                initial=score.comment if score else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.rows.append((criterion, self[f"c{criterion.pk}_value"], self[f"c{criterion.pk}_comment"]))

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            criterion.pk: (
                int(self.cleaned_data[f"c{criterion.pk}_value"]),
                self.cleaned_data[f"c{criterion.pk}_comment"],
            )
            for criterion, _v, _c in self.rows
            if self.cleaned_data.get(f"c{criterion.pk}_value")
        }


class AwardForm(forms.Form):
    granted = forms.ChoiceField(
        label=_("Vedtak"),
        choices=[("yes", _("Innvilget")), ("no", _("Avslått"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Begrunnelse"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, first_year: int = 2026, **kwargs):
        super().__init__(*args, **kwargs)
        self.year_rows = []
        for i in range(5):
            self.fields[f"year_{i}"] = forms.IntegerField(
                label=_("År"), required=False, min_value=2000, max_value=2100, initial=first_year + i
            )
            self.fields[f"amount_{i}"] = NokField(label=_("Innvilget beløp (kr)"), required=False)
            self.year_rows.append((self[f"year_{i}"], self[f"amount_{i}"]))

    def clean(self):
        data = super().clean()
        amounts = {}
        for i in range(5):
            year, amount = data.get(f"year_{i}"), data.get(f"amount_{i}")
            if amount and not year:
                self.add_error(f"year_{i}", _("Oppgi året beløpet gjelder."))
            elif amount and year in amounts:
                self.add_error(f"year_{i}", _("Året står to ganger."))
            elif amount:
                amounts[year] = amount
        if data.get("granted") == "yes" and not amounts and not self.errors:
            self.add_error("amount_0", _("Oppgi innvilget beløp for minst ett år."))
        if data.get("granted") == "no" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Skriv en begrunnelse for avslaget."))
        data["amounts"] = amounts
        return data


STALE_PAGE = _("Siden var utdatert. Last inn siden på nytt og prøv igjen.")


def version_field() -> forms.IntegerField:
    """The hidden version a form was read at (optimistic locking)."""
    return forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": STALE_PAGE, "invalid": STALE_PAGE}
    )


def move_hidden_errors_above(form: forms.Form) -> None:
    """A hidden field has nowhere to show its error (a missing or tampered version): show it above
    the form instead, where the pages show the form's own errors."""
    for name, form_field in form.fields.items():
        if form_field.widget.is_hidden and name in form._errors:
            for message in form._errors.pop(name):
                form.add_error(None, message)


class BoardForm(forms.Form):
    """The prioritisation board: per application the amount recommended from each pot, and the
    order of both lists (posted as the repeated fields regional_order / local_order, in order)."""

    version = version_field()

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = {entry.pk: entry for entry in entries}
        for entry in entries:
            title = entry.application.title
            for pot, label, initial in (
                ("regional", _("Anbefalt fra regional pott for «%(title)s»"), entry.regional_nok),
                ("local", _("Tildelt fra lokal pott for «%(title)s»"), entry.local_nok),
            ):
                self.fields[f"{pot}_{entry.pk}"] = NokField(
                    label=label % {"title": title},
                    required=False,
                    initial=initial,
                    widget=forms.TextInput(
                        attrs={
                            "class": "form-control form-control-sm text-end",
                            "inputmode": "numeric",
                            "autocomplete": "off",
                            "data-amount": pot,
                            "aria-describedby": f"id_{pot}_{entry.pk}-cap",
                        }
                    ),
                )

    def mark_errors(self) -> None:
        """Point each amount field with an error at its message (is-invalid, aria-describedby)."""
        for name in self.errors:
            if name in self.fields and not self.fields[name].widget.is_hidden:
                attrs = self.fields[name].widget.attrs
                attrs["class"] += " is-invalid"
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{name}-error id_{name}-cap"

    def _order(self, name: str) -> list[int]:
        try:
            order = [int(value) for value in self.data.getlist(name)]
        except ValueError:
            order = []
        if sorted(order) != sorted(self.entries):
            raise forms.ValidationError(
                _("Rekkefølgen i listen kunne ikke leses. Last inn siden på nytt."), code="order"
            )
        return order

    def clean(self):
        data = super().clean()
        move_hidden_errors_above(self)
        data["regional_order"] = self._order("regional_order")
        data["local_order"] = self._order("local_order")
        amounts = {}
        for pk, entry in self.entries.items():
            regional, local = data.get(f"regional_{pk}"), data.get(f"local_{pk}")
            if f"regional_{pk}" in self.errors or f"local_{pk}" in self.errors:
                continue
            applied = entry.application.amount_applied_nok or 0
            if (regional or 0) + (local or 0) > applied:
                message = _(
                    "Anbefalt beløp (regional og lokal pott til sammen) kan ikke være høyere enn "
                    "omsøkt beløp, %(amount)s."
                ) % {"amount": format_nok(applied)}
                self.add_error(f"local_{pk}" if local else f"regional_{pk}", message)
            amounts[pk] = (regional or 0, local or 0)
        data["amounts"] = amounts
        return data

    def moved(self, move: str) -> None:
        """Apply a move button pressed without JavaScript: 'regional:<id>:up' or ':down'."""
        try:
            list_name, pk, direction = move.split(":")
            order = self.cleaned_data[f"{list_name}_order"]
            index = order.index(int(pk))
        except (KeyError, ValueError):
            return
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(order):
            order[index], order[other] = order[other], order[index]


class DirectAllocationForm(forms.Form):
    title = forms.CharField(label=_("Formål"), max_length=300)
    amount = NokField(label=_("Beløp (kr)"))


DirectAllocationFormSet = forms.formset_factory(
    DirectAllocationForm, extra=1, can_delete=True, max_num=50, validate_max=True
)


class DecisionForm(forms.Form):
    decided_on = forms.DateField(label=_("Dato for vedtaket i SSU"), widget=NorwegianDateInput)
    reference = forms.CharField(
        label=_("Saksnummer"),
        max_length=40,
        required=False,
        help_text=_("For eksempel 31-2025."),
    )
    version = version_field()

    def clean(self):
        data = super().clean()
        move_hidden_errors_above(self)
        return data
