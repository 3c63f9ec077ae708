"""Notifications: the in-portal list, the log of everything sent, and the outbox the e-mail
relay works from, in one table. A notification is a row written in the same transaction as the
action or the reminder sweep that causes it; its key (kind, object, recipient, due date) is unique,
so it exists at most once however often the sweep runs. Its e-mail is sent from the row by a
Celery task that first claims it (pending → sending), so it goes out at most once even when tasks
are retried or run twice; rows left pending because Redis was down are picked up by the relay."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    DRAFT_DEADLINE = "draft_deadline", _("Frist for søknad i utkast")
    PARTNER_CONFIRMATION = "partner_confirmation", _("Samarbeid som venter på bekreftelse")
    STATUS_CHANGE = "status_change", _("Ny status på søknad")
    UNSCREENED = "unscreened", _("Søknader som venter på formell kontroll")
    FORWARDING_DEADLINE = "forwarding_deadline", _("Frist for oversendelse til Helse Nord")
    PAPERS_PUBLISHED = "papers_published", _("Sakspapirer publisert")
    MEETING_TOMORROW = "meeting_tomorrow", _("Påminnelse om møte")
    REPORT_DUE = "report_due", _("Statusrapport som forfaller")
    REPORT_OVERDUE = "report_overdue", _("Statusrapport som er forfalt")


class Notification(models.Model):
    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("Venter")
        SENDING = "sending", _("Sendes")
        SENT = "sent", _("Sendt")
        SKIPPED = "skipped", _("Ikke sendt på e-post")
        FAILED = "failed", _("Feilet")

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=40, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    target_type = models.CharField(max_length=60)
    target_id = models.PositiveBigIntegerField()
    due_on = models.DateField(null=True, blank=True)
    subject = models.CharField(_("emne"), max_length=300)
    body = models.TextField(_("tekst"))
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("lest"), null=True, blank=True)
    email_status = models.CharField(
        _("e-post"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING, db_index=True
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_next_attempt_at = models.DateTimeField(null=True, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-post sendt"), null=True, blank=True)
    # Why it was not sent, or what went wrong, in words for the secretariat's log.
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return f"{self.key}"


class Preference(models.Model):
    """Which kinds a user gets by e-mail. Without a row, every kind is e-mailed; a kind turned off
    still shows in the portal."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    email = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="unique_notification_preference")
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.email}"
