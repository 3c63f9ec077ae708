"""Property-based tests of every form of the portal (issue 7): arbitrary text and numbers never
give a 500, and a refused input is answered in Norwegian at its field with what was typed kept.

Every Form, ModelForm, FormSet and FilterSet defined in our apps is found by walking the
subclasses (`discovered()`); REGISTRY says how each is exercised, and a class without an entry
fails `test_every_form_of_the_portal_is_exercised`, so a new form cannot land without a property
test. Two layers, both with hypothesis:

- directly: the form bound to arbitrary data for every field (`posted()`): `is_valid()` never
  raises; when invalid, the errors sit at fields (or the form) and none is one of Django's English
  defaults while the language is bokmål;
- through the page: the same kind of data posted to the view that handles the form, as a user
  allowed to use it: never a 500 (the test client re-raises a view's exception), and where the
  view shows the form again, every text the user typed is on the page again.

Each example runs in a savepoint that is rolled back, so examples never see each other's writes;
the world (users, rounds, applications, meetings, projects) is built once per test and only as far
as the test needs it. Profiles: "forms" (the default: derandomized, so CI is repeatable) and
`HYPOTHESIS_PROFILE=thorough` (random and many more examples, for a run on your own machine)."""

import ast
import copy
import datetime as dt
import importlib
import os
import pkgutil
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import django
import django_filters
import pytest
from django import forms
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms.formsets import BaseFormSet
from django.forms.models import InlineForeignKeyField
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict
from django.utils.html import escape
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from applications import forms as application_forms
from applications import prioritisation, workflow
from applications.inbox import InboxFilter
from applications.models import Application, Prioritisation
from applications.review import round_criteria
from committees import forms as committee_forms
from committees import selectors as committee_selectors
from committees.models import CommitteeMembership
from committees.views_secretariat import ProjectsCaseForm
from core.forms import NokField
from core.forms_auth import EmailAuthenticationForm, OneTimeCodeForm, PasswordResetRequestForm
from notifications import forms as notification_forms
from projects import forms as project_forms
from projects import services as project_services
from projects.models import StatusReport
from projects.portfolio import PortfolioFilter, grant_years
from projects.views import _report_form
from tests.committees import world as committees
from tests.factories import MINIMAL_PDF, RoundFactory, UserFactory, helgeland, make_application, org
from tests.projects import world as projects

pytestmark = pytest.mark.django_db

OUR_APPS = ("core", "applications", "committees", "projects", "notifications")

# --- Profiles -----------------------------------------------------------------------------------

_COMMON = {
    "database": None,  # no .hypothesis folder
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
}
settings.register_profile("forms", max_examples=15, derandomize=True, **_COMMON)
settings.register_profile("thorough", max_examples=300, derandomize=False, print_blob=True, **_COMMON)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "forms"))
# A page renders a whole template per example, so it gets fewer examples than the form alone.
DIRECT = settings(PROFILE, max_examples=PROFILE.max_examples)
THROUGH_PAGE = settings(PROFILE, max_examples=max(PROFILE.max_examples // 3, 5))


# --- What people type ---------------------------------------------------------------------------

CONTROL = "\x00\x01\x07\x08\t\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufeff\u200b\u202e"
SPACES = " \t\r\n\u00a0\u202f\u3000"
HTML = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><b>fet</b>",
    "&amp;&lt;&#0;",
    "{{ request.user }}{% debug %}",
    "Rana & Vefsn «kommune» – 100 %",
    "' OR '1'='1' --",
    "%(title)s %s {0}",
]
TEXT = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=40),  # any character but surrogates
    st.text(st.sampled_from(CONTROL + "abcæøå ÆØÅ1"), min_size=1, max_size=20),
    st.text(st.sampled_from(SPACES), min_size=1, max_size=8),
    st.sampled_from(HTML),
    st.builds(
        lambda piece, times: piece * times,
        st.sampled_from(["x", "æ", "€", "😀", "<b>&", "a\u0301"]),
        st.sampled_from([301, 2001, 5001, 20001]),
    ),
)
SPECIAL_NUMBERS = [
    "1e309",
    "-1e309",
    "1E+999999999",
    "NaN",
    "sNaN",
    "Infinity",
    "-inf",
    "١٢٣",
    "٤٦٥٧٥٠٠",
    "१२३",
    "１２３",
    "1 000 000",
    "1\u00a0000\u00a0000",
    "1\u202f000\u202f000",
    "4 657 500,-",
    "kr 4 657 500",
    "kr. 4 657 500,00",
    "4 657 500 kr",
    "-0",
    "+5",
    "0",
    "00000000000000000001",
    "9" * 20,
    "9" * 400,
    "9" * 5000,
    "4,5",
    "1.000.000",
    "1,000,000",
    "0,0000000000001",
    "1,2,3",
    "--1",
    "0x1F",
    "1_000",
    "½",
    "²",
    "Ⅻ",
    "12 34",
    " 42 ",
    "42\x00",
]
NUMBERS = st.one_of(
    st.integers().map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.from_regex(r"\A-?[0-9]{1,3}([ \u00a0\u202f][0-9]{3}){0,6}(,[0-9]{1,12}|,-)?\Z"),
    st.from_regex(r"\A-?[0-9]{1,30}[.,][0-9]{1,30}\Z"),
    st.sampled_from(SPECIAL_NUMBERS),
)
DATE_FORMATS = [
    lambda d: f"{d.day:02}.{d.month:02}.{d.year:04}",
    lambda d: d.isoformat(),
    lambda d: f"{d.day}.{d.month}.{d.year % 100:02}",
    lambda d: f"{d.day:02}/{d.month:02}/{d.year:04}",
    lambda d: f"{d.month:02}/{d.day:02}/{d.year:04}",
]
SPECIAL_DATES = [
    "31.02.2025",
    "29.02.2023",
    "29.02.2024",
    "00.00.0000",
    "32.01.2025",
    "2025-13-45",
    "01.01.0001",
    "31.12.9999",
    "0001-01-01",
    "9999-12-31",
    "0000-01-01",
    "10000-01-01",
    "01.01.10000",
    "-2025-01-01",
    "1.1.1",
    "1. januar 2025",
    "i morgen",
    "2025-01-01T12:00",
    "20250101",
    "٠١.٠١.٢٠٢٥",
    "31.12.99",
    " 01.01.2025 ",
    "01.01.2025\x00",
]
DATES = st.one_of(
    st.builds(lambda day, fmt: fmt(day), st.dates(), st.sampled_from(DATE_FORMATS)),
    st.sampled_from(SPECIAL_DATES),
)
TIMES = st.one_of(
    st.times().map(lambda t: t.strftime("%H:%M")),
    st.sampled_from(
        ["25:00", "24:00", "23:59:60", "9", "0900", "09:00:00", "9:5", "-1:00", "12.30", "١٢:٠٠"]
    ),
)
EMAILS = st.one_of(
    st.emails().map(str),
    st.sampled_from(["a@b", "@", "a@@b.no", "æøå@example.no", "x" * 300 + "@example.no", "a@[127.0.0.1]"]),
)
URLS = st.sampled_from(
    [
        "javascript:alert(1)",
        "http://",
        "https://teams.microsoft.com/l/meetup-join/19%3a",
        "teams.microsoft.com/x",
        "ftp://example.no",
        "//evil.example",
        "http://[::1",
        "https://" + "a" * 300 + ".no",
        "https://ex ample.no",
        "https://xn--rdy-loa.no/æøå",
    ]
)
BAD_CHOICES = [
    "",
    "0",
    "-1",
    "999999999",
    "99999999999999999999999",
    "1.5",
    "abc",
    "\x00",
    "1' OR '1'='1",
    "None",
    "[]",
]
UPLOAD_NAMES = st.sampled_from(
    ["budsjett.pdf", "x.PDF", "../../etc/passwd", "a" * 300 + ".pdf", "æøå søknad.docx", "noext", ".pdf"]
)
UPLOAD_CONTENT = st.one_of(
    st.binary(max_size=2000),
    st.just(MINIMAL_PDF),
    st.binary(max_size=500).map(lambda tail: b"%PDF-1.4\n" + tail),
    st.binary(max_size=500).map(lambda tail: b"PK\x03\x04" + tail),
    st.just(b""),
)


def _choices(field) -> list[str]:
    """The values a field offers (flattened optgroups), as posted."""
    values = []
    for value, label in field.choices:
        if isinstance(label, (list, tuple)):
            values.extend(str(v) for v, _label in label)
        else:
            values.append(str(value))
    return [v for v in values if v]


def _value_strategy(field, valid: list[str]):
    """Arbitrary input for one field, mixed with the values the page itself would post."""
    mixed = [TEXT, st.sampled_from(BAD_CHOICES)]
    if valid:
        mixed.append(st.sampled_from(valid))
    if isinstance(field, (forms.ModelChoiceField, forms.ChoiceField)):
        pass
    elif isinstance(field, forms.BooleanField):
        mixed.append(st.sampled_from(["on", "true", "false", "1", "0"]))
    elif isinstance(field, (NokField, forms.IntegerField, forms.DecimalField, forms.FloatField)):
        mixed.append(NUMBERS)
    elif isinstance(field, forms.DateField):
        mixed.append(DATES)
    elif isinstance(field, forms.TimeField):
        mixed.append(TIMES)
    elif isinstance(field, forms.EmailField):
        mixed.append(EMAILS)
    elif isinstance(field, forms.URLField):
        mixed.append(URLS)
    one = st.one_of(*mixed)
    if isinstance(field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)):
        return st.lists(one, max_size=4)
    # Now and then the same name twice, as a tampered form would post it.
    return st.one_of(one.map(lambda value: [value]), st.lists(one, min_size=2, max_size=3))


def _typed_text(field) -> bool:
    """Whether the user types this field's value as text (so it must be shown again)."""
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField, forms.FileField)):
        return False
    if isinstance(field, InlineForeignKeyField):
        return False
    return not isinstance(field.widget, (forms.HiddenInput, forms.PasswordInput, forms.CheckboxInput))


@dataclass
class Posted:
    data: dict  # name -> list of values
    files: dict  # name -> SimpleUploadedFile
    typed: list  # (name, text) the page must show again when it shows the form again

    def querydict(self) -> QueryDict:
        query = QueryDict(mutable=True)
        for name, values in self.data.items():
            query.setlist(name, values)
        return query

    def multivaluedict(self) -> MultiValueDict:
        return MultiValueDict({name: [upload] for name, upload in self.files.items()})

    def size(self) -> int:
        return sum(len(v.encode()) + len(k) for k, values in self.data.items() for v in values)


def _fields(form):
    """Values for every field of `form` (a name missing now and then), and the typed texts. The
    strategies are made once, from the unbound form: drawing an example asks the database nothing."""
    plan = []
    for name in sorted(form.fields):
        field = form.fields[name]
        key = form.add_prefix(name)
        if isinstance(field, forms.FileField):
            plan.append((key, "file", st.builds(SimpleUploadedFile, UPLOAD_NAMES, UPLOAD_CONTENT), False))
            continue
        valid = []
        if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
            valid = _choices(field)
        elif isinstance(field, InlineForeignKeyField) and field.parent_instance is not None:
            valid = [str(field.parent_instance.pk)]
        initial = form[name].value()
        if initial not in (None, "") and not isinstance(initial, (list, tuple)):
            valid.append(str(initial))
        plan.append((key, "data", _value_strategy(field, valid), _typed_text(field)))

    @st.composite
    def draw_fields(draw):
        data, files, typed = {}, {}, []
        for key, kind, strategy, is_typed in plan:
            if draw(st.integers(0, 9)) == 0:
                continue  # not posted at all
            if kind == "file":
                files[key] = draw(strategy)
                continue
            values = draw(strategy)
            data[key] = values
            if values and is_typed and values[-1].strip():
                typed.append((key, values[-1]))
        return data, files, typed

    return draw_fields()


def _formset(formset, *, many_forms: bool):
    """A management form (now and then tampered with) and up to three rows. With `many_forms`,
    also a count above max_num and one so large that Django stops at its absolute_max (1 000 forms
    more than max_num): cheap to validate, but slow to render, so only the direct layer posts them."""
    tampered = ["abc", "-1", "", "1e3"] + (["51", "9" * 30] if many_forms else [])
    initial = formset.initial_form_count()
    rows = []
    for index in range(3):
        row = copy.copy(formset.forms[index] if index < len(formset.forms) else formset.empty_form)
        row.prefix = formset.add_prefix(index)
        rows.append(_fields(row))
    prefix = formset.prefix

    @st.composite
    def draw_formset(draw):
        count = draw(st.integers(0, len(rows)))
        total = draw(st.one_of(st.just(str(count)), st.just(str(count + 1)), st.sampled_from(tampered)))
        initial_posted = draw(
            st.one_of(st.just(str(initial)), st.sampled_from(["0", "2", "abc", "-5", "9" * 30]))
        )
        data = {
            f"{prefix}-TOTAL_FORMS": [total],
            f"{prefix}-INITIAL_FORMS": [initial_posted],
            f"{prefix}-MIN_NUM_FORMS": [draw(st.sampled_from(["0", "", "x"]))],
            f"{prefix}-MAX_NUM_FORMS": [draw(st.sampled_from(["1000", "", "-1"]))],
        }
        files, typed = {}, []
        # Only a management form as the page made it shows the rows again.
        well_formed = (
            total in (str(count), str(count + 1)) and initial_posted == str(initial) and initial <= count
        )
        for row in rows[:count]:
            row_data, row_files, row_typed = draw(row)
            data.update(row_data)
            files.update(row_files)
            if well_formed:
                typed.extend(row_typed)
        return data, files, typed

    return draw_formset()


def posted(parts, extra=None, *, many_forms=True):
    """Arbitrary data for every part (a form or a formset, unbound) of what a page posts, plus
    `extra` (a strategy of more name -> values, such as the board's order lists)."""

    strategies = [
        _formset(part, many_forms=many_forms) if isinstance(part, BaseFormSet) else _fields(part)
        for part in parts
    ]

    @st.composite
    def build(draw):
        data, files, typed = {}, {}, []
        for strategy in strategies:
            part_data, part_files, part_typed = draw(strategy)
            data.update(part_data)
            files.update(part_files)
            typed.extend(part_typed)
        if extra is not None:
            data.update(draw(extra))
        return Posted(data, files, typed)

    return build()


# Inputs that once broke a form (or came close), tried in every run besides the drawn examples:
# every field of a kind gets the same value.
SHARP_EDGES = [
    {"number": "9" * 5000, "date": "31.12.9999", "time": "23:59", "text": "a\x00b"},
    {"number": "-1e309", "date": "01.01.0001", "time": "00:00", "text": "😀" * 20001},
]


def _kind(field) -> str:
    if isinstance(field, (NokField, forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return "number"
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, forms.TimeField):
        return "time"
    return "text"


def sharp_edge(parts, values) -> Posted:
    """`values` in every field of every part that is typed (choices keep their first choice); a
    formset gets one row and a management form as its page makes it."""
    data = {}

    def fill(form):
        for name, field in form.fields.items():
            if isinstance(field, forms.FileField):
                continue
            if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)) or not _typed_text(field):
                value = form[name].value()
                choices = _choices(field) if hasattr(field, "choices") else []
                value = choices[0] if choices and value in (None, "", []) else value
                data[form.add_prefix(name)] = [str(value)] if value not in (None, "", []) else []
            else:
                data[form.add_prefix(name)] = [values[_kind(field)]]

    for part in parts:
        if isinstance(part, BaseFormSet):
            row = copy.copy(part.forms[0] if part.forms else part.empty_form)
            row.prefix = part.add_prefix(0)
            fill(row)
            initial = min(part.initial_form_count(), 1)
            data.update(
                {
                    f"{part.prefix}-TOTAL_FORMS": ["1"],
                    f"{part.prefix}-INITIAL_FORMS": [str(initial)],
                    f"{part.prefix}-MIN_NUM_FORMS": ["0"],
                    f"{part.prefix}-MAX_NUM_FORMS": ["1000"],
                }
            )
        else:
            fill(part)
    return Posted({k: v for k, v in data.items() if v}, {}, [])


# --- Django's English messages ------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[sdir]|\{[^}]*\}")


def _po_entries(path: Path):
    """(msgid, msgid_plural, msgstr) of a .po file; enough of the format for Django's catalogs."""
    entries, current, key = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line)
        if match:
            key = match.group(1)
            if key == "msgid" and current:
                entries.append(current)
                current = {}
            current[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
        elif not line.strip() and current:
            entries.append(current)
            current, key = {}, None
    return entries


def _english_defaults() -> list[re.Pattern]:
    """Every message of Django's core and auth catalogs that bokmål translates, as a pattern an
    untranslated (English) message matches in full. Placeholders match anything; messages with
    fewer than two English words are left out, as they could not be told apart from bokmål."""
    root = Path(django.__file__).parent
    patterns = []
    for po in (
        root / "conf/locale/nb/LC_MESSAGES/django.po",
        root / "contrib/auth/locale/nb/LC_MESSAGES/django.po",
    ):
        for entry in _po_entries(po):
            translated = entry.get("msgstr") or entry.get("msgstr[0]")
            for msgid in filter(None, (entry.get("msgid"), entry.get("msgid_plural"))):
                if not translated or translated == msgid:
                    continue
                literal = _PLACEHOLDER.sub("", msgid)
                if len(re.findall(r"[A-Za-z]{3,}", literal)) < 2:
                    continue
                pieces = _PLACEHOLDER.split(msgid)
                patterns.append(re.compile("(?s:.*)".join(re.escape(p) for p in pieces)))
    return patterns


ENGLISH = _english_defaults()


def english(message: str) -> bool:
    return any(pattern.fullmatch(message) for pattern in ENGLISH)


def _messages(errors) -> list[str]:
    return [str(message) for messages in errors.values() for message in messages]


def assert_errors_norwegian_and_placed(form) -> None:
    """The errors of an invalid form (or formset): at its fields or the form, and in bokmål."""
    if isinstance(form, BaseFormSet):
        for row in form.forms:
            assert_errors_norwegian_and_placed(row)
        messages = [str(m) for m in form.non_form_errors()]
    else:
        assert set(form.errors) <= set(form.fields) | {forms.forms.NON_FIELD_ERRORS}, form.errors
        messages = _messages(form.errors)
    for message in messages:
        assert message.strip(), f"an empty error message in {type(form).__name__}"
        assert not english(message), f"English error while the language is bokmål: {message!r}"


# --- The world ----------------------------------------------------------------------------------


class World:
    """What the forms need, built on first use (and so once per test, only as far as needed)."""

    @cached_property
    def applicant(self):
        return UserFactory(email="soker.rana@example.no", organisations=[org("Rana kommune")])

    @cached_property
    def secretary(self):
        return committees.secretary()

    @cached_property
    def authenticator(self):
        """The secretary's authenticator app, confirmed."""
        return TOTPDevice.objects.create(user=self.secretary, name="Telefon", confirmed=True)

    @cached_property
    def helse_nord(self):
        return committees.helse_nord_reader()

    @cached_property
    def open_round(self):
        return RoundFactory()

    @cached_property
    def draft(self):
        """A complete draft, so every row formset has saved rows."""
        return make_application(
            round=self.open_round, lead=org("Rana kommune"), actor=self.applicant, complete=True
        )

    @cached_property
    def in_review(self):
        """Sent in, under review: formal check, status actions and scores are open."""
        application = make_application(
            round=self.open_round,
            lead=org("Rana kommune"),
            actor=self.applicant,
            complete=True,
            title="Observasjonspost i Rana",
        )
        Application.objects.filter(pk=application.pk).update(
            status=Application.Status.UNDER_REVIEW,
            submitted_at=timezone.now(),
            last_submitted_at=timezone.now(),
        )
        application.refresh_from_db()
        return application

    @cached_property
    def forwarded(self):
        application = make_application(
            round=self.open_round, lead=org("Vefsn kommune"), complete=True, title="Rehabilitering i Vefsn"
        )
        Application.objects.filter(pk=application.pk).update(status=Application.Status.FORWARDED)
        application.refresh_from_db()
        return application

    def _closed_round(self, title, *applications):
        deadline = timezone.localdate() - dt.timedelta(days=10)
        round_ = RoundFactory(title=title, opens_on=deadline - dt.timedelta(days=60), deadline=deadline)
        for lead, name, amount in applications:
            made = make_application(round=round_, lead=org(lead), complete=True, title=name)
            Application.objects.filter(pk=made.pk).update(
                status=Application.Status.ASSESSED, submitted_at=timezone.now(), amount_applied_nok=amount
            )
        prioritisation.prioritisation_sync(round_)
        return round_

    @cached_property
    def board_round(self):
        """A closed round with two assessed applications on a draft board."""
        return self._closed_round(
            "RS-tilskudd 2027 (tavle)",
            ("Rana kommune", "Kartleggingsteam Rana", 4_657_500),
            ("Vefsn kommune", "Rehabilitering i Vefsn", 3_000_000),
        )

    @cached_property
    def frozen_round(self):
        """A closed round whose board is frozen and waits for the SSU's prioritisation case."""
        round_ = self._closed_round("RS-tilskudd 2027 (låst)", ("Rana kommune", "Helserom", 2_000_000))
        version = Prioritisation.objects.get(round=round_).version
        prioritisation.board_freeze(round_=round_, actor=self.secretary, version=version)
        return round_

    def board(self, round_):
        return prioritisation.board_for_round(round_)

    @cached_property
    def ssu(self):
        return committees.ssu()

    @cached_property
    def member(self):
        return committees.member(self.ssu, "ssu.medlem@example.no", "Brønnøy kommune")

    @cached_property
    def meeting(self):
        self.member  # a seat to record attendance and votes for
        made = committees.meeting(self.ssu, self.secretary, published=True)
        committees.meeting(self.ssu, self.secretary, timezone.localdate() + dt.timedelta(days=60))
        return made

    @cached_property
    def draft_case(self):
        return committees.case(self.meeting, self.secretary, title="Utkast til sak")

    @cached_property
    def published_case(self):
        return committees.case(self.meeting, self.secretary, publish=True)

    @cached_property
    def project(self):
        return projects.granted_project(lead="Rana kommune", applicant=self.applicant)

    @cached_property
    def leader(self):
        return self.project.leader

    @cached_property
    def indicator(self):
        return projects.indicator(self.project)

    def _reports(self):
        self.indicator
        return list(self.project.reports.filter(kind=StatusReport.Kind.SSU).order_by("due_on"))

    @cached_property
    def report(self):
        """The project's first SSU report, still to be written."""
        return self._reports()[0]

    @cached_property
    def submitted_report(self):
        """The second SSU report, sent in for the secretariat's review."""
        report = self._reports()[1]
        saved = project_services.report_save(
            report=report,
            actor=self.leader,
            version=report.version,
            progress="Teamene er i gang.",
            risks_comment="",
            experiences="",
            milestones={},
            spending={},
            risks={},
            measurements={},
        )
        return project_services.report_submit(report=saved, actor=self.leader)


# --- How each form is built, directly --------------------------------------------------------------


def _step_form(form_class):
    return lambda w, data, files: form_class(data, instance=w.draft)


def _step_formset(formset_class, prefix):
    return lambda w, data, files: formset_class(data, instance=w.draft, prefix=prefix)


def _section_formset(slug):
    def build(w, data, files):
        section = project_forms.SECTIONS[slug]
        queryset = section.model.objects.filter(project=w.project)
        return section.formset(data, instance=w.project, queryset=queryset, prefix="rows")

    return build


def _board_form(w, data, files):
    board = w.board(w.board_round)
    return application_forms.BoardForm(
        data, entries=board.regional, initial={"version": board.prioritisation.version}
    )


def _attendance_form(w, data, files):
    memberships = CommitteeMembership.objects.filter(committee=w.meeting.committee).select_related("user")
    return committee_forms.AttendanceForm(data, memberships=memberships.order_by("pk"))


def _prioritisation_case_form(w, data, files):
    w.frozen_round
    waiting = committee_selectors.prioritisations_waiting_for_case(w.ssu)
    return committee_forms.PrioritisationCaseForm(data, prioritisations=waiting)


def _login_form(w, data, files):
    request = RequestFactory().post(reverse("login"))
    return EmailAuthenticationForm(request=request, data=data)


def _inbox(w, data, files):
    return InboxFilter(data, round=w.open_round)


def _portfolio(w, data, files):
    w.project
    return PortfolioFilter(data, community=helgeland())


@dataclass(frozen=True)
class Exercise:
    """How a form class is exercised: `build(world, data, files)` makes it bound (None for a base
    class that only its subclasses exercise) and `pages` names the PAGES that handle it."""

    build: object
    pages: tuple = ()
    base_of: tuple = ()  # for a base class: the registered classes that exercise it


STEP_FORMSETS = {
    cls: (step.slug, prefix) for step in application_forms.STEPS for prefix, cls, _t in step.formsets
}
STEP_OF_FORM = {step.form: step.slug for step in application_forms.STEPS if step.form}

REGISTRY = {
    # core
    EmailAuthenticationForm: Exercise(_login_form, ("login",)),
    PasswordResetRequestForm: Exercise(lambda w, d, f: PasswordResetRequestForm(d), ("password_reset",)),
    OneTimeCodeForm: Exercise(
        lambda w, d, f: OneTimeCodeForm(d, user=w.secretary, device=w.authenticator),
        ("second_factor_verify", "second_factor_setup"),
    ),
    # applications: the steps of the form and their row tables
    application_forms.StepForm: Exercise(None, base_of=tuple(STEP_OF_FORM)),
    application_forms.RowForm: Exercise(None, base_of=tuple(STEP_FORMSETS)),
    **{form: Exercise(_step_form(form), (f"step:{slug}",)) for form, slug in STEP_OF_FORM.items()},
    application_forms.BudgetLineForm: Exercise(
        lambda w, d, f: application_forms.BudgetLineForm(d), ("step:budsjett",)
    ),
    application_forms.MilestoneForm: Exercise(
        lambda w, d, f: application_forms.MilestoneForm(d), ("step:prosjektplan",)
    ),
    **{
        formset: Exercise(_step_formset(formset, prefix), (f"step:{slug}",))
        for formset, (slug, prefix) in STEP_FORMSETS.items()
    },
    application_forms.AttachmentForm: Exercise(
        lambda w, d, f: application_forms.AttachmentForm(d, f), ("attachments",)
    ),
    application_forms.WithdrawForm: Exercise(
        lambda w, d, f: application_forms.WithdrawForm(d), ("withdraw",)
    ),
    # applications: the secretariat's case page, the board, Helse Nord's award
    application_forms.ScreeningForm: Exercise(
        lambda w, d, f: application_forms.ScreeningForm(d, checks=w.in_review.screening.all()),
        ("review_screening",),
    ),
    application_forms.TransitionForm: Exercise(
        lambda w, d, f: application_forms.TransitionForm(d), ("review_transition",)
    ),
    application_forms.ScoreForm: Exercise(
        lambda w, d, f: application_forms.ScoreForm(d, criteria=round_criteria(w.in_review.round)),
        ("review_score",),
    ),
    application_forms.AwardForm: Exercise(
        lambda w, d, f: application_forms.AwardForm(d, first_year=2027), ("review_award",)
    ),
    application_forms.BoardForm: Exercise(_board_form, ("board",)),
    application_forms.DirectAllocationForm: Exercise(
        lambda w, d, f: application_forms.DirectAllocationForm(d), ("board",)
    ),
    application_forms.DirectAllocationFormSet: Exercise(
        lambda w, d, f: application_forms.DirectAllocationFormSet(d, prefix="direct"), ("board",)
    ),
    application_forms.DecisionForm: Exercise(
        lambda w, d, f: application_forms.DecisionForm(
            d, initial={"version": Prioritisation.objects.get(round=w.frozen_round).version}
        ),
        ("board_decision",),
    ),
    InboxFilter: Exercise(_inbox, ("inbox",)),
    # committees
    committee_forms.MeetingForm: Exercise(
        lambda w, d, f: committee_forms.MeetingForm(d), ("meeting_create",)
    ),
    committee_forms.CaseAddForm: Exercise(lambda w, d, f: committee_forms.CaseAddForm(d), ("case_add",)),
    committee_forms.CaseForm: Exercise(
        lambda w, d, f: committee_forms.CaseForm(
            d, instance=w.draft_case, meetings=committee_selectors.open_meetings(w.ssu)
        ),
        ("case_edit",),
    ),
    committee_forms.PostponeForm: Exercise(
        lambda w, d, f: committee_forms.PostponeForm(
            d, meetings=committee_selectors.later_meetings(w.draft_case)
        ),
        ("case_postpone",),
    ),
    committee_forms.WithdrawForm: Exercise(
        lambda w, d, f: committee_forms.WithdrawForm(d), ("case_withdraw",)
    ),
    committee_forms.DecisionForm: Exercise(lambda w, d, f: committee_forms.DecisionForm(d), ("case_decide",)),
    committee_forms.VoteForm: Exercise(
        lambda w, d, f: committee_forms.VoteForm(d, initial={"member": w.member.pk}), ("case_vote",)
    ),
    committee_forms.InhabilForm: Exercise(lambda w, d, f: committee_forms.InhabilForm(d), ("inhabil",)),
    committee_forms.CaseAttachmentForm: Exercise(
        lambda w, d, f: committee_forms.CaseAttachmentForm(d, f), ("case_attachment",)
    ),
    committee_forms.AttendanceForm: Exercise(_attendance_form, ("attendance",)),
    committee_forms.PrioritisationCaseForm: Exercise(_prioritisation_case_form, ("prioritisation_case",)),
    committee_forms.BoardCaseForm: Exercise(
        lambda w, d, f: committee_forms.BoardCaseForm(
            d,
            meetings=committee_selectors.ssu_meetings_for_round(
                w.frozen_round, Prioritisation.objects.get(round=w.frozen_round)
            ),
        ),
        ("board_case",),
    ),
    committee_forms.MoveForm: Exercise(lambda w, d, f: committee_forms.MoveForm(d), ("case_move",)),
    ProjectsCaseForm: Exercise(
        lambda w, d, f: ProjectsCaseForm(d, years=grant_years(w.project.health_community_id)),
        ("projects_case",),
    ),
    # projects
    project_forms.ProjectForm: Exercise(
        lambda w, d, f: project_forms.ProjectForm(d, instance=copy.copy(w.project)), ("project_edit",)
    ),
    project_forms.RowForm: Exercise(
        None,
        base_of=(
            project_forms.GainForm,
            project_forms.OrganisationUnitForm,
            project_forms.MilestoneForm,
            project_forms.RiskForm,
            project_forms.IndicatorForm,
        ),
    ),
    **{
        section.form: Exercise(lambda w, d, f, form=section.form: form(d), (f"section:{slug}",))
        for slug, section in project_forms.SECTIONS.items()
    },
    **{
        section.formset: Exercise(_section_formset(slug), (f"section:{slug}",))
        for slug, section in project_forms.SECTIONS.items()
    },
    project_forms.MeasurementForm: Exercise(
        lambda w, d, f: project_forms.MeasurementForm(d), ("measurement",)
    ),
    project_forms.ReportAddForm: Exercise(lambda w, d, f: project_forms.ReportAddForm(d), ("report_add",)),
    project_forms.ReviewForm: Exercise(lambda w, d, f: project_forms.ReviewForm(d), ("report_review",)),
    project_forms.ReportForm: Exercise(
        lambda w, d, f: _report_form(w.report, d), ("report", "report_submit")
    ),
    PortfolioFilter: Exercise(_portfolio, ("portfolio",)),
    # notifications
    notification_forms.PreferencesForm: Exercise(
        lambda w, d, f: notification_forms.PreferencesForm(d), ("preferences",)
    ),
    notification_forms.LogFilterForm: Exercise(lambda w, d, f: notification_forms.LogFilterForm(d), ("log",)),
}


# --- The pages that handle them -----------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A view that handles a form: where it is, who may use it, the (unbound) forms and formsets
    whose fields it posts, more posted fields (`extra(world)`, a strategy of name -> values), and
    whether invalid input shows the form again (the others answer with a redirect or a bare 400)."""

    url: object
    user: object
    parts: object
    extra: object = None
    method: str = "post"
    shows_form_again: bool = True
    after_login: object = None  # (client, world): the state of the session the page needs
    # (posted data, world) -> whether the page shows the typed text again; by default always
    shows_typed: object = None


def _second_factor_pending(client, w):
    """Logged in with the password, the second factor not yet given (force_login gives it)."""
    session = client.session
    session.pop(DEVICE_ID_SESSION_KEY, None)
    session.save()


def _second_factor_not_set_up(client, w):
    TOTPDevice.objects.filter(user=w.secretary).delete()
    _second_factor_pending(client, w)


def _step_parts(slug):
    def parts(w):
        step = application_forms.STEP_BY_SLUG[slug]
        made = [step.form(instance=copy.copy(w.draft))] if step.form else []
        return made + [cls(instance=w.draft, prefix=prefix) for prefix, cls, _title in step.formsets]

    return parts


def _board_parts(w):
    return [_board_form(w, None, None), application_forms.DirectAllocationFormSet(prefix="direct")]


def _board_orders(w):
    """The order lists and the move button of the board: as the page posts them, or tampered."""
    pks = [str(entry.pk) for entry in w.board(w.board_round).regional]
    order = st.one_of(st.permutations(pks), st.lists(st.sampled_from([*pks, *BAD_CHOICES]), max_size=4))
    move = st.one_of(
        st.just([]),
        st.sampled_from(
            [[f"{pot}:{pk}:{way}"] for pot in ("regional", "local") for pk in pks for way in ("up", "down")]
        ),
        TEXT.map(lambda text: [text]),
    )
    return st.fixed_dictionaries({"regional_order": order, "local_order": order, "move": move})


def _section_parts(slug):
    return lambda w: [_section_formset(slug)(w, None, None)]


def _posted_action_has_a_reason_box(data, w):
    """The reason box is one per action button that asks for a reason; a tampered action, or one
    without a box, has none to show the text in."""
    status = w.in_review.status
    boxes = [
        name
        for name in workflow.CASE_ACTIONS
        if workflow.allowed(name, status)
        and workflow.TRANSITIONS[name].roles & {workflow.SECRETARIAT}
        and workflow.TRANSITIONS[name].reason_required
    ]
    return (data.get("action") or [""])[-1] in boxes


def _secretary(w):
    return w.secretary


def _applicant(w):
    return w.applicant


def _leader(w):
    return w.leader


PAGES = {
    **{
        f"step:{step.slug}": Page(
            lambda w, slug=step.slug: reverse("applications:step", args=[w.draft.pk, slug]),
            _applicant,
            _step_parts(step.slug),
        )
        for step in application_forms.STEPS
    },
    "attachments": Page(
        lambda w: reverse("applications:attachments", args=[w.draft.pk]),
        _applicant,
        lambda w: [application_forms.AttachmentForm()],
    ),
    "withdraw": Page(
        lambda w: reverse("applications:withdraw", args=[w.in_review.pk]),
        _applicant,
        lambda w: [application_forms.WithdrawForm()],
    ),
    "review_transition": Page(
        lambda w: reverse("applications:review_transition", args=[w.in_review.pk]),
        _secretary,
        lambda w: [application_forms.TransitionForm()],
        shows_typed=_posted_action_has_a_reason_box,
    ),
    "review_screening": Page(
        lambda w: reverse("applications:review_screening", args=[w.in_review.pk]),
        _secretary,
        lambda w: [application_forms.ScreeningForm(checks=w.in_review.screening.all())],
    ),
    "review_score": Page(
        lambda w: reverse("applications:review_score", args=[w.in_review.pk]),
        _secretary,
        lambda w: [application_forms.ScoreForm(criteria=round_criteria(w.in_review.round))],
    ),
    "review_award": Page(
        lambda w: reverse("applications:review_award", args=[w.forwarded.pk]),
        lambda w: w.helse_nord,
        lambda w: [application_forms.AwardForm(first_year=w.forwarded.round.year)],
    ),
    "board": Page(
        lambda w: reverse("secretariat:board", args=[w.board_round.pk]),
        _secretary,
        _board_parts,
        extra=_board_orders,
    ),
    "board_decision": Page(
        lambda w: reverse("secretariat:board_decision", args=[w.frozen_round.pk]),
        _secretary,
        lambda w: [REGISTRY[application_forms.DecisionForm].build(w, None, None)],
    ),
    "inbox": Page(
        lambda w: reverse("secretariat:inbox", args=[w.open_round.pk]),
        _secretary,
        lambda w: [_inbox(w, None, None).form],
        method="get",
    ),
    "meeting_create": Page(
        lambda w: reverse("committees:meeting_create", args=[w.ssu.pk]),
        _secretary,
        lambda w: [committee_forms.MeetingForm()],
    ),
    "case_add": Page(
        lambda w: reverse("committees:case_add", args=[w.meeting.pk]),
        _secretary,
        lambda w: [committee_forms.CaseAddForm()],
    ),
    "case_edit": Page(
        lambda w: reverse("committees:case", args=[w.draft_case.pk]),
        _secretary,
        lambda w: [REGISTRY[committee_forms.CaseForm].build(w, None, None)],
        extra=lambda w: st.fixed_dictionaries({"action": st.sampled_from([[], ["save"], ["publish"]])}),
    ),
    "case_attachment": Page(
        lambda w: reverse("committees:attachment_add", args=[w.draft_case.pk]),
        _secretary,
        lambda w: [committee_forms.CaseAttachmentForm()],
    ),
    "case_postpone": Page(
        lambda w: reverse("committees:case_postpone", args=[w.draft_case.pk]),
        _secretary,
        lambda w: [REGISTRY[committee_forms.PostponeForm].build(w, None, None)],
    ),
    "case_withdraw": Page(
        lambda w: reverse("committees:case_withdraw", args=[w.draft_case.pk]),
        _secretary,
        lambda w: [committee_forms.WithdrawForm()],
    ),
    "case_decide": Page(
        lambda w: reverse("committees:case_decide", args=[w.published_case.pk]),
        _secretary,
        lambda w: [committee_forms.DecisionForm()],
    ),
    "case_vote": Page(
        lambda w: reverse("committees:case_vote", args=[w.published_case.pk]),
        _secretary,
        lambda w: [REGISTRY[committee_forms.VoteForm].build(w, None, None)],
    ),
    "case_move": Page(
        lambda w: reverse("committees:case_move", args=[w.draft_case.pk]),
        _secretary,
        lambda w: [committee_forms.MoveForm()],
        shows_form_again=False,
    ),
    "inhabil": Page(
        lambda w: reverse("committees:inhabil_declare", args=[w.published_case.pk]),
        lambda w: w.member,
        lambda w: [committee_forms.InhabilForm()],
    ),
    "attendance": Page(
        lambda w: reverse("committees:attendance", args=[w.meeting.pk]),
        _secretary,
        lambda w: [_attendance_form(w, None, None)],
    ),
    "prioritisation_case": Page(
        lambda w: reverse("committees:meeting_prioritisation_case", args=[w.meeting.pk]),
        _secretary,
        lambda w: [_prioritisation_case_form(w, None, None)],
    ),
    "board_case": Page(
        lambda w: reverse("committees:board_case", args=[w.frozen_round.pk]),
        _secretary,
        lambda w: [REGISTRY[committee_forms.BoardCaseForm].build(w, None, None)],
        shows_form_again=False,
    ),
    "projects_case": Page(
        lambda w: reverse("committees:meeting_projects_case", args=[w.meeting.pk]),
        _secretary,
        lambda w: [REGISTRY[ProjectsCaseForm].build(w, None, None)],
    ),
    "project_edit": Page(
        lambda w: reverse("projects:edit", args=[w.project.pk]),
        _leader,
        lambda w: [REGISTRY[project_forms.ProjectForm].build(w, None, None)],
    ),
    **{
        f"section:{slug}": Page(
            lambda w, slug=slug: reverse("projects:section", args=[w.project.pk, slug]),
            _leader,
            _section_parts(slug),
        )
        for slug in project_forms.SECTIONS
    },
    "measurement": Page(
        lambda w: reverse("projects:measurement_add", args=[w.project.pk, w.indicator.pk]),
        _leader,
        lambda w: [project_forms.MeasurementForm()],
    ),
    "report_add": Page(
        lambda w: reverse("projects:report_add", args=[w.project.pk]),
        _secretary,
        lambda w: [project_forms.ReportAddForm()],
    ),
    "report_review": Page(
        lambda w: reverse("projects:report_review", args=[w.submitted_report.pk]),
        _secretary,
        lambda w: [project_forms.ReviewForm()],
    ),
    "report": Page(
        lambda w: reverse("projects:report", args=[w.report.pk]),
        _leader,
        lambda w: [_report_form(w.report)],
    ),
    "report_submit": Page(
        lambda w: reverse("projects:report_submit", args=[w.report.pk]),
        _leader,
        lambda w: [_report_form(w.report)],
    ),
    "portfolio": Page(
        lambda w: reverse("projects:portfolio"),
        _secretary,
        lambda w: [_portfolio(w, None, None).form],
        method="get",
    ),
    "preferences": Page(
        lambda w: reverse("notifications:preferences"),
        _applicant,
        lambda w: [notification_forms.PreferencesForm()],
    ),
    "log": Page(
        lambda w: reverse("notifications:log"),
        _secretary,
        lambda w: [notification_forms.LogFilterForm()],
        method="get",
    ),
    "login": Page(lambda w: reverse("login"), lambda w: None, lambda w: [_login_form(w, None, None)]),
    "second_factor_verify": Page(
        lambda w: reverse("second_factor_verify"),
        _secretary,
        lambda w: [OneTimeCodeForm(user=w.secretary)],
        after_login=_second_factor_pending,
    ),
    "second_factor_setup": Page(
        lambda w: reverse("second_factor_setup"),
        _secretary,
        lambda w: [OneTimeCodeForm(user=w.secretary)],
        after_login=_second_factor_not_set_up,
    ),
    "password_reset": Page(
        lambda w: reverse("password_reset"), lambda w: None, lambda w: [PasswordResetRequestForm()]
    ),
}


# --- Finding every form -------------------------------------------------------------------------


def _ours(cls) -> bool:
    return cls.__module__.split(".")[0] in OUR_APPS


def _subclasses(cls) -> set[type]:
    found, stack = set(), [cls]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                stack.append(sub)
    return found


def discovered() -> set[type]:
    """Every Form, ModelForm, FormSet and FilterSet class our apps define. Every module of the apps
    is imported first; a formset counts as ours when its form is (or derives from) one of ours."""
    for app in OUR_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".migrations" not in module.name:
                importlib.import_module(module.name)
    found = {cls for cls in _subclasses(forms.BaseForm) if _ours(cls)}
    found |= {
        cls
        for cls in _subclasses(BaseFormSet)
        if getattr(cls, "form", None) and any(_ours(base) for base in cls.form.__mro__)
    }
    found |= {cls for cls in _subclasses(django_filters.FilterSet) if _ours(cls)}
    return found


def _label(cls) -> str:
    if issubclass(cls, BaseFormSet):
        return f"{cls.form.__mro__[1].__name__}:{cls.__name__}"
    return f"{cls.__module__.split('.')[0]}.{cls.__name__}"


@contextmanager
def rolled_back():
    """One example: its writes are undone when it ends, whatever happened."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# --- The tests ----------------------------------------------------------------------------------


def test_every_form_of_the_portal_is_exercised():
    found = discovered()
    missing = sorted(_label(cls) for cls in found - set(REGISTRY))
    assert not missing, (
        f"Forms without a property test: {missing}. Add them to REGISTRY (and their page to PAGES) "
        "in tests/security/test_forms_property.py."
    )
    gone = sorted(_label(cls) for cls in set(REGISTRY) - found)
    assert not gone, f"REGISTRY names classes the apps no longer define: {gone}"
    for cls, exercise in REGISTRY.items():
        if exercise.build is None:
            assert exercise.base_of, f"{_label(cls)}: a base class must name the classes exercising it"
            for sub in exercise.base_of:
                assert issubclass(getattr(sub, "form", sub), cls) and REGISTRY[sub].build
        else:
            assert exercise.pages, f"{_label(cls)} has no page"
            assert set(exercise.pages) <= set(PAGES), f"{_label(cls)}: unknown page {exercise.pages}"


def test_the_english_check_knows_djangos_defaults():
    """The check of the messages is not vacuous: Django's own message is caught in English and
    passes in bokmål."""
    with translation.override("en"):
        form = application_forms.WithdrawForm({"reason": "x" * 2001})
        assert not form.is_valid() and english(form.errors["reason"][0])
    with translation.override("nb"):
        form = application_forms.WithdrawForm({"reason": "x" * 2001})
        assert not form.is_valid() and not english(form.errors["reason"][0])
        assert "2000" in form.errors["reason"][0]


DIRECTLY = sorted((cls for cls, exercise in REGISTRY.items() if exercise.build), key=_label)


@pytest.mark.parametrize("form_class", DIRECTLY, ids=_label)
def test_arbitrary_input_never_breaks_the_form(form_class):
    build = REGISTRY[form_class].build
    world = World()
    with translation.override("nb"):
        sample = build(world, None, None)
        parts = [sample.form if isinstance(sample, django_filters.FilterSet) else sample]
        strategy = posted(parts)
        edges = [sharp_edge(parts, values) for values in SHARP_EDGES]

    @DIRECT
    @given(strategy)
    @example(edges[0])
    @example(edges[1])
    def one(input_):
        with rolled_back(), translation.override("nb"):
            made = build(world, input_.querydict(), input_.multivaluedict())
            valid = made.is_valid()
            if isinstance(made, django_filters.FilterSet):
                if valid:
                    list(made.qs[:20])  # the filters run in the database too
                made = made.form
            if not valid:
                assert_errors_norwegian_and_placed(made)

    one()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_arbitrary_input_through_the_page_never_gives_500(name, client):
    page = PAGES[name]
    world = World()
    url, user = page.url(world), page.user(world)
    with translation.override("nb"):
        parts = page.parts(world)
        strategy = posted(parts, page.extra(world) if page.extra else None, many_forms=False)
        edge = sharp_edge(parts, SHARP_EDGES[0])
    if user is not None:
        client.force_login(user)
    if page.after_login is not None:
        page.after_login(client, world)

    @THROUGH_PAGE
    @given(strategy)
    @example(edge)
    def one(input_):
        with rolled_back():
            if page.method == "get":
                response = client.get(url, input_.data)
            else:
                response = client.post(url, {**input_.data, **input_.files})
        assert response.status_code < 500
        if input_.size() > django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            assert response.status_code == 400  # Django refuses the request before the view
            return
        shows_typed = page.shows_typed is None or page.shows_typed(input_.data, world)
        if page.shows_form_again and shows_typed and response.status_code in (200, 400, 409):
            html = response.content.decode()
            lost = [name for name, text in input_.typed if escape(text) not in html]
            assert not lost, f"typed text not shown again in {lost}"

    one()
