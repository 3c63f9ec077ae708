"""Committees of a helsefellesskap: the SSU and its FSUs (meetings and cases come with the committee issue)."""

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
