"""Builders for the project tests: a granted application (so the project is made the way the
portal makes it, by Helse Nord's award), the people around it, and projects in bulk."""

import datetime as dt
from decimal import Decimal

from applications.models import Application, Milestone, RiskRow
from applications.review import application_record_award
from committees.models import Committee, CommitteeMembership
from core.models import FocusArea, Membership, PriorityGroup, SecretariatMembership
from projects.models import Indicator, Measurement, Project
from tests.factories import RoundFactory, UserFactory, helgeland, make_application, org

KARTLEGGING = "Interkommunalt innsats- og vurderingsteam for Helgeland"


def helse_nord_reader(email="helsenord@example.no"):
    user = UserFactory(email=email)
    Membership.objects.create(user=user, organisation=org("Helse Nord RHF"))
    return user


def secretary(email="sekretariat@example.no", community="helgeland"):
    from core.models import HealthCommunity

    user = UserFactory(email=email, first_name="Siri", last_name="Sekretær")
    SecretariatMembership.objects.create(
        user=user, health_community=HealthCommunity.objects.get(slug=community)
    )
    return user


def ssu_member(email="ssu.medlem@example.no", organisation="Rana kommune"):
    user = UserFactory(email=email)
    CommitteeMembership.objects.create(
        committee=Committee.objects.get(health_community=helgeland(), kind=Committee.Kind.SSU),
        user=user,
        organisation=org(organisation),
    )
    return user


def granted_project(
    *,
    title=KARTLEGGING,
    lead="Rana kommune",
    applicant=None,
    awarded_by=None,
    years=None,
    round_=None,
    milestones=(("Oppstart", "Q2 2025"), ("Evaluering av prosjektets effekt", "Q4 2027")),
    risks=(("Rekruttering av personell", RiskRow.Level.MEDIUM, "Tidlig utlysning"),),
    focus_area="Gode og sammenhengende pasientforløp",
    priority_group="Skrøpelige eldre",
) -> Project:
    """An application led by `lead`, forwarded and granted by Helse Nord with `years`
    ({year: amount}); returns the project the award made."""
    round_ = round_ or RoundFactory(year=2025)
    applicant = applicant or UserFactory(organisations=[org(lead)])
    application = make_application(round=round_, lead=org(lead), actor=applicant, complete=True, title=title)
    application.milestones.all().delete()
    application.risks.all().delete()
    for order, (name, quarter) in enumerate(milestones):
        Milestone.objects.create(application=application, title=name, due_quarter=quarter, order=order)
    for order, (factor, level, mitigation) in enumerate(risks):
        RiskRow.objects.create(
            application=application, factor=factor, level=level, mitigation=mitigation, order=order
        )
    application.focus_areas.set([FocusArea.objects.get(name=focus_area)])
    application.priority_groups.set([PriorityGroup.objects.get(name=priority_group)])
    # Screening, the board and forwarding have their own tests; here the application is simply
    # forwarded, which is where Helse Nord's award starts.
    Application.objects.filter(pk=application.pk).update(status=Application.Status.FORWARDED)
    application.refresh_from_db()
    application_record_award(
        application=application,
        actor=awarded_by or helse_nord_reader(email=f"hn{application.pk}@example.no"),
        granted=True,
        amounts_by_year=years or {2025: 1_200_000, 2026: 1_550_000, 2027: 1_550_000, 2028: 357_000},
    )
    return Project.objects.get(application=application)


def indicator(project, *, name="Utskrivningsklare døgn per 1000 innbyggere", values=None) -> Indicator:
    """The indicator of seed 003: Rana went from 49,5 (2021) to 20,4 (2022)."""
    made = Indicator.objects.create(
        project=project,
        name=name,
        unit="døgn per 1000 innbyggere",
        baseline_value=Decimal("49.5"),
        baseline_on=dt.date(2021, 12, 31),
        target_value=Decimal("20.0"),
        target_on=dt.date(2027, 12, 31),
        source=Indicator.Source.SKDE,
        frequency=Indicator.Frequency.YEARLY,
    )
    for day, value in [(dt.date(2022, 12, 31), Decimal("20.4"))] if values is None else values:
        Measurement.objects.create(indicator=made, measured_on=day, value=value)
    return made
