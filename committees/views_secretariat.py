"""The secretariat's committee pages: committees and their meetings, a new meeting, the meeting
with its saksliste, the case paper (edit, attachments, publish, postpone, withdraw, decide, votes),
the protocol, the prioritisation case made from the board, and the orientation on the granted
projects made from the portfolio. Only the secretariat of the committee's helsefellesskap gets past
the access_* functions; everyone else gets 404.

Views validate and call one service each; a refusal (CaseError) is shown at the field it names,
with what was typed kept, and status 400."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from applications.models import Prioritisation
from applications.permissions import access_secretariat_round, secretariat_health_community_ids
from core.views import post_form
from projects.portfolio import grant_years

from . import selectors, services
from .forms import (
    AttendanceForm,
    BoardCaseForm,
    CaseAddForm,
    CaseAttachmentForm,
    CaseForm,
    DecisionForm,
    MeetingForm,
    MoveForm,
    PostponeForm,
    PrioritisationCaseForm,
    VoteForm,
    WithdrawForm,
)
from .models import Case, CaseAttachment, Committee, CommitteeMembership, Vote
from .permissions import access_case, access_committee, access_meeting
from .services import CaseError


def _show_refusal(form, refused: CaseError) -> None:
    form.add_error(refused.field if refused.field in form.fields else None, str(refused))


# --- Committees and meetings --------------------------------------------------------------------


@login_required
@require_safe
def committee_list(request):
    if not secretariat_health_community_ids(request.user):
        raise Http404
    committees = list(selectors.committee_list_for_secretariat(request.user))
    return render(request, "committees/secretariat/committee_list.html", {"committees": committees})


@login_required
@require_safe
def committee_detail(request, pk):
    committee = access_committee(request.user, pk)
    return render(
        request,
        "committees/secretariat/committee_detail.html",
        {"committee": committee, "meetings": selectors.meeting_list_for_committee(committee)},
    )


@login_required
def meeting_create(request, pk):
    committee = access_committee(request.user, pk)

    def page(form, status=200):
        return render(
            request,
            "committees/secretariat/meeting_form.html",
            {"committee": committee, "form": form},
            status=status,
        )

    if request.method != "POST":
        return page(MeetingForm(initial={"starts_at": "09:00"}))

    def perform(data):
        meeting = services.meeting_create(
            committee=committee, actor=request.user, **{name: data[name] for name in MeetingForm.Meta.fields}
        )
        return _(
            "Møtet er opprettet med de faste sakene. Legg til sakene, og publiser innkallingen "
            "når den er klar."
        ), meeting

    return post_form(
        request, MeetingForm(request.POST), perform=perform, rerender=lambda form: page(form, 400)
    )


def _meeting_page(
    request, meeting, *, case_form=None, prioritisation_form=None, projects_form=None, status=200
):
    cases = selectors.agenda(meeting)
    prioritisations = selectors.prioritisations_waiting_for_case(meeting.committee)
    if prioritisation_form is None and not meeting.protocol_approved_at and prioritisations.exists():
        prioritisation_form = PrioritisationCaseForm(prioritisations=prioritisations)
    if projects_form is None and not meeting.protocol_approved_at:
        years = _projects_case_years(meeting)
        projects_form = ProjectsCaseForm(years=years) if years else None
    return render(
        request,
        "committees/secretariat/meeting_detail.html",
        {
            "refusals": [
                error
                for form in (case_form, prioritisation_form, projects_form)
                if form
                for error in form.non_field_errors()
            ],
            "meeting": meeting,
            "committee": meeting.committee,
            "rows": _agenda_rows(cases, editable=not meeting.protocol_approved_at),
            "drafts": [c for c in cases if c.status == Case.Status.DRAFT],
            "case_form": case_form or CaseAddForm(),
            "prioritisation_form": prioritisation_form,
            "projects_form": projects_form,
        },
        status=status,
    )


def _agenda_rows(cases, *, editable: bool):
    """Per case: may it move up, may it move down (never past the fixed standing items)."""
    fixed = services.AGENDA_FIXED
    rows = []
    for i, case in enumerate(cases):
        movable = editable and case.standing not in fixed
        rows.append(
            {
                "case": case,
                "movable": movable,
                "up": movable and i > 0 and cases[i - 1].standing not in fixed,
                "down": movable and i < len(cases) - 1 and cases[i + 1].standing not in fixed,
            }
        )
    return rows


@login_required
@require_safe
def meeting_detail(request, pk):
    return _meeting_page(request, access_meeting(request.user, pk, manage=True))


@login_required
@require_POST
def meeting_case_add(request, pk):
    meeting = access_meeting(request.user, pk, manage=True)

    def perform(data):
        case = services.meeting_case_add(
            meeting=meeting, actor=request.user, title=data["title"], kind=data["kind"]
        )
        return _("Sak %(reference)s er opprettet.") % {"reference": case.reference}, case

    return post_form(
        request,
        CaseAddForm(request.POST),
        perform=perform,
        rerender=lambda form: _meeting_page(request, meeting, case_form=form, status=400),
    )


@login_required
@require_POST
def meeting_prioritisation_case(request, pk):
    meeting = access_meeting(request.user, pk, manage=True)

    def perform(data):
        case = services.meeting_prioritisation_case_add(
            prioritisation=data["prioritisation"], meeting=meeting, actor=request.user
        )
        return _prioritisation_case_made(case), case

    return post_form(
        request,
        PrioritisationCaseForm(
            request.POST, prioritisations=selectors.prioritisations_waiting_for_case(meeting.committee)
        ),
        perform=perform,
        rerender=lambda form: _meeting_page(request, meeting, prioritisation_form=form, status=400),
    )


class ProjectsCaseForm(forms.Form):
    """On an SSU meeting page: the grant year whose projects the orientation case covers (only
    years with projects in the helsefellesskap)."""

    year = forms.TypedChoiceField(
        label=gettext_lazy("Tilskuddsår"),
        coerce=int,
        choices=[],
        help_text=gettext_lazy("Prosjektene som fikk tildelt RS-tilskudd dette året."),
        error_messages={
            "required": gettext_lazy("Velg året saken skal orientere om."),
            "invalid_choice": gettext_lazy("Velg et år som har prosjekter."),
        },
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]


def _projects_case_years(meeting) -> list[int]:
    """The grant years with projects, for an SSU meeting; none for other committees."""
    if meeting.committee.kind != Committee.Kind.SSU:
        return []
    return grant_years(meeting.committee.health_community_id)


@login_required
@require_POST
def meeting_projects_case(request, pk):
    """«Lag orientering om prosjektene»: the generated orientation on the projects granted in the
    chosen year, on this SSU meeting. Refused (400, at the field) on any other committee."""
    meeting = access_meeting(request.user, pk, manage=True)

    def perform(data):
        case = services.meeting_projects_orientation_case_add(
            year=data["year"], meeting=meeting, actor=request.user
        )
        return _("Orienteringssaken %(reference)s er laget. Les gjennom teksten før den publiseres.") % {
            "reference": case.reference
        }, case

    return post_form(
        request,
        ProjectsCaseForm(request.POST, years=grant_years(meeting.committee.health_community_id)),
        perform=perform,
        rerender=lambda form: _meeting_page(request, meeting, projects_form=form, status=400),
    )


def _prioritisation_case_made(case) -> str:
    return _("Prioriteringssaken %(reference)s er laget. Les gjennom teksten før den publiseres.") % {
        "reference": case.reference
    }


@login_required
@require_POST
def meeting_publish(request, pk):
    meeting = access_meeting(request.user, pk, manage=True)
    try:
        services.meeting_publish_notice(meeting=meeting, actor=request.user)
    except CaseError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Innkallingen er publisert. Medlemmene ser møtet under «Mine møter»."))
    return redirect(meeting)


@login_required
@require_POST
def case_move(request, pk):
    case = access_case(request.user, pk, manage=True)
    form = MoveForm(request.POST)
    if case.meeting_id is None:
        raise Http404
    if not form.is_valid():
        return HttpResponseBadRequest()
    try:
        services.case_move(case=case, actor=request.user, direction=form.cleaned_data["direction"])
    except CaseError as refused:
        messages.error(request, str(refused))
    return redirect(reverse("committees:meeting", args=[case.meeting_id]) + f"#agenda-{case.pk}")


# --- The case -----------------------------------------------------------------------------------


def _vote_rows(case, vote_form=None):
    """Per seat: the member, their vote, why they are inhabil (if they are) and the vote form."""
    memberships = CommitteeMembership.objects.filter(committee=case.committee).select_related(
        "user", "organisation"
    )
    memberships = list(memberships.order_by("user__first_name", "user__last_name", "pk"))
    votes = {vote.user_id: vote for vote in Vote.objects.filter(case=case)}
    inhabil = services.inhabil_reasons(case, [m.user for m in memberships])
    rows = []
    for membership in memberships:
        posted = vote_form is not None and vote_form.data.get("member") == str(membership.user_id)
        rows.append(
            {
                "membership": membership,
                "vote": votes.get(membership.user_id),
                "inhabil": inhabil.get(membership.user_id),
                "form": vote_form
                if posted
                else VoteForm(
                    initial={
                        "member": membership.user_id,
                        "choice": votes[membership.user_id].choice
                        if membership.user_id in votes
                        else Vote.Choice.FOR,
                    },
                    auto_id=f"vote-{membership.user_id}-%s",
                ),
            }
        )
    return rows


def _case_page(request, case, *, status=200, **forms):
    editable = case.status in services.EDITABLE_STATUSES
    context = {
        "refusals": [error for form in forms.values() for error in form.non_field_errors()],
        "vote_form": forms.get("vote_form"),
        "case": case,
        "committee": case.committee,
        "editable": editable,
        "form": forms.get("form")
        or (CaseForm(instance=case, meetings=_case_meetings(case)) if editable else None),
        "attachments": list(case.attachments.select_related("application")),
        "attachment_form": forms.get("attachment_form") or CaseAttachmentForm(),
        "postpone_form": forms.get("postpone_form") or PostponeForm(meetings=selectors.later_meetings(case)),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        "decision_form": forms.get("decision_form")
        or DecisionForm(initial={"decision": case.decision or case.recommendation}),
        "can_postpone": case.status in (Case.Status.DRAFT, Case.Status.PUBLISHED, Case.Status.POSTPONED),
        "can_withdraw": case.status != Case.Status.DECIDED and case.status != Case.Status.WITHDRAWN,
        "can_decide": case.status == Case.Status.PUBLISHED,
        "entries": _prioritisation_entries(case),
        "votes": _vote_rows(case, forms.get("vote_form"))
        if case.kind == Case.Kind.DECISION and case.status in (Case.Status.PUBLISHED, Case.Status.DECIDED)
        else None,
    }
    return render(request, "committees/secretariat/case_detail.html", context, status=status)


def _prioritisation_entries(case):
    if not case.prioritisation_id:
        return None
    return list(
        case.prioritisation.entries.select_related("application__lead_organisation").order_by(
            "regional_rank", "pk"
        )
    )


def _case_meetings(case):
    meetings = selectors.open_meetings(case.committee)
    if case.meeting_id:
        meetings = (meetings | case.committee.meetings.filter(pk=case.meeting_id)).distinct()
    return meetings


@login_required
def case_detail(request, pk):
    case = access_case(request.user, pk, manage=True)
    if request.method != "POST":
        return _case_page(request, case)
    form = CaseForm(request.POST, instance=case, meetings=_case_meetings(case))
    publish = request.POST.get("action") == "publish"
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in CaseForm.Meta.fields}
        saved = False
        try:
            case = services.case_edit(case=case, actor=request.user, **fields)
            saved = True
            if publish:
                case = services.case_publish(case=case, actor=request.user)
        except CaseError as refused:
            _show_refusal(form, refused)
            if saved:
                messages.info(request, _("Endringene er lagret, men saken er ikke publisert."))
        else:
            messages.success(
                request,
                _("Saken er publisert til utvalget.") if publish else _("Endringene er lagret."),
            )
            return redirect(case)
    case.refresh_from_db()
    return _case_page(request, case, form=form, status=400)


@login_required
@require_POST
def case_attachment_add(request, pk):
    case = access_case(request.user, pk, manage=True)
    form = CaseAttachmentForm(request.POST, request.FILES)

    def perform(data):
        services.case_attachment_add(
            case=case,
            actor=request.user,
            title=data["title"],
            uploaded_file=data["file"],
            accepted=form.accepted,
        )
        return _("Vedlegget er lastet opp."), reverse("committees:case", args=[case.pk]) + "#attachments"

    return post_form(
        request,
        form,
        perform=perform,
        rerender=lambda form: _case_page(request, case, attachment_form=form, status=400),
    )


@login_required
@require_POST
def case_attachment_delete(request, pk, attachment_pk):
    case = access_case(request.user, pk, manage=True)
    attachment = get_object_or_404(CaseAttachment, pk=attachment_pk, case=case)
    try:
        services.case_attachment_remove(attachment=attachment, actor=request.user)
    except CaseError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Vedlegget «%(title)s» er fjernet.") % {"title": attachment.title})
    return redirect(reverse("committees:case", args=[case.pk]) + "#attachments")


@login_required
@require_POST
def case_postpone(request, pk):
    case = access_case(request.user, pk, manage=True)

    def perform(data):
        to_meeting = data["meeting"]
        services.meeting_case_postpone(case=case, actor=request.user, to_meeting=to_meeting)
        if to_meeting is None:
            return _("Saken er utsatt."), case
        return _("Saken er utsatt til møtet %(date)s og beholder saksnummeret %(reference)s.") % {
            "date": to_meeting.date.strftime("%d.%m.%Y"),
            "reference": case.reference,
        }, case

    return post_form(
        request,
        PostponeForm(request.POST, meetings=selectors.later_meetings(case)),
        perform=perform,
        rerender=lambda form: _case_page(request, case, postpone_form=form, status=400),
    )


@login_required
@require_POST
def case_withdraw(request, pk):
    case = access_case(request.user, pk, manage=True)

    def perform(data):
        services.case_withdraw(case=case, actor=request.user, reason=data["reason"])
        return _("Saken er trukket. Saksnummeret %(reference)s brukes ikke igjen.") % {
            "reference": case.reference
        }, case

    return post_form(
        request,
        WithdrawForm(request.POST),
        perform=perform,
        rerender=lambda form: _case_page(request, case, withdraw_form=form, status=400),
    )


@login_required
@require_POST
def case_decide(request, pk):
    case = access_case(request.user, pk, manage=True)

    def perform(data):
        adopt = data["action"] == DecisionForm.ADOPT
        services.case_decide(case=case, actor=request.user, decision=None if adopt else data["decision"])
        return (_("Innstillingen er vedtatt.") if adopt else _("Vedtaket er registrert.")), case

    return post_form(
        request,
        DecisionForm(request.POST),
        perform=perform,
        rerender=lambda form: _case_page(request, case, decision_form=form, status=400),
    )


@login_required
@require_POST
def case_vote(request, pk):
    case = access_case(request.user, pk, manage=True)
    form = VoteForm(request.POST, auto_id=f"vote-{request.POST.get('member', '')}-%s")
    if form.is_valid():
        membership = (
            CommitteeMembership.objects.filter(committee=case.committee, user_id=form.cleaned_data["member"])
            .select_related("user")
            .first()
        )
        try:
            if membership is None:
                raise CaseError(_("Velg et medlem av utvalget."), field="choice")
            services.vote_record(
                case=case, member=membership.user, choice=form.cleaned_data["choice"], actor=request.user
            )
        except CaseError as refused:
            form.add_error("choice", str(refused))
        else:
            messages.success(
                request,
                _("Stemmen til %(member)s er registrert.")
                % {"member": membership.user.get_full_name() or membership.user.email},
            )
            return redirect(reverse("committees:case", args=[case.pk]) + "#votes")
    return _case_page(request, case, vote_form=form, status=400)


# --- The protocol -------------------------------------------------------------------------------


def _protocol_page(request, meeting, *, attendance_form=None, status=200):
    memberships = list(
        CommitteeMembership.objects.filter(committee=meeting.committee)
        .select_related("user", "organisation")
        .order_by("user__first_name", "user__last_name", "pk")
    )
    recorded = {a.membership_id: a for a in meeting.attendance.all()}
    cases = [
        c
        for c in selectors.agenda(meeting, with_attachments=True, with_votes=True)
        if c.status != Case.Status.DRAFT
    ]
    reasons_by_case = services.inhabil_reasons_by_case(cases, [m.user for m in memberships])
    rows = []
    for case in cases:
        votes = {v.user_id: v for v in case.votes.all()}
        reasons = reasons_by_case[case.pk]
        inhabil = [(m, reasons[m.user_id]) for m in memberships if m.user_id in reasons]
        rows.append(
            {
                "case": case,
                "inhabil": inhabil,
                "votes_for": sum(1 for v in votes.values() if v.choice == Vote.Choice.FOR),
                "votes_against": sum(1 for v in votes.values() if v.choice == Vote.Choice.AGAINST),
            }
        )
    return render(
        request,
        "committees/secretariat/protocol.html",
        {
            "meeting": meeting,
            "committee": meeting.committee,
            "attendance_form": attendance_form
            or AttendanceForm(memberships=memberships, attendance=recorded),
            "attendance": [(m, recorded.get(m.pk)) for m in memberships],
            "rows": rows,
        },
        status=status,
    )


@login_required
@require_safe
def protocol(request, pk):
    return _protocol_page(request, access_meeting(request.user, pk, manage=True))


@login_required
@require_POST
def protocol_attendance(request, pk):
    meeting = access_meeting(request.user, pk, manage=True)
    memberships = CommitteeMembership.objects.filter(committee=meeting.committee).select_related("user")
    form = AttendanceForm(
        request.POST, memberships=memberships.order_by("user__first_name", "user__last_name", "pk")
    )

    def perform(data):
        services.attendance_record(meeting=meeting, actor=request.user, rows=form.attendance())
        return _("Oppmøtet er lagret."), reverse("committees:protocol", args=[meeting.pk])

    return post_form(
        request,
        form,
        perform=perform,
        rerender=lambda form: _protocol_page(request, meeting, attendance_form=form, status=400),
    )


@login_required
@require_POST
def protocol_approve(request, pk):
    meeting = access_meeting(request.user, pk, manage=True)
    try:
        services.protocol_approve(meeting=meeting, actor=request.user)
    except CaseError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Protokollen er godkjent."))
    return redirect("committees:protocol", pk=meeting.pk)


# --- The prioritisation case, made from the board -----------------------------------------------


@login_required
@require_POST
def board_case_create(request, round_pk):
    """«Lag prioriteringssak» on a frozen board: the case on the chosen SSU meeting. A refusal is
    shown on the board, like the board's own actions."""
    round_ = access_secretariat_round(request.user, round_pk)
    prioritisation = Prioritisation.objects.filter(round=round_).first()
    if prioritisation is None:
        raise Http404
    form = BoardCaseForm(request.POST, meetings=selectors.ssu_meetings_for_round(round_, prioritisation))
    if form.is_valid():
        try:
            case = services.meeting_prioritisation_case_add(
                prioritisation=prioritisation, meeting=form.cleaned_data["meeting"], actor=request.user
            )
        except CaseError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _prioritisation_case_made(case))
            return redirect(case)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("secretariat:board", round_pk=round_.pk)
