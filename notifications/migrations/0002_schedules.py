"""The beat schedule, in the database so the times can be changed in the admin: the outbox relay
every minute, the reminder sweep every morning at 07:00 Oslo time."""

from django.db import migrations

RELAY = "Varsler: send det som venter (outbox)"
SWEEP = "Varsler: påminnelser om frister"


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    morning, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Europe/Oslo"
    )
    PeriodicTask.objects.update_or_create(
        name=RELAY, defaults={"task": "notifications.tasks.relay_outbox", "interval": every_minute}
    )
    PeriodicTask.objects.update_or_create(
        name=SWEEP, defaults={"task": "notifications.tasks.reminder_sweep", "crontab": morning}
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[RELAY, SWEEP]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
