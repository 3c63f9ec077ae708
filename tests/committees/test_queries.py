"""Habilitet is worked out for every member of every case: the secretariat's case page (votes per
seat), the protocol page and the protocol's content hash make the same number of queries with 2
members and 1 application in the case as with 12 members and 8 applications."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees import documents
from committees.models import CaseAttachment
from tests.committees import world
from tests.factories import RoundFactory, make_application, org


def _add(case, ssu, applicant, *, members, applications, start, round_):
    for i in range(start, start + members):
        world.member(ssu, f"medlem{i}@example.no", organisation="Vefsn kommune" if i % 2 else None)
    for i in range(start, start + applications):
        application = make_application(
            round=round_, lead=org("Rana kommune"), actor=applicant, title=f"Søknad {i}"
        )
        CaseAttachment.objects.create(case=case, order=i, title=f"Søknad {i}", application=application)


def _counts(client, meeting, case):
    counts = []
    for url in (
        reverse("committees:case", args=[case.pk]),
        reverse("committees:protocol", args=[meeting.pk]),
    ):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert "Part i saken: Rana kommune søker." in response.content.decode()
        counts.append(len(captured))
    with CaptureQueriesContext(connection) as captured:
        documents.protocol_hash(meeting)
    counts.append(len(captured))
    return counts


@pytest.mark.django_db
def test_habilitet_pages_make_a_fixed_number_of_queries(client):
    # Given a published case with one Rana application, and the SSU chair who represents Rana
    secretary, ssu, applicant = world.secretary(), world.ssu(), world.applicant()
    world.member(ssu, "leder@example.no", organisation="Rana kommune")
    meeting = world.meeting(ssu, secretary, published=True)
    case = world.case(meeting, secretary, publish=True)
    round_ = RoundFactory()
    _add(case, ssu, applicant, members=1, applications=1, start=0, round_=round_)
    client.force_login(secretary)
    _counts(client, meeting, case)  # warm the per-process caches (the helsefellesskap's name …)
    small = _counts(client, meeting, case)

    # When ten more members sit and seven more applications are in the case
    _add(case, ssu, applicant, members=10, applications=7, start=1, round_=round_)

    # Then the case page, the protocol page and the protocol hash make as many queries as before
    assert _counts(client, meeting, case) == small


@pytest.mark.django_db
def test_the_protocol_makes_a_fixed_number_of_queries_however_many_cases(client):
    """The protocol page and the protocol's hash (which every PDF poll computes) work out
    habilitet and votes for all cases at once: one case with an application, or five."""
    secretary, ssu, applicant = world.secretary(), world.ssu(), world.applicant()
    world.member(ssu, "leder@example.no", organisation="Rana kommune")
    meeting = world.meeting(ssu, secretary, published=True)
    round_ = RoundFactory()
    first = world.case(meeting, secretary, publish=True)
    _add(first, ssu, applicant, members=1, applications=1, start=0, round_=round_)
    client.force_login(secretary)

    def counts():
        url = reverse("committees:protocol", args=[meeting.pk])
        with CaptureQueriesContext(connection) as page:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("Part i saken: Rana kommune søker.") == cases
        with CaptureQueriesContext(connection) as hashed:
            documents.protocol_hash(meeting)
        return len(page), len(hashed)

    cases = 1
    counts()  # warm the per-process caches
    one = counts()

    for n in range(4):
        case = world.case(meeting, secretary, title=f"Sak om søknad {n}", publish=True)
        _add(case, ssu, applicant, members=0, applications=1, start=10 + n, round_=round_)
    cases = 5
    assert counts() == one
