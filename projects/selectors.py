"""Reads for projects: the project's health worked out in the database (so lists filter and count
by it in a fixed number of queries), report deadline marks, and the lists per role."""

import datetime as dt

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import RiskRow
from applications.permissions import is_helse_nord_reader, organisation_ids
from applications.selectors import party_application_ids

from .models import Project, ProjectMilestone, ProjectRisk, StatusReport
from .permissions import portfolio_health_community_ids
from .workflow import EDITABLE

H = Project.Health
DUE_SOON_DAYS = 30


def with_health(queryset: QuerySet, today: dt.date | None = None) -> QuerySet:
    """Annotate `health`:
    - avsluttet / stanset: the project is completed or stopped;
    - forsinket: a milestone's date has passed unreached, or a report is overdue (never sent in);
    - risiko: an open risk is assessed high, or the newest submitted report says a milestone is
      delayed;
    - i rute: otherwise."""
    today = today or timezone.localdate()
    late_milestone = ProjectMilestone.objects.filter(
        project=OuterRef("pk"), completed_on__isnull=True, due_on__lt=today
    )
    overdue_report = StatusReport.objects.filter(
        project=OuterRef("pk"), status__in=EDITABLE, submitted_at__isnull=True, due_on__lt=today
    )
    high_risk = ProjectRisk.objects.filter(
        project=OuterRef("pk"), state=ProjectRisk.State.OPEN, level=RiskRow.Level.HIGH
    )
    # The EXISTS tests inside the CASE alone (not also as columns of their own): each is then
    # compiled, and worked out by the database, once.
    return queryset.annotate(
        health=Case(
            When(state=Project.State.STOPPED, then=Value(H.STOPPED)),
            When(state=Project.State.COMPLETED, then=Value(H.DONE)),
            When(Exists(late_milestone) | Exists(overdue_report), then=Value(H.LATE)),
            When(Exists(high_risk), then=Value(H.AT_RISK)),
            default=Value(H.ON_TRACK),
        )
    )


def health_label(value: str) -> str:
    return H(value).label if value in H.values else ""


def report_mark(report: StatusReport, today: dt.date | None = None) -> tuple[str, str]:
    """(css key, label) for a report's deadline: «forfaller snart» within 30 days, «forfalt» when
    the due date has passed and it was never sent in, «levert for sent» when it first came in
    after the due date (the whole due date counts, Oslo time). A report sent back with changes
    asked is not overdue: it was in on time, and its status says what is asked."""
    today = today or timezone.localdate()
    if report.status in EDITABLE and report.submitted_at is None:
        if report.due_on < today:
            return "overdue", str(_("Forfalt"))
        if (report.due_on - today).days <= DUE_SOON_DAYS:
            return "due", str(_("Forfaller snart"))
        return "", ""
    if report.submitted_at and timezone.localtime(report.submitted_at).date() > report.due_on:
        return "late", str(_("Levert for sent"))
    return "", ""


def project_list_for_user(user) -> QuerySet:
    """The projects the user can see in lists: their own (as project leader or party
    organisation); for the secretariat and SSU members, their helsefellesskap's; for Helse Nord's
    readers, all."""
    if not user.is_authenticated:
        return Project.objects.none()
    own = Q(leader=user) | Q(application_id__in=party_application_ids(organisation_ids(user)))
    followed = Q(health_community_id__in=portfolio_health_community_ids(user))
    if is_helse_nord_reader(user):
        followed = Q(pk__isnull=False)  # Helse Nord funds and reads every project in the region
    ids = Project.objects.filter(own | followed).values("pk")
    return with_health(
        Project.objects.filter(pk__in=ids).select_related(
            "health_community", "application__lead_organisation"
        )
    ).order_by("title", "pk")
