"""Who may do what with an application. Access follows the user's relations (memberships), read
live from the database, so it can never go stale when someone changes organisation; see
docs/permissions.md. Views fetch through `access_application`, which answers 404 for both
"missing" and "forbidden", so nobody learns that another organisation's application exists."""

import functools

from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404

from . import workflow
from .models import Application, Round


@functools.cache
def _seats_sql() -> str:
    """The one query behind _seats, written out once per process: the ORM's UNION of three
    querysets took longer to compile than to run, on every page."""
    from committees.models import Committee, CommitteeMembership
    from core.models import Membership, Organisation, SecretariatMembership
    from notifications.models import Notification

    def table(model):
        return connection.ops.quote_name(model._meta.db_table)

    def column(model, name):
        return connection.ops.quote_name(model._meta.get_field(name).column)

    m, o, s, c, k, n = (
        Membership,
        Organisation,
        SecretariatMembership,
        CommitteeMembership,
        Committee,
        Notification,
    )
    none = "CAST(NULL AS BIGINT)"
    # Table and column names from the models; the user id is a parameter.
    return (
        f"SELECT 'organisation', m.{column(m, 'organisation')}, o.{column(o, 'kind')}, {none} "  # noqa: S608
        f"FROM {table(m)} m JOIN {table(o)} o ON o.{column(o, 'id')} = m.{column(m, 'organisation')} "
        f"WHERE m.{column(m, 'user')} = %s "
        f"UNION ALL SELECT 'secretariat', s.{column(s, 'health_community')}, '', {none} "
        f"FROM {table(s)} s WHERE s.{column(s, 'user')} = %s "
        f"UNION ALL SELECT 'committee', c.{column(c, 'committee')}, k.{column(k, 'kind')}, "
        f"k.{column(k, 'health_community')} "
        f"FROM {table(c)} c JOIN {table(k)} k ON k.{column(k, 'id')} = c.{column(c, 'committee')} "
        f"WHERE c.{column(c, 'user')} = %s "
        f"UNION ALL SELECT 'unread', COUNT(*), '', {none} FROM {table(n)} n "
        f"WHERE n.{column(n, 'recipient')} = %s AND n.{column(n, 'read_at')} IS NULL"
    )


def _seats(user) -> dict:
    """The user's seats, read in one query the first time a request asks and kept on the user
    object for the rest of it: the organisations (and whether one is Helse Nord), the
    secretariats, and the committees (and the helsefellesskap whose SSU the user sits in). Every
    page asks (the menu, the second factor, access). The same query counts the user's unread
    notifications, which every page's header shows (notifications.selectors.unread_count)."""
    if not hasattr(user, "_seats"):
        from committees.models import Committee

        with connection.cursor() as cursor:
            cursor.execute(_seats_sql(), [user.pk] * 4)
            rows = cursor.fetchall()
        seats = {"organisation": set(), "secretariat": set(), "committee": set(), "ssu": set(), "rhf": False}
        for seat, pk, kind, community_id in rows:
            if seat == "unread":
                user._unread_notifications = pk  # the count
                continue
            seats[seat].add(pk)
            if seat == "organisation" and kind == "rhf":
                seats["rhf"] = True
            if seat == "committee" and kind == Committee.Kind.SSU:
                seats["ssu"].add(community_id)
        user._seats = seats
    return user._seats


def organisation_ids(user) -> set[int]:
    return _seats(user)["organisation"] if user.is_authenticated else set()


def secretariat_health_community_ids(user) -> set[int]:
    return _seats(user)["secretariat"] if user.is_authenticated else set()


def committee_ids(user) -> set[int]:
    """The committees the user holds a seat in."""
    return _seats(user)["committee"] if user.is_authenticated else set()


def ssu_health_community_ids(user) -> set[int]:
    """The helsefellesskap whose SSU the user holds a seat in."""
    return _seats(user)["ssu"] if user.is_authenticated else set()


def is_helse_nord_reader(user) -> bool:
    return user.is_authenticated and _seats(user)["rhf"]


def is_party(user, application: Application) -> bool:
    return bool(organisation_ids(user) & application.party_organisation_ids())


def is_secretariat_for(user, application: Application) -> bool:
    return application.round.health_community_id in secretariat_health_community_ids(user)


def roles_for(user, application: Application) -> set[str]:
    """The roles the user holds towards this application, as named in workflow.TRANSITIONS."""
    roles = set()
    if is_party(user, application):
        roles.add(workflow.APPLICANT)
    if is_secretariat_for(user, application) and application.status != Application.Status.DRAFT:
        roles.add(workflow.SECRETARIAT)
    if is_helse_nord_reader(user) and application.status in workflow.FORWARDED:
        roles.add(workflow.HELSE_NORD)
    return roles


def inhabil_organisations(user, application: Application) -> list:
    """The user's organisations that are parties to the application: they make the user inhabil."""
    shared = organisation_ids(user) & application.party_organisation_ids()
    from core.models import Organisation

    return list(Organisation.objects.filter(pk__in=shared).order_by("name"))


def can_review_application(user, application: Application) -> bool:
    return workflow.SECRETARIAT in roles_for(user, application)


def can_view_application(user, application: Application) -> bool:
    if not user.is_authenticated:
        return False
    if is_party(user, application):
        return True
    if application.status == Application.Status.DRAFT:
        return False
    if application.round.health_community_id in secretariat_health_community_ids(user):
        return True
    if user.is_superuser:
        return True
    return application.status in workflow.FORWARDED and is_helse_nord_reader(user)


def can_edit_application(user, application: Application, now=None) -> bool:
    return (
        is_party(user, application)
        and application.status in workflow.EDITABLE
        and application.round.is_open(now)
    )


def can_submit_application(user, application: Application, now=None) -> bool:
    return can_edit_application(user, application, now) and workflow.allowed("submit", application.status)


def can_withdraw_application(user, application: Application) -> bool:
    return is_party(user, application) and workflow.allowed("withdraw", application.status)


def can_confirm_partnership(user, application: Application) -> bool:
    if application.partner_confirmed_at or application.status not in workflow.EDITABLE:
        return False
    partner_ids = {o.pk for o in application.partner_organisations()}
    return bool(organisation_ids(user) & partner_ids)


def can_create_application(user, organisation, round_) -> bool:
    return (
        organisation.pk in organisation_ids(user)
        and organisation.kind in ("kommune", "hf")
        and round_.is_open()
    )


def access_application(user, pk, *, for_edit: bool = False, queryset=None, load=None) -> Application:
    """Fetch and authorize in one step; 404 for missing and forbidden alike. `queryset` lets a
    page fetch everything it shows in the same step, and `load(application)` what it reads of
    the related tables (the check reads the owners and participating municipalities from it)."""
    if queryset is None:
        queryset = Application.objects.select_related(
            "round__health_community", "lead_organisation", "hospital_trust"
        ).prefetch_related("owners", "participating_municipalities")
    application = get_object_or_404(queryset, pk=pk)
    if load is not None:
        load(application)
    allowed = can_edit_application(user, application) if for_edit else can_view_application(user, application)
    if not allowed:
        # An applicant who may no longer edit (deadline, status) is shown why, not a 404.
        if for_edit and is_party(user, application):
            raise EditNotAllowed(application)
        raise Http404
    return application


def access_application_as_party(user, pk) -> Application:
    """For the applicants' own actions (submit, confirm, withdraw): 404 for everyone else."""
    application = access_application(user, pk)
    if not is_party(user, application):
        raise Http404
    return application


class EditNotAllowed(Exception):
    def __init__(self, application):
        self.application = application


def access_secretariat_round(user, pk) -> Round:
    """The round, if the user works in the secretariat of its helsefellesskap; 404 for missing and
    forbidden alike."""
    community_ids = secretariat_health_community_ids(user)
    round_ = (
        Round.objects.filter(pk=pk, health_community__in=community_ids)
        .select_related("health_community")
        .first()
        if community_ids
        else None
    )
    if round_ is None:
        raise Http404
    return round_


def access_forwarding_package(user, pk):
    """A ready package, for Helse Nord's readers and the secretariat of its round; 404 otherwise."""
    from .models import ForwardingPackage

    package = (
        ForwardingPackage.objects.filter(
            pk=pk, status=ForwardingPackage.Status.READY, prioritisation__forwarded_at__isnull=False
        )
        .select_related("prioritisation__round__health_community")
        .first()
    )
    if package is None or not (
        is_helse_nord_reader(user)
        or package.prioritisation.round.health_community_id in secretariat_health_community_ids(user)
    ):
        raise Http404
    return package
