"""The portfolio as an XLSX workbook, with the page's filters applied: the sheet «Portefølje» (one
row per project, the page's columns, amounts as numbers, a totals row with SUM formulas) and the
sheet «Per år» (granted money per year and pot, with totals). Reads only the built portfolio."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .portfolio import Portfolio

# File formats are locale-independent; Norwegian Excel shows this as «kr 4 657 000».
KR_FORMAT = '"kr" #,##0'
DATE_FORMAT = "dd.mm.yyyy"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text(cell, value: str) -> None:
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.data_type = "s"  # never a formula, whatever was typed


def _header(sheet, columns: list[tuple[str, int]]) -> None:
    bold = Font(bold=True)
    for column, (label, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=column, value=str(label))
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def _amount(cell, value: int | None, *, bold: bool = False) -> None:
    cell.value = value
    cell.number_format = KR_FORMAT
    cell.alignment = Alignment(horizontal="right", vertical="top")
    if bold:
        cell.font = Font(bold=True)


def _sum_row(sheet, *, line: int, first: int, columns: range, values: list[int]) -> None:
    """A bold totals row: a SUM formula over the rows above for each amount column when there are
    rows, else the value itself."""
    for column, value in zip(columns, values, strict=True):
        letter = get_column_letter(column)
        cell = sheet.cell(row=line, column=column)
        _amount(cell, f"=SUM({letter}{first}:{letter}{line - 1})" if line > first else value, bold=True)


def portfolio_xlsx(portfolio: Portfolio, *, title: str) -> bytes:
    workbook = Workbook()
    workbook.properties.title = title
    workbook.properties.language = "nb-NO"
    bold = Font(bold=True)
    top = Alignment(vertical="top", wrap_text=True)

    # «Portefølje»: one row per project.
    sheet = workbook.active
    sheet.title = _("Portefølje")
    columns = [
        (_("Prosjekt"), 50),
        (_("Tilskuddsår"), 11),
        (_("Søker"), 28),
        (_("Deltakende kommuner"), 34),
        (_("Potter"), 18),
        (_("Innsatsområder"), 36),
        (_("Prioriterte pasientgrupper"), 36),
        *[(_("%(year)s (kr)") % {"year": year}, 15) for year in portfolio.years],
        (_("Sum (kr)"), 16),
        (_("Fra"), 12),
        (_("Til"), 12),
        (_("Status"), 12),
    ]
    _header(sheet, columns)
    first_amount = 8
    sum_column = first_amount + len(portfolio.years)
    line = 1
    for row in portfolio.rows:
        line += 1
        project = row.project
        _text(sheet.cell(row=line, column=1), project.title)
        sheet.cell(row=line, column=2, value=row.grant_year)
        for column, value in (
            (3, row.lead_organisation),
            (4, ", ".join(row.municipalities)),
            (5, ", ".join(row.pots)),
            (6, ", ".join(row.focus_areas)),
            (7, ", ".join(row.priority_groups)),
        ):
            _text(sheet.cell(row=line, column=column), value)
        for offset, amount in enumerate(row.amounts):
            _amount(sheet.cell(row=line, column=first_amount + offset), amount)
        _amount(sheet.cell(row=line, column=sum_column), row.total_nok)
        for column, day in ((sum_column + 1, project.starts_on), (sum_column + 2, project.ends_on)):
            sheet.cell(row=line, column=column, value=day).number_format = DATE_FORMAT
        _text(sheet.cell(row=line, column=sum_column + 3), row.health_label)
        for column in range(1, sum_column + 4):
            if not first_amount <= column <= sum_column:
                sheet.cell(row=line, column=column).alignment = top
    line += 1
    sheet.cell(row=line, column=1, value=_("Sum")).font = bold
    count = sheet.cell(
        row=line,
        column=3,
        value=ngettext("%(count)d prosjekt", "%(count)d prosjekter", portfolio.count)
        % {"count": portfolio.count},
    )
    count.font = bold
    _sum_row(
        sheet,
        line=line,
        first=2,
        columns=range(first_amount, sum_column + 1),
        values=[*portfolio.totals_by_year, portfolio.total_nok],
    )

    # «Per år»: year × pot.
    per_year = workbook.create_sheet(_("Per år"))
    pot_columns = [(_("%(pot)s (kr)") % {"pot": label}, 20) for _value, label in portfolio.pots]
    _header(per_year, [(_("År"), 10), *pot_columns, (_("Sum (kr)"), 18)])
    total_column = 2 + len(portfolio.pots)
    line = 1
    for year_row in portfolio.per_year:
        line += 1
        per_year.cell(row=line, column=1, value=year_row.year)
        for offset, amount in enumerate(year_row.by_pot):
            _amount(per_year.cell(row=line, column=2 + offset), amount)
        _amount(per_year.cell(row=line, column=total_column), year_row.total_nok)
    line += 1
    per_year.cell(row=line, column=1, value=_("Sum")).font = bold
    _sum_row(
        per_year,
        line=line,
        first=2,
        columns=range(2, total_column + 1),
        values=[*portfolio.totals_by_pot, portfolio.total_nok],
    )

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
