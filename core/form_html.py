"""Filter forms as HTML, built in Python: the same markup as crispy-forms' bootstrap5
`as_crispy_field` (wrapper, label, widget with its classes and aria attributes, errors, help text),
without a template per field, per select and per option, which made up much of the time of the
pages with big filter forms (the secretariat's inbox, the portfolio).
The widget's own `get_context` still decides the attributes (id, aria-describedby, aria-invalid,
maxlength) and which option is selected; only the text is put together here."""

from __future__ import annotations

import html

from django import forms
from django.utils.safestring import SafeString, mark_safe

WIDE_FIELDS = {"q"}
WIDE = "col-12 col-lg-6"
NARROW = "col-12 col-sm-6 col-lg-3"


def escape(value) -> str:
    """As conditional_escape (the template's autoescape), without a SafeString per value."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def attrs_html(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: in order, True as a bare name, False left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _select(widget: dict) -> str:
    """As django/forms/widgets/select.html and select_option.html."""
    parts = [f'<select name="{escape(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escape(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{escape(str(option["value"]))}"'
                f"{attrs_html(option['attrs'])}>{escape(option['label'])}</option>"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def input_html(widget: dict) -> str:
    """As django/forms/widgets/input.html."""
    value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
    kind, name = escape(widget["type"]), escape(widget["name"])
    return f'<input type="{kind}" name="{name}"{value}{attrs_html(widget["attrs"])}>'


def text_input_html(field: forms.BoundField) -> str:
    """An <input> field as BoundField.as_widget renders it (the widget's attributes in order, then
    the bound field's own: aria-invalid, required …, then the id), without the widget's
    get_context, which copies its attributes: for boards with a hundred inputs."""
    widget = field.field.widget
    attrs = {**widget.attrs, **field.build_widget_attrs({}, widget)}
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    value = widget.format_value(field.value())
    return input_html({"type": widget.input_type, "name": field.html_name, "value": value, "attrs": attrs})


def _widget(field: forms.BoundField) -> str:
    """The widget with crispy's classes: its own class name, then the Bootstrap class, then
    is-invalid when the field has errors (as crispy_field does)."""
    widget = field.field.widget
    is_select = isinstance(widget, forms.Select)
    if not (is_select or type(widget) in (forms.TextInput, forms.NumberInput, forms.DateInput)):
        raise TypeError(f"form_html cannot render {type(widget).__name__}")
    class_name = type(widget).__name__.lower()
    classes = widget.attrs.get("class", "").split() or [class_name]
    if class_name not in classes:
        classes.append(class_name)
    classes.append("form-select" if is_select else "form-control")
    if field.errors:
        classes.append("is-invalid")
    attrs = field.build_widget_attrs({"class": " ".join(classes)}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    if is_select and not widget.allow_multiple_selected:
        return _single_select(widget, field.html_name, field.value(), attrs)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    return _select(context) if is_select else input_html(context)


def _single_select(widget: forms.Select, name: str, value, attrs: dict) -> str:
    """A single select without get_context: Select.optgroups() builds a dict with copied
    attributes for every option, which was most of the time of a filter form with long lists.
    Selected as Select does it: the first option whose value, as text, is the field's."""
    values = widget.format_value(value)
    select_attrs = attrs_html(widget.build_attrs(widget.attrs, attrs))
    parts = [f'<select name="{escape(name)}"{select_attrs}>']
    found = False
    for option_value, option_label in widget.choices:
        if isinstance(option_label, (list, tuple)):  # an optgroup: the general path
            return _select(widget.get_context(name, value, attrs)["widget"])
        text = "" if option_value is None else str(option_value)
        selected = not found and text in values
        found = found or selected
        parts.append(
            f'\n  <option value="{escape(text)}"{" selected" if selected else ""}>'
            f"{escape(option_label)}</option>"
        )
    parts.append("\n</select>")
    return "".join(parts)


def field_html(field: forms.BoundField) -> SafeString:
    """One field as bootstrap5/field.html renders it for as_crispy_field."""
    required = " requiredField" if field.field.required else ""
    asterisk = '<span class="asteriskField">*</span>' if field.field.required else ""
    parts = [f'<div id="div_{field.auto_id}" class="mb-3">']
    if field.label:
        parts.append(
            f'<label for="{field.id_for_label}" class="form-label{required}">'
            f"{escape(field.label)}{asterisk}</label>"
        )
    parts.append(_widget(field))
    if field.errors:
        parts.append(f'<div id="{field.auto_id}_error" class="invalid-feedback">')
        parts.extend(
            f'<p id="error_{number}_{field.auto_id}"><strong>{escape(error)}</strong></p>'
            for number, error in enumerate(field.errors, start=1)
        )
        parts.append("</div>")
    if field.help_text:
        # crispy marks help text safe; ours is our own translated text.
        parts.append(f'<div id="{field.auto_id}_helptext" class="form-text">{field.help_text}</div>')
    parts.append("</div>")
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)


def filter_fields(form: forms.Form) -> list[dict]:
    """The form's fields in order, each with its column classes and its HTML."""
    return [
        {"name": field.name, "col": WIDE if field.name in WIDE_FIELDS else NARROW, "html": field_html(field)}
        for field in form
    ]
