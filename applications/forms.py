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
from core.uploads import validate_upload

from .models import (
    Application,
    Attachment,
    BenefitRow,
    BudgetLine,
    ContactPerson,
    Milestone,
    RiskRow,
    SubProject,
)


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
