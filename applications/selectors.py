"""Reads: what a user may see, fetched with a constant number of queries however many rows exist."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext

from core.models import Organisation
from core.money import format_nok
from core.prefetch import prefetch_together
from core.rows import choice_labels, pk_url

from . import workflow
from .models import Application, Round
from .permissions import (
    is_helse_nord_reader,
    organisation_ids,
    secretariat_health_community_ids,
)

DETAIL_PREFETCH = [
    "owners",
    "participating_municipalities",
    "supporting_municipalities",
    "priority_groups",
    "focus_areas",
    "contacts",
    "benefits",
    "risks",
    "budget_lines",
    "milestones",
    "subprojects",
    "attachments",
    "step_drafts",
]


# The long answers of the form (several kB each). Lists never show them, so list querysets leave
# them out (`.defer(*LONG_TEXT_FIELDS)`, or with a prefix through a relation); the detail page and
# the snapshot load the whole application.
LONG_TEXT_FIELDS = tuple(
    field.name for field in Application._meta.concrete_fields if isinstance(field, models.TextField)
)


def long_texts(prefix: str = "") -> list[str]:
    return [prefix + name for name in LONG_TEXT_FIELDS]


def party_application_ids(org_ids):
    """The ids of the applications the organisations are a party to (lead, hospital trust, owner,
    participating municipality), as a subquery. One UNION ALL of four index lookups: the same
    test as one OR across the joined tables, which made PostgreSQL read every application."""
    owners = Application.owners.through.objects
    participants = Application.participating_municipalities.through.objects
    return (
        Application.objects.filter(lead_organisation__in=org_ids)
        .order_by()
        .values("pk")
        .union(
            Application.objects.filter(hospital_trust__in=org_ids).order_by().values("pk"),
            owners.filter(organisation__in=org_ids).values("application_id"),
            participants.filter(organisation__in=org_ids).values("application_id"),
            all=True,
        )
    )


def application_list_for_user(user):
    if not user.is_authenticated:
        return Application.objects.none()
    visible = Q(pk__in=party_application_ids(organisation_ids(user)))
    submitted = ~Q(status=Application.Status.DRAFT)
    if user.is_superuser:
        visible |= submitted
    secretariat = secretariat_health_community_ids(user)
    if secretariat:
        visible |= submitted & Q(round__health_community__in=secretariat)
    if is_helse_nord_reader(user):
        visible |= Q(status__in=workflow.FORWARDED)
    return (
        Application.objects.filter(visible)
        .select_related("round__health_community", "lead_organisation")
        .defer(*LONG_TEXT_FIELDS)
        .order_by("-round__deadline", "title", "pk")
    )


# What the application table shows, and only that.
TABLE_FIELDS = (
    "title",
    "status",
    "has_unsubmitted_changes",
    "amount_applied_nok",
    "round__title",
    "lead_organisation__name",
)


def application_table(applications) -> list[dict]:
    """The rows of the application table (home page and list), each worked out once here (link,
    status, badge, amount) rather than through template tags per row. One query."""
    detail_url = pk_url("applications:detail")
    status_labels = choice_labels(Application.Status.choices)
    untitled = gettext("Søknad uten navn")
    rows = []
    for application in (
        applications.select_related(None).select_related("round", "lead_organisation").only(*TABLE_FIELDS)
    ):
        status = application.status
        rows.append(
            {
                "url": detail_url(application.pk),
                "title": application.title or untitled,
                "applicant": application.lead_organisation.name,
                "round": application.round.title,
                "status": status_labels[status],
                "badge": (
                    "secondary"
                    if status == Application.Status.DRAFT
                    else "dark"
                    if status == Application.Status.WITHDRAWN
                    else "primary"
                ),
                "changed": application.has_unsubmitted_changes,
                "amount": format_nok(application.amount_applied_nok),
            }
        )
    return rows


def application_detail_queryset():
    """The application with what the detail page shows of its own row and the rows it points to;
    its related rows come from load_detail, once access is decided."""
    return Application.objects.select_related(
        "round__health_community",
        "lead_organisation",
        "hospital_trust",
    )


def load_detail(application: Application) -> None:
    """Every related table the detail page shows (the form's rows, attachments, drafts and the
    versions sent in, the FSU and who confirmed the partnership for whom), in one query on
    PostgreSQL (core.prefetch)."""
    prefetch_together(
        application,
        [*DETAIL_PREFETCH, "versions"],
        pointed_to=["fsu", "partner_confirmed_by", "partner_confirmed_for"],
    )


def open_rounds_for_user(user):
    """Open rounds of the helsefellesskap the user's organisations belong to."""
    community_ids = Organisation.objects.filter(
        pk__in=organisation_ids(user), kind__in=["kommune", "hf"]
    ).values("health_community")
    return [
        r
        for r in Round.objects.filter(health_community__in=community_ids).select_related("health_community")
        if r.is_open()
    ]


def applicant_organisations(user):
    return Organisation.objects.filter(pk__in=organisation_ids(user), kind__in=["kommune", "hf"])
