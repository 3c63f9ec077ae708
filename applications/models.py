"""Rounds (utlysninger), their pots, and applications on Helse Nord's form, field by field."""

import datetime as dt
import uuid
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.offsets import validate_day_offsets

OSLO = ZoneInfo("Europe/Oslo")


def oslo_midnight_after(day: dt.date) -> dt.datetime:
    """The first instant of the day after `day`, in Oslo time: the moment a deadline has passed.
    Built from the calendar date, so it is right on both sides of a DST change."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=OSLO)


class Round(models.Model):
    """An utlysning: one helsefellesskap's call for applications for one year's RS-tilskudd."""

    health_community = models.ForeignKey(
        "core.HealthCommunity",
        verbose_name=_("helsefellesskap"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    year = models.PositiveSmallIntegerField(_("tilskuddsår"))
    title = models.CharField(_("tittel"), max_length=200)
    opens_on = models.DateField(_("åpner"), null=True, blank=True)
    deadline = models.DateField(
        _("søknadsfrist til helsefellesskapet"),
        help_text=_("Siste dag for innsending. Fristen går ut ved midnatt norsk tid."),
    )
    forwarding_deadline = models.DateField(_("frist for oversendelse til Helse Nord"))
    # When reminders go out (notifications/reminders.py), in days before the deadline.
    reminder_days = models.CharField(
        _("påminnelser om søknadsfristen (dager før)"),
        max_length=100,
        blank=True,
        default="14,3,1,0",
        validators=[validate_day_offsets],
        help_text=_(
            "Søkere med søknad i utkast, og partnere som ikke har bekreftet samarbeidet, får påminnelse "
            "så mange dager før søknadsfristen. Hele tall skilt med komma; 0 er selve fristdagen. "
            "Tomt felt: ingen påminnelser."
        ),
    )
    forwarding_reminder_days = models.CharField(
        _("påminnelser om oversendelsesfristen (dager før)"),
        max_length=100,
        blank=True,
        default="14,7,2",
        validators=[validate_day_offsets],
        help_text=_(
            "Sekretariatet får påminnelse så mange dager før fristen for oversendelse til Helse Nord, "
            "så lenge prioriteringen ikke er sendt. Hele tall skilt med komma. Tomt felt: ingen påminnelser."
        ),
    )

    class Meta:
        verbose_name = _("utlysning")
        verbose_name_plural = _("utlysninger")
        ordering = ["-deadline"]

    def __str__(self):
        return f"{self.title} ({self.health_community})"

    @property
    def closes_at(self) -> dt.datetime:
        return oslo_midnight_after(self.deadline)

    def is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.opens_on and now < dt.datetime.combine(self.opens_on, dt.time.min, tzinfo=OSLO):
            return False
        return now < self.closes_at


class Pot(models.Model):
    """Money a round distributes: the local pot (this year's amount + carried over) or the regional."""

    class Kind(models.TextChoices):
        LOCAL = "local", _("Lokal pott")
        REGIONAL = "regional", _("Regional pott")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="pots")
    kind = models.CharField(_("pott"), max_length=10, choices=Kind.choices)
    amount_nok = models.PositiveBigIntegerField(_("årets beløp (kr)"), default=0)
    carried_over_nok = models.PositiveBigIntegerField(_("overført fra i fjor (kr)"), default=0)

    class Meta:
        verbose_name = _("pott")
        verbose_name_plural = _("potter")
        ordering = ["round", "kind"]
        constraints = [models.UniqueConstraint(fields=["round", "kind"], name="unique_pot_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.round}"

    @property
    def total_nok(self) -> int:
        return self.amount_nok + self.carried_over_nok


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        RECEIVED = "received", _("Mottatt")
        UNDER_REVIEW = "under_review", _("Under vurdering")
        REJECTED_FORMAL = "rejected_formal", _("Formelt avvist")
        ASSESSED = "assessed", _("Vurdert")
        PRIORITISED = "prioritised", _("Prioritert")
        FORWARDED = "forwarded", _("Videresendt til Helse Nord")
        GRANTED = "granted", _("Innvilget")
        REFUSED = "refused", _("Avslått")
        WITHDRAWN = "withdrawn", _("Trukket")

    round = models.ForeignKey(
        Round, verbose_name=_("utlysning"), on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    lead_organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("søker"),
        on_delete=models.PROTECT,
        related_name="led_applications",
        help_text=_("Organisasjonen som opprettet søknaden."),
    )
    # 1. Navn på prosjekt/pilot
    title = models.CharField(_("navn på prosjekt/pilot"), max_length=300, blank=True)
    # 2. Prosjekteiere
    owners = models.ManyToManyField(
        "core.Organisation",
        verbose_name=_("prosjekteiere"),
        related_name="owned_applications",
        blank=True,
    )
    owners_note = models.CharField(
        _("prosjekteier – utfyllende"),
        max_length=300,
        blank=True,
        help_text=_("For eksempel «Helsefellesskap Helgeland, ved FSU for utdanning …»."),
    )
    # 3. Kommune(r)
    participating_municipalities = models.ManyToManyField(
        "core.Organisation",
        verbose_name=_("deltakende kommuner"),
        related_name="participating_applications",
        blank=True,
    )
    supporting_municipalities = models.ManyToManyField(
        "core.Organisation",
        verbose_name=_("kommuner som støtter søknaden"),
        related_name="supported_applications",
        blank=True,
    )
    # 5. Helseforetak
    hospital_trust = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("helseforetak"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hospital_applications",
    )
    # 7. Dato for signert avtale om felles søknad
    agreement_signed_on = models.DateField(
        _("dato for signert avtale om felles søknad"), null=True, blank=True
    )
    is_continuation = models.BooleanField(
        _("videreføring av prosjekt som har fått tilskudd før"), default=False
    )
    fsu = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("forankret i FSU"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    # 8. Kort beskrivelse
    summary = models.TextField(
        _("kort beskrivelse av prosjektet/piloten"),
        blank=True,
        help_text=_(
            "Mål, målgruppe og status. Hva skal gjennomføres innenfor hvilken tidsperiode? "
            "Hvilke virksomheter og personellgrupper inngår? Er det andre som har gjort det "
            "samme tidligere?"
        ),
    )
    # 9. Hvilken nytte forventes?
    expected_benefits = models.TextField(_("hvilken nytte forventes?"), blank=True)
    # 10. Støtter formålet
    purpose_fit = models.TextField(
        _("hvordan støtter tiltaket formålet med tilskuddsordningen?"),
        blank=True,
        help_text=_("Inkludert erfaringsdeling og spredning."),
    )
    priority_groups = models.ManyToManyField(
        "core.PriorityGroup", verbose_name=_("prioriterte pasientgrupper"), blank=True
    )
    focus_areas = models.ManyToManyField("core.FocusArea", verbose_name=_("innsatsområder"), blank=True)
    # 11. Budsjett
    amount_applied_nok = models.PositiveBigIntegerField(_("omsøkt beløp (kr)"), null=True, blank=True)
    amount_applied_purpose = models.TextField(_("hva det søkes om midler til"), blank=True)
    municipal_contribution_nok = models.PositiveBigIntegerField(
        _("kommunenes egeninnsats (kr)"), null=True, blank=True
    )
    municipal_contribution_text = models.TextField(_("kommunenes bidrag"), blank=True)
    hospital_contribution_nok = models.PositiveBigIntegerField(
        _("helseforetakets egeninnsats (kr)"), null=True, blank=True
    )
    hospital_contribution_text = models.TextField(_("helseforetakets bidrag"), blank=True)
    financing_plan = models.TextField(_("finansieringsplan ved oppstart og ved videreføring"), blank=True)
    # 12.–15.
    patient_responsibility = models.TextField(
        _("hvem har ansvaret for pasienten(e) i prosjektet?"), blank=True
    )
    digital_solutions = models.TextField(
        _("digitale løsninger"),
        blank=True,
        help_text=_(
            "Hvordan digitalt samarbeid leder til felles regionale løsninger; Nasjonal "
            "e-helsestrategi; Norm for informasjonssikkerhet i helsesektoren; kommunal styring."
        ),
    )
    project_plan = models.TextField(_("prosjektplan, inkludert evalueringspunkter"), blank=True)
    user_involvement = models.TextField(
        _("involvering av brukere, tillitsvalgte og vernetjenesten"), blank=True
    )
    # Joint application confirmed in the portal (replaces «bekreftet samarbeid pr mail»).
    partner_confirmed_at = models.DateTimeField(_("samarbeid bekreftet"), null=True, blank=True)
    partner_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bekreftet av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    partner_confirmed_for = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("bekreftet på vegne av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opprettet av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)
    submitted_at = models.DateTimeField(_("først sendt inn"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("sist sendt inn"), null=True, blank=True)
    has_unsubmitted_changes = models.BooleanField(_("har endringer som ikke er sendt inn"), default=False)

    class Meta:
        verbose_name = _("søknad")
        verbose_name_plural = _("søknader")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title or str(_("Søknad uten navn"))

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("applications:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"RS-{self.round.year}-{self.pk:04d}"

    @property
    def is_editable_status(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RECEIVED}

    def party_organisation_ids(self) -> set[int]:
        """Organisations whose staff are applicants on this joint application.
        Uses prefetched owners/participants when present."""
        ids = {self.lead_organisation_id}
        if self.hospital_trust_id:
            ids.add(self.hospital_trust_id)
        ids.update(o.pk for o in self.owners.all())
        ids.update(o.pk for o in self.participating_municipalities.all())
        return ids

    def partner_organisations(self):
        """The side that must confirm: the hospital trust when a municipality started it, or the
        participating municipalities when the hospital trust did."""
        if self.lead_organisation.is_hospital_trust:
            return list(self.participating_municipalities.all())
        return [self.hospital_trust] if self.hospital_trust else []


class ContactPerson(models.Model):
    class Side(models.TextChoices):
        MUNICIPALITY = "kommune", _("Kommune")
        HOSPITAL = "helseforetak", _("Helseforetak")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="contacts")
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    name = models.CharField(_("navn"), max_length=150)
    title = models.CharField(_("stilling"), max_length=150, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        ordering = ["side", "order", "id"]

    def __str__(self):
        return self.name


class BenefitRow(models.Model):
    """One row of the nytteskjema (the benefits table), seven columns."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="benefits")
    benefit = models.CharField(_("forventet nytte"), max_length=200)
    beneficiary = models.CharField(_("hvem får nytte"), max_length=300, blank=True)
    responsible = models.CharField(_("ansvarlig for gjennomføring"), max_length=300, blank=True)
    measurement = models.TextField(_("eventuell måling av nytte"), blank=True)
    how_to_measure = models.TextField(_("hvordan måle og rapportere"), blank=True)
    prerequisites = models.TextField(_("forutsetninger og tiltak for at nytte kan oppnås"), blank=True)
    time_horizon = models.CharField(_("tidshorisont"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("nytte")
        verbose_name_plural = _("nyttetabell")
        ordering = ["order", "id"]

    def __str__(self):
        return self.benefit


class RiskRow(models.Model):
    class Level(models.TextChoices):
        LOW = "lav", _("Lav")
        MEDIUM = "middels", _("Middels")
        HIGH = "høy", _("Høy")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="risks")
    factor = models.CharField(_("risikofaktor"), max_length=300)
    level = models.CharField(_("vurdering"), max_length=10, choices=Level.choices)
    mitigation = models.TextField(_("risikoreduserende tiltak"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("risiko")
        verbose_name_plural = _("risikotabell")
        ordering = ["order", "id"]

    def __str__(self):
        return self.factor


class BudgetLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    cost_item = models.CharField(_("kostnadspost"), max_length=200)
    period = models.CharField(
        _("år eller fase"),
        max_length=100,
        help_text=_("For eksempel «2026» eller «Fase 1»."),
    )
    amount_nok = models.PositiveBigIntegerField(_("beløp (kr)"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("budsjettlinje")
        verbose_name_plural = _("budsjettlinjer")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.period}: {self.cost_item}"


class Milestone(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milepæl"), max_length=300)
    due_date = models.DateField(_("dato"), null=True, blank=True)
    due_quarter = models.CharField(
        _("kvartal"), max_length=20, blank=True, help_text=_("For eksempel «Q3 2026».")
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("milepæl")
        verbose_name_plural = _("milepæler")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title

    @property
    def when(self) -> str:
        return self.due_date.strftime("%d.%m.%Y") if self.due_date else self.due_quarter


class SubProject(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="subprojects")
    title = models.CharField(_("delprosjekt"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("delprosjekt")
        verbose_name_plural = _("delprosjekter")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


def attachment_path(instance, filename):
    # Stored under a generated name: the user's file name never reaches the file system.
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"attachments/{instance.application_id}/{uuid.uuid4().hex}{suffix}"


class LiveAttachmentManager(models.Manager):
    """The application's current attachments; those removed after submission are left out."""

    def get_queryset(self):
        return super().get_queryset().filter(removed_at__isnull=True)


class Attachment(models.Model):
    class Kind(models.TextChoices):
        SIGNED_AGREEMENT = "signed_agreement", _("Signert avtale om felles søknad")
        BUDGET = "budget", _("Budsjett")
        BENEFITS_FORM = "benefits_form", _("Nytteskjema")
        PROGRESS_PLAN = "progress_plan", _("Fremdriftsplan")
        LETTER_OF_INTENT = "letter_of_intent", _("Intensjonsavtale")
        PROJECT_DESCRIPTION = "project_description", _("Prosjektbeskrivelse")
        OTHER = "other", _("Annet")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("type vedlegg"), max_length=30, choices=Kind.choices)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("filnavn"), max_length=200)
    content_type = models.CharField(max_length=120)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Removed by the applicant after it was part of a submitted version: kept for that version.
    removed_at = models.DateTimeField(null=True, blank=True)

    all_objects = models.Manager()
    objects = LiveAttachmentManager()

    class Meta:
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")
        ordering = ["kind", "uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class ApplicationVersion(models.Model):
    """What was sent in, frozen: one row per submission, so the secretariat can see what changed."""

    class PdfStatus(models.TextChoices):
        PENDING = "pending", _("Lages")
        READY = "ready", _("Klar")
        FAILED = "failed", _("Feilet")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("versjon"))
    submitted_at = models.DateTimeField(_("sendt inn"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    snapshot = models.JSONField()
    pdf = models.FileField(upload_to="receipts/", blank=True, max_length=200)
    pdf_status = models.CharField(max_length=10, choices=PdfStatus.choices, default=PdfStatus.PENDING)
    receipt_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("innsendt versjon")
        verbose_name_plural = _("innsendte versjoner")
        ordering = ["application", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="unique_version_number")
        ]

    def __str__(self):
        return f"{self.application} v{self.number}"


class StatusEvent(models.Model):
    """Every status change: who, when, from, to and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="status_events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=Application.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Application.Status.choices)
    reason = models.TextField(_("begrunnelse"), blank=True)
    visible_to_applicant = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("statusendring")
        verbose_name_plural = _("statusendringer")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


class StepDraft(models.Model):
    """Input to a step that did not validate, kept exactly as typed until it is corrected."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="step_drafts")
    step = models.CharField(max_length=30)
    data = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "step"], name="unique_step_draft")]

    def __str__(self):
        return f"{self.application_id}: {self.step}"


class ScreeningCheck(models.Model):
    """One item of the secretariat's formal check of an application, with a note."""

    class Item(models.TextChoices):
        JOINT = "joint", _("Felles søknad bekreftet eller signert avtale vedlagt")
        BUDGET = "budget", _("Budsjett vedlagt")
        DEADLINE = "deadline", _("Sendt inn innen fristen")
        PURPOSE = "purpose", _("Innenfor formålet med tilskuddsordningen")
        DURATION = "duration", _("Varighet høyst 5 år")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="screening")
    item = models.CharField(_("kontrollpunkt"), max_length=20, choices=Item.choices)
    passed = models.BooleanField(_("oppfylt"), null=True)
    note = models.TextField(_("merknad"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("formell kontroll")
        verbose_name_plural = _("formell kontroll")
        ordering = ["application", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "item"], name="unique_screening_item")]

    def __str__(self):
        return f"{self.application_id}: {self.get_item_display()}"


class AssessmentCriterion(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("kriterium"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("vurderingskriterium")
        verbose_name_plural = _("vurderingskriterier")
        ordering = ["round", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="unique_criterion")]

    def __str__(self):
        return self.name


class Score(models.Model):
    """One assessor's score (1–5) of one application on one criterion."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(AssessmentCriterion, on_delete=models.CASCADE, related_name="scores")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(
        _("poeng"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("kommentar"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("poeng")
        verbose_name_plural = _("poeng")
        ordering = ["criterion__order", "assessor_id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion", "assessor"], name="unique_score"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="score_between_1_and_5"
            ),
        ]

    def __str__(self):
        return f"{self.application_id}/{self.criterion_id}/{self.assessor_id}: {self.value}"


class Award(models.Model):
    """Helse Nord's decision on a forwarded application; the amount can differ from the one applied."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="award")
    granted = models.BooleanField(_("innvilget"))
    decided_at = models.DateTimeField(_("vedtatt"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("begrunnelse"), blank=True)

    class Meta:
        verbose_name = _("tildeling")
        verbose_name_plural = _("tildelinger")

    def __str__(self):
        return f"{self.application}: {'innvilget' if self.granted else 'avslått'}"

    @property
    def total_nok(self) -> int:
        return sum(year.amount_nok for year in self.years.all())


class AwardYear(models.Model):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("år"))
    amount_nok = models.PositiveBigIntegerField(_("beløp (kr)"))

    class Meta:
        verbose_name = _("tildelt beløp per år")
        verbose_name_plural = _("tildelte beløp per år")
        ordering = ["award", "year"]
        constraints = [models.UniqueConstraint(fields=["award", "year"], name="unique_award_year")]

    def __str__(self):
        return f"{self.year}: {self.amount_nok}"


# --- Prioritisation and forwarding ------------------------------------------------------------


class Prioritisation(models.Model):
    """The secretariat's board for one round: the ranked list for the regional pot and the
    allocation of the local pot. `version` goes up with every save; a save based on an older
    version is refused, so two secretaries never overwrite each other silently."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="prioritisation")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    frozen_at = models.DateTimeField(_("låst"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The SSU's decision on the frozen ranking (the prioritisation case). Entered by the
    # secretariat until the committee module records it from the protocol.
    decided_on = models.DateField(_("vedtatt i SSU"), null=True, blank=True)
    decision_reference = models.CharField(_("saksnummer"), max_length=40, blank=True)
    forwarded_at = models.DateTimeField(_("videresendt til Helse Nord"), null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("prioritering")
        verbose_name_plural = _("prioriteringer")

    def __str__(self):
        return f"{self.round}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def is_forwarded(self) -> bool:
        return self.forwarded_at is not None


class PriorityEntry(models.Model):
    """One application on the board: its place in each list and the amount recommended from each
    pot. The two amounts together never exceed the amount applied."""

    prioritisation = models.ForeignKey(Prioritisation, on_delete=models.CASCADE, related_name="entries")
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="priority")
    regional_rank = models.PositiveSmallIntegerField(_("plass i regional liste"))
    regional_nok = models.PositiveBigIntegerField(_("anbefalt fra regional pott (kr)"), default=0)
    local_rank = models.PositiveSmallIntegerField(_("plass i lokal fordeling"))
    local_nok = models.PositiveBigIntegerField(_("tildelt fra lokal pott (kr)"), default=0)

    class Meta:
        verbose_name = _("prioritert søknad")
        verbose_name_plural = _("prioriterte søknader")
        ordering = ["prioritisation", "regional_rank"]

    def __str__(self):
        return f"{self.regional_rank}/{self.local_rank}: {self.application}"


class DirectAllocation(models.Model):
    """Local money the SSU allocates without an application (Sak 23-2025: a Dignio licence)."""

    prioritisation = models.ForeignKey(
        Prioritisation, on_delete=models.CASCADE, related_name="direct_allocations"
    )
    title = models.CharField(_("formål"), max_length=300)
    amount_nok = models.PositiveBigIntegerField(_("beløp (kr)"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("direkte tildeling")
        verbose_name_plural = _("direkte tildelinger")
        ordering = ["prioritisation", "order", "pk"]

    def __str__(self):
        return f"{self.title}: {self.amount_nok}"


class ForwardingPackage(models.Model):
    """The ZIP sent to Helse Nord: the prioritised list (XLSX and PDF), each forwarded application
    as PDF and all its attachments, one folder per application. Built by a Celery task."""

    class Status(models.TextChoices):
        PENDING = "pending", _("I kø")
        BUILDING = "building", _("Lages")
        READY = "ready", _("Klar")
        FAILED = "failed", _("Feilet")

    prioritisation = models.ForeignKey(Prioritisation, on_delete=models.CASCADE, related_name="packages")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    steps_done = models.PositiveSmallIntegerField(default=0)
    steps_total = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="forwarding/", blank=True, max_length=200)
    size_bytes = models.PositiveBigIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("oversendelsespakke")
        verbose_name_plural = _("oversendelsespakker")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.prioritisation} ({self.get_status_display()})"

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.BUILDING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.READY:
            return 100
        return int(100 * self.steps_done / self.steps_total) if self.steps_total else 0
