"""Builders for the project tests: a granted application (so the project is made the way the
portal makes it, by Helse Nord's award), the people around it, and projects in bulk."""

import datetime as dt
from decimal import Decimal

from applications.models import Application, Milestone, Prioritisation, PriorityEntry, RiskRow
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
    local_nok=0,
) -> Project:
    """An application led by `lead`, forwarded and granted by Helse Nord with `years`
    ({year: amount}), with `local_nok` from the local pot on the round's board; returns the
    project the award made."""
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
    if local_nok:
        prioritisation, _created = Prioritisation.objects.get_or_create(round=round_)
        place = prioritisation.entries.count() + 1
        PriorityEntry.objects.create(
            prioritisation=prioritisation,
            application=application,
            regional_rank=place,
            local_rank=place,
            local_nok=local_nok,
        )
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


def projects_in_bulk(round_, n, *, start=0, lead, years=None, late_every=0):
    """n granted projects in a fixed number of queries (bulk_create on the models, not the award
    service): applications with their municipality, innsatsområde and priority group, Helse
    Nord's award per year, the projects and their money from the regional pot. With
    `late_every`, every such project has a milestone past its date (status «Forsinket»)."""
    from django.utils import timezone

    from applications.models import Award, AwardYear, Pot
    from projects.models import Funding, ProjectMilestone

    years = years or {round_.year: 1_000_000, round_.year + 1: 500_000}
    applications = Application.objects.bulk_create(
        Application(
            round=round_,
            lead_organisation=lead,
            hospital_trust=round_.health_community.hospital_trust,
            title=f"Prosjekt {start + i:04d}",
            status=Application.Status.GRANTED,
            amount_applied_nok=sum(years.values()),
        )
        for i in range(n)
    )
    area = FocusArea.objects.order_by("order", "name").first()
    group = PriorityGroup.objects.order_by("order", "name").first()
    Application.participating_municipalities.through.objects.bulk_create(
        Application.participating_municipalities.through(application_id=a.pk, organisation_id=lead.pk)
        for a in applications
    )
    Application.focus_areas.through.objects.bulk_create(
        Application.focus_areas.through(application_id=a.pk, focusarea_id=area.pk) for a in applications
    )
    Application.priority_groups.through.objects.bulk_create(
        Application.priority_groups.through(application_id=a.pk, prioritygroup_id=group.pk)
        for a in applications
    )
    awards = Award.objects.bulk_create(
        Award(application=a, granted=True, decided_at=timezone.now()) for a in applications
    )
    AwardYear.objects.bulk_create(
        AwardYear(award=award, year=year, amount_nok=amount)
        for award in awards
        for year, amount in years.items()
    )
    projects = Project.objects.bulk_create(
        Project(
            application=a,
            health_community_id=round_.health_community_id,
            title=a.title,
            owner=lead.name,
            starts_on=dt.date(min(years), 1, 1),
            ends_on=dt.date(max(years), 12, 31),
        )
        for a in applications
    )
    Funding.objects.bulk_create(
        Funding(project=p, year=year, pot=Pot.Kind.REGIONAL, amount_nok=amount)
        for p in projects
        for year, amount in years.items()
    )
    if late_every:
        ProjectMilestone.objects.bulk_create(
            ProjectMilestone(project=p, title="Oppstart", due_on=dt.date(2000, 1, 1))
            for i, p in enumerate(projects)
            if i % late_every == 0
        )
    return projects


def kartlegging_team(project) -> Project:
    """Seed 004's kartleggingsteam on `project`: goals, target group, the organisation (owner,
    styringsgruppe, prosjektgruppe and five arbeidsgrupper) and two indicators (seed 003's, and
    reinnleggelser with half-yearly figures). Returns the project as saved."""
    from projects.models import OrganisationUnit

    Project.objects.filter(pk=project.pk).update(
        owner="SSU Helsefellesskap Helgeland",
        target_group="Alle inneliggende pasienter i Helgelandssykehuset som vurderes å ha et behov for "
        "kommunale tjenester ved utskrivning.",
        goals="Trygge og helhetlige pasientforløp\nLikeverdige tjenester på Helgeland\n"
        "Redusert antall overliggerdøgn\nRedusert antall reinnleggelser\n"
        "Flere direkte hjemreiser fra sykehus",
    )
    K = OrganisationUnit.Kind
    units = [
        (
            K.OWNER,
            "SSU Helsefellesskap Helgeland",
            "Regional og nasjonal forankring; eierskap til gevinster.",
        ),
        (K.STEERING, "Styringsgruppe", "Prosjektets øverste styrings- og oppfølgingsorgan."),
        (K.PROJECT_GROUP, "Prosjektgruppe", "Operativ gruppe med faglig bredde og beslutningsnærhet."),
        (K.WORKING_GROUP, "Arbeidsgruppe 1: Kartleggingsverktøy", "Et felles kartleggingsverktøy."),
        (K.WORKING_GROUP, "Arbeidsgruppe 2: Rutiner og inklusjonskriterier", "Inklusjonskriterier."),
        (
            K.WORKING_GROUP,
            "Arbeidsgruppe 3: Samhandlingsrutiner og arbeidsflyt",
            "Likeverdige og velfungerende rutiner fra innleggelse til utskrivelse.",
        ),
        (K.WORKING_GROUP, "Arbeidsgruppe 4: Digitale løsninger", "Pasientsikker digital samhandling."),
        (K.WORKING_GROUP, "Arbeidsgruppe 5: Opplæring og implementering", "Forankring og opplæring."),
    ]
    OrganisationUnit.objects.bulk_create(
        OrganisationUnit(project=project, kind=kind, name=name, purpose=purpose, order=order)
        for order, (kind, name, purpose) in enumerate(units)
    )
    indicator(project)
    readmissions = indicator(
        project,
        name="Reinnleggelser innen 30 dager",
        values=[(dt.date(2025, 6, 30), Decimal("13.8")), (dt.date(2025, 12, 31), Decimal("12.9"))],
    )
    Indicator.objects.filter(pk=readmissions.pk).update(
        unit="prosent",
        baseline_value=Decimal("14.2"),
        baseline_on=dt.date(2024, 12, 31),
        target_value=Decimal("11.0"),
        source=Indicator.Source.HOSPITAL,
        frequency=Indicator.Frequency.HALF_YEARLY,
        order=1,
    )
    return Project.objects.get(pk=project.pk)


# --- For the view tests: the people around a project, and what the report form posts ----------


def applicant(organisation="Rana kommune", email=None):
    """Staff of `organisation`: an applicant on its applications (project side when it is a party)."""
    return UserFactory(organisations=[org(organisation)], **({"email": email} if email else {}))


def fsu_member(email="fsu.medlem@example.no"):
    """A member of one of Helgeland's FSUs, with no SSU seat and no organisation."""
    user = UserFactory(email=email)
    CommitteeMembership.objects.create(
        committee=Committee.objects.filter(health_community=helgeland(), kind=Committee.Kind.FSU).first(),
        user=user,
        organisation=org("Vefsn kommune"),
    )
    return user


def report_form_data(report, **fields) -> dict:
    """What the report page's form posts when nothing is typed: every milestone «pågår», every
    open risk at its register level, no money and no indicator values; `fields` override."""
    from projects.models import ProjectRisk
    from projects.services import project_budget_by_year

    project = report.project
    data = {"version": report.version, "progress": "", "risks_comment": "", "experiences": ""}
    for milestone in project.milestones.all():
        data[f"milestone_{milestone.pk}_progress"] = "in_progress"
        data[f"milestone_{milestone.pk}_comment"] = ""
    for year in project_budget_by_year(project):
        data[f"spent_{year}"] = ""
        data[f"spent_{year}_comment"] = ""
    for risk in project.risks.filter(state=ProjectRisk.State.OPEN):
        data[f"risk_{risk.pk}_level"] = risk.level
        data[f"risk_{risk.pk}_comment"] = ""
    for made in project.indicators.all():
        data[f"indicator_{made.pk}_value"] = ""
        data[f"indicator_{made.pk}_note"] = ""
    data.update(fields)
    return data


def project_form_data(project, **fields) -> dict:
    """What the project's edit page posts when nothing is changed; `fields` override."""
    data = {
        "title": project.title,
        "owner": project.owner,
        "leader": str(project.leader_id or ""),
        "starts_on": project.starts_on.strftime("%d.%m.%Y"),
        "ends_on": project.ends_on.strftime("%d.%m.%Y"),
        "state": project.state,
        "target_group": project.target_group,
        "goals": project.goals,
        "main_measures": project.main_measures,
        "experiences": project.experiences,
    }
    data.update(fields)
    return data
