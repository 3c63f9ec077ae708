"""Committees of a helsefellesskap: the SSU and its FSUs.

Meetings and cases come with the committee issue."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
