"""Access is per object: every URL of an application, for every role. Anyone who may not see
the application gets 404 (the same answer as for one that does not exist)."""

import pytest
from django.urls import reverse

from applications.models import Application
from applications.services import application_confirm_partnership, application_submit
from tests.factories import attach

ROLES = [
    "rana_applicant",
    "vefsn_applicant",
    "hospital_user",
    "secretariat_user",
    "committee_user",
    "helse_nord_user",
]


def urls_for(application, attachment_pk, version_number=1):
    pk = application.pk
    step_urls = [
        reverse("applications:step", args=[pk, slug])
        for slug in (
            "grunnopplysninger",
            "kontaktpersoner",
            "beskrivelse",
            "nytte",
            "formal",
            "budsjett",
            "pasientansvar",
            "prosjektplan",
            "medvirkning-risiko",
        )
    ]
    return {
        "detail": ("get", reverse("applications:detail", args=[pk])),
        **{f"step:{u.rsplit('/', 2)[-2]}": ("get", u) for u in step_urls},
        "step-post": ("post", step_urls[0]),
        "discard": ("post", reverse("applications:discard_draft", args=[pk, "grunnopplysninger"])),
        "attachments": ("get", reverse("applications:attachments", args=[pk])),
        "attachment": ("get", reverse("applications:attachment", args=[pk, attachment_pk])),
        "attachment-delete": ("post", reverse("applications:attachment_delete", args=[pk, attachment_pk])),
        "submit": ("post", reverse("applications:submit", args=[pk])),
        "receipt": ("get", reverse("applications:receipt", args=[pk, version_number])),
        "pdf": ("get", reverse("applications:version_pdf", args=[pk, version_number])),
        "confirm": ("post", reverse("applications:confirm", args=[pk])),
        "withdraw": ("get", reverse("applications:withdraw", args=[pk])),
        "withdraw-post": ("post", reverse("applications:withdraw", args=[pk])),
        "versions": ("get", reverse("applications:versions", args=[pk])),
    }


@pytest.fixture
def submitted(complete_application, rana_applicant, hospital_user):
    application_confirm_partnership(application=complete_application, actor=hospital_user)
    application_submit(application=complete_application, actor=rana_applicant, notify=False)
    return complete_application


def _request(client, method, url):
    return client.get(url) if method == "get" else client.post(url, {})


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["vefsn_applicant", "committee_user", "helse_nord_user"])
def test_outsiders_get_404_on_every_url_of_a_submitted_application(request, client, submitted, role):
    attachment = submitted.attachments.first()
    client.force_login(request.getfixturevalue(role))
    before = (submitted.status, submitted.attachments.count(), submitted.partner_confirmed_at)
    for name, (method, url) in urls_for(submitted, attachment.pk).items():
        response = _request(client, method, url)
        assert response.status_code == 404, f"{role} {name} {url} → {response.status_code}"
    submitted.refresh_from_db()
    assert (submitted.status, submitted.attachments.count(), submitted.partner_confirmed_at) == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["vefsn_applicant", "secretariat_user", "committee_user", "helse_nord_user"])
def test_outsiders_and_secretariat_get_404_on_every_url_of_a_draft(
    request, client, complete_application, role
):
    attachment = complete_application.attachments.first()
    client.force_login(request.getfixturevalue(role))
    for name, (method, url) in urls_for(complete_application, attachment.pk).items():
        response = _request(client, method, url)
        assert response.status_code == 404, f"{role} {name} {url} → {response.status_code}"


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_everywhere(client, submitted):
    attachment = submitted.attachments.first()
    for name, (method, url) in urls_for(submitted, attachment.pk).items():
        response = _request(client, method, url)
        assert response.status_code == 302, name
        assert reverse("login") in response["Location"], name


@pytest.mark.django_db
def test_secretariat_reads_submitted_application_but_cannot_change_it(client, submitted, secretariat_user):
    client.force_login(secretariat_user)
    urls = urls_for(submitted, submitted.attachments.first().pk)
    assert client.get(urls["detail"][1]).status_code == 200
    response = client.get(urls["attachment"][1])
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    # Editing is for the applicants only: the secretariat is not a party.
    for name in (
        "step:grunnopplysninger",
        "attachments",
        "step-post",
        "attachment-delete",
        "submit",
        "confirm",
        "withdraw-post",
    ):
        method, url = urls[name]
        assert _request(client, method, url).status_code == 404, name
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.RECEIVED
    assert submitted.attachments.count() == 1


@pytest.mark.django_db
def test_helse_nord_sees_only_forwarded(client, submitted, helse_nord_user):
    client.force_login(helse_nord_user)
    url = reverse("applications:detail", args=[submitted.pk])
    assert client.get(url).status_code == 404
    Application.objects.filter(pk=submitted.pk).update(status=Application.Status.FORWARDED)
    assert client.get(url).status_code == 200
    assert client.get(reverse("applications:list")).context["page"].paginator.count == 1


@pytest.mark.django_db
def test_both_parties_reach_every_url(client, submitted, rana_applicant, hospital_user):
    attach(submitted, "other", name="Annet.pdf")
    for user in (rana_applicant, hospital_user):
        client.force_login(user)
        urls = urls_for(submitted, submitted.attachments.first().pk)
        for name in (
            "detail",
            "step:budsjett",
            "attachments",
            "attachment",
            "receipt",
            "versions",
            "withdraw",
        ):
            method, url = urls[name]
            assert _request(client, method, url).status_code == 200, (user, name)


@pytest.mark.django_db
def test_list_shows_only_own_organisations_applications(
    client, complete_application, vefsn, vefsn_applicant, rana_applicant, open_round
):
    from tests.factories import make_application

    make_application(round=open_round, lead=vefsn, actor=vefsn_applicant, title="Vefsns eget prosjekt")
    client.force_login(vefsn_applicant)
    titles = [row["title"] for row in client.get(reverse("applications:list")).context["rows"]]
    assert titles == ["Vefsns eget prosjekt"]
    client.force_login(rana_applicant)
    titles = [row["title"] for row in client.get(reverse("applications:list")).context["rows"]]
    assert titles == [complete_application.title]


@pytest.mark.django_db
def test_missing_application_is_404(client, rana_applicant):
    client.force_login(rana_applicant)
    assert client.get(reverse("applications:detail", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_one_query_answers_every_question_about_a_users_seats(django_assert_num_queries):
    """applications.permissions reads a user's seats with one hand-written query per request:
    organisations (Helse Nord among them), secretariats, and committees with the helsefellesskap
    whose SSU the user sits in (not an FSU's)."""
    from django.contrib.auth.models import AnonymousUser

    from applications import permissions
    from committees.models import CommitteeMembership
    from core.models import HealthCommunity, Membership, SecretariatMembership
    from tests.committees import world
    from tests.factories import UserFactory, org

    # Given a user with a seat of every kind: Rana kommune and Helse Nord, the secretariat in
    # Finnmark, the SSU and an FSU in Helgeland
    rana, helse_nord, ssu, fsu = org("Rana kommune"), org("Helse Nord RHF"), world.ssu(), world.fsu()
    user = UserFactory(email="mange.roller@example.no", organisations=[rana])
    Membership.objects.create(user=user, organisation=helse_nord)
    finnmark = HealthCommunity.objects.get(slug="finnmark")
    SecretariatMembership.objects.create(user=user, health_community=finnmark)
    for committee in (ssu, fsu):
        CommitteeMembership.objects.create(committee=committee, user=user)
    # … one with an FSU seat only, and one without any seat
    fsu_member = world.member(fsu, "fsu.medlem@example.no")
    nobody = UserFactory(email="ingen.roller@example.no")

    # Then one query answers every question, asked as often as the pages ask
    with django_assert_num_queries(1):
        for _ in range(3):
            assert permissions.organisation_ids(user) == {rana.pk, helse_nord.pk}
            assert permissions.is_helse_nord_reader(user) is True
            assert permissions.secretariat_health_community_ids(user) == {finnmark.pk}
            assert permissions.committee_ids(user) == {ssu.pk, fsu.pk}
            assert permissions.ssu_health_community_ids(user) == {ssu.health_community_id}
    with django_assert_num_queries(1):
        assert permissions.committee_ids(fsu_member) == {fsu.pk}
        assert permissions.ssu_health_community_ids(fsu_member) == set()
    with django_assert_num_queries(1):
        assert permissions.organisation_ids(nobody) == set()
        assert permissions.is_helse_nord_reader(nobody) is False
        assert permissions.committee_ids(nobody) == permissions.ssu_health_community_ids(nobody) == set()
    # Anonymous users have none, without a query
    with django_assert_num_queries(0):
        assert permissions.secretariat_health_community_ids(AnonymousUser()) == set()
        assert permissions.is_helse_nord_reader(AnonymousUser()) is False
