"""Run by tests/demo/test_demo_on_sqlite.py in a fresh process with the development settings on a
SQLite file and no Redis, as `make demo` runs: migrate, seed the demo, then each demo user's main
pages through the test client. Prints one line per page: `status user path`."""

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from applications.models import Application, Round  # noqa: E402
from core.models import User  # noqa: E402
from core.security import requires_second_factor  # noqa: E402
from projects.models import Project  # noqa: E402
from tests.second_factor import pass_second_factor  # noqa: E402

call_command("migrate", verbosity=0)
call_command("seed_demo", verbosity=0)

application = Application.objects.filter(status=Application.Status.GRANTED).order_by("pk").first()
rounds = list(Round.objects.order_by("pk"))
project = Project.objects.order_by("pk").first()
detail = reverse("applications:detail", args=[application.pk])
PAGES = {
    "soker.rana@example.no": [reverse("home"), reverse("applications:list")],
    "soker.hsyk@example.no": [reverse("applications:list"), detail],
    "sekretariat@example.no": [
        reverse("applications:list"),
        detail,
        *(reverse("secretariat:inbox", args=[r.pk]) for r in rounds),
        *(reverse("secretariat:board", args=[r.pk]) for r in rounds),
        reverse("projects:portfolio"),
        reverse("projects:portfolio") + "?year=2025&pot=regional",
        reverse("projects:detail", args=[project.pk]),
    ],
    "ssu.medlem@example.no": [reverse("projects:portfolio"), reverse("committees:my_meetings")],
    "helsenord@example.no": [reverse("applications:list"), detail],
}
for email, paths in PAGES.items():
    user = User.objects.get(email=email)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    if requires_second_factor(user, cached=False):
        pass_second_factor(client.session, user)
    for path in paths:
        print(client.get(path).status_code, email, path, flush=True)
