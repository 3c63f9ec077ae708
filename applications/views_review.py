"""The case page (behandling) of one application, for the secretariat and, once forwarded, for
Helse Nord: the formal check, status actions, scoring and the award."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import post_form

from . import permissions, review, workflow
from .forms import AwardForm, ScoreForm, ScreeningForm, TransitionForm


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
        "on_board_statuses": workflow.ON_BOARD,
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


def _handle_post(request, pk, *, form_key, build_form, perform, done):
    """Every form on the case page: one service call; a refusal shows the page again with the
    message at its field and everything typed still there (core.views.post_form)."""
    application, roles = _access_case(request.user, pk)

    def run(data):
        perform(application, form)
        return done(application), reverse("applications:review", args=[application.pk])

    form = build_form(application)
    return post_form(
        request,
        form,
        perform=run,
        rerender=lambda form: _render(request, application, roles, status=400, **{form_key: form}),
    )


@login_required
@require_POST
def review_transition(request, pk):
    return _handle_post(
        request,
        pk,
        form_key="transition_form",
        build_form=lambda app: TransitionForm(request.POST),
        perform=lambda app, form: review.application_transition(
            application=app,
            action=form.cleaned_data["action"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        ),
        done=lambda app: _("Status er endret til «%(status)s».") % {"status": app.get_status_display()},
    )


@login_required
@require_POST
def review_screening(request, pk):
    return _handle_post(
        request,
        pk,
        form_key="screening_form",
        build_form=lambda app: ScreeningForm(request.POST, checks=app.screening.all()),
        perform=lambda app, form: review.screening_save(
            application=app, actor=request.user, results=form.results()
        ),
        done=lambda app: _("Den formelle kontrollen er lagret."),
    )


@login_required
@require_POST
def review_score(request, pk):
    return _handle_post(
        request,
        pk,
        form_key="score_form",
        build_form=lambda app: ScoreForm(request.POST, criteria=review.round_criteria(app.round)),
        perform=lambda app, form: review.score_save(
            application=app, actor=request.user, scores=form.scores()
        ),
        done=lambda app: _("Poengene dine er lagret."),
    )


@login_required
@require_POST
def review_award(request, pk):
    return _handle_post(
        request,
        pk,
        form_key="award_form",
        build_form=lambda app: AwardForm(request.POST, first_year=app.round.year),
        perform=lambda app, form: review.application_record_award(
            application=app,
            actor=request.user,
            granted=form.cleaned_data["granted"] == "yes",
            amounts_by_year=form.cleaned_data["amounts"],
            reason=form.cleaned_data["reason"],
        ),
        done=lambda app: _("Vedtaket er registrert."),
    )
