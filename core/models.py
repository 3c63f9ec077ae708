"""People, organisations, reference data and the audit trail shared by every part of the portal."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("E-mail is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in with e-mail and password. Roles come from memberships, below."""

    username = None
    email = models.EmailField(_("e-post"), unique=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    job_title = models.CharField(_("stilling"), max_length=120, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email


class Organisation(models.Model):
    class Kind(models.TextChoices):
        REGIONAL_HEALTH_AUTHORITY = "rhf", _("Regionalt helseforetak")
        HOSPITAL_TRUST = "hf", _("Helseforetak")
        MUNICIPALITY = "kommune", _("Kommune")
        HEALTH_COMMUNITY = "helsefellesskap", _("Helsefellesskap")

    name = models.CharField(_("navn"), max_length=200, unique=True)
    short_name = models.CharField(_("kortnavn"), max_length=80, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    org_number = models.CharField(_("organisasjonsnummer"), max_length=9, blank=True)
    health_community = models.ForeignKey(
        "HealthCommunity",
        verbose_name=_("helsefellesskap"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )

    class Meta:
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    @property
    def is_municipality(self) -> bool:
        return self.kind == self.Kind.MUNICIPALITY

    @property
    def is_hospital_trust(self) -> bool:
        return self.kind == self.Kind.HOSPITAL_TRUST


class HealthCommunity(models.Model):
    """A helsefellesskap: one hospital trust and its municipalities, with an SSU and a secretariat."""

    name = models.CharField(_("navn"), max_length=120, unique=True)
    slug = models.SlugField(unique=True)
    hospital_trust = models.ForeignKey(
        Organisation,
        verbose_name=_("helseforetak"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    regional_health_authority = models.ForeignKey(
        Organisation,
        verbose_name=_("regionalt helseforetak"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("helsefellesskap")
        verbose_name_plural = _("helsefellesskap")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PriorityGroup(models.Model):
    """A priority patient group (prioritert pasientgruppe) of the helsefellesskap."""

    name = models.CharField(_("navn"), max_length=160, unique=True)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        verbose_name = _("prioritert pasientgruppe")
        verbose_name_plural = _("prioriterte pasientgrupper")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class FocusArea(models.Model):
    """An innsatsområde of the Handlingsplan."""

    name = models.CharField(_("navn"), max_length=160, unique=True)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        verbose_name = _("innsatsområde")
        verbose_name_plural = _("innsatsområder")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """The user works for the organisation. In a municipality or hospital trust that makes them an
    applicant for its applications; in Helse Nord RHF a reader of what was forwarded."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} – {self.organisation}"


class SecretariatMembership(models.Model):
    """The user works in the SSU secretariat of the helsefellesskap."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="secretariat_memberships"
    )
    health_community = models.ForeignKey(
        HealthCommunity, on_delete=models.CASCADE, related_name="secretariat_memberships"
    )

    class Meta:
        verbose_name = _("sekretariatsmedlem")
        verbose_name_plural = _("sekretariatsmedlemmer")
        constraints = [
            models.UniqueConstraint(fields=["user", "health_community"], name="unique_secretariat_membership")
        ]

    def __str__(self):
        return f"{self.user} – {self.health_community}"


class AuditEvent(models.Model):
    """Who changed what, when. Written by services in the same transaction as the change."""

    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utført av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("handling"), max_length=60)
    target_type = models.CharField(_("objekttype"), max_length=60)
    target_id = models.PositiveBigIntegerField(_("objekt-id"))
    summary = models.CharField(_("sammendrag"), max_length=300, blank=True)
    changes = models.JSONField(_("endringer"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)

    class Meta:
        verbose_name = _("logghendelse")
        verbose_name_plural = _("logg")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["action", "at"]),
        ]

    def __str__(self):
        return f"{self.at:%d.%m.%Y %H:%M} {self.action} {self.target_type}#{self.target_id}"
