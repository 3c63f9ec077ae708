"""The Celery application: renders PDFs, sends e-mail and reminders outside the request."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helsefellesskap.settings.local")

app = Celery("helsefellesskap")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
