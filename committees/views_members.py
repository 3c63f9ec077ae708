"""The committee members' pages: «Mine møter», a published meeting with its saksliste, and the
published case paper with the member's habilitet. Members of other committees, applicants and
Helse Nord get 404 (permissions.access_*); drafts are never shown here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import selectors, services
from .forms import InhabilForm
from .permissions import (
    VISIBLE_CASE_STATUSES,
    access_case,
    access_meeting,
    committee_ids,
    is_committee_member,
)
from .services import CaseError


@login_required
@require_safe
def my_meetings(request):
    if not committee_ids(request.user):
        raise Http404
    return render(
        request,
        "committees/members/my_meetings.html",
        {"meetings": selectors.meeting_list_for_member(request.user)},
    )


@login_required
@require_safe
def meeting(request, pk):
    meeting = access_meeting(request.user, pk)
    return render(
        request,
        "committees/members/meeting.html",
        {
            "meeting": meeting,
            "committee": meeting.committee,
            "cases": selectors.agenda(meeting, published_only=True),
        },
    )


def _case_page(request, case, *, inhabil_form=None, status=200):
    member = is_committee_member(request.user, case.committee)
    return render(
        request,
        "committees/members/case.html",
        {
            "case": case,
            "committee": case.committee,
            "attachments": list(case.attachments.all()),
            "entries": list(
                case.prioritisation.entries.select_related("application__lead_organisation").order_by(
                    "regional_rank", "pk"
                )
            )
            if case.prioritisation_id
            else None,
            "is_member": member,
            "inhabil": services.inhabil_reason(request.user, case) if member else None,
            "inhabil_form": inhabil_form or InhabilForm(),
        },
        status=status,
    )


def _published_case(user, pk):
    """The case as members see it: published, decided or postponed (never a draft, also not for
    the secretariat previewing the member's page)."""
    case = access_case(user, pk)
    if case.status not in VISIBLE_CASE_STATUSES:
        raise Http404
    return case


@login_required
@require_safe
def case(request, pk):
    return _case_page(request, _published_case(request.user, pk))


@login_required
@require_POST
def inhabil_declare(request, pk):
    case = _published_case(request.user, pk)
    form = InhabilForm(request.POST)
    if form.is_valid():
        try:
            services.inhabil_declare(case=case, actor=request.user, reason=form.cleaned_data["reason"])
        except CaseError as refused:
            form.add_error("reason", str(refused))
        else:
            messages.success(
                request,
                _("Du er registrert som inhabil i sak %(reference)s.") % {"reference": case.reference},
            )
            return redirect("committees:member_case", pk=case.pk)
    return _case_page(request, case, inhabil_form=form, status=400)
