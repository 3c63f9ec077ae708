"""Every status transition: allowed ones succeed and are audited; forbidden ones (wrong state or
wrong role) are refused with a message and change nothing. Habilitet in scoring."""

import itertools

import pytest
from django.db import transaction
from django.urls import reverse

from applications import review, workflow
from applications.models import Application, Award, Score, ScreeningCheck, StatusEvent
from applications.services import (
    ApplicationError,
    application_confirm_partnership,
    application_submit,
    application_withdraw,
)
from core.models import AuditEvent, Membership, User

S = Application.Status
ROLES = ["rana_applicant", "vefsn_applicant", "secretariat_user", "committee_user", "helse_nord_user"]
ROLE_OF = {
    "rana_applicant": workflow.APPLICANT,
    "secretariat_user": workflow.SECRETARIAT,
    "helse_nord_user": workflow.HELSE_NORD,
}


def perform(action, application, actor):
    if action == "submit":
        return application_submit(application=application, actor=actor, notify=False)
    if action == "withdraw":
        return application_withdraw(application=application, actor=actor, reason="Trekkes")
    if action in ("grant", "refuse"):
        return review.application_record_award(
            application=application,
            actor=actor,
            granted=action == "grant",
            amounts_by_year={2027: 2_000_000, 2028: 2_000_000},
            reason="Begrunnelse",
        )
    if action in workflow.BOARD_ACTIONS:
        # The board moves a whole round (tests/applications/test_prioritisation.py); the table
        # rules it applies per application are the same and are checked here.
        with transaction.atomic():
            locked = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
            return review.apply_transition(locked, action, actor, "Begrunnelse")
    return review.application_transition(
        application=application, action=action, actor=actor, reason="Begrunnelse"
    )


def expected_ok(action, status, role_fixture):
    transition = workflow.TRANSITIONS[action]
    role = ROLE_OF.get(role_fixture)
    if role == workflow.HELSE_NORD and status not in workflow.FORWARDED:
        return False  # Helse Nord holds no role before forwarding
    return status in transition.source and role in transition.roles


@pytest.fixture
def case(complete_application, hospital_user):
    application_confirm_partnership(application=complete_application, actor=hospital_user)
    for item in ScreeningCheck.Item.values:
        ScreeningCheck.objects.create(application=complete_application, item=item, passed=True)
    return complete_application


@pytest.mark.django_db
@pytest.mark.parametrize(
    "action, status, role",
    list(itertools.product(workflow.TRANSITIONS, S.values, ROLES)),
)
def test_every_transition_from_every_status_for_every_role(request, case, action, status, role):
    Application.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    actor = request.getfixturevalue(role)
    events, audits = StatusEvent.objects.count(), AuditEvent.objects.count()

    if expected_ok(action, status, role):
        perform(action, case, actor)
        case.refresh_from_db()
        assert case.status == workflow.TRANSITIONS[action].target
        event = StatusEvent.objects.latest("id")
        assert (event.from_status, event.to_status, event.actor) == (status, case.status, actor)
        assert StatusEvent.objects.count() == events + 1
        assert AuditEvent.objects.latest("id").actor == actor
        assert AuditEvent.objects.count() > audits
    else:
        with pytest.raises(ApplicationError) as refused:
            perform(action, case, actor)
        assert str(refused.value)  # a message for the user
        case.refresh_from_db()
        assert case.status == status
        assert StatusEvent.objects.count() == events
        assert AuditEvent.objects.count() == audits
        assert not Award.objects.exists()


@pytest.mark.django_db
def test_reason_is_required_for_formal_rejection_and_refusal(case, secretariat_user):
    Application.objects.filter(pk=case.pk).update(status=S.UNDER_REVIEW)
    with pytest.raises(ApplicationError) as refused:
        review.application_transition(
            application=case, action="reject_formal", actor=secretariat_user, reason="  "
        )
    assert refused.value.field == "reason"
    case.refresh_from_db()
    assert case.status == S.UNDER_REVIEW


@pytest.mark.django_db
def test_assessed_requires_a_passed_formal_check(complete_application, secretariat_user):
    Application.objects.filter(pk=complete_application.pk).update(status=S.UNDER_REVIEW)
    with pytest.raises(ApplicationError) as refused:
        review.application_transition(
            application=complete_application, action="mark_assessed", actor=secretariat_user
        )
    assert "formelle kontrollen er ikke fullført" in str(refused.value)
    review.screening_save(
        application=complete_application,
        actor=secretariat_user,
        results={item: (True, "") for item in ScreeningCheck.Item.values},
    )
    review.application_transition(
        application=complete_application, action="mark_assessed", actor=secretariat_user
    )
    complete_application.refresh_from_db()
    assert complete_application.status == S.ASSESSED


@pytest.mark.django_db
def test_award_records_amount_per_year_which_may_differ_from_the_amount_applied(case, helse_nord_user):
    Application.objects.filter(pk=case.pk).update(status=S.FORWARDED)
    award = review.application_record_award(
        application=case,
        actor=helse_nord_user,
        granted=True,
        amounts_by_year={2027: 2_328_500, 2028: 2_328_500},
    )
    assert award.total_nok == 4_657_000 != case.amount_applied_nok
    assert [(y.year, y.amount_nok) for y in award.years.all()] == [(2027, 2_328_500), (2028, 2_328_500)]


@pytest.mark.django_db
def test_assessor_from_an_applying_municipality_is_refused_scoring(case, secretariat_user, rana):
    Application.objects.filter(pk=case.pk).update(status=S.UNDER_REVIEW)
    criterion = review.round_criteria(case.round)[0]
    review.score_save(application=case, actor=secretariat_user, scores={criterion.pk: (4, "God forankring")})
    assert Score.objects.get().value == 4

    # The same secretary also works for Rana kommune, which leads the application: inhabil.
    Membership.objects.create(user=secretariat_user, organisation=rana)
    secretary = User.objects.get(pk=secretariat_user.pk)  # a fresh request sees the new membership
    with pytest.raises(ApplicationError) as refused:
        review.score_save(application=case, actor=secretary, scores={criterion.pk: (1, "")})
    assert "inhabil" in str(refused.value) and "Rana kommune" in str(refused.value)
    assert Score.objects.get().value == 4


@pytest.mark.django_db
def test_case_page_shows_why_an_inhabil_assessor_cannot_score(client, case, secretariat_user, rana):
    Application.objects.filter(pk=case.pk).update(status=S.UNDER_REVIEW)
    Membership.objects.create(user=secretariat_user, organisation=rana)
    client.force_login(secretariat_user)
    page = client.get(reverse("applications:review", args=[case.pk])).content.decode()
    assert "Du er inhabil og kan ikke vurdere denne søknaden" in page
    assert "Lagre poengene mine" not in page
    criterion = review.round_criteria(case.round)[0]
    response = client.post(
        reverse("applications:review_score", args=[case.pk]), {f"c{criterion.pk}_value": "5"}
    )
    assert response.status_code == 400
    assert "inhabil" in response.content.decode()
    assert not Score.objects.exists()


@pytest.mark.django_db
def test_case_page_flow_through_the_views(client, case, secretariat_user, helse_nord_user):
    client.force_login(secretariat_user)
    url = reverse("applications:review", args=[case.pk])
    Application.objects.filter(pk=case.pk).update(status=S.RECEIVED)
    # Refused: formal rejection without a reason — message at the field, nothing changed.
    response = client.post(
        reverse("applications:review_transition", args=[case.pk]), {"action": "reject_formal", "reason": ""}
    )
    assert response.status_code == 400
    assert "Skriv en begrunnelse" in response.content.decode()
    case.refresh_from_db()
    assert case.status == S.RECEIVED
    # Allowed: start review, score, mark assessed.
    client.post(reverse("applications:review_transition", args=[case.pk]), {"action": "start_review"})
    case.refresh_from_db()
    assert case.status == S.UNDER_REVIEW
    criteria = review.round_criteria(case.round)
    data = {f"c{c.pk}_value": "4" for c in criteria} | {f"c{criteria[0].pk}_comment": "Tydelig samhandling"}
    assert client.post(reverse("applications:review_score", args=[case.pk]), data).status_code == 302
    page = client.get(url).content.decode()
    assert "Tydelig samhandling" in page and "4,0" in page
    client.post(reverse("applications:review_transition", args=[case.pk]), {"action": "mark_assessed"})
    case.refresh_from_db()
    assert case.status == S.ASSESSED
    # An action that is not allowed from this state is refused with a message.
    response = client.post(
        reverse("applications:review_transition", args=[case.pk]), {"action": "start_review"}
    )
    assert response.status_code == 400
    assert "kan ikke gjøres når søknaden har status" in response.content.decode()
    # Forwarded: Helse Nord records the award on the same page.
    Application.objects.filter(pk=case.pk).update(status=S.FORWARDED)
    client.force_login(helse_nord_user)
    response = client.post(
        reverse("applications:review_award", args=[case.pk]),
        {"granted": "yes", "year_0": "2027", "amount_0": "4 657 000"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.GRANTED and case.award.total_nok == 4_657_000


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["rana_applicant", "vefsn_applicant", "committee_user", "helse_nord_user"])
def test_case_page_is_404_for_everyone_but_the_secretariat_before_forwarding(request, client, case, role):
    Application.objects.filter(pk=case.pk).update(status=S.UNDER_REVIEW)
    client.force_login(request.getfixturevalue(role))
    for name in ("review", "review_transition", "review_screening", "review_score", "review_award"):
        url = reverse(f"applications:{name}", args=[case.pk])
        response = client.get(url) if name == "review" else client.post(url, {"action": "mark_assessed"})
        assert response.status_code == 404, (role, name)
    case.refresh_from_db()
    assert case.status == S.UNDER_REVIEW
