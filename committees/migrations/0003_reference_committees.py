"""The committees of Helsefellesskap Helgeland: the SSU and the FSUs the source documents name.

Helgeland has six FSUs (seed 001, Sak 24/2025), but the seeds name only these four:
- "FSU utdanning, rekruttering og stabilisering" (seed 001, Helgelandssykepleier and Sak 24-2025)
- "FSU akuttmedisinsk samarbeid" (seed 002, Handlingsplan 2.1: "FSU Akuttmedisinsk samarbeid")
- "FSU digitale helsetjenester og e-helseløsninger" (seed 004, reference group of the
  kartleggingsteam)
- "FSU rehabilitering" (seed 001, Forprosjekt tverretatlig rehabilitering: "et FSU for
  rehabilitering")
The other two are left for the secretariat to add in the admin rather than guessed here.
"""

from django.db import migrations

SSU = "Strategisk samarbeidsutvalg"
FSUS = [
    "FSU utdanning, rekruttering og stabilisering",
    "FSU akuttmedisinsk samarbeid",
    "FSU digitale helsetjenester og e-helseløsninger",
    "FSU rehabilitering",
]


def create_committees(apps, schema_editor):
    HealthCommunity = apps.get_model("core", "HealthCommunity")
    Committee = apps.get_model("committees", "Committee")
    helgeland = HealthCommunity.objects.filter(slug="helgeland").first()
    if helgeland is None:
        return
    Committee.objects.get_or_create(health_community=helgeland, name=SSU, defaults={"kind": "ssu"})
    for name in FSUS:
        Committee.objects.get_or_create(
            health_community=helgeland, name=name, defaults={"kind": "fsu"}
        )


def delete_committees(apps, schema_editor):
    Committee = apps.get_model("committees", "Committee")
    Committee.objects.filter(
        health_community__slug="helgeland", name__in=[SSU, *FSUS], kind__in=["ssu", "fsu"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0002_initial"),
        ("core", "0002_reference_data"),
    ]

    operations = [
        migrations.RunPython(create_committees, delete_committees),
    ]
