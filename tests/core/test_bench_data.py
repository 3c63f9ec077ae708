"""The benchmark's generated data set (core/bench_data.py, `manage.py bench_data`): it must keep
working as the models change, give every page of the benchmark its object, and make drafts that
can really be sent in."""

import json

import pytest
from django.core.management import call_command

from applications import services
from applications.models import Application, ApplicationVersion
from committees.models import Case, Meeting
from core import bench_data
from projects.models import Project

pytestmark = pytest.mark.django_db


def test_small_set_has_an_object_for_every_page(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = tmp_path / "small.json"

    call_command("bench_data", scale="small", json_path=str(out), verbosity=0)

    targets = json.loads(out.read_text())["targets"]
    scale = bench_data.SCALES["small"]
    assert Application.objects.count() == scale.rounds * scale.applications
    assert Project.objects.count() == scale.projects
    assert Meeting.objects.count() == scale.meetings
    application = Application.objects.get(pk=targets["application"])
    assert application.status == Application.Status.ASSESSED
    assert application.versions.count() == 1
    # Every submitted application has its version 1, from the real snapshot.
    submitted = Application.objects.exclude(status=Application.Status.DRAFT)
    assert ApplicationVersion.objects.filter(application__in=submitted).count() == submitted.count()
    prioritisation_case = Case.objects.filter(
        meeting_id=targets["meeting"], generated=Case.Generated.PRIORITISATION
    )
    assert prioritisation_case.exists()


def test_rush_drafts_are_complete_and_can_be_sent_in(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    bench_data.generate("small")

    drafts = bench_data.rush_drafts(3)

    assert len(drafts) == 3
    for draft in drafts:
        application = Application.objects.get(pk=draft["application"])
        assert [item.key for item in services.completeness(application) if not item.ok] == []
        user = application.created_by
        version = services.application_submit(application=application, actor=user, notify=False)
        assert version.number == 1
