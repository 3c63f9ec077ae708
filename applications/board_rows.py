"""The rows of the prioritisation board's two lists as HTML, built in Python: the same markup the
row template gave (board.js reads data-entry, data-title, data-rank, the order inputs, data-applied,
data-amount, data-cap-error, data-running and data-move), without a template pass per row and a
widget template per amount field, which made up most of the board's time: the board shows every
application of the round twice. Every value is escaped here as the template escaped it."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.form_html import escape as _escape
from core.form_html import text_input_html
from core.money import format_nok
from core.rows import pk_url


def board_rows(entries_by_list: dict[str, list], form, *, editable: bool) -> dict[str, SafeString]:
    """{list name: its <tr> rows} for the lists of the board ("regional", "local"), each entry
    in its list's order. The amount fields are the form's `<list>_<entry id>`."""
    drag_title = _escape(_("Dra for å flytte"))
    review_url = pk_url("applications:review")
    move_up, move_down = _("Flytt «%(title)s» opp"), _("Flytt «%(title)s» ned")
    shared = {}  # the application's cells, the same in both lists
    rows = {}
    for list_name, entries in entries_by_list.items():
        parts = []
        for position, entry in enumerate(entries, start=1):
            if entry.pk not in shared:
                application = entry.application
                title = _escape(application.title)
                applied = application.amount_applied_nok
                shared[entry.pk] = (
                    title,
                    f'<td>\n    <a href="{review_url(application.pk)}">'
                    f"{title}</a>\n"
                    f'    <div class="small text-body-secondary">'
                    f"{_escape(application.lead_organisation)} · "
                    f"{_escape(application.reference)}</div>\n  </td>\n"
                    f'  <td class="amount" data-applied="{applied or 0}">{format_nok(applied)}</td>\n',
                )
            title, application_cells = shared[entry.pk]
            parts.append(f'<tr data-entry="{entry.pk}" data-title="{title}">\n  <td class="text-nowrap">\n')
            if editable:
                parts.append(
                    f'    <span class="drag-handle" aria-hidden="true" title="{drag_title}">'
                    "&#x2807;&#x2807;</span>\n"
                )
            parts.append(
                f"    <span data-rank>{position}</span>\n"
                f'    <input type="hidden" name="{list_name}_order" value="{entry.pk}">\n  </td>\n'
                f'  {application_cells}  <td class="amount-cell">\n'
            )
            if editable:
                field = form[f"{list_name}_{entry.pk}"]
                field_id = field.auto_id
                parts.append(
                    f'    <label class="visually-hidden" for="{field_id}">'
                    f"{_escape(field.label)}</label>\n    {text_input_html(field)}\n"
                )
                parts.extend(
                    f'    <div class="invalid-feedback d-block" id="{field_id}-error">'
                    f"{_escape(error)}</div>\n"
                    for error in field.errors
                )
                parts.append(
                    f'    <div class="invalid-feedback" id="{field_id}-cap" data-cap-error '
                    'aria-live="polite"></div>\n'
                )
            else:
                parts.append(
                    f'    <span class="amount d-block">{format_nok(getattr(entry, f"{list_name}_nok"))}'
                    "</span>\n"
                )
            parts.append(
                "  </td>\n"
                f'  <td class="amount" data-running>'
                f"{format_nok(getattr(entry, f'{list_name}_running_nok'))}</td>\n"
            )
            if editable:
                parts.append('  <td class="text-nowrap">\n')
                for direction, arrow, label in (("up", "&uarr;", move_up), ("down", "&darr;", move_down)):
                    parts.append(
                        f'    <button type="submit" name="move" value="{list_name}:{entry.pk}:{direction}" '
                        f'class="btn btn-sm btn-outline-secondary" data-move="{direction}">\n'
                        f'      <span aria-hidden="true">{arrow}</span><span class="visually-hidden">'
                        f"{label % {'title': title}}</span>\n    </button>\n"
                    )
                parts.append("  </td>\n")
            parts.append("</tr>\n")
        rows[list_name] = mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)
    return rows
