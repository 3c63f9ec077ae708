"""Reference data every installation needs: Helse Nord RHF, the four helsefellesskap with their
hospital trusts, the 17 municipalities of Helsefellesskap Helgeland, the priority patient groups
and the innsatsområder of the Handlingsplan (seeds 001 and 002, see DOMAIN.md).

The reverse deletes only the rows this migration created, looked up by their unique names.
"""

from django.db import migrations

HELSE_NORD = "Helse Nord RHF"

# (helsefellesskap, slug, hospital trust, hospital trust short name)
HEALTH_COMMUNITIES = [
    (
        "Helsefellesskap Troms og Ofoten",
        "troms-ofoten",
        "Universitetssykehuset Nord-Norge HF",
        "UNN",
    ),
    ("Helsefellesskap Helgeland", "helgeland", "Helgelandssykehuset HF", "Helgelandssykehuset"),
    ("Helsefellesskap Finnmark", "finnmark", "Finnmarkssykehuset HF", "Finnmarkssykehuset"),
    (
        "Helsefellesskap Lofoten, Vesterålen og Salten",
        "lofoten-vesteralen-salten",
        "Nordlandssykehuset HF",
        "Nordlandssykehuset",
    ),
]

HELGELAND_MUNICIPALITIES = [
    "Alstahaug",
    "Brønnøy",
    "Dønna",
    "Grane",
    "Hattfjelldal",
    "Hemnes",
    "Herøy",
    "Leirfjord",
    "Lurøy",
    "Nesna",
    "Rana",
    "Rødøy",
    "Sømna",
    "Træna",
    "Vefsn",
    "Vega",
    "Vevelstad",
]

PRIORITY_GROUPS = [
    "Barn og unge",
    "Personer med flere kroniske lidelser",
    "Personer med alvorlige psykiske lidelser og rusproblemer",
    "Skrøpelige eldre",
]

FOCUS_AREAS = [
    "Gode og sammenhengende pasientforløp",
    "Forebygging og egenmestring",
    "Innovasjon og bruk av moderne teknologi",
    "Nok helsepersonell med riktig kompetanse",
]


def municipality_name(short: str) -> str:
    return f"{short} kommune"


def create_reference_data(apps, schema_editor):
    Organisation = apps.get_model("core", "Organisation")
    HealthCommunity = apps.get_model("core", "HealthCommunity")
    PriorityGroup = apps.get_model("core", "PriorityGroup")
    FocusArea = apps.get_model("core", "FocusArea")

    rhf, _ = Organisation.objects.get_or_create(
        name=HELSE_NORD, defaults={"kind": "rhf", "short_name": "Helse Nord"}
    )
    for name, slug, trust_name, trust_short in HEALTH_COMMUNITIES:
        community, _ = HealthCommunity.objects.get_or_create(
            slug=slug, defaults={"name": name, "regional_health_authority": rhf}
        )
        trust, _ = Organisation.objects.get_or_create(
            name=trust_name,
            defaults={"kind": "hf", "short_name": trust_short, "health_community": community},
        )
        community.hospital_trust = trust
        community.regional_health_authority = rhf
        community.save(update_fields=["hospital_trust", "regional_health_authority"])

    helgeland = HealthCommunity.objects.get(slug="helgeland")
    for short in HELGELAND_MUNICIPALITIES:
        Organisation.objects.get_or_create(
            name=municipality_name(short),
            defaults={"kind": "kommune", "short_name": short, "health_community": helgeland},
        )

    for order, name in enumerate(PRIORITY_GROUPS, start=1):
        PriorityGroup.objects.get_or_create(name=name, defaults={"order": order})
    for order, name in enumerate(FOCUS_AREAS, start=1):
        FocusArea.objects.get_or_create(name=name, defaults={"order": order})


def delete_reference_data(apps, schema_editor):
    Organisation = apps.get_model("core", "Organisation")
    HealthCommunity = apps.get_model("core", "HealthCommunity")
    PriorityGroup = apps.get_model("core", "PriorityGroup")
    FocusArea = apps.get_model("core", "FocusArea")

    FocusArea.objects.filter(name__in=FOCUS_AREAS).delete()
    PriorityGroup.objects.filter(name__in=PRIORITY_GROUPS).delete()
    Organisation.objects.filter(
        name__in=[municipality_name(short) for short in HELGELAND_MUNICIPALITIES], kind="kommune"
    ).delete()
    # Organisations and helsefellesskap point at each other (PROTECT both ways): unlink first.
    slugs = [slug for _, slug, _, _ in HEALTH_COMMUNITIES]
    trusts = [trust for _, _, trust, _ in HEALTH_COMMUNITIES]
    HealthCommunity.objects.filter(slug__in=slugs).update(
        hospital_trust=None, regional_health_authority=None
    )
    Organisation.objects.filter(name__in=trusts, kind="hf").delete()
    HealthCommunity.objects.filter(slug__in=slugs).delete()
    Organisation.objects.filter(name=HELSE_NORD, kind="rhf").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_reference_data, delete_reference_data),
    ]
