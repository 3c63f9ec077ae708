"""The SSU secretariat's inbox: every submitted application of one round, for the secretariat of
that round's helsefellesskap only. Owns the reads (constant number of queries however many
applications a round has), the filters (django-filter, validated like any form) and the export
of the filtered list to CSV and XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter, defaultdict
from dataclasses import astuple, dataclass

import django_filters
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from committees.models import Committee
from core.models import FocusArea, Organisation, PriorityGroup
from core.money import format_nok
from core.rows import choice_labels, lazy_choice_lists, pk_url

from . import workflow
from .models import OSLO, Application, Pot, Round
from .permissions import secretariat_health_community_ids
from .selectors import LONG_TEXT_FIELDS

S = Application.Status
# Sent in at least once, in any status but draft (a draft that was withdrawn was never sent in).
SUBMITTED = Q(status__in=workflow.SUBMITTED, submitted_at__isnull=False)
SUBMITTED_STATUSES = [status for status in S if status in workflow.SUBMITTED]
MAX_SEARCH_WORDS = 10


# --- Access and reads -----------------------------------------------------------------------


def secretariat_rounds(user):
    """The rounds of the user's secretariat helsefellesskap(s), newest first, each with the number
    of submitted applications and the sum applied for: one query."""
    submitted = Q(applications__status__in=workflow.SUBMITTED, applications__submitted_at__isnull=False)
    return (
        Round.objects.filter(health_community__in=secretariat_health_community_ids(user))
        .select_related("health_community", "prioritisation")
        .annotate(
            submitted_count=Count("applications", filter=submitted),
            submitted_total_nok=Sum("applications__amount_applied_nok", filter=submitted),
        )
        .order_by("-year", "-deadline", "-pk")
    )


def inbox_queryset(round_: Round):
    """The submitted applications of the round with everything the inbox table shows."""
    return (
        Application.objects.filter(SUBMITTED, round=round_)
        .select_related("round", "lead_organisation")
        .defer(*LONG_TEXT_FIELDS)
        .prefetch_related("participating_municipalities")
        .order_by(F("last_submitted_at").desc(nulls_last=True), "-pk")
    )


def inbox_summary(applications: list[Application]) -> dict:
    """Number of applications, sum applied and the number per status, added up from the table's
    rows (inbox_table: every application of the filtered set), so without a query of its own."""
    by_status = Counter(application.status for application in applications)
    return {
        "count": len(applications),
        "total_nok": sum(application.amount_applied_nok or 0 for application in applications),
        "by_status": [
            {"status": s.value, "label": s.label, "count": by_status[s.value]}
            for s in SUBMITTED_STATUSES
            if by_status[s.value]
        ],
    }


def round_pots(round_: Round) -> dict[str, Pot | None]:
    pots = {pot.kind: pot for pot in round_.pots.all()}
    return {"local": pots.get(Pot.Kind.LOCAL), "regional": pots.get(Pot.Kind.REGIONAL)}


# Statuses that end an application without money: a grey badge; granted is green, the rest blue.
ENDED_STATUSES = {S.WITHDRAWN, S.REJECTED_FORMAL, S.REFUSED}
# The columns the table shows (the filters and sorts still work on the whole row in SQL).
TABLE_FIELDS = (
    "round",
    "lead_organisation__name",
    "title",
    "status",
    "is_continuation",
    "amount_applied_nok",
    "last_submitted_at",
)


def inbox_table(queryset, round_: Round) -> list[Application]:
    """The applications of the table (all of `round_`), loading only the columns it shows, each
    with the text of its row worked out once here (reference, link, municipalities, badge, kind,
    amount) rather than through template tags and filters per row. Two queries: the applications,
    then the names of their municipalities as plain values (works on SQLite too, for the demo)."""
    applications = list(
        queryset.select_related(None)
        .select_related("lead_organisation")
        .only(*TABLE_FIELDS)
        .prefetch_related(None)
    )
    names = defaultdict(list)
    # In the organisations' own order (kind, name).
    for application_id, name in (
        Application.participating_municipalities.through.objects.filter(
            application_id__in=[application.pk for application in applications]
        )
        .order_by("organisation__kind", "organisation__name")
        .values_list("application_id", "organisation__name")
    ):
        names[application_id].append(name)
    review_url = pk_url("applications:review")
    continuation, new = gettext_now("Videreføring"), gettext_now("Ny")
    status_labels = choice_labels(S.choices)
    for application in applications:
        application.round = round_  # the same round for every row: no join, no copy per row
        application.row = {
            "reference": application.reference,
            "url": review_url(application.pk),
            "title": str(application),
            "applicant": application.lead_organisation.name,
            "municipalities": ", ".join(names[application.pk]),
            "badge": (
                "secondary"
                if application.status in ENDED_STATUSES
                else "success"
                if application.status == S.GRANTED
                else "primary"
            ),
            "status": status_labels[application.status],
            "kind": continuation if application.is_continuation else new,
            "amount": format_nok(application.amount_applied_nok) or "–",
        }
    return applications


# --- Filters --------------------------------------------------------------------------------

NEW, CONTINUATION = "new", "continuation"

# Whitelisted sort keys → ordering; every ordering ends with the primary key so pages are stable.
SORTS = {
    "-submitted": [F("last_submitted_at").desc(nulls_last=True), "-pk"],
    "submitted": [F("last_submitted_at").asc(nulls_last=True), "pk"],
    "title": ["title", "pk"],
    "-title": ["-title", "-pk"],
    "applicant": ["lead_organisation__name", "pk"],
    "-applicant": ["-lead_organisation__name", "-pk"],
    "amount": [F("amount_applied_nok").asc(nulls_last=True), "pk"],
    "-amount": [F("amount_applied_nok").desc(nulls_last=True), "-pk"],
    "status": ["status_order", "pk"],
    "-status": ["-status_order", "-pk"],
}
SORT_CHOICES = [
    ("-submitted", _("Sist sendt inn først")),
    ("submitted", _("Først sendt inn først")),
    ("title", _("Prosjekt (A–Å)")),
    ("-title", _("Prosjekt (Å–A)")),
    ("applicant", _("Søker (A–Å)")),
    ("-applicant", _("Søker (Å–A)")),
    ("amount", _("Omsøkt beløp (lavest først)")),
    ("-amount", _("Omsøkt beløp (høyest først)")),
    ("status", _("Status (i saksgangen)")),
    ("-status", _("Status (baklengs)")),
]
# Statuses sort in the order of the workflow, not alphabetically.
STATUS_ORDER = Case(
    *[When(status=value, then=Value(index)) for index, value in enumerate(S.values)],
    output_field=IntegerField(),
)


class InboxFilter(django_filters.FilterSet):
    """The inbox's filters for one round. Choices of municipality and FSU come from the round's
    helsefellesskap. Filters on many-to-many relations use `pk__in` subqueries, so an
    application never appears twice."""

    q = django_filters.CharFilter(
        label=_("Søk i teksten"),
        method="filter_text",
        max_length=200,
        help_text=_("Prosjektnavn, beskrivelse, nytte, formål og søker."),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[(s.value, s.label) for s in SUBMITTED_STATUSES], empty_label=_("Alle")
    )
    # The choices of these four are set per round in __init__, read together (choice_lists).
    municipality = django_filters.ChoiceFilter(
        label=_("Kommune"), choices=[], method="filter_municipality", empty_label=_("Alle")
    )
    priority_group = django_filters.ChoiceFilter(
        label=_("Prioritert pasientgruppe"), choices=[], method="filter_priority_group", empty_label=_("Alle")
    )
    focus_area = django_filters.ChoiceFilter(
        label=_("Innsatsområde"), choices=[], method="filter_focus_area", empty_label=_("Alle")
    )
    fsu = django_filters.ChoiceFilter(label=_("FSU"), choices=[], empty_label=_("Alle"))
    continuation = django_filters.ChoiceFilter(
        label=_("Ny eller videreføring"),
        choices=[(NEW, _("Ny")), (CONTINUATION, _("Videreføring"))],
        method="filter_continuation",
        empty_label=_("Alle"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sorter etter"), choices=SORT_CHOICES, method="sort_by", empty_label=None
    )

    class Meta:
        model = Application
        fields: list[str] = []

    def __init__(self, data=None, *, round: Round, **kwargs):
        super().__init__(data, queryset=inbox_queryset(round), **kwargs)
        self.round = round
        community = round.health_community_id
        choices = lazy_choice_lists(
            municipality=Organisation.objects.filter(
                kind=Organisation.Kind.MUNICIPALITY, health_community=community
            ).order_by("name"),
            priority_group=PriorityGroup.objects.all(),
            focus_area=FocusArea.objects.all(),
            fsu=Committee.objects.filter(kind=Committee.Kind.FSU, health_community=community).order_by(
                "name"
            ),
        )
        for name, options in choices.items():
            self.filters[name].extra["choices"] = options

    @property
    def applications(self):
        """The filtered list; if any filter input is invalid, the whole round, unfiltered (the
        form shows what was wrong)."""
        if self.is_bound and not self.is_valid():
            return self.queryset
        return self.qs

    def filter_text(self, queryset, name, value):
        for word in value.split()[:MAX_SEARCH_WORDS]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(expected_benefits__icontains=word)
                | Q(purpose_fit__icontains=word)
                | Q(lead_organisation__name__icontains=word)
            )
        return queryset

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(
            pk__in=Application.objects.filter(participating_municipalities=value).values("pk")
        )

    def filter_priority_group(self, queryset, name, value):
        return queryset.filter(pk__in=Application.objects.filter(priority_groups=value).values("pk"))

    def filter_focus_area(self, queryset, name, value):
        return queryset.filter(pk__in=Application.objects.filter(focus_areas=value).values("pk"))

    def filter_continuation(self, queryset, name, value):
        return queryset.filter(is_continuation=value == CONTINUATION)

    def sort_by(self, queryset, name, value):
        if value.lstrip("-") == "status":
            queryset = queryset.alias(status_order=STATUS_ORDER)
        return queryset.order_by(*SORTS[value])


# --- Export ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxRow:
    reference: str
    title: str
    applicant: str
    municipalities: str
    hospital_trust: str
    status: str
    kind: str
    fsu: str
    priority_groups: str
    focus_areas: str
    amount_applied_nok: int | None
    submitted_at: dt.datetime | None  # Oslo wall-clock time, without tzinfo (spreadsheets have none)


COLUMNS = [
    (_("Referanse"), 12),
    (_("Prosjekt"), 50),
    (_("Søker"), 28),
    (_("Deltakende kommuner"), 36),
    (_("Helseforetak"), 26),
    (_("Status"), 18),
    (_("Ny/videreføring"), 16),
    (_("FSU"), 30),
    (_("Prioriterte pasientgrupper"), 40),
    (_("Innsatsområder"), 40),
    (_("Omsøkt beløp"), 16),
    (_("Sendt inn"), 17),
]
AMOUNT_COLUMN = 11  # 1-based, as spreadsheets count
SUBMITTED_COLUMN = 12
DATETIME_FORMAT = "%d.%m.%Y %H:%M"


def _names(objects) -> str:
    return ", ".join(str(o) for o in objects)


def inbox_rows(queryset) -> list[InboxRow]:
    """One row per application, in the queryset's order, in a fixed number of queries."""
    applications = queryset.select_related(
        "round", "lead_organisation", "hospital_trust", "fsu"
    ).prefetch_related("participating_municipalities", "priority_groups", "focus_areas")
    return [
        InboxRow(
            reference=a.reference,
            title=a.title,
            applicant=a.lead_organisation.name,
            municipalities=_names(a.participating_municipalities.all()),
            hospital_trust=a.hospital_trust.name if a.hospital_trust else "",
            status=str(a.get_status_display()),
            kind=gettext_now("Videreføring") if a.is_continuation else gettext_now("Ny"),
            fsu=a.fsu.name if a.fsu else "",
            priority_groups=_names(a.priority_groups.all()),
            focus_areas=_names(a.focus_areas.all()),
            amount_applied_nok=a.amount_applied_nok,
            submitted_at=(
                timezone.localtime(a.last_submitted_at, OSLO).replace(tzinfo=None)
                if a.last_submitted_at
                else None
            ),
        )
        for a in applications
    ]


# Text that a spreadsheet would run as a formula (CSV/formula injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_csv(rows: list[InboxRow]) -> bytes:
    """UTF-8 with a byte order mark and semicolons, which Norwegian Excel opens as columns;
    amounts as plain integers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(label) for label, _width in COLUMNS])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in astuple(row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(rows: list[InboxRow]) -> bytes:
    """One sheet: a bold header row, one row per application, and a totals row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = gettext_now("Søknader")
    bold = Font(bold=True)
    for column, (label, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=column, value=str(label))
        cell.font = bold
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(astuple(row), start=1):
            cell = sheet.cell(row=row_number, column=column)
            if isinstance(value, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                # openpyxl stores text starting with "=" as a formula; applicants' text is text.
                cell.data_type = "s"
            else:
                cell.value = value
            cell.alignment = Alignment(vertical="top", wrap_text=column != AMOUNT_COLUMN)
        sheet.cell(row=row_number, column=AMOUNT_COLUMN).number_format = "#,##0"
        sheet.cell(row=row_number, column=SUBMITTED_COLUMN).number_format = "dd.mm.yyyy hh:mm"
    total_row = len(rows) + 2
    label = sheet.cell(row=total_row, column=1, value=gettext_now("Sum"))
    count = sheet.cell(
        row=total_row,
        column=2,
        value=ngettext("%(count)d søknad", "%(count)d søknader", len(rows)) % {"count": len(rows)},
    )
    total = sheet.cell(
        row=total_row,
        column=AMOUNT_COLUMN,
        value=sum(row.amount_applied_nok or 0 for row in rows),
    )
    # Stored as "#,##0": file formats are locale-independent; Norwegian Excel shows "4 657 500".
    total.number_format = "#,##0"
    for cell in (label, count, total):
        cell.font = bold
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
