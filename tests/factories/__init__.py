"""Factories for tests. Reference data (organisations, helsefellesskap, priority groups,
innsatsområder, FSUs) comes from the data migrations, so factories look it up by name."""

import datetime as dt

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from applications.models import (
    Application,
    Attachment,
    BenefitRow,
    BudgetLine,
    ContactPerson,
    Milestone,
    Pot,
    RiskRow,
    Round,
)
from core.models import FocusArea, HealthCommunity, Membership, Organisation, PriorityGroup, User

# The smallest well-formed PDF: enough for the content check of uploads.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def helgeland() -> HealthCommunity:
    return HealthCommunity.objects.get(slug="helgeland")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"bruker{n}@example.no")
    first_name = "Kari"
    last_name = factory.Sequence(lambda n: f"Nordmann{n}")
    password = factory.PostGenerationMethodCall("set_password", "passord-for-test-123")

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        for organisation in extracted or []:
            Membership.objects.create(user=self, organisation=organisation)
        self.save()


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round
        skip_postgeneration_save = True

    health_community = factory.LazyFunction(helgeland)
    year = 2027
    title = factory.Sequence(lambda n: f"RS-tilskudd 2027 ({n})")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=60))
    deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    forwarding_deadline = factory.LazyAttribute(lambda r: r.deadline + dt.timedelta(days=31))

    @factory.post_generation
    def pots(self, create, extracted, **kwargs):
        Pot.objects.create(round=self, kind=Pot.Kind.LOCAL, amount_nok=8_000_000, carried_over_nok=2_800_000)
        Pot.objects.create(round=self, kind=Pot.Kind.REGIONAL, amount_nok=20_000_000)


def make_application(
    *,
    round,
    lead,
    actor=None,
    complete=False,
    title="Interkommunalt kartleggingsteam på Helgeland – ærlig og åpen øvelse",
) -> Application:
    """A draft led by `lead`; with complete=True every item of the checklist is satisfied
    except the partner's confirmation, which belongs to the partner."""
    application = Application.objects.create(
        round=round,
        lead_organisation=lead,
        created_by=actor,
        title=title,
        hospital_trust=round.health_community.hospital_trust,
    )
    application.owners.add(lead)
    if lead.is_municipality:
        application.participating_municipalities.add(lead)
    if not complete:
        return application
    application.summary = "Et team som kartlegger behov før utskrivning."
    application.expected_benefits = "Færre overliggerdøgn og reinnleggelser."
    application.purpose_fit = "Samhandling mellom kommunene og sykehuset."
    application.user_involvement = "Brukerrådet og tillitsvalgte deltar."
    application.amount_applied_nok = 4_657_500
    application.save()
    application.priority_groups.add(PriorityGroup.objects.get(name="Skrøpelige eldre"))
    application.focus_areas.add(FocusArea.objects.get(name="Gode og sammenhengende pasientforløp"))
    ContactPerson.objects.create(
        application=application, side="kommune", name="Kari Kommune", email="kari@example.no"
    )
    ContactPerson.objects.create(
        application=application, side="helseforetak", name="Per Sykehus", email="per@example.no"
    )
    BenefitRow.objects.create(application=application, benefit="Helsegevinst", beneficiary="Pasientene")
    RiskRow.objects.create(
        application=application, factor="Rekruttering", level="middels", mitigation="Tidlig utlysning"
    )
    BudgetLine.objects.create(application=application, cost_item="Lønn", period="2026", amount_nok=4_657_500)
    BudgetLine.objects.create(
        application=application, cost_item="Egeninnsats", period="2026", amount_nok=4_657_500
    )
    Milestone.objects.create(application=application, title="Oppstart", due_quarter="Q1 2027")
    attach(application, Attachment.Kind.BUDGET)
    return application


def attach(application, kind, content=MINIMAL_PDF, name="Budsjett.pdf") -> Attachment:
    import hashlib

    attachment = Attachment(
        application=application,
        kind=kind,
        original_name=name,
        content_type="application/pdf",
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    attachment.file.save("vedlegg.pdf", ContentFile(content), save=False)
    attachment.save()
    return attachment
