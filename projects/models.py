"""Approved projects and their follow-up: the project made from a granted application, its money
per year and pot, goals, gains, organisation, milestones, risk register, indicators with their
measurements, and the status reports of its reporting plan."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Pot, RiskRow


class Project(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", _("Pågår")
        COMPLETED = "completed", _("Avsluttet")
        STOPPED = "stopped", _("Stanset")

    class Health(models.TextChoices):
        """How the project is doing, worked out from its milestones, reports and risks
        (selectors.with_health); never stored."""

        ON_TRACK = "on_track", _("I rute")
        AT_RISK = "at_risk", _("Høy risiko")
        LATE = "late", _("Forsinket")
        DONE = "done", _("Avsluttet")
        STOPPED = "stopped", _("Stanset")

    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="project"
    )
    # The helsefellesskap that follows the project up (the round's), kept here so lists filter
    # without joining through the application and round.
    health_community = models.ForeignKey(
        "core.HealthCommunity", on_delete=models.PROTECT, related_name="projects"
    )
    title = models.CharField(_("prosjektnavn"), max_length=300)
    owner = models.CharField(
        _("prosjekteier"),
        max_length=300,
        help_text=_("For eksempel «SSU Helsefellesskap Helgeland» eller kommunene som eier prosjektet."),
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prosjektleder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_projects",
    )
    starts_on = models.DateField(_("oppstart"))
    ends_on = models.DateField(_("avslutning"))
    state = models.CharField(_("prosjektfase"), max_length=20, choices=State.choices, default=State.ACTIVE)
    target_group = models.TextField(_("målgruppe"), blank=True)
    goals = models.TextField(_("overordnede mål"), blank=True, help_text=_("Ett mål per linje."))
    main_measures = models.TextField(
        _("prosjektets innhold og hovedtiltak"), blank=True, help_text=_("Ett tiltak per linje.")
    )
    experiences = models.TextField(_("erfaringer så langt"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The one-page project sheet (prosjektark), rendered in Celery and cached by content hash.
    sheet_pdf = models.FileField(upload_to="projects/", blank=True, max_length=200)
    sheet_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("prosjekt")
        verbose_name_plural = _("prosjekter")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.pk])

    @property
    def goal_lines(self) -> list[str]:
        return [line.strip() for line in self.goals.splitlines() if line.strip()]

    @property
    def measure_lines(self) -> list[str]:
        return [line.strip() for line in self.main_measures.splitlines() if line.strip()]


class Funding(models.Model):
    """Granted money for one year from one pot: Helse Nord's award per year (regional) and the
    SSU's local allocation on the board (local)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding")
    year = models.PositiveSmallIntegerField(_("år"))
    pot = models.CharField(_("pott"), max_length=10, choices=Pot.Kind.choices)
    amount_nok = models.PositiveBigIntegerField(_("beløp (kr)"))

    class Meta:
        verbose_name = _("tildelt beløp")
        verbose_name_plural = _("tildelte beløp")
        ordering = ["project", "year", "pot"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "pot"], name="unique_project_funding")
        ]

    def __str__(self):
        return f"{self.project_id} {self.year} {self.pot}: {self.amount_nok}"


class Gain(models.Model):
    """A gain (gevinst) the project is to deliver, in one of the four dimensions of seed 004."""

    class Dimension(models.TextChoices):
        PATIENT = "patient", _("Pasient/bruker")
        ECONOMY = "economy", _("Økonomi")
        PERSONNEL = "personnel", _("Personell")
        TECHNOLOGY = "technology", _("Teknologi")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="gains")
    dimension = models.CharField(_("dimensjon"), max_length=20, choices=Dimension.choices)
    text = models.CharField(_("gevinst"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("gevinst")
        verbose_name_plural = _("gevinster")
        ordering = ["project", "order", "pk"]

    def __str__(self):
        return self.text


class OrganisationUnit(models.Model):
    """A part of the project organisation: the owner, the steering group, the project group or a
    working group, each with purpose, deliverables, members and reference groups."""

    class Kind(models.TextChoices):
        OWNER = "owner", _("Prosjekteier")
        STEERING = "steering", _("Styringsgruppe")
        PROJECT_GROUP = "project_group", _("Prosjektgruppe")
        WORKING_GROUP = "working_group", _("Arbeidsgruppe")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="organisation")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("navn"), max_length=200)
    purpose = models.TextField(_("formål og ansvar"), blank=True)
    deliverables = models.TextField(_("leveranser"), blank=True, help_text=_("Én leveranse per linje."))
    members = models.TextField(
        _("deltakere"),
        blank=True,
        help_text=_(
            "Én per linje. Skriv helst rolle og organisasjon, ikke mer personopplysninger enn nødvendig."
        ),
    )
    reference_groups = models.TextField(_("referansegrupper"), blank=True, help_text=_("Én per linje."))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("del av prosjektorganisasjonen")
        verbose_name_plural = _("prosjektorganisasjon")
        ordering = ["project", "order", "pk"]

    def __str__(self):
        return self.name

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def deliverable_lines(self) -> list[str]:
        return self._lines(self.deliverables)

    @property
    def member_lines(self) -> list[str]:
        return self._lines(self.members)

    @property
    def reference_group_lines(self) -> list[str]:
        return self._lines(self.reference_groups)


class ProjectMilestone(models.Model):
    """A milestone, taken over from the application's project plan. Late when its date has passed
    (the whole day counts, Oslo time) and it is not reached."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milepæl"), max_length=300)
    due_on = models.DateField(_("frist"))
    completed_on = models.DateField(_("nådd"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("milepæl")
        verbose_name_plural = _("milepæler")
        ordering = ["project", "due_on", "order", "pk"]

    def __str__(self):
        return self.title

    def is_late(self, today: dt.date | None = None) -> bool:
        return self.completed_on is None and self.due_on < (today or timezone.localdate())


class ProjectRisk(models.Model):
    """The risk register, taken over from the application and kept current: each status report
    records the level of each open risk, and the register follows the newest report."""

    class State(models.TextChoices):
        OPEN = "open", _("Åpen")
        CLOSED = "closed", _("Lukket")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risks")
    factor = models.CharField(_("risikofaktor"), max_length=300)
    level = models.CharField(_("vurdering"), max_length=10, choices=RiskRow.Level.choices)
    mitigation = models.TextField(_("risikoreduserende tiltak"), blank=True)
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.OPEN)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("risiko")
        verbose_name_plural = _("risikoregister")
        ordering = ["project", "order", "pk"]

    def __str__(self):
        return self.factor


class Indicator(models.Model):
    """What the project measures to show its gains, e.g. «utskrivningsklare døgn per 1000
    innbyggere», with a baseline, a target and where the figures come from."""

    class Source(models.TextChoices):
        HOSPITAL = "hospital", _("Helseforetakets virksomhetstall")
        MUNICIPAL = "municipal", _("Kommunale tall og KOSTRA")
        SURVEY = "survey", _("Pasient- og brukerundersøkelse")
        SKDE = "skde", _("Helse Nord / SKDE")
        OTHER = "other", _("Annet")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Månedlig")
        QUARTERLY = "quarterly", _("Kvartalsvis")
        HALF_YEARLY = "half_yearly", _("Halvårlig")
        YEARLY = "yearly", _("Årlig")

    class Direction(models.TextChoices):
        DOWN = "down", _("Lavere er bedre")
        UP = "up", _("Høyere er bedre")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indikator"), max_length=200)
    unit = models.CharField(
        _("enhet"), max_length=60, help_text=_("For eksempel «døgn per 1000 innbyggere».")
    )
    baseline_value = models.DecimalField(_("utgangsverdi"), max_digits=14, decimal_places=2)
    baseline_on = models.DateField(_("dato for utgangsverdien"))
    target_value = models.DecimalField(_("mål"), max_digits=14, decimal_places=2)
    target_on = models.DateField(_("mål innen"), null=True, blank=True)
    direction = models.CharField(
        _("retning"), max_length=4, choices=Direction.choices, default=Direction.DOWN
    )
    source = models.CharField(_("datakilde"), max_length=20, choices=Source.choices)
    source_note = models.CharField(_("datakilde, utdypet"), max_length=300, blank=True)
    frequency = models.CharField(
        _("rapporteringshyppighet"), max_length=20, choices=Frequency.choices, default=Frequency.HALF_YEARLY
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["project", "order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.unit})"


class Measurement(models.Model):
    """One value of an indicator for a date (the end of the period it covers)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("gjelder dato"))
    value = models.DecimalField(_("verdi"), max_digits=14, decimal_places=2)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    report = models.ForeignKey(
        "StatusReport", on_delete=models.SET_NULL, null=True, blank=True, related_name="measurements"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")
        ordering = ["indicator", "measured_on"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "measured_on"], name="unique_measurement_date")
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.measured_on}: {self.value}"


class StatusReport(models.Model):
    """One report of the project's reporting plan, from planned to accepted. The plan makes a row
    for every report due (half-yearly to the SSU, yearly to Helse Nord, the final report); the
    project writes it, submits it, and the secretariat accepts it or asks for changes."""

    class Kind(models.TextChoices):
        SSU = "ssu", _("Statusrapport til SSU")
        HELSE_NORD = "helse_nord", _("Årsrapport til Helse Nord")
        FINAL = "final", _("Sluttrapport")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Ikke påbegynt")
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Sendt inn")
        CHANGES_REQUESTED = "changes_requested", _("Endringer etterspurt")
        ACCEPTED = "accepted", _("Godkjent")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("type rapport"), max_length=20, choices=Kind.choices)
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    due_on = models.DateField(_("frist"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    progress = models.TextField(_("fremdrift"), blank=True)
    risks_comment = models.TextField(_("risiko, kommentar"), blank=True)
    experiences = models.TextField(_("erfaringer"), blank=True)
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("sekretariatets kommentar"), blank=True)
    # Optimistic locking, as on the board: a save carries the version the form was read at.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("statusrapport")
        verbose_name_plural = _("statusrapporter")
        ordering = ["project", "due_on", "kind", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("projects:report", args=[self.pk])


class ReportMilestone(models.Model):
    """The report's word on one milestone: where it stands and why."""

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", _("Ikke startet")
        IN_PROGRESS = "in_progress", _("Pågår")
        DONE = "done", _("Nådd")
        DELAYED = "delayed", _("Forsinket")

    report = models.ForeignKey(StatusReport, on_delete=models.CASCADE, related_name="milestone_rows")
    milestone = models.ForeignKey(ProjectMilestone, on_delete=models.CASCADE, related_name="+")
    progress = models.CharField(_("status"), max_length=20, choices=Progress.choices)
    comment = models.CharField(_("kommentar"), max_length=500, blank=True)

    class Meta:
        ordering = ["report", "milestone__due_on", "milestone__order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "milestone"], name="unique_report_milestone")
        ]

    def __str__(self):
        return f"{self.report_id}/{self.milestone_id}: {self.progress}"


class ReportSpending(models.Model):
    """Money spent in one year against the granted budget for that year."""

    report = models.ForeignKey(StatusReport, on_delete=models.CASCADE, related_name="spending_rows")
    year = models.PositiveSmallIntegerField(_("år"))
    budget_nok = models.PositiveBigIntegerField(_("budsjett (kr)"))
    spent_nok = models.PositiveBigIntegerField(_("forbrukt (kr)"), default=0)
    comment = models.CharField(_("kommentar"), max_length=500, blank=True)

    class Meta:
        ordering = ["report", "year"]
        constraints = [models.UniqueConstraint(fields=["report", "year"], name="unique_report_year")]

    def __str__(self):
        return f"{self.report_id}/{self.year}: {self.spent_nok} / {self.budget_nok}"


class ReportRisk(models.Model):
    """The level of one risk as the report assessed it (the register takes it over on submit)."""

    report = models.ForeignKey(StatusReport, on_delete=models.CASCADE, related_name="risk_rows")
    risk = models.ForeignKey(ProjectRisk, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("vurdering"), max_length=10, choices=RiskRow.Level.choices)
    comment = models.CharField(_("kommentar"), max_length=500, blank=True)

    class Meta:
        ordering = ["report", "risk__order", "risk__pk"]
        constraints = [models.UniqueConstraint(fields=["report", "risk"], name="unique_report_risk")]

    def __str__(self):
        return f"{self.report_id}/{self.risk_id}: {self.level}"
