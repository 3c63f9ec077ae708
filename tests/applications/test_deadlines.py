"""The deadline is the last calendar day in Oslo: 23:59:59 is in, 00:00:00 is out, on both sides
of a daylight-saving change."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from applications.models import Application
from applications.services import ApplicationError, application_confirm_partnership, application_submit
from tests.factories import RoundFactory, make_application

OSLO = ZoneInfo("Europe/Oslo")


def oslo(*args):
    return dt.datetime(*args, tzinfo=OSLO)


@pytest.mark.parametrize(
    "deadline, last_in_utc",
    [
        # Winter time (UTC+1)
        (dt.date(2027, 3, 1), dt.datetime(2027, 3, 1, 22, 59, 59, tzinfo=dt.UTC)),
        # The day before the spring change (29.03.2026 at 02:00 → 03:00): still UTC+1 at midnight
        (dt.date(2026, 3, 28), dt.datetime(2026, 3, 28, 22, 59, 59, tzinfo=dt.UTC)),
        # On the day of the spring change: midnight after it is summer time (UTC+2)
        (dt.date(2026, 3, 29), dt.datetime(2026, 3, 29, 21, 59, 59, tzinfo=dt.UTC)),
        # On the day of the autumn change (25.10.2026 at 03:00 → 02:00): midnight after is UTC+1
        (dt.date(2026, 10, 25), dt.datetime(2026, 10, 25, 22, 59, 59, tzinfo=dt.UTC)),
        # Summer time
        (dt.date(2026, 10, 1), dt.datetime(2026, 10, 1, 21, 59, 59, tzinfo=dt.UTC)),
    ],
)
def test_round_open_until_last_second_of_deadline_day_in_oslo(deadline, last_in_utc):
    from applications.models import Round

    round_ = Round(deadline=deadline, forwarding_deadline=deadline, year=deadline.year, title="x")
    assert round_.is_open(last_in_utc)
    assert not round_.is_open(last_in_utc + dt.timedelta(seconds=1))
    first_out = last_in_utc + dt.timedelta(seconds=1)
    assert first_out.astimezone(OSLO).time() == dt.time(0, 0, 0)


def _ready(application, partner):
    application_confirm_partnership(application=application, actor=partner)
    return application


@pytest.mark.django_db
@pytest.mark.parametrize("deadline", [dt.date(2026, 3, 29), dt.date(2026, 10, 25), dt.date(2027, 3, 1)])
def test_submit_last_second_in_first_second_out(deadline, rana, rana_applicant, hospital_user):
    round_ = RoundFactory(deadline=deadline, opens_on=deadline - dt.timedelta(days=90))
    last_second = oslo(deadline.year, deadline.month, deadline.day, 23, 59, 59)
    first_out = dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time.min, tzinfo=OSLO)

    late = _ready(
        make_application(round=round_, lead=rana, actor=rana_applicant, complete=True), hospital_user
    )
    with pytest.raises(ApplicationError) as refused:
        application_submit(application=late, actor=rana_applicant, now=first_out, notify=False)
    assert "fristen" in str(refused.value).lower()
    late.refresh_from_db()
    assert late.status == Application.Status.DRAFT
    assert late.versions.count() == 0

    in_time = _ready(
        make_application(round=round_, lead=rana, actor=rana_applicant, complete=True, title="Annen"),
        hospital_user,
    )
    version = application_submit(application=in_time, actor=rana_applicant, now=last_second, notify=False)
    assert version.number == 1
    in_time.refresh_from_db()
    assert in_time.status == Application.Status.RECEIVED


@pytest.mark.django_db
def test_submit_view_uses_server_clock_across_spring_dst(client, rana, rana_applicant, hospital_user):
    deadline = dt.date(2026, 3, 29)  # the night clocks go forward
    round_ = RoundFactory(deadline=deadline, opens_on=dt.date(2026, 1, 1))
    first = _ready(
        make_application(round=round_, lead=rana, actor=rana_applicant, complete=True), hospital_user
    )
    second = _ready(
        make_application(round=round_, lead=rana, actor=rana_applicant, complete=True, title="To"),
        hospital_user,
    )
    client.force_login(rana_applicant)

    with time_machine.travel(oslo(2026, 3, 29, 23, 59, 59), tick=False):
        response = client.post(reverse("applications:submit", args=[first.pk]))
    assert response.status_code == 302
    assert "kvittering" in response["Location"]

    with time_machine.travel(oslo(2026, 3, 30, 0, 0, 0), tick=False):
        response = client.post(reverse("applications:submit", args=[second.pk]), follow=True)
    assert "Søknadsfristen gikk ut 29.03.2026" in response.content.decode()
    second.refresh_from_db()
    assert second.status == Application.Status.DRAFT
