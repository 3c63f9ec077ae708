"""Committees of a helsefellesskap (the SSU and its FSUs), their members, meetings, cases
(saksfremlegg) with case numbers that are never reused, attachments, habilitet, attendance and the
protocol."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from notifications.offsets import validate_day_offsets


class Committee(models.Model):
    class Kind(models.TextChoices):
        SSU = "ssu", _("Strategisk samarbeidsutvalg")
        FSU = "fsu", _("Faglig samarbeidsutvalg")

    health_community = models.ForeignKey(
        "core.HealthCommunity",
        verbose_name=_("helsefellesskap"),
        on_delete=models.PROTECT,
        related_name="committees",
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("navn"), max_length=200)
    # When members are reminded of a meeting (notifications/reminders.py), in days before it.
    meeting_reminder_days = models.CharField(
        _("påminnelse før møter (dager før)"),
        max_length=100,
        blank=True,
        default="1",
        validators=[validate_day_offsets],
        help_text=_(
            "Medlemmene får påminnelse så mange dager før et møte med publisert innkalling. Hele tall "
            "skilt med komma; 1 er dagen før, 0 er møtedagen. Tomt felt: ingen påminnelser."
        ),
    )

    class Meta:
        verbose_name = _("utvalg")
        verbose_name_plural = _("utvalg")
        ordering = ["health_community", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["health_community", "name"], name="unique_committee_name")
        ]

    def __str__(self):
        return self.name


class CommitteeMembership(models.Model):
    """A seat in a committee, and the organisation the member represents (which decides habilitet)."""

    class Role(models.TextChoices):
        CHAIR = "leder", _("Leder")
        DEPUTY_CHAIR = "nestleder", _("Nestleder")
        MEMBER = "medlem", _("Medlem")
        SUBSTITUTE = "varamedlem", _("Varamedlem")
        OBSERVER = "observator", _("Observatør")
        SECRETARIAT = "sekretariat", _("Sekretariat")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="committee_memberships")
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("representerer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("utvalgsmedlem")
        verbose_name_plural = _("utvalgsmedlemmer")
        constraints = [models.UniqueConstraint(fields=["committee", "user"], name="unique_committee_member")]

    def __str__(self):
        return f"{self.user} – {self.committee} ({self.get_role_display()})"


class Meeting(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinært møte")
        EXTRAORDINARY = "extraordinary", _("Ekstraordinært møte")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("type møte"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    date = models.DateField(_("dato"))
    starts_at = models.TimeField(_("fra kl."))
    ends_at = models.TimeField(_("til kl."), null=True, blank=True)
    place = models.CharField(_("sted"), max_length=200, blank=True)
    video_link = models.URLField(_("lenke til videomøte"), blank=True)
    notice_published_at = models.DateTimeField(_("innkalling publisert"), null=True, blank=True)
    protocol_approved_at = models.DateTimeField(_("protokoll godkjent"), null=True, blank=True)
    protocol_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Rendered documents, each keyed by a hash of its content (committees/documents.py): a
    # download never waits for a render that already happened.
    packet_pdf = models.FileField(upload_to="meetings/", blank=True, max_length=200)
    packet_hash = models.CharField(max_length=64, blank=True)
    protocol_pdf = models.FileField(upload_to="meetings/", blank=True, max_length=200)
    protocol_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        ordering = ["-date", "-starts_at"]

    def __str__(self):
        return f"{self.committee} {self.date:%d.%m.%Y}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("committees:meeting", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.notice_published_at is not None


class CaseNumberSequence(models.Model):
    """The last case number given per committee and year. Allocating locks this row, so two
    cases created at the same moment never get the same number, and a number is never reused:
    it only counts up, even when a case is withdrawn."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="unique_case_sequence")]

    def __str__(self):
        return f"{self.committee} {self.year}: {self.last_number}"


class Case(models.Model):
    """A case (sak) with its case paper. The number ("23-2025") is given once and kept when the
    case is postponed to a later meeting."""

    class Kind(models.TextChoices):
        DECISION = "beslutning", _("Beslutningssak")
        INFORMATION = "orientering", _("Orienteringssak")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PUBLISHED = "published", _("Publisert")
        DECIDED = "decided", _("Behandlet")
        POSTPONED = "postponed", _("Utsatt")
        WITHDRAWN = "withdrawn", _("Trukket")

    class Standing(models.TextChoices):
        NONE = "", _("Ordinær sak")
        AGENDA = "agenda", _("Godkjenning av innkalling og saksliste")
        ORIENTATIONS = "orientations", _("Orienteringer fra sekretariatet")
        OTHER_BUSINESS = "other", _("Eventuelt")

    class Generated(models.TextChoices):
        NONE = "", _("Skrevet for hånd")
        PRIORITISATION = "prioritisation", _("Prioritering av søknader")
        PROJECTS = "projects", _("Orientering om tildelte prosjekter")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="cases")
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveIntegerField(_("saksnummer"))
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("møte"), on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    agenda_order = models.PositiveSmallIntegerField(_("rekkefølge i sakslisten"), default=0)
    kind = models.CharField(_("type sak"), max_length=20, choices=Kind.choices, default=Kind.DECISION)
    standing = models.CharField(_("fast sak"), max_length=20, choices=Standing.choices, blank=True)
    generated = models.CharField(max_length=20, choices=Generated.choices, blank=True)
    prioritisation = models.ForeignKey(
        "applications.Prioritisation", on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    title = models.CharField(_("tittel"), max_length=300)
    recommendation = models.TextField(
        _("innstilling"), blank=True, help_text=_("Ett punkt per linje. Punktene nummereres automatisk.")
    )
    background = models.TextField(_("saksopplysninger"), blank=True)
    assessment = models.TextField(_("vurdering"), blank=True)
    exempt_from_public = models.BooleanField(_("unntatt offentlighet"), default=False)
    exemption_basis = models.CharField(_("hjemmel for unntak"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    decision = models.TextField(_("vedtak"), blank=True)
    decided_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    pdf = models.FileField(upload_to="cases/", blank=True, max_length=200)
    pdf_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("sak")
        verbose_name_plural = _("saker")
        ordering = ["committee", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "number"], name="unique_case_number"),
        ]

    def __str__(self):
        return _("Sak %(reference)s: %(title)s") % {"reference": self.reference, "title": self.title}

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("committees:case", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"{self.number}-{self.year}"

    @property
    def recommendation_points(self) -> list[str]:
        return [line.strip() for line in self.recommendation.splitlines() if line.strip()]

    @property
    def decision_points(self) -> list[str]:
        return [line.strip() for line in self.decision.splitlines() if line.strip()]


class CaseAttachment(models.Model):
    """A numbered Vedlegg: an uploaded file, or one of the portal's own documents (an application)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("tittel"), max_length=300)
    file = models.FileField(upload_to="case-attachments/", blank=True, max_length=200)
    content_type = models.CharField(max_length=120, blank=True)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("vedlegg til sak")
        verbose_name_plural = _("vedlegg til saker")
        ordering = ["case", "order", "pk"]

    def __str__(self):
        return self.title


class InhabilDeclaration(models.Model):
    """A member who declared themselves inhabil (the automatic cases, membership of an applying
    organisation, are worked out from the data and need no row)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="inhabil_declarations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("grunn"), blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="unique_inhabil_declaration")]

    def __str__(self):
        return f"{self.user} inhabil i {self.case.reference}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(CommitteeMembership, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(_("til stede"), default=True)
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "membership"], name="unique_attendance")]

    def __str__(self):
        return f"{self.membership}: {'til stede' if self.present else 'forfall'}"


class Vote(models.Model):
    class Choice(models.TextChoices):
        FOR = "for", _("For innstillingen")
        AGAINST = "against", _("Mot innstillingen")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(_("stemme"), max_length=10, choices=Choice.choices)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="unique_vote")]

    def __str__(self):
        return f"{self.user}: {self.choice}"
