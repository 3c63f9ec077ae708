"""The English catalogue: complete, compiled, and used once English is chosen."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from applications.models import Application

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _po_entries(path):
    """A tiny .po reader: yields (flags, {keyword: text}) per entry, header included."""
    entries, flags, fields, current = [], set(), {}, None

    def flush():
        if fields:
            entries.append((flags, fields))

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            flags, fields, current = set(), {}, None
        elif line.startswith("#,"):
            flags = flags | {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            fields[current] += ast.literal_eval(line)
        else:
            keyword, _, text = line.partition(" ")
            if keyword.startswith("msgid") and fields:
                # An entry not separated by a blank line: start a new one.
                flush()
                flags, fields = set(), {}
            current = keyword
            fields[current] = ast.literal_eval(text)
    flush()
    return entries


def test_english_catalogue_is_complete_and_not_fuzzy():
    assert PO_FILE.exists()
    assert PO_FILE.with_suffix(".mo").exists()
    entries = _po_entries(PO_FILE)
    messages = [fields for _, fields in entries if fields.get("msgid")]
    assert len(messages) > 100
    fuzzy = [fields.get("msgid") for flags, fields in entries if "fuzzy" in flags]
    assert fuzzy == []
    empty = [
        fields["msgid"]
        for fields in messages
        if any(not text for keyword, text in fields.items() if keyword.startswith("msgstr"))
    ]
    assert empty == []


@pytest.mark.django_db
def test_choosing_english_translates_the_login_page_and_footer(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response["Content-Language"] == "en"
    assert "Log in" in html
    assert "Logg inn" not in html
    assert "Application portal for recruitment and cooperation grants" in html
    assert "Do not enter patient information." in html
    assert "Ikke legg inn pasientopplysninger" not in html


def test_model_labels_are_translated():
    with translation.override("en"):
        assert str(Application._meta.get_field("title").verbose_name) == "name of project/pilot"
        assert str(Application._meta.verbose_name) == "application"
        assert str(Application.Status.RECEIVED.label) == "Received"
        assert str(Application.Status.DRAFT.label) == "Draft"
    with translation.override("nb"):
        assert str(Application.Status.RECEIVED.label) == "Mottatt"
