"""The permission matrix, generated from the URL conf: every named URL of the portal, the admin and
Django's i18n × the ten roles × GET and POST, each with the status the product promises
(docs/permissions.md, issue 7, the views' docstrings). This module is the executable form of the
tables in docs/permissions.md.

* `URLS` below holds one entry per URL name; the admin's model URLs come from `ADMIN_MODELS`, one
  entry per registered model. `VARIANTS` adds the same URL on objects in other states ("name
  [state]"), where the product answers differently (a draft, an application not yet forwarded).
  A URL in the URL conf without an entry fails the test, and so does an entry for a URL that is
  gone: a new URL cannot land without deciding who may open it.
* Notation: `row(default, role=status, …)` gives every logged-in role `default` except those
  named; anonymous users get `LOGIN` (302 to /logg-inn/?next=…) unless `anon=` says otherwise.
  `ADMIN_LOGIN` is a 302 to /admin/login/. A POST is sent with an empty body: the point is
  access (404 for an object the role may not see, 405 for a method the view does not take, 400
  for a form it may post but did not fill in, 200/302 where it gets through).
* The world (tests/security/world.py) is built once; every request runs in a savepoint that is
  rolled back, so one URL's write does not change the next URL's starting point. The test
  collects every mismatch and prints them as one table.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from . import world as w
from .world import (
    ADMIN,
    ANON,
    APPLICANT_A,
    APPLICANT_B,
    COMMITTEE,
    HELSE_NORD,
    INHABIL,
    OTHER_COMMITTEE,
    OTHER_SECRETARIAT,
    ROLES,
    SECRETARIAT,
)

pytestmark = pytest.mark.django_db

LOGIN = "→ /logg-inn/"  # 302 to the portal's login page with ?next=
ADMIN_LOGIN = "→ /admin/login/"  # 302 to the admin's login page with ?next=
REDIRECTS = {LOGIN: "/logg-inn/?next=", ADMIN_LOGIN: "/admin/login/?next="}
LOGGED_IN = tuple(role for role in ROLES if role != ANON)


def row(default, *, anon=LOGIN, **roles) -> dict:
    """Expected status per role: `default` for every logged-in role but those named."""
    unknown = set(roles) - set(LOGGED_IN)
    assert not unknown, f"unknown roles {unknown}"
    return {ANON: anon, **{role: roles.get(role, default) for role in LOGGED_IN}}


def only(status, *roles, default=404, anon=LOGIN) -> dict:
    """`status` for the roles named, `default` (404: as if the object did not exist) for the rest."""
    return row(default, anon=anon, **dict.fromkeys(roles, status))


# A page without a method restriction answers a POST as it answers a GET.
SAME = "same as GET"


@dataclass(frozen=True)
class Entry:
    args: Callable  # World -> the URL's args for reverse()
    get: dict
    post: dict | str = SAME
    # A page every role may open but that lists only the role's own things: the text
    # (World -> str) must not be in the page for the roles named.
    hidden: Callable | None = None
    hidden_from: tuple = ()


def no_args(world):
    return []


# Who reads an application that has been forwarded: its parties, the secretariat of its round,
# Helse Nord (forwarded), the admin (every submitted application).
FORWARDED_READERS = (APPLICANT_A, SECRETARIAT, HELSE_NORD, ADMIN)
# A published case of the SSU and its meeting: the secretariat (drafts too) and the SSU's members,
# the inhabil one included (inhabil means no vote, not no papers).
CASE_READERS = (SECRETARIAT, COMMITTEE, INHABIL)
# Org A's project: its project side, the secretariat and the SSU of Helgeland, Helse Nord.
PROJECT_READERS = (APPLICANT_A, SECRETARIAT, COMMITTEE, INHABIL, HELSE_NORD)
PROJECT_EDITORS = (APPLICANT_A, SECRETARIAT)
POST_ONLY = row(405)  # login_required, then require_POST: GET is 405 for every logged-in role
SAFE_ONLY = row(405)  # login_required, then require_safe: POST is 405 for every logged-in role
SEC_POST_400 = only(400, SECRETARIAT)  # the secretariat's form, posted empty
SEC_POST_302 = only(302, SECRETARIAT)  # the secretariat's action: done or refused with a message

URLS: dict[str, Entry] = {
    # --- The front page and the applicant's pages (applications/urls.py) -----------------------
    "home": Entry(no_args, row(200)),
    "applications:list": Entry(no_args, row(200)),
    # Creating in an open round: a logged-in user without an applicant organisation is told so.
    "applications:create": Entry(lambda w: [w.open_round.pk], POST_ONLY, row(302)),
    "applications:detail": Entry(lambda w: [w.forwarded.pk], only(200, *FORWARDED_READERS)),
    # Editing is for the parties, while «utkast»/«mottatt» and the round is open; 404 for the rest.
    "applications:step": Entry(
        lambda w: [w.received.pk, "grunnopplysninger"], only(200, APPLICANT_A), only(302, APPLICANT_A)
    ),
    # POST-only actions behind the edit check: the party gets 405 on GET, everyone else 404.
    "applications:discard_draft": Entry(
        lambda w: [w.received.pk, "grunnopplysninger"], only(405, APPLICANT_A), only(302, APPLICANT_A)
    ),
    # An empty POST is an unbound upload form: the page again.
    "applications:attachments": Entry(lambda w: [w.received.pk], only(200, APPLICANT_A)),
    "applications:attachment": Entry(
        lambda w: [w.forwarded.pk, w.forwarded_attachment.pk], only(200, *FORWARDED_READERS)
    ),
    "applications:attachment_delete": Entry(
        lambda w: [w.received.pk, w.received_attachment.pk], only(405, APPLICANT_A), only(302, APPLICANT_A)
    ),
    "applications:submit": Entry(lambda w: [w.received.pk], POST_ONLY, only(302, APPLICANT_A)),
    "applications:receipt": Entry(lambda w: [w.forwarded.pk, 1], only(200, *FORWARDED_READERS)),
    "applications:version_pdf": Entry(lambda w: [w.forwarded.pk, 1], only(200, *FORWARDED_READERS)),
    # Org A leads, so its applicant is not the partner: refused with a message.
    "applications:confirm": Entry(lambda w: [w.received.pk], POST_ONLY, only(302, APPLICANT_A)),
    # «mottatt» may be withdrawn; the empty form is shown again.
    "applications:withdraw": Entry(lambda w: [w.received.pk], only(200, APPLICANT_A)),
    "applications:versions": Entry(lambda w: [w.forwarded.pk], only(200, *FORWARDED_READERS)),
    # The case page: the secretariat of the round and, once forwarded, Helse Nord; not the admin.
    "applications:review": Entry(lambda w: [w.forwarded.pk], only(200, SECRETARIAT, HELSE_NORD)),
    "applications:review_transition": Entry(
        lambda w: [w.forwarded.pk], POST_ONLY, only(400, SECRETARIAT, HELSE_NORD)
    ),
    "applications:review_screening": Entry(
        lambda w: [w.forwarded.pk], POST_ONLY, only(400, SECRETARIAT, HELSE_NORD)
    ),
    "applications:review_score": Entry(
        lambda w: [w.forwarded.pk], POST_ONLY, only(400, SECRETARIAT, HELSE_NORD)
    ),
    "applications:review_award": Entry(
        lambda w: [w.forwarded.pk], POST_ONLY, only(400, SECRETARIAT, HELSE_NORD)
    ),
    # --- The secretariat: rounds, inbox, board, forwarding (applications/urls_secretariat.py) ---
    # Any secretariat has the list of its own rounds.
    "secretariat:rounds": Entry(
        no_args,
        only(200, SECRETARIAT, OTHER_SECRETARIAT),
        SAFE_ONLY,
        hidden=lambda w: w.closed_round.title,
        hidden_from=(OTHER_SECRETARIAT,),
    ),
    "secretariat:inbox": Entry(lambda w: [w.closed_round.pk], only(200, SECRETARIAT), SAFE_ONLY),
    "secretariat:inbox_export": Entry(
        lambda w: [w.closed_round.pk, "xlsx"], only(200, SECRETARIAT), SAFE_ONLY
    ),
    "secretariat:board": Entry(lambda w: [w.closed_round.pk], only(200, SECRETARIAT), SEC_POST_400),
    "secretariat:board_freeze": Entry(lambda w: [w.closed_round.pk], POST_ONLY, SEC_POST_302),
    "secretariat:board_unfreeze": Entry(lambda w: [w.closed_round.pk], POST_ONLY, SEC_POST_302),
    "secretariat:board_decision": Entry(lambda w: [w.closed_round.pk], POST_ONLY, SEC_POST_400),
    "secretariat:board_forward": Entry(lambda w: [w.closed_round.pk], POST_ONLY, SEC_POST_302),
    "secretariat:package_rebuild": Entry(lambda w: [w.closed_round.pk], POST_ONLY, SEC_POST_302),
    "secretariat:package_status": Entry(lambda w: [w.closed_round.pk], only(200, SECRETARIAT), SAFE_ONLY),
    # --- Helse Nord (applications/urls_helse_nord.py) --------------------------------------------
    "helse_nord:index": Entry(no_args, only(200, HELSE_NORD), SAFE_ONLY),
    "helse_nord:package": Entry(lambda w: [w.package.pk], only(200, HELSE_NORD, SECRETARIAT), SAFE_ONLY),
    # --- Committees: the secretariat's pages (committees/urls.py) --------------------------------
    # Another helsefellesskap's secretariat sees its own (here: an empty) list of committees.
    "committees:committees": Entry(no_args, only(200, SECRETARIAT, OTHER_SECRETARIAT), SAFE_ONLY),
    "committees:committee": Entry(lambda w: [w.ssu.pk], only(200, SECRETARIAT), SAFE_ONLY),
    "committees:meeting_create": Entry(lambda w: [w.ssu.pk], only(200, SECRETARIAT), SEC_POST_400),
    "committees:meeting": Entry(lambda w: [w.meeting.pk], only(200, SECRETARIAT), SAFE_ONLY),
    "committees:case_add": Entry(lambda w: [w.meeting.pk], POST_ONLY, SEC_POST_400),
    "committees:meeting_prioritisation_case": Entry(lambda w: [w.meeting.pk], POST_ONLY, SEC_POST_400),
    "committees:meeting_projects_case": Entry(lambda w: [w.meeting.pk], POST_ONLY, SEC_POST_400),
    "committees:meeting_publish": Entry(lambda w: [w.meeting.pk], POST_ONLY, SEC_POST_302),
    "committees:protocol": Entry(lambda w: [w.meeting.pk], only(200, SECRETARIAT), SAFE_ONLY),
    "committees:attendance": Entry(lambda w: [w.meeting.pk], POST_ONLY, SEC_POST_400),
    "committees:protocol_approve": Entry(lambda w: [w.meeting.pk], POST_ONLY, SEC_POST_302),
    "committees:case": Entry(lambda w: [w.case.pk], only(200, SECRETARIAT), SEC_POST_400),
    "committees:case_move": Entry(lambda w: [w.case.pk], POST_ONLY, SEC_POST_400),
    "committees:attachment_add": Entry(lambda w: [w.case.pk], POST_ONLY, SEC_POST_400),
    "committees:attachment_delete": Entry(lambda w: [w.case.pk, w.upload.pk], POST_ONLY, SEC_POST_302),
    # Postponing needs no new meeting («til et senere møte») and withdrawing no reason.
    "committees:case_postpone": Entry(lambda w: [w.case.pk], POST_ONLY, SEC_POST_302),
    "committees:case_withdraw": Entry(lambda w: [w.case.pk], POST_ONLY, SEC_POST_302),
    "committees:case_decide": Entry(lambda w: [w.case.pk], POST_ONLY, SEC_POST_400),
    "committees:case_vote": Entry(lambda w: [w.case.pk], POST_ONLY, SEC_POST_400),
    # On the forwarded (decided) board: refused with a message on the board.
    "committees:board_case": Entry(lambda w: [w.closed_round.pk], POST_ONLY, SEC_POST_302),
    # --- Committees: «Mine møter» and the documents ----------------------------------------------
    # Every seat holder has the list (own committees only); the secretariat has no seat.
    "committees:my_meetings": Entry(no_args, only(200, COMMITTEE, OTHER_COMMITTEE, INHABIL), SAFE_ONLY),
    "committees:member_meeting": Entry(lambda w: [w.meeting.pk], only(200, *CASE_READERS), SAFE_ONLY),
    "committees:member_case": Entry(lambda w: [w.case.pk], only(200, *CASE_READERS), SAFE_ONLY),
    # Members declare (the reason is required, so the empty form is 400); the secretariat may open
    # the case but holds no seat, which the form tells it (400).
    "committees:inhabil_declare": Entry(lambda w: [w.case.pk], POST_ONLY, only(400, *CASE_READERS)),
    "committees:case_pdf": Entry(lambda w: [w.case.pk], only(200, *CASE_READERS), SAFE_ONLY),
    "committees:case_pdf_status": Entry(lambda w: [w.case.pk], only(200, *CASE_READERS), SAFE_ONLY),
    # The uploaded Vedlegg (the application's PDF as Vedlegg is the variant below).
    "committees:attachment": Entry(lambda w: [w.case.pk, w.upload.pk], only(200, *CASE_READERS), SAFE_ONLY),
    "committees:packet": Entry(lambda w: [w.meeting.pk], only(200, *CASE_READERS), SAFE_ONLY),
    "committees:packet_status": Entry(lambda w: [w.meeting.pk], only(200, *CASE_READERS), SAFE_ONLY),
    # The approved protocol of the held meeting: the secretariat and the members.
    "committees:protocol_pdf": Entry(lambda w: [w.held.pk], only(200, *CASE_READERS), SAFE_ONLY),
    "committees:protocol_pdf_status": Entry(lambda w: [w.held.pk], only(200, *CASE_READERS), SAFE_ONLY),
    # --- The public pages (committees/urls_public.py): no login, published meetings only --------
    "public:meetings": Entry(no_args, row(200, anon=200), row(405, anon=405)),
    "public:meeting": Entry(lambda w: [w.meeting.pk], row(200, anon=200), row(405, anon=405)),
    # --- Projects (projects/urls.py) --------------------------------------------------------------
    # The list is everyone's (their own projects; none for some).
    "projects:list": Entry(
        no_args,
        row(200),
        SAFE_ONLY,
        hidden=lambda w: w.project.title,
        hidden_from=(APPLICANT_B, OTHER_SECRETARIAT, OTHER_COMMITTEE, ADMIN),
    ),
    # The portfolio of the user's own helsefellesskap (secretariat or SSU seat): another
    # helsefellesskap's secretariat gets its own, without Helgeland's projects.
    "projects:portfolio": Entry(
        no_args,
        only(200, SECRETARIAT, OTHER_SECRETARIAT, COMMITTEE, INHABIL),
        SAFE_ONLY,
        hidden=lambda w: w.project.title,
        hidden_from=(OTHER_SECRETARIAT,),
    ),
    "projects:portfolio_xlsx": Entry(
        no_args, only(200, SECRETARIAT, OTHER_SECRETARIAT, COMMITTEE, INHABIL), SAFE_ONLY
    ),
    # The portfolio's charts (PNG), for the same users as the page.
    "projects:portfolio_chart": Entry(
        lambda w: ["ar"], only(200, SECRETARIAT, OTHER_SECRETARIAT, COMMITTEE, INHABIL), SAFE_ONLY
    ),
    "projects:detail": Entry(lambda w: [w.project.pk], only(200, *PROJECT_READERS), SAFE_ONLY),
    "projects:edit": Entry(
        lambda w: [w.project.pk], only(200, *PROJECT_EDITORS), only(400, *PROJECT_EDITORS)
    ),
    "projects:section": Entry(
        lambda w: [w.project.pk, "gevinster"], only(200, *PROJECT_EDITORS), only(400, *PROJECT_EDITORS)
    ),
    "projects:measurement_add": Entry(
        lambda w: [w.project.pk, w.indicator.pk], only(200, *PROJECT_EDITORS), only(400, *PROJECT_EDITORS)
    ),
    "projects:report_add": Entry(lambda w: [w.project.pk], only(200, SECRETARIAT), SEC_POST_400),
    "projects:sheet_pdf": Entry(lambda w: [w.project.pk], only(200, *PROJECT_READERS), SAFE_ONLY),
    "projects:sheet_status": Entry(lambda w: [w.project.pk], only(200, *PROJECT_READERS), SAFE_ONLY),
    # Every reader sees the report; only the project side writes it while it is not sent in.
    "projects:report": Entry(lambda w: [w.planned.pk], only(200, *PROJECT_READERS), only(400, APPLICANT_A)),
    "projects:report_submit": Entry(lambda w: [w.planned.pk], POST_ONLY, only(400, APPLICANT_A)),
    "projects:report_review": Entry(lambda w: [w.submitted_report.pk], POST_ONLY, SEC_POST_400),
    "projects:report_remove": Entry(lambda w: [w.planned.pk], POST_ONLY, SEC_POST_302),
    # --- Notifications (notifications/urls.py) ----------------------------------------------------
    "notifications:list": Entry(no_args, row(200), SAFE_ONLY),
    "notifications:mark_all_read": Entry(no_args, POST_ONLY, row(302)),
    "notifications:mark_read": Entry(lambda w: [w.notification.pk], POST_ONLY, only(302, APPLICANT_A)),
    "notifications:open": Entry(lambda w: [w.notification.pk], POST_ONLY, only(302, APPLICANT_A)),
    # Nothing ticked is a valid choice: no e-mail of any kind.
    "notifications:preferences": Entry(no_args, row(200), row(302)),
    "notifications:log": Entry(
        no_args,
        only(200, SECRETARIAT, OTHER_SECRETARIAT, ADMIN),
        SAFE_ONLY,
        hidden=lambda w: w.notification.subject,
        hidden_from=(OTHER_SECRETARIAT,),
    ),
    # --- Login, logout, password reset, language ---------------------------------------------------
    # A logged-in user is sent on from the login page.
    "login": Entry(no_args, row(302, anon=200)),
    "logout": Entry(no_args, row(405, anon=405), row(302, anon=302)),
    "password_reset": Entry(no_args, row(200, anon=200)),
    "password_reset_done": Entry(no_args, row(200, anon=200), row(405, anon=405)),
    # A link with a token that is not valid shows «the link is not valid» to anyone.
    "password_reset_confirm": Entry(lambda w: {"uidb64": "MQ", "token": "ugyldig-lenke"}, row(200, anon=200)),
    "password_reset_complete": Entry(no_args, row(200, anon=200), row(405, anon=405)),
    # The second factor: a session that has passed it (force_login's here) and a user who needs
    # none are sent on. The pages themselves are tested through the login in tests/core.
    "second_factor_verify": Entry(no_args, row(302)),
    "second_factor_setup": Entry(no_args, row(302)),
    "set_language": Entry(no_args, row(302, anon=302)),
    # Public: the accessibility statement and the health check.
    "accessibility": Entry(no_args, row(200, anon=200), row(405, anon=405)),
    "health": Entry(no_args, row(200, anon=200), row(405, anon=405)),
    # --- The admin: for staff only; everyone else is sent to its login page ------------------------
    "admin:index": Entry(no_args, only(200, ADMIN, default=ADMIN_LOGIN, anon=ADMIN_LOGIN)),
    # Staff are sent on from the admin's login page; others see it (and may try to log in).
    "admin:login": Entry(no_args, row(200, anon=200, admin=302), row(200, anon=200)),
    # Logging out is a POST; a non-staff user is sent to the admin's index (then its login).
    "admin:logout": Entry(no_args, row(302, anon=302, admin=405), row(302, anon=302, admin=302)),
    "admin:password_change": Entry(no_args, only(200, ADMIN, default=ADMIN_LOGIN, anon=ADMIN_LOGIN)),
    "admin:password_change_done": Entry(
        no_args,
        only(200, ADMIN, default=ADMIN_LOGIN, anon=ADMIN_LOGIN),
        only(405, ADMIN, default=ADMIN_LOGIN, anon=ADMIN_LOGIN),
    ),
    "admin:jsi18n": Entry(
        no_args,
        only(200, ADMIN, default=ADMIN_LOGIN, anon=ADMIN_LOGIN),
        only(405, ADMIN, default=ADMIN_LOGIN, anon=ADMIN_LOGIN),
    ),
    # Without the field it completes, the autocomplete refuses (403).
    "admin:autocomplete": Entry(
        no_args,
        only(403, ADMIN, default=ADMIN_LOGIN, anon=ADMIN_LOGIN),
        only(405, ADMIN, default=ADMIN_LOGIN, anon=ADMIN_LOGIN),
    ),
    # «Vis på nettstedet» sends the admin to the application's page.
    "admin:view_on_site": Entry(
        lambda w: [ContentType.objects.get_for_model(w.forwarded).pk, w.forwarded.pk],
        only(302, ADMIN, default=ADMIN_LOGIN, anon=ADMIN_LOGIN),
    ),
    "admin:app_list": Entry(
        lambda w: {"app_label": "applications"}, only(200, ADMIN, default=ADMIN_LOGIN, anon=ADMIN_LOGIN)
    ),
    # A TOTP device's key, as text and QR code: not even the admin reads it
    # (OTP_ADMIN_HIDE_SENSITIVE_DATA); a lost device is deleted instead.
    "admin:otp_totp_totpdevice_config": Entry(
        lambda w: [w.extra["admin_objects"]["otp_totp.totpdevice"].pk],
        only(403, ADMIN, default=ADMIN_LOGIN, anon=ADMIN_LOGIN),
    ),
    "admin:otp_totp_totpdevice_qrcode": Entry(
        lambda w: [w.extra["admin_objects"]["otp_totp.totpdevice"].pk],
        only(403, ADMIN, default=ADMIN_LOGIN, anon=ADMIN_LOGIN),
    ),
    # The user's password form (UserAdmin), posted empty.
    "admin:auth_user_password_change": Entry(
        lambda w: [w.users[APPLICANT_A].pk], only(200, ADMIN, default=ADMIN_LOGIN, anon=ADMIN_LOGIN)
    ),
}


# --- The admin's model URLs: one entry per registered model --------------------------------------
# What the admin (superuser) gets per action, GET and POST (empty); everyone else gets the login.
# FULL: everything (an empty POST to delete confirms nothing: the confirmation page again).
# MADE_BY_THE_PORTAL: rows the portal writes (a submitted version, the board, the package, the
# login log): no add (403); their fields are read-only, so the empty change form saves (302).
# READ_ONLY: the audit log and the notifications: list and view only, 403 for the rest.
FULL = {
    "changelist": (200, 200),
    "add": (200, 200),
    "change": (200, 200),
    "delete": (200, 200),
    "history": (200, 200),
}
MADE_BY_THE_PORTAL = {**FULL, "add": (403, 403), "change": (200, 302)}
READ_ONLY = {**FULL, "add": (403, 403), "change": (200, 403), "delete": (403, 403)}

ADMIN_MODELS = {
    "auth.group": FULL,
    "django_celery_beat.periodictask": FULL,
    "django_celery_beat.clockedschedule": FULL,
    "django_celery_beat.crontabschedule": FULL,
    "django_celery_beat.solarschedule": FULL,
    "django_celery_beat.intervalschedule": FULL,
    "otp_totp.totpdevice": FULL,
    "otp_static.staticdevice": FULL,
    "axes.accessattempt": MADE_BY_THE_PORTAL,
    "axes.accesslog": MADE_BY_THE_PORTAL,
    "axes.accessfailurelog": MADE_BY_THE_PORTAL,
    "core.user": FULL,
    "core.organisation": FULL,
    "core.healthcommunity": FULL,
    "core.prioritygroup": FULL,
    "core.focusarea": FULL,
    "core.auditevent": READ_ONLY,
    "applications.round": FULL,
    "applications.application": FULL,
    "applications.applicationversion": MADE_BY_THE_PORTAL,
    "applications.prioritisation": MADE_BY_THE_PORTAL,
    "applications.forwardingpackage": MADE_BY_THE_PORTAL,
    "committees.committee": FULL,
    "projects.project": FULL,
    "projects.statusreport": FULL,
    "notifications.notification": READ_ONLY,
    "notifications.preference": FULL,
}


# The same URLs on objects in another state.
VARIANTS: dict[str, Entry] = {
    # A draft is its parties' alone; the admin sees every *submitted* application.
    "applications:detail [utkast]": Entry(lambda w: [w.draft.pk], only(200, APPLICANT_A)),
    # Sent in, not forwarded: the secretariat and the admin, not yet Helse Nord.
    "applications:detail [mottatt]": Entry(
        lambda w: [w.received.pk], only(200, APPLICANT_A, SECRETARIAT, ADMIN)
    ),
    "applications:review [mottatt]": Entry(lambda w: [w.received.pk], only(200, SECRETARIAT)),
    # A draft case: never on the members' pages (also not for the secretariat, which reads it on
    # its own case page); its PDF only for the secretariat.
    "committees:member_case [utkast]": Entry(lambda w: [w.draft_case.pk], row(404), SAFE_ONLY),
    "committees:case_pdf [utkast]": Entry(lambda w: [w.draft_case.pk], only(200, SECRETARIAT), SAFE_ONLY),
    # The application as a Vedlegg: its PDF as sent in, for everyone who reads the case.
    "committees:attachment [søknad]": Entry(
        lambda w: [w.case.pk, w.application_attachment.pk], only(200, *CASE_READERS), SAFE_ONLY
    ),
    # A protocol not yet approved: the secretariat only.
    "committees:protocol_pdf [ikke godkjent]": Entry(
        lambda w: [w.meeting.pk], only(200, SECRETARIAT), SAFE_ONLY
    ),
}


def _admin_entries() -> dict[str, Entry]:
    entries = {}
    for label, actions in ADMIN_MODELS.items():
        app_label, model_name = label.split(".")
        for action, (get, post) in actions.items():
            if action in ("changelist", "add"):
                args = no_args
            else:
                args = (lambda label: lambda w: [w.extra["admin_objects"][label].pk])(label)
            entries[f"admin:{app_label}_{model_name}_{action}"] = Entry(
                args,
                only(get, ADMIN, default=ADMIN_LOGIN, anon=ADMIN_LOGIN),
                only(post, ADMIN, default=ADMIN_LOGIN, anon=ADMIN_LOGIN),
            )
    return entries


# Unnamed patterns cannot be reversed and so cannot be in the table: the admin's catch-all (404
# or the login page) and, per model, its redirect from <pk>/ to <pk>/change/. Any other fails.
def unnamed_allowed(pattern: str) -> bool:
    return pattern == "admin/(?P<url>.*)$" or (
        pattern.startswith("admin/") and pattern.endswith("/<path:object_id>/")
    )


def url_names() -> tuple[set[str], list[str]]:
    """Every URL name in the URL conf (with its namespaces), and the unnamed patterns."""
    names, unnamed = set(), []

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                if pattern.name:
                    names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
                else:
                    unnamed.append(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, None, "")
    return names, unnamed


def _admin_objects(world) -> dict:
    """An object of every model registered in the admin (made where the world has none)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from django_celery_beat.models import ClockedSchedule, SolarSchedule
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from notifications.models import Preference

    user = world.users[APPLICANT_A]
    makers = {
        "auth.group": lambda: Group.objects.create(name="Støtte"),
        "django_celery_beat.clockedschedule": lambda: ClockedSchedule.objects.create(
            clocked_time=timezone.now()
        ),
        "django_celery_beat.solarschedule": lambda: SolarSchedule.objects.create(
            event="sunrise", latitude=65.84, longitude=13.19
        ),
        "otp_totp.totpdevice": lambda: TOTPDevice.objects.create(user=user, name="app", confirmed=True),
        "otp_static.staticdevice": lambda: StaticDevice.objects.create(user=user, name="reserve"),
        "axes.accessattempt": lambda: AccessAttempt.objects.create(
            username="soker.a@example.no", ip_address="127.0.0.1", user_agent="test", failures_since_start=1
        ),
        "axes.accesslog": lambda: AccessLog.objects.create(
            username="soker.a@example.no", ip_address="127.0.0.1", user_agent="test"
        ),
        "axes.accessfailurelog": lambda: AccessFailureLog.objects.create(
            username="soker.a@example.no", ip_address="127.0.0.1", user_agent="test"
        ),
        "notifications.preference": lambda: Preference.objects.create(user=user, kind="status_change"),
    }
    objects = {}
    for model in admin.site._registry:
        label = model._meta.label_lower
        found = model._default_manager.order_by("pk").first()
        objects[label] = found if found is not None else makers[label]()
    # A user without relations, so deleting it is not blocked.
    objects["core.user"] = world.users[APPLICANT_A].__class__.objects.create_user(
        email="slettes@example.no", password=None
    )
    return objects


def expected_table() -> dict[str, Entry]:
    return {**URLS, **_admin_entries()}


def url_name(key: str) -> str:
    return key.split(" [", 1)[0]


def test_every_url_has_an_entry_and_every_entry_a_url():
    names, unnamed = url_names()
    table = expected_table()
    missing = sorted(names - set(table))
    gone = sorted({url_name(key) for key in {*table, *VARIANTS}} - names)
    strays = sorted(p for p in unnamed if not unnamed_allowed(p))
    assert not (missing or gone or strays), (
        f"URLs without an entry in the permission matrix (decide who may open them): {missing}\n"
        f"entries for URLs that no longer exist: {gone}\nunnamed URL patterns: {strays}"
    )


def _expected_status(expected) -> int:
    return 302 if expected in REDIRECTS else expected


def _text(response) -> str:
    return "" if response.streaming else response.content.decode(errors="replace")


@pytest.fixture
def quiet_request_log():
    """404s, 403s and 405s are the point here: only a 500 goes to the log (with its traceback)."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


def test_every_url_for_every_role_and_method_answers_as_the_product_says(quiet_request_log):
    world = w.build()
    world.extra["admin_objects"] = _admin_objects(world)
    clients = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if world.users[role] is not None:
            client.force_login(world.users[role])
        session = client.cookies.get(settings.SESSION_COOKIE_NAME)
        clients[role] = (client, session.value if session else None)
    names, _unnamed = url_names()
    table = {**expected_table(), **VARIANTS}
    problems = []
    for name in sorted(key for key in table if url_name(key) in names):
        entry = table[name]
        args = entry.args(world)
        try:
            reversing = {"kwargs": args} if isinstance(args, dict) else {"args": args}
            url = reverse(url_name(name), **reversing)
        except NoReverseMatch as error:
            problems.append((name, "-", "-", "reverse", str(error)))
            continue
        for method, expectations in (("GET", entry.get), ("POST", entry.post)):
            if expectations == SAME:
                expectations = entry.get
            for role in ROLES:
                client, session = clients[role]
                # Only the role's session: a previous request may have logged out or set a language.
                client.cookies = SimpleCookie()
                if session:
                    client.cookies[settings.SESSION_COOKIE_NAME] = session
                with transaction.atomic():
                    response = client.get(url) if method == "GET" else client.post(url, {})
                    transaction.set_rollback(True)
                expected = expectations[role]
                got = response.status_code
                note = ""
                if got == 302 or got == 301:
                    note = response["Location"]
                if got >= 500 and getattr(response, "exc_info", None):
                    note = repr(response.exc_info[1])
                if got != _expected_status(expected):
                    problems.append((name, role, method, expected, f"{got} {note}".strip()))
                elif expected in REDIRECTS and not response["Location"].startswith(REDIRECTS[expected]):
                    problems.append((name, role, method, expected, f"{got} {note}"))
                elif got == 200 and method == "GET" and entry.hidden is not None:
                    # Hidden from the roles named, and shown to the others (so the check can fail).
                    text = entry.hidden(world)
                    if (text in _text(response)) == (role in entry.hidden_from):
                        shown = "showing" if role in entry.hidden_from else "not showing"
                        problems.append((name, role, method, expected, f"200 {shown} {text!r}"))
    if problems:
        width = max(len(p[0]) for p in problems)
        lines = [f"{'URL':<{width}}  {'role':<8} {'method':<6} {'expected':<16} got"]
        lines += [f"{n:<{width}}  {r:<8} {m:<6} {str(e):<16} {g}" for n, r, m, e, g in problems]
        pytest.fail(f"{len(problems)} answers differ from the matrix:\n" + "\n".join(lines), pytrace=False)
