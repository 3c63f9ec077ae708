"""The prioritisation board and Helse Nord's page of forwarded rounds make the same number of
queries with 10 and with 500 applications on them."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import (
    Application,
    DirectAllocation,
    ForwardingPackage,
    Prioritisation,
    PriorityEntry,
)
from core.models import HealthCommunity
from tests.factories import RoundFactory

S = Application.Status
SUBMITTED_AT = dt.datetime(2027, 3, 1, 14, 30, tzinfo=dt.UTC)


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), [q["sql"] for q in queries.captured_queries]


def _applications(round_, lead, n, status, start=0):
    """n sent-in applications in one query (no checklist rows: the board does not show them)."""
    return Application.objects.bulk_create(
        Application(
            round=round_,
            lead_organisation=lead,
            hospital_trust=round_.health_community.hospital_trust,
            title=f"Prosjekt {start + i}",
            status=status,
            submitted_at=SUBMITTED_AT,
            last_submitted_at=SUBMITTED_AT,
            amount_applied_nok=1_000_000 + i,
        )
        for i in range(n)
    )


def _closed_round(**fields):
    deadline = timezone.localdate() - dt.timedelta(days=10)
    return RoundFactory(opens_on=deadline - dt.timedelta(days=60), deadline=deadline, **fields)


# Session, user, the second-factor device (the secretariat has one; Helse Nord readers do not), the
# user's seats (organisations, secretariats and committees in one query, with the header's count of
# unread notifications), the round, the board's reads (board row, what is missing from it or stale
# in one query, entries with applications and organisations, the direct allocations and the
# forwarding packages with who saved, froze and forwarded in one query, the pots and the
# applications in review in one query), and the session save. Exact, so that a new query shows up
# in review.
EXPECTED = {"draft": 13, "forwarded": 13, "helse_nord": 12}


@pytest.mark.django_db
@pytest.mark.parametrize("stage", ["draft", "forwarded"])
def test_board_page_constant_queries(client, secretariat_user, rana, stage):
    # Given a board of 10 assessed applications, taken on by a first visit
    round_ = _closed_round()
    client.force_login(secretariat_user)
    url = reverse("secretariat:board", args=[round_.pk])
    _applications(round_, rana, 10, S.ASSESSED)
    assert client.get(url).status_code == 200
    prio = Prioritisation.objects.get(round=round_)
    DirectAllocation.objects.create(prioritisation=prio, title="Lisens", amount_nok=100_000)
    if stage == "forwarded":
        # The read-only board with its package, as it stands after forwarding.
        Application.objects.filter(round=round_).update(status=S.FORWARDED)
        now = timezone.now()
        Prioritisation.objects.filter(pk=prio.pk).update(
            frozen_at=now, frozen_by=secretariat_user, decided_on=now.date(), forwarded_at=now
        )
        package = ForwardingPackage(
            prioritisation=prio, created_by=secretariat_user, status=ForwardingPackage.Status.READY
        )
        package.file.save("pakke.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18))

    # When the page is opened with 10 and with 500 applications on the board
    few, few_sql = _count(client, url)
    _applications(round_, rana, 490, S.FORWARDED if stage == "forwarded" else S.ASSESSED, start=10)
    DirectAllocation.objects.bulk_create(
        DirectAllocation(prioritisation=prio, title=f"Tildeling {i}", amount_nok=1000, order=i)
        for i in range(20)
    )
    assert client.get(url).status_code == 200  # takes the new ones on
    assert PriorityEntry.objects.filter(prioritisation=prio).count() == 500
    many, many_sql = _count(client, url)

    # Then it makes the same number of queries
    assert len(few_sql) == few
    assert few == many == EXPECTED[stage], "\n".join(many_sql)


def _forwarded_round(lead, n, secretary=None, start=0, **fields):
    """A forwarded round with n applications on its board and a ready package."""
    round_ = _closed_round(**fields)
    applications = _applications(round_, lead, n, S.FORWARDED, start=start)
    now = timezone.now()
    prio = Prioritisation.objects.create(
        round=round_, frozen_at=now, decided_on=now.date(), decision_reference="31-2027", forwarded_at=now
    )
    PriorityEntry.objects.bulk_create(
        PriorityEntry(prioritisation=prio, application=a, regional_rank=i, local_rank=i, regional_nok=500_000)
        for i, a in enumerate(applications, start=1)
    )
    package = ForwardingPackage(prioritisation=prio, status=ForwardingPackage.Status.READY)
    package.file.save("pakke.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18))
    return round_


@pytest.mark.django_db
def test_helse_nord_page_constant_queries(client, helse_nord_user, rana):
    client.force_login(helse_nord_user)
    url = reverse("helse_nord:index")
    # Given one forwarded round of 10 applications
    _forwarded_round(rana, 10)
    few, few_sql = _count(client, url)
    # When two more helsefellesskap forward theirs, 500 applications in all
    for slug, n, start in (("finnmark", 240, 10), ("troms-ofoten", 250, 250)):
        community = HealthCommunity.objects.get(slug=slug)
        _forwarded_round(rana, n, start=start, health_community=community)
    response = client.get(url)
    assert sum(len(r["entries"]) for r in response.context["rounds"]) == 500
    many, many_sql = _count(client, url)
    # Then the page makes the same number of queries
    assert few == many == EXPECTED["helse_nord"], "\n".join(many_sql)
