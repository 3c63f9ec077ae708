"""Who may see and do what with approved projects; see docs/permissions.md.

- The project side (the project leader and the staff of the application's party organisations)
  keeps the project's plan current and writes its status reports.
- The secretariat of the project's helsefellesskap follows the project up: edits it, adds
  reports to the plan, accepts reports or asks for changes (not for a project its own
  organisation is party to: inhabil, as for applications).
- The SSU members of that helsefellesskap and Helse Nord's readers read projects and reports.
- The portfolio is for the secretariat and the SSU members of the helsefellesskap.
Views fetch through the `access_*` functions, which answer 404 for missing and forbidden alike.
"""

from django.http import Http404

from applications.permissions import (
    is_helse_nord_reader,
    is_party,
    secretariat_health_community_ids,
    ssu_health_community_ids,
)

from .models import Project, StatusReport
from .workflow import EDITABLE


def portfolio_health_community_ids(user) -> set[int]:
    return secretariat_health_community_ids(user) | ssu_health_community_ids(user)


def is_project_side(user, project: Project) -> bool:
    if not user.is_authenticated:
        return False
    return project.leader_id == user.pk or is_party(user, project.application)


def is_project_secretariat(user, project: Project) -> bool:
    return project.health_community_id in secretariat_health_community_ids(user)


def can_view_project(user, project: Project) -> bool:
    if not user.is_authenticated:
        return False
    return (
        is_project_side(user, project)
        or project.health_community_id in portfolio_health_community_ids(user)
        or is_helse_nord_reader(user)
    )


def can_edit_project(user, project: Project) -> bool:
    return is_project_side(user, project) or is_project_secretariat(user, project)


def can_plan_reports(user, project: Project) -> bool:
    return is_project_secretariat(user, project)


def can_write_report(user, report: StatusReport) -> bool:
    return report.status in EDITABLE and is_project_side(user, report.project)


def can_review_report(user, report: StatusReport) -> bool:
    """The secretariat, unless the reviewer's own organisation is a party to the project."""
    return is_project_secretariat(user, report.project) and not is_project_side(user, report.project)


def _project(pk) -> Project | None:
    return (
        Project.objects.select_related(
            "health_community", "leader", "application__round", "application__lead_organisation"
        )
        .prefetch_related("application__owners", "application__participating_municipalities")
        .filter(pk=pk)
        .first()
    )


def access_project(user, pk, *, edit: bool = False) -> Project:
    project = _project(pk)
    allowed = project is not None and (
        can_edit_project(user, project) if edit else can_view_project(user, project)
    )
    if not allowed:
        raise Http404
    return project


def access_report(user, pk, *, write: bool = False, review: bool = False) -> StatusReport:
    report = StatusReport.objects.filter(pk=pk).select_related("project").first()
    if report is None:
        raise Http404
    report.project = _project(report.project_id)
    if write:
        allowed = is_project_side(user, report.project)
    elif review:
        allowed = can_review_report(user, report)
    else:
        allowed = can_view_project(user, report.project)
    if not allowed:
        raise Http404
    return report
