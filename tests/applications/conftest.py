import pytest

from committees.models import Committee, CommitteeMembership
from core.models import Membership, SecretariatMembership
from tests.factories import RoundFactory, UserFactory, helgeland, make_application, org


@pytest.fixture
def rana():
    return org("Rana kommune")


@pytest.fixture
def vefsn():
    return org("Vefsn kommune")


@pytest.fixture
def hsyk():
    return org("Helgelandssykehuset HF")


@pytest.fixture
def open_round(db):
    return RoundFactory()


@pytest.fixture
def rana_applicant(rana):
    return UserFactory(email="soker.rana@example.no", organisations=[rana])


@pytest.fixture
def vefsn_applicant(vefsn):
    return UserFactory(email="soker.vefsn@example.no", organisations=[vefsn])


@pytest.fixture
def hospital_user(hsyk):
    return UserFactory(email="soker.hsyk@example.no", organisations=[hsyk])


@pytest.fixture
def secretariat_user(db):
    user = UserFactory(email="sekretariat@example.no")
    SecretariatMembership.objects.create(user=user, health_community=helgeland())
    return user


@pytest.fixture
def committee_user(rana):
    user = UserFactory(email="ssu.medlem@example.no")
    ssu = Committee.objects.get(health_community=helgeland(), kind=Committee.Kind.SSU)
    CommitteeMembership.objects.create(committee=ssu, user=user, organisation=rana)
    return user


@pytest.fixture
def helse_nord_user(db):
    user = UserFactory(email="helsenord@example.no")
    Membership.objects.create(user=user, organisation=org("Helse Nord RHF"))
    return user


@pytest.fixture
def complete_application(open_round, rana, rana_applicant):
    return make_application(round=open_round, lead=rana, actor=rana_applicant, complete=True)
