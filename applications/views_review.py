"""The case page (behandling) of one application, for the secretariat and, once forwarded, for
Helse Nord: the formal check, status actions, scoring and the award."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import permissions, review, workflow
from .forms import AwardForm, ScoreForm, ScreeningForm, TransitionForm
from .services import ApplicationError


def _access_case(user, pk):
    application = permissions.access_application(user, pk)
    roles = permissions.roles_for(user, application)
    if not roles & {workflow.SECRETARIAT, workflow.HELSE_NORD}:
        raise Http404
    return application, roles


def _render(request, application, roles, *, status=200, **forms):
    user = request.user
    criteria = review.round_criteria(application.round)
    scoring_refusal = review.scoring_refusal(user, application)
    my_scores = [s for s in application.scores.all() if s.assessor_id == user.pk]
    actions = [
        (name, workflow.TRANSITIONS[name])
        for name in workflow.CASE_ACTIONS
        if workflow.allowed(name, application.status) and workflow.TRANSITIONS[name].roles & roles
    ]
    context = {
        "application": application,
        "is_secretariat": workflow.SECRETARIAT in roles,
        "actions": actions,
        "transition_form": forms.get("transition_form") or TransitionForm(),
        "screening_form": forms.get("screening_form") or ScreeningForm(checks=application.screening.all()),
        "screening_open": workflow.SECRETARIAT in roles and application.status in workflow.SCREENING,
        "screening": list(application.screening.all()),
        "scoring_refusal": scoring_refusal,
        "score_form": forms.get("score_form") or ScoreForm(criteria=criteria, scores=my_scores),
        "summary": review.assessment_summary(application),
        "award_open": application.status == application.Status.FORWARDED
        and bool(roles & workflow.TRANSITIONS["grant"].roles),
        "award_form": forms.get("award_form") or AwardForm(first_year=application.round.year),
        "award": getattr(application, "award", None) if application.status in workflow.FORWARDED else None,
        "events": application.status_events.select_related("actor"),
    }
    return render(request, "applications/review.html", context, status=status)


@login_required
def application_review(request, pk):
    application, roles = _access_case(request.user, pk)
    return _render(request, application, roles)


@login_required
@require_POST
def review_transition(request, pk):
    application, roles = _access_case(request.user, pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            review.application_transition(
                application=application,
                action=form.cleaned_data["action"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as refused:
            form.add_error(refused.field, str(refused))
        else:
            messages.success(
                request,
                _("Status er endret til «%(status)s».") % {"status": application.get_status_display()},
            )
            return redirect("applications:review", pk=application.pk)
    return _render(request, application, roles, status=400, transition_form=form)


@login_required
@require_POST
def review_screening(request, pk):
    application, roles = _access_case(request.user, pk)
    form = ScreeningForm(request.POST, checks=application.screening.all())
    if form.is_valid():
        try:
            review.screening_save(application=application, actor=request.user, results=form.results())
        except ApplicationError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Den formelle kontrollen er lagret."))
            return redirect("applications:review", pk=application.pk)
    return _render(request, application, roles, status=400, screening_form=form)


@login_required
@require_POST
def review_score(request, pk):
    application, roles = _access_case(request.user, pk)
    criteria = review.round_criteria(application.round)
    form = ScoreForm(request.POST, criteria=criteria)
    if form.is_valid():
        try:
            review.score_save(application=application, actor=request.user, scores=form.scores())
        except ApplicationError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Poengene dine er lagret."))
            return redirect("applications:review", pk=application.pk)
    return _render(request, application, roles, status=400, score_form=form)


@login_required
@require_POST
def review_award(request, pk):
    application, roles = _access_case(request.user, pk)
    form = AwardForm(request.POST, first_year=application.round.year)
    if form.is_valid():
        try:
            review.application_record_award(
                application=application,
                actor=request.user,
                granted=form.cleaned_data["granted"] == "yes",
                amounts_by_year=form.cleaned_data["amounts"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Vedtaket er registrert."))
            return redirect("applications:review", pk=application.pk)
    return _render(request, application, roles, status=400, award_form=form)
